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

/** BM25's word weight over the index's collection statistics (frozen or live: see index-build.ts). */
function idf(index: LexiconIndex, df: number): number {
  return Math.log(1 + (index.n - df + 0.5) / (df + 0.5));
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
  for (const [d, s] of scores) {
    if (s.terms.length < index.model.minTerms) continue;
    const doc = index.docs[d]!;
    const words = s.terms.sort((a, b2) => b2[1] - a[1]).slice(0, 6).map(([t]) => t);
    out.push({ ruleId: doc.id, category: doc.category, score: Math.round(s.score * 100) / 100, words, lines: bestLines(lines, lineTokens, new Set(words)) });
  }
  return out.sort((a, b2) => b2.score - a.score || a.ruleId.localeCompare(b2.ruleId));
}

/**
 * Best rule per category, above the threshold and `dominance` times the best other-subsystem
 * document (a paste about a channel or a provider is theirs), at most maxCandidates.
 */
export function rankCandidates(index: LexiconIndex, lines: LineRef[], exclude: ReadonlySet<string> = new Set(), fits: (ruleId: string) => boolean = () => true): LexicalCandidate[] {
  const seen = new Set<string>(exclude);
  const out: LexicalCandidate[] = [];
  const scored = scoreRules(index, lines);
  const other = scored.find((c) => c.category === 'not-connection')?.score ?? 0;
  const floor = Math.max(index.model.threshold, other * index.model.dominance);
  for (const c of scored) {
    if (c.score < floor) break;
    if (c.category === 'not-connection' || !fits(c.ruleId)) continue;
    if (seen.has(c.category)) continue;
    seen.add(c.category);
    out.push(c);
    if (out.length >= index.model.maxCandidates) break;
  }
  return out;
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
