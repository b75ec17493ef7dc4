// How one rule pattern is run on one pasted line: the regex, paid for from the run's matching
// budget (budget.ts). The engine hands it only lines that hold every literal of one of the
// pattern's cover conjunctions (candidateLines in src/engine/conditions.ts, one pass for all rules). Lines the budget cannot pay for are not matched
// and are recorded there, so the report can say so. A line's result per pattern is kept: the fixer
// re-evaluates the same paste, and must get the same answer without paying again.
import type { LineRef, PasteMatcher } from '../../types.js';
import { pasteRunner, type LineMatch } from './compile.js';
import type { MatchBudget } from './budget.js';

type Result = LineMatch | null | undefined;

/** Per line: each pattern's result, so the fixer's re-evaluation answers without paying again. */
const states = new WeakMap<LineRef, Map<PasteMatcher, Result>>();

/** The first match of `m` on the line; null when there is none, undefined when the budget could not pay for reading it. */
export function execLine(m: PasteMatcher, ln: LineRef, budget: MatchBudget): Result {
  let results = states.get(ln);
  if (results === undefined) states.set(ln, (results = new Map()));
  if (results.has(m)) return results.get(m);
  const run = pasteRunner(m);
  const r = budget.spend(ln.text.length * run.weight, ln.line) ? run.exec(ln.text) : undefined;
  results.set(m, r);
  return r;
}
