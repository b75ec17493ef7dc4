// The line machinery of the paste reader, over raw UTF-8 bytes.
//
// In "keep all" mode every physical line is decoded, normalised and handed on (small pastes).
// In "anchor" mode (huge logs) a byte-level Aho–Corasick automaton (ASCII case folding, one state
// table per line kind) looks for the anchors' literals and counts newlines in the same pass; only
// lines with a literal hit are decoded and checked with the anchor's real matcher, on the
// normalised text the engine will see. A line whose normalisation could create text that is not
// in its raw bytes (control characters/ANSI, or a JSON `\u`/`\/` escape) is always checked. Hit
// lines are kept with `window` lines before (a ring of recent raw line slices) and after them.
// Over ~300 lines on purpose: one hot loop and the state it carries across chunks (ring, windows, kept lines); split, every chunk boundary case would cross a module.
import type { PasteMatcher } from '../../types.js';
import { normalizeLine } from './normalize.js';
import { JsonNeeds, RawLine } from './json-rule-out.js';
import { buildAutomaton, literalAt, type Automaton, type Masks } from '../../shared/literals/automaton.js';
import { builtinAutomaton } from '../../shared/literals/builtin.js';
import { LiteralTails, TailTries } from '../../shared/literals/tails.js';
import { CH, HDR, SCAN_WASM } from './scan-wasm.generated.js';
import type { AnchorIds } from '../../shared/regex/anchors.js';

export interface ScanMatcher {
  /** Literals one of which every match contains, per kind of line; null = check every such line. */
  literals: string[] | null;
  jsonLiterals: string[] | null;
  /** Lines hit by this matcher bring their neighbours along. */
  context: boolean;
  /** A `contains` matcher (lowercased with toLowerCase(): K and İ fold to ASCII). */
  foldsUnicode: boolean;
  test(text: string): boolean;
  /** The matcher's cover (anchors.ts): what else a JSON line needs before it is parsed (json-rule-out.ts). */
  cover?: string[][];
  /** The literals as the ids they were chosen by (anchors.ts AnchorIds): used when they number the built-in automaton. */
  ids?: AnchorIds;
  /**
   * What the matcher was made from (toScanMatchers), plain data: a worker thread that scans part of
   * a large log rebuilds the same matcher from it. Without it (hand-made matchers) no worker runs.
   */
  spec?: MatcherSpec;
}

/** A ScanMatcher as plain data (structured-clonable): its paste matcher and the anchor's literals. */
export interface MatcherSpec {
  matcher: PasteMatcher;
  literals: string[] | null;
  jsonLiterals: string[] | null;
  context: boolean;
  cover?: string[][];
}

export type KeepKind = 'all' | 'anchor' | 'extra' | 'context';

export interface LineScannerOptions {
  /** null: keep every line. */
  matchers: ScanMatcher[] | null;
  window: number;
  maxLineLength: number;
  onKeep(line: number, pieces: string[], kind: KeepKind): void;
  /** The byte loop: WebAssembly (the default, see setScanEngine) or JavaScript. Both keep the same lines. */
  engine?: ScanEngine;
}

/** wasm-exact: the WebAssembly loop without its line filter (every byte through the automaton). */
export type ScanEngine = 'wasm' | 'wasm-exact' | 'js';
const envEngine = process.env.CLAWKIT_SCAN_ENGINE;
let defaultEngine: ScanEngine = envEngine === 'js' || envEngine === 'wasm-exact' ? envEngine : 'wasm';

/** The engine scanners made without one use. */
export function scanEngine(): ScanEngine {
  return defaultEngine;
}

/** The engine of scanners made without one (tests; CLAWKIT_SCAN_ENGINE=js for the CLI). Returns the previous one. */
export function setScanEngine(e: ScanEngine): ScanEngine {
  const was = defaultEngine;
  defaultEngine = e;
  return was;
}

// ---------------------------------------------------------------- literals

/** Byte sequences that make a line "unsafe" or "folding" (see compile); the built-in automaton has them. */
const ESCAPED_QUOTE = '\\"'; // normalizeLine adds an unescaped copy of a plain line with \" in it
const JSON_ESCAPES = ['\\u', '\\/']; // a JSON line's decoded text can differ from its bytes
const FOLDING = ['\u212a', '\u0130']; // K and İ: toLowerCase() folds them to ASCII
export const SCANNER_MARKERS = [ESCAPED_QUOTE, ...JSON_ESCAPES, ...FOLDING];

const UNSAFE_PLAIN = 1;
const UNSAFE_JSON = 2;
const FOLDS = 4;

/** compile's per-id kinds: the literal makes a state live / is reported by a walk, on plain / JSON lines. */
const LIVE_PLAIN = 1;
const LIVE_JSON = 2;
const KEEP_PLAIN = 4;
const KEEP_JSON = 8;

interface Compiled {
  a: Automaton;
  /** Per automaton literal id: the matchers hit by it on plain / JSON lines (empty: none). */
  plainOf: number[][];
  jsonOf: number[][];
  /** Per literal id: UNSAFE_PLAIN | UNSAFE_JSON | FOLDS. */
  marker: Uint8Array;
  /**
   * The literals that matter on plain / JSON lines (for the scanner's own LiteralTails, which it
   * checks per reporting state in one walk and which carry its per-line stamps: not shared; their
   * tries are, per Compiled: sharedTries).
   */
  keepPlain: (id: number) => boolean;
  keepJson: (id: number) => boolean;
  /**
   * Per reporting state (index (s - special) / classes): 0 when none of its literals matters on
   * this kind of line; ALWAYS when its walk is always taken; r > 0 when the walk is taken only if
   * the two bytes after the state's end may continue one of its literals (row r - 1 of `next`;
   * see gates).
   */
  livePlain: Int32Array;
  liveJson: Int32Array;
  /** NEXT_WORDS 32-bit words per row: bit pairHash(b1, b2) set when a literal may go on with b1 b2. */
  next: Uint32Array;
  alwaysPlain: number[];
  alwaysJson: number[];
  folding: number[];
  /** The literal ids with a matcher or a marker bit (the ones keepPlain or keepJson keeps), ascending. */
  ids: Int32Array;
  /** What a JSON line needs for each matcher, looked for before it is parsed; null: no matcher has a cover. */
  needs: JsonNeeds | null;
}

/**
 * plainOf / jsonOf of a literal no matcher looks for: one shared array (most of the built-in
 * table's ~6,400 ids; compile made two empty arrays per id before). Never pushed to (compile gives
 * an id its own array first); not frozen, so the scan's loads see one array shape.
 */
const NO_MATCHERS: number[] = [];

/**
 * Per built-in automaton: 1 for each literal id kept out of its table (its masks' ids), made once.
 * compile asked isMasked (two list scans) for each of a large log's ~5,300 needed literals: ~4.5 ms of its
 * ~16 at the set-up, in the interpreter (issue #13).
 */
const maskedOf = new WeakMap<Automaton, Uint8Array>();

function maskedIds(a: Automaton): Uint8Array {
  let m = maskedOf.get(a);
  if (!m) {
    m = new Uint8Array(a.literals.length);
    if (a.masks) for (const id of [...a.masks.oneIds, ...a.masks.twoIds]) m[id] = 1;
    maskedOf.set(a, m);
  }
  return m;
}

/**
 * Each matcher's literals (plain, then JSON) as ids of the built-in table, in one list per matcher
 * (-1 for an empty literal, which compile skips); null when a literal (or a marker) is not in the
 * table or is masked there: compile then builds its own automaton. A matcher whose anchor chose its
 * literals by the built-in table's ids (m.ids numbering that table) brings them: no lookup (a large
 * log's ~7,300 literal texts were hashed again here, issue #13); any other, one Map lookup per literal.
 */
function builtinIds(
  matchers: ScanMatcher[],
  folding: boolean,
  builtin: { automaton: Automaton; index: Map<string, number> },
): { plain: Int32Array[]; json: Int32Array[] } | null {
  const masked = maskedIds(builtin.automaton);
  const { index } = builtin;
  for (const l of [ESCAPED_QUOTE, ...JSON_ESCAPES, ...(folding ? FOLDING : [])]) {
    const id = index.get(l);
    if (id === undefined || masked[id] === 1) return null;
  }
  const texts = builtin.automaton.literals;
  const toIds = (ls: string[], carried: readonly number[] | null | undefined): Int32Array | null => {
    const out = new Int32Array(ls.length);
    // Carried ids stand for the texts only when they number this table and say the same literals.
    const own = carried && carried.length === ls.length ? carried : undefined;
    for (let k = 0; k < ls.length; k++) {
      let id = own?.[k];
      if (id === undefined || texts[id] !== ls[k]) id = index.get(ls[k]!);
      if (id === undefined || masked[id] === 1) return null;
      out[k] = ls[k]!.length ? id : -1;
    }
    return out;
  };
  const plain: Int32Array[] = [];
  const json: Int32Array[] = [];
  const none = new Int32Array(0);
  for (const m of matchers) {
    const carried = m.ids?.of === texts ? m.ids : undefined;
    const p = m.literals ? toIds(m.literals, carried?.plain) : none;
    const j = m.jsonLiterals ? toIds(m.jsonLiterals, carried?.json) : none;
    if (!p || !j) return null;
    plain.push(p);
    json.push(j);
  }
  return { plain, json };
}

