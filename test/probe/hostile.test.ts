// Hostile-server tests: what a real gateway will not do. Every probe must end by its own deadline
// (the outcome names the stage whose timer fired), name the failure, and keep memory bounded.
// Wall-clock figures are not asserted against tight bounds (load on a 2-core machine breaks them):
// the probe's own timers are exercised through the outcome they produce; `npm run bench` measures
// the latency. Servers listen on 127.0.0.1 only.
import { afterEach, describe, expect, it, type ExpectStatic } from 'vitest';
import { collectProbe, MAX_FRAME_BYTES, type ProbeOptions } from '../../src/collectors/probe/index.js';
import type { ProbeOutcome, ProbeStage } from '../../src/types.js';
import { withRunQueueWait } from '../helpers/starvation.js';
import { bigFrameHeader, closeFrame, fakeGateway, garbage, helloOk, htmlOnly, rawWs, resetter, selfSignedCert, silentTcp, textFrame, tlsSilent, wsServer, challenge, type Fake } from './fake-servers.js';

const open: Fake[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});
async function use<T extends Fake>(p: Promise<T>): Promise<T> {
  const f = await p;
  open.push(f);
  return f;
}

/** As `use`, for a test of a concurrent block: its servers close when that test ends. */
async function useIn<T extends Fake>(onTestFinished: (fn: () => Promise<void>) => void, p: Promise<T>): Promise<T> {
  const f = await p;
  onTestFinished(() => f.close());
  return f;
}

async function probe(opts: ProbeOptions & { timeoutMs: number }) {
  const t0 = performance.now();
  const { value: f, waitedMs } = await withRunQueueWait(() => collectProbe({ loopbackOnly: true, ...opts }));
  const wall = performance.now() - t0;
  // Only a hang guard: a probe that ignored its deadline would run until the server gave up (never).
  expect(wall).toBeLessThan(opts.timeoutMs + 20_000);
  return { f, wall, waitedMs, timeoutMs: opts.timeoutMs };
}

// A silence test (the server stops answering at a stage) has the deadline as its subject, and the work
// before that stage (the upgrade, the challenge) races the deadline. On a starved worker (load 18–30:
// fast10 saw `http` reached instead of `challenge`) the deadline can fire first, at an earlier stage:
// that is the doctor's timer doing its job, not a wrong verdict. Such a test names the deadline outcomes
// that are correct for its fault, each with why; they are accepted only when this thread waited for a
// core (kernel run queue, test/helpers/starvation.ts) for a quarter of the deadline or more. A healthy
// worker waits ~0 and must show the fault's own outcome. Tests of a size limit (flood, oversize frame)
// do not use this: a missing cap also ends at a deadline (review22b), so they get one load cannot reach.
const STARVED_SHARE = 0.25;
const DEADLINE_STAGE: Partial<Record<ProbeOutcome, ProbeStage>> = { 'upgrade-timeout': 'upgrade', 'no-challenge': 'challenge', 'connect-timeout': 'connect' };
type Probed = Awaited<ReturnType<typeof probe>>;

/** True when the fault's own outcome came (its detailed assertions apply); false when a starved
 *  worker's probe ended by its own deadline at a stage `starved` accepts for this fault. */
function faultOrStarvedDeadline(ex: ExpectStatic, r: Probed, expected: ProbeOutcome, starved: Partial<Record<ProbeOutcome, string>>): boolean {
  if (r.f.outcome === expected) return true;
  const waited = r.waitedMs ?? 0;
  if (waited < r.timeoutMs * STARVED_SHARE) ex(r.f.outcome, `not starved (waited ${Math.round(waited)} ms for a core)`).toBe(expected);
  ex(Object.keys(starved), `starved (waited ${Math.round(waited)} ms for a core)`).toContain(r.f.outcome);
  // The doctor's own timer fired, at the stage the outcome names: no socket error ended it.
  const last = r.f.stages.at(-1);
  ex(r.f.failedStage).toBe(DEADLINE_STAGE[r.f.outcome]);
  ex(last).toMatchObject({ stage: r.f.failedStage, ok: false });
  ex(last?.error).toMatch(/deadline|timed out|no connect\.challenge/);
  console.warn(`hostile: ${expected} → ${r.f.outcome} on a starved worker (waited ${Math.round(waited)} ms for a core in a ${r.timeoutMs} ms probe)`);
  return false;
}

