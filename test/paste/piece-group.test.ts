// Issue #9 part 2 (notes/hostile-input.md 2am): a plan's gap pieces that differ only in HEAD (a HEAD
// of varying length split by length) run as one group, one pass instead of one per piece
// (src/shared/regex/piece-group.ts). The per-piece runner is the oracle: exec(text, from) — the
// index and captures the engine reads — must be identical on every line of every rule case, on
// lines generated per pattern from its own words (upper-cased, halved, with `İ ß ſ K`, channel
// starts, filler runs up to 330), and on synthetic plans whose HEADs overlap and hold their stop.
// The sweeps over the built-in patterns and synthetic plans are in piece-group.sweep.test.ts.
import { describe, expect, it } from 'vitest';
import { planExec, planGroups } from '../../src/shared/regex/compile.js';

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

  it('a group runner read again on another line finds nothing of the line before (its REST and stop reads are kept per runner)', () => {
    const tail = { re: 'x(?<n>\\d)', bounded: true, stop: '[\n]' };
    const plan = [
      { ...tail, head: 'ab', headLength: 2 },
      { ...tail, head: 'c', headLength: 1 },
    ];
    const grouped = planExec(plan, 'i');
    const one = planExec(plan, 'i', false);
    // Each line after the first would reuse the first's REST (x7 at 6) or its end-of-reads if kept.
    const lines = ['ab----x7', 'ab----y7', 'c-x1', 'zzzzzzzzzzzzab-x2', 'ab', 'ab\nx3', 'c x4'];
    const answers = lines.map((l) => grouped(l));
    expect(answers).toEqual(lines.map((l) => one(l)));
    expect(answers.map((m) => m && [m.index, m.groups?.n])).toEqual([[0, '7'], null, [0, '1'], [12, '2'], null, null, [0, '4']]);
    // The same line again, from a later start: the answer of a runner read for the first time.
    expect(grouped('ab-x5 c-x6', 1)).toEqual(planExec(plan, 'i')('ab-x5 c-x6', 1));
    expect(grouped('ab-x5 c-x6', 1)?.index).toBe(6);
  });
});
