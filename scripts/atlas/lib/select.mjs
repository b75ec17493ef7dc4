// Selection rules: which source regions are "gateway territory" (every message-like string there is kept),
// which strings elsewhere are kept by content, and how a kept string gets its topic.
// Documented in knowledge/atlas/README.md — keep the two in step.
import { literalOf } from './pattern.mjs';

/**
 * Tier A — source regions whose every message-like string is kept. Paths are repo paths as in //#region
 * (src/..., packages/..., ui/...). The gateway's own feature areas that are not about reaching it
 * (sessions, chat, cron, GitHub, talk, MCP, ...) are tier B instead.
 */
export const REGION_INCLUDE = [
  /^src\/gateway\/(?!server-methods\/|worker-environments\/|session|github|talk|agent-turn\/|agent[.-]|desktop\/|terminal\/|mcp|chat|board|conversation|assistant|cron|openai|openresponses|question|exec|tools?[.-/]|task|skill|model|mention|hooks|embeddings|workspace|transcript|subagent|standing|project|progress|artifact|human|input|events?[.-]|tool|portals\/|managed|approval|presence|plugin|channel|live|known|scheduled|web[.-]|watch|user|current|applied|derive|explicit|expected|lazy|active|edge|hosted|ingress|internal|message|method|models|provider|recovery|resolve|role|subagent|system|transport|open[.-]|in[.-])/,
  /^packages\/gateway-client\//,
  /^packages\/gateway-protocol\/src\/(connect-error|error|frame|protocol-validator|client-info|gateway-error|restart|schema\/(frames|error-codes|devices|connect))/,
  /^src\/daemon\//,
  /^src\/pairing\//,
  /(^|\/)tailscale[^/]*(\/|\.ts$)/,
  /(^|\/)tls[^/]*(\/|\.ts$)/,
  /^src\/secrets\/(?!configure)/,
  /^src\/node-host\/(?!invoke)/,
  /^src\/cli\/(gateway|daemon|devices|pairing|doctor|health|status|dashboard|node-|node\/|qr|service|run-main|program|banner|ports?|argv|profile)/,
  /^src\/commands\/(gateway|health|status|dashboard|daemon|node-|devices|pairing|service|reset|uninstall|doctor\.ts|doctor-(gateway|auth-token|config-(flow|analysis|preflight\.ts|preflight-startup)|service|daemon|security|tailscale|device|platform|startup|lint|foreign-launchd|node-hosting|secret|web-fetch-proxy|state-integrity|ui|format|prompter|repair-mode|maintenance-stale-service|post-upgrade|stale-runtime|install\.ts))/,
  /^src\/commands\/doctor\/(finalize-config|legacy-config-repair|emit-notes|shared\/(legacy-config-migrations\.runtime\.gateway|automatic-startup|pristine-startup|legacy-config-issues|hooks-token))/,
  /^src\/flows\/doctor-(config-validation|health|gateway|lint|service)/,
  /^src\/config\/(zod-schema|validation|io[.-]|io\.ts|legacy\.ts|legacy\.shared|includes|env|paths|config-paths|defaults|port-defaults|gateway|issue|future-version|redact-sentinel|runtime-overrides|config-write-guard|types\.gateway|config\.ts|schema\.ts)/,
  /^src\/infra\/(ports?[.-]|gateway|lock|restart|supervisor|respawn|process-respawn|tls|tailscale|tailnet|bonjour|mdns|device|pairing|ws[.-]|net\/|bind|listen|origin|proxy|dotenv|env|shell-env|runtime-guard|errors|unhandled|systemd|launchd|schtasks|wsl|windows|service|node-pairing|openclaw-root|home-dir|path-env|control-ui)/,
  /^src\/(entry[^/]*|index|runtime|version)\.ts$/,
  /^src\/macos\//,
];

