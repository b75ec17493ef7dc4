// The live gateway probe (issue #4): asks the running gateway itself what is wrong.
//
// Stages, each with its own deadline inside one overall timeout:
//   target → dns → tcp → tls (wss only) → http (/readyz, /healthz) → upgrade → challenge → connect → hello
// Memory is bounded everywhere: HTTP bodies are cut at 4 KiB, WebSocket frames at 1 MiB, and a
// connection that streams more than 4 MiB or 200 frames before hello-ok is dropped.
// Facts never contain a token, password or device token: only where the credential came from.
import dns from 'node:dns';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { HostKind, ProbeOutcome, ProbeStage } from '../../types.js';
import { classifyHost, resolveTarget } from './target.js';
import { judgeBrowserUrl } from './secure-context.js';
import { ownCertFingerprint } from './own-cert.js';
import { isLoopbackKind } from '../../shared/net/hosts.js';
import { clock, errCode, errMsg, round, withTimeout } from './clock.js';
import { loadNetDeps } from './net-deps.js';
import { tcpConnect, tlsCheck } from './transport.js';
import { httpStage } from './http-stage.js';
import { wsStages, type Note } from './ws-stages.js';
import { connectWaitPolicy } from './connect-wait.js';
import type { ProbeClient, ProbeFactsExt, ProbeOptions } from './options.js';
export type { ProbeClient, ProbeFactsExt, ProbeOptions } from './options.js';
export type { ProbeTranscript, ProbeTranscriptEvent } from './transcript.js';

export { resolveTarget, classifyHost, normaliseUrl, DEFAULT_GATEWAY_PORT } from './target.js';
export type { ResolvedTarget, TargetInput, Credential } from './target.js';
export { classifyReject, classifyClose, classifyTlsError } from './classify.js';
export { judgeBrowserUrl, type BrowserUrlJudgement } from './secure-context.js';

import { DEFAULT_TIMEOUT_MS } from './target.js';
export { DEFAULT_TIMEOUT_MS };
export { MAX_FRAME_BYTES, MAX_STREAM_BYTES, MAX_FRAMES, MAX_HTTP_BODY } from './limits.js';

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

/** Run the staged probe. Never throws: every failure becomes facts. */
export async function collectProbe(opts: ProbeOptions): Promise<ProbeFactsExt> {
  const timeoutMs = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : (opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS);
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
  } else if (loopbackOnlyDefault(opts) && target.hostKind === 'localhost-name' && target.host.toLowerCase() !== 'localhost') {
    // RFC 6761 names (`app.localhost`, `localhost.`) are loopback without asking anyone, as browsers
    // resolve them; the system resolver may send them to a DNS server, which loopback-only mode forbids.
    addresses = [{ address: '127.0.0.1', family: 4 }];
    facts.dns = { addresses: ['127.0.0.1'], kinds: ['loopback'] };
    pass('dns', `${target.host} is a localhost name (RFC 6761): 127.0.0.1, no DNS query in loopback-only mode`);
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
  const { undici } = await loadNetDeps();
  const loadMs = performance.now() - loadStart;
  clk.exclude(loadMs);
  stageStart += loadMs;
  const agent = new undici.Agent({
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
  // A given --timeout wins; else a loopback gateway that may delay failed logins gets its penalty waited out.
  const loopbackPeer = facts.dns ? facts.dns.kinds.length > 0 && facts.dns.kinds.every(isLoopbackKind) : isLoopbackKind(target.hostKind);
  const connectWait = connectWaitPolicy({ explicitTimeout: !!(opts.timeoutMs && opts.timeoutMs > 0), loopback: loopbackPeer, ...(opts.openclawVersion ? { version: opts.openclawVersion } : {}), ...(opts.connectWaitTuning ? { tuning: opts.connectWaitTuning } : {}) });
  await wsStages(facts, target, { lookup, servername, headers, client, protocol, clk, device: !!opts.device, pass, fail, note, secrets, closeWaitMs: opts.closeWaitMs ?? 1000, ...(connectWait ? { connectWait } : {}), ...(opts.connectWaitTuning?.stageLeadMs ? { stageLeadMs: opts.connectWaitTuning.stageLeadMs } : {}), ...(opts.onWait ? { onWait: opts.onWait } : {}) });
  if (facts.outcome === 'unknown') facts.outcome = facts.reached === 'hello' ? 'connected' : 'failed';
  return finish();
}
