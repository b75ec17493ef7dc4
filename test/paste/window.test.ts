// A long line that does not repeat is read near its literals (src/shared/regex/window.ts): each
// pattern's first match must be what the whole line gives, the windows reaching exactly as far as
// a match can (a window one character short at either end fails the edge cases below). The sweep
// over every built-in pattern is in window.sweep.test.ts.
import { describe, expect, it } from 'vitest';
import { matchSpan } from '../../src/shared/regex/span.js';
import { enableLinearFallback } from '../../src/shared/regex/engine.js';
import { merge, startWindows, windowedFirst, WINDOW_MIN } from '../../src/shared/regex/window.js';
import { pasteRunner } from '../../src/shared/regex/compile.js';
import { patternPrefix, periodOf } from '../../src/shared/regex/period.js';
import { walkPositions } from '../../src/shared/literals/positions.js';
import { LiteralSet } from '../../src/engine/literal-set.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { walkConditions } from '../../src/shared/conditions.js';
import type { PasteMatcher } from '../../src/types.js';
import { builtinMatchers, onLine, rng, same, whole } from './window.helpers.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { coverPass } from '../../src/engine/conditions.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { LITERAL_SEARCH_MAX_CHARS } from '../../src/engine/literal-set.js';
import type { Rule } from '../../src/types.js';

enableLinearFallback();

const matcher = (regex: string, cover: string[][]): PasteMatcher => ({ regex, cover, span: matchSpan(regex) });
/** `len` characters of filler that hold none of the test's literals and never repeat within 2 KiB. */
const filler = (len: number, seed = 1) => {
  const r = rng(seed);
  let s = '';
  while (s.length < len) s += 'abcdfghijlmnopqrstuvwz '[Math.floor(r() * 23)];
  return s;
};