/**
 * Tier B — regions where a message-like string is kept when it speaks of connecting, auth, services,
 * ports, config, ... (MEDIUM_CONTENT): the rest of src/gateway, src/commands, src/cli, src/config,
 * src/infra, src/security, src/process, src/wizard, src/flows, packages/gateway-protocol, the Control UI.
 */
export const REGION_MEDIUM = [
  /^src\/(gateway|commands|cli|config|infra|security|process|wizard|flows|secrets|node-host|onboard|setup)\/(?!sessions\/)/,
  /^packages\/gateway-protocol\//,
  /^ui[:/]/,
];

/** Regions never kept even by content: third-party code (except the few libraries whose texts users see). */
export const REGION_EXCLUDE = [
  // config field help/labels are documentation of every key, not messages
  /^src\/config\/schema\.(help|labels|gateway-labels|channel-field-help|field-metadata|hints)/,
  /\.generated\.ts$/,
  // command descriptors: --help text
  /^src\/cli\/program\/(core-command-descriptors|subcli-descriptors|help)\.ts$/,
  /^node_modules\/(?!\.pnpm\/(zod|ajv|ws)@)/, /^node_modules\/\.pnpm\/[^/]+\/node_modules\/(?!(zod|ajv|ws)\/)/];

/** Third-party regions whose messages users see verbatim (validation formats, WebSocket client errors). */
export const LIB_INCLUDE = [
  // zod: English error-map formats ("Invalid input: expected string, received number"), ZodError text
  /^node_modules\/\.pnpm\/zod@[^/]+\/node_modules\/zod\/(v4\/locales\/en|v4\/core\/(errors|util)|v3\/(locales\/en|ZodError))/,
  // ajv: vocabulary error messages (`must have required property '${missingProperty}'`)
  /^node_modules\/\.pnpm\/ajv@[^/]+\/node_modules\/ajv\/(dist|lib)\/vocabularies\//,
  // ws: client/server errors ("Unexpected server response: 502", "Invalid WebSocket frame: ...")
  /^node_modules\/\.pnpm\/ws@[^/]+\/node_modules\/ws\/lib\/(websocket|receiver|sender|websocket-server)\.js$/,
];

/**
 * Content keywords that keep a string from ANY non-excluded region (tier B). OpenClaw-specific on purpose:
 * plain "token" or "gateway" also mean LLM tokens and Discord/Slack gateways.
 */
export const STRONG_CONTENT =
  /\b(openclaw (gateway|doctor|setup|onboard|status|health|devices|pairing|dashboard|configure|node)|gateway\.(auth|bind|mode|port|remote|tls|tailscale|controlUi|trustedProxies|http)|gateway (token|password|auth|closed|connect|timeout|service|bind|lock|port|start|restart|stop|is not running|not running|unreachable|already running|process|url|target|mode|host)|control ui|device identity|pairing required|device token|trustedProxies|allowedOrigins|allowInsecureAuth|dangerouslyDisableDeviceAuth|secure context|EADDRINUSE|address already in use|already (in use|running|listening)|systemd|systemctl|launchd|launchctl|launchagent|schtasks|scheduled task|lingering|loginctl|tailscale|ws:\/\/|wss:\/\/|websocket|18789|OPENCLAW_GATEWAY_\w+|secretref|allow-unconfigured|refusing to bind|loopback)/i;

