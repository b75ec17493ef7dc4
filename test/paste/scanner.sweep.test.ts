// The sweeps of scanner.test.ts (sampled in the fast job, in full in the slow one: test/helpers/sweep.ts):
// each scans seeded logs and compares every kept line with the naive reference.
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { ScanMatcher } from '../../src/collectors/paste/scanner.js';
import { floorFor, sweepName, sweepSeeds } from '../helpers/sweep.js';
import { allMatchers, ENGINES, type Expect, expectExact, makeLog, naive, prng, quietJsonLine, sampled, scan, SPREAD, spreadJson, textLine, through, withEngine, WORDS } from './scanner.helpers.js';

// A seed's log and its naive reference depend on the seed only: the reference is worked out once
// and checked against every loop (the log is drawn again for each loop, so the scan's chunk sizes,
// drawn after it, are the same for all).
const naiveBySeed = new Map<number, { log: Buffer; want: Expect }>();

describe.each(ENGINES)('line scanner (%s loop): exact on randomized logs: sweep', (engine) => {
  withEngine(engine);
  // Every other seed without the matcher that checks every line: the line filter runs on those.
  // A sweep (test/helpers/sweep.ts): 1 seed in 11 in the fast job (1, 12, 23: both matcher sets), all 24 in the slow one.
  it(sweepName('keeps every anchor-hit line with its line number, and exactly the context window around it', 11), async () => {
    const sets = [await allMatchers(), await allMatchers(true, false)];
    const { scan: matchers } = sets[0]!;
    expect(matchers.length).toBeGreaterThan(50);
    expect(sets[1]!.scan.length).toBe(matchers.length - 1);
    const maxLine = 300;
    let totalHits = 0;
    let skipped = 0;
    const seeds = sweepSeeds(1, 24, 11);
    for (const seed of seeds) {
      const { scan: matchers, plain } = sets[seed % 2]!;
      const r = prng(seed);
      const window = r.pick([0, 1, 3, 20]);
      const log = makeLog(r, 400 + r.int(400), maxLine);
      const known = naiveBySeed.get(seed);
      if (known) expect(log.equals(known.log), `seed ${seed}: the same log for both loops`).toBe(true);
      const want = known?.want ?? naive(log, plain, maxLine);
      naiveBySeed.set(seed, { log, want });
      const got = scan(log, matchers, window, maxLine, r);
      const where = `seed ${seed}, window ${window}`;
      expectExact(got, want, window, where);
      totalHits += want.hits.size;
      skipped += got.skipped;
      if (seed % 2 === 0) expect(got.skipped, where).toBe(0); // the filter is off with that matcher
    }
    expect(totalHits).toBeGreaterThan(floorFor(500, seeds.length, 24)); // the generator does produce hits
    if (engine === 'wasm') expect(skipped).toBeGreaterThan(floorFor(1000, seeds.length, 24)); // and the filter did pass lines over
    else expect(skipped).toBe(0);
  }, 600_000); // ~35 s of CPU on a quiet 2-core machine: a hang guard only, never a speed assertion
});

// As naiveBySeed: a seed's JSON log, the anchors chosen for it and its naive reference depend on the
// seed only, so they are worked out once and every loop's scan is checked against them.
const jsonBySeed = new Map<number, { log: Buffer; matchers: ScanMatcher[]; want: Expect }>();

