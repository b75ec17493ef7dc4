// The cover pass finds a long line's literal places in the same walk that lists the lines holding
// each literal (src/engine/literal-pass.ts), instead of a second walk per line when a pattern first
// reads it by windows (walkPositions). Both answers must be the old path's: the lists those of the
// pass without places, the places walkPositions's on the text lower-cased — on every line of every
// rule case and on generated lines mixing many rules' literals (upper-cased, split in halves,
// `İ ß ſ K`, é/网, long filler), several texts per pass, placed and not placed interleaved. Every
// line of every rule case is a sweep of its own: literal-pass.sweep.test.ts.
import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { execLine } from '../../src/shared/regex/exec.js';
import { pasteRunner } from '../../src/shared/regex/compile.js';
import { walkConditions } from '../../src/shared/conditions.js';
import { enableLinearFallback } from '../../src/shared/regex/engine.js';
import { merge, presetPlaces, runsOf, startWindows, windowedFirst, windowedMatch, windowLine, WINDOW_MIN } from '../../src/shared/regex/window.js';
import { budget, rng, same } from '../paste/window.helpers.js';
import { both, expectSame, lits, mixed, rules } from './literal-pass.helpers.js';
import { LiteralSet } from '../../src/engine/literal-set.js';
import type { LiteralWalk, Positions } from '../../src/shared/literals/positions.js';
import type { PasteMatcher } from '../../src/types.js';
import { matchSpan } from '../../src/shared/regex/span.js';

const matcher = (regex: string): PasteMatcher => ({ regex, cover: [['key']], span: matchSpan(regex) });

enableLinearFallback();

