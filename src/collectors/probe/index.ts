// The live gateway probe (issue #4): asks the running gateway itself what is wrong.
//
// Stages, each with its own deadline inside one overall timeout:
//   target → dns → tcp → tls (wss only) → http (/readyz, /healthz) → upgrade → challenge → connect → hello
// Memory is bounded everywhere: HTTP bodies are cut at 4 KiB, WebSocket frames at 1 MiB, and a
// connection that streams more than 4 MiB or 200 frames before hello-ok is dropped.
// Facts never contain a token, password or device token: only where the credential came from.
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
// undici and ws are loaded on the first probe only: a bundled static import would cost every
// run (even --no-probe) ~150 ms of start-up.
import type { Agent } from 'undici';
import type WebSocket from 'ws';

type Undici = typeof import('undici');
type WsCtor = typeof import('ws').default;
let undici: Undici | undefined;
let WsClient: WsCtor | undefined;

async function loadNetDeps(): Promise<{ undici: Undici; WsClient: WsCtor }> {
  undici ??= await import('undici');
  WsClient ??= (await import('ws')).default;
  return { undici, WsClient };
}
import type { HostKind, ProbeFacts, ProbeOutcome, ProbeStage } from '../../types.js';
import { classifyClose, classifyReject, classifyTlsError, requestIdFrom } from './classify.js';
import { createEphemeralDevice, deviceProof } from './device.js';
import { classifyHost, resolveTarget, type ResolvedTarget, type TargetInput } from './target.js';
import { judgeBrowserUrl } from './secure-context.js';
import { ownCertFingerprint } from './own-cert.js';
import { scrubSecrets, type ProbeTranscript, type ProbeTranscriptEvent } from './transcript.js';
import { isLoopbackKind } from '../../shared/net/hosts.js';
export type { ProbeTranscript, ProbeTranscriptEvent } from './transcript.js';

export { resolveTarget, classifyHost, normaliseUrl, DEFAULT_GATEWAY_PORT } from './target.js';
export type { ResolvedTarget, TargetInput, Credential } from './target.js';
export { classifyReject, classifyClose, classifyTlsError } from './classify.js';
export { judgeBrowserUrl, type BrowserUrlJudgement } from './secure-context.js';

import { DEFAULT_TIMEOUT_MS } from './target.js';
export { DEFAULT_TIMEOUT_MS };
export const MAX_FRAME_BYTES = 1024 * 1024;
export const MAX_STREAM_BYTES = 4 * 1024 * 1024;
export const MAX_FRAMES = 200;
export const MAX_HTTP_BODY = 4096;
const PROBE_VERSION = '0.1.0';

export type ProbeClient = 'cli' | 'control-ui' | 'probe';

export interface ProbeOptions extends TargetInput {
  /** Overall deadline for the whole probe (ms). Default 4000. */
  timeoutMs?: number;
  /** Deep probe: sign the challenge with an ephemeral in-memory Ed25519 identity. */
  device?: boolean;
  /** Send this Origin header (a browser's view). Implies `client: 'control-ui'` unless set. */
  origin?: string;
  /** Extra request headers on the upgrade (e.g. X-Forwarded-For to reproduce a proxy). */
  headers?: Record<string, string>;
  /** Which client to present as. `cli` (default) = the openclaw CLI; `control-ui` = the browser UI. */
  client?: ProbeClient;
  /** Override the offered protocol range (default 3..4, which both 2026.2.x and 2026.9.x accept). */
  protocol?: { min: number; max: number };
  /** Refuse to connect to anything but 127.0.0.0/8, ::1 and localhost (always on under vitest). */
  loopbackOnly?: boolean;
  /**
   * Connect to LAN addresses (private, link-local, tailnet/CGNAT, 0.0.0.0) too. Off by default: a
   * LAN target is judged statically and never contacted, so a probe never sends a token over a
   * network the user did not mean to test from here (and plain ws:// there would send it in clear).
   */
  allowLan?: boolean;
  /** Opt-in protocol transcript (the behaviour matrix): every HTTP answer, upgrade, frame and close is appended here. */
  transcript?: ProbeTranscript;
  /**
   * After a rejected connect, how long to wait for the gateway's close frame (default 1000 ms, capped by
   * the deadline). The gateway sends it right behind the error, so only a stalled machine needs more:
   * a replay that knows a close follows passes a longer wait instead of racing the scheduler.
   */
  closeWaitMs?: number;
}

export interface ProbeFactsExt extends ProbeFacts {
  target?: {
    scheme: 'ws' | 'wss';
    host: string;
    port: number;
    path: string;
    hostKind: HostKind;
    loopback: boolean;
    mode?: string;
    configPort?: number;
    envPort?: number;
    /** The probed port differs from gateway.port / OPENCLAW_GATEWAY_PORT. */
    portMismatch?: boolean;
    /** The port the client setup expects (OPENCLAW_GATEWAY_PORT, else gateway.port) and where that came from. */
    expectedPort?: number;
    expectedPortSource?: string;
    /** ws:// to an address that is not loopback (OpenClaw ≥ 2026.2.19 clients refuse it). */
    plaintextNonLoopback?: boolean;
  };
  credentialKind?: 'token' | 'password' | 'none';
  credentialNote?: string;
  /** Sources holding a different secret of the same kind than the one sent (names only). */
  credentialShadowed?: string[];
  client?: {
    id: string;
    mode: string;
    minProtocol: number;
    maxProtocol: number;
    origin?: string;
    /** Whether a browser page at `origin` is a secure context (https, loopback, localhost). */
    originSecureContext?: boolean;
    headerNames?: string[];
    forwardedHeaders?: boolean;
    device: boolean;
  };
  dns?: { addresses: string[]; kinds: HostKind[]; used?: string };
  challenge?: { nonce: boolean; capabilities?: string[] };
  device?: { id: string; outcome?: ProbeOutcome; deviceTokenIssued?: boolean };
  /** Why the probe did not connect at all (e.g. non-loopback target in loopback-only mode). */
  skipped?: string;
  received?: { frames: number; bytes: number };
}

