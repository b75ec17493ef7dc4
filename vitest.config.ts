import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/setup/sequencer.js';

// Two jobs: `fast` (unit tests, rule cases, CLI contract) and `slow` (integration: real gateways,
// crash runs and concurrent --fix processes, real network namespaces, live --follow processes on
// real timers and signals, packaging; and the sweeps, SWEEPS below). `npm test` runs both;
// `npm run test:fast` / `npm run test:slow` run one.
const SLOW = [
  'test/real-gateway/**/*.test.ts',
  'test/fixer/crash.test.ts',
  'test/fixer/concurrent.test.ts',
  'test/rules/netns-cases.test.ts',
  'test/output/follow-live.test.ts',
  'test/package/**/*.test.ts',
  'test/matrix/live*.test.ts',
  // The behaviour matrix's recorded real gateways replayed over loopback sockets to the real probe
  // (1,533 probe runs on real timers: recorded timeouts wait out 4 s deadlines, HTTP silences 6 s);
  // the probe's unit tests (test/probe/) and the rule cases' replays stay fast (hostile-input.md, 2ay).
  'test/matrix/replay.test.ts',
  // The launcher's cache files against odd files at the cache path (a FIFO, a sparse 64 MB file, symlinks):
  // 26 process starts, the launcher and the file system together, ~4 s CPU (hostile-input.md, 2ci, 2cr).
  'test/cli/cache-files.test.ts',
  // The dev corpus's accuracy targets through scripts/eval.mjs: a corpus measurement, not a unit (2cn, 2cr).
  'test/eval/accuracy.test.ts',
  // The atlas coverage measurement (every held atlas message pasted alone, >= 98 % mapped; a child
  // process over the corpus, ~3 s): a measurement, not a unit, as the accuracy test (2cx).
  'test/atlas/coverage.test.ts',
  // The kept lines' byte budget end to end at the product's sizes: two diagnose runs on 5–8 MB logs,
  // ~6 s CPU (2dc). The reader's head and tail budget stays fast at small sizes (paste/read.test.ts,
  // output/unexamined.test.ts), and so do the errors buried in a huge log (paste/large.test.ts).
  'test/paste/large-budget.test.ts',
];
// Sweeps (test/helpers/sweep.ts): differential and property tests over many corpus or generated
// inputs, in the slow job only, every item. A sweep lives in a `*.sweep.test.ts` file of its own,
// beside the file of its unit tests (fast), so each test runs once under `npm test` (2ao). The fast
// job ran a 1-in-N sample of each too until 2cn: ~27 s of its CPU on checks the slow job repeats in
// full (notes/hostile-input.md, 2ci, 2cn); `CLAWKIT_SWEEP=sample` still runs that sample on purpose
// (test/helpers/sweep.ts). config-schemas/ajv.sweep.test.ts: ajv's compile of every
// stored release schema (~0.5 s CPU each on a cold cache) is a cross-check of the store; the
// interpreter the doctor runs reads all 22 in the fast job (schemas.test.ts; 2bd). Since 2cr also the
// behaviour matrix's agreement floor over all 451 recorded cells (matrix/agreement.sweep; the cells the
// unit tests name stay fast) and the leak hunt's ~230 CLI runs of every shape through every output form
// (output/leak-hunt.sweep; the Redactor's units on the same shapes stay fast). Since 2da the fixer's plan
// on all 451 recorded hosts (matrix/fix-verification.sweep; the live-verified fixes and the static
// trust check on every safe or prompt patch stay fast).
const SWEEPS = ['test/**/*.sweep.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/setup/tmpdir.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    // Real gateways are ~1 GB each on a 2-core machine: keep test files from piling up (the slow
    // project; the fast one sets its own).
    maxWorkers: 2,
    // The longest real-gateway files first, so neither core idles at the end (test/setup/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    // Vite's transforms of the test and source modules kept on disk between runs (keyed by content;
    // a fresh clone transforms and fills it). Not node_modules/.experimental-vitest-cache, the
    // default: node_modules may be shared. Measured ~1 s CPU less on five small files
    // (notes/hostile-input.md, "The fast job, third pass").
    experimental: { fsModuleCache: true, fsModuleCachePath: '.cache/vitest-modules' },
    projects: [
      // The fast files share their workers' module graph (isolate: false): each file otherwise
      // imported and compiled the doctor's modules again, about half of the fast job's CPU (notes/
      // hostile-input.md, "fast job"). A file that mocks modules resets them when done.
      // Three workers on two cores: a fast file that waits on a real timer (a probe deadline, a
      // replayed gateway's late answer) leaves its core to the third instead of idle; measured at
      // no more CPU (notes/hostile-input.md, "The fast job, ninth pass"). A project with its own
      // maxWorkers needs a group of its own (vitest runs groups one after another): under `npm test`
      // the fast files run first, then the slow ones on two workers.
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [...SLOW, ...SWEEPS], isolate: false, maxWorkers: 3, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'slow', include: [...SLOW, ...SWEEPS], provide: { sweep: process.env.CLAWKIT_SWEEP === 'sample' ? 'sample' : 'full' }, sequence: { groupOrder: 1 } } },
    ],
  },
});