/**
 * compile() per matcher array, for as long as the array lives and the built-in automaton is the one
 * it was compiled against: one log read with the same anchors again (tests read hundreds of pastes
 * with one set) reuses it. Nothing in a Compiled changes after compile(); the per-line state is the
 * scanner's own (hitStamp, its LiteralTails).
 */
const compiledFor = new WeakMap<ScanMatcher[], { builtin: Automaton | undefined; c: Compiled }>();

function compiled(matchers: ScanMatcher[]): Compiled {
  const builtin = builtinAutomaton()?.automaton;
  const memo = compiledFor.get(matchers);
  if (memo && memo.builtin === builtin) return memo.c;
  const c = compile(matchers);
  compiledFor.set(matchers, { builtin, c });
  return c;
}

/** Whether the scanner for these matchers runs on the built-in table (none built per run; tests). */
export function onBuiltinTable(matchers: ScanMatcher[]): boolean {
  const builtin = builtinAutomaton()?.automaton;
  return builtin !== undefined && compiled(matchers).a === builtin;
}

/**
 * Per run only maps from literal ids to matchers: the automaton is the built-in one (built at
 * build time) when it has every literal needed, else one built here (user rules, tests).
 */
function compile(matchers: ScanMatcher[]): Compiled {
  const folding = matchers.flatMap((m, i) => (m.foldsUnicode ? [i] : []));
  let a: Automaton;
  let index: Map<string, number>;
  const builtin = builtinAutomaton();
  // (The built-in automaton keeps 1-2 byte literals out of its table: the scanner's loop has no masks.)
  let ids = builtin ? builtinIds(matchers, folding.length > 0, builtin) : null;
  if (builtin && ids) ({ automaton: a, index } = builtin);
  else {
    const needed = new Set<string>([ESCAPED_QUOTE, ...JSON_ESCAPES, ...(folding.length ? FOLDING : [])]);
    for (const m of matchers) for (const l of [...(m.literals ?? []), ...(m.jsonLiterals ?? [])]) needed.add(l);
    a = buildAutomaton([...needed]);
    const own = new Map(a.literals.map((l, i) => [l, i]));
    index = own;
    const toIds = (ls: string[] | null) => Int32Array.from(ls ?? [], (l) => (l.length ? own.get(l)! : -1));
    ids = { plain: matchers.map((m) => toIds(m.literals)), json: matchers.map((m) => toIds(m.jsonLiterals)) };
  }
  const n = a.literals.length;
  const plainOf: number[][] = new Array<number[]>(n).fill(NO_MATCHERS);
  const jsonOf: number[][] = new Array<number[]>(n).fill(NO_MATCHERS);
  const used = new Set<number>();
  const add = (of: number[][], list: Int32Array, i: number) => {
    for (let k = 0; k < list.length; k++) {
      const id = list[k]!;
      if (id < 0) continue;
      if (of[id] === NO_MATCHERS) of[id] = [];
      of[id]!.push(i);
      used.add(id);
    }
  };
  for (let i = 0; i < matchers.length; i++) {
    add(plainOf, ids.plain[i]!, i);
    add(jsonOf, ids.json[i]!, i);
  }
  const marker = new Uint8Array(n);
  const mark = (l: string, bit: number) => {
    const id = index.get(l)!;
    marker[id] = marker[id]! | bit;
    used.add(id);
  };
  mark(ESCAPED_QUOTE, UNSAFE_PLAIN);
  for (const l of JSON_ESCAPES) mark(l, UNSAFE_JSON);
  if (folding.length) for (const l of FOLDING) mark(l, FOLDS);
  // Per literal id, what it is on each kind of line (LIVE_*: it makes a state live; KEEP_*: a walk
  // reports it), set for the used ids only: the states' loop and gates read one byte per id.
  const kind = new Uint8Array(n);
  for (const id of used) {
    const p = plainOf[id]!.length > 0;
    const j = jsonOf[id]!.length > 0;
    const mk = marker[id]!;
    kind[id] =
      (p || mk & (UNSAFE_PLAIN | FOLDS) ? LIVE_PLAIN : 0) |
      (j || mk & (UNSAFE_JSON | FOLDS) ? LIVE_JSON : 0) |
      (p || mk !== 0 ? KEEP_PLAIN : 0) |
      (j || mk !== 0 ? KEEP_JSON : 0);
  }
  const states = a.outStart.length - 1;
  const livePlain = new Int32Array(states);
  const liveJson = new Int32Array(states);
  const { outStart, outIds } = a;
  let live = 0;
  for (let k = 0; k < states; k++) {
    let f = 0;
    for (let j = outStart[k]!; j < outStart[k + 1]!; j++) f |= kind[outIds[j]!]!;
    if (f & LIVE_PLAIN) {
      livePlain[k] = ALWAYS;
      live++;
    }
    if (f & LIVE_JSON) {
      liveJson[k] = ALWAYS;
      live++;
    }
  }
  const keepPlain = (id: number) => plainOf[id]!.length > 0 || marker[id] !== 0;
  const keepJson = (id: number) => jsonOf[id]!.length > 0 || marker[id] !== 0;
  const next = new Uint32Array(live * NEXT_WORDS);
  const rows = gates(a, livePlain, kind, KEEP_PLAIN, next, 0);
  gates(a, liveJson, kind, KEEP_JSON, next, rows);
  return {
    a,
    plainOf,
    jsonOf,
    marker,
    keepPlain,
    keepJson,
    livePlain,
    liveJson,
    next,
    alwaysPlain: matchers.flatMap((m, i) => (m.literals === null ? [i] : [])),
    alwaysJson: matchers.flatMap((m, i) => (m.jsonLiterals === null ? [i] : [])),
    folding,
    ids: Int32Array.from(used).sort(),
    needs: matchers.some((m) => m.cover) ? new JsonNeeds(matchers, (l) => index.get(l)) : null,
  };
}

/** Bits per row of Compiled.next: 2,048 (pairs of folded bytes hashed into them). */
const NEXT_WORDS = 64;
/** ASCII case folding as LiteralTails compares bytes. */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b));
const pairHash = (b1: number, b2: number): number => (b1 * 61 + b2) & (NEXT_WORDS * 32 - 1);

function setPair(next: Uint32Array, row: number, b1: number, b2: number): void {
  const h = pairHash(b1, b2);
  next[row + (h >>> 5)] = next[row + (h >>> 5)]! | (1 << (h & 31));
}

/**
 * setPair(next, row, b1, b2) for every b2 (0..255): the hashes b1 * 61 + b2 are 256 consecutive
 * bits (mod the row's width), set a word at a time — 256 calls per such literal were most of
 * gates' cost at a large log's set-up (issue #13). Exported for its test.
 */
export function setPairsAnySecond(next: Uint32Array, row: number, b1: number): void {
  const end = pairHash(b1, 0) + 256;
  for (let h = end - 256; h < end; ) {
    const bit = h & 31;
    const n = Math.min(32 - bit, end - h);
    const w = row + ((h >>> 5) & (NEXT_WORDS - 1));
    next[w] = next[w]! | (n === 32 ? -1 : ((1 << n) - 1) << bit);
    h += n;
  }
}

/** Compiled.livePlain / liveJson: a live state whose walk is always taken. */
const ALWAYS = -1;

/**
 * Which live reporting states' walks (LiteralTails.each) are worth taking on one kind of line
 * (`live`: ALWAYS for each live state, rewritten here; rows of `next` from `row` on; returns the
 * next free row). The table holds each literal's first `cut` bytes, so a state fires on every
 * "subsystem" for "systemctl …" and on every `remote=127.0.0.1` for "127.0.0.1:18789", and most
 * walks stop at the first or second byte after the state (on the bench's 20 MB log: 319,000 walks,
 * 183 literals found). A walk is skipped only when the two bytes after the state's end cannot
 * continue any literal it would report (the `keep` bit of `kind`: the tails' own keep), so it would report nothing.
 * Always taken: a state with a literal that ends at its prefix, or a loose one (its prefix is
 * compared from its start); the scanner also walks when the two bytes are not both in the chunk.
 * Built for every live state at once (~1,000 of them, a few ms): deciding a state on its first
 * sighting inside the scan loop made the loop itself slower.
 */
