// Which gateway to probe and with which credential. Pure: no I/O, never returns a secret in
// anything that ends up in facts (the secret travels separately in `credential`).
import { classifyHost, parseUserUrl } from '../../shared/net/hosts.js';
import type { HostKind } from '../../types.js';
import { DEFAULT_GATEWAY_PORT } from '../../shared/net/ports.js';

export { DEFAULT_GATEWAY_PORT };
/** Overall deadline of the live probe when --timeout is not given. */
export const DEFAULT_TIMEOUT_MS = 4000;

export interface TargetInput {
  /** `--url`: ws, wss, http or https (http(s) is mapped to ws(s)). */
  url?: string;
  /** `--token` / `--password`. */
  token?: string;
  password?: string;
  /** The parsed OpenClaw config document (ConfigFacts.value). */
  config?: Record<string, unknown>;
  /** Environment to read OPENCLAW_GATEWAY_PORT / _TOKEN / _PASSWORD from (default: none). */
  env?: Record<string, string | undefined>;
}

export interface Credential {
  kind: 'token' | 'password';
  secret: string;
}

export interface ResolvedTarget {
  /** Normalised ws(s) URL (no credentials, no query secrets). */
  url: string;
  /** http(s)://host:port for the HTTP stage. */
  httpBase: string;
  scheme: 'ws' | 'wss';
  /** Hostname without IPv6 brackets. */
  host: string;
  port: number;
  path: string;
  hostKind: HostKind;
  /** `--url`, `gateway.remote.url`, `OPENCLAW_GATEWAY_PORT`, `gateway.port`, `default port 18789`. */
  targetSource: string;
  /** Where the secret came from (never the secret): `--token`, `OPENCLAW_GATEWAY_TOKEN`, `gateway.auth.token`… */
  credentialSource?: string;
  /** Set when a credential was configured but could not be used (e.g. an unresolved SecretRef). */
  credentialNote?: string;
  /** The secret itself: for the connect request only, never copied into facts. */
  credential?: Credential;
  /** Other places that hold a DIFFERENT secret of the same kind (e.g. a stale OPENCLAW_GATEWAY_TOKEN
   * shadowing gateway.auth.token). Names only; the comparison happens here, in memory. */
  shadowed?: string[];
  /** gateway.mode from the config. */
  mode?: string;
  /** gateway.port from the config / OPENCLAW_GATEWAY_PORT, for wrong-port findings. */
  configPort?: number;
  envPort?: number;
  /** gateway.remote.tlsFingerprint, normalised to lower-case hex without separators. */
  tlsFingerprint?: string;
  /** The gateway's own certificate file, for the default local wss:// target (gateway.tls on):
   * OpenClaw's local CLI pins the fingerprint of this file (2026.9.6 `resolveGatewayConnectionTlsFingerprint`). */
  ownCertPath?: string;
  /** Parse problem with --url or gateway.remote.url. */
  error?: string;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function portOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

export { classifyHost };

/** Resolve `${VAR}` substitutions the way OpenClaw config strings allow; undefined if a var is missing. */
function substitute(s: string, env: Record<string, string | undefined>): string | undefined {
  let missing = false;
  const out = s.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

interface SecretPick {
  secret?: string;
  note?: string;
}

function secretAt(value: unknown, env: Record<string, string | undefined>, where: string): SecretPick {
  if (typeof value === 'string') {
    if (value === '') return {};
    if (value.includes('${')) {
      const s = substitute(value, env);
      return s ? { secret: s } : { note: `${where} references an environment variable that is not set` };
    }
    return { secret: value };
  }
  const ref = obj(value);
  if (ref) {
    // SecretRef {source:"env", id:"NAME"} is resolvable here; file/exec refs are not read by the doctor.
    if (ref.source === 'env' && typeof ref.id === 'string') {
      const v = env[ref.id];
      return v ? { secret: v } : { note: `${where} is an env SecretRef to ${ref.id}, which is not set` };
    }
    return { note: `${where} is a SecretRef (${String(ref.source ?? 'unknown')}) the doctor does not resolve` };
  }
  return {};
}

/** `gateway.tls.certPath` (with `~`), else `<state dir>/gateway/tls/gateway-cert.pem`, the way OpenClaw resolves it. */
export function ownCertPath(tlsCfg: Record<string, unknown>, env: Record<string, string | undefined>): string {
  const home = env.OPENCLAW_HOME?.trim() || env.HOME?.trim() || env.USERPROFILE?.trim() || '';
  const user = (p: string) => (p === '~' ? home : p.startsWith('~/') ? `${home}${p.slice(1)}` : p);
  if (typeof tlsCfg.certPath === 'string' && tlsCfg.certPath.trim()) return user(tlsCfg.certPath.trim());
  const state = env.OPENCLAW_STATE_DIR?.trim();
  const cfgPath = env.OPENCLAW_CONFIG_PATH?.trim();
  const dir = state ? user(state) : cfgPath ? user(cfgPath).replace(/[\\/][^\\/]*$/, '') || '/' : `${home}/.openclaw`;
  return `${dir}/gateway/tls/gateway-cert.pem`;
}

/** Normalise a user-given URL to ws(s). Returns an error text for anything else. */
export function normaliseUrl(raw: string): { url?: URL; error?: string } {
  const u = parseUserUrl(raw, 'ws');
  if (!u) return { error: `not a URL: ${raw}` };
  const proto = u.protocol.toLowerCase();
  if (proto === 'http:') u.protocol = 'ws:';
  else if (proto === 'https:') u.protocol = 'wss:';
  else if (proto !== 'ws:' && proto !== 'wss:') return { error: `unsupported scheme ${proto.replace(':', '')} (use ws, wss, http or https)` };
  u.username = '';
  u.password = '';
  u.hash = '';
  // A tokenized dashboard URL (`?token=…`, `#token=…`) must not leak into facts.
  for (const k of [...u.searchParams.keys()]) if (/token|password|secret/i.test(k)) u.searchParams.delete(k);
  return { url: u };
}

export function normaliseFingerprint(fp: unknown): string | undefined {
  if (typeof fp !== 'string') return undefined;
  const hex = fp.replace(/^sha-?256[:=]?/i, '').replace(/[^0-9a-f]/gi, '').toLowerCase();
  return hex.length === 64 ? hex : undefined;
}

/**
 * Pick the probe target and the credential source:
 * URL: `--url`, else `gateway.remote.url` when gateway.mode is remote, else ws://127.0.0.1:<port>
 * with the port from OPENCLAW_GATEWAY_PORT, gateway.port or 18789.
 * Credential: `--token`/`--password`, OPENCLAW_GATEWAY_TOKEN/_PASSWORD, gateway.remote.* (remote
 * mode) or gateway.auth.* (local mode).
 */
export function resolveTarget(input: TargetInput): ResolvedTarget {
  const env = input.env ?? {};
  const cfg = input.config ?? {};
  const gw = obj(cfg.gateway) ?? {};
  const remote = obj(gw.remote) ?? {};
  const auth = obj(gw.auth) ?? {};
  const mode = typeof gw.mode === 'string' ? gw.mode : undefined;
  const configPort = portOf(gw.port);
  const envPort = portOf(env.OPENCLAW_GATEWAY_PORT);

  let rawUrl: string;
  let targetSource: string;
  let useRemote = false;
  if (input.url) {
    rawUrl = input.url;
    targetSource = '--url';
  } else if (mode === 'remote' && typeof remote.url === 'string' && remote.url) {
    rawUrl = remote.url;
    targetSource = 'gateway.remote.url';
    useRemote = true;
  } else {
    const port = envPort ?? configPort ?? DEFAULT_GATEWAY_PORT;
    // OpenClaw's own local URL: wss:// when gateway.tls.enabled is exactly true.
    rawUrl = `${obj(gw.tls)?.enabled === true ? 'wss' : 'ws'}://127.0.0.1:${port}`;
    targetSource = envPort ? 'OPENCLAW_GATEWAY_PORT' : configPort ? 'gateway.port' : `default port ${DEFAULT_GATEWAY_PORT}`;
    if (mode === 'remote') targetSource += ' (gateway.mode is remote but gateway.remote.url is missing)';
  }
  const { url, error } = normaliseUrl(rawUrl);
  const scheme: 'ws' | 'wss' = url?.protocol === 'wss:' ? 'wss' : 'ws';
  const host = url ? url.hostname.replace(/^\[|\]$/g, '') : '';
  const port = url ? (url.port ? Number(url.port) : scheme === 'wss' ? 443 : 80) : 0;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const path = url ? `${url.pathname}${url.search}` : '/';

  const out: ResolvedTarget = {
    url: url ? `${scheme}://${hostForUrl}:${port}${path === '/' ? '' : path}` : rawUrl,
    httpBase: `${scheme === 'wss' ? 'https' : 'http'}://${hostForUrl}:${port}`,
    scheme,
    host,
    port,
    path,
    hostKind: host ? classifyHost(host) : 'name',
    targetSource,
  };
  if (error) out.error = error;
  if (mode) out.mode = mode;
  if (configPort) out.configPort = configPort;
  if (envPort) out.envPort = envPort;
  const fp = normaliseFingerprint(remote.tlsFingerprint);
  if (fp && (useRemote || input.url)) out.tlsFingerprint = fp;
  else if (!input.url && !useRemote && scheme === 'wss') out.ownCertPath = ownCertPath(obj(gw.tls) ?? {}, env);

  // Credential, first match wins.
  const pick = (kind: Credential['kind'], secret: string | undefined, source: string): boolean => {
    if (!secret) return false;
    out.credential = { kind, secret };
    out.credentialSource = source;
    const shadowed = allSecrets(input, env, remote, auth).filter((c) => c.kind === kind && c.source !== source && c.secret !== secret).map((c) => c.source);
    if (shadowed.length) out.shadowed = shadowed;
    return true;
  };
  if (pick('token', input.token, '--token') || pick('password', input.password, '--password')) return out;
  if (pick('token', env.OPENCLAW_GATEWAY_TOKEN, 'OPENCLAW_GATEWAY_TOKEN') || pick('password', env.OPENCLAW_GATEWAY_PASSWORD, 'OPENCLAW_GATEWAY_PASSWORD')) return out;
  const notes: string[] = [];
  const tryAt = (kind: Credential['kind'], container: Record<string, unknown>, where: string): boolean => {
    const p = secretAt(container[kind], env, where);
    if (p.note) notes.push(p.note);
    return pick(kind, p.secret, where);
  };
  const isRemote = mode === 'remote' || useRemote;
  const authMode = typeof auth.mode === 'string' ? auth.mode : undefined;
  const order: Array<[Credential['kind'], Record<string, unknown>, string]> = isRemote
    ? [
        ['token', remote, 'gateway.remote.token'],
        ['password', remote, 'gateway.remote.password'],
      ]
    : authMode === 'password'
      ? [
          ['password', auth, 'gateway.auth.password'],
          ['token', auth, 'gateway.auth.token'],
        ]
      : [
          ['token', auth, 'gateway.auth.token'],
          ['password', auth, 'gateway.auth.password'],
        ];
  for (const [kind, c, where] of order) if (tryAt(kind, c, where)) return out;
  if (notes.length) out.credentialNote = notes.join('; ');
  return out;
}

function allSecrets(input: TargetInput, env: Record<string, string | undefined>, remote: Record<string, unknown>, auth: Record<string, unknown>): Array<Credential & { source: string }> {
  const out: Array<Credential & { source: string }> = [];
  const add = (kind: Credential['kind'], secret: string | undefined, source: string) => {
    if (secret) out.push({ kind, secret, source });
  };
  add('token', input.token, '--token');
  add('password', input.password, '--password');
  add('token', env.OPENCLAW_GATEWAY_TOKEN, 'OPENCLAW_GATEWAY_TOKEN');
  add('password', env.OPENCLAW_GATEWAY_PASSWORD, 'OPENCLAW_GATEWAY_PASSWORD');
  add('token', secretAt(remote.token, env, 'gateway.remote.token').secret, 'gateway.remote.token');
  add('password', secretAt(remote.password, env, 'gateway.remote.password').secret, 'gateway.remote.password');
  add('token', secretAt(auth.token, env, 'gateway.auth.token').secret, 'gateway.auth.token');
  add('password', secretAt(auth.password, env, 'gateway.auth.password').secret, 'gateway.auth.password');
  return out;
}
