// Structured facts from pasted lines: close codes and reasons, error/detail codes, request ids,
// OpenClaw versions, URLs, hosts, ports and container hints, each with its line number.
import type { PasteEndpoint, PasteFacts } from '../../types.js';
import { classifyHost, isSecureContextUrl, stripBrackets } from '../../shared/net/hosts.js';
import { normalizeVersion } from '../../shared/version/calver.js';

export type Extracted = Pick<PasteFacts, 'closes' | 'codes' | 'requestIds' | 'versions' | 'urls' | 'hosts' | 'ports' | 'containerHints'> & { endpoints: PasteEndpoint[] };

export function emptyExtracted(): Extracted {
  return { closes: [], codes: [], requestIds: [], versions: [], urls: [], hosts: [], ports: [], containerHints: [], endpoints: [] };
}

/** Cap per list so a log with a million identical errors stays small. */
const MAX_PER_LIST = 200;

const WS_CODES = '1000|1001|1002|1005|1006|1008|1009|1011|1012|1013|4001|4008';
export const CLOSE_PATTERNS: RegExp[] = [
  // disconnected (1008): reason | gateway closed (1006 abnormal closure (no close frame)): no close reason
  // Text inside the parentheses is bounded and holds no parenthesis but the one nested pair: with
  // `[^)]*` every `(1008` on a line without a `)` scanned to the line's end (a 60 KB line of
  // `(1008 ` cost 2 s); now a start stops at the next parenthesis. The corpora's longest is 34. The
  // reason runs to the line's end (or a line separator inside it) with no `$` to fail: `(.*)$` made
  // every start before a `\r` scan to it and back.
  new RegExp(`\\((${WS_CODES})(?:\\s[^()]{0,120}\\([^()]{0,120}\\))?[^()]{0,120}\\)\\s{0,16}:\\s{0,16}(.{0,4096})`),
  // code=1008 reason=pairing required
  new RegExp(`\\bcode[=:]\\s{0,32}"?(${WS_CODES})"?[,\\s]{1,32}reason[=:]\\s{0,32}"?([^"]{0,4096})"?`),
  // (code: 1008, reason: "device identity required")
  new RegExp(`code:\\s{0,32}(${WS_CODES}),\\s{0,32}reason:\\s{0,32}"([^"]{0,4096})"`),
  // "code": 1008, "reason": "…" on one line
  new RegExp(`"code"\\s{0,32}:\\s{0,32}(${WS_CODES})\\s{0,32},\\s{0,32}"reason"\\s{0,32}:\\s{0,32}"([^"]{0,4096})"`),
  // Error 1008, pairing required | 1008: pairing required
  new RegExp(`\\b(?:error|code|ws|websocket)?\\s{0,32}(${WS_CODES})\\s{0,32}[:,]\\s{0,32}([a-z][^.;]{2,120})`, 'i'),
];

const CODE_RE =
  /\b(NOT_PAIRED|INVALID_REQUEST|UNAVAILABLE|PAIRING_REQUIRED|PROTOCOL_MISMATCH|CLIENT_VERSION_MISMATCH|(?:AUTH|DEVICE|CONTROL_UI|DEVICE_AUTH)_[A-Z][A-Z_]{1,64})\b|\b(token_mismatch|token_missing|token_missing_config|password_mismatch|password_missing|device_token_mismatch|rate_limited|proxy_attribution_required|trusted_proxy_[a-z_]{1,64})\b|\bcause[=:]\s{0,32}"?([a-z]{1,32}-[a-z]{1,32}(?:-[a-z]{1,32}){0,7})/g;

