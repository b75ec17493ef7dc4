// Exactness of the huge-input path: the byte scanner must keep every line on which an anchor
// matches — as the engine sees it, after normalisation — with its exact line number, plus the
// context window; compared with a naive per-line implementation on randomized logs.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { deriveAnchors } from '../../src/shared/regex/anchors.js';
import { matcherCover } from '../../src/shared/regex/cover.js';
import { inputAnchors, readPaste, toScanMatchers } from '../../src/collectors/paste/read.js';
import { LineScanner, setFreshTables, setPairsAnySecond, setScanEngine, wasmInstancesMade, type KeepKind } from '../../src/collectors/paste/scanner.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Rule } from '../../src/types.js';
import { allMatchers, chunks, ENGINES, expectExact, makeLog, naive, prng, quietJsonLine, range, sampled, scan, through, withEngine } from './scanner.helpers.js';

describe.each(ENGINES)('line scanner (%s loop): exact on randomized logs', (engine) => {
  withEngine(engine);
  it('reads a quoted phrase on a line copied from a pretty-printed JSON log (\\" escapes)', async () => {
    // Only this matcher, so no other rule's literal (`unrecognized key`) gets the line looked at.
    const rule = { id: 't/q', title: 't', category: 'other', severity: 'error', facts: ['paste'], when: { paste: { regex: 'ey: "sneaky"' } }, specificity: 1, message: 'm', fix: { tier: 'manual', steps: ['x'] } } as Rule;
    const matchers = toScanMatchers(deriveAnchors([rule], [], { cover: matcherCover }).anchors);
    const plain = matchers.map((m) => ({ test: m.test, context: m.context }));
    const filler = '2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=1\n'.repeat(50);
    // Not indented: the plain-text automaton, where the literal `"sneaky"` is not in the raw bytes.
    const log = Buffer.from(`${filler}[reload] config reload failed: Unrecognized key: \\"sneaky\\"\n${filler}`);
    const want = naive(log, plain, 300);
    expect([...want.anchors]).toEqual([51]);
    const got = scan(log, matchers, 2, 300, prng(3));
    expect(got.kept.get(51)?.kind).toBe('anchor');
    expect(got.kept.get(51)?.pieces).toEqual(want.pieces.get(51));
    expect([...got.kept.keys()]).toEqual([49, 50, 51, 52, 53]);
  });

  it('hands no line to the verifier on ordinary log lines', async () => {
    const { scan: matchers } = await allMatchers(false);
    const filler = Buffer.from(`${'2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=1 '.repeat(2)}\n`.repeat(5000));
    const got = scan(filler, matchers, 20, 65536, prng(7));
    expect(got.lines).toBe(5000);
    expect(got.kept.size).toBe(0);
    expect(got.verified).toBe(0);
  });

  it('keeps no line of the webchat connect/disconnect chatter (no rule anchors on a bare websocket/webchat word)', async () => {
    // OpenClaw logs `webchat connected …` / `webchat disconnected code=… conn=…` for every Control UI
    // tab (logWsControl.info); a rule whose scan anchor is a surface word (webchat|websocket|Control UI)
    // would keep each of them with its context window (Round 28n: the proxy idle-timeout rule did).
    // The connected line carries its `client=openclaw-control-ui` label: no rule anchors on the bare
    // word `openclaw` either (three gateway-down rules did until Round 29c, notes/holdout.md; their
    // "the paste is OpenClaw's" condition is now the typed paste.derived.gatewayOwner fact).
    const { scan: matchers } = await allMatchers(false);
    const chatter = [
      '2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=1',
      '2026-03-04T16:29:35.302Z [ws] webchat connected conn=4f2a remote=127.0.0.1 client=openclaw-control-ui webchat v2026.3.2',
      '2026-03-04T16:29:36.302Z [ws] webchat disconnected code=1001 reason=n/a conn=4f2a',
    ].join('\n');
    const got = scan(Buffer.from(`${chatter}\n`.repeat(2000)), matchers, 20, 65536, prng(7));
    expect(got.lines).toBe(6000);
    expect(got.kept.size).toBe(0);
  });

  it('scanners sharing one matcher array keep their own per-line state when read in turn', async () => {
    // The compiled matchers are shared by every scanner given the same array; what a line has
    // already reported (LiteralTails' stamps, hitStamp) is each scanner's own. Two logs read in
    // small chunks taken in turn keep exactly what each keeps when read alone.
    const { scan: matchers, plain } = await allMatchers();
    const r = prng(11);
    const logs = [makeLog(r, 300, 300), makeLog(r, 300, 300)];
    const kept = logs.map(() => new Map<number, KeepKind>());
    const scanners = logs.map((_, i) => new LineScanner({ matchers, window: 1, maxLineLength: 300, onKeep: (line, _p, kind) => kept[i]!.set(line, kind) }));
    const offs = [0, 0];
    while (offs.some((o, i) => o < logs[i]!.length))
      for (let i = 0; i < logs.length; i++) {
        const n = Math.min(1 + r.int(r.chance(0.5) ? 6 : 200), logs[i]!.length - offs[i]!);
        if (n > 0) scanners[i]!.feed(Buffer.from(logs[i]!.subarray(offs[i], offs[i]! + n)));
        offs[i]! += n;
      }
    for (const [i, log] of logs.entries()) {
      scanners[i]!.finish();
      const want = naive(log, plain, 300);
      expect(want.hits.size, `log ${i}`).toBeGreaterThan(10);
      const hits = [...kept[i]!].filter(([, k]) => k === 'anchor' || k === 'extra').map(([l]) => l);
      expect(hits.sort((a, b) => a - b), `log ${i}`).toEqual([...want.hits].sort((a, b) => a - b));
    }
  });
});