/** Tier-B content keywords (word-bounded): what a connection, auth, service or startup message talks about. */
export const CONNECT_CONTENT =
  /\b(gateway|websocket|wss?:\/\/|handshake|unauthori[sz]ed|auth(entication|enticate|orization|orize|orized)?|tokens? (mismatch|missing|invalid|expired|required|rejected)|(gateway|device|shared|auth|bootstrap|setup) (token|password)|password|pair(ing|ed)?|device (identity|token|auth|signature)|origin|secure context|https|insecure|tailscale|tailnet|proxy|proxies|tls|certificate|rate.?limit(ed)?|too many|disconnect(ed|ion)?|reconnect(ing|ed)?|connection (refused|lost|closed|failed|interrupted|timed out|reset|error)|(could not|cannot|can't|failed to|unable to) (connect|reach)|connect(ion)? (failed|timeout|error)|not reachable|unreachable|offline|restart(ing)? (the )?(gateway|service)|port|bind|loopback|lan|listen(ing)?|service (manager|unit|install|is|not|failed|disabled|stopped|running)|daemon|systemd|systemctl|launchd|launchctl|launch ?agent|schtasks|scheduled task|lingering|wsl2?|EADDRINUSE|address (already )?in use|lock(ed|file)?|already running|(invalid|missing|unknown) config|config(uration)? (invalid|error|file|path|missing|validation|is invalid)|openclaw\.json|secret ?ref|secrets?|env(ironment)? var(iable)?|doctor|health ?check|exit code|close code|control ui|dashboard)\b/i;

/** UI i18n key paths that are kept whatever their text. */
export const UI_KEY_CONTENT =
  /(^|\.)(connection|connect|gateway|auth|login|pairing|pair|token|password|disconnect|offline|reconnect|origin|insecure|secure|tls|proxy|tailscale|restart)[A-Za-z]*(\.|$)/i;

export function regionIncluded(path) {
  return REGION_INCLUDE.some((r) => r.test(path));
}
export function regionMedium(path) {
  return REGION_MEDIUM.some((r) => r.test(path));
}
export function regionExcluded(path) {
  if (LIB_INCLUDE.some((r) => r.test(path))) return false;
  return REGION_EXCLUDE.some((r) => r.test(path));
}
export function regionIsLib(path) {
  return LIB_INCLUDE.some((r) => r.test(path));
}
export function regionIsExtension(path) {
  return /^extensions\//.test(path);
}

/** Message-likeness: enough literal words, not code, SQL, CSS, markup or a path. */
export function isMessageLike(text, { allowCjk = false } = {}) {
  const lit = literalOf(text).trim();
  if (lit.length < 6) return false;
  const cjk = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(lit);
  if (!/[A-Za-z]{2,}/.test(lit) && !(allowCjk && cjk)) return false;
  const words = lit.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w));
  if (words.length < 2 && !(allowCjk && cjk)) return false;
  if (/^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT)\b/i.test(lit) && /\b(FROM|INTO|TABLE|SET|INDEX|WHERE|VALUES|TRANSACTION)\b/i.test(lit)) return false;
  if (/^\s*[@.#:]?[\w-]+(\s*[>,+~]\s*[.#]?[\w-]+)*\s*\{/.test(lit) && /[;:]/.test(lit)) return false; // css
  if (/^\s*<[a-z!/]/i.test(lit) && /<\/?[a-z][^>]*>/i.test(lit)) return false; // markup
  if (/\b(function|return|const|let|var)\b[^\n]*[;{}=]/.test(lit) && /[{};]/.test(lit)) return false; // code
  if (/^(use strict|use client)$/.test(lit)) return false;
  if (/^#!/.test(lit)) return false; // shell scripts
  if (/^\/.+\/[dgimsuy]*$/.test(text.trim())) return false; // a regex literal shown as text
  if (/-ErrorAction |\bGet-[A-Z]\w+ -|\$\w+ = @\(|%DATE%|2>&1|\|\s*Select-Object|^\s*(if|for|set|echo|exec|sleep|cd|export)\s.*(;|&&|\|\|)/.test(lit)) return false; // shell/PowerShell/batch
  const lw = lit.split(/\s+/).filter(Boolean);
  if (lw.length >= 15 && lw.every((w) => /^[a-z_]+$/.test(w))) return false; // keyword lists (syntax highlighters)
  if (/^[\w@./:-]+( [\w@./:-]+)?$/.test(lit) && /[/.]/.test(lit) && !/\s\w+\s/.test(lit) && words.length < 3) return false; // paths/urls
  if (/^\^|\\[dswb]|\(\?[:=!]/.test(lit)) return false; // regex source
  if (/^[\w-]+=[\w-]*$/.test(lit)) return false;
  if (/^(--?[\w-]+(,\s*)?)+(\s*<[\w-]+>|\s*\[[\w-]+\])?$/.test(lit)) return false; // commander flag spec
  const letters = (lit.match(/[A-Za-z\u3400-\u9fff]/g) || []).length;
  if (letters / lit.length < 0.45) return false;
  return true;
}

/** Topic by content (first match wins), with the region as tie-breaker. */
const TOPIC_RULES = [
  ['rate-limit', /(rate.?limit|too many (failed|unauthori|attempt|request|connection)|retry.?after|\b429\b|repeated unauthorized)/i],
  ['tailscale', /tailscale|tailnet|\bserve\b.*\bfunnel|\bfunnel\b/i],
  ['origin', /\borigin\b|allowedOrigins|host.header/i],
  ['proxy', /proxy|x-forwarded|forwarded.for|trustedProxies|cloudflare access/i],
  ['tls', /\btls\b|https|wss:|certificate|\bcert\b|fingerprint|secure context|self.signed|plaintext ws/i],
  ['pairing', /pair(ing|ed)?\b|setup code|bootstrap.token|re-?approve|approve(d)? (this|the)? ?device/i],
  ['device', /device (identity|token|signature|nonce|auth|public key|removed|id)|DEVICE_/i],
  ['auth', /unauthori[sz]ed|\bauth\b|auth\.|authenticat|\btoken\b|password|secretref|secret ref|credential|\bsecret/i],
  ['port', /EADDRINUSE|address already in use|\bport\b|already listening|listen(ing)? on/i],
  ['lock', /\block\b|lockfile|\.lock\b|already running|another gateway|pid ?file|stale pid/i],
  ['service', /systemd|systemctl|launchd|launchctl|launchagent|\bplist\b|schtasks|scheduled task|windows service|\bwsl\b|lingering|loginctl|\bunit\b|start-limit|\bservice\b|daemon|supervisor|\bpm2\b|container|docker|restart loop/i],
  ['startup', /refusing to|gateway\.mode|allow-unconfigured|missing config|\bbind\b|start(ing|ed)? (the )?gateway|gateway (start|failed to start|exit)|exit(ing)? with code|startup/i],
  ['config', /config|\.json5?\b|schema|invalid (input|option|value|type)|expected .* received|unrecognized key|must (be|have|NOT|match|equal)|required property|validation/i],
  ['protocol', /protocol|frame|handshake|payload|close (code|reason)|closed \(|tick|heartbeat|websocket|\bws\b|invalid request|client version|abnormal closure|slow consumer/i],
];

export function topicFor(text, file, kind) {
  if (kind === 'doctor-check') return 'doctor';
  const lit = literalOf(text);
  for (const [topic, re] of TOPIC_RULES) if (re.test(lit)) return topic;
  if (/doctor/i.test(file)) return 'doctor';
  if (/^ui\/|^ui:/.test(file)) return 'control-ui';
  if (/status|health/i.test(file)) return 'status';
  if (/^src\/(cli|commands)\//.test(file)) return 'cli';
  if (/^src\/daemon\//.test(file)) return 'service';
  if (/^src\/config\//.test(file) || /zod|ajv/.test(file)) return 'config';
  if (/^(src\/gateway|packages\/gateway)/.test(file)) return 'protocol';
  return 'other';
}

/** A short templated message such as `disconnected (${code}): ${reason}`: one long word around holes. */
export function isShortHoleMessage(text) {
  if (!text.includes('${')) return false;
  const lit = literalOf(text).trim();
  if (lit.replace(/\s+/g, '').length < 8) return false;
  return /[A-Za-z]{6,}/.test(lit) && !/^[\w.-]+$/.test(lit.replace(/\s+/g, ''));
}