function gates(a: Automaton, live: Int32Array, kind: Uint8Array, keep: number, next: Uint32Array, row: number): number {
  const { outStart, outIds, loose, bytes, prefixLen } = a;
  for (let k = 0; k < live.length; k++) {
    if (live[k] !== ALWAYS) continue;
    let always = false;
    for (let j = outStart[k]!; j < outStart[k + 1]!; j++) {
      const id = outIds[j]!;
      if (kind[id]! & keep && (loose[id] === 1 || bytes[id]!.length <= prefixLen[id]!)) always = true;
    }
    if (always) continue;
    const at = row++ * NEXT_WORDS;
    for (let j = outStart[k]!; j < outStart[k + 1]!; j++) {
      const id = outIds[j]!;
      if (!(kind[id]! & keep)) continue;
      const b = a.bytes[id]!;
      const p = a.prefixLen[id]!;
      const b1 = FOLD[b[p]!]!;
      if (b.length > p + 1) setPair(next, at, b1, FOLD[b[p + 1]!]!);
      // One byte left: any second byte (the walk reports the literal at the first).
      else setPairsAnySecond(next, at, b1);
    }
    live[k] = row;
  }
  return row;
}

/** Lines that normalizeLine may treat as JSON: first byte `{` or possible (Unicode) whitespace. */
function jsonish(b: number): boolean {
  return b === 0x7b || b === 0x20 || b === 0x09 || b === 0x0d || b >= 0x80;
}

// ---------------------------------------------------------------- WebAssembly loop

/**
 * The byte loop of LineScanner.feed in WebAssembly (scripts/lib/scan-wasm.mjs; issue #13): the
 * automaton's tables, the live/gate tables and the chunk in linear memory; the module lists the
 * bytes where feed's loop does more than `continue` (line ends, control bytes, live states whose
 * gate passes) and feedWasm does at each what feed does. Made only for anchor mode (a paste over
 * keepAllBytes), so a small paste never compiles it.
 */
interface WasmScan {
  exports: WasmExports;
  scan(n: number): void;
  mem: WebAssembly.Memory;
  u8: Uint8Array;
  i32: Int32Array;
  /** Address of the chunk (then its list: the last region, memory grows for a larger chunk). */
  buf: number;
  /** End of the tables laid out from HDR.size (what an image copies). */
  tablesEnd: number;
  /** The filter's maps (plain, JSON; filterMaps); null: no filter. */
  maps: [number, number] | null;
  /** Class triple counts of the input's start (filterMaps' sample) while it is being taken; then null. */
  freq: Uint8Array | null;
  sampled: number;
}

const PAGE = 65536;
/** A larger chunk is fed in pieces of this size (as if read so: the scanner is exact across chunks). */
const WASM_CHUNK = 4 * 1024 * 1024;
let wasmModule: WebAssembly.Module | null | undefined;

/** The scanner's module, compiled once per process; null: no WebAssembly (--jitless), the JavaScript loops. */
function scanModule(): WebAssembly.Module | null {
  if (wasmModule === undefined) {
    try {
      wasmModule = new WebAssembly.Module(Buffer.from(SCAN_WASM, 'base64'));
    } catch {
      wasmModule = null;
    }
  }
  return wasmModule;
}

function wasmScan(c: Compiled, filter: boolean, window: number): WasmScan | null {
  scanModule();
  const { a, livePlain, liveJson, next } = c;
  const C = a.classes;
  // The module's table holds state numbers (premultiplied state / classes) in 16 bits.
  if (!wasmModule || a.delta.length / C > 0x10000) return null;
  let at = HDR.size;
  const place = (bytes: number): number => {
    const p = at;
    at += (bytes + 7) & ~7;
    return p;
  };
  const cls = place(256);
  const fold = place(256);
  const lp = place(4 * livePlain.length);
  const lj = place(4 * liveJson.length);
  const nx = place(4 * next.length);
  const delta = place(2 * a.delta.length);
  // The filter needs each line to go through the automaton only for its literals: not with a
  // matcher that checks every line of a kind, nor with too many classes for a small map.
  const useFilter = filter && c.alwaysPlain.length === 0 && c.alwaysJson.length === 0 && C <= FILTER_MAX_CLASSES;
  const mapBytes = filterMapBytes(C);
  const maps: [number, number] | null = useFilter ? [place(mapBytes), place(mapBytes)] : null;
  // The filter's ring of its last line ends: a power of two over window entries.
  let endsSize = 1;
  while (endsSize <= window) endsSize *= 2;
  const ends = place(4 * endsSize);
  const buf = place(0);
  // A finished scanner's instance of this Compiled has its tables in place already: only the
  // header (and the line-end ring) is made anew. Otherwise a new instance.
  const r = reusable(c);
  const pooled = r?.pooled;
  if (r) r.pooled = undefined;
  if (!pooled) instancesMade++;
  const exports = pooled ?? (new WebAssembly.Instance(wasmModule, {}).exports as WasmExports);
  const mem = exports.mem;
  // The tables (cls .. the end of delta) depend on the Compiled only: laid out and narrowed once,
  // then copied into each new instance's memory (a log read per call with one anchor set: the
  // narrowing was most of a small anchor-mode read's set-up).
  const image = r?.image;
  if (pooled || image) mem.grow(Math.max(0, Math.ceil(buf / PAGE) - mem.buffer.byteLength / PAGE));
  if (pooled) {
    new Uint8Array(mem.buffer).fill(0, 0, HDR.size);
    new Uint8Array(mem.buffer).fill(0, delta + 2 * a.delta.length, buf);
  } else if (image) {
    new Uint8Array(mem.buffer).set(image, HDR.size);
  } else {
    // The i32 table goes where the chunks will be, 512 KB at a time (no page touched that a chunk
    // will not touch), and the module narrows it into place.
    const piece = (512 * 1024) / 4;
    mem.grow(Math.ceil((buf + 4 * piece) / PAGE) - mem.buffer.byteLength / PAGE);
    const u8 = new Uint8Array(mem.buffer);
    u8.set(a.cls, cls);
    u8.set(FOLD, fold);
    new Int32Array(mem.buffer, lp, livePlain.length).set(livePlain);
    new Int32Array(mem.buffer, lj, liveJson.length).set(liveJson);
    new Uint32Array(mem.buffer, nx, next.length).set(next);
    for (let x = 0; x < a.delta.length; x += piece) {
      const part = a.delta.subarray(x, x + piece);
      new Int32Array(mem.buffer, buf, part.length).set(part);
      exports.narrow(buf, delta + 2 * x, part.length, C);
    }
  }
  const u8 = new Uint8Array(mem.buffer);
  const i32 = new Int32Array(mem.buffer);
  const h = (field: keyof typeof HDR, v: number) => (i32[HDR[field] >> 2] = v);
  h('special', a.special / C);
  h('nl', a.nl / C);
  h('ctrl', a.ctrl / C);
  h('classes', C);
  h('cls', cls);
  h('fold', fold);
  h('livePlain', lp);
  h('liveJson', lj);
  h('next', nx);
  h('buf', buf);
  h('delta', delta);
  h('filter', 0); // on once the maps are filled (the first chunk is their sample)
  h('window', window);
  h('ends', ends);
  h('endsMask', endsSize - 1);
  if (maps) {
    h('mapPlain', maps[0]);
    h('mapJson', maps[1]);
  }
  return { exports, scan: exports.scan, mem, u8, i32, buf, tablesEnd: delta + 2 * a.delta.length, maps, freq: maps ? new Uint8Array(C * C * C) : null, sampled: 0 };
}

type WasmExports = { scan: WasmScan['scan']; narrow(src: number, dst: number, count: number, classes: number): void; count(buf: number, n: number, line: number): number; mem: WebAssembly.Memory };

/**
 * What scanners of one Compiled reuse, made on first need: all of it depends on the Compiled only.
 * - pooled: one finished scanner's instance, its tables in place (LineScanner.finish hands it back,
 *   the next scanner takes it): a new instance's memory, grown, first touched and filled with the
 *   tables, was most of what was left of a small anchor-mode read's set-up. One whose memory grew
 *   past POOL_MAX_BYTES (a large chunk) is not kept.
 * - image: wasmScan's laid-out tables (bytes HDR.size .. the end of delta of its memory), copied
 *   only when a finished instance is not pooled: a copy made up front stayed alive through the
 *   whole scan of a large log, 1.3 MiB of its peak memory (issue #13) for the one scanner a CLI run makes.
 * - tries: the scanner's LiteralTails tries (plain, JSON): a tenth of a small anchor-mode read.
 * - plan: filterMaps' part that does not depend on the sample.
 */
interface Reusable {
  pooled?: WasmExports;
  image?: Uint8Array;
  tries?: [TailTries, TailTries];
  plan?: FilterPlan;
}
const reusables = new WeakMap<Compiled, Reusable>();
let tablesFresh = false;

