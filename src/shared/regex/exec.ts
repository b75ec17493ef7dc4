// How one rule pattern is run on one pasted line: the regex, paid for from the run's matching
// budget (budget.ts). The engine hands it only lines that hold every literal of one of the
// pattern's cover conjunctions (candidateLines in src/engine/conditions.ts, one pass for all rules). Lines the budget cannot pay for are not matched
// and are recorded there, so the report can say so. A line's result per pattern is kept: the fixer
// re-evaluates the same paste, and must get the same answer without paying again.
import type { LineRef, PasteMatcher } from '../../types.js';
import { notOnLineMatcher, pasteRunner, type LineMatch, type PasteRunner } from './compile.js';
import type { MatchBudget } from './budget.js';
import { matcherKey } from './matcher-key.js';
import type { LiteralWalk } from '../literals/positions.js';
import { patternPrefix, periodOf } from './period.js';
import { windowedFirst } from './window.js';

type Result = LineMatch | null | undefined;

/** Per line: each pattern's result, so the fixer's re-evaluation answers without paying again. */
const states = new WeakMap<LineRef, Map<PasteMatcher, Result>>();

/**
 * The first match of `m` on the line; null when there is none, undefined when the budget could not
 * pay for reading it. `walk`: the cover pass's automaton and tries, to find literals' places on a long line (window.ts).
 */
export function execLine(m: PasteMatcher, ln: LineRef, budget: MatchBudget, walk?: LiteralWalk): Result {
  let results = states.get(ln);
  if (results === undefined) states.set(ln, (results = new Map()));
  if (results.has(m)) return results.get(m);
  const run = pasteRunner(m);
  // Charged for the whole line, however little of it is read (the budget's account stays the same);
  // the weight covers the same-line exclusion too (runWeight), which the engine runs on a matched
  // line's forms (src/engine/conditions.ts sourceLineExcluded): this is the regex's match alone.
  const r = budget.spend(ln.text.length * run.weight, ln.line) ? firstMatch(run, m, ln, walk) : undefined;
  results.set(m, r);
  return r;
}

/** Per line: each pattern's answer computed for rereadLine (kept apart from `states`: execLine still charges its first read). */
const rereads = new WeakMap<LineRef, Map<PasteMatcher, LineMatch | null>>();

/**
 * execLine's answer for a second reader of a kept line (the stand-down's failure patterns: engine/conditions.ts), charged
 * to the budget on every call as a read of a fresh { line, text } always was, so the budget's account and every answer
 * after it stay what they were; but the work is done once per line and pattern: execLine's own answer when it has one,
 * else one computed here with the line's cached lower-cased text and the cover pass's places (window.ts).
 */
export function rereadLine(m: PasteMatcher, ln: LineRef, budget: MatchBudget, walk?: LiteralWalk): Result {
  const run = pasteRunner(m);
  if (!budget.spend(ln.text.length * run.weight, ln.line)) return undefined;
  const known = states.get(ln)?.get(m);
  if (known !== undefined) return known;
  let answers = rereads.get(ln);
  if (answers === undefined) rereads.set(ln, (answers = new Map()));
  let r = answers.get(m);
  if (r === undefined) answers.set(m, (r = firstMatch(run, m, ln, walk)));
  return r;
}

/**
 * Per line: each same-line exclusion's answer, by the exclusion's key (its flags and source, and the
 * span its prefix read uses). Several rules share one exclusion (the channel-line lists): on a long
 * line each was run over the whole line once per rule matched there (18 runs for 5 exclusions on the
 * bench's every-literal 64 KiB line). The answer depends only on that key and the line's text.
 */
const exclusions = new WeakMap<LineRef, Map<string, boolean>>();

/**
 * Whether the matcher's same-line exclusion (notOnLine) matches this text of a line (read as the regex reads a line: a
 * repeating one by its prefix; a long one near its cover's literals, their places from `walk` where it keeps them: window.ts).
 */
export function excludedOnLine(m: PasteMatcher, ln: LineRef, walk?: LiteralWalk): boolean {
  const x = notOnLineMatcher(m);
  if (x === undefined) return false;
  let answers = exclusions.get(ln);
  if (answers === undefined) exclusions.set(ln, (answers = new Map()));
  const key = `${matcherKey(x)}\u0000${x.span ?? ''}`;
  let r = answers.get(key);
  if (r === undefined) answers.set(key, (r = firstMatch(pasteRunner(x), x, ln, walk) !== null));
  return r;
}

/** Lines at least this long are checked for a repeated segment (no real line seen comes near: redos17). */
export const PERIOD_MIN = 2048;
/** Per line of at least PERIOD_MIN characters: its period (period.ts; 0: none used). */
const periods = new WeakMap<LineRef, number>();

export function linePeriod(ln: LineRef): number {
  if (ln.text.length < PERIOD_MIN) return 0;
  let p = periods.get(ln);
  if (p === undefined) periods.set(ln, (p = periodOf(ln.text)));
  return p;
}

/**
 * The run's first match on the line; on a line that repeats a segment, read on its prefix
 * (patternPrefix); on another long line, read near its literals (window.ts).
 */
function firstMatch(run: PasteRunner, m: PasteMatcher, ln: LineRef, walk: LiteralWalk | undefined): LineMatch | null {
  const text = ln.text;
  const span = m.span;
  const cut = span === undefined ? text.length : patternPrefix(text.length, linePeriod(ln), span);
  if (cut >= text.length) {
    const r = windowedFirst(run, m, ln, walk);
    return r !== undefined ? r : run.exec(text);
  }
  // The prefix is read as a line: by windows when it is long enough (the same answer as run.exec on it).
  const w = windowedFirst(run, m, ln, walk, cut);
  const r = w !== undefined ? w : run.exec(text.slice(0, cut));
  if (!r || r.index <= cut - span! - 1) return r;
  return { index: r.index + text.length - cut, groups: r.groups };
}
