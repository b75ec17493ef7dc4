// A text's literal places as one array of (id, start) pairs, bucketed per literal on the first read
// (src/shared/literals/positions.ts): against plain per-literal lists built from the same pairs.
import { describe, expect, it } from 'vitest';
import { PlaceBuffer } from '../../src/shared/literals/positions.js';
import { rng } from './window.helpers.js';

/** Random pairs as a walk makes them: each literal's starts ascending, literals interleaved. */
function walkPairs(seed: number, ids: number, n: number): Array<[number, number]> {
  const r = rng(seed);
  const last = new Map<number, number>();
  const out: Array<[number, number]> = [];
  for (let k = 0; k < n; k++) {
    const id = Math.floor(r() * ids);
    const at = (last.get(id) ?? -1) + 1 + Math.floor(r() * 50);
    last.set(id, at);
    out.push([id, at]);
  }
  return out;
}

/** The lists the pairs stand for: per id its starts in order (undefined: none). */
function lists(pairs: Array<[number, number]>): Array<number[] | undefined> {
  const out: Array<number[] | undefined> = [];
  for (const [id, at] of pairs) (out[id] ??= []).push(at);
  return out;
}

describe('Positions: (id, start) pairs bucketed per literal', () => {
  it('answers each literal’s starts in walk order, for pairs in walk order and in id order', () => {
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const pairs = walkPairs(seed, 1 + (seed % 7) * 30, seed * 40);
      const want = lists(pairs);
      const buf = new PlaceBuffer();
      for (const [id, at] of pairs) buf.add(id, at);
      const walked = buf.take();
      // The same places added literal by literal (as unescapedPlaces builds them): no sort needed.
      want.forEach((xs, id) => xs?.forEach((at) => buf.add(id, at)));
      const byId = buf.take(true);
      for (const p of [walked, byId]) {
        expect(p.count).toBe(pairs.length);
        expect(p.ids()).toEqual(want.flatMap((xs, id) => (xs ? [id] : [])));
        for (let id = -1; id <= want.length + 2; id++) {
          const got = p.get(id);
          expect(got === undefined ? undefined : Array.from(got)).toEqual(want[id]);
          checked++;
        }
        expect(p.lists()).toEqual(want);
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('a buffer grows past its first size and starts empty after each take', () => {
    const buf = new PlaceBuffer();
    for (let k = 0; k < 10000; k++) buf.add(k % 3, k);
    const p = buf.take();
    expect(Array.from(p.get(2)!).slice(0, 3)).toEqual([2, 5, 8]);
    expect(p.get(1)!.length).toBe(3333);
    expect(buf.take().count).toBe(0);
    expect(buf.take().ids()).toEqual([]);
  });
});
