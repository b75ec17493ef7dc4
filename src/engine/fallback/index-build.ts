// Builds the lexical index over the rule catalogue: each rule that reads pasted text is one
// document made of its title, message, notes and the symptom phrases the lexicons give it (per
// rule and per category, in every language). Pure: the build script and the stale-index path
// (src/rules/lexicon.ts) both call it.
import type { Rule } from '../../types.js';
import { tokenize } from '../../shared/text/tokenize.js';
import type { IndexDoc, LexiconFile, LexiconIndex, ModelParams } from './types.js';

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

export function buildLexiconIndex(rules: Rule[], lexicons: LexiconFile[], model: ModelParams, fingerprint: string): LexiconIndex {
  const stop = new Set(lexicons.flatMap((l) => l.stopwords ?? []).flatMap((w) => tokenize(w)));
  const docs: IndexDoc[] = [];
  const postings: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  const w = model.weights;
  const addDoc = (doc: Omit<IndexDoc, 'len'>, fields: Array<[text: string | undefined, weight: number]>) => {
    const tf = new Map<string, number>();
    for (const [text, weight] of fields) for (const t of tokenize(text ?? '', stop)) tf.set(t, (tf.get(t) ?? 0) + weight);
    const index = docs.length;
    let len = 0;
    for (const [t, n] of tf) {
      (postings[t] ??= []).push(index, Math.round(n * 100) / 100);
      len += n;
    }
    docs.push({ ...doc, len: Math.round(len) });
  };
  for (const rule of rules.filter(readsPaste)) {
    const fields: Array<[string | undefined, number]> = [
      [rule.title, w.title],
      [rule.message.replace(/\{\{[^}]*\}\}/g, ' '), w.message],
      [rule.notes, w.notes],
    ];
    for (const lex of lexicons) {
      for (const p of lex.categories?.[rule.category] ?? []) fields.push([p, w.phrases]);
      for (const p of lex.rules?.[rule.id] ?? []) fields.push([p, w.phrases]);
    }
    addDoc({ id: rule.id, category: rule.category }, fields);
  }
  const others = mergeLists(lexicons.map((l) => l.otherSubsystems ?? {}));
  for (const [name, phrases] of Object.entries(others)) addDoc({ id: `other:${name}`, category: 'not-connection' }, phrases.map((p) => [p, w.phrases]));
  const avgLen = docs.length ? docs.reduce((s, d) => s + d.len, 0) / docs.length : 1;
  return {
    version: 1,
    fingerprint,
    model,
    docs,
    avgLen,
    postings,
    stopwords: [...stop],
    connection: lexicons.flatMap((l) => l.connection ?? []),
    clients: mergeLists(lexicons.map((l) => l.clients ?? {})),
    notGateway: lexicons.flatMap((l) => l.notGateway ?? []),
    ruledOut: lexicons.flatMap((l) => l.ruledOut ?? []),
    needs: lexicons.flatMap((l) => l.needs ?? []),
    exact: lexicons.flatMap((l) => Object.entries(l.exact ?? {}).map(([text, ruleId]) => ({ text, ruleId, language: l.language }))),
  };
}

function mergeLists(maps: Array<Record<string, string[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = [...(out[k] ?? []), ...v];
  return out;
}