describe.each(ENGINES)('line scanner (%s loop): JSON lines ruled out on their raw bytes', (engine) => {
  withEngine(engine);
  it('keeps a logs --json record that matches only through its [subsystem] message text (a bracket piece is never a key: review17c)', async () => {
    // `\[tools\][^\n]{0,60}failed`: its conjunction is ["[tools]", "failed"]; the `[tools]` exists only in the
    // record's rendered text `[tools] x failed`, never in its bytes, so requiring it ruled the line out.
    const log = Buffer.from(
      [
        '{"type":"log","time":"2026-01-01T00:00:00Z","level":"error","subsystem":"tools","message":"exec failed"}',
        '{"type":"log","subsystem":"tools","message":"x failed"}',
        '{"type":"log","subsystem":"discord","message":"gateway connection refused"}',
      ].join('\n') + '\n',
    );
    // The built-in anchors as a run without a sample chooses them (`failed` is then a JSON literal looked for).
    const matchers = toScanMatchers(await inputAnchors(await loadBuiltinRules(), undefined));
    const want = naive(log, matchers.map((m) => ({ test: m.test, context: m.context })), 4096);
    expect(want.hits.size).toBe(3);
    expectExact(scan(log, matchers, 0, 4096, prng(7)), want, 0, 'tools records');
  });

  it('hands the gateway and cron lines of a JSON log to no verifier, and keeps the one that matches', async () => {
    const r = prng(5);
    const lines = Array.from({ length: 3000 }, (_, i) => quietJsonLine(r, i));
    lines[2000] = JSON.stringify({ 0: JSON.stringify({ subsystem: 'gateway' }), 1: 'is unresponsive after sleep', _meta: { logLevelName: 'WARN' } });
    const log = Buffer.from(lines.join('\n') + '\n');
    const { scan: matchers } = await sampled(await loadBuiltinRules(), log);
    const got = scan(log, matchers, 1, 65536, prng(6));
    expect([...got.kept.keys()]).toEqual([2000, 2001, 2002]);
    expect(got.kept.get(2001)?.kind).toBe('anchor');
    expect(got.kept.get(2001)?.pieces[0]).toBe('subsystem=gateway is unresponsive after sleep');
    expect(got.verified).toBe(1);
    expect(got.ruledOut).toBeGreaterThan(1000); // (the other lines hold no anchor's piece at all)
  });
});

