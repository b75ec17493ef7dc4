// Shared by literal-pass.test.ts and unescaped-places.sweep.test.ts: the cover pass with places against
// the old path (the pass without places, walkPositions on each text lower-cased), and a seeded generator
// of lines mixing many rules' literals.
import { expect } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { LiteralSet } from '../../src/engine/literal-set.js';
import { walkPositions, type Positions } from '../../src/shared/literals/positions.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { ruleCoverLiterals } from '../../src/engine/cover-literals.js';
import { rng } from '../paste/window.helpers.js';
import { builtinAutomatonRef, setBuiltinAutomaton } from '../../src/shared/literals/builtin.js';

export const rules = await loadBuiltinRules();
export const lits = [...new Set(rules.flatMap((r) => [...ruleCoverLiterals(r)]))];
// The shipped automaton this module's load named. Under isolate: false this module is evaluated once per worker,
// and a file run since may have pointed the process-wide reference elsewhere or at nothing (caches.test's copy,
// builtin-table.test's unset): `both` names it again, so its walk never depends on which files ran before.
const SHIPPED = builtinAutomatonRef();

/** The pass over `texts` with places for those `want` marks, and the same pass without (a fresh set each: the old path). */
export function both(texts: string[], want: boolean[]) {
  setBuiltinAutomaton(SHIPPED);
  const placed = { want, places: [] as Array<Positions | undefined> };
  const withPlaces = new LiteralSet([...lits, 'zq-not-built-in-xw']);
  const lists = withPlaces.textsContainingLowered(texts, -1, placed);
  const old = new LiteralSet([...lits, 'zq-not-built-in-xw']).textsContainingLowered(texts, -1);
  return { lists, old, places: placed.places, walk: withPlaces.builtinWalk()! };
}

/** Checks a pass with places against the old path; returns how many places were compared. */
export function expectSame(texts: string[], want: boolean[]): number {
  const { lists, old, places, walk } = both(texts, want);
  expect(walk).toBeDefined();
  if (!isDeepStrictEqual(lists, old)) expect(lists).toEqual(old);
  let n = 0;
  for (let t = 0; t < texts.length; t++) {
    if (!want[t]) {
      expect(places[t], `text ${t} not asked for`).toBeUndefined();
      continue;
    }
    const lowered = texts[t]!.toLowerCase();
    const ref = walkPositions(walk, lowered);
    if (!ref) continue; // a surrogate: walkPositions does not answer (the engine never asks: windowLine)
    const got = places[t]!;
    expect(got).toBeDefined();
    // Same literals, same places (compared by the ids that hold places).
    if (!isDeepStrictEqual(got.ids(), ref.ids())) expect(got.ids()).toEqual(ref.ids());
    for (const id of ref.ids()) {
      const g = Array.from(got.get(id)!);
      const want = Array.from(ref.get(id)!);
      if (!isDeepStrictEqual(g, want)) expect(g, walk.tries.a.literals[id]).toEqual(want);
      n += want.length;
    }
  }
  return n;
}

/** A line of `len` characters: literals of many rules, each changed at random (upper-cased, cut in half, `İ ß ſ K`, é/网), with filler between. */
export function mixed(seed: number, len: number): string {
  const r = rng(seed);
  const pick = () => lits[Math.floor(r() * lits.length)]!;
  const seps = [' ', ': ', 'İ', 'ß', 'ſ', 'K', 'é', '网', '', '\t', ' gateway '];
  let s = '';
  while (s.length < len) {
    let l = pick();
    const k = r();
    if (k < 0.15) l = l.toUpperCase();
    else if (k < 0.25) l = l.slice(0, Math.ceil(l.length / 2));
    else if (k < 0.3) l = l.slice(Math.floor(l.length / 2));
    s += l + seps[Math.floor(r() * seps.length)]!;
    if (r() < 0.05) s += 'lorem ipsum dolor '.repeat(1 + Math.floor(r() * 40));
  }
  return s.slice(0, len);
}
