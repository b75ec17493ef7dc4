// Whether a full evaluation could use up what is left of a paste's matching budget (issue #9 §2):
// when it could not, skipping a rule by its gate cannot change which lines the budget pays for, so
// gates may decide (evaluate.ts gatesOn).
//
// What a full evaluation can spend: each distinct pattern (matcher key) runs once per paste
// (conditions.ts evalPaste keeps its answer), on its candidate lines only (candidateLines: lines
// holding every literal of one cover conjunction), each line charged its length times the
// pattern's run weight (shared/regex/compile.ts runWeight; exec.ts) at most once. So the spend is at
// most Σ over distinct patterns of weight × (characters of its candidate lines), and a conjunction's
// candidate lines are among those holding any one of its literals. The bound takes, per
// conjunction, the literal on the fewest kept lines and adds those lines' characters (at most all
// kept characters per pattern). A count it cannot make (a pattern without a cover, a literal the
// cover pass did not scan for) is taken as every kept character: the bound only ever over-counts.
//
// For the built-in rules it is read from the rules bundle's index (scripts/bundle-rules.mjs: the
// `budget` field): per distinct pattern its run weight and its cover's index among the covers
// numbered beside the literal automaton (dist/literals.bin), per rule its patterns. No rule body
// is read. A rule the bundle did not describe counts its budgetWeight (gate.ts) per kept character.
import type { Facts, Rule } from '../types.js';
import { coverPass, keptChars } from './conditions.js';
import { builtinAutomaton } from '../shared/literals/builtin.js';
import { numberedCovers, type NumberedCovers } from '../shared/literals/numbered.js';

type Paste = NonNullable<Facts['paste']>;

/** The bundle's distinct patterns (its index's `budget` field). */
export interface PatternTable {
  /** The literal list's key of the automaton whose numbered covers `cover` indexes (the index's `literals.key`). */
  key: string;
  /** Per pattern: runWeight. */
  weight: readonly number[];
  /** Per pattern: its cover's index among the numbered covers; -1 when every kept line is a candidate. */
  cover: readonly number[];
  /** Per pattern: the bound that last counted it (distinct patterns across rules). */
  seen: Int32Array;
}

/** The index's `budget` field as the bundle writes it: w, c per pattern; r per rule (its pattern numbers). */
export interface BudgetIndex {
  w: number[];
  c: number[];
  r: number[][];
}

export function patternTable(b: BudgetIndex, key: string): PatternTable {
  return { key, weight: b.w, cover: b.c, seen: new Int32Array(b.w.length) };
}

const patterns = new WeakMap<Rule, { table: PatternTable; ids: readonly number[] }>();

/** The rule's distinct patterns in the table (the rules bundle's index). */
export function presetPatterns(rule: Rule, table: PatternTable, ids: readonly number[]): void {
  patterns.set(rule, { table, ids });
}

let serial = 0;

/** The rules' distinct patterns (table and number, in order of first appearance), and what the rules without a list spend per kept character. */
interface Distinct {
  tables: PatternTable[];
  ids: number[];
  /** Σ of the patterns' weights and the other rules' budgetWeight: what all of them spend per kept character at most. */
  perChar: number;
  others: number;
}

function distinct(rules: readonly Rule[], fallback: (r: Rule) => number): Distinct {
  const out: Distinct = { tables: [], ids: [], perChar: 0, others: 0 };
  const stamp = ++serial;
  for (const r of rules) {
    const p = patterns.get(r);
    if (!p) {
      out.others += fallback(r);
      continue;
    }
    const { table } = p;
    for (const id of p.ids) {
      if (table.seen[id] === stamp) continue;
      table.seen[id] = stamp;
      out.perChar += table.weight[id]!;
      out.tables.push(table);
      out.ids.push(id);
    }
  }
  out.perChar += out.others;
  return out;
}

/**
 * An upper bound of the budget a full evaluation of `rules` can spend on the paste; it stops
 * counting once it is over `left` (then it is some number over `left`). `fallback`: per kept
 * character, what a rule without a preset pattern list may spend (gate.ts budgetWeight).
 */
export function spendBound(rules: readonly Rule[], paste: Paste, left: number, fallback: (r: Rule) => number): number {
  const chars = keptChars(paste);
  const d = distinct(rules, fallback);
  // Every pattern on every kept character (decides one 64 KiB line with the built-in rules).
  if (chars * d.perChar <= left) return chars * d.perChar;
  // Each pattern on its candidate lines, from the cover pass (a large paste only).
  const cand = candidates(paste, chars);
  if (!cand) return chars * d.perChar;
  let total = chars * d.others;
  for (let i = 0; i < d.ids.length && total <= left; i++) total += d.tables[i]!.weight[d.ids[i]!]! * cand(d.tables[i]!, d.ids[i]!);
  return total;
}

/**
 * Per distinct pattern of the rules' preset lists, in order of first appearance, its weight and the
 * kept characters the bound counts for it (every one without the cover pass): the terms of the
 * bound, for tests.
 */
export function patternTerms(rules: readonly Rule[], paste: Paste): Array<{ weight: number; chars: number }> {
  const chars = keptChars(paste);
  const d = distinct(rules, () => 0);
  const cand = candidates(paste, chars);
  return d.ids.map((id, i) => ({ weight: d.tables[i]!.weight[id]!, chars: cand ? cand(d.tables[i]!, id) : chars }));
}

const coversOf = new WeakMap<object, NumberedCovers | null>();

/** Per pattern, the characters of the kept lines that may be its candidates (see the top). */
function candidates(paste: Paste, chars: number): ((t: PatternTable, id: number) => number) | undefined {
  const pass = coverPass(paste);
  const index = pass?.set.builtinIndex();
  const b = builtinAutomaton();
  if (!pass || !index || !b || b.key !== index.key) return undefined;
  let covers = coversOf.get(b.automaton);
  if (covers === undefined) coversOf.set(b.automaton, (covers = numberedCovers(b.automaton) ?? null));
  if (!covers) return undefined;
  const { coverStart, conjStart, conjIds } = covers;
  const { to } = index;
  const kept = paste.kept;
  // Per literal id, the characters of the lines holding it (-1: not counted yet).
  const held = new Float64Array(to.length).fill(-1);
  const charsOf = (id: number): number => {
    let n = held[id]!;
    if (n < 0) {
      n = 0;
      for (const i of pass.lines[to[id]!]!) n += kept[i]!.text.length;
      held[id] = n;
    }
    return n;
  };
  return (t, id) => {
    const c = t.cover[id]!;
    if (t.key !== index.key || !Number.isInteger(c) || c < 0 || c + 1 >= coverStart.length) return chars;
    let sum = 0;
    for (let j = coverStart[c]!; j < coverStart[c + 1]! && sum < chars; j++) {
      // The literal on the fewest lines; none counted (a literal outside the pass): every line.
      let best = -1;
      let fewest = Infinity;
      for (let k = conjStart[j]!; k < conjStart[j + 1]!; k++) {
        const lit = conjIds[k]!;
        const at = lit >= 0 && lit < to.length ? to[lit]! : -1;
        if (at < 0) continue;
        const n = pass.lines[at]!.length;
        if (n < fewest) (fewest = n), (best = lit);
      }
      sum += best < 0 ? chars : charsOf(best);
    }
    return Math.min(sum, chars);
  };
}