// Servers that answer at once get a deadline load cannot reach (5 s): the test ends when they answer,
// and a loaded machine (three fast workers on two cores) cannot turn their answer into a timeout.
describe('probe vs hostile servers', () => {
  it('TLS garbage: wss:// to a port that sends random bytes fails at the tls stage', async () => {
    const s = await use(garbage());
    const { f } = await probe({ url: `wss://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(f.failedStage).toBe('tls');
    expect(['tls-not-tls', 'tls-handshake-failed']).toContain(f.outcome);
    expect(f.tls?.error).toBeTruthy();
  });

  it('plain ws:// to a port that sends garbage: not HTTP', async () => {
    const s = await use(garbage());
    const { f } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(f.failedStage).toBe('upgrade');
    expect(['not-http', 'upgrade-reset', 'upgrade-failed']).toContain(f.outcome);
  });

  it('resets the connection mid-upgrade', async () => {
    const s = await use(resetter());
    const { f } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(f.failedStage).toBe('upgrade');
    expect(f.outcome).toBe('upgrade-reset');
    expect(f.http?.kind).toBe('none');
  });

  it('an HTTP app that is not a gateway (HTML for the upgrade): not-openclaw', async () => {
    const s = await use(htmlOnly());
    const { f } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(f.outcome).toBe('not-openclaw');
    expect(f.upgrade?.status).toBe(200);
    expect(f.http?.kind).toBe('html');
    expect(f.http?.controlUiHtml).toBeFalsy();
  });

  it('endless stream of frames: cut at the byte budget, memory bounded', async () => {
    let sent = 0;
    const s = await use(
      wsServer({
        onConnection(ws) {
          challenge(ws);
          const chunk = 'x'.repeat(64 * 1024);
          const pump = () => {
            // Bounded: at most 64 MiB, stops as soon as the client goes away.
            while (ws.readyState === ws.OPEN && sent < 64 * 1024 * 1024 && ws.bufferedAmount < 1024 * 1024) {
              ws.send(JSON.stringify({ type: 'event', event: 'tick', payload: chunk }));
              sent += chunk.length;
            }
            if (ws.readyState === ws.OPEN && sent < 64 * 1024 * 1024) setTimeout(pump, 1);
          };
          pump();
        },
      }),
    );
    const before = process.memoryUsage().rss;
    // A size limit is this test's subject, not the deadline: a deadline load cannot reach (60 s), and the
    // fault's own outcome strictly. A starved worker's deadline firing first looks exactly like a missing
    // cap (review22b: with the cap raised 1000x the starved path still passed), so no deadline outcome is
    // accepted here; a healthy run ends as soon as the budget is crossed.
    const { f } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 60_000 });
    expect(f.outcome).toBe('flood');
    // The probe stopped reading at the budget (MAX_STREAM_BYTES, plus the frame that crossed it).
    expect(f.received!.bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('a 100 MB frame is refused from its header: oversize-frame, memory bounded', async () => {
    const s = await use(
      rawWs((sock) => {
        sock.write(textFrame(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: 'n', ts: 1 } })));
        sock.once('data', () => {
          sock.write(bigFrameHeader(100 * 1024 * 1024));
          // Start streaming the payload (bounded to 4 MiB); the client must stop at the header.
          for (let i = 0; i < 64; i++) if (!sock.destroyed) sock.write(Buffer.alloc(64 * 1024, 0x61));
        });
      }),
    );
    const before = process.memoryUsage().rss;
    // As the flood: the frame cap is the subject, so a deadline load cannot reach and the outcome strictly
    // (review22b: with the cap removed the starved path passed 3 of 3 at load 37-44).
    const { f } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 60_000 });
    expect(f.outcome).toBe('oversize-frame');
    expect(f.reached).toBe('challenge');
    expect(f.stages.at(-1)?.error).toContain(String(MAX_FRAME_BYTES));
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('closes with an unknown application code: closed-unknown with the code and reason', async () => {
    const s = await use(fakeGateway((ws) => ws.close(4321, 'weird shutdown')));
    const { f } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(f.outcome).toBe('closed-unknown');
    expect(f.close).toEqual({ code: 4321, reason: 'weird shutdown' });
    expect(f.failedStage).toBe('connect');
  });

  it('closes with a code the protocol forbids on the wire (1004): invalid-close-code', async () => {
    const s = await use(
      rawWs((sock) => {
        sock.write(textFrame(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: 'n', ts: 1 } })));
        sock.once('data', () => sock.write(closeFrame(1004, 'nope')));
      }),
    );
    const { f } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(f.outcome).toBe('invalid-close-code');
  });

  it('closes 1000 with no reason before answering: handshake-timeout', async () => {
    const s = await use(fakeGateway((ws) => ws.close(1000)));
    const { f } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(f.outcome).toBe('handshake-timeout');
  });

  it('a name (localhost) goes through DNS and falls back across its addresses', async () => {
    const s = await use(fakeGateway((ws, req) => helloOk(ws, req.id)));
    const { f } = await probe({ url: `ws://localhost:${s.port}`, token: 't', timeoutMs: 5000 });
    expect(f.outcome).toBe('connected');
    expect(f.dns?.addresses.length).toBeGreaterThan(0);
    expect(f.dns?.used).toBe('127.0.0.1');
    expect(f.hello?.protocol).toBe(4);
  });

  it('refused connection answers at once', async () => {
    const s = await silentTcp();
    const port = s.port;
    await s.close();
    const { f } = await probe({ url: `ws://127.0.0.1:${port}`, timeoutMs: 4000 });
    expect(f.outcome).toBe('refused');
    expect(f.failedStage).toBe('tcp');
    // Ended by the socket error, not by a timer: the TCP stage says so.
    expect(f.stages.find((st) => st.stage === 'tcp')?.error).toMatch(/ECONNREFUSED/);
  });
});

// These end only when the probe's own timer fires (each waits its 1.2–1.5 s deadline on a silent
// server): they run at once, each with its own server, closed when its test ends.
describe.concurrent('probe vs hostile servers: silence, until the deadline fires', () => {
  it('accepts TCP and never answers: upgrade times out within the deadline', async ({ expect, onTestFinished }) => {
    const s = await useIn(onTestFinished, silentTcp());
    const { f, wall } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 1500 });
    expect(f.reached).toBe('tcp');
    expect(f.failedStage).toBe('upgrade');
    expect(f.outcome).toBe('upgrade-timeout');
    // The HTTP stage failed too, but only as information.
    expect(f.stages.find((st) => st.stage === 'http')?.ok).toBe(false);
    expect(wall).toBeGreaterThan(1000);
  });

  it('WebSocket that never sends connect.challenge: no-challenge', async ({ expect, onTestFinished }) => {
    const s = await useIn(onTestFinished, wsServer({ onConnection: () => undefined }));
    const r = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 1500 });
    const { f } = r;
    // The challenge stage's timer starts at the 101: a deadline before the 101 was read names the upgrade.
    if (faultOrStarvedDeadline(expect, r, 'no-challenge', { 'upgrade-timeout': 'the upgrade answer not read in time' })) {
      expect(f.reached).toBe('upgrade');
      expect(f.failedStage).toBe('challenge');
    }
  });

  it('never answers the connect request: connect-timeout at the deadline', async ({ expect, onTestFinished }) => {
    const s = await useIn(onTestFinished, fakeGateway(() => undefined));
    const r = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 1200 });
    const { f, wall } = r;
    const own = faultOrStarvedDeadline(expect, r, 'connect-timeout', {
      // The same deadline, fired before the challenge or the 101 was read.
      'no-challenge': 'the challenge not read in time',
      'upgrade-timeout': 'the upgrade answer not read in time',
    });
    if (own) expect(f.reached).toBe('challenge');
    expect(wall).toBeGreaterThan(1000);
  });
});

