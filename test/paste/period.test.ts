// Lines that repeat one segment are read on a prefix (src/shared/regex/period.ts): each pattern's
// first match and each literal's lines must be what the whole line gives.
import { describe, expect, it } from 'vitest';
import { matchSpan } from '../../src/shared/regex/span.js';
import { literalPrefix, patternPrefix, periodOf } from '../../src/shared/regex/period.js';
import { execLine, PERIOD_MIN } from '../../src/shared/regex/exec.js';
import { pasteRunner, type LineMatch } from '../../src/shared/regex/compile.js';
import { MatchBudget } from '../../src/shared/regex/budget.js';
import { enableLinearFallback } from '../../src/shared/regex/engine.js';
import { coverPass, scanCoverLiterals } from '../../src/engine/conditions.js';
import { LITERAL_SEARCH_MAX_CHARS } from '../../src/engine/literal-set.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { walkConditions } from '../../src/shared/conditions.js';
import type { PasteMatcher, Rule } from '../../src/types.js';

enableLinearFallback();

const same = (a: LineMatch | null | undefined) => (a ? { index: a.index, groups: a.groups ? { ...a.groups } : undefined } : a);
/** execLine on a fresh line (its per-line results are kept) with a budget that pays for anything. */
const onLine = (m: PasteMatcher, text: string) => execLine(m, { line: 1, text }, new MatchBudget(Number.MAX_SAFE_INTEGER));

/** A line of `len` characters repeating `unit`. */
const repeat = (unit: string, len: number) => unit.repeat(Math.ceil(len / unit.length)).slice(0, len);

describe('match span', () => {
  it('is the longest text any path reads, and none when a read is not local', () => {
    expect(matchSpan('abc')).toBe(3);
    expect(matchSpan('^a(?:bc|d{2,5})?\\b$')).toBe(6);
    expect(matchSpan('x[^\\n]{0,80}?y|z')).toBe(82);
    expect(matchSpan('(?<n>a|bb){3}')).toBe(6);
    expect(matchSpan('a{0}b*')).toBeUndefined();
    expect(matchSpan('a+')).toBeUndefined();
    expect(matchSpan('a(?=bcd)')).toBeUndefined();
    expect(matchSpan('(?<!x)a')).toBeUndefined();
    expect(matchSpan('(a)\\1')).toBeUndefined();
    expect(matchSpan('\\ud83d\\ude00')).toBe(2);
    expect(matchSpan('(')).toBeUndefined();
  });

  it('every built-in paste regex has one, and no match on its own literals is longer', async () => {
    const rules = await loadBuiltinRules();
    let n = 0;
    for (const r of rules) {
      for (const c of walkConditions(r.when)) {
        if (!('paste' in c) || c.paste.regex === undefined) continue;
        n++;
        expect(c.paste.span, c.paste.regex).toBeTypeOf('number');
        const text = (c.paste.cover ?? []).flat().join(' x ');
        for (const m of text.matchAll(new RegExp(c.paste.regex, c.paste.caseSensitive ? 'g' : 'gi'))) expect(m[0].length).toBeLessThanOrEqual(c.paste.span!);
      }
    }
    expect(n).toBeGreaterThan(500);
  });
});

describe('period of a line', () => {
  it('finds the smallest repeat, and none that is not one', () => {
    expect(periodOf(repeat('gateway closed (1008) ', 5000))).toBe(22);
    expect(periodOf(repeat('ab', 5000))).toBe(2);
    expect(periodOf(repeat(`${'x'.repeat(40)}y`, 5000))).toBe(0); // its first characters recur more often than it is tried
    const unit = `${'abcdefghij'.repeat(4)}y`;
    expect(periodOf(repeat(unit, 5000))).toBe(unit.length);
    const line = repeat('gateway closed (1008) ', 5000);
    expect(periodOf(`${line.slice(0, 4000)}!${line.slice(4001)}`)).toBe(0);
    expect(periodOf(line.slice(0, 100))).toBe(0);
    expect(periodOf(`${'q'.repeat(40)}${repeat('gateway closed (1008) ', 3000)}`)).toBe(0);
  });

  it('cuts a pattern at one period and its span past it, ending as the line ends', () => {
    for (const [n, p, span] of [[10_000, 22, 40], [10_000, 3000, 100], [65_536, 18_511, 197]] as const) {
      const t = patternPrefix(n, p, span);
      expect(t).toBeGreaterThanOrEqual(p + span + 1);
      expect(t).toBeLessThan(2 * p + span + 1);
      expect((n - t) % p).toBe(0);
    }
    expect(patternPrefix(1000, 600, 100)).toBe(1000);
    expect(patternPrefix(1000, 0, 10)).toBe(1000);
    expect(literalPrefix(1000, 22, 10)).toBe(31);
    expect(literalPrefix(1000, 0, 10)).toBe(1000);
  });
});

