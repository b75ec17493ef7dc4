import { describe, expect, it } from 'vitest';
import { anyGate, anyGateLists, anyGateSource, anyGateTable, minimalLiterals, storyWords, type StoryPattern } from '../../src/shared/story-words.js';

/** The definition: a literal is kept unless another (different) one of the list is inside it; order kept. */
const pairwise = (all: readonly string[]): string[] => all.filter((l) => !all.some((o) => o !== l && l.includes(o)));

describe('minimalLiterals (the story gates\' "any of them" literals)', () => {
  it('keeps exactly the literals holding no other one, in their order, on the shipped said / denied / quoted gates', () => {
    const w = storyWords();
    const lists = [w.resolved.said, w.denied, w.quoted].map((ps) => [...new Set(ps.flatMap((p) => p.gate ?? []))]);
    for (const all of lists) {
      expect(all.length).toBeGreaterThan(100);
      const kept = minimalLiterals(all);
      expect(kept).toEqual(pairwise(all));
      expect(kept.length).toBeLessThan(all.length); // the lists do hold literals inside others: the filter is exercised
    }
  });

  it('equals the pairwise definition on generated lists (short alphabet: many literals inside others; empty and repeated ones)', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    for (let t = 0; t < 400; t++) {
      const all = Array.from({ length: 1 + rnd(30) }, () => Array.from({ length: rnd(7) }, () => 'ab c'[rnd(4)]).join(''));
      expect(minimalLiterals(all)).toEqual(pairwise(all));
    }
    expect(minimalLiterals(['fixed the ', 'fixed', 'xfixed', 'ok'])).toEqual(['fixed', 'ok']);
    expect(minimalLiterals(['a', 'a', 'ba'])).toEqual(['a', 'a']);
    expect(minimalLiterals(['', 'x'])).toEqual(['']);
  });

  it('the gate built from them holds on a line exactly when the line holds one of the literals', () => {
    const ps = [{ gate: ['fixed the ', 'fixed'] }, { gate: ['works now'] }].map((p) => ({ ...p, source: 'x', test: () => false, at: () => -1, exec: () => null, compiled: () => false }));
    const gate = anyGate(ps);
    expect(gate('i fixed the gateway')).toBe(true);
    expect(gate('it works now')).toBe(true);
    expect(gate('it fixes itself')).toBe(false);
  });
});

describe('anyGate with the build-time table (scripts/build.mjs puts anyGateTable(storyWords()) into the CLI bundle)', () => {
  const w = storyWords();
  const table = anyGateTable(w);
  const lists = anyGateLists(w);
  const gated = (...gates: string[][]): StoryPattern[] => gates.map((gate) => ({ gate, source: 'x', test: () => false, at: () => -1, exec: () => null, compiled: () => false }));

  it('has one entry per built-in list, each the source anyGate computes from that list', () => {
    expect(table).toHaveLength(3);
    for (const [i, ps] of lists.entries()) {
      const lits = [...new Set(ps.flatMap((p) => p.gate ?? []))];
      expect(lits.length).toBeGreaterThan(100);
      expect(JSON.parse(table[i]!.literals)).toEqual(lits);
      expect(table[i]!.source).toBe(anyGateSource(lits));
    }
  });

  it('answers every line as the computed gate does, on the built-in lists (lines holding a literal, near ones, none)', () => {
    for (const ps of lists) {
      const lits = [...new Set(ps.flatMap((p) => p.gate ?? []))];
      const lines = [...lits.map((l) => `so ${l} here`), ...lits.map((l) => l.slice(1)), ...lits.map((l) => l.slice(0, -1)), 'gateway closed (1008): pairing required', ''];
      const withTable = anyGate(ps, table);
      const computed = anyGate(ps, []);
      const differ = lines.filter((l) => withTable(l) !== computed(l));
      expect(differ).toEqual([]);
      expect(lines.some((l) => !computed(l))).toBe(true); // some lines are shut: the comparison is not all true
    }
  });

  it('takes an entry only when it was made from the very same literals in the same order (a stale one is never used)', () => {
    const ps = gated(['fixed the ', 'fixed'], ['works now']);
    const key = JSON.stringify(['fixed the ', 'fixed', 'works now']);
    // A planted entry whose source matches nothing: used when the key is the list's, so the gate is shut.
    expect(anyGate(ps, [{ literals: key, source: '(?!)' }])('i fixed it')).toBe(false);
    // Stale entries (a literal added, dropped, reordered, or changed in case): the gate computes its own source.
    const stale = [
      JSON.stringify(['fixed the ', 'fixed', 'works now', 'ok']),
      JSON.stringify(['fixed the ', 'fixed']),
      JSON.stringify(['fixed', 'fixed the ', 'works now']),
      JSON.stringify(['fixed the ', 'Fixed', 'works now']),
    ];
    for (const literals of stale) {
      const gate = anyGate(ps, [{ literals, source: '(?!)' }]);
      expect([gate('i fixed it'), gate('it works now'), gate('it fixes itself')]).toEqual([true, true, false]);
    }
    // Literals holding a comma, quotes and non-ASCII: the key is exact JSON, not a join ("a,b" + "c" is not "a" + "b" + "c").
    expect(anyGate(gated(['a,b'], ['c']), [{ literals: JSON.stringify(['a', 'b', 'c']), source: '(?!)' }])('x a,b')).toBe(true);
    expect(anyGate(gated(['say "ok"', '好了']), [{ literals: JSON.stringify(['say "ok"', '好了']), source: '(?!)' }])('好了')).toBe(false);
    expect(anyGate(gated(['say "ok"', '好了']), [{ literals: JSON.stringify(['say \'ok\'', '好了']), source: '(?!)' }])('好了')).toBe(true);
  });
});
