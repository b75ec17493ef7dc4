// Derived config facts: everything a rule would otherwise need code for is computed here, once,
// and stored flat in `config.derived` so rules stay declarative (`config.derived.authIsString`).
// Pure: no I/O. Secret values may appear in facts (rules compare them) but every one of them is
// listed in `derived.secrets` so renderers can mask it.
import ipaddr from 'ipaddr.js';
import { classifyHost, stripBrackets } from '../../shared/net/hosts.js';
import { normalizeVersion } from '../../shared/version/calver.js';
import { escapePointerSegment, type PositionMaps } from '../../shared/json5/reader.js';
import { didYouMean, GATEWAY_KEYS_AT_ROOT, GATEWAY_SCHEMA, MISPLACED_GATEWAY_KEYS, type KeySpec } from './schema.js';

export type Env = Record<string, string | undefined>;
type Obj = Record<string, unknown>;

export interface DeriveContext {
  path: string;
  env: Env;
  positions?: PositionMaps;
  mode?: number;
  stateDirMode?: number;
  platform?: NodeJS.Platform;
}

import { DEFAULT_GATEWAY_PORT } from '../../shared/net/ports.js';
export { DEFAULT_GATEWAY_PORT };

const BIND_MODES = ['auto', 'lan', 'loopback', 'custom', 'tailnet'];
/** OpenClaw's own migration `gateway.bind.host-alias->bind-mode` (by 2026.3.2). */
export const BIND_ALIASES: Record<string, string> = {
  '0.0.0.0': 'lan',
  '::': 'lan',
  '[::]': 'lan',
  '*': 'lan',
  '127.0.0.1': 'loopback',
  localhost: 'loopback',
  '::1': 'loopback',
  '[::1]': 'loopback',
};

const PLACEHOLDER_TOKEN_RE =
  /^(?:my[-_ ]?token|my[-_ ]?secret|your[-_ ]?(?:secret[-_ ]?|app[-_ ]?|gateway[-_ ]?)?token(?:[-_ ]?here)?|your[-_ ]?secret(?:[-_ ]?here)?|change[-_ ]?me|changeit|token|secret|password|test|example|default|admin|openclaw|undefined|null|none|x+|\*+|<[^>]*>|\{\{[^}]*\}\}|__openclaw_redacted__|\[redacted\]|redacted|a1b2c3d4-e5f6-7890-abcd-ef1234567890)$/i;

const SECRET_KEY_RE = /(token|password|passwd|secret|api[-_]?key|apikey|private[-_]?key|credential|bearer)/i;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const nonEmptyStr = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export function pointerOf(dotted: string): string {
  return '/' + dotted.split('.').map(escapePointerSegment).join('/');
}

/** `file:line:col` of a value (or of its key when asked), for messages. */
function locator(ctx: DeriveContext, pointer: string, key = false): string | undefined {
  const pos = (key ? ctx.positions?.keys[pointer] : undefined) ?? ctx.positions?.values[pointer];
  return pos ? `${ctx.path}:${pos.line}:${pos.column}` : undefined;
}

function envValue(env: Env, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== '') return v;
  }
  return undefined;
}

export interface TokenStrength {
  weak: boolean;
  reason?: 'placeholder' | 'redacted-placeholder' | 'undefined-literal' | 'short' | 'low-variety';
  length: number;
}

export function tokenStrength(token: string): TokenStrength {
  const t = token.trim();
  const length = t.length;
  if (/^__openclaw_redacted__$|^\[?redacted\]?$/i.test(t)) return { weak: true, reason: 'redacted-placeholder', length };
  if (/^(undefined|null)$/i.test(t)) return { weak: true, reason: 'undefined-literal', length };
  if (PLACEHOLDER_TOKEN_RE.test(t)) return { weak: true, reason: 'placeholder', length };
  if (length < 16) return { weak: true, reason: 'short', length };
  if (new Set(t).size < 6) return { weak: true, reason: 'low-variety', length };
  return { weak: false, length };
}

export interface ProxyEntry {
  index: number;
  entry: string;
  kind: 'ip' | 'cidr' | 'invalid';
  family?: 'ipv4' | 'ipv6';
  prefix?: number;
  /** A CIDR that covers exactly one address (/32, /128): the address itself. */
  hostAddress?: string;
  /** `::ffff:a.b.c.d/N` entries never match (issue #137665). */
  mappedCidr?: boolean;
}

