// File order for `vitest run`: the real-gateway files that take longest start first, the rest in
// vitest's own order. vitest orders files it has no results for (a fresh clone) by size, largest
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
  // whole fast run at load ~10 (notes/hostile-input.md, "The fast job, third pass"), and the slow
  // job's two longest sweeps (in the fast job too until 2cn); ajv's compile of the config schemas
  // costs ~4 × its warm time on a cold cache (a fresh clone, CI; all 22 releases: 2bd).
  // large.test first, in a worker no rule-case run has used yet: after the catalogue's case run in the
  // same worker (isolate: false) its regular expressions match ~2-10x slower, and its 8 MB pastes cost
  // ~12.5 s CPU instead of ~4.5 s alone (notes/hostile-input.md, 2cd). V8 compiles every regex made
  // after an isolate has generated > 1 MB of regexp code and bytecode in total while > 16 MB of its
  // heap is executable without optimization (regexp.cc, TooMuchRegExpCode); the case run crosses both,
  // and neither goes back down (2ce).
  // connect-wait.test second, and safety / stage-caps after the catalogue: files that mostly wait on
  // real timers (~10 s of a blocked thread in connect-wait: the probe's penalty deadlines, scaled down
  // in 2da from ~16 s; safety's 5 s FIFO wait is gone since 2da, its process runs remain; ~3 s in
  // stage-caps). Started early, their waits overlap the CPU-bound files on the other two workers; a
  // fresh clone (no timings cached: size order) ran these small files last, their waits the job's tail (2cx).
  'test/paste/large.test.ts',
  'test/probe/connect-wait.test.ts',
  'test/rules/catalogue.test.ts',
  'test/fixer/safety.test.ts',
  'test/probe/stage-caps.test.ts',
  'test/rules/catalogue-gates.sweep.test.ts',
  // The rule cases through the built bundle (catalogue.test's second pass until 2dc: the slow job),
  // and the kept lines' byte budget at 5–8 MB (large.test's until 2dc).
  'test/rules/catalogue.sweep.test.ts',
  'test/paste/large-budget.test.ts',
  'test/paste/anchors.test.ts',
  'test/config-schemas/ajv.sweep.test.ts',
  'test/matrix/replay.test.ts',
  'test/engine/gate.test.ts',
  'test/cli/cli.test.ts',
  'test/atlas/atlas.test.ts',
  'test/paste/redos.test.ts',
  'test/paste/scanner.test.ts',
  'test/atlas/mapping.test.ts',
  // The behaviour matrix's agreement over all 451 recorded cells (a sweep since 2cr: the slow job).
  'test/matrix/agreement.sweep.test.ts',
  // The fixer's plan on all 451 recorded hosts (a sweep since 2da: the slow job).
  'test/matrix/fix-verification.sweep.test.ts',
];

export function rank(moduleId: string): number {
  const i = LONGEST_FIRST.findIndex((f) => moduleId.replace(/\\/g, '/').endsWith(`/${f}`));
  return i < 0 ? LONGEST_FIRST.length : i;
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    // Array.prototype.sort is stable: equal ranks keep vitest's order.
    return [...base].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
  }
}