interface Clock {
  t0: number;
  deadline: number;
  remaining(): number;
  budget(stageMax: number): number;
  /** Time the doctor spent on itself (loading libraries): not the gateway's, so not counted. */
  exclude(ms: number): void;
}

function clock(timeoutMs: number): Clock {
  let t0 = performance.now();
  let deadline = t0 + timeoutMs;
  // Stage caps are set for the default 4 s; a longer --timeout (a slow link, a loaded machine) widens
  // every stage in proportion, so asking for more time never leaves a stage on its default cap.
  const scale = Math.max(1, timeoutMs / 4000);
  return {
    get t0() {
      return t0;
    },
    get deadline() {
      return deadline;
    },
    remaining: () => Math.max(0, deadline - performance.now()),
    exclude(ms: number) {
      t0 += ms;
      deadline += ms;
    },
    budget(stageMax: number) {
      return Math.max(0, Math.min(stageMax * scale, deadline - performance.now()));
    },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

function errCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}
function errMsg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Address kinds that are a LAN (or a private overlay network): never contacted unless allowLan. */
function isLanKind(kind: HostKind): boolean {
  return kind === 'private' || kind === 'link-local' || kind === 'tailnet';
}

function lanSkipReason(host: string, kind: HostKind, port: number, resolvedFrom?: string): string {
  const what = resolvedFrom ? `${resolvedFrom} resolves to ${host}, a ${kind} address` : `${host} is a ${kind} address`;
  return `${what}: LAN targets are judged statically and never contacted (run clawkit-doctor on the gateway host, or tunnel: ssh -N -L ${port}:127.0.0.1:${port} <gateway-host>, then --url ws://127.0.0.1:${port})`;
}

function loopbackOnlyDefault(opts: ProbeOptions): boolean {
  if (opts.loopbackOnly !== undefined) return opts.loopbackOnly;
  return process.env.CLAWKIT_PROBE_LOOPBACK_ONLY === '1' || !!process.env.VITEST;
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T | 'timeout'> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      onTimeout();
      resolve('timeout');
    }, ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** Run the staged probe. Never throws: every failure becomes facts. */
export async function collectProbe(opts: ProbeOptions): Promise<ProbeFactsExt> {
  const timeoutMs = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : DEFAULT_TIMEOUT_MS;
  const clk = clock(timeoutMs);
  const target = resolveTarget(opts);
  // On the gateway's host its own certificate is trusted the way OpenClaw's local CLI trusts it.
  const ownFp = target.ownCertPath ? ownCertFingerprint(target.ownCertPath) : undefined;
  if (ownFp) target.tlsFingerprint = ownFp;
  // Opt-in transcript; when absent, `note?.(…)` does not even evaluate its argument.
  const tr = opts.transcript;
  const note: Note | undefined = tr ? (e) => void tr.events.push({ ...e, at: round(performance.now() - clk.t0) }) : undefined;
  const clientKind: ProbeClient = opts.client ?? (opts.origin ? 'control-ui' : 'cli');
  const client =
    clientKind === 'control-ui'
      ? { id: 'openclaw-control-ui', mode: 'webchat' }
      : clientKind === 'probe'
        ? { id: 'openclaw-probe', mode: 'probe' }
        : { id: 'cli', mode: 'cli' };
  const protocol = opts.protocol ?? { min: 3, max: 4 };
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let origin = opts.origin;
  if (!origin && clientKind === 'control-ui') {
    // A browser always sends Origin: default to the gateway's own address, as when the UI is served by it.
    origin = target.httpBase;
  }
  if (origin) {
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'origin') delete headers[k];
    headers.Origin = origin;
  }
  const headerNames = Object.keys(headers);
  const forwarded = headerNames.some((h) => /^(x-forwarded-|x-real-ip$|forwarded$)/i.test(h));

  const facts: ProbeFactsExt = {
    url: target.url,
    targetSource: target.targetSource,
    reached: 'none',
    outcome: 'unknown',
    stages: [],
    timings: { totalMs: 0 },
    target: {
      scheme: target.scheme,
      host: target.host,
      port: target.port,
      path: target.path,
      hostKind: target.hostKind,
      loopback: isLoopbackKind(target.hostKind),
    },
    credentialKind: target.credential?.kind ?? 'none',
    client: { id: client.id, mode: client.mode, minProtocol: protocol.min, maxProtocol: protocol.max, device: !!opts.device },
  };
  const t = facts.target!;
  if (target.credentialSource) facts.credentialSource = target.credentialSource;
  if (target.credentialNote) facts.credentialNote = target.credentialNote;
  if (target.shadowed) facts.credentialShadowed = target.shadowed;
  if (target.mode) t.mode = target.mode;
  if (target.configPort) t.configPort = target.configPort;
  if (target.envPort) t.envPort = target.envPort;
  const expectedPort = target.envPort ?? target.configPort;
  if (expectedPort) {
    t.expectedPort = expectedPort;
    t.expectedPortSource = target.envPort ? 'OPENCLAW_GATEWAY_PORT' : 'gateway.port';
  }
  if (expectedPort && target.port && expectedPort !== target.port && isLoopbackKind(target.hostKind)) t.portMismatch = true;
  t.plaintextNonLoopback = target.scheme === 'ws' && !isLoopbackKind(target.hostKind) && target.hostKind !== 'name';
  if (origin) {
    facts.client!.origin = origin;
    facts.client!.originSecureContext = judgeBrowserUrl(origin).secureContext;
  }
  if (headerNames.length) facts.client!.headerNames = headerNames;
  if (forwarded) facts.client!.forwardedHeaders = true;

  let stageStart = performance.now();
  const pass = (stage: ProbeStage, detail?: string) => {
    const now = performance.now();
    facts.stages.push({ stage, ok: true, ms: round(now - stageStart), ...(detail ? { detail } : {}) });
    facts.reached = stage;
    stageStart = now;
  };
  const fail = (stage: ProbeStage, outcome: ProbeOutcome, error: string, detail?: string) => {
    const now = performance.now();
    facts.stages.push({ stage, ok: false, ms: round(now - stageStart), error, ...(detail ? { detail } : {}) });
    facts.failedStage = stage;
    facts.outcome = outcome;
    stageStart = now;
  };
  const finish = (): ProbeFactsExt => {
    facts.timings.totalMs = round(performance.now() - clk.t0);
    return facts;
  };

  // ---------------------------------------------------------------- target
  if (target.error || !target.host) {
    fail('target', 'invalid-url', target.error ?? 'no host in URL');
    return finish();
  }
  if (loopbackOnlyDefault(opts) && !isLoopbackKind(target.hostKind)) {
    facts.skipped = `non-loopback target ${target.host} (${target.hostKind}) judged statically; loopback-only mode does not connect`;
    fail('target', 'not-probed', 'loopback-only mode');
    return finish();
  }
  if (!opts.allowLan && isLanKind(target.hostKind)) {
    facts.skipped = lanSkipReason(target.host, target.hostKind, target.port);
    fail('target', 'not-probed', 'not contacted: LAN address, judged statically');
    return finish();
  }
  pass('target', `${target.url} (${target.targetSource})`);

  // ---------------------------------------------------------------- dns
  let addresses: Array<{ address: string; family: number }>;
  if (net.isIP(target.host)) {
    addresses = [{ address: target.host, family: net.isIP(target.host) }];
    pass('dns', 'IP literal');
  } else {
    try {
      const r = await withTimeout(dns.promises.lookup(target.host, { all: true, verbatim: true }), clk.budget(1500), () => undefined);
      if (r === 'timeout') {
        fail('dns', 'dns-timeout', `no DNS answer for ${target.host} within the deadline`);
        return finish();
      }
      addresses = r;
    } catch (e) {
      const code = errCode(e);
      fail('dns', code === 'ENOTFOUND' ? 'dns-not-found' : 'dns-failed', `${code ?? 'error'}: ${errMsg(e)}`);
      return finish();
    }
    const kinds = addresses.map((a) => classifyHost(a.address));
    facts.dns = { addresses: addresses.map((a) => a.address), kinds };
    if (target.scheme === 'ws' && kinds.length && kinds.every((k) => k === 'loopback')) t.plaintextNonLoopback = false;
    else if (target.scheme === 'ws' && kinds.some((k) => k !== 'loopback')) t.plaintextNonLoopback = true;
    if (loopbackOnlyDefault(opts) && kinds.some((k) => k !== 'loopback')) {
      facts.skipped = `${target.host} resolves to non-loopback addresses; loopback-only mode does not connect`;
      fail('dns', 'not-probed', 'loopback-only mode');
      return finish();
    }
    const lan = opts.allowLan ? -1 : kinds.findIndex(isLanKind);
    if (lan >= 0) {
      facts.skipped = lanSkipReason(addresses[lan]!.address, kinds[lan]!, target.port, target.host);
      fail('dns', 'not-probed', 'not contacted: resolves to a LAN address, judged statically');
      return finish();
    }
    if (!addresses.length) {
      fail('dns', 'dns-not-found', `no addresses for ${target.host}`);
      return finish();
    }
    pass('dns', addresses.map((a) => a.address).join(', '));
  }

  // ---------------------------------------------------------------- tcp
  let sock: net.Socket | undefined;
  let tcpErr: { code?: string; message: string } | undefined;
  let used: { address: string; family: number } | undefined;
  for (const a of addresses) {
    const r = await tcpConnect(a.address, target.port, clk.budget(2500));
    if (r.socket) {
      sock = r.socket;
      used = a;
      break;
    }
    tcpErr = r.error;
    if (clk.remaining() <= 0) break;
  }
  note?.(sock && used ? { kind: 'tcp', ok: true, address: used.address, port: target.port } : { kind: 'tcp', ok: false, port: target.port, ...(tcpErr?.code ? { code: tcpErr.code } : {}), message: tcpErr?.message ?? 'connect failed' });
  if (!sock || !used) {
    const code = tcpErr?.code;
    const outcome =
      code === 'ECONNREFUSED'
        ? 'refused'
        : code === 'ETIMEDOUT'
          ? 'tcp-timeout'
          : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
            ? 'unreachable'
            : code === 'EADDRNOTAVAIL'
              ? 'unreachable'
              : 'tcp-error';
    fail('tcp', outcome, `${code ?? 'error'}: ${tcpErr?.message ?? 'connect failed'}`);
    return finish();
  }
  if (facts.dns) facts.dns.used = used.address;
  pass('tcp', `${used.address}:${target.port}`);
  const lookup = ((_h: string, o: unknown, cb?: unknown) => {
    const callback = (typeof o === 'function' ? o : cb) as (...a: unknown[]) => void;
    const all = typeof o === 'object' && o !== null && (o as { all?: boolean }).all;
    if (all) callback(null, [{ address: used!.address, family: used!.family }]);
    else callback(null, used!.address, used!.family);
  }) as unknown as net.LookupFunction;
  const servername = net.isIP(target.host) ? undefined : target.host;

  // ---------------------------------------------------------------- tls
  if (target.scheme === 'wss') {
    const r = await tlsCheck(sock, target, servername, clk.budget(2500));
    facts.tls = r.facts;
    const tf = r.facts;
    note?.({ kind: 'tls', authorized: !!tf.authorized, ...(tf.fingerprint ? { fingerprint: tf.fingerprint } : {}), ...(tf.subject ? { subject: tf.subject } : {}), ...(tf.issuer ? { issuer: tf.issuer } : {}), selfSigned: tf.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || (!!tf.subject && tf.subject === tf.issuer), ...(tf.code ? { code: tf.code } : {}), ...(tf.error ? { error: tf.error } : {}) });
    if (r.failOutcome) {
      fail('tls', r.failOutcome, r.error ?? 'TLS failed');
      return finish();
    }
    pass('tls', r.detail);
  } else {
    sock.destroy();
  }

  // ---------------------------------------------------------------- http (informational)
  // Only now, with something listening: a refused or unreachable port is answered without
  // loading undici and ws (~50 ms of a refused-port run). As before, loading is not probe time.
  const loadStart = performance.now();
  await loadNetDeps();
  const loadMs = performance.now() - loadStart;
  clk.exclude(loadMs);
  stageStart += loadMs;
  const agent = new undici!.Agent({
    connect: { lookup, rejectUnauthorized: false, ...(servername ? { servername } : {}) },
    keepAliveTimeout: 10,
    pipelining: 0,
  });
  try {
    // The 1.2 s cap widens with a longer --timeout like every other stage (a 2026.9.6 gateway at load
    // 40 answered /readyz later than 1.2 s while the 10 s probe still had 9 s left).
    const httpBudget = Math.min(clk.budget(1200), clk.remaining() * 0.3);
    const h = await httpStage(agent, target.httpBase, httpBudget, note);
    facts.http = h.facts;
    if (h.ok) pass('http', h.detail);
    else {
      // HTTP is informational: record the failure, keep going to the WebSocket stage.
      const now = performance.now();
      facts.stages.push({ stage: 'http', ok: false, ms: round(now - stageStart), error: h.detail });
      stageStart = now;
    }
  } finally {
    agent.destroy().catch(() => undefined);
  }

  // ---------------------------------------------------------------- websocket
  const secrets: Array<[string, string]> = target.credential ? [[target.credential.secret, `<${target.credential.kind}>`]] : [];
  await wsStages(facts, target, { lookup, servername, headers, client, protocol, clk, device: !!opts.device, pass, fail, note, secrets, closeWaitMs: opts.closeWaitMs ?? 1000 });
  if (facts.outcome === 'unknown') facts.outcome = facts.reached === 'hello' ? 'connected' : 'failed';
  return finish();
}

