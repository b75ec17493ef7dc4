// Issue #9 §2, the reader's slowest lexicon patterns (notes/hostile-input.md 2o, 2p): en notGateway[3]
// and [4] were `A[^\n]{0,160}?B`, one 160-character scan per start of A. Their rewrite
// `A(?:(?!L)[^\n]){0,160}?B` stops a gap at the next start (L = A but for the alternatives a B can
// begin inside), so each character is scanned for a bounded number of starts. Same answers: `test`
// is identical old vs new on every corpus line this may read and every rule-case string, and on
// seeded random lines built from both patterns' pieces (the overlaps included).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusStrings as lines } from './corpus-strings.js';
import { shapeProblems } from './reader-regex-shape.js';
import { sweep, sweepName } from '../helpers/sweep.js';

const ROOT = join(import.meta.dirname, '..', '..');
const A3 = String.raw`api\.openai\.com|api\.anthropic\.com|generativelanguage\.googleapis|openrouter|api\.deepseek|dashscope|moonshot|bigmodel|\bprovider\b|\bllm\b|\bmodel\b`;
const B3 = String.raw`\b401\b|\b403\b|\b429\b|invalid api key|incorrect api key|authentication_error|rate_limit_error|insufficient_quota|quota`;
const A4 = String.raw`\b401\b|\b429\b|invalid api key|incorrect api key|authentication_error|rate_limit_error|insufficient_quota`;
const B4 = String.raw`api\.openai\.com|api\.anthropic\.com|openrouter|\bprovider\b|\bllm\b|\bmodel\b|api key`;
const pairs = [
  { index: 3, old: String.raw`(?:${A3})[^\n]{0,160}?(?:${B3})`, pieces: `${A3}|${B3}` },
  { index: 4, old: String.raw`(?:${A4})[^\n]{0,160}?(?:${B4})`, pieces: `${A4}|${B4}` },
];
const lexicon = JSON.parse(readFileSync(join(ROOT, 'lexicon', 'en.json'), 'utf8')) as { notGateway: Array<{ regex: string }> };

/** Seeded lines of the patterns' own pieces (each alternative spelled plainly, so overlaps happen), joined by short fillers. */
function randomLines(pieces: string, count: number): string[] {
  const words = pieces.split('|').map((w) => w.replace(/\\b/g, '').replace(/\\\./g, '.'));
  expect(words.every((w) => /^[\w .]+$/.test(w))).toBe(true);
  // Fillers include every overlap of two pieces (one's end is the next one's start: `openrouterate_limit_error`).
  const overlaps = words.flatMap((a) => words.flatMap((b) => Array.from({ length: Math.min(a.length, b.length) - 1 }, (_, k) => k + 1).filter((k) => a.endsWith(b.slice(0, k))).map((k) => a + b.slice(k))));
  const fill = ['', ' ', 'x', ': ', '-', '_', ' 4', '01', ...overlaps];
  let seed = 9;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), (seed >>> 12) % n);
  return Array.from({ length: count }, () => {
    let s = '';
    for (let k = next(4); k >= 0; k--) s += (next(3) ? fill[next(fill.length)]! : '') + (next(2) ? words[next(words.length)]! : '') + (next(5) ? '' : 'y'.repeat(next(170)));
    return s;
  });
}

describe('en notGateway[3] and [4]: a gap that stops at the next start', () => {
  const corpus = lines();
  for (const { index, old, pieces } of pairs) {
    const now = new RegExp(lexicon.notGateway[index]!.regex, 'i');
    const before = new RegExp(old, 'i');
    // A sweep (test/helpers/sweep.ts): every corpus string; 1 random line in 4 in the fast job, all in the slow one.
    it(sweepName(`[${index}] is the rewrite, and answers as before on ${corpus.length} corpus and rule-case strings and 60,000 random lines`, 4), () => {
      expect(now.source).not.toBe(before.source);
      expect(now.source).toMatch(/\(\?:\(\?!/);
      const differ = [...corpus, ...sweep(randomLines(pieces, 60_000), 4)].filter((l) => now.test(l) !== before.test(l));
      expect(differ.slice(0, 5)).toEqual([]);
      // The checks reach both answers, and the overlaps a gap could stop on are in the random lines.
      expect(corpus.filter((l) => before.test(l)).length).toBeGreaterThan(5);
      expect(before.test('provider openrouterate_limit_error')).toBe(index === 3);
      expect(now.test('provider openrouterate_limit_error')).toBe(index === 3);
    });
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
