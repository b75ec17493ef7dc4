// How long the kernel kept this thread off a core: field 2 of Linux's schedstat (ns waiting on a run
// queue). A measure of load that is not a wall-clock bound: a test whose timer raced the work it waits
// for can tell a starved worker (the timer fired first because the work got no CPU) from a healthy one
// (notes/hostile-input.md, 2aw). Undefined where the file is missing (not Linux): callers treat that
// as not starved, so the strict assertion applies.
import { readFileSync } from 'node:fs';

function runQueueNs(): number | undefined {
  for (const file of ['/proc/thread-self/schedstat', '/proc/self/schedstat']) {
    try {
      const waited = Number(readFileSync(file, 'utf8').trim().split(/\s+/)[1]);
      if (Number.isFinite(waited)) return waited;
    } catch {
      /* try the next, then give up */
    }
  }
  return undefined;
}

/** Runs `fn` and reports how many ms this thread waited for a core meanwhile (undefined: unknown). */
export async function withRunQueueWait<T>(fn: () => Promise<T>): Promise<{ value: T; waitedMs: number | undefined }> {
  const before = runQueueNs();
  const value = await fn();
  const after = runQueueNs();
  return { value, waitedMs: before === undefined || after === undefined ? undefined : (after - before) / 1e6 };
}