function tcpConnect(host: string, port: number, ms: number): Promise<{ socket?: net.Socket; error?: { code?: string; message: string } }> {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve({ error: { code: 'ETIMEDOUT', message: 'no time left' } });
    const s = net.connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ error: { code: 'ETIMEDOUT', message: `no answer within ${Math.round(ms)} ms` } });
    }, ms);
    s.once('connect', () => {
      clearTimeout(timer);
      s.removeAllListeners('error');
      s.on('error', () => undefined);
      resolve({ socket: s });
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      s.destroy();
      resolve({ error: { code: errCode(e), message: errMsg(e) } });
    });
  });
}

interface TlsResult {
  facts: NonNullable<ProbeFacts['tls']> & { subject?: string; issuer?: string; validTo?: string; pinned?: boolean; pinMatch?: boolean; code?: string; /** The gateway's own cert file the pin came from. */ pinSource?: string };
  failOutcome?: ProbeOutcome;
  error?: string;
  detail?: string;
}

function tlsCheck(sock: net.Socket, target: ResolvedTarget, servername: string | undefined, ms: number): Promise<TlsResult> {
  return new Promise((resolve) => {
    const ts = tls.connect({ socket: sock, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'], ...(servername ? { servername } : {}) });
    let done = false;
    const end = (r: TlsResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ts.destroy();
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => end({ facts: { error: 'TLS handshake timed out' }, failOutcome: 'tls-timeout', error: `no TLS handshake within ${Math.round(ms)} ms` }),
      Math.max(1, ms),
    );
    ts.once('secureConnect', () => {
      const cert = ts.getPeerCertificate();
      const fp = cert?.fingerprint256 ? cert.fingerprint256.replace(/:/g, '').toLowerCase() : undefined;
      const f: TlsResult['facts'] = { authorized: ts.authorized };
      if (fp) f.fingerprint = fp;
      if (cert?.subject?.CN) f.subject = String(cert.subject.CN);
      if (cert?.issuer?.CN) f.issuer = String(cert.issuer.CN);
      if (cert?.valid_to) f.validTo = cert.valid_to;
      let code = ts.authorized ? undefined : String(ts.authorizationError ?? 'UNKNOWN');
      if (!code && servername && cert && Object.keys(cert).length) {
        const idErr = tls.checkServerIdentity(servername, cert);
        if (idErr) code = 'ERR_TLS_CERT_ALTNAME_INVALID';
      }
      if (target.tlsFingerprint) {
        f.pinned = true;
        f.pinMatch = fp === target.tlsFingerprint;
        if (target.ownCertPath) f.pinSource = target.ownCertPath;
        if (!f.pinMatch) {
          f.error = target.ownCertPath
            ? `certificate fingerprint does not match the gateway's own certificate file ${target.ownCertPath}`
            : 'certificate fingerprint does not match gateway.remote.tlsFingerprint';
          return end({ facts: f, failOutcome: 'tls-fingerprint-mismatch', error: f.error });
        }
        // A matching pin is trusted whatever the CA says.
        return end({ facts: f, detail: target.ownCertPath ? "certificate is the gateway's own (as OpenClaw's local CLI trusts it)" : 'certificate matches the pinned fingerprint' });
      }
      if (code) {
        f.code = code;
        f.error = code;
        return end({ facts: f, failOutcome: classifyTlsError(code), error: `certificate not trusted: ${code}` });
      }
      end({ facts: f, detail: `${ts.getProtocol() ?? 'TLS'} ${f.subject ? `CN=${f.subject}` : ''}`.trim() });
    });
    ts.once('error', (e) => {
      const code = errCode(e);
      end({ facts: { error: `${code ?? ''} ${errMsg(e)}`.trim() }, failOutcome: classifyTlsError(code, errMsg(e)), error: errMsg(e) });
    });
    ts.once('close', () => end({ facts: { error: 'connection closed during TLS handshake' }, failOutcome: 'tls-handshake-failed', error: 'connection closed during TLS handshake' }));
  });
}

interface HttpOne {
  status?: number;
  body?: string;
  contentType?: string;
  error?: string;
  json?: Record<string, unknown>;
}

async function httpGet(agent: Agent, url: string, ms: number): Promise<HttpOne> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new Error(`no HTTP answer within ${Math.round(ms)} ms`)), Math.max(1, ms));
  try {
    const res = await undici!.request(url, { dispatcher: agent, signal: ac.signal, headersTimeout: ms, bodyTimeout: ms, maxRedirections: 0 } as Parameters<Undici['request']>[1]);
    const out: HttpOne = { status: res.statusCode };
    const ct = res.headers['content-type'];
    if (ct) out.contentType = String(ct);
    let body = '';
    try {
      for await (const chunk of res.body) {
        body += (chunk as Buffer).toString('utf8');
        if (body.length >= MAX_HTTP_BODY) break;
      }
    } catch {
      /* body cut or aborted: keep what we have */
    }
    res.body.destroy();
    out.body = body.slice(0, MAX_HTTP_BODY);
    const trimmed = out.body.trimStart();
    if (trimmed.startsWith('{')) {
      try {
        const j = JSON.parse(out.body) as unknown;
        if (j && typeof j === 'object' && !Array.isArray(j)) out.json = j as Record<string, unknown>;
      } catch {
        /* not JSON or cut */
      }
    }
    return out;
  } catch (e) {
    const c = errCode(e);
    return { error: `${c && c !== 'undefined' ? `${c}: ` : ''}${errMsg(ac.signal.aborted ? ac.signal.reason : e)}` };
  } finally {
    clearTimeout(timer);
  }
}

