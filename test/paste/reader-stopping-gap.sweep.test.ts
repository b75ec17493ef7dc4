// The sweep of reader-stopping-gap.test.ts (sampled in the fast job, in full in the slow one: test/helpers/sweep.ts).
// Issue #9 §2, the reader's slowest lexicon patterns (notes/hostile-input.md 2o, 2p): en notGateway[3]
// and [4] were `A[^\n]{0,160}?B`, one 160-character scan per start of A. Their rewrite
// `A(?:(?!L)[^\n]){0,160}?B` stops a gap at the next start (L = A but for the alternatives a B can
// begin inside), so each character is scanned for a bounded number of starts. Same answers: `test`
// is identical old vs new on every corpus line this may read and every rule-case string, and on
// seeded random lines built from both patterns' pieces (the overlaps included).
import { describe, expect, it } from 'vitest';
import { corpusStrings as lines } from './corpus-strings.js';
import { sweep, sweepName } from '../helpers/sweep.js';
import { lexicon, pairs } from './reader-stopping-gap.patterns.js';


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
  }
});