describe.each(ENGINES)('line scanner (%s loop): JSON lines ruled out on their raw bytes: sweep', (engine) => {
  withEngine(engine);
  // Every other seed: the built-in rules' anchors as a CLI run chooses them, by their literals'
  // rates in the log (`gateway` and `cron` are then the pieces looked for on JSON lines).
  // A sweep: 1 seed in 11 in the fast job (101 and 112: both anchor choices), all 12 in the slow one.
  it(sweepName('keeps every JSON line whose flattened text matches, however the phrase is spread over keys, values and nested strings', 11), async () => {
    const rules = await loadBuiltinRules();
    let hits = 0;
    let ruledOut = 0;
    const seeds = sweepSeeds(101, 112, 11);
    for (const seed of seeds) {
      const r = prng(seed);
      const window = r.pick([0, 2]);
      const lines: string[] = [];
      for (let i = 0; i < 500; i++) {
        const k = r.next();
        if (k < 0.45) lines.push(spreadJson(r, r.pick(SPREAD)));
        else if (k < 0.55) lines.push(spreadJson(r, r.pick(SPREAD).replace(' ', r.pick(['  ', '_', ' x ']))));
        else if (k < 0.85) lines.push(quietJsonLine(r, i));
        else lines.push(textLine(r));
      }
      const log = Buffer.from(lines.join('\n') + '\n');
      let known = jsonBySeed.get(seed);
      if (known) expect(log.equals(known.log), `seed ${seed}: the same log for every loop`).toBe(true);
      else {
        const { scan: matchers, plain } = seed % 2 ? await sampled(rules, log) : await allMatchers();
        jsonBySeed.set(seed, (known = { log, matchers, want: naive(log, plain, 4096) }));
      }
      const { matchers, want } = known;
      const got = scan(log, matchers, window, 4096, r);
      expectExact(got, want, window, `seed ${seed}, window ${window}`);
      hits += want.hits.size;
      ruledOut += got.ruledOut;
    }
    expect(hits).toBeGreaterThan(floorFor(1000, seeds.length, 12)); // the spread phrases do match
    expect(ruledOut).toBeGreaterThan(floorFor(500, seeds.length, 12)); // and lines were ruled out without being parsed
  }, 600_000);
});

describe('line scanner: the WebAssembly loop\'s line filter: sweep', () => {
  // A sweep: 1 seed in 4 in the fast job (1, 5, 9: adversarial seed 9 among them), all 12 in the slow one.
  it(sweepName('keeps what the JavaScript loop keeps on sparse logs and on logs where every line is a candidate', 4), async () => {
    const { scan: matchers, plain } = await allMatchers(true, false);
    const literals = [...new Set(matchers.flatMap((m) => [...(m.literals ?? []), ...(m.jsonLiterals ?? [])]))].filter((l) => l.length >= 3);
    expect(literals.length).toBeGreaterThan(100);
    let skipped = 0;
    let sparseSkipped = 0;
    const seeds = sweepSeeds(1, 12, 4);
    for (const seed of seeds) {
      const r = prng(100 + seed);
      const window = r.pick([0, 1, 3, 20]);
      const lines: string[] = [];
      const adversarial = seed % 3 === 0;
      for (let i = 0; i < 1500; i++) {
        if (adversarial) {
          // Pieces of the anchors' literals (whole, or cut short so only the filter's triple or
          // the table's prefix is there), upper-cased at random, on plain and JSON-shaped lines.
          const l = r.pick(literals);
          const piece = r.chance(0.5) ? l : l.slice(r.int(3), Math.max(3, l.length - 1 - r.int(4)));
          const text = `${r.chance(0.3) ? piece.toUpperCase() : piece} ${r.pick(WORDS)}`;
          lines.push(r.chance(0.3) ? JSON.stringify({ msg: text }) : text);
        } else if (r.chance(0.05)) lines.push(makeLog(r, 1, 300).toString('utf8').replace(/\n$/, ''));
        else lines.push(`2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=${i % 7}`);
      }
      const log = Buffer.from(lines.join('\n') + (r.chance(0.5) ? '\n' : ''));
      const where = `seed ${seed}, window ${window}${adversarial ? ', adversarial' : ''}`;
      const js = through('js', log, matchers, window, seed);
      const wasm = through('wasm', log, matchers, window, seed);
      expect(wasm.order, where).toEqual(js.order);
      expect([...wasm.kept], where).toEqual([...js.kept]);
      expect([wasm.lines, wasm.verified], where).toEqual([js.lines, js.verified]);
      const want = naive(log, plain, 300);
      expect(wasm.lines, where).toBe(want.lines);
      expect([...wasm.kept].filter(([, v]) => v.kind === 'anchor' || v.kind === 'extra').length, where).toBe(want.hits.size);
      skipped += wasm.skipped;
      if (!adversarial) sparseSkipped += wasm.skipped;
    }
    expect(sparseSkipped).toBeGreaterThan(floorFor(8 * 1000, seeds.length, 12)); // most filler lines are passed over
    expect(skipped).toBeGreaterThan(sparseSkipped); // and some of the adversarial ones
  }, 600_000); // a hang guard only
});
