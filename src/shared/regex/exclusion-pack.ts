// A same-line exclusion's analysed matcher (`notOnLineMatcher`, annotate.ts) as the rules bundle stores it:
// without its `regex`, which is the matcher's own `notOnLine` to the letter (each exclusion's source was
// written twice in a rule body and twice again in the anchor plan's whole matchers). The build packs it
// (JSON.stringify's replacer); every reader of a bundle part that holds whole matchers restores it.
import type { Condition, PasteMatcher } from '../../types.js';
import { walkConditions } from '../conditions.js';

/** JSON.stringify replacer: an exclusion's matcher without its regex (restoreExclusion puts it back). */
export function packExclusions(key: string, value: unknown): unknown {
  if (key !== 'notOnLineMatcher' || typeof value !== 'object' || value === null) return value;
  const { regex: _regex, ...rest } = value as PasteMatcher;
  return rest;
}

/** Puts back a packed exclusion's regex (its matcher's notOnLine); a no-op on any other matcher. */
export function restoreExclusion(m: PasteMatcher): void {
  const x = m.notOnLineMatcher;
  if (x && x.regex === undefined && x.contains === undefined && m.notOnLine !== undefined) x.regex = m.notOnLine;
}

/** restoreExclusion on every paste matcher of a condition tree (a rule body read from the bundle). */
export function restoreExclusions(when: Condition | undefined): void {
  if (when) for (const c of walkConditions(when)) if ('paste' in c) restoreExclusion(c.paste);
}