describe('first match on a repeating line', () => {
  const matcher = (regex: string): PasteMatcher => ({ regex, span: matchSpan(regex) });

  it('is the whole line\'s, also when it lies only where the line ends or begins', () => {
    const unit = 'alpha beta gamma delta ';
    const cases: [string, string][] = [
      ['gamma', repeat(unit, 5000)],
      ['(?<w>delta) alpha', repeat(unit, 5000)],
      ['alp$', repeat(unit, 23 * 218 + 3)], // only at the very end
      ['\\bbe$', repeat(unit, 23 * 218 + 8)], // the end, mid-word cut
      ['be\\b', repeat(unit, 23 * 218 + 8)], // "be" followed by the end: a boundary there only
      ['^alpha', repeat(unit, 5000)],
      ['^beta', repeat(unit, 5000)], // never
      ['\\Balpha', repeat(unit, 5000)], // never: every alpha follows a space
      ['(?<g>g)amma d', repeat(unit, 5000)],
    ];
    for (const [re, text] of cases) {
      expect(text.length).toBeGreaterThanOrEqual(PERIOD_MIN);
      const m = matcher(re);
      expect(same(onLine(m, text)), re).toEqual(same(new RegExp(re, 'i').exec(text)));
    }
    expect(onLine(matcher('alp$'), repeat(unit, 23 * 218 + 3))?.index).toBe(23 * 218);
    expect(onLine(matcher('be\\b'), repeat(unit, 23 * 218 + 8))?.index).toBe(23 * 218 + 6);
    expect(onLine(matcher('\\bbe$'), repeat(unit, 23 * 218 + 8))?.index).toBe(23 * 218 + 6);
    // First found one period in, where a character precedes it (not at 0): on a line one span past
    // a whole number of periods, a prefix one character shorter would read that start as the end's.
    const glued = 'alpha beta gamma deltaX';
    expect(onLine(matcher('\\Balpha'), repeat(glued, 23 * 218 + 5))?.index).toBe(23);
    expect(new RegExp('\\Balpha').exec(repeat(glued, 23 * 218 + 5))?.index).toBe(23);
  });

  it('every built-in pattern: the same first match and captures as on the whole line', async () => {
    const rules = await loadBuiltinRules();
    const seen = new Set<string>();
    let cut = 0;
    let matched = 0;
    for (const r of rules) {
      for (const c of walkConditions(r.when)) {
        if (!('paste' in c) || c.paste.regex === undefined || seen.has(c.paste.regex)) continue;
        seen.add(c.paste.regex);
        const m = c.paste;
        const lits = (m.cover ?? [['gateway']]).flat();
        for (const [k, fill] of [' ', '::', ' x\t', '0'].entries()) {
          const unit = lits.map((l) => l + fill.repeat(k + 1)).join('');
          const text = repeat(unit, Math.max(PERIOD_MIN, 2 * unit.length + m.span! + 3 + k * 7 + (unit.length >> 1)));
          const whole = pasteRunner(m).exec(text);
          const got = onLine(m, text);
          expect(same(got), `${r.id} ${m.regex}`).toEqual(same(whole));
          const t = patternPrefix(text.length, periodOf(text), m.span!);
          if (t < text.length) cut++;
          if (whole) matched++;
        }
      }
    }
    // The test reads what it means to: most lines cut, many matches (a match only at the end: above).
    expect(cut).toBeGreaterThan(1000);
    expect(matched).toBeGreaterThan(500);
  });

  it('every built-in pattern found one period in, on a line one span past whole periods (review16c)', async () => {
    // Start p differs from start 0 only by the character before it. A unit is turned to begin where
    // the pattern matches and must end with a word character; the pattern behind \B (the unit begins
    // with a word character) or \b (it does not) then cannot match at 0 and can at p. With n ≡ span
    // (mod p) a prefix of p + span (one short) would read start p as the line's end.
    const rules = await loadBuiltinRules();
    const seen = new Set<string>();
    const word = (ch: string) => /\w/.test(ch);
    let atP = 0;
    for (const r of rules) {
      for (const c of walkConditions(r.when)) {
        if (!('paste' in c) || c.paste.regex === undefined || seen.has(c.paste.regex)) continue;
        seen.add(c.paste.regex);
        const flags = c.paste.caseSensitive ? '' : 'i';
        const lits = (c.paste.cover ?? [['gateway']]).flat();
        for (const base of [`${lits.join(' ')} q`, `${lits.join('q')}q`]) {
          const p = base.length;
          const first = new RegExp(c.paste.regex, flags).exec(repeat(base, 3 * p + 200));
          if (!first) continue;
          const unit = base.slice(first.index % p) + base.slice(0, first.index % p);
          if (!word(unit[p - 1]!)) continue;
          const regex = `${word(unit[0]!) ? '\\B' : '\\b'}(?:${c.paste.regex})`;
          const m: PasteMatcher = { regex, caseSensitive: c.paste.caseSensitive, span: matchSpan(regex) };
          const text = repeat(unit, m.span! + p * Math.max(3, Math.ceil(PERIOD_MIN / p)));
          if (periodOf(text) !== p) continue;
          const whole = new RegExp(regex, flags).exec(text);
          expect(same(onLine(m, text)), `${r.id} ${regex}`).toEqual(same(whole));
          if (whole?.index === p) atP++;
        }
      }
    }
    expect(atP).toBeGreaterThan(50);
  });
});