export function classifyProxyEntry(raw: string, index: number): ProxyEntry {
  const entry = raw.trim();
  if (entry.includes('/')) {
    if (!ipaddr.isValidCIDR(entry)) return { index, entry: raw, kind: 'invalid' };
    const [addr, prefix] = ipaddr.parseCIDR(entry);
    const family = addr.kind();
    const out: ProxyEntry = { index, entry: raw, kind: 'cidr', family, prefix };
    if ((family === 'ipv4' && prefix === 32) || (family === 'ipv6' && prefix === 128)) {
      let a = addr;
      if (family === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
      out.hostAddress = a.toString();
    }
    if (family === 'ipv6' && /^::ffff:/i.test(entry)) out.mappedCidr = true;
    return out;
  }
  const bare = stripBrackets(entry);
  if (ipaddr.isValid(bare)) return { index, entry: raw, kind: 'ip', family: ipaddr.parse(bare).kind() };
  return { index, entry: raw, kind: 'invalid' };
}

function normalizeIp(ip: string): string {
  let s = stripBrackets(ip.trim().toLowerCase());
  if (s.startsWith('::ffff:') && ipaddr.IPv4.isValid(s.slice(7))) s = s.slice(7);
  return s;
}

export type ProxyMatchSemantics = 'exact' | 'ipv4-cidr' | 'cidr';

/** How `isTrustedProxyAddress` matches in a version (openclaw-facts.md §2.6). */
export function proxySemantics(version: string | undefined, cmp: (a: string, b: string) => number): ProxyMatchSemantics {
  if (!version) return 'cidr';
  // CIDR support landed somewhere in 2026.2.13–2.17 (no tarballs for 2.13–2.15): exact below 2.13.
  if (cmp(version, '2026.2.13') < 0) return 'exact';
  if (cmp(version, '2026.2.22') < 0) return 'ipv4-cidr';
  return 'cidr';
}

/** Whether OpenClaw (with the given matching semantics) trusts `ip` with these entries. */
export function proxyCovered(ip: string, entries: string[], semantics: ProxyMatchSemantics): boolean {
  const target = normalizeIp(ip);
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(target);
  } catch {
    return entries.some((e) => normalizeIp(e) === target);
  }
  for (const raw of entries) {
    const e = raw.trim();
    if (!e.includes('/')) {
      if (normalizeIp(e) === target) return true;
      continue;
    }
    if (semantics === 'exact') continue;
    if (!ipaddr.isValidCIDR(e)) continue;
    const [net, prefix] = ipaddr.parseCIDR(e);
    if (semantics === 'ipv4-cidr' && net.kind() !== 'ipv4') continue;
    if (net.kind() === 'ipv6' && /^::ffff:/i.test(e)) continue; // never matches (#137665)
    if (net.kind() !== addr.kind()) continue;
    if (addr.match([net, prefix] as [typeof addr, number])) return true;
  }
  return false;
}

interface UnknownKey {
  /** Dotted path, e.g. `gateway.trustedProxy`. */
  path: string;
  pointer: string;
  key: string;
  suggestion?: string;
  suggestionPointer?: string;
  /** Suggestion target already exists (a rename would collide). */
  suggestionTaken?: boolean;
}

function findUnknownKeys(gateway: Obj): UnknownKey[] {
  const out: UnknownKey[] = [];
  const visit = (obj: Obj, schema: Record<string, KeySpec>, dotted: string) => {
    for (const key of Object.keys(obj)) {
      const spec = schema[key];
      const path = `${dotted}.${key}`;
      // `auth.type` is a shape mistake with its own rules (type:"none", type:"token").
      if (path === 'gateway.auth.type') continue;
      if (spec) {
        const child = obj[key];
        if (spec.children && !spec.open && isObj(child)) visit(child, spec.children, path);
        continue;
      }
      const u: UnknownKey = { path, pointer: pointerOf(path), key };
      let target: string | undefined;
      if (dotted === 'gateway' && MISPLACED_GATEWAY_KEYS[key]) {
        target = MISPLACED_GATEWAY_KEYS[key];
        if (key === 'trustedProxy' && !isObj(obj[key])) target = 'gateway.trustedProxies';
      } else {
        const known = Object.keys(schema).filter((k) => !schema[k]!.legacy);
        const m = didYouMean(key, known);
        if (m) target = `${dotted}.${m}`;
      }
      if (target) {
        u.suggestion = target;
        u.suggestionPointer = pointerOf(target);
        u.suggestionTaken = getPath(gateway, target.split('.').slice(1)) !== undefined;
      }
      out.push(u);
    }
  };
  visit(gateway, GATEWAY_SCHEMA, 'gateway');
  return out;
}