const REQUEST_ID_RE = /\brequest[ _-]?id["']?\s{0,32}[:=]\s{0,32}["']?([0-9a-zA-Z][0-9a-zA-Z_-]{5,80})|\bdevices approve\s{1,32}([0-9a-f]{8}-[0-9a-f-]{27,64})/gi;

const VERSION_RE = /(?:\bopenclaw(?:@|\s{1,32}v?|\sversion\s{1,32}|\/)|\bv(?=20\d\d\.)|\bversion[:=\s]{1,32}v?|\b)(20\d\d\.\d{1,2}\.\d{1,2}(?:-(?:\d{1,8}|(?:alpha|beta|rc)\.?\d{0,8}))?)(?!\.{0,64}\d)/gi;

const URL_RE = /\b(wss?|https?):\/\/(\[[0-9a-fA-F:.]{1,64}\]|[A-Za-z0-9._~%-]{1,253})(?::(\d{1,5}))?([^\s"'<>)\]`]{0,4096})/g;
const IP_RE = /(?<![\d.])((?:25[0-5]|2[0-4]\d|1\d\d|\d{1,2})(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|\d{1,2})){3})(?!\.{0,64}\d)/g;
const PORT_RE = /\bport[\s:=]{1,32}(\d{2,5})\b|:(\d{4,5})\b/gi;

const CONTAINER_HINTS: Array<[string, RegExp]> = [
  ['docker', /\bdocker(?:[ -]compose)?\b|\bdockerfile\b|\bcompose\.ya?ml\b/i],
  ['podman', /\bpodman\b/i],
  ['kubernetes', /\bkubernetes\b|\bkubectl\b|\bk8s\b|\bhelm\b/i],
  ['container', /\bcontainers?\b|\u5bb9\u5668/i],
  ['docker-bridge-ip', /\b172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}\b/],
  ['docker-host-name', /\bhost\.docker\.internal\b/i],
  ['container-home', /\/home\/node\/\.openclaw|\/root\/\.openclaw|\/app\/\.openclaw/],
  ['compose-prefix', /^[a-z0-9][a-z0-9_.-]{0,128}[ \t]{1,32}\|\s/i],
  ['network-mode', /\bnetwork_mode\b/i],
  ['wsl', /\bwsl2?\b/i],
];

function push<T>(list: T[], item: T): void {
  if (list.length < MAX_PER_LIST) list.push(item);
}
/** A list `push` still adds to. A full list's search is skipped: every match would be dropped (a long log fills hosts and ports early). */
const room = (list: unknown[]): boolean => list.length < MAX_PER_LIST;

const VERSION_GUARD = /20\d\d\.\d/;
const HAS_CLOSE_CODE = /\b(?:100[0-9]|101[0-3]|400[18])\b/;

export function extractLine(text: string, line: number, into: Extracted): void {
  // Cheap guards first: most lines of a big log have none of these.
  if (HAS_CLOSE_CODE.test(text)) extractClose(text, line, into);
  if (room(into.codes) && /[A-Z]_[A-Z]|_[a-z]|cause/.test(text)) {
    for (const m of text.matchAll(CODE_RE)) {
      const code = m[1] ?? m[2] ?? m[3];
      if (code) push(into.codes, { code, line });
    }
  }
  if (room(into.requestIds) && /request[ _-]?id|devices approve/i.test(text)) {
    for (const m of text.matchAll(REQUEST_ID_RE)) {
      const id = m[1] ?? m[2];
      if (id && !/^x{1,128}$/i.test(id)) push(into.requestIds, { id, line });
    }
  }
  // Every VERSION_RE match holds `20\d\d.\d` (its capture starts so); `includes('20')` let every timestamped line in.
  if (room(into.versions) && VERSION_GUARD.test(text)) extractVersions(text, line, into);
  if ((room(into.urls) || room(into.ports)) && text.includes('://')) extractUrls(text, line, into);
  if (room(into.hosts) && /\d\.\d{1,3}\.\d/.test(text)) {
    for (const m of text.matchAll(IP_RE)) push(into.hosts, { host: m[1]!, kind: classifyHost(m[1]!), line });
  }
  if (room(into.ports) && /\bport\b|:\d{4,5}\b/i.test(text)) {
    for (const m of text.matchAll(PORT_RE)) {
      const port = Number(m[1] ?? m[2]);
      if (port > 0 && port < 65536 && !into.ports.some((p) => p.port === port && p.line === line)) push(into.ports, { port, line });
    }
  }
  if (CONTAINER_GUARD.test(text)) {
    for (const [hint, re] of CONTAINER_HINTS) if (re.test(text)) push(into.containerHints, { hint, line });
  }
  if (ENDPOINT_GUARD.test(text)) extractEndpoints(text, line, into);
}

const HOST = String.raw`(\[[0-9a-fA-F:.]{2,45}\]|[A-Za-z0-9._~%-]{1,253})`;
const V1_PATHS = '(?:chat/completions|responses|models|embeddings)';
const NAMES_OPENCLAW = /\b(?:openclaw|clawdbot|moltbot)\b/i;

/** `re` only on a line that names OpenClaw (a second test, not a gap in the pattern: linear either way). */
function onOpenClawLine(re: RegExp): { exec(text: string): RegExpExecArray | null } {
  return { exec: (text) => (NAMES_OPENCLAW.test(text) ? re.exec(text) : null) };
}
/** An `ssh -L` forward from its whitespace before `-L`, tried at one position (sticky). */
const SSH_FORWARD_REST = new RegExp(String.raw`\s-L\s{0,2}(?:[A-Za-z0-9.]{1,64}:)?\d{1,5}:${HOST}:(\d{1,5})`, 'iy');

/**
 * Exactly `/\bssh\b[^\n]{0,120}\s-L\s{0,2}(?:[A-Za-z0-9.]{1,64}:)?\d{1,5}:HOST:(\d{1,5})/i` (same match, captures
 * and index; test/paste/ssh-forward.test.ts) without its gap walk: that regex ran 120 characters and back from every
 * `ssh` of a line (5.1–5.5 ms on a crafted 64 KiB line). The greedy gap takes the last `-L` within 120 characters
 * (no newline) after the first `ssh` whose forward then matches; here the forward is tried only where a `-L`
 * stands, once per position (its answer does not depend on which `ssh` came before), last first.
 */
export function sshForward(): { exec(text: string): RegExpExecArray | null } {
  return {
    exec(text: string): RegExpExecArray | null {
      // Candidates: the position before each `-L` / `-l`, where a forward's `\s` would stand (a printable ASCII
      // character there is never `\s`: skipped without running the regex).
      const at: number[] = [];
      for (let d = text.indexOf('-', 1); d !== -1; d = text.indexOf('-', d + 1)) {
        const c = text.charCodeAt(d - 1);
        if ((text.charCodeAt(d + 1) | 32) === 108 && !(c > 32 && c < 127)) at.push(d - 1);
      }
      if (!at.length) return null;
      // found[i]: the forward at at[i] (undefined: not tried); below[i]: the next candidate down still worth a
      // look (a failed one is skipped for good: its answer does not depend on the \`ssh\` before it).
      const found: Array<RegExpExecArray | null | undefined> = new Array(at.length);
      const below = Int32Array.from(at, (_, i) => i - 1);
      const top = (i: number): number => {
        let j = i;
        while (j >= 0 && found[j] === null) j = below[j]!;
        for (let k = i; k > j && found[k] === null; ) {
          const next = below[k]!;
          below[k] = j;
          k = next;
        }
        return j;
      };
      for (let w = sshWord(text, 0); w !== -1; w = sshWord(text, w + 3)) {
        const gap = w + 3;
        const nl = text.indexOf('\n', gap);
        const last = Math.min(gap + 120, nl === -1 ? Infinity : nl);
        let lo = 0;
        let hi = at.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (at[mid]! <= last) lo = mid + 1;
          else hi = mid;
        }
        for (let i = top(lo - 1); i >= 0 && at[i]! >= gap; i = top(i)) {
          if (found[i] === undefined) {
            SSH_FORWARD_REST.lastIndex = at[i]!;
            found[i] = SSH_FORWARD_REST.exec(text);
          }
          const r = found[i];
          if (r) return Object.assign([text.slice(w, r.index + r[0].length), r[1], r[2]], { index: w, input: text, groups: undefined }) as RegExpExecArray;
        }
      }
      return null;
    },
  };
}

