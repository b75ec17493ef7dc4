// Every recorded client transcript of the behaviour matrix (fixtures/matrix/<release>/<scenario>.json),
// replayed by scripts/matrix/replay.ts to the real probe (collectProbe): the probe must end the same
// way it did against the real gateway (outcome, failed stage, close code/reason or hello-ok, upgrade
// status, rejection codes). No gateway needed; loopback only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectProbe, type ProbeOptions, type ProbeTranscript } from '../../src/collectors/probe/index.js';
import { startReplay } from '../../scripts/matrix/replay.js';
import { summarise } from '../../scripts/matrix/summary.js';
import type { Recording, RecordedClient } from '../../scripts/matrix/normalise.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = path.join(ROOT, 'fixtures', 'matrix');

function recordings(): Array<{ file: string; rec: Recording }> {
  const out: Array<{ file: string; rec: Recording }> = [];
  if (!fs.existsSync(DIR)) return out;
  for (const release of fs.readdirSync(DIR).sort()) {
    const d = path.join(DIR, release);
    if (!fs.statSync(d).isDirectory()) continue;
    for (const f of fs.readdirSync(d).sort()) {
      if (f.endsWith('.json')) out.push({ file: `${release}/${f}`, rec: JSON.parse(fs.readFileSync(path.join(d, f), 'utf8')) as Recording });
    }
  }
  return out;
}

/** What must be equal between the real run and the replay. */
function comparable(s: Record<string, unknown>): Record<string, unknown> {
  const hello = s.hello as { protocol?: number; scopes?: string[]; serverVersion?: string } | undefined;
  return {
    outcome: s.outcome,
    failedStage: s.failedStage,
    close: s.close,
    upgradeStatus: s.upgradeStatus,
    errorCode: s.errorCode,
    detailsCode: s.detailsCode,
    message: s.message,
    hello: hello ? { protocol: hello.protocol, scopes: hello.scopes, serverVersion: hello.serverVersion } : undefined,
    tcpError: s.tcpError,
    tlsSelfSigned: (s.tls as { selfSigned?: boolean } | undefined)?.selfSigned,
  };
}

const timedOut = (c: RecordedClient) => /timeout/.test(String(c.summary.outcome));
const httpSilent = (c: RecordedClient) => c.transcript.some((e) => e.kind === 'http' && typeof e.status !== 'number' && /no HTTP answer/.test(String(e.error)));

/** Whether a recording's replay waits on a timer (see replayOne's deadlines; a frame sent late). */
function waitsOnTimer(rec: Recording): boolean {
  return rec.clients.some((c) => timedOut(c) || httpSilent(c) || !!c.options.probeDefaults || c.transcript.some((e) => typeof e.delayMs === 'number' && e.delayMs > 0));
}

