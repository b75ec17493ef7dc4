// Issue #9 part 2 (notes/hostile-input.md 2am), the sweeps (test/helpers/sweep.ts: sampled in the fast job,
// in full in the slow one; the grouping rule itself is in piece-group.test.ts). A plan's gap pieces that
// differ only in HEAD run as one group (src/shared/regex/piece-group.ts). The per-piece runner is the oracle:
// exec(text, from) — the index and captures the engine reads — must be identical on every line of every rule
// case, on lines generated per pattern from its own words (upper-cased, halved, with `İ ß ſ K`, channel starts,
// filler runs up to 330), and on synthetic plans whose HEADs overlap and hold their stop.
import { describe, expect, it } from 'vitest';
import { planExec, planGroups } from '../../src/shared/regex/compile.js';
import { pastePlan } from '../../src/shared/regex/plan.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Condition, PasteMatcher } from '../../src/types.js';
import { ruleCaseStrings } from './corpus-strings.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';

function* pasteRegexes(c: Condition): Generator<PasteMatcher & { regex: string }> {
  if ('all' in c) for (const x of c.all) yield* pasteRegexes(x);
  else if ('any' in c) for (const x of c.any) yield* pasteRegexes(x);
  else if ('not' in c) yield* pasteRegexes(c.not);
  else if ('paste' in c && c.paste.regex !== undefined) {
    yield c.paste as PasteMatcher & { regex: string };
    // A same-line exclusion runs on the lines its regex matched: held to the same bounds.
    if (c.paste.notOnLineMatcher) yield c.paste.notOnLineMatcher as PasteMatcher & { regex: string };
  }
}

