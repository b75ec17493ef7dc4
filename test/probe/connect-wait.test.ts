// The connect stage waits out OpenClaw's failed-login penalty on loopback (connect-wait.ts): from
// 2026.8.1 a refused login from a loopback client is answered only after up to 5 s, later than the
// default 4 s deadline. The fake gateways answer from their own timers on the same event loop as the
// probe, so which comes first (the answer or the deadline) is decided by the timers' order, not by load.
// The probe runs scaled down (2cx, 2da): `defaultTimeoutMs` stands in for the 4 s default (still not an
// explicit --timeout, so the wait applies) and `connectWaitTuning` for the 5 s cap + 2 s margin, in the
// same order — deadline < the late answer < cap + margin — so each wait costs 2–3.5 s of wall, not 4.5–5.5 s.
// The real 4 s / 5 s / 7 s figures: connectWaitPolicy's test below, and end to end the rule case
// rate-limit/loopback-auth-delay positive[0] (no --timeout, the real 7 s).
import { describe, expect, it } from 'vitest';
import { collectProbe } from '../../src/collectors/probe/index.js';
import { connectWaitPolicy, LOOPBACK_FAILURE_DELAY_MAX_MS } from '../../src/collectors/probe/connect-wait.js';
import { fakeGateway } from './fake-servers.js';

const REASON = 'unauthorized: gateway token mismatch (use this gateway\u2019s token)';
/** The scaled default deadline, the gateway's late answer (after it), and the wait (cap + margin, after that). */
const DEFAULT_MS = 2000;
const LATE_MS = 2500;
const TUNING = { capMs: 2500, marginMs: 1000 };
const BUDGET_MS = TUNING.capMs + TUNING.marginMs;
const scaled = { defaultTimeoutMs: DEFAULT_MS, connectWaitTuning: TUNING };

/** A gateway that refuses the token after `delayMs`, as OpenClaw does under its penalty; `null` = never answers. */
function refusingAfter(delayMs: number | null) {
  return fakeGateway((ws, req) => {
    if (delayMs === null) return;
    setTimeout(() => {
      ws.send(JSON.stringify({ type: 'res', id: req.id, ok: false, error: { code: 'INVALID_REQUEST', message: REASON, details: { code: 'AUTH_TOKEN_MISMATCH', authReason: 'token_mismatch' } } }));
      ws.close(1008, REASON);
    }, delayMs);
  });
}

describe('connectWaitPolicy', () => {
  it('waits on loopback when the release is unknown or has the penalty, never past cap + margin', () => {
    const unknown = connectWaitPolicy({ explicitTimeout: false, loopback: true });
    expect(unknown).toMatchObject({ reason: 'loopback-failure-delay', basis: 'loopback-unknown-version', penaltyCapMs: LOOPBACK_FAILURE_DELAY_MAX_MS });
    expect(unknown!.budgetMs).toBeGreaterThan(LOOPBACK_FAILURE_DELAY_MAX_MS);
    expect(unknown!.budgetMs).toBeLessThanOrEqual(LOOPBACK_FAILURE_DELAY_MAX_MS + 2000);
    expect(connectWaitPolicy({ explicitTimeout: false, loopback: true, version: '2026.8.1' })).toMatchObject({ basis: 'version', version: '2026.8.1' });
    expect(connectWaitPolicy({ explicitTimeout: false, loopback: true, version: '2026.9.6' })).toMatchObject({ basis: 'version' });
    // The tests' internal tuning replaces the cap and margin, nothing else.
    expect(connectWaitPolicy({ explicitTimeout: false, loopback: true, tuning: { capMs: 3000, marginMs: 1500 } })).toEqual({ ...unknown, penaltyCapMs: 3000, budgetMs: 4500 });
    expect(connectWaitPolicy({ explicitTimeout: true, loopback: true, tuning: { capMs: 3000, marginMs: 1500 } })).toBeUndefined();
  });

  it('does not wait: --timeout given, a gateway not on loopback, a release without the penalty', () => {
    expect(connectWaitPolicy({ explicitTimeout: true, loopback: true })).toBeUndefined();
    expect(connectWaitPolicy({ explicitTimeout: false, loopback: false })).toBeUndefined();
    expect(connectWaitPolicy({ explicitTimeout: false, loopback: true, version: '2026.7.35' })).toBeUndefined();
    expect(connectWaitPolicy({ explicitTimeout: false, loopback: true, version: '2026.6.11' })).toBeUndefined();
  });
});

