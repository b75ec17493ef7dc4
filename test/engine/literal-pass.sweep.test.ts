// The cover pass's places on every line of every rule case (literal-pass.test.ts has the rest): the
// lists those of the pass without places, the places walkPositions's on the text lower-cased. A sweep
// (test/helpers/sweep.ts): 1 line in 4 in the fast job, every line in the slow one (notes/
// hostile-input.md, 2aw).
import { describe, expect, it } from 'vitest';
import { enableLinearFallback } from '../../src/shared/regex/engine.js';
import { ruleCaseLines } from '../paste/corpus-strings.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';
import { expectSame } from './literal-pass.helpers.js';

enableLinearFallback();

describe('the cover pass finds places in its own walk', () => {
  const all = ruleCaseLines();
  const every = 4;
  const texts = sweep(all, every);

  it(sweepName('every line of every rule case: lists and places as before', every), () => {
    expect(all.length).toBeGreaterThan(3000);
    // Every other text placed, the rest listed by the once walk between them.
    const n = expectSame(texts, texts.map((_, i) => i % 2 === 0));
    expect(n).toBeGreaterThan(floorFor(3000, texts.length, all.length));
  });
});
