// The sweeps of redos.test.ts (sampled in the fast job, in full in the slow one: test/helpers/sweep.ts).
import { describe, expect, it } from 'vitest';
import { pasteRunner } from '../../src/shared/regex/compile.js';
import { enableLinearFallback, linearEngineRefuses } from '../../src/shared/regex/engine.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';
import { corpusLines, pasteRegexes, seen } from './redos.helpers.js';

// As the CLI runs (src/shared/regex/compile.ts): without it, some case-folded rewrites backtrack for minutes.
enableLinearFallback();

describe('linear rewrite of rule patterns: sweep', () => {
  // A sweep (test/helpers/sweep.ts): every pattern on 1 distinct line in 8 in the fast job, on every line in the slow one.
  it(sweepName('every built-in paste regex runs on V8\'s linear-time engine and agrees with the original on real reports', 8), async () => {
    const rules = await loadBuiltinRules();
    const lines = corpusLines();
    // Each distinct line once (a non-global test answers the same for the same line; ~16 % repeat).
    const distinct = sweep([...new Set(lines)], 8);
    let patterns = 0;
    const disagreements: string[] = [];
    for (const r of rules) {
      for (const m of pasteRegexes(r.when)) {
        patterns++;
        expect(m.linear, `${r.id}: no linear rewrite attached`).toBeDefined();
        expect(linearEngineRefuses(m.linear!), r.id).toBeUndefined();
        const orig = new RegExp(m.regex, m.caseSensitive ? '' : 'i');
        const lin = new RegExp(m.linear!);
        for (const l of distinct) if (orig.test(l) !== lin.test(l)) disagreements.push(`${r.id}: ${l.slice(0, 80)}`);
      }
    }
    expect(patterns).toBeGreaterThan(200);
    expect(lines.length).toBeGreaterThan(1500);
    expect(disagreements).toEqual([]);
  });
});

describe('split patterns (plan): sweep', () => {
  // A sweep: every plan on 1 line in 8 (real and spliced alike) in the fast job, on every line in the slow one.
  it(sweepName('every built-in plan finds the same match as the whole pattern: same start, same captures', 8), async () => {
    const rules = await loadBuiltinRules();
    const lines = corpusLines();
    // Lines spliced from two real ones (and a CR between), so heads meet far-away rests and stops.
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % Math.max(1, n);
    const n0 = lines.length;
    for (let i = 0; i < 4000; i++) {
      const a = lines[rnd(n0)]!;
      const b = lines[rnd(n0)]!;
      lines.push(a.slice(0, rnd(a.length)) + (i % 3 === 0 ? '\r' : ' ') + b.slice(rnd(b.length)));
    }
    const checked = sweep(lines, 8);
    let plans = 0;
    let matches = 0;
    const disagreements: string[] = [];
    for (const r of rules) {
      for (const m of pasteRegexes(r.when)) {
        if (!m.plan) continue;
        plans++;
        const whole = new RegExp(m.regex, m.caseSensitive ? '' : 'i');
        const run = pasteRunner(m);
        for (const l of checked) {
          const want = whole.exec(l);
          if (want) matches++;
          if (seen(want) !== seen(run.exec(l))) disagreements.push(`${r.id}: ${l.slice(0, 80)}`);
        }
      }
    }
    expect(plans).toBeGreaterThan(50);
    expect(matches).toBeGreaterThan(floorFor(1000, checked.length, lines.length));
    expect(disagreements).toEqual([]);
  });
});
