// The probe's time budget: one overall deadline, a cap per stage that grows with --timeout, and
// the time the doctor spends on itself (loading libraries) excluded.
import { performance } from 'node:perf_hooks';

export interface Clock {
  t0: number;
  deadline: number;
  remaining(): number;
  budget(stageMax: number): number;
  /** Time the doctor spent on itself (loading libraries): not the gateway's, so not counted. */
  exclude(ms: number): void;
  /** Move the deadline later by `ms` (the connect stage waiting out a failed-login penalty). */
  extend(ms: number): void;
}

export function clock(timeoutMs: number): Clock {
  let t0 = performance.now();
  let deadline = t0 + timeoutMs;
  // Stage caps are set for the default 4 s; a longer --timeout (a slow link, a loaded machine) widens
  // every stage in proportion, so asking for more time never leaves a stage on its default cap.
  const scale = Math.max(1, timeoutMs / 4000);
  return {
    get t0() {
      return t0;
    },
    get deadline() {
      return deadline;
    },
    remaining: () => Math.max(0, deadline - performance.now()),
    exclude(ms: number) {
      t0 += ms;
      deadline += ms;
    },
    extend(ms: number) {
      deadline += Math.max(0, ms);
    },
    budget(stageMax: number) {
      return Math.max(0, Math.min(stageMax * scale, deadline - performance.now()));
    },
  };
}

export const round = (n: number) => Math.round(n * 10) / 10;

export function errCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}
export function errMsg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T | 'timeout'> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      onTimeout();
      resolve('timeout');
    }, ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