type HttpFacts = NonNullable<ProbeFacts['http']>;

async function httpStage(agent: Agent, base: string, ms: number, note?: Note): Promise<{ ok: boolean; detail: string; facts: HttpFacts }> {
  const [r, h] = await Promise.all([httpGet(agent, `${base}/readyz`, ms), httpGet(agent, `${base}/healthz`, ms)]);
  if (note) for (const [path, x] of [['/readyz', r], ['/healthz', h]] as const) {
    note({ kind: 'http', path, ...(x.status !== undefined ? { status: x.status } : {}), ...(x.contentType ? { contentType: x.contentType } : {}), ...(x.body !== undefined ? { body: x.body } : {}), ...(x.error ? { error: x.error } : {}) });
  }
  const f: HttpFacts = {};
  if (r.status !== undefined) f.readyz = r.status;
  if (h.status !== undefined) f.healthz = h.status;
  f.status = r.status ?? h.status;
  const firstBody = r.body ?? h.body;
  if (firstBody) f.body = firstBody.slice(0, 300);
  if (r.json && typeof r.json.ready === 'boolean') {
    f.kind = 'openclaw-json';
    f.ready = r.json.ready;
    if (Array.isArray(r.json.failing)) f.failing = r.json.failing.map(String);
  }
  if (h.json && (h.json.ok === true || h.json.status === 'live')) {
    f.kind = 'openclaw-json';
    f.live = true;
  }
  if (!f.kind) {
    const html = [r, h].find((x) => x.body && /^\s*<(!doctype|html)/i.test(x.body));
    if (html) {
      f.kind = 'html';
      // Old gateways answer every path with the Control UI page: a 200 here says nothing about health.
      if (/openclaw|clawdbot|moltbot/i.test(html.body ?? '')) f.controlUiHtml = true;
    } else if (r.status !== undefined || h.status !== undefined) f.kind = 'other';
    else f.kind = 'none';
  }
  if (r.error && h.error) {
    f.error = r.error;
    return { ok: false, detail: r.error, facts: f };
  }
  const detail =
    f.kind === 'openclaw-json'
      ? `readyz ${f.readyz ?? '-'}${f.ready === false ? ` not ready (${(f.failing ?? []).join(', ')})` : f.ready ? ' ready' : ''}, healthz ${f.healthz ?? '-'}`
      : f.kind === 'html'
        ? `HTML for /readyz (no health endpoint in this version; not taken as health)`
        : `readyz ${f.readyz ?? '-'}, healthz ${f.healthz ?? '-'}`;
  return { ok: true, detail, facts: f };
}

