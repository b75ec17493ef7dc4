// Exactness of the huge-input path: the byte scanner must keep every line on which an anchor
// matches — as the engine sees it, after normalisation — with its exact line number, plus the
// context window; compared with a naive per-line implementation on randomized logs.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveAnchors } from '../../src/shared/regex/anchors.js';
import { matcherCover } from '../../src/shared/regex/cover.js';
import { normalizeLine } from '../../src/collectors/paste/normalize.js';
import { EXTRA_ANCHORS, inputAnchors, readPaste, toScanMatchers } from '../../src/collectors/paste/read.js';
import { cutWhole, LineScanner, setFreshTables, setPairsAnySecond, setScanEngine, wasmInstancesMade, type KeepKind, type ScanEngine, type ScanMatcher } from '../../src/collectors/paste/scanner.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { PasteMatcher, Rule } from '../../src/types.js';
import { floorFor, sweepName, sweepSeeds } from '../helpers/sweep.js';

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

// Matchers that exercise the corners of the literal scan, next to the real rules' anchors.
const SYNTHETIC: Array<{ m: PasteMatcher; context: boolean }> = [
  { m: { regex: 'code=4008 reason=connect failed' }, context: true }, // spans a JSON key and value
  { m: { regex: String.raw`disconnected \(1008\)` }, context: true },
  { m: { contains: 'kelvin ok' }, context: true }, // toLowerCase folds K (U+212A) to k
  { m: { regex: 'TOKEN_X', caseSensitive: true }, context: false },
  { m: { regex: '^[0-9]{3}$' }, context: false }, // no literal at all: every line is checked
  { m: { regex: 'café ok' }, context: true }, // é has a case variant: not a scanned literal
  { m: { regex: 'x=1000' }, context: true }, // JSON 1e3 is flattened to 1000
  { m: { regex: String.raw`a\/b path` }, context: false }, // JSON "a\/b" is a/b
  { m: { regex: String.raw`需要配对|ｆｕｌｌ\s*width` }, context: true },
  { m: { regex: 'split (?:me|you) here' }, context: true },
  { m: { regex: 'key: "sneaky"' }, context: true }, // a plain line keeps \" escapes: normalizeLine unescapes
];

function synthRules(): Rule[] {
  return SYNTHETIC.filter((s) => s.context).map((s, i) => ({ id: `t/s${i}`, title: 't', category: 'other', severity: 'error', facts: ['paste'], when: { paste: s.m }, specificity: 1, message: 'm', fix: { tier: 'manual', steps: ['x'] } }) as Rule);
}

/**
 * withoutLiteral false: without the synthetic matcher that has no literal (it makes every line be
 * checked, so the WebAssembly loop's line filter is off).
 */
type MatcherSet = { scan: ScanMatcher[]; plain: Array<{ test: (t: string) => boolean; context: boolean }> };
/** allMatchers' sets, made once per argument pair for the file (nothing changes them). */
const matcherSets = new Map<string, Promise<MatcherSet>>();
function allMatchers(synthetic = true, withoutLiteral = true): Promise<MatcherSet> {
  const key = `${synthetic} ${withoutLiteral}`;
  let set = matcherSets.get(key);
  if (!set) matcherSets.set(key, (set = makeMatchers(synthetic, withoutLiteral)));
  return set;
}
async function makeMatchers(synthetic: boolean, withoutLiteral: boolean): Promise<MatcherSet> {
  const rules = [...(await loadBuiltinRules()), ...(synthetic ? synthRules() : [])];
  const extra = [...EXTRA_ANCHORS, ...(synthetic ? SYNTHETIC.filter((s) => !s.context && (withoutLiteral || s.m.regex !== '^[0-9]{3}$')).map((s) => s.m) : [])];
  const set = deriveAnchors(rules, extra, { cover: matcherCover });
  const scan = toScanMatchers(set.anchors);
  return { scan, plain: scan.map((m) => ({ test: m.test, context: m.context })) };
}

