// Glue between the CLI (`diagnose`) and the probe: flags → ProbeOptions, facts, redaction list.
// Kept here so the edits at the `[wire:probe]` markers stay one line each.
import type { Facts } from '../../types.js';
import type { VersionInputs } from '../../facts.js';
import { withSpinner } from '../../shared/spinner.js';
import { UsageError } from '../../shared/errors.js';
// index.js pulls in undici and ws: imported only when a probe really runs (start-up time).
import type { ProbeOptions } from './index.js';
import { judgeBrowserUrl } from './secure-context.js';
import { DEFAULT_TIMEOUT_MS, normaliseUrl, resolveTarget } from './target.js';
import { isLoopbackKind } from '../../shared/net/hosts.js';

export interface ProbeFlags {
  probe?: boolean;
  url?: string;
  token?: string;
  password?: string;
  timeout?: string | number;
  device?: boolean;
  browserUrl?: string;
  origin?: string;
  header?: string[];
  probeProtocol?: string;
  probeClient?: string;
  json?: boolean;
}

export interface ProbeWireContext {
  env: NodeJS.ProcessEnv;
  stderr: NodeJS.WriteStream;
  inputs: { probe: null | Record<string, unknown> };
  notCollected: Array<{ source: string; why: string }>;
  knownSecrets: string[];
  versionInputs: VersionInputs;
  /** Rule cases: true = never contact anything but loopback (their gateway is a local replay); false
   *  = contact the target even under VITEST (a case collected inside its own network namespace). */
  loopbackOnly?: boolean;
}

export function parseTimeout(v: string | number | undefined): number {
  if (v === undefined || v === '') return DEFAULT_TIMEOUT_MS;
  const n = typeof v === 'number' ? v : Number(String(v).trim().replace(/ms$/i, ''));
  if (!Number.isFinite(n) || n < 100 || n > 600_000) throw new UsageError(`--timeout must be a number of milliseconds between 100 and 600000 (got ${JSON.stringify(v)})`);
  return Math.round(n);
}

/** RFC 9110 field-name token and field-value characters (no CR, LF or NUL). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function parseHeaders(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header must look like "Name: value" (got ${JSON.stringify(h)})`);
    const name = h.slice(0, i).trim();
    const value = h.slice(i + 1).trim();
    // Checked here: ws/undici throw on them mid-probe, which ended as "unexpected failure".
    if (!HEADER_NAME.test(name)) throw new UsageError(`--header name ${JSON.stringify(name)} is not a valid HTTP header name`);
    if (!HEADER_VALUE.test(value)) throw new UsageError(`--header ${JSON.stringify(name)}: the value contains a line break or control character`);
    out[name] = value;
  }
  return out;
}

function parseProtocol(v: string | undefined): ProbeOptions['protocol'] {
  if (!v) return undefined;
  const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(v.trim());
  if (!m) throw new UsageError(`--probe-protocol must be N or MIN-MAX (got ${JSON.stringify(v)})`);
  const min = Number(m[1]);
  return { min, max: m[2] ? Number(m[2]) : min };
}

/** A header value and its parts a server may echo alone: `a=1; b=2` → each value, `Scheme cred` → cred. */
export function headerSecrets(value: string): string[] {
  const out = [value];
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.push(part.slice(eq + 1).trim());
  }
  const sp = value.trim().split(/\s+/);
  if (sp.length === 2 && !value.includes(';')) out.push(sp[1]!);
  return out.filter(Boolean);
}

/**
 * --origin is sent as the browser's Origin header: `scheme://host[:port]` (or `null`), nothing else.
 * A bare word or a URL with a path used to be sent as is, and the gateway's origin check refused it:
 * a finding about the user's allowedOrigins caused by a typo in the flag.
 */
export function checkOriginFlag(raw: string | undefined): void {
  if (raw === undefined) return;
  const bad = (why: string) => new UsageError(`--origin ${JSON.stringify(raw)}: ${why}`);
  if (!HEADER_VALUE.test(raw)) throw bad('contains a line break or control character');
  if (raw === 'null') return;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw bad('not an origin (scheme://host[:port], e.g. http://192.168.1.100:18789)');
  }
  if (!u.host) throw bad('not an origin (scheme://host[:port], e.g. http://192.168.1.100:18789)');
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    throw bad(`an origin is scheme://host[:port] only, without user, path, query or fragment${u.origin !== 'null' ? ` (did you mean ${u.origin}?)` : ''}`);
  }
}

/**
 * `--url` must name a gateway: ws, wss, http or https with a host and a port in 1–65535. A bad
 * value is a usage error (exit 2), never a silent "no problem found".
 */
export function checkUrlFlag(raw: string | undefined): void {
  if (raw === undefined) return;
  const bad = (why: string) => new UsageError(`--url ${JSON.stringify(raw)}: ${why} (e.g. ws://127.0.0.1:18789)`);
  if (!raw.trim()) throw bad('empty');
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:\[[^\]]*\]|[^/?#:]*):(\d+)/i.exec(raw.trim())?.[1];
  if (port !== undefined && Number(port) > 65535) throw bad(`port ${port} is out of range (1-65535)`);
  const { url, error } = normaliseUrl(raw);
  if (!url) throw bad(error?.replace(/^not a URL: .*$/, 'not a URL') ?? 'not a URL');
  if (!url.hostname) throw bad('no host');
  if (url.port === '0') throw bad('port 0 is not a port a gateway can listen on');
}

