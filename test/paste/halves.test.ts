// A large --log FILE scanned in two halves (src/collectors/paste/scan-half.ts, read.ts
// startHalf/joinHalf): the paste facts must be exactly those of one scan over the whole file,
// wherever the split falls. The in-process half runs the worker's code in this thread; one test
// starts the real worker (dist/scan-worker.cjs, made by `npm run build`). The sweep over every split
// is in halves.sweep.test.ts.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPasteFile, type ReadStats } from '../../src/collectors/paste/read.js';
import { setScanEngine, type ScanEngine } from '../../src/collectors/paste/scanner.js';
import { builtinAutomatonRef } from '../../src/shared/literals/builtin.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { base, builtinMatchers, halves, KINDS, lineStarts, whole, write } from './halves.helpers.js';

describe('a large log in two halves', () => {
  // The shipped bundle names the automaton (and the worker beside it); a file that ran before in
  // this worker (isolate: false) may have loaded a copy elsewhere and left the reference on it.
  beforeAll(async () => void (await loadBuiltinRules()));
  // Every kind of line on each side of the split, anchors at every distance from it.
  const kinds = Object.keys(KINDS);
  const lines: string[] = [];
  for (let i = 0; i < 70; i++) lines.push(KINDS[kinds[(i * 7 + (i >> 3)) % kinds.length]!]!);

  it('keeps an anchor\u2019s context on the other side of the split, both ways', async () => {
    // Anchors right before and right after the split, filler around: the context crosses it.
    const ls = [...Array<string>(12).fill(KINDS.filler!), KINDS.anchor!, ...Array<string>(6).fill(KINDS.filler!), KINDS.anchorJson!, ...Array<string>(12).fill(KINDS.filler!)];
    const file = write('straddle.log', ls);
    const starts = lineStarts(ls);
    for (const at of [starts[12]!, starts[13]!, starts[15]!, starts[17]!, starts[18]!]) {
      const expected = await whole(file, 3);
      const { facts, stats } = await halves(file, 3, at);
      expect(stats.halves).toBe('merged');
      expect(facts).toEqual(expected);
      expect([...new Set(facts.kept.map((k) => k.line))]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    }
  });

  it('with each scan engine', async () => {
    const file = write('engines.log', lines);
    for (const engine of ['js', 'wasm', 'wasm-exact'] as ScanEngine[]) {
      const was = setScanEngine(engine);
      try {
        const expected = await whole(file, 2);
        for (const at of lineStarts(lines).filter((_, i) => i % 5 === 2)) expect((await halves(file, 2, at)).facts).toEqual(expected);
      } finally {
        setScanEngine(was);
      }
    }
  });

  it('the second half scans itself when it keeps more than the merge may hold', async () => {
    const ls = Array.from({ length: 200 }, (_, i) => (i % 2 ? KINDS.anchor! : KINDS.filler!));
    const file = write('budget.log', ls);
    const at = lineStarts(ls)[100]!;
    for (const more of [{ maxKept: 40 }, { keptTailBytes: 2000 }]) {
      const expected = await whole(file, 1, more);
      if (more.maxKept) expect(expected.unkept?.count).toBeGreaterThan(0);
      const { facts, stats } = await halves(file, 1, at, more);
      expect(stats.halves).toBe('budget');
      expect(facts).toEqual(expected);
    }
  });

  it('only when asked: CLAWKIT_SCAN_HALVES unset or off is one scan, a size in bytes splits', async () => {
    const file = write('asked.log', lines);
    const saved = process.env.CLAWKIT_SCAN_HALVES;
    try {
      for (const [env, want] of [[undefined, undefined], ['0', undefined], ['off', undefined], ['1', 'merged']] as const) {
        if (env === undefined) delete process.env.CLAWKIT_SCAN_HALVES;
        else process.env.CLAWKIT_SCAN_HALVES = env;
        const stats: ReadStats = {};
        await readPasteFile(file, { ...base(2), stats });
        expect(stats.halves, String(env)).toBe(want);
      }
    } finally {
      if (saved === undefined) delete process.env.CLAWKIT_SCAN_HALVES;
      else process.env.CLAWKIT_SCAN_HALVES = saved;
    }
  });

  it('no second scan under the size threshold', async () => {
    const file = write('small.log', lines);
    const stats: ReadStats = {};
    await readPasteFile(file, { ...base(2), stats });
    expect(stats.anchored).toBe(true);
    expect(stats.halves).toBeUndefined();
  });

  it('the worker thread gives the same facts', async () => {
    const worker = join(dirname(builtinAutomatonRef()!.file), 'scan-worker.cjs');
    expect(existsSync(worker), `${worker} is made by npm run build`).toBe(true);
    const ls: string[] = [];
    for (let i = 0; i < 40_000; i++) ls.push(i % 997 === 0 ? KINDS.anchor! : i % 1301 === 0 ? KINDS.extraRequest! : i % 3 ? KINDS.filler! : KINDS.json!);
    const file = write('worker.log', ls);
    const opts = { anchors: builtinMatchers, keepAllBytes: 64 * 1024 };
    const expected = await readPasteFile(file, { ...opts, halves: false });
    for (const at of [lineStarts(ls)[20_000]!, lineStarts(ls)[29_910]!]) {
      const stats: ReadStats = {};
      const facts = await readPasteFile(file, { ...opts, halves: { minBytes: 0, at }, stats });
      expect(stats.halves).toBe('merged');
      expect(facts).toEqual(expected);
    }
  });
});
