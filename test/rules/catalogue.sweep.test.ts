// The rule cases through the built bundle's rules: every case gives the result it gives with the rules
// read and validated from the tree (catalogue.test.ts, the fast job), now that the build attached
// literal covers. A differential over every case (each collected anew here, ~2–3 s CPU in all), in the
// slow job since 2dc (notes/hostile-input.md); in the fast job the bundle's covers are checked by
// test/engine/gate.test.ts, literal-pass.test.ts and anchor-plan.test.ts.
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { runRuleCases } from '../../src/rules/test-runner.js';

describe('rule catalogue from the built bundle', () => {
  it('gives the same case results with build-time literal covers attached', async () => {
    const bundled = await loadBuiltinRules();
    const withCovers = bundled.filter((r) => JSON.stringify(r.when).includes('"cover"'));
    expect(withCovers.length).toBeGreaterThan(50);
    const report = await runRuleCases(bundled);
    expect(report.cases).toBeGreaterThan(bundled.length * 2 - 1);
    expect(report.failures.map((f) => `${f.ruleId} ${f.kind}[${f.index}] ${f.message}`)).toEqual([]);
  });
});
