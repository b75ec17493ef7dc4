// Builds the lexical index over the rule catalogue: each rule that reads pasted text is one
// document made of its title, message, notes and the symptom phrases the lexicons give it (per
// rule and per category, in every language). Pure: the build script and the stale-index path
// (src/rules/lexicon.ts) both call it.
import type { Rule } from '../../types.js';
import { tokenize } from '../../shared/text/tokenize.js';
import type { IndexDoc, LexiconFile, LexiconIndex, ModelParams } from './types.js';

/** Rules a paste can explain: those with a paste matcher somewhere in `when`. */
export function readsPaste(rule: Rule): boolean {
  return JSON.stringify(rule.when).includes('"paste":');
}

export function buildLexiconIndex(rules: Rule[], lexicons: LexiconFile[], model: ModelParams, fingerprint: string): LexiconIndex {
  const stop = new Set(lexicons.flatMap((l) => l.stopwords ?? []).flatMap((w) => tokenize(w)));
  const docs: IndexDoc[] = [];
  const postings: Record<string, number[]> = {};
  const w = model.weights;
  for (const rule of rules.filter(readsPaste)) {
    const tf = new Map<string, number>();
    const add = (text: string | undefined, weight: number) => {
      for (const t of tokenize(text ?? '', stop)) tf.set(t, (tf.get(t) ?? 0) + weight);
    };
    add(rule.title, w.title);
    add(rule.message.replace(/\{\{[^}]*\}\}/g, ' '), w.message);
    add(rule.notes, w.notes);
    for (const lex of lexicons) {
      for (const p of lex.categories?.[rule.category] ?? []) add(p, w.phrases);
      for (const p of lex.rules?.[rule.id] ?? []) add(p, w.phrases);
    }
    const index = docs.length;
    let len = 0;
    for (const [t, n] of tf) {
      (postings[t] ??= []).push(index, Math.round(n * 100) / 100);
      len += n;
    }
    docs.push({ id: rule.id, category: rule.category, len: Math.round(len) });
  }
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
    exact: lexicons.flatMap((l) => Object.entries(l.exact ?? {}).map(([text, ruleId]) => ({ text, ruleId, language: l.language }))),
  };
}

function mergeLists(maps: Array<Record<string, string[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = [...(out[k] ?? []), ...v];
  return out;
}