/** c's reusable parts; undefined with fresh tables (every scanner makes its own, as before the reuse). */
function reusable(c: Compiled): Reusable | undefined {
  if (tablesFresh) return undefined;
  let r = reusables.get(c);
  if (!r) reusables.set(c, (r = {}));
  return r;
}

const POOL_MAX_BYTES = 16 * 1024 * 1024;
let instancesMade = 0;

/** Tests: WebAssembly instances made so far (a scanner that took a handed-back one made none). */
export function wasmInstancesMade(): number {
  return instancesMade;
}

function handBack(c: Compiled, w: WasmScan): void {
  const r = reusable(c);
  if (!r) return;
  if (w.mem.buffer.byteLength <= POOL_MAX_BYTES) r.pooled = w.exports;
  else r.image ??= new Uint8Array(w.mem.buffer).slice(HDR.size, w.tablesEnd);
}

/** The scanner's LiteralTails tries, shared per Compiled (undefined with fresh tables: its own). */
function sharedTries(c: Compiled): [TailTries, TailTries] | undefined {
  const r = reusable(c);
  return r && (r.tries ??= [new TailTries(c.a, c.keepPlain), new TailTries(c.a, c.keepJson)]);
}

/** Tests: lay out and narrow the tables (and make the filter plan, and the literal tries) in every new scanner (true), as before the copies. Returns the previous value. */
export function setFreshTables(fresh: boolean): boolean {
  const was = tablesFresh;
  tablesFresh = fresh;
  return was;
}

/** Bytes of one filter map: a bit per class triple. */
const filterMapBytes = (C: number): number => (C * C * C + 7) >> 3;

/** Sets triple t's bit in a filter map. */
const setBit = (m: Uint8Array, t: number): void => {
  m[t >> 3] = m[t >> 3]! | (1 << (t & 7));
};

/** Classes up to this many: the filter's maps (one bit per class triple) stay at most 256 KB each. */
const FILTER_MAX_CLASSES = 128;

/**
 * The sample's size: the maps are made from the first chunk, and again once this much was seen
 * (cold code at every large paste's set-up: with 64 KB, counting and making the maps took 32–58 ms of
 * CPU at load 20–38, with 16 KB 14–18 ms).
 */
const FILTER_SAMPLE = 16 * 1024;

/**
 * Counts the class triples of the input's first FILTER_SAMPLE bytes (also across chunks: the
 * first ones may be a few bytes) and (re)makes the filter's maps from them: on the first chunk,
 * and when the sample is complete (the counts are dropped then).
 */
function sampleFilter(c: Compiled, w: WasmScan, chunk: Uint8Array): void {
  const freq = w.freq!;
  const C = c.a.classes;
  const cls = c.a.cls;
  const first = w.sampled === 0;
  const end = Math.min(chunk.length, FILTER_SAMPLE - w.sampled);
  for (let i = 0, p1 = 0, p2 = 0; i < end; i++) {
    const x = cls[chunk[i]!]!;
    if (x === 1) {
      p1 = p2 = 0;
      continue;
    }
    const t = (p2 * C + p1) * C + x;
    if (freq[t] !== 255) freq[t] = freq[t]! + 1;
    p2 = p1;
    p1 = x;
  }
  w.sampled += end;
  const done = w.sampled >= FILTER_SAMPLE;
  if (!first && !done) return;
  const bytes = filterMapBytes(C);
  const [p, j] = w.maps!;
  // (filterMaps writes every byte of both maps.)
  filterMaps(c, freq, w.u8.subarray(p, p + bytes), w.u8.subarray(j, j + bytes));
  w.i32[HDR.filter >> 2] = 1;
  if (done) w.freq = null;
}

/**
 * The line filter's maps (issue #13), one per kind of line: a bit per triple of byte classes
 * (x * C + y) * C + z. Set: every triple ending in a control byte, and for each literal the
 * scanner could report on that kind of line one triple of its bytes — the rarest in the sample
 * (`freq`) — or, for a literal of one or two bytes, every triple ending in it. (Those literals: an anchor's for that kind, or a marker that makes that kind of line unsafe
 * or folding, as compile's live tables; what else a walk reports — a marker of the other kind —
 * changes nothing at the line: onLiteral sets nothing for it.) A line none of whose triples is set holds no such literal whole and no control byte, so the
 * scanner would do nothing at it but count it and remember it for context (a hit is a whole
 * literal: LiteralTails reports nothing for a prefix the table matched alone).
 */
function filterMaps(c: Compiled, freq: Uint8Array, plain: Uint8Array, json: Uint8Array): void {
  const r = reusable(c);
  const plan = r ? (r.plan ??= filterPlan(c)) : filterPlan(c);
  plain.set(plan.plain);
  json.set(plan.json);
  const { ids, kinds } = plan;
  const { bytes, cls } = c.a;
  const C = c.a.classes;
  for (let i = 0; i < ids.length; i++) {
    // The first rarest of the literal's triples, in order: a triple the sample never held is one
    // (most are, in a sample of 16 KB), so the walk mostly stops at the literal's first triple.
    const b = bytes[ids[i]!]!;
    let best = -1;
    let x = cls[b[0]!]!;
    let y = cls[b[1]!]!;
    for (let w = 2; w < b.length; w++) {
      const z = cls[b[w]!]!;
      const t = (x * C + y) * C + z;
      if (best < 0 || freq[t]! < freq[best]!) best = t;
      if (freq[best]! === 0) break;
      x = y;
      y = z;
    }
    if (kinds[i]! & 1) setBit(plain, best);
    if (kinds[i]! & 2) setBit(json, best);
  }
}

/**
 * What of filterMaps does not depend on the sample, per Compiled: the maps' bits set whatever the
 * sample (control bytes, literals of one or two bytes), and the longer literals the scanner could
 * report (ids), each with the kinds of line it is reported on (kinds: 1 plain, 2 JSON). Their
 * triples are read off their bytes by filterMaps, which mostly needs only the first: listing every
 * triple of ~5,000 literals here was ~9–12 ms of a large log's set-up (issue #13, notes/perf.md
 * Round 33e), loops the launcher's tier-up budgets keep in the interpreter.
 */
interface FilterPlan {
  plain: Uint8Array;
  json: Uint8Array;
  ids: Int32Array;
  kinds: Uint8Array;
}

function filterPlan(c: Compiled): FilterPlan {
  const { a } = c;
  const C = a.classes;
  const cls = a.cls;
  const bytes = filterMapBytes(C);
  const plain = new Uint8Array(bytes);
  const json = new Uint8Array(bytes);
  const ids = new Int32Array(c.ids.length);
  const kinds = new Uint8Array(c.ids.length);
  const never = neverReported(a);
  let n = 0;
  for (const m of [plain, json]) for (let xy = 0; xy < C * C; xy++) setBit(m, xy * C + 2);
  // Only the literals compile kept (any other one is in neither kind's tables: skipped below too).
  for (const id of c.ids) {
    const mk = c.marker[id]!;
    const inPlain = c.plainOf[id]!.length > 0 || (mk & (UNSAFE_PLAIN | FOLDS)) !== 0;
    const inJson = c.jsonOf[id]!.length > 0 || (mk & (UNSAFE_JSON | FOLDS)) !== 0;
    const b = a.bytes[id]!;
    if ((!inPlain && !inJson) || b.length === 0) continue;
    // (A literal with a newline or control byte is never reported.)
    if (never[id] === 1) continue;
    if (b.length >= 3) {
      ids[n] = id;
      kinds[n++] = (inPlain ? 1 : 0) | (inJson ? 2 : 0);
    } else {
      const tail = b.length === 2 ? cls[b[0]!]! * C + cls[b[1]!]! : cls[b[0]!]!;
      const span = b.length === 2 ? C : C * C;
      const step = b.length === 2 ? C * C : C;
      for (let x = 0; x < span; x++) {
        if (inPlain) setBit(plain, x * step + tail);
        if (inJson) setBit(json, x * step + tail);
      }
    }
  }
  return { plain, json, ids: ids.subarray(0, n), kinds: kinds.subarray(0, n) };
}

const neverOf = new WeakMap<Automaton, Uint8Array>();
/** Per byte: a newline or control byte, the bytes of classes 1 and 2 (buildAutomaton), the search's set below. */
const NEVER_BYTES = Array.from({ length: 256 }, (_, x) => x === 0x0a || (x < 32 && x !== 0x09 && x !== 0x0d) || x === 0x7f);

/**
 * Per literal id of `a`, 1 when the literal holds a newline or a control byte (class 1 or 2: it is
 * never reported), else 0; made once per automaton. An automaton read from a file has its literals'
 * bytes in one blob, searched natively for those bytes (as latin1 text: one character a byte; an
 * automaton whose classes 1 and 2 are other bytes than NEVER_BYTES is walked byte by byte); a
 * byte loop over the ~5,000 literals a large log's scanner keeps was 2–3 ms of its set-up, in the
 * interpreter (issue #13, notes/perf.md Round 33e). Exported for its test.
 */
