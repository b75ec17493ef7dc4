// The literals the engine's one pass over a large paste looks for on a rule's behalf
// (conditions.ts scanCoverLiterals): every conjunction of the covers of its case-insensitive paste
// matchers, in walk order. The rules bundle stores them per rule (scripts/bundle-rules.mjs), so
// the pass does not parse the body of every built-in rule — most are then decided by their gate
// and never parsed at all (issue #13, mid sizes: 334 of 413 on a 500 KB log).
import type { Condition, Rule } from '../types.js';
import { walkConditions } from '../shared/conditions.js';

/**
 * The cover literals of a condition tree, as scanCoverLiterals gathers them: its case-insensitive
 * matchers' and their same-line exclusions' (a long line's exclusion is read by windows near its
 * literals: in the pass, their places come from its walk, not an indexOf over the line each).
 */
export function coverLiterals(when: Condition): string[] {
  const lits: string[] = [];
  for (const c of walkConditions(when)) {
    if (!('paste' in c) || c.paste.caseSensitive) continue;
    if (c.paste.cover) for (const conj of c.paste.cover) lits.push(...conj);
    const x = c.paste.notOnLineMatcher;
    if (x?.cover && !x.caseSensitive) for (const conj of x.cover) lits.push(...conj);
  }
  return lits;
}

/** Per rule: its literals as the loader knows them, or undefined once its body was parsed (then walked). */
const preset = new WeakMap<Rule, () => readonly string[] | undefined>();

/**
 * The rule's cover literals are what `known` answers: the loader's, from the index of the file the
 * body comes from. `known` answers undefined once the body was parsed (it may have been changed since).
 */
export function presetCoverLiterals(rule: Rule, known: () => readonly string[] | undefined): void {
  preset.set(rule, known);
}

/** The rule's cover literals: preset while its body is unread, else from its conditions. */
export function ruleCoverLiterals(rule: Rule): readonly string[] {
  return preset.get(rule)?.() ?? coverLiterals(rule.when);
}
