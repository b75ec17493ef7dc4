// The WebSocket stages: upgrade → challenge → connect → hello, one socket, each stage within its
// budget, frames and bytes bounded, and every outcome classified from what the gateway sent.
// Over ~300 lines on purpose: one state machine over one socket's events; split, its state would scatter.
import net from 'node:net';
import type { ProbeOutcome, ProbeStage } from '../../types.js';
import type WebSocket from 'ws';
import type { ProbeFacts } from '../../types.js';
import { classifyClose, classifyReject, requestIdFrom } from './classify.js';
import { createEphemeralDevice, deviceProof } from './device.js';
import { errCode, errMsg } from './clock.js';
import { MAX_FRAME_BYTES, MAX_FRAMES, MAX_HTTP_BODY, MAX_STREAM_BYTES, PROBE_VERSION } from './limits.js';
import { scrubSecrets } from './transcript.js';
import type { ProbeFactsExt } from './options.js';
import type { Clock } from './clock.js';
import { netDeps } from './net-deps.js';
import { printable } from '../../shared/text/printable.js';
import type { ResolvedTarget } from './target.js';
import type { ProbeTranscriptEvent } from './transcript.js';
import type { ConnectWait } from './connect-wait.js';

export interface WsCtx {
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
  /** The connect stage may wait out a failed-login penalty (connect-wait.ts); absent = the deadline decides. */
  connectWait?: Omit<ConnectWait, 'extendedMs'>;
  onWait?: (text: string) => void;
  /** Tests only (ConnectWaitTuning.stageLeadMs). */
  stageLeadMs?: number;
}

export type Note = (e: ProbeTranscriptEvent) => void;

