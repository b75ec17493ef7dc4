// Possible causes by lexical similarity (Okapi BM25): the pasted words against each rule's
// document in the index. Each query word counts once, so a long log does not outweigh a short
// one by repetition; a candidate needs `minTerms` distinct shared words and `threshold` score.
import type { Category, LineRef } from '../../types.js';
import { tokenize } from '../../shared/text/tokenize.js';
import type { LexiconIndex } from './types.js';

export interface LexicalCandidate {
  ruleId: string;
  category: Category | 'not-connection';
  score: number;
  /** The shared words that weighed most, as they were indexed (words or CJK bigrams). */
  words: string[];
  /** Pasted lines holding most of those words. */
  lines: LineRef[];
}

const MAX_QUERY_CHARS = 200_000;

/** Every shared word of a scored candidate with its part of the score (for `categoryEvidence`). */
const partsOf = new WeakMap<LexicalCandidate, ReadonlyArray<readonly [string, number]>>();
/** The scored lines and their words, for `holdingLines` (one object per scoring, shared by its candidates). */
const scoredLines = new WeakMap<LexicalCandidate, { lines: LineRef[]; tokens: Array<Set<string>> }>();

/** BM25's word weight over the index's collection statistics (frozen or live: see index-build.ts). */
function idf(index: LexiconIndex, df: number): number {
  return Math.log(1 + (index.n - df + 0.5) / (df + 0.5));
}

const harmedPatterns = new WeakMap<LexiconIndex, RegExp[]>();

/** Whether a line says the gateway itself went down, hung or crashed (lexicon `gatewayHarmed`). */
export function saysGatewayHarmed(index: LexiconIndex, lines: LineRef[]): boolean {
  let res = harmedPatterns.get(index);
  if (!res) harmedPatterns.set(index, (res = (index.gatewayHarmed ?? []).map((r) => new RegExp(r, 'i'))));
  if (!res.length) return false;
  let chars = 0;
  for (const l of lines) {
    if (chars > MAX_QUERY_CHARS) break;
    chars += l.text.length;
    if (res.some((re) => re.test(l.text))) return true;
  }
  return false;
}

/** Every rule with a positive score, best first (per rule; the caller picks categories). */
export function scoreRules(index: LexiconIndex, lines: LineRef[]): LexicalCandidate[] {
  const stop = new Set(index.stopwords);
  const lineTokens: Array<Set<string>> = [];
  const query = new Set<string>();
  let chars = 0;
  for (const l of lines) {
    if (chars > MAX_QUERY_CHARS) break;
    chars += l.text.length;
    const toks = new Set(tokenize(l.text, stop));
    lineTokens.push(toks);
    for (const t of toks) query.add(t);
  }
  const { k1, b } = index.model;
  const scores = new Map<number, { score: number; terms: Array<[string, number]> }>();
  for (const t of query) {
    // Own keys only: a pasted `constructor` or `__proto__` is not a posting list (the index is parsed JSON).
    const post = Object.hasOwn(index.postings, t) ? index.postings[t] : undefined;
    if (!post) continue;
    const w = idf(index, Object.hasOwn(index.df, t) ? index.df[t]! : post.length / 2);
    for (let i = 0; i < post.length; i += 2) {
      const d = post[i]!;
      const tf = post[i + 1]!;
      const doc = index.docs[d]!;
      const part = (w * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * doc.len) / index.avgLen));
      const s = scores.get(d) ?? { score: 0, terms: [] };
      s.score += part;
      s.terms.push([t, part]);
      scores.set(d, s);
    }
  }
  const out: LexicalCandidate[] = [];
  const read = { lines, tokens: lineTokens };
  for (const [d, s] of scores) {
    if (s.terms.length < index.model.minTerms) continue;
    const doc = index.docs[d]!;
    const words = s.terms.sort((a, b2) => b2[1] - a[1]).slice(0, 6).map(([t]) => t);
    const c: LexicalCandidate = { ruleId: doc.id, category: doc.category, score: Math.round(s.score * 100) / 100, words, lines: bestLines(lines, lineTokens, new Set(words)) };
    partsOf.set(c, s.terms);
    scoredLines.set(c, read);
    out.push(c);
  }
  return out.sort((a, b2) => b2.score - a.score || a.ruleId.localeCompare(b2.ruleId));
}