const PHRASES = [
  'gateway closed (1008): pairing required',
  'device identity required',
  'Control UI requires device identity (use HTTPS or localhost secure context)',
  'unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)',
  'origin not allowed (open the Control UI from the gateway host)',
  'disconnected (1008): pairing required',
  'code=4008 reason=connect failed',
  '\u212Aelvin OK',
  'kelvin ok',
  'TOKEN_X',
  'token_x',
  '123',
  'CAFÉ OK',
  'café ok',
  'x=1000',
  'a/b path',
  '需要配对',
  'ＦＵＬＬ width',
  'split me here',
  'OpenClaw 2026.3.13 (61d171a)',
  'requestId=84e47b07',
  'Proxy headers detected from untrusted address',
  'listening on ws://127.0.0.1:18789',
  'EADDRINUSE: address already in use :::18789',
  'Unrecognized key: "sneaky"',
];
const NEAR = ['pairing', 'required', 'device', 'identity', 'control ui', 'dashboard', 'code=', '1008', 'openclaw', 'token', 'mismatch', 'split', 'here', 'ＦＵＬＬ', 'kelvin', 'x=', '1e3', 'café'];
const WORDS = ['heartbeat', 'ok', 'agents=3', 'queue=0', '[gateway]', '[ws]', 'webchat', 'connected', 'remote=127.0.0.1', 'client=openclaw-control-ui', 'run', 'done', 'é', '日本語', '🦞', 'naïve', 'ß'];

function textLine(r: Rng): string {
  const parts: string[] = [];
  const n = 1 + r.int(8);
  for (let i = 0; i < n; i++) parts.push(r.chance(0.15) ? r.pick(NEAR) : r.pick(WORDS));
  if (r.chance(0.25)) parts.splice(r.int(parts.length + 1), 0, r.pick(PHRASES));
  return parts.join(' ');
}

function ansi(r: Rng, s: string): string {
  const at = r.int(s.length + 1);
  return `\u001b[3${r.int(8)}m${s.slice(0, at)}\u001b[0m${s.slice(at)}`;
}

function jsonLine(r: Rng): string {
  switch (r.int(7)) {
    case 0:
      return JSON.stringify({ 0: JSON.stringify({ subsystem: 'gateway/ws' }), 1: textLine(r), _meta: { logLevelName: 'WARN' } });
    case 1:
      return JSON.stringify({ code: r.pick([4008, 1008, 1006]), reason: r.pick(['connect failed', 'pairing required', 'x']) });
    case 2: {
      // A \u escape for one character of a phrase.
      const s = JSON.stringify({ msg: textLine(r) });
      const i = 8 + r.int(Math.max(1, s.length - 10));
      const ch = s[i]!;
      return /[a-zA-Z]/.test(ch) ? `${s.slice(0, i)}\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}${s.slice(i + 1)}` : s;
    }
    case 3:
      return r.pick(['{"x":1e3}', '{"x":1000}', '{"x":"1e3"}', '{"msg":"a\\/b path"}', '{"msg":"a/b path"}', '{"0":"split me","1":"here"}', '{"0":"split","1":"me here"}']);
    case 4:
      return `  ${JSON.stringify({ message: textLine(r), nested: { deep: textLine(r) } })}`;
    case 5:
      return JSON.stringify({ 0: `{"subsystem":"gateway/ws","note":"${textLine(r).replace(/"/g, '')}"}` });
    default:
      return `{"broken": "${textLine(r)}"`; // not JSON after all
  }
}

function makeLog(r: Rng, lines: number, maxLine: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < lines; i++) {
    let s: string;
    const k = r.next();
    if (k < 0.35) s = textLine(r);
    else if (k < 0.55) s = (r.chance(0.3) ? r.pick([' ', '\t', '\u00a0', '\u3000', '\ufeff']) : '') + jsonLine(r);
    else if (k < 0.62) s = ansi(r, textLine(r));
    else if (k < 0.66) s = r.chance(0.7) ? `${r.pick(PHRASES).slice(0, 6)}\\n${r.pick(PHRASES)}` : `"${i}": "${`${textLine(r)} ${r.pick(PHRASES)}`.replace(/"/g, '\\"')}"`; // a line of pretty-printed JSON
    else if (k < 0.69) s = `\u0001${r.pick(PHRASES)}\u0007`;
    else if (k < 0.72) s = '';
    else if (k < 0.76) {
      // Long lines: the phrase before or after the cut, multibyte padding so the cut may split a character.
      const pad = r.pick(['x', 'é', '日', '🦞']).repeat(Math.ceil((maxLine + r.int(40) - 20) / 2));
      s = r.chance(0.5) ? `${pad}${r.pick(PHRASES)}` : `${r.pick(PHRASES)} ${pad}${pad}`;
    } else if (k < 0.78) s = r.pick(PHRASES);
    else s = `2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=${i % 7}`;
    let b = Buffer.from(s + (r.chance(0.2) ? '\r' : ''), 'utf8');
    if (r.chance(0.01)) b = Buffer.concat([b, Buffer.from([0xff, 0xc3])]); // invalid UTF-8
    out.push(b);
    if (i < lines - 1 || r.chance(0.5)) out.push(Buffer.from('\n'));
  }
  return Buffer.concat(out);
}