export function wsStages(facts: ProbeFactsExt, target: ResolvedTarget, c: WsCtx): Promise<void> {
  return new Promise((resolve) => {
    let stage: 'upgrade' | 'challenge' | 'connect' = 'upgrade';
    let settled = false;
    let bytes = 0;
    let frames = 0;
    let rejected = false; // error res received; waiting for the close
    let closeWait: NodeJS.Timeout | undefined;
    let stageTimer: NodeJS.Timeout | undefined;
    let announce: NodeJS.Timeout | undefined;
    let waitNote: string | undefined; // the connect stage's detail when it waited past the deadline
    const reqId = `probe-${Date.now().toString(36)}`;
    const dev = c.device ? createEphemeralDevice() : undefined;
    if (dev) facts.device = { id: dev.id };
    const scopes = ['operator.read'];
    const role = 'operator';

    const ws = new (netDeps().WsClient)(target.url, {
      headers: c.headers,
      handshakeTimeout: Math.max(1, c.clk.budget(3000)),
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      followRedirects: false,
      rejectUnauthorized: false, // TLS was judged in the tls stage (incl. a pinned fingerprint)
      lookup: c.lookup,
      ...(c.servername ? { servername: c.servername } : {}),
    });

    // On a stalled machine a timer can fire late, when what it waits for already sits in the socket.
    // The close behind a received rejection, and the answer the extended connect wait exists for (the
    // gateway's failed-login penalty), are read first: the timer decides after the next poll phase.
    // An ordinary deadline (--timeout) decides at once. Everything these timers call checks `settled`.
    const afterPoll = (fn: () => void) => () => void setImmediate(fn);
    const deadline = (fn: () => void) => () => (waitNote ? afterPoll(fn)() : fn());
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(stageTimer);
      clearTimeout(closeWait);
      clearTimeout(announce);
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
      c.fail(stage, outcome, error, detail ?? (stage === 'connect' ? waitNote : undefined));
      done();
    };
    const armStage = (ms: number, onTimeout: () => void) => {
      clearTimeout(stageTimer);
      stageTimer = setTimeout(deadline(onTimeout), Math.max(1, ms));
    };
    const onOverall = () => {
      if (rejected) return finishReject();
      if (stage === 'connect' && waitNote) return connectTimeout();
      const what: Record<string, string> = {
        upgrade: 'no WebSocket upgrade answer',
        challenge: 'no connect.challenge from the server',
        connect: 'no answer to the connect request',
        hello: 'no hello-ok',
      };
      const outcome = stage === 'challenge' ? 'no-challenge' : (`${stage}-timeout` as const);
      failNow(outcome, `${what[stage] ?? 'timed out'} before the ${Math.round(c.clk.deadline - c.clk.t0)} ms deadline`);
    };
    let overall = setTimeout(deadline(onOverall), Math.max(1, c.clk.remaining()));

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
          if (j.error?.message) facts.error = { message: printable(String(j.error.message)) };
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
          if (typeof server.version === 'string') facts.hello.serverVersion = printable(server.version).slice(0, 120);
          if (auth && typeof auth.method === 'string') facts.hello.authMethod = printable(auth.method);
          if (auth && Array.isArray(auth.scopes)) facts.hello.scopes = auth.scopes.map((x) => printable(String(x)));
          const h = facts.hello as typeof facts.hello & { role?: string; deviceTokenIssued?: boolean; authReported?: boolean };
          h.authReported = !!auth;
          if (auth && typeof auth.role === 'string') h.role = printable(auth.role);
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
        closeWait = setTimeout(afterPoll(finishReject), Math.max(1, Math.min(c.closeWaitMs, c.clk.remaining())));
        return;
      }
      // other events (tick, presence…) before the res are ignored
    });

    const recordError = (msg: Record<string, unknown>) => {
      const err = (msg.error ?? {}) as Record<string, unknown>;
      const details = (err.details ?? {}) as Record<string, unknown>;
      const e: NonNullable<ProbeFacts['error']> & Record<string, unknown> = {};
      if (typeof err.code === 'string') e.code = err.code;
      if (typeof err.message === 'string') e.message = printable(err.message).slice(0, 500);
      if (typeof details.code === 'string') e.detailsCode = details.code;
      const reason = details.reason ?? details.authReason;
      if (typeof reason === 'string') e.reason = printable(reason);
      if (typeof details.authReason === 'string') e.authReason = details.authReason;
      const rid = typeof details.requestId === 'string' ? details.requestId : requestIdFrom(e.message);
      if (rid) e.requestId = rid;
      if (typeof details.recommendedNextStep === 'string') e.recommendedNextStep = printable(details.recommendedNextStep);
      if (typeof details.canRetryWithDeviceToken === 'boolean') e.canRetryWithDeviceToken = details.canRetryWithDeviceToken;
      if (typeof details.remediationHint === 'string') e.remediationHint = printable(details.remediationHint).slice(0, 300);
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
      waitOutPenalty();
      // Wrong-token tarpits answer after up to 5 s: give the answer all the time that is left.
      armStage(c.clk.remaining() - (c.stageLeadMs ?? 0), connectTimeout);
    };
    // A rejection read in the same poll phase wins whichever deferred deadline runs first: the stage
    // timer and `overall` fall due together, and their order can flip by a millisecond under load.
    const connectTimeout = () =>
      rejected ? finishReject() : failNow('connect-timeout', waitNote ? `no answer to the connect request within ${facts.connectWait!.budgetMs} ms, although that outlasts the gateway's failed-login penalty (at most ${facts.connectWait!.penaltyCapMs} ms)` : 'no answer to the connect request before the deadline (a gateway that is slowing down repeated failed logins answers late)');

    /** The penalty of OpenClaw ≥ 2026.8.1 on failed loopback logins: let the connect stage outlast it (bounded). */
    const waitOutPenalty = () => {
      const w = c.connectWait;
      if (!w) return;
      const left = c.clk.remaining();
      const extendedMs = Math.max(0, Math.round(w.budgetMs - left));
      facts.connectWait = { ...w, extendedMs };
      if (!extendedMs) return;
      c.clk.extend(extendedMs);
      clearTimeout(overall);
      overall = setTimeout(deadline(onOverall), Math.max(1, c.clk.remaining()));
      waitNote = `waited up to ${w.budgetMs} ms for the answer: OpenClaw from 2026.8.1 answers a failed login from this machine only after a penalty of up to ${w.penaltyCapMs} ms`;
      const onWait = c.onWait;
      if (onWait) announce = setTimeout(() => onWait(`waiting up to ${Math.ceil(extendedMs / 1000)} s more: the gateway may be delaying a failed login (OpenClaw ≥ 2026.8.1)…`), Math.max(1, left));
    };

    ws.on('close', (code: number, reason: Buffer) => {
      if (settled) return;
      c.note?.({ kind: 'close', code, reason: reason.toString('utf8') });
      facts.close = { code, reason: printable(reason.toString('utf8')).slice(0, 240) };
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
export function headerMap(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