describe('the cover pass finds places in its own walk', () => {
  it('generated lines mixing many rules\u2019 literals, ASCII and not, several per pass', () => {
    let n = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const texts = [mixed(seed, WINDOW_MIN + 1000), mixed(seed + 100, 3000).toLowerCase(), mixed(seed + 200, 20_000), 'x'.repeat(50) + mixed(seed + 300, 500)];
      // A text whose only places are 3-byte characters then ASCII (byte offsets far from UTF-16 indexes).
      texts.push('网'.repeat(2000) + 'gateway token mismatch unauthorized');
      n += expectSame(texts, texts.map((_, i) => seed % 2 === 0 || i !== 1));
    }
    expect(n).toBeGreaterThan(5000);
  });

  it('a set reused across calls: each placed call lists and places as on a fresh set (review26d #2)', () => {
    // The placed texts' once-per-text stamps count on across calls (the part's serial): stamped by
    // index alone, a text at the same index in a later call read as already listed.
    const set = new LiteralSet([...lits, 'zq-not-built-in-xw']);
    const calls = [
      [mixed(41, 3000), mixed(42, WINDOW_MIN + 500)],
      [mixed(43, 3000), mixed(44, 2500)],
      [mixed(41, 3000), mixed(42, WINDOW_MIN + 500)],
    ];
    let listed = 0;
    for (const [k, texts] of calls.entries()) {
      const want = [true, k !== 1];
      const placed = { want, places: [] as Array<Positions | undefined> };
      const lists = set.textsContainingLowered(texts, -1, placed);
      const fresh = both(texts, want);
      if (!isDeepStrictEqual(lists, fresh.lists)) expect(lists, `call ${k}`).toEqual(fresh.lists);
      expect(placed.places.map((p) => p?.lists()), `call ${k}`).toEqual(fresh.places.map((p) => p?.lists()));
      listed += lists.filter((l) => l.includes(0)).length;
    }
    expect(listed).toBeGreaterThan(30);
  });

  it('each pattern reads a long line the same with the pass\u2019s places as with its own walk', () => {
    const matchers = rules.flatMap((r) => [...walkConditions(r.when)]).flatMap((c) => ('paste' in c && c.paste.regex !== undefined && c.paste.cover && c.paste.span !== undefined ? [c.paste] : []));
    expect(matchers.length).toBeGreaterThan(400);
    let windowed = 0;
    let found = 0;
    for (const seed of [11, 12]) {
      // No İ (a line with one is read whole, not by windows).
      const texts = [mixed(seed, WINDOW_MIN + 4000).replace(/İ/g, 'i'), mixed(seed + 50, WINDOW_MIN + 4000).replace(/İ/g, 'I')];
      const { places, walk } = both(texts, [true, true]);
      texts.forEach((text, t) => {
        const preset = { line: 1, text };
        presetPlaces(preset, walk, places[t]!);
        const fresh = { line: 1, text }; // walked by window.ts on its first read by windows
        for (const m of matchers) {
          if (startWindows(m, fresh, walk)) windowed++;
          const want = same(execLine(m, fresh, budget(), walk));
          const got = same(execLine(m, preset, budget(), walk));
          if (!isDeepStrictEqual(got, want)) expect(got, m.regex).toEqual(want);
          if (want) found++;
        }
      });
    }
    expect(windowed).toBeGreaterThan(400);
    expect(found).toBeGreaterThan(50);
  });

  it('windows are the old ones: every chosen literal\u2019s places by indexOf, all pairs sorted and merged, the same cap', () => {
    const matchers = rules.flatMap((r) => [...walkConditions(r.when)]).flatMap((c) => ('paste' in c && c.paste.regex !== undefined && c.paste.cover && c.paste.span !== undefined && !c.paste.caseSensitive ? [c.paste] : []));
    /**
     * startWindows as it was before the runs were joined per literal (d34a2f4), a place kept only when each other
     * literal of its conjunction the walk keeps occurs within a match's reach of it (window.ts nearOthers), by indexOf.
     */
    const oldWindows = (m: PasteMatcher, text: string, walk?: LiteralWalk): number[] | undefined => {
      if (m.cover!.some((c) => c.length === 0)) return undefined;
      const lowered = text.toLowerCase();
      const at = (lit: string): number[] => {
        const out: number[] = [];
        for (let q = lowered.indexOf(lit); q >= 0; q = lowered.indexOf(lit, q + 1)) out.push(q);
        return out;
      };
      const walked = (lit: string): boolean => {
        const id = walk && /^[^\x00-\x08\n\x0b\x0c\x0e-\x1f\x7f]{3,}$/.test(lit) ? walk.index.get(lit) : undefined;
        return id !== undefined && walk!.tries.keep(id);
      };
      const starts: number[] = [];
      let chars = 0;
      for (const conj of m.cover!) {
        const lit = conj.reduce((a, b) => (b.length > a.length ? b : a));
        const others = [...new Set(conj)].filter((o) => o !== lit && o.length > 0 && walked(o)).map((o) => ({ o, at: at(o) }));
        for (const q of at(lit)) {
          if (!others.every(({ o, at: ps }) => ps.some((p) => p >= q + lit.length - m.span! && p <= q + m.span! - o.length))) continue;
          starts.push(Math.max(0, q + lit.length - m.span!), q);
          if ((chars += m.span! + 1) > 3 * text.length) return undefined;
        }
      }
      return merge(starts);
    };
    let windowed = 0;
    let capped = 0;
    let multi = 0;
    // Matchers whose windows the other literals' reach changed (a place dropped, or the cap no longer reached).
    let filtered = 0;
    // Matchers over the cap on every place of the chosen literals (with the reach asked, these lines keep none
    // over it: the cap's edge is checked on its own below).
    let cappedUnfiltered = 0;
    for (const seed of [21, 22, 23]) {
      const text = mixed(seed, WINDOW_MIN + 2000 * (seed - 20)).replace(/İ/g, 'i');
      const { places, walk } = both([text], [true]);
      const ln = { line: 1, text };
      presetPlaces(ln, walk, places[0]!);
      for (const m of matchers) {
        const want = oldWindows(m, text, walk);
        const got = startWindows(m, ln, walk);
        if (!isDeepStrictEqual(got, want)) expect(got, m.regex).toEqual(want);
        if (want) windowed++;
        else capped++;
        if (want && m.cover!.length > 1 && want.length > 2) multi++;
        const unfiltered = oldWindows(m, text);
        if (!isDeepStrictEqual(unfiltered, want)) filtered++;
        if (unfiltered === undefined) cappedUnfiltered++;
      }
    }
    // The cap's edge: 65 characters of starts per place, 3 × 8,192 = 24,576 → 378 places read by windows, 379 not.
    const edge = matcher('x.{0,60}key');
    for (const k of [378, 379]) {
      const text = ('key' + 'ab'.repeat(9)).repeat(k).padEnd(WINDOW_MIN, 'z');
      expect(startWindows(edge, { line: 1, text })).toEqual(oldWindows(edge, text));
      expect(startWindows(edge, { line: 1, text }) === undefined).toBe(k === 379);
    }
    expect(windowed).toBeGreaterThan(400);
    expect(capped + cappedUnfiltered).toBeGreaterThan(5);
    expect(multi).toBeGreaterThan(50);
    expect(filtered).toBeGreaterThan(50);
  });

  it('windowedFirst reads the windows startWindows lists, in order, up to the first with a match (each made only when needed)', () => {
    const matchers = rules.flatMap((r) => [...walkConditions(r.when)]).flatMap((c) => ('paste' in c && c.paste.regex !== undefined && c.paste.cover && c.paste.span !== undefined ? [c.paste] : []));
    let read = 0;
    let found = 0;
    let late = 0;
    for (const seed of [31, 32]) {
      const text = mixed(seed, WINDOW_MIN + 6000).replace(/İ/g, 'i');
      const { places, walk } = both([text], [true]);
      const ln = { line: 1, text };
      presetPlaces(ln, walk, places[0]!);
      for (const m of matchers) {
        const windows = startWindows(m, ln, walk);
        const got = windowedFirst(pasteRunner(m), m, ln, walk);
        if (!windows) {
          expect(got, m.regex).toBeUndefined();
          continue;
        }
        read++;
        const want = windowedMatch(pasteRunner(m), text, windows, m.span!);
        if (!isDeepStrictEqual(same(got), same(want))) expect(same(got), m.regex).toEqual(same(want));
        if (want) found++;
        // A match past the first window: the windows before it were read and failed.
        if (want && want.index > windows[1]!) late++;
      }
    }
    expect(read).toBeGreaterThan(400);
    expect(found).toBeGreaterThan(50);
    expect(late).toBeGreaterThan(10);
  });

  it('runsOf is merge of every literal\u2019s windows (startWindows merges the literals\u2019 place lists in one pass)', () => {
    const r = rng(7);
    /** Ascending places, some close enough that a literal's own windows join. */
    const places = (n: number, gap: number): number[] => {
      const out: number[] = [];
      for (let q = Math.floor(r() * gap); out.length < n; q += 1 + Math.floor(r() * gap)) out.push(q);
      return out;
    };
    let joined = 0;
    let many = 0;
    for (let k = 0; k < 3000; k++) {
      const n = 1 + Math.floor(r() * (k % 10 === 0 ? 300 : 8));
      const span = 3 + Math.floor(r() * 40);
      const lits = Array.from({ length: n }, () => 'x'.repeat(1 + Math.floor(r() * span)));
      const at = lits.map(() => places(Math.floor(r() * 8), 1 + Math.floor(r() * 3 * span)));
      const pairs = at.flatMap((qs, i) => qs.flatMap((q) => [Math.max(0, q - (span - lits[i]!.length)), q]));
      const want = merge(pairs);
      expect(runsOf(at, lits, span)).toEqual(want);
      if (want.length < pairs.length) joined++;
      if (n > 64) many++;
    }
    expect(joined).toBeGreaterThan(1000);
    expect(many).toBeGreaterThan(50);
  });

  it('a line holding a newline is never read by windows (the pass\u2019s scan does not restart at one: review20b #11)', () => {
    const long = 'x'.repeat(WINDOW_MIN);
    expect(windowLine({ line: 1, text: `${long} pairing required` })).toBe(true);
    expect(windowLine({ line: 2, text: `${long}\npairing required` })).toBe(false);
  });
});
