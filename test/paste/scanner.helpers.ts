// What scanner.test.ts and its sweep file (scanner.sweep.test.ts) both use: the log generators, the
// naive reference, the scan driver and the per-loop hooks. A module, not a test file (a test file
// imported from another would register its tests twice).
import { afterAll, beforeAll, expect } from 'vitest';
import { deriveAnchors } from '../../src/shared/regex/anchors.js';
import { matcherCover } from '../../src/shared/regex/cover.js';
import { normalizeLine } from '../../src/collectors/paste/normalize.js';
import { EXTRA_ANCHORS, inputAnchors, toScanMatchers } from '../../src/collectors/paste/read.js';
import { cutWhole, LineScanner, setScanEngine, type KeepKind, type ScanEngine, type ScanMatcher } from '../../src/collectors/paste/scanner.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { PasteMatcher, Rule } from '../../src/types.js';

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
export function prng(seed: number) {
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
export function allMatchers(synthetic = true, withoutLiteral = true): Promise<MatcherSet> {
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
export const WORDS = ['heartbeat', 'ok', 'agents=3', 'queue=0', '[gateway]', '[ws]', 'webchat', 'connected', 'remote=127.0.0.1', 'client=openclaw-control-ui', 'run', 'done', 'é', '日本語', '🦞', 'naïve', 'ß'];

export function textLine(r: Rng): string {
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

export function makeLog(r: Rng, lines: number, maxLine: number): Buffer {
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

export interface Expect {
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
export function naive(log: Buffer, matchers: Array<{ test: (t: string) => boolean; context: boolean }>, maxLine: number): Expect {
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

export function scan(log: Buffer, matchers: ScanMatcher[], window: number, maxLine: number, r: Rng) {
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
export function expectExact(got: ReturnType<typeof scan>, want: Expect, window: number, where: string): void {
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
export function withEngine(engine: ScanEngine): void {
  let was: ScanEngine;
  beforeAll(() => {
    was = setScanEngine(engine);
  });
  afterAll(() => {
    setScanEngine(was);
  });
}

export const ENGINES = ['js', 'wasm', 'wasm-exact'] as const;

// Phrases the anchors look for, spread over a JSON line so that only the flattening (parts joined by
// spaces, `key=value`, nested JSON strings, keys reordered, skipped `_meta` and nulls) makes them.
export const SPREAD = [
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
export function spreadJson(r: Rng, phrase: string): string {
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
export async function sampled(rules: Rule[], log: Buffer): Promise<MatcherSet> {
  const scan = toScanMatchers(await inputAnchors(rules, [log]));
  return { scan, plain: scan.map((m) => ({ test: m.test, context: m.context })) };
}

/** What an OpenClaw JSON log mostly is: tslog lines of the gateway and cron subsystems, matching nothing. */
export function quietJsonLine(r: Rng, i: number): string {
  return JSON.stringify({ 0: JSON.stringify({ subsystem: r.pick(['gateway', 'gateway/ws', 'cron', 'Gateway']) }), 1: `${r.pick(['embedded run done', 'job ran', 'this is fine', 'a run ended'])}: runId=${i}`, _meta: { logLevelName: 'DEBUG' }, time: '2026-03-04T16:29:35.301Z' });
}

export function* chunks(b: Buffer, n: number) {
  for (let i = 0; i < b.length; i += n) yield b.subarray(i, i + n);
}

export function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** The same log through one loop (same chunks: the rng is replayed). */
export function through(engine: ScanEngine, log: Buffer, matchers: ScanMatcher[], window: number, seed: number) {
  const was = setScanEngine(engine);
  try {
    return scan(log, matchers, window, 300, prng(seed));
  } finally {
    setScanEngine(was);
  }
}