describe('windows around a literal', () => {
  it('reach a match that starts span − len before its literal, and no further', () => {
    // x.{0,5}key: span 9; "x12345key" starts 6 before "key" (q + len − span).
    const m = matcher('x.{0,5}key', [['key']]);
    expect(m.span).toBe(9);
    const pre = filler(WINDOW_MIN);
    const text = `${pre}x12345key${filler(WINDOW_MIN, 2)}`;
    expect(startWindows(m, { line: 1, text })).toEqual([pre.length, pre.length + 6]);
    expect(same(onLine(m, text))).toEqual(same(whole(m, text)));
    expect(onLine(m, text)?.index).toBe(pre.length);
  });

  it('read a character past the span: $ and \\b at a cut are not the line\'s', () => {
    // key.{5}$ / key.{5}\b: span 8; the line goes on after "key12345", so neither matches there.
    const pre = filler(WINDOW_MIN);
    for (const re of ['key.{5}$', 'key.{5}\\b', 'key.{5}(?:$|!)']) {
      const m = matcher(re, [['key']]);
      const text = `${pre}key12345Z${filler(WINDOW_MIN, 3)}`;
      expect(whole(m, text), re).toBeNull();
      expect(onLine(m, text), re).toBeNull();
      // At the very end the same pattern matches, in the window and on the line.
      expect(onLine(m, `${pre}key12345`)?.index, re).toBe(pre.length);
    }
  });

  it('through the walk, keep only places with the conjunction\'s other literals within reach: both edges', async () => {
    const { w } = await builtinMatchers();
    expect(w.index.has('gateway') && w.index.has('token')).toBe(true);
    // Chosen: "gateway" (the longest); span 32. "token" ends at most span − len(token) = 27 after "gateway" starts
    // (first pattern), or starts at most span − len(gateway) = 25 before it (second): one character further, no match.
    for (const [re, near, far] of [
      ['gateway.{0,20}token', `gateway${'1'.repeat(20)}token`, `gateway${'1'.repeat(21)}token`],
      ['token.{0,20}gateway', `token${'1'.repeat(20)}gateway`, `token${'1'.repeat(21)}gateway`],
    ] as const) {
      const m = matcher(re, [['gateway', 'token']]);
      expect(m.span).toBe(32);
      // Many places of "gateway" alone (no window from them), then the one with "token" in reach.
      const pre = Array.from({ length: 40 }, (_, i) => `${filler(300, i + 5)}gateway`).join('');
      for (const [mid, hit] of [[near, true], [far, false]] as const) {
        const text = `${pre}${filler(300, 90)}${mid}${filler(WINDOW_MIN, 91)}`;
        const want = same(whole(m, text));
        expect(want !== null, re).toBe(hit);
        expect(same(onLine(m, text, w)), re).toEqual(want);
        // One window, around the place with "token" near, or none.
        expect(startWindows(m, { line: 1, text }, w)?.length, re).toBe(hit ? 2 : 0);
      }
    }
  });

  it('an unwalked other literal before a walked one: the walked one\u2019s reach is its own length\u2019s (win29)', async () => {
    const { w } = await builtinMatchers();
    // nearOthers' scratch holds one range per WALKED other; its j-th range took the length of the
    // conjunction's j-th other, walked or not. "qzxwvu" (no built-in literal: read by indexOf) before
    // "token" (walked): the reach of "token" cut to span − 6, and a match ending in it at span − 5 was
    // not read (missed; the CLI missed a user rule's match so on a long line). "qz" (two characters,
    // never walked) before it: the reach widened to span − 2, a window kept where no match starts.
    expect(w.index.has('gateway') && w.index.has('token') && !w.index.has('qzxwvu')).toBe(true);
    for (const mid of ['qzxwvu', 'qz']) {
      const re = `gateway.{0,20}${mid}.{0,20}token`;
      const m = matcher(re, [['gateway', mid, 'token']]);
      expect(m.span).toBe(7 + 20 + mid.length + 20 + 5);
      // The widest match ("token" at span − 5 after "gateway"), then one character further (no match).
      for (const [gap, hit] of [[20, true], [21, false]] as const) {
        const text = `${filler(WINDOW_MIN, 92)}gateway${'1'.repeat(20)}${mid}${'1'.repeat(gap)}token${filler(300, 93)}`;
        const want = same(whole(m, text));
        expect(want !== null, `${re} ${gap}`).toBe(hit);
        expect(same(onLine(m, text, w)), `${re} ${gap}`).toEqual(want);
        expect(startWindows(m, { line: 1, text }, w)?.length, `${re} ${gap}`).toBe(hit ? 2 : 0);
      }
    }
  });

  it('evaluate() on a large paste finds a rule\u2019s widest match on a long line (the CLI\u2019s path, a user rule\u2019s literal unwalked)', async () => {
    await builtinMatchers(); // names the shipped automaton: the pass then walks the built-in literals ("gateway", "token")
    const regex = 'gateway.{0,20}qzxwvu.{0,20}token';
    const m = matcher(regex, [['gateway', 'qzxwvu', 'token']]);
    const r: Rule = { id: 'custom/win29', title: 't', category: 'other', severity: 'error', facts: ['paste'], specificity: 10, message: 'm', fix: { tier: 'manual', steps: ['s'] }, when: { paste: m } };
    const rest = Array.from({ length: Math.ceil(LITERAL_SEARCH_MAX_CHARS / 1000) }, (_, i) => filler(1000, 200 + i)).join('\n');
    for (const [gap, hit] of [[20, true], [21, false]] as const) {
      const line = `${filler(WINDOW_MIN, 94)}gateway${'1'.repeat(20)}qzxwvu${'1'.repeat(gap)}token${filler(300, 95)}`;
      const paste = await pasteFromString(`${line}\n${rest}\n`);
      expect(new RegExp(regex, 'i').test(line)).toBe(hit);
      expect(evaluate([r], { flags: {}, paste }).findings.map((f) => f.ruleId), `gap ${gap}`).toEqual(hit ? ['custom/win29'] : []);
      // The path asked: the one-pass scan, with the built-in walk, the long line read by windows.
      expect(coverPass(paste)?.set.builtinWalk()).toBeDefined();
      expect(startWindows(m, paste.kept[0]!, coverPass(paste)!.set.builtinWalk())).toBeDefined();
    }
  });

  it('see the character before a window: \\b and \\B at its start are the line\'s', () => {
    const pre = filler(WINDOW_MIN);
    const text = `${pre}xkey ${pre}`;
    expect(onLine(matcher('\\bkey', [['key']]), text)).toBeNull();
    expect(onLine(matcher('\\Bkey', [['key']]), text)?.index).toBe(pre.length + 1);
    expect(onLine(matcher('^key', [['key']]), `key${pre}`)?.index).toBe(0);
    expect(onLine(matcher('^key', [['key']]), `${pre}key${pre}`)).toBeNull();
  });

  it('take the first match over every conjunction, with its captures, on random lines', () => {
    const r = rng(7);
    const pats: [string, string[][]][] = [
      ['(?<a>alpha)[^\\n]{0,12}(?<b>beta)|gamma.{0,3}(?<c>delta)', [['alpha', 'beta'], ['delta', 'gamma']]],
      ['\\b(?:alpha|beta)\\b', [['alpha'], ['beta']]],
      ['omega(?:.{0,40}(?<t>tau))?', [['omega']]],
      ['(?:gamma|delta){2,3}$', [['gamma'], ['delta']]],
      ['\\Bbeta.{1,2}\\b', [['beta']]],
    ];
    const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'tau', 'Alpha', 'BETA', ' ', 'x', '-', '  '];
    let windowed = 0;
    let matched = 0;
    for (let k = 0; k < 400; k++) {
      let text = filler(WINDOW_MIN + Math.floor(r() * 2000), k);
      // A few words spliced in at random places.
      for (let j = 4 + Math.floor(r() * 20); j > 0; j--) {
        const at = Math.floor(r() * text.length);
        text = text.slice(0, at) + words[Math.floor(r() * words.length)]! + (r() < 0.5 ? words[Math.floor(r() * words.length)]! : '') + text.slice(at);
      }
      for (const [re, cover] of pats) {
        const m = { ...matcher(re, cover), regex: re };
        const got = onLine(m, text);
        expect(same(got), `${re} #${k}`).toEqual(same(new RegExp(re, 'i').exec(text)));
        if (startWindows(m, { line: 1, text })) windowed++;
        if (got) matched++;
      }
    }
    expect(windowed).toBeGreaterThan(1500);
    expect(matched).toBeGreaterThan(400);
  });

  it('a window read that asks for windows itself (nothing does today) leaves the outer windows intact', () => {
    // withRanges hands a nested call its own Ranges: sharing the outer's would empty and refill it
    // while the outer still walks it (here: its list cut to the nested one's length, and the third
    // window, the one with the match, never read; review26d #3).
    const m = matcher('x.{0,5}key', [['key']]);
    const other = matcher('yy', [['yy']]);
    const text = `${filler(WINDOW_MIN)}key ${filler(3000, 3)} yy ${filler(3000, 4)}key ${filler(3000, 6)}x1key${filler(WINDOW_MIN, 5)}`;
    const inner = pasteRunner(m);
    let reads = 0;
    let nested = 0;
    const run = {
      weight: inner.weight,
      exec: (t: string, from?: number) => {
        reads++;
        nested += startWindows(other, { line: 1, text })!.length;
        return inner.exec(t, from);
      },
    };
    const got = windowedFirst(run, m, { line: 1, text });
    expect(got?.index).toBe(text.indexOf('x1key'));
    expect(reads).toBe(3);
    expect(nested).toBe(6); // one window (2 numbers) per read
    expect(same(got)).toEqual(same(windowedFirst(inner, m, { line: 1, text })));
  });

  it('merges overlapping and touching windows, in order', () => {
    expect(merge([10, 20, 0, 5, 6, 8, 30, 31, 19, 25])).toEqual([0, 8, 10, 25, 30, 31]);
    expect(merge([])).toEqual([]);
  });

  it('are not used where positions would not be the line\'s, or on a short line', () => {
    const m = matcher('key', [['key']]);
    const pre = filler(WINDOW_MIN);
    expect(startWindows(m, { line: 1, text: `${pre}İkey` })).toBeUndefined(); // İ lower-cases to two characters
    expect(startWindows(m, { line: 1, text: `${pre}Σkey` })).toBeUndefined();
    expect(startWindows(m, { line: 1, text: `${pre}😀key` })).toBeUndefined();
    expect(startWindows(m, { line: 1, text: `${pre.slice(0, 100)}key` })).toBeUndefined();
    expect(startWindows({ ...m, caseSensitive: true }, { line: 1, text: `${pre}key` })).toBeUndefined();
    expect(startWindows({ ...m, span: undefined }, { line: 1, text: `${pre}key` })).toBeUndefined();
    // The same answers on such lines, read whole.
    expect(onLine(m, `${pre}İkey`)?.index).toBe(pre.length + 1);
  });
});

