// Issue #11 Deliver 7, the sweep: the fixer plans exactly the verified fixes on every one of the 451
// recorded hosts, and --fix --yes applies none that widens trust on any of them. A regression sweep
// over the behaviour matrix (each host's plan is the doctor and the fixer run in-process, ~3.5 s CPU in
// all), in the slow job as the agreement floor is (2cr, 2da). The fast job keeps the static check that
// no safe or prompt rule's patch widens trust as written, and the live-verified entries
// (fix-verification.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { appliedWidening, planFixes, type FixPlanResult } from '../../scripts/matrix/fixes.js';
import { entries, key, recs } from './fix-verification.helpers.js';

let plans: FixPlanResult[];
beforeAll(async () => {
  const rules = await loadBuiltinRules();
  plans = [];
  for (const r of recs) plans.push(await planFixes(r, rules));
}, 900_000);

describe('fix verification fixture', () => {
  it('lists exactly the cells where the doctor offers a safe or prompt fix, with the same plan', () => {
    expect(plans).toHaveLength(451);
    const offered = plans.filter((p) => p.fixes.length);
    expect(offered.length).toBeGreaterThan(40);
    expect(offered.map(key).sort()).toEqual([...entries.keys()].sort());
    for (const p of offered) {
      const e = entries.get(key(p))!;
      expect({ fixes: p.fixes, fixedConfig: p.fixedConfig }, key(p)).toEqual({ fixes: e.fixes, fixedConfig: e.fixedConfig });
    }
  });

  it('--fix --yes never applies a fix that widens trust on any recorded host', () => {
    expect(plans.flatMap((p) => appliedWidening(p).map((w) => `${key(p)}: ${w}`))).toEqual([]);
  });
});
