// A long kept line's unescaped form (`\"` → `"`, normalize.ts) is not walked by the cover pass: its
// places come from the raw form's walk (src/engine/unescaped-places.ts). The answer must be the old
// path's — the lists of the pass without places, the places walkPositions's on the unescaped text, each
// built-in pattern's first match the same as on a fresh line — on every line of every rule case with
// escapes put into and between its literals, and on generated lines mixing many rules' literals with
// escapes (`\"`, `\\"`, `\"\"`, `\n`, `\u00e9`), quotes, `İ ß ſ K`, upper-cased and halved literals, filler.
// A sweep (test/helpers/sweep.ts; the slow job): every item; a sampled run every 12th (seeds 1 and 13 of 24).
// The edge cases by hand are unit tests: unescaped-places.test.ts.
import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { execLine } from '../../src/shared/regex/exec.js';
import { walkConditions } from '../../src/shared/conditions.js';
import { enableLinearFallback } from '../../src/shared/regex/engine.js';
import { presetPlaces, WINDOW_MIN } from '../../src/shared/regex/window.js';
import { escapesOf } from '../../src/engine/unescaped-places.js';
import { ruleCaseLines } from '../paste/corpus-strings.js';
import { budget, rng, same } from '../paste/window.helpers.js';
import { both, expectSame, lits, mixed, rules } from './literal-pass.helpers.js';
import { floorFor, sweep, sweepName, sweepSeeds } from '../helpers/sweep.js';

enableLinearFallback();

const unescape = (s: string) => s.replace(/\\"/g, '"');
const ESCAPES = ['\\"', '\\"', '\\"', '\\\\"', '\\"\\"', '\\n', '\\u00e9', '"', '\\'];
const quoted = lits.filter((l) => l.includes('"') || l.includes('\\'));

/** `s` with escapes put at random places (inside literals and between them), at least one `\"`. */
function escaped(s: string, seed: number, per: number): string {
  const r = rng(seed);
  let out = '';
  let from = 0;
  while (from < s.length) {
    const step = 1 + Math.floor(r() * per);
    out += s.slice(from, from + step) + ESCAPES[Math.floor(r() * ESCAPES.length)]!;
    from += step;
  }
  return r() < 0.5 ? `\\"${out}` : `${out}\\"`;
}

/** A mixed line with literals holding quotes or backslashes written escaped (as a JSON log writes them). */
function mixedEscaped(seed: number, len: number): string {
  const r = rng(seed);
  let s = '';
  while (s.length < len) {
    const l = quoted[Math.floor(r() * quoted.length)]!;
    s += (r() < 0.5 ? l.replace(/"/g, '\\"') : l) + (r() < 0.3 ? '\\"' : ' ') + mixed(seed * 7 + s.length, 40 + Math.floor(r() * 200));
  }
  return escaped(s.slice(0, len), seed + 1, 400);
}

/** Pairs (raw, unescaped), both placed, as normalize.ts keeps them; a text between pairs listed only. */
function pairs(raws: string[]): { texts: string[]; want: boolean[] } {
  const texts: string[] = [];
  const want: boolean[] = [];
  for (const r of raws) {
    // The pass derives the second from the first (as written: lower-cased when not ASCII).
    expect(escapesOf(r.toLowerCase(), unescape(r).toLowerCase())).toBeDefined();
    texts.push(r, unescape(r), 'gateway token mismatch "x"');
    want.push(true, true, false);
  }
  return { texts, want };
}

describe('the unescaped form of a line is read through its raw form\u2019s walk', () => {
  const caseLines = ruleCaseLines();
  const every = 12;
  const lines = sweep(caseLines, every);

  it(sweepName('every line of every rule case, escapes put into and between its literals: lists and places as before', every), () => {
    expect(caseLines.length).toBeGreaterThan(3000);
    let n = 0;
    for (let i = 0; i < lines.length; i += 2000) {
      const { texts, want } = pairs(lines.slice(i, i + 2000).map((l, k) => escaped(l, i + k, 12)));
      n += expectSame(texts, want);
    }
    expect(n).toBeGreaterThan(floorFor(6000, lines.length, caseLines.length));
  });

  const seeds = sweepSeeds(1, 24, every);
  it(sweepName('generated mixed lines with escapes, quotes and `İ ß ſ K`: lists and places as before', every), () => {
    let n = 0;
    for (const seed of seeds) {
      const raws = [escaped(mixed(seed, WINDOW_MIN + 500 * seed), seed, 300), mixedEscaped(seed, 3000 + 1000 * seed), escaped(mixed(seed + 40, 600), seed, 5)];
      const { texts, want } = pairs(raws);
      n += expectSame(texts, want);
    }
    expect(n).toBeGreaterThan(floorFor(60_000, seeds.length, 24));
  });

  it(sweepName('each built-in pattern reads the unescaped line the same with the derived places as on a fresh line', every), () => {
    const matchers = rules.flatMap((r) => [...walkConditions(r.when)]).flatMap((c) => ('paste' in c && c.paste.regex !== undefined && c.paste.cover && c.paste.span !== undefined ? [c.paste] : []));
    const sample = sweep(matchers, every);
    let found = 0;
    // No İ: a line with one is read whole, not by windows.
    const raw = mixedEscaped(5, WINDOW_MIN + 6000).replace(/İ/g, 'i');
    const { texts, want } = pairs([raw]);
    const { places, walk } = both(texts, want);
    const u = { line: 1, text: texts[1]! };
    presetPlaces(u, walk, places[1]!);
    for (const m of sample) {
      const want = same(execLine(m, { line: 1, text: texts[1]! }, budget(), walk));
      const got = same(execLine(m, u, budget(), walk));
      if (!isDeepStrictEqual(got, want)) expect(got, m.regex).toEqual(want);
      if (want) found++;
    }
    expect(found).toBeGreaterThan(floorFor(40, sample.length, matchers.length));
  });
});
