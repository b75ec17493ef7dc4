// Shared by window.test.ts and window.sweep.test.ts: a seeded generator and the two ways a line is run.
import type { PasteMatcher } from '../../src/types.js';
import { execLine } from '../../src/shared/regex/exec.js';
import { pasteRunner, type LineMatch } from '../../src/shared/regex/compile.js';
import { MatchBudget } from '../../src/shared/regex/budget.js';
import type { LiteralWalk } from '../../src/shared/literals/positions.js';
import { LiteralSet } from '../../src/engine/literal-set.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { walkConditions } from '../../src/shared/conditions.js';

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

/** Every built-in paste matcher (one per regex) and the cover pass's walk over their literals. */
export async function builtinMatchers(): Promise<{ ms: PasteMatcher[]; w: LiteralWalk }> {
  const rules = await loadBuiltinRules();
  const seen = new Set<string>();
  const ms: PasteMatcher[] = [];
  for (const rule of rules) for (const c of walkConditions(rule.when)) if ('paste' in c && c.paste.regex !== undefined && !seen.has(c.paste.regex)) (seen.add(c.paste.regex), ms.push(c.paste));
  const set = new LiteralSet(ms.flatMap((m) => (m.cover && !m.caseSensitive ? m.cover.flat() : [])));
  set.textsContainingLowered(['x'.repeat(5000)], -1);
  return { ms, w: set.builtinWalk()! };
}