export function neverReported(a: Automaton): Uint8Array {
  let never = neverOf.get(a);
  if (never) return never;
  const n = a.bytes.length;
  never = new Uint8Array(n);
  const { cls } = a;
  if (a.blob && NEVER_BYTES.every((nb, x) => nb === (cls[x] === 1 || cls[x] === 2))) {
    const { bytes, offsets } = a.blob;
    // (The blob is padded past the last literal: the text ends where it does.)
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, offsets[n]!).toString('latin1');
    const re = /[\x00-\x08\x0a-\x0c\x0e-\x1f\x7f]/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // The literal holding the byte: the first id whose end lies past it.
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (offsets[mid + 1]! > m.index) hi = mid;
        else lo = mid + 1;
      }
      never[lo] = 1;
      re.lastIndex = Math.max(offsets[lo + 1]!, m.index + 1);
    }
  } else {
    for (let id = 0; id < n; id++) {
      const b = a.bytes[id]!;
      for (let k = 0; k < b.length && never[id] === 0; k++) if (cls[b[k]!] === 1 || cls[b[k]!] === 2) never[id] = 1;
    }
  }
  neverOf.set(a, never);
  return never;
}

/**
 * Room for an n-byte chunk and its lists (8 bytes a listed byte at most; pages are only touched as
 * far as written), new views when the memory grew.
 */
function wasmRoom(w: WasmScan, n: number): void {
  const end = w.buf + ((n + 7) & ~7) + 8 * n;
  if (end <= w.mem.buffer.byteLength) return;
  w.mem.grow(Math.ceil((end - w.mem.buffer.byteLength) / PAGE));
  w.u8 = new Uint8Array(w.mem.buffer);
  w.i32 = new Int32Array(w.mem.buffer);
}

// ---------------------------------------------------------------- line scanner

const EMPTY = Buffer.alloc(0);
const NOT_KEPT = 0;
const DONE = 1;
const EXTRA = 2;

export class LineScanner {
  /** Physical lines completed so far. */
  lines = 0;
  /** Lines handed to the verifier (literal hit, unsafe bytes, or matchers without literals). */
  verified = 0;
  /** JSON lines with a literal hit that no hit matcher's cover could match (json-rule-out.ts): not verified. */
  ruledOut = 0;
  private readonly c: Compiled | null;
  private readonly plainTails: LiteralTails | undefined;
  private readonly jsonTails: LiteralTails | undefined;
  /** The WebAssembly loop (null: the JavaScript loop); handed back at finish(). */
  private w: WasmScan | null;
  private finished = false;
  private readonly matchers: ScanMatcher[];
  private readonly window: number;
  private readonly maxLine: number;
  private readonly onKeep: LineScannerOptions['onKeep'];
  // automaton state
  private s = 0;
  private modeKnown = false;
  private isJson = false;
  // current line
  private carry: Buffer[] = [];
  private carryLen = 0;
  private lineHasBytes = false;
  private hitStamp: Uint32Array;
  private stamp = 1;
  /** Per literal id: the stamp of the last JSON line it was found on (what JsonNeeds' keys ask). */
  private litStamp: Uint32Array;
  private readonly raw: RawLine | null;
  private readonly found = (id: number): boolean => this.litStamp[id] === this.stamp;
  private hits: number[] = [];
  /** scanText's UTF-8 bytes of the line it verifies. */
  private scratch: Buffer = Buffer.allocUnsafeSlow(0);
  /** Something on the current line needs a look at line end (hit, unsafe bytes, folding char). */
  private pending = false;
  /** A literal ran across chunks: the hits are re-checked on the whole line at its end. */
  private unsure = false;
  private unsafe = false;
  /**
   * A control byte (the automaton's ctrl class: normalizeLine's CONTROL_RE, ESC included) on the
   * current line. Every byte of a line the scanner decodes went through the automaton, or the
   * filter passed over the line, which it does only without one: without, normalizeLine skips its
   * ANSI and control-character passes (nothing for them to change; ~4 % of the 20,000-line paste).
   */
  private ctrl = false;
  private fold = false;
  // context
  private afterLeft = 0;
  private ringBuf: Buffer[];
  private ringStart: Int32Array;
  private ringEnd: Int32Array;
  private ringLine: Float64Array;
  /** NOT_KEPT, DONE (handed on), or EXTRA (to hand on, with ringPieces). */
  private ringDone: Uint8Array;
  private ringPieces: Array<string[] | undefined>;
  private ringPos = 0;

  constructor(opts: LineScannerOptions) {
    this.matchers = opts.matchers ?? [];
    this.c = opts.matchers ? compiled(opts.matchers) : null;
    if (this.c) {
      const tries = sharedTries(this.c);
      this.plainTails = new LiteralTails(this.c.a, this.c.keepPlain, true, true, tries?.[0]);
      this.jsonTails = new LiteralTails(this.c.a, this.c.keepJson, true, true, tries?.[1]);
    }
    this.window = opts.matchers ? Math.max(0, opts.window) : 0;
    const engine = opts.engine ?? defaultEngine;
    this.w = this.c && engine !== 'js' ? wasmScan(this.c, engine === 'wasm', this.window) : null;
    this.maxLine = opts.maxLineLength;
    this.onKeep = opts.onKeep;
    this.hitStamp = new Uint32Array(this.matchers.length);
    this.litStamp = new Uint32Array(this.c?.needs ? this.c.a.literals.length : 0);
    this.raw = this.c?.needs ? new RawLine() : null;
    const r = Math.max(1, this.window);
    this.ringBuf = new Array<Buffer>(r).fill(EMPTY);
    this.ringStart = new Int32Array(r);
    this.ringEnd = new Int32Array(r);
    this.ringLine = new Float64Array(r);
    this.ringDone = new Uint8Array(r).fill(DONE);
    this.ringPieces = new Array<string[] | undefined>(r).fill(undefined);
  }

  feed(buf: Buffer): void {
    if (this.finished) throw new Error('LineScanner: feed() after finish()');
    const n = buf.length;
    if (n === 0) return;
    if (!this.c) return this.feedKeepAll(buf);
    if (this.w) {
      for (let at = 0; at < n; at += WASM_CHUNK) this.feedWasm(n > WASM_CHUNK ? buf.subarray(at, at + WASM_CHUNK) : buf, this.w);
      return;
    }
    const { a, livePlain, liveJson, next } = this.c;
    const { delta, cls, special, nl, ctrl, classes } = a;
    const alwaysPlain = this.c.alwaysPlain.length > 0;
    const alwaysJson = this.c.alwaysJson.length > 0;
    const W = this.window;
    let lineStart = 0;
    if (!this.modeKnown) this.pickMode(buf[0]!);
    let isJson = this.isJson;
    let live = isJson ? liveJson : livePlain;
    let s = this.s;
    for (let i = 0; i < n; i++) {
      s = delta[s + cls[buf[i]!]!]!;
      if (s < special) continue;
      if (s !== nl) {
        if (s === ctrl) this.pending = this.unsafe = this.ctrl = true;
        else {
          const k = ((s - special) / classes) | 0;
          const g = live[k]!;
          if (g === 0) continue;
          if (g > 0 && i + 2 < n) {
            const h = pairHash(FOLD[buf[i + 1]!]!, FOLD[buf[i + 2]!]!);
            if ((next[(g - 1) * NEXT_WORDS + (h >>> 5)]! & (1 << (h & 31))) === 0) continue;
          }
          this.output(k, isJson, buf, i + 1, lineStart, n);
        }
        continue;
      }
      // End of a line. The common case — nothing found, nothing to keep — stays inline.
      if (this.pending || this.afterLeft > 0 || this.carryLen > 0 || (isJson ? alwaysJson : alwaysPlain)) {
        this.isJson = isJson;
        this.endLine(buf, lineStart, i);
      } else {
        const ln = ++this.lines;
        if (W > 0) {
          const k = this.ringPos;
          this.ringPos = k + 1 === W ? 0 : k + 1;
          if (this.ringDone[k] === EXTRA) this.flushExtra(k);
          this.ringBuf[k] = buf;
          this.ringStart[k] = lineStart;
          this.ringEnd[k] = i;
          this.ringLine[k] = ln;
          this.ringDone[k] = 0;
        }
      }
      lineStart = i + 1;
      s = 0;
      if (lineStart < n) {
        const b = buf[lineStart]!;
        isJson = b === 0x7b || b === 0x20 || b === 0x09 || b === 0x0d || b >= 0x80;
        live = isJson ? liveJson : livePlain;
      } else this.modeKnown = false;
    }
    this.s = s;
    this.isJson = isJson;
    if (lineStart < n) this.addCarry(buf, lineStart, n);
  }

