// How one rule pattern is run on one pasted line: a literal check first (a line without any of
// the pattern's required literal sets cannot match, so no regex reads it), then the regex, paid
// for from the run's matching budget (budget.ts). Lines the budget cannot pay for are not matched
// and are recorded there, so the report can say so. A line's result per pattern is kept: the fixer
// re-evaluates the same paste, and must get the same answer without paying again.
import type { LineRef, PasteMatcher } from '../../types.js';
import { compilePasteRegex } from './compile.js';
import { LINEAR_ENGINE_WEIGHT, type MatchBudget } from './budget.js';
import { LinePresence } from './literals.js';

/** From this length on, a line's literals are found in one pass for all patterns. */
const ONE_PASS_FROM = 1024;

type Result = RegExpExecArray | null | undefined;

interface LineState {
  /** Whether the lower-cased line contains a literal. */
  literals: { has(lit: string): boolean };
  results: Map<PasteMatcher, Result>;
}

const states = new WeakMap<LineRef, LineState>();

function stateOf(ln: LineRef): LineState {
  let st = states.get(ln);
  if (st === undefined) {
    const t = ln.text.toLowerCase();
    st = { literals: t.length >= ONE_PASS_FROM ? new LinePresence(t) : { has: (lit: string) => t.includes(lit) }, results: new Map() };
    states.set(ln, st);
  }
  return st;
}

/** False when the line lacks every literal set the pattern's matches must contain (its build-time cover). */
function mayMatch(m: PasteMatcher, st: LineState): boolean {
  if (!m.cover || m.caseSensitive) return true;
  return m.cover.some((conj) => conj.every((lit) => st.literals.has(lit)));
}

/** The first match of `m` on the line; null when there is none, undefined when the budget could not pay for reading it. */
export function execLine(m: PasteMatcher, ln: LineRef, budget: MatchBudget): Result {
  const st = stateOf(ln);
  if (!mayMatch(m, st)) return null;
  if (st.results.has(m)) return st.results.get(m);
  const r = budget.spend(ln.text.length * (m.bounded ? 1 : LINEAR_ENGINE_WEIGHT), ln.line) ? compilePasteRegex(m).exec(ln.text) : undefined;
  st.results.set(m, r);
  return r;
}
