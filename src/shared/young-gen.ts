// Peak memory of a large paste (issue #13: < 100 MiB at any size). V8 doubles its young generation
// (the "new space") whenever scavenges keep finding live objects, up to 2 × 16 MiB on 64-bit Node;
// reading a paste of a few MB churns enough short-lived strings to take it there, and a grown new
// space stays committed until the process ends: +30 MiB of RSS on a 1.9 MB paste or a 200 MB log
// for no speed gain (measured in notes/perf.md). `--semi-space-growth-factor=1` stops the growth
// from then on; the default is put back before the run ends, because V8 keys the launcher's code
// cache on its flags (a run that ended with the flag changed would write a cache the next run
// rejects). Only the CLI's diagnose command holds it, and lets go when it returns (a process-wide
// setting is not a library's to change); never when the user set the flag on node's command line.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const FLAG = '--semi-space-growth-factor';
/** V8's default (the same on Node 20, 22 and 24). */
const DEFAULT_GROWTH = 2;

let held = false;

/** Node refuses V8 heap flags in NODE_OPTIONS: the command line is the only place a user sets it. */
function userSetIt(): boolean {
  return process.execArgv.some((a) => a.includes('semi-space-growth-factor') || a.includes('semi_space_growth_factor'));
}

/** The young generation keeps its current size until releaseYoungGeneration. */
export function holdYoungGeneration(): void {
  if (held || userSetIt()) return;
  setFlagsFromString(`${FLAG}=1`);
  held = true;
}

/** Back to V8's default growth (and to the flags the code cache was made with). */
export function releaseYoungGeneration(): void {
  if (!held) return;
  setFlagsFromString(`${FLAG}=${DEFAULT_GROWTH}`);
  held = false;
}

/**
 * One full collection, only while the hold is on (a large paste was read): what the read held — the
 * scanner's WebAssembly memory, its chunk buffers, the head's buffers — is garbage by then, but V8
 * runs no mark-compact before the rules and the report grow the heap, so it stayed in the peak
 * (notes/perf.md, biglog7 and biglog9). `gc` comes from a context made while --expose-gc is set,
 * and the flag is reset at once (V8 keys the launcher's code cache on its flags, as above).
 */
export function collectAfterLargeRead(): void {
  if (!held || process.execArgv.some((a) => a.includes('expose-gc') || a.includes('expose_gc'))) return;
  setFlagsFromString('--expose-gc');
  let gc: unknown;
  try {
    gc = runInNewContext('gc');
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  if (typeof gc === 'function') (gc as () => void)();
}

/** Whether the hold is on (tests). */
export function youngGenerationHeld(): boolean {
  return held;
}
