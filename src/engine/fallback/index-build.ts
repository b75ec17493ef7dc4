// Builds the lexical index over the rule catalogue: each rule that reads pasted text is one
// document made of its title, message, notes and the symptom phrases the lexicons give it (per
// rule and per category, in every language). Pure: the build script, the stale-index path and the
// term-statistics freezer (src/rules/lexicon.ts) call it.
import type { Rule } from '../../types.js';
import { tokenize } from '../../shared/text/tokenize.js';
import { guideTextOf } from '../../shared/lexicon-files.js';
import type { IndexDoc, LexiconFile, LexiconIndex, ModelParams, TermStats } from './types.js';

function hasPaste(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasPaste);
  if (!node || typeof node !== 'object') return false;
  if ('paste' in node) return true;
  return Object.values(node).some(hasPaste);
}

/** Set by the loader from the bundle's index: a built-in rule's answer without parsing its body. */
const readsPastePreset = new WeakMap<Rule, boolean>();

export function presetReadsPaste(rule: Rule, reads: boolean): void {
  readsPastePreset.set(rule, reads);
}

/** Rules a paste can explain: those with a paste matcher somewhere in `when`, unless the rule opts out of word-based suggestions (`lexical: false`). */
export function readsPaste(rule: Rule): boolean {
  // The lexicon fingerprint asks this of every rule on each paste without a strong finding: from the
  // index, 353 bodies stay unparsed (~8–15 ms).
  return readsPastePreset.get(rule) ?? (rule.lexical !== false && hasPaste(rule.when));
}

/** One document of the index before weighting: a rule, or an `other:<subsystem>` competitor. */
export interface DocTerms {
  id: string;
  category: IndexDoc['category'];
  /** token → weighted term frequency (field weights applied, rounded to 1/100 as stored). */
  tf: Map<string, number>;
  /** Weighted length before rounding of the frequencies (as BM25 reads it, rounded to an integer). */
  len: number;
}

/**
 * The documents of the index: each rule that reads pasted text (title, message, notes, and the
 * lexicons' symptom phrases of its category and of the rule), then one per other subsystem.
 */
export function documentTerms(rules: Rule[], lexicons: LexiconFile[], model: ModelParams): { docs: DocTerms[]; stop: Set<string> } {
  const stop = new Set(lexicons.flatMap((l) => l.stopwords ?? []).flatMap((w) => tokenize(w)));
  const docs: DocTerms[] = [];
  const w = model.weights;
  const addDoc = (id: string, category: IndexDoc['category'], fields: Array<[text: string | undefined, weight: number]>) => {
    const raw = new Map<string, number>();
    for (const [text, weight] of fields) for (const t of tokenize(text ?? '', stop)) raw.set(t, (raw.get(t) ?? 0) + weight);
    let len = 0;
    const tf = new Map<string, number>();
    for (const [t, n] of raw) {
      tf.set(t, Math.round(n * 100) / 100);
      len += n;
    }
    docs.push({ id, category, tf, len: Math.round(len) });
  };
  for (const rule of rules.filter(readsPaste)) {
    const fields: Array<[string | undefined, number]> = [
      [rule.title, w.title],
      [rule.message.replace(/\{\{[^{}\n]{0,200}\}\}/g, ' '), w.message],
      [rule.notes, w.notes],
    ];
    for (const lex of lexicons) {
      for (const p of lex.categories?.[rule.category] ?? []) fields.push([p, w.phrases]);
      for (const p of lex.rules?.[rule.id] ?? []) fields.push([p, w.phrases]);
    }
    addDoc(rule.id, rule.category, fields);
  }
  const others = mergeLists(lexicons.map((l) => l.otherSubsystems ?? {}));
  for (const [name, phrases] of Object.entries(others)) addDoc(`other:${name}`, 'not-connection', phrases.map((p) => [p, w.phrases]));
  return { docs, stop };
}

/** BM25's collection statistics over a set of documents: their number, mean length, document frequencies. */
export function termStats(docs: DocTerms[]): TermStats {
  const df: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const d of docs) for (const t of d.tf.keys()) df[t] = (df[t] ?? 0) + 1;
  return { docs: docs.length, avgLen: docs.length ? docs.reduce((s, d) => s + d.len, 0) / docs.length : 1, df };
}

/**
 * A word no pinned document had is weighed as a word of one document (as the live statistics would
 * weigh a new rule's own word).
 */
export const UNSEEN_DF = 1;

/**
 * The index. With `frozen` statistics (lexicon/stats/term-stats.json) every word's weight and the
 * length norm come from that pinned document set, so a document added or removed later changes no
 * other document's score; without them they come from the documents indexed now.
 */
export function buildLexiconIndex(rules: Rule[], lexicons: LexiconFile[], model: ModelParams, fingerprint: string, frozen?: TermStats): LexiconIndex {
  const { docs: terms, stop } = documentTerms(rules, lexicons, model);
  const docs: IndexDoc[] = [];
  const postings: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  for (const d of terms) {
    for (const [t, n] of d.tf) (postings[t] ??= []).push(docs.length, n);
    docs.push({ id: d.id, category: d.category, len: d.len });
  }
  const stats = frozen ?? termStats(terms);
  // Only the words whose pinned frequency differs from their posting list's length are stored.
  const df: Record<string, number> = Object.create(null) as Record<string, number>;
  if (frozen) {
    for (const [t, post] of Object.entries(postings)) {
      const want = Object.hasOwn(frozen.df, t) ? frozen.df[t]! : UNSEEN_DF;
      if (want !== post.length / 2) df[t] = want;
    }
  }
  return {
    version: 2,
    guideText: guideTextOf(lexicons),
    fingerprint,
    model,
    termStats: frozen ? 'frozen' : 'live',
    docs,
    n: stats.docs,
    avgLen: stats.avgLen,
    df,
    postings,
    stopwords: [...stop],
    connection: lexicons.flatMap((l) => l.connection ?? []),
    complaint: lexicons.flatMap((l) => l.complaint ?? []),
    complaintNamed: lexicons.flatMap((l) => l.complaintNamed ?? []),
    gatewayHarmed: lexicons.flatMap((l) => l.gatewayHarmed ?? []),
    featureText: {
      opens: lexicons.flatMap((l) => l.featureText?.opens ?? []),
      asks: lexicons.flatMap((l) => l.featureText?.asks ?? []),
      serves: lexicons.flatMap((l) => l.featureText?.serves ?? []),
      advisory: lexicons.flatMap((l) => l.featureText?.advisory ?? []),
      reports: lexicons.flatMap((l) => l.featureText?.reports ?? []),
    },
    clients: mergeLists(lexicons.map((l) => l.clients ?? {})),
    notGateway: lexicons.flatMap((l) => l.notGateway ?? []),
    ruledOut: lexicons.flatMap((l) => l.ruledOut ?? []),
    needs: lexicons.flatMap((l) => l.needs ?? []),
    names: lexicons.flatMap((l) => l.names ?? []),
    exact: lexicons.flatMap((l) => Object.entries(l.exact ?? {}).map(([text, ruleId]) => ({ text, ruleId, language: l.language, ...(l.exactNeedsName ? { needsName: true as const } : {}), ...(l.exactNotAfter?.length ? { notAfter: l.exactNotAfter } : {}) }))),
  };
}

function mergeLists(maps: Array<Record<string, string[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = [...(out[k] ?? []), ...v];
  return out;
}