interface WsCtx {
  lookup: net.LookupFunction;
  servername?: string;
  headers: Record<string, string>;
  client: { id: string; mode: string };
  protocol: { min: number; max: number };
  clk: Clock;
  device: boolean;
  pass: (stage: ProbeStage, detail?: string) => void;
  fail: (stage: ProbeStage, outcome: ProbeOutcome, error: string, detail?: string) => void;
  note: Note | undefined;
  /** [secret, placeholder] pairs scrubbed from transcript frames. */
  secrets: Array<[string, string]>;
  closeWaitMs: number;
}

type Note = (e: ProbeTranscriptEvent) => void;

function wsStages(facts: ProbeFactsExt, target: ResolvedTarget, c: WsCtx): Promise<void> {
  return new Promise((resolve) => {
    let stage: 'upgrade' | 'challenge' | 'connect' = 'upgrade';
    let settled = false;
    let bytes = 0;
    let frames = 0;
    let rejected = false; // error res received; waiting for the close
    let closeWait: NodeJS.Timeout | undefined;
    let stageTimer: NodeJS.Timeout | undefined;
    const reqId = `probe-${Date.now().toString(36)}`;
    const dev = c.device ? createEphemeralDevice() : undefined;
    if (dev) facts.device = { id: dev.id };
    const scopes = ['operator.read'];
    const role = 'operator';

    const ws = new WsClient!(target.url, {
      headers: c.headers,
      handshakeTimeout: Math.max(1, c.clk.budget(3000)),
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      followRedirects: false,
      rejectUnauthorized: false, // TLS was judged in the tls stage (incl. a pinned fingerprint)
      lookup: c.lookup,
      ...(c.servername ? { servername: c.servername } : {}),
    });

    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(stageTimer);
      clearTimeout(closeWait);
      facts.received = { frames, bytes };
      try {
        ws.terminate();
      } catch {
        /* already closed */
      }
      resolve();
    };
    const failNow = (outcome: ProbeOutcome, error: string, detail?: string) => {
      if (settled) return;
      c.fail(stage, outcome, error, detail);
      done();
    };
    const armStage = (ms: number, onTimeout: () => void) => {
      clearTimeout(stageTimer);
      stageTimer = setTimeout(onTimeout, Math.max(1, ms));
    };
    const overall = setTimeout(() => {
      if (rejected) return finishReject();
      const what: Record<string, string> = {
        upgrade: 'no WebSocket upgrade answer',
        challenge: 'no connect.challenge from the server',
        connect: 'no answer to the connect request',
        hello: 'no hello-ok',
      };
      const outcome = stage === 'challenge' ? 'no-challenge' : (`${stage}-timeout` as const);
      failNow(outcome, `${what[stage] ?? 'timed out'} before the ${Math.round(c.clk.deadline - c.clk.t0)} ms deadline`);
    }, Math.max(1, c.clk.remaining()));

    const finishReject = () => {
      const e = facts.error ?? {};
      const outcome = classifyReject({
        ...(e.code ? { code: e.code } : {}),
        ...(e.message ? { message: e.message } : {}),
        ...(e.detailsCode ? { detailsCode: e.detailsCode } : {}),
        ...(facts.close ? { closeCode: facts.close.code, closeReason: facts.close.reason } : {}),
      });
      if (facts.device) facts.device.outcome = outcome;
      failNow(outcome, [e.message, facts.close ? `close ${facts.close.code} ${facts.close.reason}`.trim() : ''].filter(Boolean).join('; ') || 'rejected');
    };

    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      facts.upgrade = { status };
      let body = '';
      res.on('data', (d: Buffer) => {
        if (body.length < MAX_HTTP_BODY) body += d.toString('utf8');
        if (body.length >= MAX_HTTP_BODY) res.destroy();
      });
      const fin = () => {
        body = body.slice(0, MAX_HTTP_BODY);
        if (!settled) c.note?.({ kind: 'upgrade', status, headers: headerMap(res.headers), body });
        facts.upgrade!.body = body.slice(0, 600);
        let type: string | undefined;
        try {
          const j = JSON.parse(body) as { error?: { type?: string; message?: string } };
          type = j.error?.type;
          if (j.error?.message) facts.error = { message: j.error.message };
        } catch {
          /* not JSON */
        }
        if (type) facts.upgrade!.errorType = type;
        const outcome =
          type === 'proxy_attribution_required'
            ? 'proxy-attribution-required'
            : status === 429
              ? 'rate-limited'
              : status === 503
                ? 'gateway-starting'
                : status === 401 || status === 403
                  ? 'upgrade-forbidden'
                  : status === 404 || status === 200 || status === 400 || status === 426
                    ? 'not-openclaw'
                    : 'upgrade-rejected';
        failNow(outcome, `HTTP ${status} on the WebSocket upgrade${type ? ` (${type})` : ''}`);
      };
      res.on('end', fin);
      res.on('close', fin);
      res.on('error', fin);
    });

    ws.on('upgrade', (res) => {
      facts.upgrade = { status: res.statusCode ?? 101 };
      c.note?.({ kind: 'upgrade', status: res.statusCode ?? 101, headers: headerMap(res.headers) });
    });

    ws.on('open', () => {
      c.pass('upgrade', 'HTTP 101');
      stage = 'challenge';
      armStage(c.clk.budget(2000), () => failNow('no-challenge', 'the server accepted the WebSocket but sent no connect.challenge (not an OpenClaw gateway, or a much older one)'));
    });

    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (settled) return;
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      frames++;
      bytes += buf.length;
      if (bytes > MAX_STREAM_BYTES || frames > MAX_FRAMES) {
        return failNow('flood', `the server sent ${frames} frames / ${bytes} bytes before hello-ok; probe stopped reading`);
      }
      let msg: Record<string, unknown> | undefined;
      let parsed: unknown;
      if (!isBinary) {
        try {
          const j = JSON.parse(buf.toString('utf8')) as unknown;
          parsed = j;
          if (j && typeof j === 'object' && !Array.isArray(j)) msg = j as Record<string, unknown>;
        } catch {
          /* not JSON */
        }
      }
      c.note?.(isBinary ? { kind: 'recv', binary: buf.length } : parsed !== undefined ? { kind: 'recv', frame: scrubSecrets(parsed, c.secrets) } : { kind: 'recv', text: buf.toString('utf8').slice(0, MAX_HTTP_BODY) });
      if (!msg) {
        if (stage === 'challenge') return failNow('not-openclaw', 'the server sent a non-JSON WebSocket frame instead of connect.challenge');
        return; // ignore noise after the challenge; limits above bound it
      }
      if (stage === 'challenge') {
        if (msg.type === 'event' && msg.event === 'connect.challenge') {
          const payload = (msg.payload ?? {}) as Record<string, unknown>;
          const nonce = typeof payload.nonce === 'string' ? payload.nonce : undefined;
          facts.challenge = { nonce: !!nonce };
          if (Array.isArray(payload.capabilities)) facts.challenge.capabilities = payload.capabilities.map(String);
          c.pass('challenge', nonce ? 'nonce received' : 'no nonce');
          stage = 'connect';
          sendConnect(nonce ?? '');
          return;
        }
        if (msg.type === 'res' && msg.ok === false) {
          // Some failures arrive before any challenge (e.g. a frame-level rejection).
          rejected = true;
          recordError(msg);
          return;
        }
        return failNow('not-openclaw', `the first frame was ${String(msg.type ?? 'unknown')}/${String(msg.event ?? msg.method ?? '')}, not connect.challenge`);
      }
      if (msg.type === 'res' && msg.id === reqId) {
        if (msg.ok === true) {
          const p = (msg.payload ?? {}) as Record<string, unknown>;
          if (p.type !== 'hello-ok') return failNow('unexpected-response', `connect answered ok but with ${String(p.type)}`);
          c.pass('connect', 'accepted');
          const server = (p.server ?? {}) as Record<string, unknown>;
          const auth = (p.auth ?? null) as Record<string, unknown> | null;
          facts.hello = {};
          if (typeof p.protocol === 'number') facts.hello.protocol = p.protocol;
          if (typeof server.version === 'string') facts.hello.serverVersion = server.version;
          if (auth && typeof auth.method === 'string') facts.hello.authMethod = auth.method;
          if (auth && Array.isArray(auth.scopes)) facts.hello.scopes = auth.scopes.map(String);
          const h = facts.hello as typeof facts.hello & { role?: string; deviceTokenIssued?: boolean; authReported?: boolean };
          h.authReported = !!auth;
          if (auth && typeof auth.role === 'string') h.role = auth.role;
          if (auth && typeof auth.deviceToken === 'string') h.deviceTokenIssued = true; // the token itself is never kept
          if (facts.device) {
            facts.device.outcome = 'auto-approved';
            facts.device.deviceTokenIssued = !!(auth && typeof auth.deviceToken === 'string');
          }
          c.pass('hello', `protocol ${facts.hello.protocol ?? '?'}${facts.hello.serverVersion ? `, server ${facts.hello.serverVersion}` : ''}`);
          facts.outcome = 'connected';
          try {
            ws.close(1000, 'probe done');
          } catch {
            /* ignore */
          }
          return done();
        }
        rejected = true;
        recordError(msg);
        // The close (code + reason) follows right away; wait briefly for it.
        clearTimeout(stageTimer);
        closeWait = setTimeout(finishReject, Math.max(1, Math.min(c.closeWaitMs, c.clk.remaining())));
        return;
      }
      // other events (tick, presence…) before the res are ignored
    });

    const recordError = (msg: Record<string, unknown>) => {
      const err = (msg.error ?? {}) as Record<string, unknown>;
      const details = (err.details ?? {}) as Record<string, unknown>;
      const e: NonNullable<ProbeFacts['error']> & Record<string, unknown> = {};
      if (typeof err.code === 'string') e.code = err.code;
      if (typeof err.message === 'string') e.message = err.message.slice(0, 500);
      if (typeof details.code === 'string') e.detailsCode = details.code;
      const reason = details.reason ?? details.authReason;
      if (typeof reason === 'string') e.reason = reason;
      if (typeof details.authReason === 'string') e.authReason = details.authReason;
      const rid = typeof details.requestId === 'string' ? details.requestId : requestIdFrom(e.message);
      if (rid) e.requestId = rid;
      if (typeof details.recommendedNextStep === 'string') e.recommendedNextStep = details.recommendedNextStep;
      if (typeof details.canRetryWithDeviceToken === 'boolean') e.canRetryWithDeviceToken = details.canRetryWithDeviceToken;
      if (typeof details.remediationHint === 'string') e.remediationHint = details.remediationHint.slice(0, 300);
      if (typeof details.expectedProtocol === 'number') e.expectedProtocol = details.expectedProtocol;
      if (typeof details.minimumProbeProtocol === 'number') e.minimumProbeProtocol = details.minimumProbeProtocol;
      const retryAfter = err.retryAfterMs ?? details.retryAfterMs;
      if (typeof retryAfter === 'number') e.retryAfterMs = retryAfter;
      if (typeof err.retryable === 'boolean') e.retryable = err.retryable;
      facts.error = e;
    };

    const sendConnect = (nonce: string) => {
      const token = target.credential?.kind === 'token' ? target.credential.secret : undefined;
      const params: Record<string, unknown> = {
        minProtocol: c.protocol.min,
        maxProtocol: c.protocol.max,
        client: { id: c.client.id, version: `clawkit-doctor-${PROBE_VERSION}`, platform: process.platform, mode: c.client.mode },
        role,
        scopes,
        caps: [],
      };
      if (target.credential) params.auth = { [target.credential.kind]: target.credential.secret };
      if (dev) params.device = deviceProof(dev, { clientId: c.client.id, clientMode: c.client.mode, role, scopes, token: token ?? '', nonce });
      c.note?.({ kind: 'send', frame: scrubSecrets({ type: 'req', id: reqId, method: 'connect', params }, c.secrets) });
      try {
        ws.send(JSON.stringify({ type: 'req', id: reqId, method: 'connect', params }));
      } catch (e) {
        return failNow('connection-lost', `could not send connect: ${errMsg(e)}`);
      }
      // Wrong-token tarpits answer after up to 5 s: give the answer all the time that is left.
      armStage(c.clk.remaining(), () => failNow('connect-timeout', 'no answer to the connect request before the deadline (a gateway that is slowing down repeated failed logins answers late)'));
    };

    ws.on('close', (code: number, reason: Buffer) => {
      if (settled) return;
      c.note?.({ kind: 'close', code, reason: reason.toString('utf8') });
      facts.close = { code, reason: reason.toString('utf8').slice(0, 240) };
      if (rejected) return finishReject();
      if (stage === 'upgrade') return; // unexpected-response / error path handles it
      const outcome = classifyClose(code, facts.close.reason);
      failNow(outcome, `closed ${code}${facts.close.reason ? ` "${facts.close.reason}"` : ' (no reason)'} before hello-ok`);
    });

    ws.on('error', (e: Error) => {
      if (settled) return;
      const code = errCode(e);
      const msg = errMsg(e);
      c.note?.({ kind: 'error', stage, ...(code ? { code } : {}), message: msg });
      if (stage === 'upgrade') {
        if (facts.upgrade?.status && facts.upgrade.status !== 101) return; // unexpected-response path
        if (/timed out|timeout/i.test(msg)) return failNow('upgrade-timeout', `no WebSocket upgrade answer: ${msg}`);
        if (code === 'ECONNRESET' || /socket hang up/i.test(msg)) return failNow('upgrade-reset', `connection reset during the WebSocket upgrade (${msg})`);
        if (code === 'ECONNREFUSED') return failNow('refused', msg);
        if (/Parse Error|HPE_|Invalid (response|header)/i.test(`${code} ${msg}`)) return failNow('not-http', `the port did not answer with HTTP (${msg})`);
        return failNow('upgrade-failed', `${code ?? 'error'}: ${msg}`);
      }
      if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' || /max payload/i.test(msg)) {
        return failNow('oversize-frame', `the server sent a frame larger than ${MAX_FRAME_BYTES} bytes; probe stopped reading`);
      }
      if (code === 'WS_ERR_INVALID_CLOSE_CODE') return failNow('invalid-close-code', msg);
      if (code?.startsWith('WS_ERR')) return failNow('ws-protocol-error', `${code}: ${msg}`);
      if (rejected) return finishReject();
      failNow('connection-lost', `${code ?? 'error'}: ${msg}`);
    });
  });
}

/** Response headers as a flat lower-case map (for the transcript). */
function headerMap(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
