// Issue #9 part 2 (notes/hostile-input.md 2am): a plan's gap pieces that differ only in HEAD (a HEAD
// of varying length split by length) run as one group, one pass instead of one per piece
// (src/shared/regex/piece-group.ts). The per-piece runner is the oracle: exec(text, from) — the
// index and captures the engine reads — must be identical on every line of every rule case, on
// lines generated per pattern from its own words (upper-cased, halved, with `İ ß ſ K`, channel
// starts, filler runs up to 330), and on synthetic plans whose HEADs overlap and hold their stop.
// The sweeps over the built-in patterns and synthetic plans are in piece-group.sweep.test.ts.
import { describe, expect, it } from 'vitest';
import { planGroups } from '../../src/shared/regex/compile.js';

describe('HEAD groups of a plan (one pass) answer as the pieces one by one', () => {
  it('groups only neighbouring gap pieces with the same REST, stop and max and a HEAD free of captures', () => {
    const tail = { re: 'x', bounded: true, stop: '[\\n]' };
    const g = planGroups([
      { ...tail, head: 'ab', headLength: 2 },
      { ...tail, head: 'c', headLength: 1 },
      { ...tail, head: '(d)', headLength: 1 },
      { ...tail, head: 'e', headLength: 1 },
      { ...tail, head: 'f', headLength: 1, max: 40 },
      { re: 'y', bounded: true },
      { ...tail, head: '(?:g|h)', headLength: 1 },
      { ...tail, head: '(?<=i)j', headLength: 1 },
    ]);
    expect(g.map((x) => x.map((p) => p.head ?? p.re))).toEqual([['ab', 'c'], ['(d)'], ['e'], ['f'], ['y'], ['(?:g|h)', '(?<=i)j']]);
  });
});