interface Expect {
  lines: number;
  pieces: Map<number, string[]>;
  hits: Set<number>;
  anchors: Set<number>;
}

/**
 * A line's naive verdict depends on its bytes and the matchers only: worked out once per distinct
 * line and matcher list (the logs repeat their filler lines, most of the work before).
 */
const naiveLines = new WeakMap<object, Map<string, { pieces: string[]; hit: boolean; anchor: boolean }>>();

/** The naive reference: every line cut, decoded, normalised and tested with every matcher. */
function naive(log: Buffer, matchers: Array<{ test: (t: string) => boolean; context: boolean }>, maxLine: number): Expect {
  const segs: Buffer[] = [];
  let start = 0;
  for (;;) {
    const nl = log.indexOf(0x0a, start);
    if (nl === -1) break;
    segs.push(log.subarray(start, nl));
    start = nl + 1;
  }
  if (start < log.length) segs.push(log.subarray(start));
  const e: Expect = { lines: segs.length, pieces: new Map(), hits: new Set(), anchors: new Set() };
  let memo = naiveLines.get(matchers);
  if (!memo) naiveLines.set(matchers, (memo = new Map()));
  segs.forEach((seg, i) => {
    const key = `${maxLine}\0${seg.toString('latin1')}`;
    let v = memo.get(key);
    if (!v) {
      const pieces = normalizeLine(cutWhole(seg, maxLine).toString('utf8'));
      v = { pieces, hit: false, anchor: false };
      // Every matcher until the line is known to be both a hit and a context anchor (more cannot change it).
      for (const m of matchers) {
        if (pieces.some((p) => m.test(p))) {
          v.hit = true;
          if (m.context) v.anchor = true;
          if (v.anchor) break;
        }
      }
      memo.set(key, v);
    }
    e.pieces.set(i + 1, v.pieces);
    if (v.hit) e.hits.add(i + 1);
    if (v.anchor) e.anchors.add(i + 1);
  });
  return e;
}

function scan(log: Buffer, matchers: ScanMatcher[], window: number, maxLine: number, r: Rng) {
  const kept = new Map<number, { kind: KeepKind; pieces: string[] }>();
  const order: number[] = [];
  const twice: number[] = [];
  const sc = new LineScanner({
    matchers,
    window,
    maxLineLength: maxLine,
    onKeep: (line, pieces, kind) => {
      if (kept.has(line)) twice.push(line);
      kept.set(line, { kind, pieces });
      order.push(line);
    },
  });
  // Random chunk sizes: literals, UTF-8 sequences and CRLF split across chunks. Half the runs
  // reuse two buffers in turn, as readPasteFile does (release() before each overwrite).
  const reuse = r.chance(0.5);
  const pool = [Buffer.allocUnsafeSlow(2048), Buffer.allocUnsafeSlow(2048)];
  let turn = 0;
  for (let off = 0; off < log.length; ) {
    const n = Math.min(1 + r.int(r.chance(0.3) ? 8 : 2048), log.length - off);
    let chunk: Buffer;
    if (reuse) {
      const b = pool[turn]!;
      turn ^= 1;
      sc.release(b);
      b.fill(0x2a); // stale bytes must never show up in a kept line
      log.copy(b, 0, off, off + n);
      chunk = b.subarray(0, n);
    } else chunk = Buffer.from(log.subarray(off, off + n));
    sc.feed(chunk);
    off += n;
  }
  sc.finish();
  expect(twice, 'lines kept twice').toEqual([]);
  return { kept, order, lines: sc.lines, verified: sc.verified, skipped: sc.skipped, ruledOut: sc.ruledOut };
}

