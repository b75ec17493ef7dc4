// The fallback answer's test harness, shared by answer.test.ts and answer.sweep.test.ts: the rules
// and lexical index loaded once, and a paste diagnosed as the pipeline does (derive, engine, fallback).
import { evaluate } from '../../src/engine/evaluate.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { answerFallback, needsFallback, type FallbackAnswer } from '../../src/engine/fallback/answer.js';
import type { LexiconIndex } from '../../src/engine/fallback/types.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { buildIndexFromFiles } from '../../src/rules/lexicon.js';
import type { Facts, Finding, Rule } from '../../src/types.js';

export let rules: Rule[];
export let index: LexiconIndex;

/** For a file's beforeAll: the built-in rules and their lexical index. */
export async function loadAnswerRules(): Promise<void> {
  rules = await loadBuiltinRules();
  index = buildIndexFromFiles(rules);
}

export async function diagnose(text: string, version?: string): Promise<{ findings: Finding[]; answer: FallbackAnswer }> {
  const facts: Facts = { flags: {}, paste: await pasteFromString(text) };
  if (version) facts.version = { value: version, source: 'flag' };
  // The pipeline's derive stage (paste.derived: whose gateway, port comparison) runs before the engine.
  deriveFacts(facts);
  const output = evaluate(rules, facts);
  const answer = needsFallback(facts, output, index.model.strongSpecificity) ? answerFallback(rules, facts, output, index) : { candidates: [] };
  return { findings: [...output.findings, ...answer.candidates], answer };
}

/**
 * A paste diagnosed with a variant of the index (a model flag or `names` changed), facts merged over the
 * paste's: finding ids, a candidate's with its kind (`rule/id/lexical`), and the fallback answer.
 */
export async function answerIds(text: string, idx: LexiconIndex = index, extra: Partial<Facts> = {}): Promise<{ ids: string[]; fb: FallbackAnswer }> {
  const facts: Facts = { flags: {}, paste: await pasteFromString(text), ...extra };
  deriveFacts(facts);
  const output = evaluate(rules, facts);
  const fb = needsFallback(facts, output, idx.model.strongSpecificity) ? answerFallback(rules, facts, output, idx) : { candidates: [] };
  return { ids: [...output.findings, ...fb.candidates].map((f) => `${f.ruleId}${f.candidate ? `/${f.candidate.kind}` : ''}`), fb };
}

/** The lexical candidates among `answerIds`' ids. */
export const lexicalIds = (ids: string[]): string[] => ids.filter((id) => id.endsWith('/lexical'));

export function categories(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.category))];
}