describe('every built-in pattern on long lines of its literals', () => {
  it('the walk finds every place of every kept literal, ASCII and not', async () => {
    const rules = await loadBuiltinRules();
    const lits = [...new Set(rules.flatMap((r) => [...walkConditions(r.when)]).flatMap((c) => ('paste' in c && c.paste.cover && !c.paste.caseSensitive ? c.paste.cover.flat() : [])))];
    const set = new LiteralSet(lits);
    const r = rng(3);
    const pick = () => lits[Math.floor(r() * lits.length)]!;
    const texts = [0, 1].map((k) => Array.from({ length: 900 }, () => pick() + [' ', 'é', '网', '', 'x'][Math.floor(r() * 5)]! + (k === 1 ? 'Étape ' : '')).join('').toLowerCase());
    set.textsContainingLowered(texts, -1);
    const w = set.builtinWalk()!;
    expect(w).toBeDefined();
    let places = 0;
    for (const text of texts) {
      const got = walkPositions(w, text)!;
      for (const lit of lits) {
        if (!/^[^\x00-\x08\n\x0b\x0c\x0e-\x1f\x7f]{3,}$/.test(lit)) continue;
        const want: number[] = [];
        for (let i = text.indexOf(lit); i >= 0; i = text.indexOf(lit, i + 1)) want.push(i);
        expect(Array.from(got.get(w.index.get(lit)!) ?? []), lit).toEqual(want);
        places += want.length;
      }
    }
    expect(places).toBeGreaterThan(2000);
  });
});