/** Static facts that need no connection: `--browser-url` → facts.flags.browserUrl*. */
export function browserUrlFlags(raw: string): Record<string, unknown> {
  const j = judgeBrowserUrl(raw);
  const out: Record<string, unknown> = {
    browserUrl: j.url,
    browserUrlHost: j.host,
    browserUrlHostKind: j.hostKind,
    browserUrlSecureContext: j.secureContext,
    browserUrlWhy: j.why,
  };
  if (j.origin && j.origin !== 'null') out.browserOrigin = j.origin;
  if (j.suggestion) out.browserUrlSuggestion = j.suggestion;
  if (j.error) out.browserUrlError = j.error;
  return out;
}

/**
 * Run the probe for `diagnose` unless --no-probe; the returned function fills facts.probe. The probe is started as soon as the config is read (it needs only the flags and the config), so
 * its TCP connect is not queued behind the env collector, the rules and the paste; the returned
 * function files its answer once env facts exist (linking needs them). Flag errors reject the
 * promise: the caller awaits it where the probe's answer is needed, so errors keep their order.
 */
export async function startProbe(flags: ProbeFlags, facts: Facts, ctx: ProbeWireContext): Promise<() => void> {
  // Flag values are checked even with --no-probe: a typo is exit 2, not an ignored flag.
  checkUrlFlag(flags.url);
  const timeoutMs = parseTimeout(flags.timeout);
  const headers = parseHeaders(flags.header);
  const protocol = parseProtocol(flags.probeProtocol);
  checkOriginFlag(flags.origin);
  if (flags.browserUrl !== undefined) {
    const b = browserUrlFlags(flags.browserUrl);
    if (b.browserUrlError || !b.browserUrlHost) throw new UsageError(`--browser-url ${JSON.stringify(flags.browserUrl)}: not a URL (e.g. http://192.168.1.100:18789)`);
    Object.assign((facts.flags ??= {}), b);
  }
  // The credentials a probe could use are masked in every output, probe or not (--no-probe).
  for (const s of [flags.token, flags.password, ctx.env.OPENCLAW_GATEWAY_TOKEN, ctx.env.OPENCLAW_GATEWAY_PASSWORD]) if (s) ctx.knownSecrets.push(s);
  // So is every --header value: the flag exists to pass proxy credentials (a Cloudflare Access or
  // oauth2-proxy cookie, a custom API key header), and a gateway or proxy may echo the request back
  // (audit23 F2). Each cookie value and a scheme's credential are known too, for a partial echo.
  for (const v of Object.values(headers)) ctx.knownSecrets.push(...headerSecrets(v));
  if (flags.probe === false) {
    // Judged without a connection: where --url points (a LAN URL in CI is diagnosed this way).
    if (flags.url) {
      const t = resolveTarget({ url: flags.url });
      if (!t.error) {
        const local = isLoopbackKind(t.hostKind);
        (facts.flags ??= {}).target = { url: t.url, scheme: t.scheme, host: t.host, port: t.port, hostKind: t.hostKind, plaintextNonLoopback: t.scheme === 'ws' && !local && t.hostKind !== 'name' };
      }
    }
    return () => {};
  }
  // The user named this gateway (--url, gateway.remote.url, or the local default): probe it even on
  // a LAN. Test runs are confined to loopback by VITEST / CLAWKIT_PROBE_LOOPBACK_ONLY=1 inside collectProbe.
  // No --timeout: the probe's default deadline, which its connect stage may stretch to wait out a gateway's
  // failed-login penalty (connect-wait.ts); a --timeout given is the deadline, whatever the gateway.
  const explicitTimeout = flags.timeout !== undefined && flags.timeout !== '';
  const opts: ProbeOptions = { ...(explicitTimeout ? { timeoutMs } : {}), env: ctx.env, allowLan: true, ...(ctx.loopbackOnly !== undefined ? { loopbackOnly: ctx.loopbackOnly } : {}) };
  if (ctx.versionInputs.flag) opts.openclawVersion = ctx.versionInputs.flag;
  if (flags.url) opts.url = flags.url;
  if (flags.token) opts.token = flags.token;
  if (flags.password) opts.password = flags.password;
  if (flags.device) opts.device = true;
  if (flags.origin) opts.origin = flags.origin;
  if (Object.keys(headers).length) opts.headers = headers;
  if (protocol) opts.protocol = protocol;
  if (flags.probeClient === 'cli' || flags.probeClient === 'control-ui' || flags.probeClient === 'probe') opts.client = flags.probeClient;
  if (facts.config?.value) opts.config = facts.config.value;
  // Whatever secret the probe resolves (env, config) is also redacted from every output.
  const secret = resolveTarget(opts).credential?.secret;
  if (secret) ctx.knownSecrets.push(secret);
  const probe = await withSpinner({ stream: ctx.stderr, env: ctx.env, json: !!flags.json }, 'probing the gateway…', async (setText) => (await import('./index.js')).collectProbe(setText ? { ...opts, onWait: setText } : opts));
  return () => {
    facts.probe = probe;
    ctx.inputs.probe = probe as unknown as Record<string, unknown>;
    const sv = probe.hello?.serverVersion;
    if (sv && sv !== 'dev') ctx.versionInputs.probeVersion = sv;
  };
}
