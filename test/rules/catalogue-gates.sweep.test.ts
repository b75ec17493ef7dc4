// The literal gates' end-to-end check (src/engine/gate.ts; test/engine/gate.test.ts holds their unit
// tests) on the rule cases' own inputs: every built-in rule gets, through its gate, the result a full
// evaluation gives. A sweep (test/helpers/sweep.ts): the slow job collects and checks every input (a
// sampled run an evenly spread sample; catalogue.test.ts, in the fast job, runs the cases themselves).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { casesFileFor, loadBuiltinRules, loadCases } from '../../src/rules/load.js';
import { factsForCase, inPool } from '../../src/rules/test-runner.js';
import type { RawCase } from '../../src/rules/cases/inputs.js';
import { decidedByGate, evaluate, evaluateRule, gatesDecide } from '../../src/engine/evaluate.js';
import type { Facts, Rule } from '../../src/types.js';
import { expectSameResults } from '../engine/same-results.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';

const bundled = await loadBuiltinRules();

/** Every distinct rule-case input the case run collects (honest cases: raw inputs, or facts with a reason), in a fixed order. */
async function everyCase(rules: Rule[]): Promise<Array<{ c: RawCase; dir: string }>> {
  const byKey = new Map<string, { c: RawCase; dir: string }>();
  for (const r of rules) {
    if (!r.file) continue;
    const rc = await loadCases(r.file);
    const dir = path.dirname(casesFileFor(r.file));
    for (const c of [...(rc?.positive ?? []), ...(rc?.negative ?? [])] as RawCase[]) {
      if (c.facts && !c.factsBecause) continue;
      byKey.set(`${dir}\0${JSON.stringify(c)}`, { c, dir });
    }
  }
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
const cases = await everyCase(bundled);
/** `check` on each input's facts, collected a few at a time (a replayed gateway's case waits on its timers); each input's facts are let go once checked (all 2,341 pastes' held at once took ~1.3 GB). */
const eachCollected = async (items: Array<{ c: RawCase; dir: string }>, check: (facts: Facts) => void): Promise<void> => {
  await inPool(items, 16, async ({ c, dir }) => check(await factsForCase(c, dir)));
};

const PASTES_EVERY = 12;
const INPUTS_EVERY = 4;

describe('literal gates (src/engine/gate.ts) on the rule-case inputs: sweep', () => {
  it(sweepName('give every built-in rule the result a full evaluation gives, on every distinct paste of the rule cases, and decide most rules on most of them', PASTES_EVERY), async () => {
    const seen = new Set<string>();
    const distinct = cases.filter(({ c }) => typeof c.paste === 'string' && !seen.has(c.paste) && !!seen.add(c.paste));
    const checked = sweep(distinct, PASTES_EVERY);
    let pastes = 0;
    let versions = 0;
    let decided = 0;
    await eachCollected(checked, (facts) => {
      if (!facts.paste) return;
      if (facts.version) versions++;
      expect(gatesDecide(bundled, facts)).toBe(true);
      const gated = evaluate(bundled, facts).results;
      // evaluateRule alone never consults a gate.
      expectSameResults(gated, bundled.map((r) => evaluateRule(r, { ...facts })));
      pastes++;
      decided += gated.filter((r) => r.status === 'pass').length;
    });
    expect(distinct.length).toBeGreaterThan(2000);
    expect(pastes).toBeGreaterThan(floorFor(2000, checked.length, distinct.length));
    expect(versions).toBeGreaterThan(floorFor(150, checked.length, distinct.length));
    expect(decided / pastes).toBeGreaterThan(100);
  });

  it(sweepName('give every built-in rule the result a full evaluation gives on every non-paste rule-case input (config, machine, cli, gateway, namespaces), and decide most rules by their fact leaves', INPUTS_EVERY), async () => {
    const all = cases.filter(({ c }) => !c.facts && (c.config !== undefined || c.machine || c.cli || c.gateway));
    const checked = sweep(all, INPUTS_EVERY);
    let inputs = 0;
    let decided = 0;
    await eachCollected(checked, (facts) => {
      expect(gatesDecide(bundled, facts)).toBe(true);
      expectSameResults(evaluate(bundled, facts).results, bundled.map((r) => evaluateRule(r, { ...facts })));
      inputs++;
      decided += decidedByGate(bundled, facts).size;
    });
    expect(all.length).toBeGreaterThan(500);
    expect(inputs).toBe(checked.length);
    expect(decided / inputs).toBeGreaterThan(50);
  });
});
