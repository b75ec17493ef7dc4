// Sweeps: a differential or property test over many generated or corpus inputs, in the slow job only
// (vitest.config.ts), where every item runs. A sampled run checks a deterministic, evenly spread
// sample of each sweep instead: `CLAWKIT_SWEEP=sample npx vitest run --project slow <files>`, a quick
// look before the full sweep (the slow project `provide`s the mode). Until 2cn the fast job ran that
// sample; "the fast job" in the sweep files' comments is that sampled run now. A run with no setting
// sweeps in full: a sample is only ever taken on purpose. notes/hostile-input.md, 2an, 2cn.
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    sweep?: 'sample' | 'full';
  }
}

/** True unless a sampled run was asked for: every item of every sweep. Read per call. */
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
  return fullSweep() ? name : `${name} [1 in ${every} here; every item without CLAWKIT_SWEEP=sample]`;
}