/** The next `\bssh\b` (any case) at or after `from`, or -1. */
function sshWord(text: string, from: number): number {
  const word = (i: number) => {
    const c = text.charCodeAt(i);
    return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95;
  };
  for (let i = from; i + 3 <= text.length; i++) {
    if ((text.charCodeAt(i) | 32) !== 115 || (text.charCodeAt(i + 1) | 32) !== 115 || (text.charCodeAt(i + 2) | 32) !== 104) continue;
    if ((i === 0 || !word(i - 1)) && !word(i + 3)) return i;
  }
  return -1;
}

/**
 * Lines that say which port a client aims at, and which port the gateway listens on, as OpenClaw
 * prints them (src/gateway/connection-details.ts `Gateway target:`, daemon-cli/status.print.ts
 * `Probe target:` / `Gateway: bind=… port=…` / `CLI config resolves gateway port=…`,
 * server-startup-log.ts `listening on ws://host:port (PID n)`) or as the user typed the commands.
 */
// Each with words every match holds (lower case; the patterns are case-insensitive without `u`, so an
// ASCII letter matches only an ASCII letter): a pattern runs only on a line that holds all of them, and
// is compiled (V8 compiles a regex to machine code at its first run, ~75 µs each) only then. Same matches.
const ENDPOINT_PATTERNS: Array<[PasteEndpoint['role'], string, { exec(text: string): RegExpExecArray | null }, string[]]> = [
  ['client', 'gateway-target', new RegExp(String.raw`\bGateway target:\s{0,8}wss?://${HOST}:(\d{1,5})`, 'i'), ['gateway target:']],
  ['client', 'probe-target', new RegExp(String.raw`\bProbe target:\s{0,8}wss?://${HOST}:(\d{1,5})`, 'i'), ['probe target:']],
  ['client', 'cli-config-port', /\bCLI config resolves gateway port=(\d{1,5})/i, ['cli config resolves gateway port=']],
  ['client', 'cli-url', new RegExp(String.raw`\bopenclaw\b[^\n]{0,120}\s--url[ =]["']?wss?://${HOST}:(\d{1,5})`, 'i'), ['openclaw', '--url']],
  ['client', 'ssh-forward', sshForward(), ['ssh', '-l']],
  // A client of the gateway's HTTP API (a channel connector, a script): the port in the URL it calls.
  // `/tools/invoke` and `/hooks/` are the gateway's own; `/v1/*` is every OpenAI-compatible server's
  // (Ollama 11434, LM Studio 1234, vLLM, LiteLLM), so it counts only on the gateway's default port or
  // on a line that names OpenClaw.
  ['client', 'http-api', new RegExp(String.raw`\bhttps?://${HOST}:(\d{1,5})/(?:tools/invoke|hooks/)`, 'i'), ['http', '://']],
  ['client', 'http-api', new RegExp(String.raw`\bhttps?://${HOST}:(18789)/v1/${V1_PATHS}`, 'i'), ['http', ':18789/v1/']],
  ['client', 'http-api', onOpenClawLine(new RegExp(String.raw`\bhttps?://${HOST}:(?!18789/)(\d{1,5})/v1/${V1_PATHS}`, 'i')), ['http', '/v1/']],
  // The reporter's own account of where a CLI client went ("openclaw tui targets ws://127.0.0.1:18789", "CLI probes
  // ws://…"): a client resolves its port from OPENCLAW_GATEWAY_URL/PORT, gateway.port or 18789, never from a running
  // gateway's `--port` (docs/gateway/config-gateway.md precedence); tui follows a running gateway's recorded port from
  // 2026.8.2 on (docs/cli/tui.md; review27d), so a mismatch there is a stale record or another profile.
  ['client', 'client-stated', new RegExp(String.raw`\b(?:openclaw (?:tui|status|logs|gateway (?:status|probe|call|health))|the (?:CLI|TUI)) (?:targets|probes|tries to connect to|connects to|is connecting to|dials) wss?://${HOST}:(\d{1,5})`, 'i'), ['ws', '://']],
  ['gateway', 'listening', new RegExp(String.raw`\blistening on wss?://${HOST}:(\d{1,5})(?![^\n]{0,40}\(node\))`, 'i'), ['listening on ws']],
  ['gateway', 'gateway-flag', /\b(?:openclaw|clawdbot|moltbot)(?:\s{1,4}--profile[ =]\S{1,64})?\s{1,4}gateway(?:\s{1,4}(?:run|start))?\b(?![^\n]{0,120}\b(?:call|status|probe|health)\b)[^\n]{0,120}\s--port[ =](\d{1,5})/i, ['gateway', '--port']],
  ['gateway', 'gateway-port-flag', /\s--gateway-port[ =](\d{1,5})\b/i, ['--gateway-port']],
  ['gateway', 'status-port', /\bGateway:\s{0,4}bind=[^\s,(]{1,40}\s{0,4}(?:\([^)\n]{0,80}\))?,\s{0,4}port=(\d{1,5})/i, ['gateway:', 'bind=', 'port=']],
];
const ENDPOINT_GUARD = /target:| (?:targets|probes|tries to connect to|connects to|is connecting to|dials) wss?:\/\/|resolves gateway port|--url|\bssh\b|listening on|--port|--gateway-port|port=|\/v1\/|\/tools\/invoke|\/hooks\//i;

