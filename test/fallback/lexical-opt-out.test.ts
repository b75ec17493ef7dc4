import { describe, expect, it } from 'vitest';
import { buildLexiconIndex, readsPaste } from '../../src/engine/fallback/index-build.js';
import type { Rule } from '../../src/types.js';
import type { ModelParams } from '../../src/engine/fallback/types.js';

const model = { k1: 1.2, b: 0.75, weights: { title: 2, message: 1, notes: 0.5, phrases: 2 }, threshold: 12, minTerms: 3, dominance: 1.5, maxCandidates: 3, strongSpecificity: 40 } as ModelParams;

function rule(id: string, extra: Partial<Rule> = {}): Rule {
  return {
    id,
    title: 'the client aims at another port',
    category: 'other',
    severity: 'error',
    when: { paste: { regex: 'Gateway target:' } },
    specificity: 50,
    message: 'port mismatch between client and gateway',
    fix: { tier: 'manual', steps: ['set the port'] },
    ...extra,
  } as Rule;
}

describe('lexical: false keeps a rule out of word-based suggestions', () => {
  it('readsPaste is false for an opted-out rule with a paste matcher', () => {
    expect(readsPaste(rule('other/a'))).toBe(true);
    expect(readsPaste(rule('other/b', { lexical: false }))).toBe(false);
  });

  it('the index has no document for it', () => {
    const index = buildLexiconIndex([rule('other/a'), rule('other/b', { lexical: false })], [], model, 'test');
    expect(index.docs.map((d) => d.id)).toEqual(['other/a']);
  });
});
