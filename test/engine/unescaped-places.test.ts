// unescapedPlaces answers only where it is exact; elsewhere it returns undefined and the pass walks
// the unescaped text itself (review21b: a span walkPositions did not answer was read as "no
// occurrence crosses a seam", and texts dropped out of literal lists).
import { describe, expect, it } from 'vitest';
import { escapesOf, SPAN_SHARE_MAX, unescapedPlaces } from '../../src/engine/unescaped-places.js';
import { PlaceBuffer, walkPositions } from '../../src/shared/literals/positions.js';
import { both, expectSame, lits } from './literal-pass.helpers.js';

const quoted = lits.filter((l) => l.length > 4 && l.includes('"') && !/[^\x20-\x7e]/.test(l));
const filler = 'gateway connected to ws://127.0.0.1:18789 after 3 retries; '.repeat(40);

/** A JSON log line: a few quoted literals written escaped (sparse: derived unless refused), `around` beside each. */
function jsonLine(around: string, n = 3): string {
  let s = filler.repeat(5);
  for (let i = 0; i < n; i++) s += `${around}${quoted[(i * 37) % quoted.length]!.replace(/"/g, '\\"')}${around} ${filler.repeat(5)}`;
  return s;
}

/** The raw and unescaped forms, both placed (as normalize.ts keeps them). */
function pair(raw: string) {
  return { texts: [raw, raw.replaceAll('\\"', '"')], want: [true, true] };
}

describe('unescapedPlaces: the cases it leaves to the walk', () => {
  it('has quoted literals to cross seams with', () => expect(quoted.length).toBeGreaterThan(5));

  it('a surrogate beside a seam (🦞): lists and places as the walk of the unescaped text', () => {
    const { texts, want } = pair(jsonLine('\u{1f99e}'));
    const { walk } = both(texts, want);
    const r = texts[0]!.toLowerCase();
    const u = texts[1]!.toLowerCase();
    expect(unescapedPlaces(walk, walkPositions(walk, r) ?? new PlaceBuffer().take(), escapesOf(r, u)!, u)).toBeUndefined();
    // The lists: before the guard the literals crossing a seam were missing from the unescaped text's.
    expectSame(texts, want);
  });

  it('İ (lower-casing changes the length): undefined for a text not lower-cased, exact for the pass', () => {
    const { texts, want } = pair(jsonLine('İ'));
    const { walk } = both(texts, want);
    const u = texts[1]!;
    expect(u.toLowerCase().length).not.toBe(u.length);
    const esc = escapesOf(texts[0]!, u)!;
    expect(unescapedPlaces(walk, walkPositions(walk, texts[0]!)!, esc, u)).toBeUndefined();
    expectSame(texts, want);
  });

  it('dense escapes (spans over SPAN_SHARE_MAX of the text): undefined, the pass exact', () => {
    let raw = '';
    for (let i = 0; raw.length < 20000; i++) raw += `${filler.slice(0, 40)}\\"${quoted[i % quoted.length]!.replace(/"/g, '\\"')}`;
    const { texts, want } = pair(raw);
    const { walk } = both(texts, want);
    const esc = escapesOf(raw, texts[1]!)!;
    expect(esc.length).toBeGreaterThan(SPAN_SHARE_MAX * 100);
    expect(unescapedPlaces(walk, walkPositions(walk, raw)!, esc, texts[1]!)).toBeUndefined();
    expectSame(texts, want);
  });

  it('sparse escapes, ASCII: derived, equal to the walk of the unescaped text', () => {
    const raw = `${filler.repeat(8)}\\"${quoted[0]!.replace(/"/g, '\\"')} ${filler.repeat(8)}`;
    const { texts, want } = pair(raw);
    const { walk } = both(texts, want);
    const got = unescapedPlaces(walk, walkPositions(walk, raw)!, escapesOf(raw, texts[1]!)!, texts[1]!);
    expect(got).toBeDefined();
    const ref = walkPositions(walk, texts[1]!)!;
    expect(ref.count).toBeGreaterThan(0);
    expect(got!.lists()).toEqual(ref.lists());
  });

  it('a seam-crossing occurrence before a kept one of the same literal: places merged in order (review26d #1)', () => {
    // The first occurrence is written escaped (crosses seams, found by the spans), the second plain
    // (a raw place, shifted): the merge must put the crossing one first, not after the kept ones.
    const lit = quoted[0]!;
    const raw = `x ${lit.replace(/"/g, '\\"')} y ${filler} ${lit} z ${filler}`;
    const { texts, want } = pair(raw);
    const { walk } = both(texts, want);
    const esc = escapesOf(raw, texts[1]!)!;
    const got = unescapedPlaces(walk, walkPositions(walk, raw)!, esc, texts[1]!);
    expect(got).toBeDefined();
    const ref = walkPositions(walk, texts[1]!)!;
    const id = walk.index.get(lit)!;
    const at = Array.from(ref.get(id)!);
    expect(at).toEqual([2, texts[1]!.indexOf(lit, 3)]);
    expect(Array.from(got!.get(id)!)).toEqual(at);
    expect(got!.lists()).toEqual(ref.lists());
    expectSame(texts, want);
  });
});

// Moved from unescaped-places.sweep.test.ts (a unit test, not a sweep: it stays in the fast job).
describe('the unescaped form of a line is read through its raw form\u2019s walk: edges', () => {
  const unescaped = (s: string) => s.replace(/\\"/g, '"');
  const quotedOrSlashed = lits.filter((l) => l.includes('"') || l.includes('\\'));

  it('edges: escapes at the ends, runs of them, a literal ending or starting at a seam, a chain of forms', () => {
    const texts: string[] = [];
    const want: boolean[] = [];
    const add = (...xs: string[]) => xs.forEach((x) => (texts.push(x), want.push(true)));
    add('\\"gateway token mismatch\\"', '"gateway token mismatch"');
    add('\\"\\"\\"pairing required\\"\\"\\"', '"""pairing required"""');
    add(': unrecognized key: \\"type\\" missing env var \\"x', ': unrecognized key: "type" missing env var "x');
    // \\" → \" → ": three forms, each the one before unescaped.
    add('unrecognized key: \\\\"bind\\\\"', 'unrecognized key: \\"bind\\"', 'unrecognized key: "bind"');
    // Every literal holding a quote or a backslash, written escaped: each crosses seams, some far from its ends.
    const all = quotedOrSlashed.map((l) => l.replace(/"/g, '\\"')).join(' ');
    add(all, unescaped(all), all.toUpperCase(), unescaped(all.toUpperCase()));
    // …and each alone between filler: its seams' spans not joined with another literal's.
    for (const l of quotedOrSlashed) {
      const r = `${'ab '.repeat(50)}${l.replace(/"/g, '\\"')}${' ab'.repeat(50)}`;
      add(r, unescaped(r));
    }
    // Not the one before unescaped (another change too): walked as it is.
    add('gateway.auth: unrecognized key: \\"type\\"', 'gateway.auth: unrecognized key: "none"');
    expectSame(texts, want);
    expect(escapesOf('a\\"b\\\\"c', 'a"b\\"c')).toEqual([1, 5]);
    expect(escapesOf('a\\"b', 'a"c')).toBeUndefined();
    expect(escapesOf('ab', 'ab')).toBeUndefined();
  });
});