  /** feed with the byte loop in WebAssembly: at each listed byte, what feed's loop does there. */
  private feedWasm(buf: Buffer, w: WasmScan): void {
    const n = buf.length;
    const c = this.c!;
    wasmRoom(w, n);
    if (w.freq) sampleFilter(c, w, buf);
    w.u8.set(buf, w.buf);
    // The list's states are state numbers (see wasmScan), reporting state k is special + k.
    const { classes } = c.a;
    const special = c.a.special / classes;
    const nl = c.a.nl / classes;
    const ctrl = c.a.ctrl / classes;
    const alwaysPlain = c.alwaysPlain.length > 0;
    const alwaysJson = c.alwaysJson.length > 0;
    if (!this.modeKnown) this.pickMode(buf[0]!);
    const hd = w.i32;
    const list = w.buf + ((n + 7) & ~7);
    hd[HDR.state >> 2] = this.s / classes;
    hd[HDR.isJson >> 2] = this.isJson ? 1 : 0;
    hd[HDR.list >> 2] = list;
    hd[HDR.passed >> 2] = 0;
    w.scan(n);
    this.skipped += hd[HDR.passed >> 2]!;
    const at = list >> 2;
    const atEnd = at + 2 * hd[HDR.count >> 2]!;
    let isJson = this.isJson;
    let lineStart = 0;
    for (let q = at; q < atEnd; q += 2) {
      const i = hd[q]!;
      const s = hd[q + 1]!;
      if (s === ctrl) this.pending = this.unsafe = this.ctrl = true;
      else if (s !== nl && s >= 0) this.output(s - special, isJson, buf, i + 1, lineStart, n);
      else {
        if (s < 0) this.skipLines(buf, lineStart, -s);
        else if (this.pending || this.afterLeft > 0 || this.carryLen > 0 || (isJson ? alwaysJson : alwaysPlain)) {
          this.isJson = isJson;
          this.endLine(buf, lineStart, i);
        } else this.remember(++this.lines, buf, lineStart, i, NOT_KEPT);
        lineStart = i + 1;
        if (lineStart < n) isJson = jsonish(buf[lineStart]!);
        else this.modeKnown = false;
      }
    }
    this.s = hd[HDR.state >> 2]! * classes;
    this.isJson = isJson;
    if (lineStart < n) this.addCarry(buf, lineStart, n);
  }

  /** Lines the WebAssembly loop's filter passed over (see filterMaps). */
  skipped = 0;

  /**
   * m lines from buf[from] on that the filter passed over (each holds no literal the scanner reports and
   * no control byte, and none is a chunk's first line), not the last `window` of a run of such
   * lines (those are listed as line ends). What their line ends do: those in an after-window are
   * kept as context (endLine); the others are counted, and push out of the ring what it held
   * (handing on its waiting extra lines in order): the `window` lines listed after them refill it.
   */
  private skipLines(buf: Buffer, from: number, m: number): void {
    while (this.afterLeft > 0 && m > 0) {
      const e = buf.indexOf(0x0a, from);
      this.isJson = jsonish(buf[from]!);
      this.endLine(buf, from, e);
      from = e + 1;
      m--;
    }
    const W = this.window;
    if (m === 0 || W === 0) {
      this.lines += m;
      return;
    }
    for (let j = 0; j < Math.min(m, W); j++) {
      const k = (this.ringPos + j) % W;
      if (this.ringDone[k] === EXTRA) this.flushExtra(k);
      this.ringDone[k] = NOT_KEPT;
    }
    this.ringPos = (this.ringPos + m) % W;
    this.lines += m;
  }

  /**
   * The caller is about to overwrite `buf` (a chunk it fed earlier): copy what the scanner still
   * refers to (recent lines kept for context, the start of the current line).
   */
  release(buf: Buffer): void {
    const ab = buf.buffer;
    for (let k = 0; k < this.ringBuf.length; k++) {
      const b = this.ringBuf[k]!;
      if (b.buffer !== ab) continue;
      if (this.ringDone[k] === DONE) this.ringBuf[k] = EMPTY;
      else {
        this.ringBuf[k] = Buffer.from(b.subarray(this.ringStart[k], this.ringEnd[k]));
        this.ringStart[k] = 0;
        this.ringEnd[k] = this.ringBuf[k]!.length;
      }
    }
    this.carry = this.carry.map((c) => (c.buffer === ab ? Buffer.from(c) : c));
  }

  /** Call once at the end of input: completes an unterminated last line. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.lineHasBytes) this.endLine(EMPTY, 0, 0);
    this.flushRing();
    if (this.w) handBack(this.c!, this.w);
    this.w = null;
  }

  private pickMode(first: number): void {
    this.isJson = jsonish(first);
    this.s = 0;
    this.modeKnown = true;
  }

  /** Literals of reporting state k ending at buf[end - 1], on a line starting at lo. */
  private output(k: number, isJson: boolean, buf: Buffer, end: number, lo: number, hi: number): void {
    this.outJson = isJson;
    // Once per literal and line (this.stamp): a second sighting changes nothing — its matchers are
    // stamped already, and a literal first seen across chunks (2) has set `unsure` (recheck).
    (isJson ? this.jsonTails! : this.plainTails!).each(k, buf, end, lo, hi, this.onLiteral, this.stamp);
  }

  private outJson = false;
  /** A literal output() found (there: 1) or could not tell because it runs into another chunk (2). */
  private readonly onLiteral = (id: number, there: 1 | 2): void => {
    const isJson = this.outJson;
    const mk = this.c!.marker[id]!;
    if (there === 2) this.unsure = true;
    if (isJson && this.raw) this.litStamp[id] = this.stamp;
    for (const o of (isJson ? this.c!.jsonOf : this.c!.plainOf)[id]!) {
      this.pending = true;
      if (this.hitStamp[o] !== this.stamp) {
        this.hitStamp[o] = this.stamp;
        this.hits.push(o);
      }
    }
    if (mk & (isJson ? UNSAFE_JSON : UNSAFE_PLAIN)) this.pending = this.unsafe = true;
    if (mk & FOLDS) this.pending = this.fold = true;
  };

