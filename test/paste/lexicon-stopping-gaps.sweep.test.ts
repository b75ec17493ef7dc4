// The sweep of lexicon-stopping-gaps.test.ts (sampled in the fast job, in full in the slow one:
// test/helpers/sweep.ts): each rewrite answers as before on corpus strings and seeded lines.
import { describe, expect, it } from 'vitest';
import { corpusStrings } from './corpus-strings.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';
import { lexicon, REWRITES } from './lexicon-stopping-gaps.rewrites.js';


/** Seeded lines of the words (and every overlap of two: one's end is the next one's start), with fillers and gaps up to 180. */
function seededLines(words: string[], count: number): string[] {
  const overlaps = words.flatMap((a) => words.flatMap((b) => Array.from({ length: Math.min(a.length, b.length) - 1 }, (_, k) => k + 1).filter((k) => a.endsWith(b.slice(0, k))).map((k) => a + b.slice(k))));
  const fill = ['', ' ', 'x', ': ', '-', '_', ' 4', '01', '\n', ...overlaps];
  let seed = 9;
  // mulberry32: every bit usable.
  const next = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  return Array.from({ length: count }, () => {
    let s = '';
    for (let k = next(12); k >= 0; k--) s += (next(3) ? fill[next(fill.length)]! : '') + (next(2) ? words[next(words.length)]! : '') + (next(4) ? '' : 'y'.repeat(next(2) ? next(180) : next(12)));
    return s;
  });
}

describe('lexicon gaps that stop at the next start: the same answers', () => {
  const corpus = corpusStrings();
  for (const r of REWRITES) {
    const now = new RegExp(lexicon(r.lang).notGateway[r.index]!.regex, 'i');
    const before = new RegExp(r.old, 'i');
    // A sweep (test/helpers/sweep.ts): every corpus string; 1 seeded line in 4 in the fast job, all in the slow one.
    it(sweepName(`${r.lang} notGateway[${r.index}] is the rewrite and answers as before on ${corpus.length} corpus and rule-case strings and 60,000 seeded lines`, 4), () => {
      expect(now.source).not.toBe(before.source);
      expect(now.source).toMatch(/\(\?:\(\?!/);
      const seeded = sweep(seededLines(r.words, 60_000), 4);
      // Each seeded line's old answer taken once: for the comparison and the count below.
      const differ = corpus.filter((l) => now.test(l) !== before.test(l));
      let hits = 0;
      for (const l of seeded) {
        const was = before.test(l);
        if (was) hits++;
        if (now.test(l) !== was) differ.push(l);
      }
      expect(differ.slice(0, 5)).toEqual([]);
      // The seeded lines reach both answers often.
      expect(hits).toBeGreaterThan(floorFor(500, seeded.length, 60_000));
      expect(seeded.length - hits).toBeGreaterThan(floorFor(10_000, seeded.length, 60_000));
    });
  }
});
