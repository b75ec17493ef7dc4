// Sweeps: a differential or property test over many generated or corpus inputs. The fast job checks
// a deterministic, evenly spread sample of each sweep; the slow job runs every item (vitest.config.ts:
// the sweep files are in both projects, each `provide`s its mode). A run outside both projects (no
// setting) sweeps in full: a sample is only ever taken on purpose. notes/hostile-input.md, 2an.
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    sweep?: 'sample' | 'full';
  }
}

/** True in the slow job (and outside both projects): every item of every sweep. Read per call:
 *  a worker reuses this module across files (isolate: false). */
export function fullSweep(): boolean {
  return inject('sweep') !== 'sample';
}

/** Every `every`-th item from the first (all of them in a full sweep), so the sample spans the sweep. */
export function sweep<T>(items: readonly T[], every: number): T[] {
  return fullSweep() ? [...items] : items.filter((_, i) => i % every === 0);
}

/** Seeds `from`..`to`, sampled as `sweep` does. */
export function sweepSeeds(from: number, to: number, every: number): number[] {
  return sweep(Array.from({ length: to - from + 1 }, (_, i) => from + i), every);
}

/** A count's floor scaled to the share of the sweep this run checks (the full floor in a full sweep). */
export function floorFor(full: number, checked: number, total: number): number {
  return Math.floor((full * checked) / total);
}

/** A sweep test's name, saying when this run checks a sample only. */
export function sweepName(name: string, every: number): string {
  return fullSweep() ? name : `${name} [1 in ${every} here; every item in the slow job]`;
}
