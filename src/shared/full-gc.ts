// One full garbage collection between a large log's scan and the rules' evaluation (issue #13: peak
// memory < 100 MiB at any size). The peak of a large log is reached in the evaluation, and the scan
// leaves ~9 MiB behind (its tables, the WebAssembly instance, chunk copies: let go by the reader)
// that V8 would otherwise collect only once the evaluation has grown the heap further. Measured
// (notes/perf.md, Round 20f): 3-5 MiB less peak at 20 and 200 MB through stdin for ~10 ms of CPU.
// Node has no gc() without --expose-gc on its command line; the flag set at run time gives it to the
// next context made, and is put back at once (V8 keys the launcher's code cache on its flags).
// Only the CLI's diagnose command calls this (a process-wide collection is not a library's to make).
import { runInNewContext } from 'node:vm';
import { setV8Flags } from './v8-flags.js';

export function collectGarbage(): void {
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === 'function') return own();
  let gc: unknown;
  setV8Flags('--expose-gc');
  try {
    // Never a throw: a V8 that ignores the flag (no `gc` in the context) or a process that refuses code
    // from strings just skips the collection — the diagnosis must not fail over a memory nicety.
    gc = runInNewContext('typeof gc === "function" ? gc : undefined');
  } catch {
    gc = undefined;
  } finally {
    setV8Flags('--no-expose-gc');
  }
  if (typeof gc === 'function') (gc as () => void)();
}