/** The scan kept exactly the naive reference's hits and anchors, their context windows, in order, with the engine's text. */
function expectExact(got: ReturnType<typeof scan>, want: Expect, window: number, where: string): void {
  expect(got.lines, where).toBe(want.lines);
  // Every hit line is kept as a hit, and nothing else is reported as a hit.
  const gotHits = [...got.kept].filter(([, v]) => v.kind === 'anchor' || v.kind === 'extra').map(([l]) => l);
  expect(gotHits.sort((a, b) => a - b), where).toEqual([...want.hits].sort((a, b) => a - b));
  const gotAnchors = [...got.kept].filter(([, v]) => v.kind === 'anchor').map(([l]) => l);
  expect(gotAnchors.sort((a, b) => a - b), where).toEqual([...want.anchors].sort((a, b) => a - b));
  // Kept = hits plus `window` lines either side of a context anchor (non-empty lines only).
  const expected = new Set<number>(want.hits);
  for (const a of want.anchors) for (let l = Math.max(1, a - window); l <= Math.min(want.lines, a + window); l++) expected.add(l);
  const expectedNonEmpty = [...expected].filter((l) => want.pieces.get(l)!.length > 0).sort((a, b) => a - b);
  expect([...got.kept.keys()].sort((a, b) => a - b), where).toEqual(expectedNonEmpty);
  // In order, with the text the engine would see.
  expect(got.order, where).toEqual([...got.order].sort((a, b) => a - b));
  expect(new Map([...got.kept].map(([l, v]) => [l, v.pieces])), `${where}: each kept line's pieces`).toEqual(new Map([...got.kept.keys()].map((l) => [l, want.pieces.get(l)])));
}

/**
 * The tests below run against every byte loop: JavaScript, WebAssembly (the default, with its line
 * filter) and WebAssembly without the filter.
 */
function withEngine(engine: ScanEngine): void {
  let was: ScanEngine;
  beforeAll(() => {
    was = setScanEngine(engine);
  });
  afterAll(() => {
    setScanEngine(was);
  });
}

const ENGINES = ['js', 'wasm', 'wasm-exact'] as const;

// A seed's log and its naive reference depend on the seed only: the reference is worked out once
// and checked against every loop (the log is drawn again for each loop, so the scan's chunk sizes,
// drawn after it, are the same for all).
const naiveBySeed = new Map<number, { log: Buffer; want: Expect }>();