/** A seeded generator (mulberry32: the same lines every run). */
function seeded(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const words = (src: string): string[] => [...new Set((src.match(/[A-Za-z0-9_\-/.:=@#"' ]{2,}|[^\x00-\x7f]+/g) ?? []).flatMap((w) => [w, w.trim()]).filter(Boolean))];
const EXTRA = ['İ', 'ß', 'ſ', 'K', 'ss', 'SS', 'I', 'i', '[discord] ', '[slack] ', '[telegram] ', 'gateway/channels/', '\n', '\r', ' ', 'x', ':', '/', '[', ']', '-', '.'];
const FILL = [' ', 'a', '-', ':', '/', '.', '0', '=', '"', '\t', 'x', '_'];

/** Lines built from a plan's HEAD and REST words: HEADs (some upper-cased), extras and filler runs, then a REST word. */
function generated(plan: readonly { head?: string; re: string }[], n: number, rnd: (n: number) => number): string[] {
  const hw = plan.flatMap((p) => words(p.head ?? ''));
  const rw = plan.flatMap((p) => words(p.re));
  const all = [...hw, ...rw];
  const vocab = [...all, ...all.map((w) => w.toUpperCase()), ...all.map((w) => w.slice(0, w.length >> 1)), ...all.map((w) => w.slice(w.length >> 1)), ...EXTRA];
  const pick = (a: readonly string[]): string => (a.length ? a[rnd(a.length)]! : 'x');
  const cs = (w: string): string => (rnd(4) === 0 ? w.toUpperCase() : w);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let l = rnd(2) ? pick(vocab) : '';
    for (let j = 1 + rnd(4); j > 0; j--) l += cs(pick(hw)) + (rnd(2) ? pick(EXTRA) : '') + pick(FILL).repeat(rnd(5) === 0 ? rnd(330) : rnd(4));
    out.push(l + cs(pick(rw)) + (rnd(2) ? pick(vocab) : ''));
  }
  return out;
}

/** Each line at from = 0 and one later start (the window reader's): differences as readable strings; hits counted. */
function compare(plan: Parameters<typeof planExec>[0], flags: string, lines: readonly string[], rnd: (n: number) => number, label: string) {
  const one = planExec(plan, flags, false);
  const grouped = planExec(plan, flags);
  const diffs: string[] = [];
  let hits = 0;
  let tests = 0;
  for (const l of lines) {
    for (const from of l.length > 3 ? [0, 1 + rnd(l.length - 1)] : [0]) {
      const a = one(l, from);
      tests++;
      if (a) hits++;
      const b = grouped(l, from);
      if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${label} ${JSON.stringify(l.slice(0, 120))} @${from}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
  return { diffs, hits, tests };
}

describe('HEAD groups of a plan (one pass) answer as the pieces one by one: sweeps', () => {
  // A sweep: every grouped pattern's lines are drawn (the same lines), 1 pattern in 4 compared in the fast job, all in the slow one.
  it(sweepName('the built-in patterns: every rule-case line and generated lines per pattern', 4), async () => {
    const rules = await loadBuiltinRules();
    const lines = [...new Set(ruleCaseStrings())];
    const rnd = seeded(23);
    let patterns = 0;
    let hits = 0;
    let tests = 0;
    const diffs: string[] = [];
    const seen = new Set<string>();
    const all: [id: string, plan: NonNullable<ReturnType<typeof pastePlan>>, flags: string][] = [];
    for (const r of rules) {
      for (const m of pasteRegexes(r.when)) {
        const flags = m.caseSensitive ? '' : 'i';
        if (seen.has(flags + m.regex)) continue;
        seen.add(flags + m.regex);
        const plan = pastePlan(m.regex, !m.caseSensitive);
        if (!plan || !planGroups(plan).some((g) => g.length > 1)) continue;
        all.push([r.id, plan, flags]);
      }
    }
    const checked = new Set(sweep(all, 4));
    for (const one of all) {
      const [id, plan, flags] = one;
      const generatedLines = generated(plan, 120, rnd);
      if (!checked.has(one)) continue;
      patterns++;
      const res = compare(plan, flags, [...lines, ...generatedLines], rnd, id);
      diffs.push(...res.diffs);
      hits += res.hits;
      tests += res.tests;
    }
    expect(all.length).toBeGreaterThan(100);
    expect(lines.length).toBeGreaterThan(4000);
    expect(hits).toBeGreaterThan(floorFor(5000, patterns, all.length));
    expect(diffs.slice(0, 10)).toEqual([]);
    expect(tests).toBeGreaterThan(floorFor(500_000, patterns, all.length));
  });

  // A sweep: all 60 plans are drawn (the same plans and lines), 1 in 4 compared in the fast job, all in the slow one.
  it(sweepName('synthetic plans: HEADs of several lengths starting at one place, HEADs holding the stop, a short max', 4), () => {
    const rnd = seeded(9);
    const checked = new Set(sweep(Array.from({ length: 60 }, (_, k) => k), 4));
    const heads = ['a', 'ab', 'b;', ';a', 'ba', 'aab', 'b', 'a;b'];
    const diffs: string[] = [];
    let hits = 0;
    let tests = 0;
    for (let k = 0; k < 60; k++) {
      const hs = [...new Set(Array.from({ length: 2 + rnd(4) }, () => heads[rnd(heads.length)]!))];
      const gap = ['*?', '{0,32}?', '{0,33}?', '*'][rnd(4)]!;
      const stop = ['[^;]', '[^\\n]', '[^b]'][rnd(3)]!;
      const rest = ['c', 'ca', 'a?c', '(?<r>c)'][rnd(4)]!;
      const source = `(?:${hs.join('|')})${stop}${gap}${rest}`;
      const flags = rnd(2) ? 'i' : '';
      const plan = pastePlan(source, flags === 'i');
      if (!plan || !planGroups(plan).some((g) => g.length > 1)) continue;
      const lines = Array.from({ length: 300 }, () => {
        let l = '';
        for (let j = 2 + rnd(8); j > 0; j--) l += ['a', 'b', ';', '\n', 'c', 'x', 'A', 'ab;', 'x'.repeat(rnd(40))][rnd(9)]!;
        return l;
      });
      if (!checked.has(k)) continue;
      const res = compare(plan, flags, lines, rnd, source);
      diffs.push(...res.diffs);
      hits += res.hits;
      tests += res.tests;
      // And the regex itself: the leftmost match starts where the runner says.
      const re = new RegExp(source, flags);
      const run = planExec(plan, flags);
      for (const l of lines) if ((re.exec(l)?.index ?? -1) !== (run(l)?.index ?? -1)) diffs.push(`${source} regex ${JSON.stringify(l)}`);
    }
    expect(hits).toBeGreaterThan(floorFor(1000, checked.size, 60));
    expect(tests).toBeGreaterThan(floorFor(10_000, checked.size, 60));
    expect(diffs.slice(0, 10)).toEqual([]);
  });
});