  private feedKeepAll(buf: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl === -1) break;
      this.endLine(buf, start, nl);
      start = nl + 1;
    }
    if (start < buf.length) this.addCarry(buf, start, buf.length);
  }

  private addCarry(buf: Buffer, start: number, end: number): void {
    this.lineHasBytes = true;
    // A few bytes past the cut, so cutWhole can see whether the cut splits a character.
    const room = this.maxLine + 4 - this.carryLen;
    if (room <= 0) return;
    const piece = buf.subarray(start, Math.min(end, start + room));
    this.carry.push(piece);
    this.carryLen += piece.length;
  }

  /** Lines longer than maxLineLength that were matched on their first maxLineLength bytes only. */
  cutLines = 0;
  /** The first few of them (line numbers), for the report. */
  cutLineNumbers: number[] = [];
  private lastCut = 0;

  /** The line's bytes, cut to maxLineLength (on a character boundary); a cut is counted. */
  private lineBytes(buf: Buffer, start: number, end: number): Buffer {
    if (this.carryLen + (end - start) > this.maxLine && this.lastCut !== this.lines) {
      this.lastCut = this.lines;
      this.cutLines++;
      if (this.cutLineNumbers.length < 5) this.cutLineNumbers.push(this.lines);
    }
    if (this.carryLen === 0) return cutWhole(buf.subarray(start, end), this.maxLine);
    const room = Math.max(0, this.maxLine + 4 - this.carryLen);
    return cutWhole(Buffer.concat([...this.carry, buf.subarray(start, Math.min(end, start + room))]), this.maxLine);
  }

  private endLine(buf: Buffer, start: number, end: number): void {
    const ln = ++this.lines;
    if (!this.c) {
      const pieces = normalizeLine(this.lineBytes(buf, start, end).toString('utf8'));
      this.resetLine();
      if (pieces.length) this.onKeep(ln, pieces, 'all');
      return;
    }
    let pieces: string[] | null = null;
    let bytes: Buffer | null = null;
    if (this.unsure) {
      bytes = this.lineBytes(buf, start, end);
      this.recheck(bytes);
    }
    const candidate = this.hits.length > 0 || this.unsafe || this.fold || (this.isJson ? this.c.alwaysJson : this.c.alwaysPlain).length > 0;
    if (candidate) bytes ??= this.lineBytes(buf, start, end);
    if (bytes !== null && candidate && this.stillHit(bytes)) {
      this.verified++;
      pieces = normalizeLine(bytes.toString('utf8'), !this.ctrl);
      const verdict = this.verify(pieces);
      if (verdict === 2) {
        this.emitBefore(ln);
        this.afterLeft = this.window;
        this.remember(ln, bytes, 0, bytes.length, DONE);
        this.resetLine();
        this.onKeep(ln, pieces, 'anchor');
        return;
      }
      if (verdict === 1) {
        // Kept, but without context. Inside an after-window it goes out now; otherwise it waits
        // in the ring, so that a later anchor's before-window still comes out in line order.
        const now = this.afterLeft > 0 || this.window === 0;
        if (this.afterLeft > 0) this.afterLeft--;
        this.remember(ln, bytes, 0, bytes.length, now ? DONE : EXTRA, pieces);
        this.resetLine();
        if (now) this.onKeep(ln, pieces, 'extra');
        return;
      }
    }
    if (this.afterLeft > 0) {
      this.afterLeft--;
      bytes ??= this.lineBytes(buf, start, end);
      pieces ??= normalizeLine(bytes.toString('utf8'), !this.ctrl);
      this.remember(ln, bytes, 0, bytes.length, DONE);
      this.resetLine();
      if (pieces.length) this.onKeep(ln, pieces, 'context');
      return;
    }
    if (this.window > 0) {
      if (bytes) this.remember(ln, bytes, 0, bytes.length, NOT_KEPT);
      else if (this.carryLen > 0) {
        const b = this.lineBytes(buf, start, end);
        this.remember(ln, b, 0, b.length, NOT_KEPT);
      } else this.remember(ln, buf, start, end, NOT_KEPT);
    }
    this.resetLine();
  }

  /**
   * false when the line is a JSON one whose hits json-rule-out.ts rules out on its raw bytes (they
   * are dropped from this.hits: the verifier tests the others). Only a line with nothing else to
   * verify for: no unsafe bytes (control, `\u`, `\/`), no folding character, no matcher without
   * literals.
   */
  private stillHit(bytes: Buffer): boolean {
    const c = this.c!;
    if (!this.isJson || !this.raw || this.unsafe || this.fold || c.alwaysJson.length > 0 || this.hits.length === 0) return true;
    this.raw.set(bytes);
    const kept = this.hits.filter((m) => this.raw!.possible(c.needs!, m, this.found));
    if (kept.length < this.hits.length) this.hits = kept;
    if (kept.length > 0) return true;
    this.ruledOut++;
    return false;
  }

  /** The line's hits found again on its whole bytes (one chunk now: every check decides). */
  private recheck(bytes: Buffer): void {
    const { a } = this.c!;
    const live = this.isJson ? this.c!.liveJson : this.c!.livePlain;
    if (this.hits.length) this.hits = [];
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    this.unsafe = this.fold = this.unsure = this.ctrl = false;
    let s = 0;
    for (let i = 0; i < bytes.length; i++) {
      s = a.delta[s + a.cls[bytes[i]!]!]!;
      if (s < a.special || s === a.nl) continue;
      if (s === a.ctrl) this.unsafe = this.ctrl = true;
      else {
        const k = ((s - a.special) / a.classes) | 0;
        if (live[k] !== 0) this.output(k, this.isJson, bytes, i + 1, 0, bytes.length);
      }
    }
  }

  private resetLine(): void {
    this.unsure = false;
    if (this.carryLen > 0 || this.carry.length) {
      this.carry = [];
      this.carryLen = 0;
    }
    this.lineHasBytes = false;
    if (this.hits.length) this.hits = [];
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    this.pending = false;
    this.unsafe = false;
    this.ctrl = false;
    this.fold = false;
  }

  /** 0: no matcher holds on the line; 1: only matchers without context; 2: a context anchor. */
  private verify(pieces: string[]): number {
    const c = this.c!;
    let ids: number[];
    if (this.unsafe) {
      // Normalisation rewrote the line: find candidates in the text the engine will see.
      const set = new Set<number>(c.alwaysPlain);
      for (const p of pieces) this.scanText(p, set);
      ids = [...set];
    } else {
      ids = this.hits;
      const always = this.isJson ? c.alwaysJson : c.alwaysPlain;
      if (always.length || this.fold) ids = [...new Set([...ids, ...always, ...(this.fold ? c.folding : [])])];
    }
    let verdict = 0;
    for (const id of ids) {
      const m = this.matchers[id]!;
      if (verdict >= (m.context ? 2 : 1)) continue;
      if (pieces.some((p) => m.test(p))) {
        verdict = m.context ? 2 : 1;
        if (verdict === 2) break;
      }
    }
    return verdict;
  }

  /** The matchers whose plain-line literals the (normalised) text holds. */
  private scanText(text: string, into: Set<number>): void {
    const { a, plainOf, marker, folding } = this.c!;
    // Encoded into one scratch buffer that grows to the longest line (a UTF-16 unit is ≤ 3 UTF-8
    // bytes; doubling, so up to ~384 KiB at the 64 KiB line limit): a Buffer per verified line was
    // that line's size in ArrayBuffer garbage, ~22 MB on a 20 MB log of 8 KB lines. Less garbage,
    // same peak RSS: the peak is set later, in the evaluation (notes/perf.md Rounds 28f, 28m).
    if (this.scratch.length < text.length * 3) this.scratch = Buffer.allocUnsafeSlow(Math.max(text.length * 3, 2 * this.scratch.length));
    const bytes = this.scratch;
    // `n`, not bytes.length: a stale tail could only add candidates, each rechecked by its matcher's
    // test on the piece, never a verdict — so no test can tell them apart.
    const n = bytes.write(text, 0, 'utf8');
    let s = 0;
    for (let i = 0; i < n; i++) {
      s = a.delta[s + a.cls[bytes[i]!]!]!;
      if (s < a.special || s === a.nl || s === a.ctrl) continue;
      const k = ((s - a.special) / a.classes) | 0;
      for (let j = a.outStart[k]!; j < a.outStart[k + 1]!; j++) {
        const id = a.outIds[j]!;
        if ((plainOf[id]!.length === 0 && !(marker[id]! & FOLDS)) || !literalAt(a, id, bytes, i + 1, 0, n)) continue;
        for (const o of plainOf[id]!) into.add(o);
        if (marker[id]! & FOLDS) for (const f of folding) into.add(f);
      }
    }
  }

  private remember(ln: number, buf: Buffer, start: number, end: number, state: number, pieces?: string[]): void {
    if (this.window === 0) return;
    const k = this.ringPos;
    this.ringPos = k + 1 === this.window ? 0 : k + 1;
    if (this.ringDone[k] === EXTRA) this.flushExtra(k); // a pending extra line leaves the ring
    this.ringBuf[k] = buf;
    this.ringStart[k] = start;
    this.ringEnd[k] = end;
    this.ringLine[k] = ln;
    this.ringDone[k] = state;
    if (pieces) this.ringPieces[k] = pieces;
  }

  private flushExtra(k: number): void {
    this.ringDone[k] = DONE;
    const pieces = this.ringPieces[k]!;
    this.ringPieces[k] = undefined;
    this.onKeep(this.ringLine[k]!, pieces, 'extra');
  }

  private emitBefore(ln: number): void {
    // The ring holds the `window` lines before this one, oldest at ringPos.
    for (let j = 0; j < this.window; j++) {
      const k = (this.ringPos + j) % this.window;
      const state = this.ringDone[k]!;
      if (state === DONE) continue;
      if (state === EXTRA) {
        this.flushExtra(k);
        continue;
      }
      const l = this.ringLine[k]!;
      if (l < ln - this.window || l >= ln) continue;
      this.ringDone[k] = DONE;
      const b = cutWhole(this.ringBuf[k]!.subarray(this.ringStart[k], this.ringEnd[k]), this.maxLine);
      const pieces = normalizeLine(b.toString('utf8'));
      if (pieces.length) this.onKeep(l, pieces, 'context');
    }
  }

  /** Extra lines still waiting in the ring (end of input). */
  private flushRing(): void {
    for (let j = 0; j < this.window; j++) {
      const k = (this.ringPos + j) % this.window;
      if (this.ringDone[k] === EXTRA) this.flushExtra(k);
    }
  }
}

/** Cut to at most max bytes without splitting a UTF-8 sequence. */
export function cutWhole(b: Buffer, max: number): Buffer {
  if (b.length <= max) return b;
  let end = max;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  return b.subarray(0, end);
}

/** The sample the literal rates are measured on: the input's first 256 KB. */
const SAMPLE_BYTES = 256 * 1024;

/**
 * For each literal, the share of `sample`'s lines (of that kind: plain or JSON-shaped) that contain
 * it, as the scanner would see it. Lets the anchors be chosen by how rare they are in THIS input.
 * The built-in automaton when it has every literal (no table built per run).
 */