function extractEndpoints(text: string, line: number, into: Extracted): void {
  const lower = text.toLowerCase();
  for (const [role, how, re, words] of ENDPOINT_PATTERNS) {
    if (!words.every((w) => lower.includes(w))) continue;
    const m = re.exec(text);
    if (!m) continue;
    // Patterns with a host capture it first, the port last.
    const port = Number(m[m.length - 1]);
    const host = m.length > 2 ? stripBrackets(m[1]!) : undefined;
    if (port > 0 && port < 65536) push(into.endpoints, { role, port, how, line, ...(host ? { host } : {}) });
  }
}

const CONTAINER_GUARD = /docker|podman|kube|k8s|helm|contain|\u5bb9\u5668|172\.|\/\.openclaw|\s\|\s|network_mode|wsl/i;

function extractClose(text: string, line: number, into: Extracted): void {
  for (const re of CLOSE_PATTERNS) {
    const m = re.exec(text);
    if (m) {
      const reason = (m[2] ?? '').trim().replace(/^["']|["']$/g, '');
      push(into.closes, { code: Number(m[1]), reason, line });
      break;
    }
  }
}

// "fixed in v2026.4.20", "the fix shipped in 2026.4.20": the release a fix landed in, which a report
// names to say it is *not* running it yet. Tested on the 48 characters before the match only.
const FIX_REF_RE = /(?:\b(?:fix(?:ed|es)?|resolved|patched|addressed)\b(?:\s(?:was|is|has been|got|will be))?(?:\s(?:shipped|landed|released|merged|included))?|\b(?:shipped|landed|merged)\b)\s(?:in|into)\s(?:(?:the|release|version)\s)?$/i;

// "Updating OpenClaw 2026.4.19 -> 2026.4.22", "2026.4.19 → 2026.4.22", "from 2026.4.19 to 2026.4.22": the left side is
// the release being left (review28e v_p4). Tested on the 48 characters after the match only.
const UPGRADE_TO_RE = /^\s{0,4}(?:->|=>|→|⟶|to)\s{0,4}(?:openclaw[@\s]\s{0,4})?v?20\d\d\.\d/i;

function extractVersions(text: string, line: number, into: Extracted): void {
  for (const m of text.matchAll(VERSION_RE)) {
    const raw = m[1]!;
    const version = normalizeVersion(raw);
    if (!version) continue;
    const ref = FIX_REF_RE.test(text.slice(Math.max(0, m.index - 48), m.index));
    const from = UPGRADE_TO_RE.test(text.slice(m.index + m[0].length, m.index + m[0].length + 48));
    push(into.versions, { version, raw: m[0].trim(), line, ...(ref ? { ref } : {}), ...(from ? { from } : {}) });
  }
}

function extractUrls(text: string, line: number, into: Extracted): void {
  for (const m of text.matchAll(URL_RE)) {
    const scheme = m[1]!.toLowerCase();
    const host = stripBrackets(m[2]!);
    const port = m[3] ? Number(m[3]) : undefined;
    const hostKind = classifyHost(host);
    const entry: PasteFacts['urls'][number] = { url: m[0], scheme, host, line, hostKind, secureContext: isSecureContextUrl(scheme, host) };
    if (port !== undefined) entry.port = port;
    push(into.urls, entry);
    if (port !== undefined) push(into.ports, { port, line });
  }
}