/**
 * Best rule per category, above the threshold and `dominance` times the best other-subsystem
 * document (a paste about a channel or a provider is theirs), at most maxCandidates. Candidates
 * whose score is within one typical word of the first are tied with it and go in the order of their
 * category's evidence (`categoryEvidence`). The order moves only candidates already chosen: which
 * categories are suggested, and whether any is, does not depend on it.
 */
/**
 * `fits`: rules that may be suggested and count as their category's evidence; `suggest`: of those, the
 * ones that may be suggested themselves (a rule whose own precondition no line shows, lexicon `needs`
 * … `rules`, is not suggested but still counts for its category, as a held rule does); it is given every
 * line holding one of the candidate's words (a rule whose own notOnLine rules them all out is not suggested).
 */
export function rankCandidates(
  index: LexiconIndex,
  lines: LineRef[],
  exclude: ReadonlySet<string> = new Set(),
  fits: (ruleId: string) => boolean = () => true,
  suggest: (ruleId: string, lines: readonly LineRef[]) => boolean | readonly LineRef[] = () => true,
  droppedFrom: (category: string) => ReadonlySet<number> | undefined = () => undefined,
): LexicalCandidate[] {
  const seen = new Set<string>(exclude);
  const out: LexicalCandidate[] = [];
  const scored = scoreRules(index, lines);
  // A sibling of a dropped rule (review32c) is scored again on the lines left once the dropped ones are gone: the ruled-out
  // line's words no longer count for it, and its evidence never quotes that line.
  const again = new Map<string, LexicalCandidate[]>();
  const rescored = (c: LexicalCandidate, gone: ReadonlySet<number> | undefined): LexicalCandidate | undefined => {
    if (!gone?.size) return c;
    const key = `${c.category}\0${[...gone].join(',')}`;
    let list = again.get(key);
    if (!list) again.set(key, (list = scoreRules(index, lines.filter((l) => !gone.has(l.line)))));
    return list.find((r) => r.ruleId === c.ruleId);
  };
  // A paste saying the gateway itself went down is the gateway's, whatever took it down.
  const other = saysGatewayHarmed(index, lines) ? 0 : scored.find((c) => c.category === 'not-connection')?.score ?? 0;
  const floor = Math.max(index.model.threshold, other * index.model.dominance);
  // A held rule (model `heldRules`) is never suggested; it still counts as its category's evidence below.
  const held = new Set(index.model.heldRules ?? []);
  // Every fitting rule is asked first (s06): a rule dropped from a line drops that line for its whole category,
  // so a sibling scoring above it is not offered from the ruled-out line's words only because it was met first.
  // suggest()'s result is ignored here on purpose: the call is for its side effect (it records the lines a rule is
  // ruled out on); the loop below, which offers rules, reads those records.
  for (const c of scored) {
    if (c.score < floor) break;
    if (c.category !== 'not-connection' && !seen.has(c.category) && !held.has(c.ruleId) && fits(c.ruleId)) suggest(c.ruleId, holdingLines(c));
  }
  for (const c of scored) {
    if (c.score < floor) break;
    if (c.category === 'not-connection' || !fits(c.ruleId)) continue;
    if (seen.has(c.category)) continue;
    if (held.has(c.ruleId)) continue;
    // The lines the rule may be offered from (true: all of them); none: not offered.
    const left = suggest(c.ruleId, holdingLines(c));
    if (left === false || (left !== true && !left.length)) continue;
    const kept = rescored(c, droppedFrom(c.category));
    if (!kept || kept.score < floor) continue;
    seen.add(c.category);
    out.push(left === true ? kept : quoting(kept, left));
    if (out.length >= index.model.maxCandidates) break;
  }
  const { corroboration, catchAllCategories } = index.model;
  if (out.length < 2 || !corroboration) return out;
  // A lead of less than one typical shared word (the median part of the leader's words) is a tie
  // the words cannot decide: the tied candidates go in the order of their category's evidence, the
  // rest stay behind them in their own order.
  const lead = out[0]!;
  const parts = (partsOf.get(lead) ?? []).map(([, p]) => p).sort((a, b) => a - b);
  const oneWord = parts[Math.floor(parts.length / 2)] ?? 0;
  const tied = out.filter((c) => lead.score - c.score <= oneWord);
  if (tied.length < 2) return out;
  const evidence = categoryEvidence(scored, new Set(tied.map((c) => c.category)), fits, corroboration, new Set(catchAllCategories));
  // Stable: equal evidence keeps the rules' own order.
  const first = tied.map((c, i) => ({ c, i, e: evidence.get(c.category)! })).sort((a, b) => b.e - a.e || a.i - b.i).map((x) => x.c);
  return [...first, ...out.filter((c) => !tied.includes(c))];
}

