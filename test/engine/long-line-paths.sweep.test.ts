// A long line through the engine's fast path — the cover pass's lists and places (literal-pass.ts),
// windows near a pattern's literals (window.ts), a repeated line read on its prefix (exec.ts) — against
// the plain path: every built-in pattern run once on the whole line. Findings are made from each
// pattern's first match per kept line (conditions.ts matchPaste on candidateLines), so equal answers
// there on every kept line, and every line the plain run matches listed by the pass, are equal findings.
// Crafted lines: random segments of rule literals, repeats, mixed case, non-ASCII, escaped quotes.
// A sweep (test/helpers/sweep.ts): 1 line in 6 in the fast job, every line in the slow one.
import { describe, expect, it } from 'vitest';
import { enableLinearFallback } from '../../src/shared/regex/engine.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { coverPass } from '../../src/engine/conditions.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { excludedOnLine, execLine, linePeriod } from '../../src/shared/regex/exec.js';
import { notOnLineMatcher } from '../../src/shared/regex/compile.js';
import { walkConditions } from '../../src/shared/conditions.js';
import type { PasteMatcher } from '../../src/types.js';
import { budgetFor } from '../../src/shared/regex/budget.js';
import { startWindows, WINDOW_MIN } from '../../src/shared/regex/window.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';
import { budget, builtinMatchers, rng, same, whole } from '../paste/window.helpers.js';

enableLinearFallback();

const LEN = 64 * 1024;

/** Crafted lines, each from its own seed: `kind` picks the shape. */
function craft(lits: readonly string[], seed: number, kind: number): string {
  const r = rng(seed);
  const pick = () => lits[Math.floor(r() * lits.length)]!;
  const fills = [' ', ' é ', '::', ' 中文 ', '=', ' İ ', '\\"', ', "x": "'];
  const fill = () => fills[Math.floor(r() * (kind === 2 ? fills.length : 3))]!.repeat(1 + Math.floor(r() * 2));
  // Mixed case: a literal upper-cased, or its first letter, now and then.
  const cased = (l: string) => (r() < 0.15 ? l.toUpperCase() : r() < 0.15 ? l.charAt(0).toUpperCase() + l.slice(1) : l);
  let seg = '';
  // kind 1: a segment repeated (read on its prefix); others: no period.
  const segLen = kind === 1 ? 2000 + Math.floor(r() * 20000) : LEN;
  while (seg.length < segLen) seg += cased(pick()) + fill();
  if (kind !== 1) return seg.slice(0, LEN);
  let line = seg;
  while (line.length < LEN) line += seg;
  return line.slice(0, LEN);
}

describe('a long line: the fast path and the plain path agree', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => i);
  const every = 6;

  it(sweepName("every built-in pattern's first match on each kept line, after evaluate()", every), async () => {
    const rules = await loadBuiltinRules();
    const { ms } = await builtinMatchers();
    const lits = [...new Set(ms.flatMap((m) => (m.cover ?? []).flat()))].filter((l) => l.length >= 3);
    // Four lines of each kind (0: segments, 1: a repeated segment, 2: every filler); the fast job's sample (seeds 0, 6) has kinds 0 and 1.
    const lines = seeds.map((s) => craft(lits, 1000 + s, Math.floor(s / 4)));
    const checked = sweep(lines, every);
    let matched = 0;
    let kept = 0;
    // How often each fast path was taken: windows on the pass's places, a prefix read, a second (unescaped) kept form.
    let windowed = 0;
    let repeated = 0;
    let unescaped = 0;
    for (const line of checked) {
      expect(line.length).toBeGreaterThan(WINDOW_MIN);
      const paste = await pasteFromString(line, { source: 'stdin' });
      // A budget that pays for every pattern on the line (the default one runs out on a dense 64 KiB line: those
      // patterns are reported unread, and compared with nothing).
      budgetFor(paste, Number.MAX_SAFE_INTEGER);
      evaluate(rules, { flags: {}, paste });
      const pass = coverPass(paste);
      expect(pass, 'a 64 KiB paste is scanned by the pass').toBeDefined();
      const walk = pass!.set.builtinWalk();
      if (paste.kept.length > 1) unescaped++;
      for (const [i, ln] of paste.kept.entries()) {
        kept++;
        if (linePeriod(ln) > 0) repeated++;
        for (const m of ms) {
          // Plain: the pattern run once on the whole line. Fast: the answer evaluate() kept for the line (or, for
          // a pattern it did not run there, the same machinery now, on the places the pass preset).
          const want = same(whole(m, ln.text));
          if (startWindows(m, ln, walk)) windowed++;
          expect(same(execLine(m, ln, budget(), walk)), `${m.regex} on kept line ${i}`).toEqual(want);
          if (!want || !m.cover || m.caseSensitive) continue;
          matched++;
          // The pass lists this line for every literal of some conjunction of the cover (candidateLines keeps it).
          const listed = m.cover.some((conj) => conj.every((l) => pass!.lines[pass!.set.indexOf(l)]?.includes(i)));
          expect(listed, `${m.regex}: kept line ${i} listed by the pass`).toBe(true);
        }
      }
    }
    expect(kept).toBeGreaterThanOrEqual(checked.length);
    expect(windowed).toBeGreaterThan(floorFor(5000, checked.length, lines.length));
    expect(repeated).toBeGreaterThan(0);
    expect(unescaped).toBeGreaterThan(0);
    expect(matched).toBeGreaterThan(floorFor(1500, checked.length, lines.length));
  });

  it(sweepName('every built-in same-line exclusion (notOnLine) on each kept line, read by windows, as run on the whole line', every), async () => {
    const rules = await loadBuiltinRules();
    // One matcher per distinct exclusion (rules share them): its analysed matcher carries the bundle's cover.
    const byX = new Map<string, PasteMatcher>();
    for (const rule of rules) for (const c of walkConditions(rule.when)) if ('paste' in c && c.paste.notOnLine !== undefined) byX.set(`${c.paste.caseSensitive}:${c.paste.notOnLine}`, c.paste);
    const xs = [...byX.values()];
    expect(xs.length).toBeGreaterThan(5);
    const { ms } = await builtinMatchers();
    // Lines from the rules' literals and the exclusions' own, so both answers (ruled out or not) come up.
    const xLits = xs.flatMap((m) => (notOnLineMatcher(m)!.cover ?? []).flat());
    expect(xLits.length, 'the bundle gives each exclusion its cover').toBeGreaterThan(100);
    const lits = [...new Set([...ms.flatMap((m) => (m.cover ?? []).flat()), ...xLits, ...xLits])].filter((l) => l.length >= 3);
    const lines = seeds.map((s) => craft(lits, 2000 + s, Math.floor(s / 4)));
    const checked = sweep(lines, every);
    let windowed = 0;
    const answers = new Set<boolean>();
    for (const line of checked) {
      const paste = await pasteFromString(line, { source: 'stdin' });
      budgetFor(paste, Number.MAX_SAFE_INTEGER);
      evaluate(rules, { flags: {}, paste });
      const walk = coverPass(paste)!.set.builtinWalk();
      for (const [i, ln] of paste.kept.entries()) {
        for (const m of xs) {
          const x = notOnLineMatcher(m)!;
          const want = whole(x, ln.text) !== null;
          if (startWindows(x, ln, walk)) windowed++;
          expect(excludedOnLine(m, ln, walk), `${m.notOnLine} on kept line ${i}`).toBe(want);
          answers.add(want);
        }
      }
    }
    expect(windowed).toBeGreaterThan(0);
    expect([...answers].sort()).toEqual([false, true]);
  });
});