function getPath(root: unknown, segs: string[]): unknown {
  let cur = root;
  for (const s of segs) {
    if (!isObj(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Obj)[s];
  }
  return cur;
}

/** Keys under `gateway` whose first verified release is after `version`. */
export function keysTooNew(gateway: Obj, version: string, cmp: (a: string, b: string) => number): Array<{ path: string; since: string }> {
  const out: Array<{ path: string; since: string }> = [];
  const visit = (obj: Obj, schema: Record<string, KeySpec>, dotted: string) => {
    for (const key of Object.keys(obj)) {
      const spec = schema[key];
      if (!spec) continue;
      const path = `${dotted}.${key}`;
      if (spec.since && spec.sinceVerified && cmp(version, spec.since) < 0) out.push({ path, since: spec.since });
      const child = obj[key];
      if (spec.children && isObj(child)) visit(child, spec.children, path);
    }
  };
  visit(gateway, GATEWAY_SCHEMA, 'gateway');
  return out;
}

// OpenClaw substitutes `${VAR}` (upper-case names only); `$${VAR}` is an escaped literal.
const ENV_REF_RE = /(\$?)\$\{([A-Z_][A-Z0-9_]*)\}/g;

function configEnvVars(value: Obj): Set<string> {
  const out = new Set<string>();
  const env = value.env;
  if (isObj(env)) {
    for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out.add(k);
    if (isObj(env.vars)) for (const [k, v] of Object.entries(env.vars)) if (typeof v === 'string') out.add(k);
  }
  return out;
}

function walkStrings(v: unknown, ptr: string, key: string, fn: (s: string, ptr: string, key: string) => void): void {
  if (typeof v === 'string') fn(v, ptr, key);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, `${ptr}/${i}`, key, fn));
  else if (isObj(v)) for (const [k, x] of Object.entries(v)) walkStrings(x, `${ptr}/${escapePointerSegment(k)}`, k, fn);
}

function octal(mode: number): string {
  return '0' + (mode & 0o777).toString(8).padStart(3, '0');
}