/** The candidate with evidence only on `left` (its evidence never quotes a line ruled out for it). */
function quoting(c: LexicalCandidate, left: readonly LineRef[]): LexicalCandidate {
  const ok = new Set(left.map((l) => l.line));
  const lines = c.lines.filter((l) => ok.has(l.line));
  if (lines.length === c.lines.length) return c;
  const q: LexicalCandidate = { ...c, lines: lines.length ? lines : left.slice(0, 2) };
  const parts = partsOf.get(c);
  if (parts) partsOf.set(q, parts);
  const read = scoredLines.get(c);
  if (read) scoredLines.set(q, read);
  return q;
}

/**
 * A category's evidence: its best rule's score, plus what its further matching rules (that may be
 * suggested here: `fits`) add — each only with the pasted words no better rule of the category
 * already had, and each at `corroboration` times the weight of the rule before it. Rules of one
 * cause area describe the cause in different words (its symptom, its log line, its setting), so a
 * paste that also has a second rule's own words says more for that cause than one rule's score
 * alone; words the category's rules share (its common vocabulary) count once, and the geometric
 * discount keeps a category from winning by the number of its rules. A catch-all category
 * (`catchAll`: rules about unrelated causes) is its best rule alone.
 */
export function categoryEvidence(
  scored: readonly LexicalCandidate[],
  categories: ReadonlySet<string>,
  fits: (ruleId: string) => boolean,
  corroboration: number,
  catchAll: ReadonlySet<string> = new Set(),
): Map<string, number> {
  const sum = new Map<string, { e: number; w: number; used: Set<string> }>();
  // `scored` is best first, so each category's rules are met in its own order.
  for (const c of scored) {
    if (!categories.has(c.category) || !fits(c.ruleId)) continue;
    const s = sum.get(c.category);
    const parts = partsOf.get(c) ?? [];
    if (!s) {
      sum.set(c.category, { e: c.score, w: corroboration, used: new Set(parts.map(([t]) => t)) });
      continue;
    }
    if (catchAll.has(c.category)) continue;
    for (const [t, p] of parts) {
      if (s.used.has(t)) continue;
      s.used.add(t);
      s.e += s.w * p;
    }
    s.w *= corroboration;
  }
  return new Map([...sum].map(([cat, s]) => [cat, s.e]));
}

/** Every scored line holding one of the candidate's words (`lines` keeps the best two of them). */
export function holdingLines(c: LexicalCandidate): LineRef[] {
  const read = scoredLines.get(c);
  if (!read) return c.lines;
  // Only the lines scored (the query stops at MAX_QUERY_CHARS): a line past them gave the candidate no word.
  return read.lines.slice(0, read.tokens.length).filter((_l, i) => c.words.some((w) => read.tokens[i]!.has(w)));
}

function bestLines(lines: LineRef[], lineTokens: Array<Set<string>>, words: Set<string>): LineRef[] {
  const hits = lineTokens
    .map((toks, i) => ({ i, n: [...words].filter((w) => toks.has(w)).length }))
    .filter((h) => h.n > 0)
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .slice(0, 2)
    .sort((a, b) => a.i - b.i);
  return hits.map((h) => lines[h.i]!);
}
