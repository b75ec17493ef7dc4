// Peak memory of a large paste (issue #13: < 100 MiB at any size). V8 doubles its young generation
// (the "new space") whenever scavenges keep finding live objects, up to 2 × 16 MiB on 64-bit Node;
// reading a paste of a few MB churns enough short-lived strings to take it there, and a grown new
// space stays committed until the process ends: +30 MiB of RSS on a 1.9 MB paste or a 200 MB log
// for no speed gain (measured in notes/perf.md). `--semi-space-growth-factor=1` stops the growth
// from then on; the default is put back before the run ends, because V8 keys the launcher's code
// cache on its flags (a run that ended with the flag changed would write a cache the next run
// rejects). Only the CLI's diagnose command holds it, and lets go when it returns (a process-wide
// setting is not a library's to change); never when the user set the flag on node's command line.
import { setV8Flags } from './v8-flags.js';

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
  setV8Flags(`${FLAG}=1`);
  held = true;
}

/** Back to V8's default growth (and to the flags the code cache was made with). */
export function releaseYoungGeneration(): void {
  if (!held) return;
  setV8Flags(`${FLAG}=${DEFAULT_GROWTH}`);
  held = false;
}

/** Whether the hold is on (tests). */
export function youngGenerationHeld(): boolean {
  return held;
}
