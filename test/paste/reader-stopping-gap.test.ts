// Issue #9 §2, the reader's slowest lexicon patterns (notes/hostile-input.md 2o, 2p): en notGateway[3]
// and [4] were `A[^\n]{0,160}?B`, one 160-character scan per start of A. Their rewrite
// `A(?:(?!L)[^\n]){0,160}?B` stops a gap at the next start (L = A but for the alternatives a B can
// begin inside), so each character is scanned for a bounded number of starts. Same answers: `test`
// is identical old vs new on every corpus line this may read and every rule-case string, and on
// seeded random lines built from both patterns' pieces (the overlaps included): that sweep is in
// reader-stopping-gap.sweep.test.ts.
import { describe, expect, it } from 'vitest';
import { shapeProblems } from './reader-regex-shape.js';
import { A3, B3, lexicon, pairs } from './reader-stopping-gap.patterns.js';

describe('en notGateway[3] and [4]: a gap that stops at the next start', () => {
  for (const { index } of pairs) {
    const now = new RegExp(lexicon.notGateway[index]!.regex, 'i');
    it(`[${index}] has the reader's shape`, () => {
      expect(shapeProblems(now.source, 'i')).toEqual([]);
    });
  }
  it('401 invalid api key and insufficient_quotapi key still match [4] (a B inside a next start)', () => {
    const re = new RegExp(lexicon.notGateway[4]!.regex, 'i');
    expect(re.test('401 invalid api key')).toBe(true);
    expect(re.test('429 insufficient_quotapi key')).toBe(true);
    expect(re.test('insufficient_quota then 429 then model')).toBe(true);
    expect(re.test('401 then nothing of a provider')).toBe(true);
    expect(re.test('401 then ' + 'x'.repeat(161) + 'model')).toBe(false);
  });
});

describe('the shape check pays a stopping gap per character only when it is one', () => {
  const gap = (look: string) => String.raw`(?:${A3})(?:(?!${look})[^\n]){0,160}?(?:${B3})`;
  it('a lookahead that holds the start alternatives verbatim', () => {
    expect(shapeProblems(gap(A3), 'i')).toEqual([]);
  });
  it('look-alikes are charged per start: a lookahead over other words as many, a guarded copy, a gap not right after the start, a wider step', () => {
    const charged = [
      gap(A3.split('|').map((a) => `${a}x`).join('|')),
      gap(A3.split('|').map((a) => `${a}(?!q)`).join('|')),
      String.raw`(?:${A3}):(?:(?!${A3})[^\n]){0,160}?(?:${B3})`,
      String.raw`(?:${A3})(?:(?!${A3})[^\n]{1,2}){0,160}?(?:${B3})`,
    ];
    for (const p of charged) expect([p, shapeProblems(p, 'i')]).toEqual([p, [expect.stringMatching(/^paths /)]]);
  });
});