describe.concurrent('connect stage against a gateway that holds back its refusal 4.5 s', () => {
  // 4.5 s past a 4 s deadline at full scale; LATE_MS past DEFAULT_MS here (the header says why).
  it('default deadline: waits, gets the token mismatch, says why it waited (JSON) and announces it once', async ({ onTestFinished }) => {
    const gw = await refusingAfter(LATE_MS);
    onTestFinished(() => gw.close());
    const said: string[] = [];
    const f = await collectProbe({ url: `ws://127.0.0.1:${gw.port}`, token: 'wrong', loopbackOnly: true, env: {}, ...scaled, onWait: (t) => said.push(t) });
    expect(f.outcome).toBe('token-mismatch');
    expect(f.failedStage).toBe('connect');
    expect(f.connectWait).toMatchObject({ reason: 'loopback-failure-delay', basis: 'loopback-unknown-version', penaltyCapMs: TUNING.capMs, budgetMs: BUDGET_MS });
    expect(f.connectWait!.extendedMs).toBeGreaterThan(0);
    const connect = f.stages.find((s) => s.stage === 'connect')!;
    expect(connect.detail).toMatch(/waited up to \d+ ms .*2026\.8\.1/);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/failed login/);
  });

  it('an explicit --timeout wins: the deadline fires first, no wait recorded', async ({ onTestFinished }) => {
    const gw = await refusingAfter(LATE_MS);
    onTestFinished(() => gw.close());
    // The tuning is passed too: an explicit deadline must override it, as it does the default wait.
    const f = await collectProbe({ url: `ws://127.0.0.1:${gw.port}`, token: 'wrong', loopbackOnly: true, env: {}, connectWaitTuning: TUNING, timeoutMs: DEFAULT_MS });
    expect(f.outcome).toBe('connect-timeout');
    expect(f.connectWait).toBeUndefined();
  });

  it('a named release without the penalty (2026.6.11): the default deadline decides', async ({ onTestFinished }) => {
    const gw = await refusingAfter(LATE_MS);
    onTestFinished(() => gw.close());
    const said: string[] = [];
    const f = await collectProbe({ url: `ws://127.0.0.1:${gw.port}`, token: 'wrong', loopbackOnly: true, env: {}, ...scaled, openclawVersion: '2026.6.11', onWait: (t) => said.push(t) });
    expect(f.outcome).toBe('connect-timeout');
    expect(f.connectWait).toBeUndefined();
    expect(said).toEqual([]);
  });

  // The scaled wait (cap + margin) still reaches past the scaled default deadline, so this takes the
  // same path as the default 5 s + 2 s past 4 s. The default no-answer wait runs end to end in the rule
  // cases (rate-limit/loopback-auth-delay positive[0]: no --timeout, the real 7 s).
  it('no answer at all: bounded by cap + margin, the finding-facing error names the penalty', async ({ onTestFinished }) => {
    const gw = await refusingAfter(null);
    onTestFinished(() => gw.close());
    const f = await collectProbe({ url: `ws://127.0.0.1:${gw.port}`, token: 'wrong', loopbackOnly: true, env: {}, ...scaled });
    expect(f.outcome).toBe('connect-timeout');
    expect(f.failedStage).toBe('connect');
    expect(f.connectWait).toMatchObject({ reason: 'loopback-failure-delay', penaltyCapMs: TUNING.capMs, budgetMs: BUDGET_MS });
    expect(f.connectWait!.extendedMs).toBeGreaterThan(0);
    const connect = f.stages.find((s) => s.stage === 'connect')!;
    expect(connect.error).toMatch(new RegExp(`within ${BUDGET_MS} ms.*penalty`));
  });
});

// A stalled client: the gateway (in a worker thread, so it runs while the probe's thread is blocked)
// answers only after the probe's thread has slept past the extended deadline; when the thread wakes,
// the deadline's timer and the answer are both due. The answer the wait exists for must win. Ordered by
// Atomics handshakes between the threads, not by timing, so load cannot change the order.
describe('connect stage on a stalled machine', () => {
  // Ordered by the handshakes, so the wait needs no slack for load: any budget past the default deadline.
  const STALL = { capMs: 1500, marginMs: 1000 };
  // lead 0: the two deadlines in the order they are armed; 20: the stage timer first — the order a
  // millisecond between their two clock reads gave under load (failed once at load ~30: connect-timeout).
  it.for([0, 20])('the penalised answer already in the socket wins over the extended deadline that fired late (stage timer %i ms ahead)', async (stageLeadMs, { onTestFinished }) => {
    const { Worker } = await import('node:worker_threads');
    const flags = new Int32Array(new SharedArrayBuffer(16)); // [0] go: send now · [1] sent · [2] sleep slot
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const { WebSocketServer } = require('ws');
       const flags = new Int32Array(workerData.sab);
       const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
       wss.on('listening', () => parentPort.postMessage({ port: wss.address().port }));
       wss.on('connection', (ws) => {
         ws.send(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: 'n1', ts: Date.now() } }));
         ws.on('message', (d) => {
           const req = JSON.parse(String(d));
           parentPort.postMessage({ connect: true });
           Atomics.wait(flags, 0, 0); // until the probe's thread has slept past its deadline
           ws.send(JSON.stringify({ type: 'res', id: req.id, ok: false, error: { code: 'INVALID_REQUEST', message: workerData.reason, details: { code: 'AUTH_TOKEN_MISMATCH', authReason: 'token_mismatch' } } }));
           ws.close(1008, workerData.reason);
           Atomics.store(flags, 1, 1);
           Atomics.notify(flags, 1);
         });
       });`,
      { eval: true, workerData: { sab: flags.buffer, reason: REASON } },
    );
    onTestFinished(() => void worker.terminate());
    let sent = 'not yet';
    const port = await new Promise<number>((resolve) =>
      worker.on('message', (m: { port?: number; connect?: boolean }) => {
        if (m.port) return resolve(m.port);
        if (!m.connect) return;
        // The probe sent connect with a wait budget of cap + margin (armed before this message): sleep past
        // it, then let the gateway answer and wait (still blocked) until it has written the answer and the close.
        Atomics.wait(flags, 2, 0, STALL.capMs + STALL.marginMs + 500);
        Atomics.store(flags, 0, 1);
        Atomics.notify(flags, 0);
        sent = Atomics.wait(flags, 1, 0, 60_000) === 'timed-out' ? 'timed out' : 'sent';
      }),
    );
    // The budget is more than the (scaled) default deadline leaves at connect, so the wait extends it.
    const f = await collectProbe({ url: `ws://127.0.0.1:${port}`, token: 'wrong', loopbackOnly: true, env: {}, defaultTimeoutMs: DEFAULT_MS, connectWaitTuning: { ...STALL, stageLeadMs } });
    expect(sent).toBe('sent');
    expect(f.connectWait?.extendedMs).toBeGreaterThan(0);
    expect(f.outcome).toBe('token-mismatch');
    expect(f.failedStage).toBe('connect');
  }, 120_000);
});
