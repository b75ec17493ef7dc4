// The sweep of window.test.ts (sampled in the fast job, in full in the slow one: test/helpers/sweep.ts):
// every built-in pattern's first match on a long line of its literals is what the whole line gives.
import { describe, expect, it } from 'vitest';
import { enableLinearFallback } from '../../src/shared/regex/engine.js';
import { startWindows, WINDOW_MIN } from '../../src/shared/regex/window.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';
import { builtinMatchers, onLine, rng, same, whole } from './window.helpers.js';

enableLinearFallback();

describe('every built-in pattern on long lines of its literals: sweep', () => {
  // A sweep (test/helpers/sweep.ts): every pattern's text is drawn (the same texts), 1 pattern in 3 checked in the fast job, all in the slow one.
  it(sweepName('the same first match and captures as the whole line, through the walk and by indexOf', 3), async () => {
    const { ms, w } = await builtinMatchers();
    const r = rng(11);
    const checked = new Set(sweep(ms, 3));
    let windowed = 0;
    let matched = 0;
    for (const m of ms) {
      const lits = (m.cover ?? [['gateway']]).flat();
      for (const fill of [[' ', 'é ', '::', '0 '][Math.floor(r() * 4)]!]) {
        // Its literals in a random order, random fillers between, other patterns' literals too: no period.
        let text = '';
        while (text.length < WINDOW_MIN + 500) {
          const other = ms[Math.floor(r() * ms.length)]!.cover?.[0]?.[0] ?? '';
          text += (r() < 0.7 ? lits[Math.floor(r() * lits.length)]! : other) + fill.repeat(1 + Math.floor(r() * 4));
        }
        if (!checked.has(m)) continue;
        const want = same(whole(m, text));
        expect(same(onLine(m, text, w)), `${m.regex} walk`).toEqual(want);
        expect(same(onLine(m, text)), `${m.regex} indexOf`).toEqual(want);
        if (startWindows(m, { line: 1, text }, w)) windowed++;
        if (want) matched++;
      }
    }
    expect(windowed).toBeGreaterThan(floorFor(400, checked.size, ms.length));
    expect(matched).toBeGreaterThan(floorFor(250, checked.size, ms.length));
  });
});