describe('probe TLS stage', () => {
  const cert = selfSignedCert();

  it('self-signed certificate: tls-self-signed with the fingerprint', async () => {
    const s = await use(fakeGateway((ws, req) => helloOk(ws, req.id), { tlsCert: cert }));
    const { f } = await probe({ url: `wss://127.0.0.1:${s.port}`, timeoutMs: 5000 });
    expect(f.failedStage).toBe('tls');
    expect(f.outcome).toBe('tls-self-signed');
    expect(f.tls?.fingerprint).toBe(cert.fingerprint.replace(/:/g, '').toLowerCase());
  });

  it('pinned fingerprint (gateway.remote.tlsFingerprint) is trusted: full handshake over wss', async () => {
    const s = await use(fakeGateway((ws, req) => helloOk(ws, req.id), { tlsCert: cert }));
    const config = { gateway: { mode: 'remote', remote: { url: `wss://127.0.0.1:${s.port}`, token: 't', tlsFingerprint: cert.fingerprint } } };
    const { f } = await probe({ config, timeoutMs: 5000 });
    expect(f.targetSource).toBe('gateway.remote.url');
    expect(f.credentialSource).toBe('gateway.remote.token');
    expect(f.outcome).toBe('connected');
    expect(f.stages.map((x) => x.stage)).toEqual(['target', 'dns', 'tcp', 'tls', 'http', 'upgrade', 'challenge', 'connect', 'hello']);
    expect(f.http?.ready).toBe(true);
  });

  it('pinned fingerprint that does not match: tls-fingerprint-mismatch', async () => {
    const s = await use(fakeGateway((ws, req) => helloOk(ws, req.id), { tlsCert: cert }));
    const config = { gateway: { mode: 'remote', remote: { url: `wss://127.0.0.1:${s.port}`, tlsFingerprint: 'AB:'.repeat(31) + 'AB' } } };
    const { f } = await probe({ config, timeoutMs: 5000 });
    expect(f.outcome).toBe('tls-fingerprint-mismatch');
  });

  it('ws:// to a TLS-only port: dropped upgrade, judged within the deadline', async () => {
    const s = await use(tlsSilent(cert));
    const { f } = await probe({ url: `ws://127.0.0.1:${s.port}`, timeoutMs: 1500 });
    expect(f.failedStage).toBe('upgrade');
    expect(['not-http', 'upgrade-reset', 'upgrade-timeout', 'upgrade-failed']).toContain(f.outcome);
  });
});