describe.each(ENGINES)('paste reader (%s loop): huge input through readPaste', (engine) => {
  withEngine(engine);
  it('switches to anchors past keepAllBytes with exact line numbers and context', async () => {
    const { scan: matchers } = await allMatchers();
    const lines: string[] = [];
    for (let i = 1; i <= 60_000; i++) lines.push(`2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=${i % 7}`);
    lines[9] = 'gateway closed (1008): pairing required'; // inside the first, kept-whole megabyte
    lines[45_000] = '2026-03-04 [ws] closed before connect conn=1 remote=192.168.1.20 code=1008 reason=device identity required';
    lines[44_995] = 'open the dashboard at http://192.168.1.20:18789/';
    const text = Buffer.from(lines.join('\n') + '\n');
    const kinds = new Map<number, KeepKind>();
    const stats: { anchored?: boolean } = {};
    const p = await readPaste(Readable.from(chunks(text, 65536)), { source: 'file', keepAllBytes: 1 << 20, anchors: () => matchers, onKeep: (l, k) => kinds.set(l, k), stats });
    expect(stats.anchored).toBe(true);
    expect(p!.lines).toBe(60_000);
    expect(p!.sampled).toBe(true);
    expect(kinds.get(10)).toBe('anchor');
    expect(kinds.get(45_001)).toBe('anchor');
    expect(kinds.get(44_996)).toBe('context');
    expect([...kinds.keys()].sort((a, b) => a - b)).toEqual([...range(1, 30), ...range(44_981, 45_021)]);
    expect(p!.kept.find((k) => k.line === 44_996)!.text).toContain('dashboard');
    expect(p!.urls.some((u) => u.line === 44_996 && u.host === '192.168.1.20')).toBe(true);
  });
});

describe('line scanner: the WebAssembly loop', () => {
  it('is the default in anchor mode, and keeps the same lines as the JavaScript loop on a log with every kind of event', async () => {
    const { scan: matchers } = await allMatchers();
    const r = prng(11);
    const log = makeLog(r, 3000, 300);
    const runs = (['wasm', 'js'] as const).map((engine) => {
      const kept: Array<[number, KeepKind, string[]]> = [];
      const sc = new LineScanner({ matchers, window: 3, maxLineLength: 300, engine, onKeep: (line, pieces, kind) => kept.push([line, kind, pieces]) });
      for (let off = 0; off < log.length; off += 4096) sc.feed(Buffer.from(log.subarray(off, off + 4096)));
      const wasm = (sc as unknown as { w: unknown }).w !== null; // (finish() hands the instance back)
      sc.finish();
      return { kept, lines: sc.lines, verified: sc.verified, wasm };
    });
    expect(runs[0]!.wasm).toBe(true);
    expect(runs[1]!.wasm).toBe(false);
    expect(runs[0]!.kept.length).toBeGreaterThan(100);
    expect(runs[0]).toEqual({ ...runs[1], wasm: true });
    const dflt = new LineScanner({ matchers, window: 3, maxLineLength: 300, onKeep: () => {} });
    expect((dflt as unknown as { w: unknown }).w).not.toBeNull();
    // One chunk over the module's 4 MiB piece size (a library caller's stream may push one), the
    // random log across the piece boundary.
    const filler = Buffer.from('2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=1\n'.repeat(((4 << 20) - 20_000) / 65));
    const big = Buffer.concat([filler, log]);
    const once = (['wasm', 'js'] as const).map((engine) => {
      const kept: number[] = [];
      const sc = new LineScanner({ matchers, window: 3, maxLineLength: 300, engine, onKeep: (line) => kept.push(line) });
      sc.feed(big);
      sc.finish();
      return { kept, lines: sc.lines };
    });
    expect(big.length).toBeGreaterThan((4 << 20) + 1000);
    expect(once[0]!.lines).toBe(filler.length / 65 + 3000);
    expect(once[0]!.kept.some((l) => l > (4 << 20) / 65)).toBe(true);
    expect(once[0]).toEqual(once[1]);
    const keepAll = new LineScanner({ matchers: null, window: 3, maxLineLength: 300, onKeep: () => {} });
    expect((keepAll as unknown as { w: unknown }).w).toBeNull(); // a small paste never compiles the module
  });
});

