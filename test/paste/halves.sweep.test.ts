// The sweep of halves.test.ts (sampled in the fast job, in full in the slow one: test/helpers/sweep.ts):
// the facts of one scan wherever the split falls.
import { describe, expect, it } from 'vitest';
import { sweep, sweepName } from '../helpers/sweep.js';
import { halves, KINDS, lineStarts, whole, write } from './halves.helpers.js';

describe('a large log in two halves', () => {
  // Every kind of line on each side of the split, anchors at every distance from it.
  const kinds = Object.keys(KINDS);
  const lines: string[] = [];
  for (let i = 0; i < 70; i++) lines.push(KINDS[kinds[(i * 7 + (i >> 3)) % kinds.length]!]!);

  for (const window of [0, 1, 3]) {
    // A sweep (test/helpers/sweep.ts): 1 line start in 3 in the fast job, every one in the slow one.
    it(sweepName(`gives the facts of one scan wherever the split falls (window ${window}, every line start)`, 3), async () => {
      const file = write(`every-${window}.log`, lines, false);
      const expected = await whole(file, window);
      expect(expected.kept.length).toBeGreaterThan(10);
      expect(expected.cutLines?.count).toBeGreaterThan(0);
      let merged = 0;
      const starts = sweep(lineStarts(lines), 3);
      for (const at of starts) {
        const { facts, stats } = await halves(file, window, at);
        if (stats.halves === 'merged') merged++;
        expect({ at, facts }).toEqual({ at, facts: expected });
      }
      // The overlap must start after what the reader read before it asked (the first 64-byte chunk).
      expect(merged).toBeGreaterThan(starts.length - 3 - window);
    });
  }
});
