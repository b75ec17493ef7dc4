// OpenClaw's loopback failed-login delay (from 2026.8.1: 250 ms·2^(n−1), capped at 5 s, n = failures
// in the last 60 s; LOOPBACK_FAILURE_DELAY_* in dist/auth-rate-limit-*.js) against real gateways on
// loopback (outbound calls off, harness.ts). Wrong-token clients raise the penalty first, as a client
// retrying in a loop does; then the doctor runs as a user runs it, without --timeout. Its connect
// stage waits the penalty out and reports the token mismatch; before, the 4 s deadline fired first
// and the answer was "did not answer in time". 2026.6.11 has no delay: the same steps, the same answer.
// Assertions are on stages and outcomes, never on elapsed time.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, expectTop, probeGw, record, startGateway, stopSuiteGateway, type GatewayHandle } from './common.js';

const WRONG = 'wrong-token-auth-delay-7c1e';
/** Five failures in the window put the sixth (the doctor's) at the 5 s cap: 250·2^5 > 5000. */
const PRIMING = 5;

async function primePenalty(gw: GatewayHandle): Promise<void> {
  // At once, like clients retrying in a loop: each failure counts, all are released together.
  const runs = await Promise.all(Array.from({ length: PRIMING }, () => probeGw(gw, { token: WRONG, timeoutMs: 30_000 })));
  for (const f of runs) expect(f.outcome).toBe('token-mismatch');
}

function suite(version: string, delays: boolean): void {
  describe(`real gateway ${version}: wrong token after ${PRIMING} failed logins from loopback`, () => {
    let gw: GatewayHandle;
    const url = () => `ws://127.0.0.1:${gw.port}`;
    beforeAll(async () => {
      gw = await startGateway({
        version,
        // 2026.6.11 refuses models.catalogRefresh ("models: Invalid input"); the key only exists from 2026.8.
        ...(version === '2026.6.11' ? { prepareConfig: dropCatalogRefresh } : {}),
      });
    });
    afterAll(() => stopSuiteGateway(gw));

    it('the doctor without --timeout reports the token mismatch', async () => {
      await primePenalty(gw);
      const { report } = cli(['--url', url(), '--token', WRONG], {}, { probeDefaults: true });
      const p = report.inputs.probe!;
      expect(p.outcome).toBe('token-mismatch');
      expect(p.failedStage).toBe('connect');
      // Why the connect stage may wait: a loopback gateway of unknown release (the CLI names none).
      expect(p.connectWait).toMatchObject({ reason: 'loopback-failure-delay', basis: 'loopback-unknown-version', penaltyCapMs: 5000 });
      expectTop(report.findings, 'token-auth/token-mismatch', 'token-auth');
      expect(report.findings.map((f) => f.ruleId)).not.toContain('other/connect-no-answer');
      expect(JSON.stringify(report)).not.toContain(WRONG);
      record(`auth-delay-${version}`, `wrong token after ${PRIMING} failures, default deadline`, p, report.findings);
    });

    it(`an explicit --timeout 4000 wins: ${delays ? 'the penalty outlasts it (connect-timeout, the generic no-answer finding)' : 'no penalty, the refusal comes in time'}`, async () => {
      await primePenalty(gw);
      const { report } = cli(['--url', url(), '--token', WRONG, '--timeout', '4000']);
      const p = report.inputs.probe!;
      expect(p.connectWait).toBeUndefined();
      if (delays) {
        expect(p.outcome).toBe('connect-timeout');
        expect(p.failedStage).toBe('connect');
        expect(report.findings.map((f) => f.ruleId)).toContain('other/connect-no-answer');
      } else {
        expect(p.outcome).toBe('token-mismatch');
        expectTop(report.findings, 'token-auth/token-mismatch', 'token-auth');
      }
    });
  });
}

async function dropCatalogRefresh(configPath: string): Promise<void> {
  const cfg = JSON.parse(fs.readFileSync(configPath, 'utf8')) as { models?: unknown };
  delete cfg.models;
  fs.writeFileSync(configPath, JSON.stringify(cfg, null, 2));
}

suite('2026.9.6', true);
suite('2026.8.2', true);
suite('2026.6.11', false);