async function replayOne(c: RecordedClient, fingerprint?: string): Promise<Record<string, unknown>> {
  const r = await startReplay(c);
  try {
    const o = c.options;
    // The probe's deadline decides only recorded timeouts (the replay goes silent there, so the
    // deadline fires whatever the load); every other outcome gets a deadline load cannot reach.
    // A recorded HTTP silence (no answer on /readyz) is replayed as silence too, and the probe's HTTP
    // stage then waits out its cap, 30 % of the deadline: 36 s of a 120 s one. 20 s keeps that wait
    // at 6 s and leaves the WebSocket stages 14 s on loopback (a replay takes well under 1 s).
    const opts: ProbeOptions = { url: r.url, loopbackOnly: true, env: {}, timeoutMs: timedOut(c) ? 4000 : httpSilent(c) ? 20_000 : 120_000 };
    // Recorded with the probe's default deadline (a refusal held back by the failed-login delay, replayed
    // as late): replayed without an explicit timeout too, so the failed-login wait policy applies as it
    // did, but with a 120 s base deadline instead of 4 s: at load ~45 the 4 s ran out in the upgrade
    // stage (fastjob11, 2026.6.11). That the default 4 s plus the wait reaches a 4.5 s refusal is
    // test/probe/connect-wait.test.ts's, ordered by timers, not by load.
    if (o.probeDefaults) {
      delete opts.timeoutMs;
      opts.defaultTimeoutMs = 120_000;
    }
    // A recorded close right behind a rejection is replayed in the same tick; wait for it as long as
    // the deadline allows, so a stalled machine cannot turn it into "no close" (the default 1 s race).
    // With the default deadline (probeDefaults) too: the probe caps the wait at what the deadline leaves.
    if (c.transcript.some((e) => e.kind === 'close')) opts.closeWaitMs = opts.timeoutMs ?? 120_000;
    if (o.token) opts.token = 'replay-token';
    if (o.password) opts.password = 'replay-password';
    if (typeof o.client === 'string') opts.client = o.client as ProbeOptions['client'];
    if (typeof o.origin === 'string') opts.origin = o.origin;
    if (o.device) opts.device = true;
    if (o.headers) opts.headers = o.headers as Record<string, string>;
    if (o.protocol) opts.protocol = o.protocol as { min: number; max: number };
    // A pinned gateway certificate: pin the replay's own (the recorded one is kept as data only).
    if (o.pinGatewayCert && r.fingerprint) opts.config = { gateway: { remote: { tlsFingerprint: fingerprint ?? r.fingerprint } } };
    const transcript: ProbeTranscript = { events: [] };
    opts.transcript = transcript;
    const facts = await collectProbe(opts);
    return summarise(facts as unknown as Record<string, unknown>, transcript) as unknown as Record<string, unknown>;
  } finally {
    await r.close();
  }
}

const all = recordings();

// Concurrent across releases too: a replay mostly waits on loopback sockets and its timers.
describe.concurrent('behaviour matrix replay', () => {
  it('has recordings to replay', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  // The recordings whose replay waits on a timer (a recorded timeout or HTTP silence, a late
  // answer, the probe's default deadline) are started first, under the same names: their 4-6 s
  // waits then overlap the other replays' work instead of ending the file.
  const releases = [...new Set(all.map((x) => x.rec.release))];
  for (const waits of [true, false]) {
    for (const release of releases) {
      const recs = all.filter((x) => x.rec.release === release && waitsOnTimer(x.rec) === waits);
      if (recs.length === 0) continue;
      describe(release, () => {
        for (const { file, rec } of recs) {
          it(`${rec.scenario}: ${rec.clients.length} client(s) end as recorded`, { timeout: 600_000 }, async () => {
            // A recording's clients replay at once, each to a server of its own: a replay mostly waits
            // on loopback, so on a loaded machine five scenarios at a time left the file waiting.
            const got = await Promise.all(rec.clients.map((c) => replayOne(c)));
            rec.clients.forEach((c, i) => expect(comparable(got[i]!), `${file} client ${c.id}`).toEqual(comparable(c.summary)));
          });
        }
      });
    }
  }

  it('a TLS replay presents its own certificate and keeps the recorded fingerprint as data', async () => {
    const tlsRec = all.find((x) => x.rec.clients.some((c) => c.server.tls && c.transcript.some((e) => e.kind === 'tls')));
    expect(tlsRec, 'a TLS recording').toBeDefined();
    const c = tlsRec!.rec.clients.find((x) => x.server.tls && x.transcript.some((e) => e.kind === 'tls'))!;
    const recorded = (tlsRec!.rec.volatile.tlsFingerprints as string[] | undefined)?.[0];
    const r = await startReplay(c, recorded ? { recordedFingerprint: recorded } : {});
    try {
      expect(r.url.startsWith('wss://127.0.0.1:')).toBe(true);
      expect(r.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      if (recorded) expect(r.recordedFingerprint).toBe(recorded);
      // Pinning a different fingerprint than the replay's is a mismatch, as with a real gateway.
      const f = await collectProbe({ url: r.url, loopbackOnly: true, env: {}, timeoutMs: 120_000, config: { gateway: { remote: { tlsFingerprint: '0'.repeat(64) } } } });
      expect(f.outcome).toBe('tls-fingerprint-mismatch');
    } finally {
      await r.close();
    }
  });
});
