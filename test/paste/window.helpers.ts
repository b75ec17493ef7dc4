// Shared by window.test.ts and window.sweep.test.ts: a seeded generator and the two ways a line is run.
import type { PasteMatcher } from '../../src/types.js';
import { execLine } from '../../src/shared/regex/exec.js';
import { pasteRunner, type LineMatch } from '../../src/shared/regex/compile.js';
import { MatchBudget } from '../../src/shared/regex/budget.js';
import type { LiteralWalk } from '../../src/shared/literals/positions.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

export const same = (a: LineMatch | null | undefined) => (a ? { index: a.index, groups: a.groups ? { ...a.groups } : undefined } : a);
export const budget = () => new MatchBudget(Number.MAX_SAFE_INTEGER);
/** execLine on a fresh line (its per-line results are kept). */
export const onLine = (m: PasteMatcher, text: string, walk?: LiteralWalk) => execLine(m, { line: 1, text }, budget(), walk);
export const whole = (m: PasteMatcher, text: string) => pasteRunner(m).exec(text);
