// Issue #11 Deliver 7: every safe and prompt fix is verified against the real gateway. The live runs
// (`npm run matrix -- --verify-fixes`) are recorded in fixtures/matrix/fix-verification.json and
// fixtures/matrix-fixed/; this test replays them without a gateway: each verified fix cured what it
// claims without costing a client, the doctor on the fixed host agrees with what the gateway did, and
// no safe or prompt rule's patch widens trust as written. That the fixer still plans exactly the
// verified fixes on every recorded host, none of them widening trust, is a sweep over all 451 hosts:
// fix-verification.sweep.test.ts, in the slow job (notes/hostile-input.md, 2da).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { widensTrustAsWritten } from '../../src/rules/trust.js';
import type { Rule } from '../../src/types.js';
import { judge } from '../../scripts/matrix/agreement.js';
import { doctorOnHost } from '../../scripts/matrix/doctor.js';
import { liveResult, outcomeOf } from '../../scripts/matrix/verify-fixes.js';
import { doc, fixedRec, key, live, recOf } from './fix-verification.helpers.js';

/** Releases whose every applied fix must have been run live (the brief: latest + the oldest). */
const LIVE_RELEASES = ['2026.9.6', '2026.2.12'];

let rules: Rule[];
beforeAll(async () => {
  rules = await loadBuiltinRules();
}, 900_000);

describe('fix verification fixture', () => {
  it('no safe or prompt rule carries a patch that widens trust as written', () => {
    const auto = rules.filter((r) => r.fix.tier !== 'manual' && r.fix.patch?.length);
    expect(auto.length).toBeGreaterThan(20);
    expect(auto.map((r) => [r.id, widensTrustAsWritten(r.fix.patch!)]).filter(([, w]) => w)).toEqual([]);
  });

  it(`every applied fix on ${LIVE_RELEASES.join(' and ')} was run live from its current fixed config`, () => {
    const missing = doc.entries.filter((e) => LIVE_RELEASES.includes(e.release) && e.fixedConfig !== undefined && !e.live).map(key);
    expect(missing).toEqual([]);
    expect(live.length).toBeGreaterThanOrEqual(doc.entries.filter((e) => LIVE_RELEASES.includes(e.release) && e.fixedConfig).length);
  });

  it('every live-verified fix cured what it claims and cost no client', () => {
    const bad = live.filter((e) => !['cured', 'still-works', 'start-cured'].includes(e.live!.outcome) || e.live!.lostClients.length).map((e) => `${key(e)}: ${e.live!.outcome} lost ${e.live!.lostClients.join(',')}`);
    expect(bad).toEqual([]);
  });

  it('the recorded runs replay to the stored results', () => {
    for (const e of live) expect(liveResult(recOf(e), fixedRec(e)), key(e)).toEqual(e.live);
  });

  it('outcomes: a start failure cured with the client still refused is start-cured, never cured', () => {
    expect(outcomeOf('start', 'works')).toBe('cured');
    expect(outcomeOf('start', 'refused')).toBe('start-cured');
    expect(outcomeOf('refused', 'refused')).toBe('not-cured');
    expect(outcomeOf('works', 'refused')).toBe('broke');
    expect(outcomeOf('works', 'works')).toBe('still-works');
  });

  it('the doctor on each fixed host agrees with the gateway: quiet when it works, the next cause first when not', async () => {
    const wrong: string[] = [];
    for (const e of live) {
      const after = fixedRec(e);
      const { findings } = await doctorOnHost(after, rules);
      const fixed = new Set(e.fixes.filter((f) => f.applicability === 'applied').map((f) => f.ruleId));
      if (e.live!.verdictAfter === 'works') {
        const v = judge(after, findings);
        if (!v.agree) wrong.push(`${key(e)}: ${v.why}`);
      } else if (findings[0]?.severity !== 'error' || fixed.has(findings[0].ruleId)) {
        wrong.push(`${key(e)}: after the fix the gateway says ${JSON.stringify(e.live!.after)}, the doctor leads with ${findings[0]?.ruleId ?? 'nothing'} (${findings[0]?.severity ?? '-'})`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});