describe('a long line that repeats a segment', () => {
  it('is read on its prefix by windows: the answer of the prefix read whole, and of the whole line', async () => {
    const { ms, w } = await builtinMatchers();
    const r = rng(29);
    let windowed = 0;
    let matched = 0;
    // One pattern in 12 (a fast test; window.sweep.test.ts has them all on unrepeated lines); each on a segment of its literals and others' (no period of its own), repeated.
    for (let k = 0; k < ms.length; k += 12) {
      const m = ms[k]!;
      if (m.span === undefined || !m.cover) continue;
      const lits = m.cover.flat();
      // Random letters first: periodOf looks for the line's first 32 characters again.
      let seg = Array.from({ length: 32 }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('') + ' ';
      // Its own literals only in the segment's last ~1,000 characters: its first match is late in the prefix.
      // 1.3 × WINDOW_MIN: its prefixes (1.6 segments) are long enough for windows (CUT_WINDOW_MIN, 2 × WINDOW_MIN).
      while (seg.length < 1.3 * WINDOW_MIN) {
        const other = ms[Math.floor(r() * ms.length)]!.cover?.[0]?.[0] ?? '';
        const own = seg.length > 1.3 * WINDOW_MIN - 1000 && r() < 0.6;
        seg += (own ? lits[Math.floor(r() * lits.length)]! : other) + [' ', 'é ', '::', '0 '][Math.floor(r() * 4)]!.repeat(1 + Math.floor(r() * 3));
      }
      const text = seg.repeat(3).slice(0, Math.floor(seg.length * 2.6));
      const p = periodOf(text);
      expect(p, m.regex).toBe(seg.length);
      const cut = patternPrefix(text.length, p, m.span);
      if (cut >= text.length) continue;
      const got = windowedFirst(pasteRunner(m), m, { line: 1, text }, w, cut);
      if (got !== undefined) {
        windowed++;
        expect(same(got), `${m.regex} prefix`).toEqual(same(pasteRunner(m).exec(text.slice(0, cut))));
      }
      const want = same(whole(m, text));
      expect(same(onLine(m, text, w)), `${m.regex} line`).toEqual(want);
      if (want) matched++;
    }
    expect(windowed).toBeGreaterThan(45);
    expect(matched).toBeGreaterThan(40);
  });

  it('matches at its end only there: a window near the prefix\'s end is read on the prefix, not on the line', () => {
    // key.{5}$ (span 8) on a segment ending in "key12345", three times: the line's one match is at its
    // end; the prefix (two segments) ends as the line does, and its match there is shifted by a segment.
    const m = matcher('key.{5}$', [['key']]);
    const seg = `${filler(WINDOW_MIN + 100, 7)}key12345`;
    const text = seg.repeat(3);
    expect(periodOf(text)).toBe(seg.length);
    const cut = patternPrefix(text.length, seg.length, m.span!);
    expect(cut).toBe(2 * seg.length);
    expect(same(windowedFirst(pasteRunner(m), m, { line: 1, text }, undefined, cut))).toEqual({ index: cut - 8, groups: undefined });
    expect(whole(m, text)?.index).toBe(text.length - 8);
    expect(same(onLine(m, text))).toEqual(same(whole(m, text)));
  });
});
