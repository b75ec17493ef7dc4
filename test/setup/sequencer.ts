// File order for `vitest run`: the real-gateway files that take longest start first, the rest in
// vitest's own order, the rule-case runs (RUN_LAST) at the end. vitest orders files it has no results for (a fresh clone) by size, largest
// first, so the 26-line `live-ci.test.ts` — the longest file of all — started last and ran alone on
// one core at the end while the other core sat idle. Longest first keeps both workers busy until
// close to the end. The list is measured wall time under load (notes/hostile-input.md, "CI wall
// time"), longest first; a file missing from it only runs later, nothing is skipped.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const LONGEST_FIRST = [
  'test/matrix/live-ci.test.ts',
  'test/real-gateway/old.test.ts',
  'test/real-gateway/health-checks.test.ts',
  'test/real-gateway/old-proxy.test.ts',
  'test/real-gateway/latest-proxy.test.ts',
  'test/real-gateway/latest.test.ts',
  'test/real-gateway/latest-tls.test.ts',
  'test/real-gateway/openclaw-lint.test.ts',
  'test/fixer/crash.test.ts',
  // The fast project's longest files (its files share workers, isolate: false), by wall time in a
  // whole fast run at load ~10 (notes/hostile-input.md, "The fast job, third pass"); ajv's compile
  // of the config schemas costs ~4 × its warm time on a cold cache (a fresh clone, CI; in the slow
  // job all 22 releases, in the fast job a sample: 2bd).
  'test/paste/large.test.ts',
  'test/paste/anchors.test.ts',
  'test/config-schemas/ajv.sweep.test.ts',
  'test/matrix/replay.test.ts',
  'test/engine/gate.test.ts',
  'test/cli/cli.test.ts',
  'test/fixer/safety.test.ts',
  'test/atlas/atlas.test.ts',
  'test/paste/redos.test.ts',
  'test/paste/scanner.test.ts',
  'test/atlas/mapping.test.ts',
  'test/matrix/agreement.test.ts',
];

// The files that run every rule's cases go last: nothing runs after them in their worker. The fast
// files share a worker's V8 isolate (isolate: false), and V8 compiles every regular expression made
// after an isolate has generated > 1 MB of regexp code and bytecode in total while > 16 MB of its
// heap is executable without optimization (regexp.cc, TooMuchRegExpCode; neither figure ever goes
// down: committed code space is not given back). The case run compiles all ~2,300 rule patterns and
// crosses both; a regex compiled after it matches up to ~10x slower (large.test: ~12.5 s CPU instead
// of ~4.5 s after the catalogue), one compiled before keeps its speed (notes/hostile-input.md, 2cd, 2ce).
export const RUN_LAST = ['test/rules/catalogue.test.ts', 'test/rules/catalogue-gates.sweep.test.ts'];

const at = (list: readonly string[], id: string) => list.findIndex((f) => id.endsWith(`/${f}`));

export function rank(moduleId: string): number {
  const id = moduleId.replace(/\\/g, '/');
  const i = at(LONGEST_FIRST, id);
  if (i >= 0) return i;
  const j = at(RUN_LAST, id);
  return j < 0 ? LONGEST_FIRST.length : LONGEST_FIRST.length + 1 + j;
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    // Array.prototype.sort is stable: equal ranks keep vitest's order.
    return [...base].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
  }
}