describe('the literal pass on a repeating line', () => {
  const rule = (lits: string[]): Rule =>
    ({ id: 'x/y', category: 'x', severity: 'low', title: 't', message: 'm', fix: { tier: 1, steps: [] }, when: { any: lits.map((l) => ({ paste: { regex: l, cover: [[l]] } })) } }) as unknown as Rule;

  // Each text is LITERAL_SEARCH_MAX_CHARS long and the paste holds it twice: over the small-paste limit, so the pass runs.
  async function passLines(lits: string[], text: string): Promise<Record<string, boolean>> {
    const rules = [rule(lits)];
    const paste = await pasteFromString(`${text}\n${text}x\n`);
    scanCoverLiterals(rules, { paste });
    const pass = coverPass(paste)!;
    expect(pass).toBeDefined();
    const out: Record<string, boolean> = {};
    for (const l of lits) out[l] = pass.lines[pass.set.indexOf(l)]!.includes(0);
    expect(paste.kept[0]!.text).toBe(text);
    return out;
  }
  const wanted = (lits: string[], text: string) => Object.fromEntries(lits.map((l) => [l, text.toLowerCase().includes(l)]));

  it('finds the lines the whole line gives: ASCII, other scripts, a capital sigma', async () => {
    const ascii = repeat('Gateway closed (1008): pairing required; ', LITERAL_SEARCH_MAX_CHARS);
    const lits = ['gateway closed', 'required; gateway', '(1008): pairing required; gateway closed', 'absent', 'ed; g'];
    expect(await passLines(lits, ascii)).toEqual(wanted(lits, ascii));
    // The longest literal, found only from offset p − 1 (it starts with the period's last character):
    // the prefix must reach p − 1 + its length (review16c: one character short passed every other case).
    expect(await passLines([' gateway closed (1008'], ascii)).toEqual({ ' gateway closed (1008': true });
    const cjk = repeat('网关已关闭 ÉTAT: refusé İx ', LITERAL_SEARCH_MAX_CHARS);
    const lits2 = ['关闭 état', 'refusé i\u0307x 网关', 'x 网', '已关闭 étaT'.toLowerCase(), 'nowhere'];
    expect(await passLines(lits2, cjk)).toEqual(wanted(lits2, cjk));
    // Σ lower-cases to ς at a word's end: a prefix cut just after one would hold "ας", the line does not.
    const sigma = repeat('ΣΒ Α', LITERAL_SEARCH_MAX_CHARS);
    const lits3 = ['ας', 'ασβ', 'σβ ασβ']; // the longest, 6: the cut (one period + 5) ends just after a Σ
    expect(await passLines(lits3, sigma)).toEqual(wanted(lits3, sigma));
    expect(wanted(lits3, sigma)).toEqual({ ας: false, ασβ: true, 'σβ ασβ': true });
  });
});
