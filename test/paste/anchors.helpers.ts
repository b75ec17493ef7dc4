// Shared by anchors.test.ts and anchors.sweep.test.ts.
import type { Condition, PasteMatcher } from '../../src/types.js';

/** Paste matchers of a condition, and whether they sit under a `not`. */
export function pasteLeaves(c: Condition, negated = false, out: Array<{ m: PasteMatcher; negated: boolean }> = []) {
  if ('all' in c) c.all.forEach((x) => pasteLeaves(x, negated, out));
  else if ('any' in c) c.any.forEach((x) => pasteLeaves(x, negated, out));
  else if ('not' in c) pasteLeaves(c.not, true, out);
  else if ('paste' in c) out.push({ m: c.paste, negated });
  return out;
}
