// The lines the engine ruled out for a rule, so the fallback does not offer it from them (review31a: a user
// rule's notOnLine held in the engine, then its lexical/exact candidate came from the very line it rules out).
// Exactly the engine's decision (review31i: a wider one dropped right answers): a line is ruled out for a rule
// only where one of its patterns matches the line and that pattern's own exclusion matches it too.
import type { Condition, Facts, LineRef, PasteMatcher, Rule } from '../../types.js';
import { MatchBudget } from '../../shared/regex/budget.js';
import { rereadLine } from '../../shared/regex/exec.js';
import { keptForms, sourceLineExcluded } from '../conditions.js';

/**
 * A rule's paste patterns with a same-line exclusion that can fire it: the engine reads `notOnLine` only with a
 * regex (conditions.ts matchPaste), and a pattern under `not` fires nothing, so its exclusion rules nothing out.
 */
function excludingPatterns(c: Condition): PasteMatcher[] {
  if ('all' in c) return c.all.flatMap(excludingPatterns);
  if ('any' in c) return c.any.flatMap(excludingPatterns);
  return 'paste' in c && c.paste.regex !== undefined && c.paste.notOnLine !== undefined ? [c.paste] : [];
}

const patternsOf = new WeakMap<Rule, readonly PasteMatcher[]>();

/** One fallback answer's view of the engine's exclusions over a paste's kept lines. */
export class RuledOutLines {
  /**
   * rereadLine takes the engine's own answer for a line it read and charges its own budget, never the engine's (the
   * report's unread lines and the fixer's re-evaluation stay the engine's).
   */
  private readonly budget = new MatchBudget();
  private readonly answers = new Map<Rule, Map<number, boolean>>();
  /** Per category: the source lines a rule of it was dropped from (a sibling is no lead from them). */
  private readonly dropped = new Map<string, Set<number>>();

  /** `paste`: the one the engine read (its exclusions' cache and every kept form of a line). */
  constructor(private readonly paste: NonNullable<Facts['paste']>) {}

  /**
   * Whether the engine rules source line `n` out for the rule: a pattern matches one of its forms and the engine's own
   * test of that pattern's exclusion (sourceLineExcluded: any form of the line, or the unprefixed repeat of an excluded line) holds.
   */
  private ruledOut(rule: Rule, pats: readonly PasteMatcher[], n: number): boolean {
    let per = this.answers.get(rule);
    if (!per) this.answers.set(rule, (per = new Map()));
    let r = per.get(n);
    if (r === undefined) {
      const own = this.formsOf(n);
      r = pats.some((m) => own.some((l) => !!rereadLine(m, l, this.budget)) && sourceLineExcluded(m, this.paste, n));
      per.set(n, r);
    }
    return r;
  }

  private formsOf(n: number): readonly LineRef[] {
    return keptForms(this.paste).get(n) ?? [];
  }

  /** The source lines a rule of `category` was dropped from (its siblings are scored again without them). */
  droppedFrom(category: string): ReadonlySet<number> | undefined {
    return this.dropped.get(category);
  }

  /**
   * The lines of `lines` the rule may be offered from: neither ruled out for it nor one a rule of its category was
   * dropped from. None left: the rule is not offered, and its lines are no lead to its siblings either.
   */
  left(rule: Rule, lines: readonly LineRef[]): LineRef[] {
    let pats = patternsOf.get(rule);
    if (!pats) patternsOf.set(rule, (pats = rule.when ? excludingPatterns(rule.when) : []));
    const gone = this.dropped.get(rule.category);
    if (!pats.length && !gone) return [...lines];
    const own = lines.filter((l) => !gone?.has(l.line));
    const out = own.filter((l) => !this.ruledOut(rule, pats, l.line));
    if (!out.length && own.length) {
      const set = gone ?? new Set<number>();
      for (const l of own) set.add(l.line);
      this.dropped.set(rule.category, set);
    }
    return out;
  }
}