describe.each(ENGINES)('line scanner (%s loop): exact on randomized logs', (engine) => {
  withEngine(engine);
  // Every other seed without the matcher that checks every line: the line filter runs on those.
  // A sweep (test/helpers/sweep.ts): 1 seed in 3 in the fast job (both matcher sets), all 24 in the slow one.
  it(sweepName('keeps every anchor-hit line with its line number, and exactly the context window around it', 3), async () => {
    const sets = [await allMatchers(), await allMatchers(true, false)];
    const { scan: matchers } = sets[0]!;
    expect(matchers.length).toBeGreaterThan(50);
    expect(sets[1]!.scan.length).toBe(matchers.length - 1);
    const maxLine = 300;
    let totalHits = 0;
    let skipped = 0;
    const seeds = sweepSeeds(1, 24, 3);
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

// Phrases the anchors look for, spread over a JSON line so that only the flattening (parts joined by
// spaces, `key=value`, nested JSON strings, keys reordered, skipped `_meta` and nulls) makes them.
const SPREAD = [
  'gateway is unresponsive',
  'gateway process was stuck',
  'cron run timed out',
  'cron list hangs',
  'closed before connect conn=1 code=1000',
  'code=4008 reason=connect failed',
  'gateway closed (1008): pairing required',
  'unauthorized: gateway token mismatch',
  'port did not open',
  'x=1000',
  'split me here',
  'enabled=true split me here',
];

/** A JSON object whose flattened text holds `phrase` (or, as drawn, a near miss), as raw JSON text. */
function spreadJson(r: Rng, phrase: string): string {
  const words = phrase.split(' ');
  const parts: string[] = [];
  let cur = [words[0]!];
  for (const w of words.slice(1)) {
    if (r.chance(0.6)) {
      parts.push(cur.join(' '));
      cur = [w];
    } else cur.push(w);
  }
  parts.push(cur.join(' '));
  if (r.chance(0.3)) parts[0] = `${r.pick(WORDS)} ${parts[0]}`;
  if (r.chance(0.3)) parts[parts.length - 1] = `${parts[parts.length - 1]} ${r.pick(WORDS)}`;
  const noise = (): string => r.pick(['"_meta":{"logLevelName":"WARN","x":"gateway is"}', '"n":null', '"_meta":{"a":[1,"cron run"]}']);
  // Message parts only, under integer keys in a shuffled raw order (Object.entries sorts them back).
  if (parts.length > 1 && r.chance(0.25)) {
    const entries = parts.map((p, i) => `"${i}":${JSON.stringify(p)}`);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return `{${entries.join(',')}}`;
  }
  const entries = parts.map((p, i) => {
    const kv = /^([a-z]+)=(\S+)(.*)$/.exec(p);
    let obj: Record<string, unknown>;
    if (kv && !kv[3] && r.chance(0.7)) obj = { [kv[1]!]: /^\d+$/.test(kv[2]!) && r.chance(0.5) ? Number(kv[2]) : kv[2] === 'true' ? true : kv[2] };
    else obj = { [r.pick(['0', 'msg', 'message', ''])]: p };
    // Nested as a JSON string (tslog's subsystem), as an object, or an array of one string.
    const inner = r.chance(0.4) ? JSON.stringify(JSON.stringify(obj)) : Array.isArray(obj) || !('0' in obj) || r.chance(0.5) ? JSON.stringify(obj) : JSON.stringify([obj['0']]);
    return `${r.chance(0.2) ? `${noise()},` : ''}"p${i}":${inner}`;
  });
  let line = `{${entries.join(',')}${r.chance(0.3) ? `,${noise()}` : ''}}`;
  // A quoted word, a `\u` or `\/` escape for one character, a stray separator: drawn, rarely.
  if (r.chance(0.1)) line = line.replace('"p0":', '"q":"say \\"cron\\" run","p0":');
  if (r.chance(0.1)) {
    const at = line.search(/[a-z](?=[a-z ]*")/);
    if (at > 0) line = `${line.slice(0, at)}\\u${line.charCodeAt(at).toString(16).padStart(4, '0')}${line.slice(at + 1)}`;
  }
  if (r.chance(0.05)) line = line.replace('"p0":', '"u":"a\\/b","p0":');
  return line;
}

/** The anchors a CLI run chooses for this log (its literals' rates in the log). */
async function sampled(rules: Rule[], log: Buffer): Promise<MatcherSet> {
  const scan = toScanMatchers(await inputAnchors(rules, [log]));
  return { scan, plain: scan.map((m) => ({ test: m.test, context: m.context })) };
}

/** What an OpenClaw JSON log mostly is: tslog lines of the gateway and cron subsystems, matching nothing. */
function quietJsonLine(r: Rng, i: number): string {
  return JSON.stringify({ 0: JSON.stringify({ subsystem: r.pick(['gateway', 'gateway/ws', 'cron', 'Gateway']) }), 1: `${r.pick(['embedded run done', 'job ran', 'this is fine', 'a run ended'])}: runId=${i}`, _meta: { logLevelName: 'DEBUG' }, time: '2026-03-04T16:29:35.301Z' });
}

// As naiveBySeed: a seed's JSON log, the anchors chosen for it and its naive reference depend on the
// seed only, so they are worked out once and every loop's scan is checked against them.
const jsonBySeed = new Map<number, { log: Buffer; matchers: ScanMatcher[]; want: Expect }>();

describe.each(ENGINES)('line scanner (%s loop): JSON lines ruled out on their raw bytes', (engine) => {
  withEngine(engine);
  // Every other seed: the built-in rules' anchors as a CLI run chooses them, by their literals'
  // rates in the log (`gateway` and `cron` are then the pieces looked for on JSON lines).
  // A sweep: 1 seed in 3 in the fast job (both anchor choices), all 12 in the slow one.
  it(sweepName('keeps every JSON line whose flattened text matches, however the phrase is spread over keys, values and nested strings', 3), async () => {
    const rules = await loadBuiltinRules();
    let hits = 0;
    let ruledOut = 0;
    const seeds = sweepSeeds(101, 112, 3);
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
  /** The same log through one loop (same chunks: the rng is replayed). */
  function through(engine: ScanEngine, log: Buffer, matchers: ScanMatcher[], window: number, seed: number) {
    const was = setScanEngine(engine);
    try {
      return scan(log, matchers, window, 300, prng(seed));
    } finally {
      setScanEngine(was);
    }
  }

  // A sweep: 1 seed in 2 in the fast job (adversarial seeds 3 and 9 among them), all 12 in the slow one.
  it(sweepName('keeps what the JavaScript loop keeps on sparse logs and on logs where every line is a candidate', 2), async () => {
    const { scan: matchers, plain } = await allMatchers(true, false);
    const literals = [...new Set(matchers.flatMap((m) => [...(m.literals ?? []), ...(m.jsonLiterals ?? [])]))].filter((l) => l.length >= 3);
    expect(literals.length).toBeGreaterThan(100);
    let skipped = 0;
    let sparseSkipped = 0;
    const seeds = sweepSeeds(1, 12, 2);
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

function* chunks(b: Buffer, n: number) {
  for (let i = 0; i < b.length; i += n) yield b.subarray(i, i + n);
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

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