describe('line scanner: the WebAssembly loop\'s line filter', () => {
  it('scanners made in turn on different matcher sets keep what scanners with freshly laid-out tables keep', async () => {
    // wasmScan's tables and filterMaps' sample-independent part are made once per compiled matcher
    // set and copied into each later scanner's module, and its LiteralTails' tries are shared
    // (their per-text counts are each scanner's own: "read in turn" above): three sets (their own automaton; the
    // built-in one; half of its anchors, on the same built-in automaton) read in turn, each log
    // compared with a scanner that lays its tables out afresh.
    const own = (await allMatchers(true, false)).scan;
    const builtin = (await allMatchers(false)).scan;
    const half = builtin.filter((_, i) => i % 2 === 0);
    const sets = [own, builtin, half];
    const r = prng(41);
    const logs = Array.from({ length: 6 }, () => makeLog(r, 600, 300));
    const run = (fresh: boolean) => {
      const was = setFreshTables(fresh);
      try {
        return logs.map((log, i) => through('wasm', log, sets[i % 3]!, 3, 41 + i));
      } finally {
        setFreshTables(was);
      }
    };
    const fresh = run(true);
    const reused = run(false); // a set's first scanner in the file lays out, every later one copies
    for (const [i, f] of fresh.entries()) {
      const where = `log ${i}, set ${i % 3}`;
      expect(f.kept.size, where).toBeGreaterThan(50);
      const got = reused[i]!;
      expect(got.order, where).toEqual(f.order);
      expect([...got.kept], where).toEqual([...f.kept]);
      expect([got.lines, got.verified, got.skipped], where).toEqual([f.lines, f.verified, f.skipped]);
    }
    // A half set keeps different lines than the whole on some log (a table from the wrong set would
    // show). Which half and log show it depends on the built-in anchors' order, so any may.
    const other = setFreshTables(true);
    try {
      const odd = builtin.filter((_, i) => i % 2 === 1);
      const keys = (set: typeof half, i: number) => [...through('wasm', logs[i]!, set, 3, 42 + i).kept.keys()].join();
      expect(logs.some((_, i) => [half, odd].some((set) => keys(set, i) !== keys(builtin, i)))).toBe(true);
    } finally {
      setFreshTables(other);
    }
  });

  it('a finished scanner hands its instance to the next scanner of the same matchers, which keeps what a new instance keeps', async () => {
    // LineScanner.finish() hands the WebAssembly instance back (its tables in place); the next
    // scanner of the same compiled matchers takes it and sets only its header anew. Logs of other
    // shapes and windows (the filter's ring and maps are placed after the tables by the window).
    const { scan: matchers } = await allMatchers(true, false);
    const r = prng(57);
    const logs = Array.from({ length: 5 }, (_, i) => makeLog(r, 300 + 200 * i, 300));
    const windows = [3, 0, 20, 1, 3];
    const fresh = (() => {
      const was = setFreshTables(true);
      try {
        return logs.map((log, i) => through('wasm', log, matchers, windows[i]!, 57 + i));
      } finally {
        setFreshTables(was);
      }
    })();
    through('wasm', logs[0]!, matchers, 3, 57); // (fresh scanners hand nothing back: one to hand on)
    const before = wasmInstancesMade();
    const reused = logs.map((log, i) => through('wasm', log, matchers, windows[i]!, 57 + i));
    expect(wasmInstancesMade() - before, 'each scanner took the instance the one before handed back').toBe(0);
    for (const [i, f] of fresh.entries()) {
      const where = `log ${i}, window ${windows[i]}`;
      expect(f.kept.size, where).toBeGreaterThan(20);
      expect(reused[i]!.order, where).toEqual(f.order);
      expect([...reused[i]!.kept], where).toEqual([...f.kept]);
      expect([reused[i]!.lines, reused[i]!.verified, reused[i]!.skipped], where).toEqual([f.lines, f.verified, f.skipped]);
    }
    // Two scanners alive at once cannot share one: the second makes its own. A finished scanner takes no more input.
    const was = setScanEngine('wasm');
    try {
      const a = new LineScanner({ matchers, window: 1, maxLineLength: 300, onKeep: () => {} });
      const b = new LineScanner({ matchers, window: 1, maxLineLength: 300, onKeep: () => {} });
      expect(wasmInstancesMade() - before).toBe(1);
      a.finish();
      b.finish();
      expect(() => a.feed(Buffer.from('device identity required\n'))).toThrow(/after finish/);
    } finally {
      setScanEngine(was);
    }
  });

  it('two scanners alive at once, fed in turn, and a scanner after one whose memory grew, keep what a scanner alone keeps', async () => {
    const { scan: matchers } = await allMatchers(true, false);
    const logs = [makeLog(prng(91), 700, 300), makeLog(prng(92), 900, 300)];
    const alone = logs.map((log, i) => through('wasm', log, matchers, 3, 91 + i)); // (the last hands its instance back)
    const was = setScanEngine('wasm');
    try {
      // One scanner takes the handed-back instance, the other makes its own; chunks in turn.
      const before = wasmInstancesMade();
      const kept = logs.map(() => [] as number[]);
      const scanners = logs.map((_, i) => new LineScanner({ matchers, window: 3, maxLineLength: 300, onKeep: (line) => void kept[i]!.push(line) }));
      expect(wasmInstancesMade() - before).toBe(1);
      const parts = logs.map((log) => [...chunks(log, 1000)]);
      for (let k = 0; k < Math.max(...parts.map((p) => p.length)); k++) for (const [i, sc] of scanners.entries()) if (parts[i]![k]) sc.feed(parts[i]![k]!);
      for (const sc of scanners) sc.finish();
      for (const [i, a] of alone.entries()) {
        expect(a.kept.size, `log ${i}`).toBeGreaterThan(20);
        expect(kept[i], `log ${i}, fed in turn with the other`).toEqual(a.order);
      }
      // After a scanner fed one chunk of `bytes`, the next scanner makes `made` new instances and keeps what a scanner alone keeps.
      const big = makeLog(prng(93), 5000, 300);
      const afterGrown = (bytes: number, made: number, why: string) => {
        const grown = new LineScanner({ matchers, window: 3, maxLineLength: 300, onKeep: () => {} });
        grown.feed(Buffer.concat(Array.from({ length: 12 }, () => big)).subarray(0, bytes));
        grown.finish();
        const before = wasmInstancesMade();
        const after = through('wasm', logs[1]!, matchers, 3, 92);
        expect(wasmInstancesMade() - before, why).toBe(made);
        expect(after.order).toEqual(alone[1]!.order);
        expect([after.lines, after.verified, after.skipped]).toEqual([alone[1]!.lines, alone[1]!.verified, alone[1]!.skipped]);
      };
      // A 1 MiB chunk: its lists need ~9 MiB, more than the instance had (still under the pool's cap,
      // so the grown instance is handed back and taken by the next scanner).
      afterGrown(1 << 20, 0, 'the grown instance was taken');
      // A 2 MiB chunk grows it past the pool's cap: that instance is dropped at finish, its tables kept
      // as an image (copied then, not while it scanned: issue #13), which the next scanner's new instance takes.
      afterGrown(2 << 20, 1, 'the grown instance was not pooled');
    } finally {
      setScanEngine(was);
    }
  });

  it('is off with a matcher that checks every line, and with the wasm-exact engine', async () => {
    const { scan: matchers } = await allMatchers();
    const filler = Buffer.from('2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=1\n'.repeat(4000));
    expect(through('wasm', filler, matchers, 3, 1).skipped).toBe(0);
    const { scan: some } = await allMatchers(true, false);
    // Once the first 64 KB (~1,000 lines) were sampled — their first chunk may be a few bytes —
    // every line but a chunk's first.
    expect(through('wasm', filler, some, 3, 1).skipped).toBeGreaterThan(2500);
    expect(through('wasm-exact', filler, some, 3, 1).skipped).toBe(0);
  });
});

describe('gates: a literal with one byte after its table prefix', () => {
  it('sets the bits of every second byte, as 256 single pairs would (each first byte, rows 0 and 1)', () => {
    // The reference: the scanner's pair hash, one bit per (b1, b2), over a row of 64 words.
    const single = (next: Uint32Array, row: number, b1: number) => {
      for (let b2 = 0; b2 < 256; b2++) {
        const h = (b1 * 61 + b2) & 2047;
        next[row + (h >>> 5)] = next[row + (h >>> 5)]! | (1 << (h & 31));
      }
    };
    let wrapped = 0;
    for (const row of [0, 64])
      for (let b1 = 0; b1 < 256; b1++) {
        const want = new Uint32Array(128);
        const got = new Uint32Array(128);
        want[5] = got[5] = 0x80; // bits already set stay set
        single(want, row, b1);
        setPairsAnySecond(got, row, b1);
        expect(got, `b1 ${b1} row ${row}`).toEqual(want);
        if (((b1 * 61) & 2047) + 256 > 2048) wrapped++;
      }
    expect(wrapped).toBeGreaterThan(0); // the run wraps round the row's end for some first bytes
  });
});
