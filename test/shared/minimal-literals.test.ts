import { describe, expect, it } from 'vitest';
import { anyGate, minimalLiterals, storyWords } from '../../src/shared/story-words.js';

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
