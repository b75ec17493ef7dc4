// Wires the fallback answer into a run: only when a paste got no strong finding is the lexical
// index read (start-up cost of a normal run does not grow).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerFallback, needsFallback, type FallbackAnswer } from '../engine/fallback/answer.js';
import type { LexiconIndex, ModelParams } from '../engine/fallback/types.js';
import { LEXICON_DIR, loadLexiconIndex } from '../rules/lexicon.js';
import type { EngineOutput, Facts, Rule } from '../types.js';

/** `index`: an index the caller already holds (follow mode reads it once per run). */
export function wireFallback(rules: Rule[], facts: Facts, output: EngineOutput, index?: LexiconIndex): FallbackAnswer {
  if (!facts.paste?.kept.length) return { candidates: [] };
  const model = JSON.parse(readFileSync(join(LEXICON_DIR, 'model.json'), 'utf8')) as ModelParams;
  if (!needsFallback(facts, output, model.strongSpecificity)) return { candidates: [] };
  return answerFallback(rules, facts, output, index ?? loadLexiconIndex(rules));
}
