// A deterministic global budget for pattern matching (issue #9 part 2): counted in characters
// handed to regexes, not in wall time, so the same input always gets the same answer. However many
// long lines arrive, matching stops once the budget is spent; the lines that were then not matched
// against every pattern are reported as not fully examined (src/report/report.ts).

/** Characters (weighted, see LINEAR_ENGINE_WEIGHT) all rule patterns together may read in one run. */
export const MATCH_BUDGET = 256 * 1024 * 1024;

/**
 * A pattern that may run on V8's automaton costs up to ~100× more per character than a
 * bounded backtracking one; it is charged this much more (with the per-line literal check first,
 * such runs are rare on ordinary logs).
 */
export const LINEAR_ENGINE_WEIGHT = 8;

export class MatchBudget {
  private left: number;
  /** Lines (1-based physical line numbers) that some pattern did not read. */
  readonly skipped = new Set<number>();

  constructor(readonly total = MATCH_BUDGET) {
    this.left = total;
  }

  /** Takes `cost` from the budget; false (and `line` recorded) when what is left does not cover it. */
  spend(cost: number, line: number): boolean {
    if (cost > this.left) {
      this.skipped.add(line);
      this.left = 0; // later, smaller lines are not matched either: what was examined stays a prefix of the work
      return false;
    }
    this.left -= cost;
    return true;
  }

  get spent(): number {
    return this.total - this.left;
  }
}

const budgets = new WeakMap<object, MatchBudget>();

/** The budget of one paste (one diagnosis run); created on first use. */
export function budgetFor(paste: object, total?: number): MatchBudget {
  let b = budgets.get(paste);
  if (!b) {
    b = new MatchBudget(total);
    budgets.set(paste, b);
  }
  return b;
}

/** The budget a paste's matching used, when any matching happened. */
export function budgetOf(paste: object): MatchBudget | undefined {
  return budgets.get(paste);
}