/** Compute every config-only derived fact. Cross-source facts are added by enrichConfigFacts. */
export function deriveConfig(value: Obj, ctx: DeriveContext): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  const secrets = new Set<string>();
  const gw = isObj(value.gateway) ? value.gateway : undefined;
  const env = ctx.env;

  // ------------------------------------------------------------ version stamp
  const meta = isObj(value.meta) ? value.meta : undefined;
  const ltv = str(meta?.lastTouchedVersion);
  if (ltv) {
    d.lastTouchedVersionRaw = ltv;
    const n = normalizeVersion(ltv);
    if (n) d.lastTouchedVersion = n;
  }
  if (str(meta?.lastTouchedAt)) d.lastTouchedAt = meta!.lastTouchedAt;

  d.gatewayPresent = value.gateway !== undefined;
  d.gatewayIsObject = gw !== undefined;
  if (value.gateway !== undefined && !gw) d.gatewayNotObject = true;

  // ------------------------------------------------------------ secrets (for masking)
  walkStrings(value, '', '', (s, _ptr, key) => {
    if (SECRET_KEY_RE.test(key) && s.length >= 4 && !/^\$\{[A-Z_][A-Z0-9_]*\}$/.test(s)) secrets.add(s);
  });
  for (const n of ['OPENCLAW_GATEWAY_TOKEN', 'CLAWDBOT_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD', 'CLAWDBOT_GATEWAY_PASSWORD']) {
    const v = env[n];
    if (v && v.length >= 4) secrets.add(v);
  }

  // ------------------------------------------------------------ ${VAR} references
  const defined = configEnvVars(value);
  const unset: Array<{ pointer: string; name: string }> = [];
  walkStrings(value, '', '', (s, ptr) => {
    for (const m of s.matchAll(ENV_REF_RE)) {
      if (m[1] === '$') continue;
      const name = m[2]!;
      const v = env[name];
      if ((v === undefined || v === '') && !defined.has(name)) unset.push({ pointer: ptr, name });
    }
  });
  if (unset.length) {
    d.unsetEnvRefs = unset;
    d.unsetEnvRefCount = unset.length;
    d.unsetEnvRefFirst = unset[0]!.name;
    d.unsetEnvRefNames = [...new Set(unset.map((u) => u.name))].join(', ');
    d.unsetEnvRefPath = unset[0]!.pointer.slice(1).split('/').join('.');
    const at = locator(ctx, unset[0]!.pointer);
    if (at) d.unsetEnvRefAt = at;
  }

  // ------------------------------------------------------------ file and state dir permissions
  if (ctx.mode !== undefined && ctx.platform !== 'win32') {
    d.configMode = octal(ctx.mode);
    d.configModeLoose = (ctx.mode & 0o077) !== 0;
  }
  if (ctx.stateDirMode !== undefined && ctx.platform !== 'win32') {
    d.stateDirMode = octal(ctx.stateDirMode);
    d.stateDirModeLoose = (ctx.stateDirMode & 0o077) !== 0;
  }

  // ------------------------------------------------------------ misplaced gateway blocks
  const agents = isObj(value.agents) ? value.agents : undefined;
  if (agents && isObj(agents.gateway)) {
    d.agentsGateway = true;
    d.agentsGatewayMovable = value.gateway === undefined;
    const at = locator(ctx, '/agents/gateway', true);
    if (at) d.agentsGatewayAt = at;
  }
  const rootMisplaced = GATEWAY_KEYS_AT_ROOT.filter((k) => value[k] !== undefined);
  if (rootMisplaced.length) {
    const first = rootMisplaced[0]!;
    d.rootGatewayKeys = rootMisplaced;
    d.rootGatewayKey = first;
    d.rootGatewayKeyMovable = gw ? gw[first] === undefined : value.gateway === undefined;
    const at = locator(ctx, `/${first}`, true);
    if (at) d.rootGatewayKeyAt = at;
  }

  if (!gw) {
    d.modeUnset = true;
    d.effectiveBind = 'loopback';
    d.effectivePort = portFromEnv(env) ?? DEFAULT_GATEWAY_PORT;
    d.secrets = [...secrets];
    return d;
  }

  // ------------------------------------------------------------ mode
  if (gw.mode === undefined) d.modeUnset = true;
  else d.gatewayMode = gw.mode;
  if (gw.mode !== undefined && gw.mode !== 'local' && gw.mode !== 'remote') d.modeInvalid = true;
  const remote = isObj(gw.remote) ? gw.remote : undefined;
  const remoteUrl = nonEmptyStr(remote?.url);
  if (gw.mode === 'remote' && !remoteUrl) d.modeRemoteNoUrl = true;
  if (gw.mode === undefined && remoteUrl) d.modeUnsetWithRemoteUrl = true;
  if (gw.mode !== undefined) {
    const at = locator(ctx, '/gateway/mode');
    if (at) d.modeAt = at;
  }

  // ------------------------------------------------------------ port
  const port = gw.port;
  if (port !== undefined) {
    const at = locator(ctx, '/gateway/port');
    if (at) d.portAt = at;
  }
  if (typeof port === 'string') {
    d.portIsString = true;
    if (/^\s*\d+\s*$/.test(port)) {
      const n = Number(port.trim());
      if (n >= 1 && n <= 65535) d.portNumeric = n;
      else d.portOutOfRange = true;
    }
  } else if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < 1 || port > 65535) d.portOutOfRange = true;
  } else if (port !== undefined) d.portWrongType = true;
  const cfgPort = typeof port === 'number' && Number.isInteger(port) && port > 0 ? port : undefined;
  d.effectivePort = portFromEnv(env) ?? cfgPort ?? DEFAULT_GATEWAY_PORT;

  // ------------------------------------------------------------ auth
  const auth = gw.auth;
  const authObj = isObj(auth) ? auth : undefined;
  if (auth !== undefined) {
    const at = locator(ctx, '/gateway/auth');
    if (at) d.authAt = at;
  }
  d.authType = auth === undefined ? 'missing' : Array.isArray(auth) ? 'array' : auth === null ? 'null' : typeof auth;
  if (typeof auth === 'string') {
    d.authIsString = true;
    const intent = auth.trim().toLowerCase();
    if (['none', 'off', 'disabled', 'false', 'no'].includes(intent)) d.authStringNone = true;
    else if (['token', 'password'].includes(intent)) d.authStringModeName = intent;
    else {
      d.authStringToken = true;
      if (auth.length >= 4) secrets.add(auth);
      if (auth !== auth.trim() || auth === '') d.authStringNeedsTrim = true;
    }
  }
  if (authObj && authObj.type !== undefined) {
    d.authHasTypeKey = true;
    if (String(authObj.type).toLowerCase() === 'none') d.authTypeNone = true;
    d.authTypeValue = authObj.type;
    if (authObj.mode === undefined && ['token', 'password', 'none', 'trusted-proxy'].includes(String(authObj.type))) d.authTypeAsMode = String(authObj.type);
  }
  const cfgToken = authObj?.token;
  const cfgPassword = authObj?.password;
  const tokenIsRef = isObj(cfgToken);
  const envToken = envValue(env, 'OPENCLAW_GATEWAY_TOKEN', 'CLAWDBOT_GATEWAY_TOKEN');
  const envPassword = envValue(env, 'OPENCLAW_GATEWAY_PASSWORD', 'CLAWDBOT_GATEWAY_PASSWORD');
  const hasToken = !!nonEmptyStr(cfgToken) || tokenIsRef || !!envToken;
  const hasPassword = !!nonEmptyStr(cfgPassword) || isObj(cfgPassword) || !!envPassword;
  d.hasToken = hasToken;
  d.hasPassword = hasPassword;
  if (tokenIsRef) d.tokenIsSecretRef = true;
  d.tokenSource = nonEmptyStr(cfgToken) || tokenIsRef ? 'config' : envToken ? 'env' : 'none';
  if (authObj?.mode !== undefined) d.authModeExplicit = authObj.mode;
  const resolvedMode = authObj ? (str(authObj.mode) ?? (hasPassword && !nonEmptyStr(cfgToken) ? 'password' : 'token')) : typeof auth === 'string' ? 'invalid' : 'token';
  d.authMode = resolvedMode;
  // 2026.2.26–5.28 refuse to start when enabled hooks reuse the gateway token (assertHooksTokenSeparateFromGatewayAuth).
  const hooks = isObj(value.hooks) ? value.hooks : undefined;
  const hooksToken = hooks?.enabled === true ? nonEmptyStr(hooks.token)?.trim() : undefined;
  const gatewayToken = resolvedMode === 'token' ? (nonEmptyStr(cfgToken)?.trim() ?? envToken?.trim()) : undefined;
  if (hooksToken && gatewayToken && hooksToken === gatewayToken) d.hooksTokenEqualsGatewayToken = true;
  if (authObj?.mode === 'none') d.authModeNone = true;
  if (authObj?.mode === 'trusted-proxy') d.authModeTrustedProxy = true;
  const noneIntent = d.authStringNone === true || d.authTypeNone === true || authObj?.mode === 'none';
  d.authNoneIntent = noneIntent;
  if (d.authStringNone === true || d.authTypeNone === true) {
    d.authNoneShape = true;
    const rest: Obj = authObj ? { ...authObj } : {};
    delete rest.type;
    d.authNoneFixed = { ...rest, mode: 'none' };
  }

  // Weak / placeholder token (config or env).
  const tokenForStrength = nonEmptyStr(cfgToken) ?? (typeof auth === 'string' && d.authStringToken ? auth : undefined) ?? envToken;
  if (tokenForStrength && !/^\$\{[A-Z_][A-Z0-9_]*\}$/.test(tokenForStrength.trim())) {
    const s = tokenStrength(tokenForStrength);
    d.tokenLength = s.length;
    if (s.weak) {
      d.tokenWeak = true;
      d.tokenWeakReason = s.reason;
      d.tokenWeakSource = nonEmptyStr(cfgToken) ? 'gateway.auth.token' : typeof auth === 'string' ? 'gateway.auth' : 'OPENCLAW_GATEWAY_TOKEN';
    }
  }
  if (nonEmptyStr(cfgToken)) {
    const at = locator(ctx, '/gateway/auth/token');
    if (at) d.authTokenAt = at;
  }

  // Legacy gateway.token.
  if (gw.token !== undefined) {
    d.legacyGatewayToken = true;
    const at = locator(ctx, '/gateway/token', true);
    if (at) d.legacyTokenAt = at;
    const authToken = authObj ? authObj.token : undefined;
    if (typeof auth === 'string') d.legacyTokenTarget = 'auth-is-string';
    else if (auth !== undefined && !authObj) d.legacyTokenTarget = 'auth-invalid';
    else if (authToken === undefined) d.legacyTokenTarget = 'absent';
    else if (authToken === gw.token) d.legacyTokenTarget = 'same';
    else d.legacyTokenTarget = 'different';
    if (typeof auth === 'string' && auth === gw.token) d.legacyTokenEqualsAuthString = true;
  }

  // Trusted-proxy auth.
  if (authObj?.mode === 'trusted-proxy') {
    if (nonEmptyStr(cfgToken) || tokenIsRef) d.trustedProxyWithToken = 'config';
    else if (envToken) d.trustedProxyWithToken = 'env';
    const tp = isObj(authObj.trustedProxy) ? authObj.trustedProxy : undefined;
    if (!tp) d.trustedProxyConfigMissing = true;
    else if (!nonEmptyStr(tp.userHeader)) d.trustedProxyUserHeaderMissing = true;
  }

  // ------------------------------------------------------------ trustedProxies
  const tpRaw = gw.trustedProxies;
  if (tpRaw !== undefined) {
    const at = locator(ctx, '/gateway/trustedProxies');
    if (at) d.trustedProxiesAt = at;
  }
  if (typeof tpRaw === 'string') d.trustedProxiesIsString = true;
  const tpList = Array.isArray(tpRaw) ? tpRaw.filter((x): x is string => typeof x === 'string') : [];
  d.trustedProxiesCount = tpList.length;
  if (authObj?.mode === 'trusted-proxy' && tpList.length === 0) d.trustedProxyNoProxies = true;
  // A same-host proxy (a trusted entry covering loopback) is refused as trusted_proxy_loopback_source
  // unless trustedProxy.allowLoopback is true (2026.4.22 on, recorded in the matrix).
  if (authObj?.mode === 'trusted-proxy') {
    const loop = tpList.filter((e) => proxyCovered('127.0.0.1', [e], 'cidr') || proxyCovered('::1', [e], 'cidr'));
    if (loop.length) d.trustedProxiesLoopback = loop.join(', ');
    if (isObj(authObj.trustedProxy) && authObj.trustedProxy.allowLoopback === true) d.trustedProxyAllowLoopback = true;
  }
  if (Array.isArray(tpRaw)) {
    const entries = tpRaw.map((e, i) => (typeof e === 'string' ? classifyProxyEntry(e, i) : ({ index: i, entry: String(e), kind: 'invalid' } as ProxyEntry)));
    const cidr = entries.filter((e) => e.kind === 'cidr');
    const v6cidr = cidr.filter((e) => e.family === 'ipv6');
    const invalid = entries.filter((e) => e.kind === 'invalid');
    const hostCidr = cidr.filter((e) => e.hostAddress !== undefined);
    const mapped = cidr.filter((e) => e.mappedCidr);
    const atIndex = (i: number) => locator(ctx, `/gateway/trustedProxies/${i}`);
    if (cidr.length) {
      d.trustedProxiesCidr = cidr.map((e) => e.entry);
      d.trustedProxiesCidrFirst = cidr[0]!.entry;
      d.trustedProxiesCidrFirstIndex = cidr[0]!.index;
      d.trustedProxiesCidrList = cidr.map((e) => e.entry).join(', ');
      const at = atIndex(cidr[0]!.index);
      if (at) d.trustedProxiesCidrAt = at;
    }
    if (v6cidr.length) {
      d.trustedProxiesIpv6Cidr = v6cidr.map((e) => e.entry);
      d.trustedProxiesIpv6CidrFirst = v6cidr[0]!.entry;
      d.trustedProxiesIpv6CidrFirstIndex = v6cidr[0]!.index;
      const at = atIndex(v6cidr[0]!.index);
      if (at) d.trustedProxiesIpv6CidrAt = at;
    }
    if (hostCidr.length) {
      d.trustedProxiesHostCidrFirst = hostCidr[0]!.entry;
      d.trustedProxiesHostCidrFirstIndex = hostCidr[0]!.index;
      d.trustedProxiesHostCidrAddress = hostCidr[0]!.hostAddress;
    }
    if (mapped.length) {
      d.trustedProxiesMappedCidrFirst = mapped[0]!.entry;
      d.trustedProxiesMappedCidrFirstIndex = mapped[0]!.index;
      const m = /^::ffff:([0-9.]+)\/(\d+)$/i.exec(mapped[0]!.entry.trim());
      if (m && ipaddr.IPv4.isValid(m[1]!) && Number(m[2]) >= 96) d.trustedProxiesMappedCidrIpv4 = `${m[1]}/${Number(m[2]) - 96}`;
      const at = atIndex(mapped[0]!.index);
      if (at) d.trustedProxiesMappedCidrAt = at;
    }
    if (invalid.length) {
      d.trustedProxiesInvalidFirst = invalid[0]!.entry;
      d.trustedProxiesInvalidFirstIndex = invalid[0]!.index;
      const at = atIndex(invalid[0]!.index);
      if (at) d.trustedProxiesInvalidAt = at;
    }
    if (tpList.some((e) => {
      const c = classifyProxyEntry(e, 0);
      if (c.kind === 'ip') return classifyHost(stripBrackets(e.trim())) === 'loopback';
      if (c.kind === 'cidr') return proxyCovered('127.0.0.1', [e], 'cidr') || proxyCovered('::1', [e], 'cidr');
      return false;
    })) d.trustedProxiesHasLoopback = true;
  }

  // ------------------------------------------------------------ bind
  const bind = gw.bind;
  if (bind !== undefined) {
    d.bind = bind;
    const at = locator(ctx, '/gateway/bind');
    if (at) d.bindAt = at;
  }
  let effectiveBind = 'loopback';
  let bindHost: string | undefined;
  if (typeof bind === 'string') {
    const b = bind.trim();
    if (BIND_MODES.includes(b)) effectiveBind = b;
    else if (BIND_ALIASES[b.toLowerCase()]) {
      d.bindAlias = BIND_ALIASES[b.toLowerCase()];
      effectiveBind = d.bindAlias as string;
    } else if (ipaddr.isValid(stripBrackets(b))) {
      d.bindIsAddress = true;
      d.bindAddressKind = classifyHost(b);
      effectiveBind = 'custom';
      bindHost = stripBrackets(b);
      if (ipaddr.IPv4.isValid(bindHost)) d.bindAddressIpv4 = bindHost;
    } else {
      d.bindInvalid = true;
    }
  } else if (bind !== undefined) d.bindInvalid = true;
  if (effectiveBind === 'custom' && !bindHost) {
    const h = nonEmptyStr(gw.customBindHost);
    if (h) bindHost = h.trim();
    else if (bind === 'custom') d.bindCustomNoHost = true;
  }
  d.effectiveBind = effectiveBind;
  const nonLoopback =
    effectiveBind === 'lan' || effectiveBind === 'tailnet' || (effectiveBind === 'custom' && (!bindHost || classifyHost(bindHost) !== 'loopback'));
  d.nonLoopbackBind = nonLoopback;
  if (effectiveBind === 'auto') d.bindMaybeNonLoopback = true;

  // Auth on a network bind.
  const authUsable = hasToken || hasPassword || authObj?.mode === 'trusted-proxy';
  if (nonLoopback && !authUsable && !noneIntent && typeof auth !== 'string') d.nonLoopbackNoCredentials = true;
  if (nonLoopback && authObj?.mode === 'none') d.nonLoopbackAuthNone = true;

  // ------------------------------------------------------------ Control UI
  const cui = isObj(gw.controlUi) ? gw.controlUi : undefined;
  const cuiEnabled = cui?.enabled !== false;
  d.controlUiEnabled = cuiEnabled;
  const origins = cui?.allowedOrigins;
  const originsMissing = !Array.isArray(origins) || origins.filter((o) => typeof o === 'string' && o.trim() !== '').length === 0;
  d.allowedOriginsMissing = originsMissing;
  if (Array.isArray(origins)) {
    const at = locator(ctx, '/gateway/controlUi/allowedOrigins');
    if (at) d.allowedOriginsAt = at;
    const withPath = origins.filter((o): o is string => typeof o === 'string' && /^[a-z]+:\/\/[^/]+\/.+/i.test(o.trim()));
    if (withPath.length) d.allowedOriginWithPath = withPath[0];
    const noScheme = origins.filter((o): o is string => typeof o === 'string' && o.trim() !== '*' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(o.trim()));
    if (noScheme.length) d.allowedOriginNoScheme = noScheme[0];
  }
  const hostFallback = cui?.dangerouslyAllowHostHeaderOriginFallback === true;
  if (nonLoopback && cuiEnabled && originsMissing && !hostFallback) {
    d.nonLoopbackControlUiNoOrigins = true;
    const port = d.effectivePort as number;
    // A list the user wrote ([] or a bare "*") is theirs: no fix proposes to overwrite it.
    if (origins !== undefined) d.allowedOriginsExisting = JSON.stringify(origins);
    // What the gateway seeds itself; it never cures a LAN browser, so it is no suggestion on its own
    // (enrich adds the browser's own origin when one is known).
    else d.allowedOriginsLoopbackSeed = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  }
  if (cui) {
    const at = locator(ctx, '/gateway/controlUi');
    if (at) d.controlUiAt = at;
  }
  if (cui?.allowInsecureAuth !== undefined) {
    d.allowInsecureAuthSet = true;
    d.allowInsecureAuth = cui.allowInsecureAuth === true;
    const at = locator(ctx, '/gateway/controlUi/allowInsecureAuth', true);
    if (at) d.allowInsecureAuthAt = at;
  }
  if (cui?.dangerouslyDisableDeviceAuth !== undefined) {
    d.dangerouslyDisableDeviceAuthSet = true;
    d.dangerouslyDisableDeviceAuth = cui.dangerouslyDisableDeviceAuth === true;
    const at = locator(ctx, '/gateway/controlUi/dangerouslyDisableDeviceAuth', true);
    if (at) d.dangerouslyDisableDeviceAuthAt = at;
    // 2026.2.2 – 2026.3.11: the bypass only works when a valid shared token/password is sent.
    if (cui.dangerouslyDisableDeviceAuth === true && (noneIntent || authObj?.mode === 'trusted-proxy' || !(hasToken || hasPassword))) {
      d.dddaWithoutSharedSecret = true;
    }
  }

  // ------------------------------------------------------------ remote
  if (remote) {
    if (remoteUrl) {
      d.remoteUrl = remoteUrl;
      const at = locator(ctx, '/gateway/remote/url');
      if (at) d.remoteUrlAt = at;
      let u: URL | undefined;
      try {
        u = new URL(remoteUrl.trim());
      } catch {
        d.remoteUrlInvalid = true;
      }
      if (u) {
        const scheme = u.protocol.replace(/:$/, '').toLowerCase();
        const host = stripBrackets(u.hostname);
        const kind = classifyHost(host);
        d.remoteUrlScheme = scheme;
        d.remoteUrlHost = host;
        d.remoteUrlHostKind = kind;
        const rport = u.port ? Number(u.port) : scheme === 'wss' || scheme === 'https' ? 443 : 80;
        d.remoteUrlPort = rport;
        const loop = kind === 'loopback' || kind === 'localhost-name';
        d.remoteUrlLoopback = loop;
        if (!['ws', 'wss'].includes(scheme)) d.remoteUrlNotWebSocket = scheme;
        if (scheme === 'ws' && !loop) {
          d.remotePlaintextNonLoopback = true;
          if (kind === 'private' || kind === 'link-local') d.remotePlaintextPrivate = true;
          d.remoteUrlWss = 'wss' + remoteUrl.trim().slice(2);
        }
        // Same gateway: a loopback URL on this gateway's own port, while in local mode.
        if (loop && rport === d.effectivePort && gw.mode !== 'remote') d.remoteSameGateway = 'loopback-url-on-gateway-port';
      }
    } else if (gw.mode !== 'remote' && remote.token !== undefined) {
      // No URL: the CLI talks to the local gateway, so remote.token describes this gateway.
      d.remoteSameGateway = 'no-remote-url';
    }
    const rt = nonEmptyStr(remote.token);
    const at = rt ? locator(ctx, '/gateway/remote/token') : undefined;
    if (at) d.remoteTokenAt = at;
    const authToken = nonEmptyStr(authObj?.token);
    if (rt && authToken && rt !== authToken) {
      d.remoteTokenDiffers = true;
      if (d.remoteSameGateway) d.remoteTokenDiffersSameGateway = true;
    }
  }

  // ------------------------------------------------------------ tailscale
  const ts = isObj(gw.tailscale) ? gw.tailscale : undefined;
  const tsMode = str(ts?.mode);
  if (tsMode === 'serve' || tsMode === 'funnel') {
    d.tailscaleMode = tsMode;
    if (effectiveBind !== 'loopback') d.tailscaleNeedsLoopback = true;
    if (tsMode === 'funnel' && resolvedMode !== 'password') d.tailscaleFunnelNeedsPassword = true;
  }
  if (ts?.resetOnExit !== undefined) d.tailscaleResetOnExitSet = true;
  if (gw.webchat !== undefined) d.webchatSet = true;

  // ------------------------------------------------------------ unknown keys
  const unknown = findUnknownKeys(gw);
  if (unknown.length) {
    d.unknownKeys = unknown;
    d.unknownKeyCount = unknown.length;
    const first = unknown[0]!;
    d.unknownKeyFirst = first.path;
    d.unknownKeyFirstPointer = first.pointer;
    d.unknownKeyList = unknown.map((u) => u.path).join(', ');
    const at = locator(ctx, first.pointer, true);
    if (at) d.unknownKeyAt = at;
    const withSuggestion = unknown.find((u) => u.suggestion && !u.suggestionTaken);
    if (withSuggestion) {
      d.unknownKeyRenamable = withSuggestion.path;
      d.unknownKeyRenamablePointer = withSuggestion.pointer;
      d.unknownKeySuggestion = withSuggestion.suggestion;
      d.unknownKeySuggestionPointer = withSuggestion.suggestionPointer;
      // Without the leading slash, for patch templates written as "/{{...}}".
      d.unknownKeyRenamableRel = withSuggestion.pointer.slice(1);
      d.unknownKeySuggestionRel = withSuggestion.suggestionPointer!.slice(1);
      const at2 = locator(ctx, withSuggestion.pointer, true);
      if (at2) d.unknownKeyRenamableAt = at2;
    }
    const withoutRename = unknown.filter((u) => !u.suggestion || u.suggestionTaken);
    if (withoutRename.length) {
      d.unknownKeyUnrenamable = withoutRename[0]!.path;
      d.unknownKeyUnrenamablePointer = withoutRename[0]!.pointer;
      if (withoutRename[0]!.suggestion) d.unknownKeyUnrenamableHint = withoutRename[0]!.suggestion;
    }
  }

  d.secrets = [...secrets];
  return d;
}

function portFromEnv(env: Env): number | undefined {
  const raw = envValue(env, 'OPENCLAW_GATEWAY_PORT', 'CLAWDBOT_GATEWAY_PORT');
  if (!raw) return undefined;
  const n = Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