export function literalRates(sample: Buffer[], plain: string[], json: string[], maxBytes = SAMPLE_BYTES): (literal: string, isJson: boolean) => number {
  let a: Automaton;
  let index: Map<string, number>;
  const builtin = builtinAutomaton();
  if (builtin && plain.every((l) => builtin.index.has(l)) && json.every((l) => builtin.index.has(l))) ({ automaton: a, index } = builtin);
  else {
    a = buildAutomaton([...new Set([...plain, ...json])]);
    index = new Map(a.literals.map((l, i) => [l, i]));
  }
  const { plain: p, json: j, lines } = literalCounts(sample, a, maxBytes);
  const total = Math.max(1, lines);
  return (literal, isJson) => {
    const id = index.get(literal);
    return id === undefined ? 0 : (isJson ? j : p)[id]! / total;
  };
}

/**
 * Per literal id of `a`: how many of the sample's plain and JSON-shaped lines contain it. The loop
 * over a line's bytes is a small function of its own, the reporting states' checks another: as one
 * function (checks and masks inlined) V8 compiled it up to four times on a huge log's first run,
 * deoptimising in between — ~20 ms of compile and interpreter time for a 256 KB sample.
 */
export function literalCounts(sample: Buffer[], a: Automaton, maxBytes = SAMPLE_BYTES): { plain: Float64Array; json: Float64Array; lines: number } {
  return wasmCounts(sample, a, maxBytes) ?? literalCountsJs(sample, a, maxBytes);
}

/** literalCounts' JavaScript loop (no WebAssembly; and the reference its module is tested against). */
export function literalCountsJs(sample: Buffer[], a: Automaton, maxBytes = SAMPLE_BYTES): { plain: Float64Array; json: Float64Array; lines: number } {
  const n = a.literals.length;
  const counts = [new Float64Array(n), new Float64Array(n)] as const;
  const stamps = [new Uint32Array(n), new Uint32Array(n)] as const;
  let lines = 0;
  let room = maxBytes;
  for (const whole of sample) {
    if (room <= 0) break;
    const buf = whole.length > room ? whole.subarray(0, room) : whole;
    room -= buf.length;
    let start = 0;
    while (start < buf.length) {
      let end = buf.indexOf(0x0a, start);
      if (end === -1) end = buf.length;
      lines++;
      if (end > start) {
        const kind = jsonish(buf[start]!) ? 1 : 0;
        countLine(a, counts[kind], stamps[kind], lines, buf, start, end);
      }
      start = end + 1;
    }
  }
  return { plain: counts[0], json: counts[1], lines };
}

/**
 * literalCounts in the scanner's WebAssembly module (its `count`: the same loop as countLine,
 * countState and countMasked; issue #13): the automaton's tables copied as they are into a counting
 * instance's memory, each sample piece after them in turn. In JavaScript this was a cold loop over
 * the sample's bytes and its ~380,000 reporting-state checks at every large log's set-up (30–45 ms
 * CPU). undefined without WebAssembly.
 */
export function wasmCounts(sample: Buffer[], a: Automaton, maxBytes: number): { plain: Float64Array; json: Float64Array; lines: number } | undefined {
  const module = scanModule();
  if (!module) return undefined;
  const n = a.literals.length;
  const C = a.classes;
  const masks = a.masks ?? NO_MASKS;
  let blob = a.blob;
  if (!blob) {
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + a.bytes[i]!.length;
    const bytes = new Uint8Array(offsets[n]!);
    for (let i = 0; i < n; i++) bytes.set(a.bytes[i]!, offsets[i]!);
    blob = { bytes, offsets };
  }
  // The pieces as literalCounts takes them: cut to maxBytes in all.
  const pieces: Buffer[] = [];
  let room = maxBytes;
  for (const whole of sample) {
    if (room <= 0) break;
    const buf = whole.length > room ? whole.subarray(0, room) : whole;
    room -= buf.length;
    pieces.push(buf);
  }
  let at = CH.size;
  const place = (bytes: number): number => {
    const p = at;
    at += (bytes + 7) & ~7;
    return p;
  };
  const hits = place(4 * 128);
  const cls = place(256);
  const one = place(4 * 256);
  const two = place(4 * masks.two.length);
  const delta = place(4 * a.delta.length);
  const outStart = place(4 * a.outStart.length);
  const outIds = place(4 * a.outIds.length);
  const offsets = place(4 * (n + 1));
  const prefixLen = place(4 * n);
  const bytes = place(blob.bytes.length);
  const loose = place(n);
  const cnt = place(8 * n);
  const stamp = place(8 * n);
  let longest = 0;
  for (const p of pieces) longest = Math.max(longest, p.length);
  const buf = place(longest + 8); // + the byte the line-end loop reads past a piece's end
  const exports = new WebAssembly.Instance(module, {}).exports as WasmExports;
  const mem = exports.mem;
  mem.grow(Math.ceil(at / PAGE) - mem.buffer.byteLength / PAGE);
  const u8 = new Uint8Array(mem.buffer);
  const i32 = new Int32Array(mem.buffer);
  const put = (addr: number, arr: Int32Array) => i32.set(arr, addr >> 2);
  const h = (field: keyof typeof CH, v: number) => (i32[CH[field] >> 2] = v);
  u8.set(a.cls, cls);
  put(one, masks.one);
  put(two, masks.two);
  put(delta, a.delta);
  put(outStart, a.outStart);
  put(outIds, a.outIds);
  put(offsets, blob.offsets.subarray(0, n + 1));
  put(prefixLen, a.prefixLen);
  u8.set(blob.bytes, bytes);
  u8.set(a.loose.subarray(0, n), loose);
  h('special', a.special);
  h('nl', a.nl);
  h('ctrl', a.ctrl);
  h('classes', C);
  h('cls', cls);
  h('delta', delta);
  h('outStart', outStart);
  h('outIds', outIds);
  h('offsets', offsets);
  h('prefixLen', prefixLen);
  h('blob', bytes);
  h('loose', loose);
  h('one', one);
  h('two', two);
  h('pairs', masks.two.length > 0 ? 1 : 0);
  h('cnt', cnt);
  h('stamp', stamp);
  h('nLit', n);
  h('hits', hits);
  let lines = 0;
  for (const p of pieces) {
    u8.set(p, buf);
    lines = exports.count(buf, p.length, lines);
  }
  const plain = new Float64Array(n);
  const json = new Float64Array(n);
  plain.set(i32.subarray(cnt >> 2, (cnt >> 2) + n));
  json.set(i32.subarray((cnt >> 2) + n, (cnt >> 2) + 2 * n));
  const counts = [plain, json] as const;
  for (let kind = 0; kind < 2; kind++) {
    const k0 = (hits >> 2) + 64 * kind;
    const c = counts[kind]!;
    for (let k = 0; k < masks.oneIds.length; k++) c[masks.oneIds[k]!] = c[masks.oneIds[k]!]! + i32[k0 + k]!;
    for (let k = 0; k < masks.twoIds.length; k++) c[masks.twoIds[k]!] = c[masks.twoIds[k]!]! + i32[k0 + 32 + k]!;
  }
  return { plain, json, lines };
}

const NO_MASKS: Masks = { one: new Int32Array(256), two: new Int32Array(0), oneIds: [], twoIds: [] };

/** Counts the literals of line buf[start, end) (number `line`) once each. */
function countLine(a: Automaton, cnt: Float64Array, stamp: Uint32Array, line: number, buf: Buffer, start: number, end: number): void {
  const { delta, cls, special, nl, ctrl, classes } = a;
  const masks = a.masks ?? NO_MASKS;
  const { one, two } = masks;
  const pairs = two.length > 0;
  let s = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = start, pc = 0; i < end; i++) {
    const b = buf[i]!;
    const c = cls[b]!;
    m1 |= one[b]!;
    if (pairs) {
      m2 |= two[pc + c]!;
      pc = c * classes;
    }
    s = delta[s + c]!;
    if (s < special || s === nl || s === ctrl) continue;
    countState(a, cnt, stamp, line, ((s - special) / classes) | 0, buf, i + 1, start, end);
  }
  if ((m1 | m2) !== 0) countMasked(masks, cnt, m1, m2);
}

/** The literals reporting state k stands for, checked whole (literalAt), each once per line. */
function countState(a: Automaton, cnt: Float64Array, stamp: Uint32Array, line: number, k: number, buf: Buffer, at: number, start: number, end: number): void {
  const { outStart, outIds } = a;
  for (let j = outStart[k]!; j < outStart[k + 1]!; j++) {
    const id = outIds[j]!;
    if (stamp[id] !== line && literalAt(a, id, buf, at, start, end)) {
      stamp[id] = line;
      cnt[id]!++;
    }
  }
}

/** eachMasked without a callback. */
function countMasked(m: Masks, cnt: Float64Array, m1: number, m2: number): void {
  for (let k = 0; m1 !== 0; k++, m1 >>>= 1) if (m1 & 1) cnt[m.oneIds[k]!]!++;
  for (let k = 0; m2 !== 0; k++, m2 >>>= 1) if (m2 & 1) cnt[m.twoIds[k]!]!++;
}
