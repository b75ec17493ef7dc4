// The paste scanner's byte loop as a WebAssembly module (issue #13), emitted by hand: two small
// functions, no toolchain. scripts/scan-wasm.mjs writes its bytes (base64) into
// src/collectors/paste/scan-wasm.generated.ts; test/paste/scan-wasm.test.ts fails when they drift.
//
// scan(n) runs the literal automaton (src/shared/literals/automaton.ts: next = delta[s + cls[b]])
// over a chunk of n bytes in linear memory, its table as 16-bit state numbers (state / classes:
// 0.6 MB instead of 1.2 MB; states, special, nl and ctrl are numbers here, not multiples of
// classes), and lists what JavaScript must see, in order, as (byte index, state) pairs: every
// line end (state nl), every control byte (ctrl), and every reporting state that matters on the
// line's kind (`live`) and whose two-byte gate passes (LineScanner.feed's `next`). It keeps no state of the scanner's: LineScanner.feedWasm walks the
// list and does what the JavaScript loop does at those bytes.
//
// With the filter on (`filter`), scan(n) runs the automaton only on the chunk's first and last
// lines and on the lines the filter stops in (see filterLoop).
//
// (Tried: scanning the chunk as two streams at once, the second from a line start past the middle,
// in case the chain of dependent table loads was the limit: no change, dropped.)

/** Header fields (byte offsets of i32 slots at address 0). */
export const HDR = {
  state: 0, // in: the state at the chunk's start; out: at its end
  isJson: 4, // in: the kind of the chunk's first line
  count: 8, // out: pairs listed
  special: 20,
  nl: 24,
  ctrl: 28,
  classes: 32,
  cls: 36, // addresses of the tables
  fold: 40,
  livePlain: 44,
  liveJson: 48,
  next: 52,
  buf: 56, // the chunk
  delta: 60,
  list: 64, // the list of (index, state) pairs
  filter: 68, // 1: pass over lines the filter rules out (see filterLoop); 0: every byte through the automaton
  mapPlain: 72, // the filter's bit maps of class triples, per kind of line
  mapJson: 76,
  window: 80, // LineScanner's window: the last this many lines passed over are listed one by one
  ends: 84, // a ring of the filter's last line ends (i32; its size a power of two over window)
  endsMask: 88,
  passed: 92, // out: lines the filter passed over (listed or not)
  size: 128,
};

const I32 = 0x7f;
const uleb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n) => {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
const name = (s) => vec([...Buffer.from(s, 'utf8')].map((b) => [b]));

// Instructions.
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (d) => [0x0c, ...uleb(d)],
  brIf: (d) => [0x0d, ...uleb(d)],
  get: (l) => [0x20, ...uleb(l)],
  set: (l) => [0x21, ...uleb(l)],
  tee: (l) => [0x22, ...uleb(l)],
  load: (off = 0) => [0x28, 2, ...uleb(off)],
  load8: (off = 0) => [0x2d, 0, ...uleb(off)],
  load16: (off = 0) => [0x2f, 1, ...uleb(off)],
  store: (off = 0) => [0x36, 2, ...uleb(off)],
  store16: (off = 0) => [0x3b, 1, ...uleb(off)],
  const: (v) => [0x41, ...sleb(v)],
  eqz: [0x45],
  eq: [0x46],
  ne: [0x47],
  ltS: [0x48],
  ltU: [0x49],
  gtS: [0x4a],
  gtU: [0x4b],
  geU: [0x4f],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  divU: [0x6e],
  and: [0x71],
  or: [0x72],
  shl: [0x74],
  shrU: [0x76],
  select: [0x1b],
};

// Locals: the parameter, then the rest (all i32).
const L = {};
['n', 'special', 'nl', 'ctrl', 'classes', 'cls', 'fold', 'livePlain', 'liveJson', 'next', 'buf', 'delta', 'j', 'g', 'h', 'b', 'i', 's', 'isJson', 'live', 'ev', 'filter', 'mapPlain', 'mapJson', 'count', 'lastNl', 'p1', 'p2', 'map', 'c', 'window', 'ends', 'endsMask', 'r'].forEach((k, x) => (L[k] = x));
const PARAMS = 1;
const LOCALS = Object.keys(L).length - PARAMS;

const hdr = (field) => [...op.const(0), ...op.load(HDR[field])];
const set = (local, ...expr) => [...expr.flat(), ...op.set(L[local])];
const get = (local) => op.get(L[local]);
const byteAt = (...addr) => [...addr.flat(), ...op.load8()];
/** The kind of the line starting at byte `at` of the chunk (jsonish: '{', space, tab, CR, >= 0x80) and its live table. */
/** 1 when byte `b` (an instruction that pushes it) starts a JSON-shaped line (jsonish: '{', space, tab, CR, >= 0x80). */
const jsonish = (b) => [
  ...b, ...op.const(0x7b), ...op.eq,
  ...b, ...op.const(0x20), ...op.eq, ...op.or,
  ...b, ...op.const(0x09), ...op.eq, ...op.or,
  ...b, ...op.const(0x0d), ...op.eq, ...op.or,
  ...b, ...op.const(0x80), ...op.geU, ...op.or,
];
const lineKind = (at) => [
  ...set('b', byteAt(get('buf'), at, op.add)),
  ...set('isJson', jsonish(get('b'))),
  ...set('live', get('liveJson'), get('livePlain'), get('isJson'), op.select),
];
/** Appends (j, s) to the list. */
const list = () => [
  ...get('ev'), ...get('j'), ...op.store(0),
  ...get('ev'), ...get('s'), ...op.store(4),
  ...set('ev', get('ev'), op.const(8), op.add),
];

/** One byte: only ifs, no branches. */
function step() {
  const [i, st] = ['i', 's'];
  return [
    ...set(st, get('delta'), get(st), get('classes'), op.mul, byteAt(get('cls'), byteAt(get('buf'), get(i), op.add), op.add), op.add, op.const(1), op.shl, op.add, op.load16()),
    ...set('j', get(i)),
    ...set(i, get(i), op.const(1), op.add),
    ...get(st), ...get('special'), ...op.geU, ...op.if,
    // line end: listed, root state, the next line's kind
    ...get(st), ...get('nl'), ...op.eq, ...op.if,
    ...list(),
    ...set(st, op.const(0)),
    ...get(i), ...get('n'), ...op.ltU, ...op.if, ...lineKind(get(i)), ...op.end,
    // a line done: on to the filter (when on), from the next line's start (blocks: if nl, if special, loop, block)
    ...get('filter'), ...op.brIf(3),
    ...op.else,
    // control byte: listed
    ...get(st), ...get('ctrl'), ...op.eq, ...op.if,
    ...list(),
    ...op.else,
    // reporting state k = s - special: g = live[k]; 0 = nothing on this kind of line
    ...set('g', get('live'), get(st), get('special'), op.sub, op.const(2), op.shl, op.add, op.load()),
    ...get('g'), ...op.if,
    // g > 0 with two bytes left in the chunk: listed only if the pair may continue a literal (row g - 1 of next)
    ...get('g'), ...op.const(0), ...op.gtS,
    ...get('j'), ...op.const(2), ...op.add, ...get('n'), ...op.ltU, ...op.and,
    ...op.if,
    ...set('h',
      byteAt(get('fold'), byteAt(get('buf'), get('j'), op.add, op.const(1), op.add), op.add), op.const(61), op.mul,
      byteAt(get('fold'), byteAt(get('buf'), get('j'), op.add, op.const(2), op.add), op.add), op.add,
      op.const(2047), op.and),
    ...get('next'), ...get('g'), ...op.const(1), ...op.sub, ...op.const(64), ...op.mul, ...get('h'), ...op.const(5), ...op.shrU, ...op.add, ...op.const(2), ...op.shl, ...op.add, ...op.load(),
    ...op.const(1), ...get('h'), ...op.const(31), ...op.and, ...op.shl, ...op.and,
    ...op.if, ...list(), ...op.end,
    ...op.else,
    ...list(),
    ...op.end,
    ...op.end, // g
    ...op.end, // ctrl
    ...op.end, // nl
    ...op.end, // >= special
  ];
}

/** while (cond) body — cond and body without branches of their own. */
const loopWhile = (cond, body) => [...op.block, ...op.loop, ...cond, ...op.eqz, ...op.brIf(1), ...body, ...op.br(0), ...op.end, ...op.end];

/**
 * The filter (issue #13): from a line start, byte by byte through the class table only (no
 * automaton state: each byte's class and the two before it, no chain of dependent loads), until a
 * class triple whose bit is set in the line kind's map (LineScanner's filterMaps: a triple of each
 * literal the scanner could report on that kind of line, and every control byte) or the chunk's
 * end. Of the lines passed over, the last `window` (or fewer) are listed as line ends, the ones
 * before as one pair (index of their last newline, -their count), so the scanner's ring of recent
 * lines gets them without looking for them again; the automaton goes on from the start of the line
 * the filter stopped in. Blocks around it: loop outer (0), block done (1).
 */
function filterLoop() {
  const mapOf = () => set('map', get('mapJson'), get('mapPlain'), get('isJson'), op.select);
  return [
    ...set('count', op.const(0)),
    ...set('lastNl', get('i'), op.const(1), op.sub),
    ...set('p1', op.const(0)),
    ...set('p2', op.const(0)),
    ...mapOf(),
    ...op.block, ...op.loop,
    ...get('i'), ...get('n'), ...op.geU, ...op.brIf(1),
    ...set('c', byteAt(get('cls'), byteAt(get('buf'), get('i'), op.add), op.add)),
    ...get('c'), ...op.const(1), ...op.eq, ...op.if,
    ...get('ends'), ...get('count'), ...get('endsMask'), ...op.and, ...op.const(2), ...op.shl, ...op.add, ...get('i'), ...op.store(),
    ...set('count', get('count'), op.const(1), op.add),
    ...set('lastNl', get('i')),
    ...set('p1', op.const(0)),
    ...set('p2', op.const(0)),
    ...set('i', get('i'), op.const(1), op.add),
    ...get('i'), ...get('n'), ...op.ltU, ...op.if, ...lineKind(get('i')), ...mapOf(), ...op.end,
    ...op.br(1),
    ...op.end,
    ...set('h', get('p2'), get('classes'), op.mul, get('p1'), op.add, get('classes'), op.mul, get('c'), op.add),
    ...set('p2', get('p1')),
    ...set('p1', get('c')),
    ...byteAt(get('map'), get('h'), op.const(3), op.shrU, op.add), ...get('h'), ...op.const(7), ...op.and, ...op.shrU, ...op.const(1), ...op.and,
    ...op.brIf(1),
    ...set('i', get('i'), op.const(1), op.add),
    ...op.br(0),
    ...op.end, ...op.end,
    // the lines passed over: r = min(count, window) listed one by one, the count - r before in one pair
    ...op.const(0), ...hdr('passed'), ...get('count'), ...op.add, ...op.store(HDR.passed),
    ...set('r', get('count'), get('window'), get('count'), get('window'), op.ltU, op.select),
    ...set('count', get('count'), get('r'), op.sub),
    ...get('count'), ...op.if,
    ...set('j', get('ends'), get('count'), op.const(1), op.sub, get('endsMask'), op.and, op.const(2), op.shl, op.add, op.load()),
    ...set('s', op.const(0), get('count'), op.sub),
    ...list(),
    ...op.end,
    ...set('s', get('nl')),
    ...op.block, ...op.loop,
    ...get('r'), ...op.eqz, ...op.brIf(1),
    ...set('j', get('ends'), get('count'), get('endsMask'), op.and, op.const(2), op.shl, op.add, op.load()),
    ...list(),
    ...set('count', get('count'), op.const(1), op.add),
    ...set('r', get('r'), op.const(1), op.sub),
    ...op.br(0),
    ...op.end, ...op.end,
    ...set('i', get('lastNl'), op.const(1), op.add),
    ...set('s', op.const(0)),
    ...get('i'), ...get('n'), ...op.ltU, ...op.if, ...lineKind(get('i')), ...op.end,
  ];
}

function body() {
  const init = [
    ...['special', 'nl', 'ctrl', 'classes', 'cls', 'fold', 'livePlain', 'liveJson', 'next', 'buf', 'delta', 'filter', 'mapPlain', 'mapJson', 'window', 'ends', 'endsMask'].flatMap((f) => set(f, hdr(f))),
    ...set('ev', hdr('list')),
    ...set('s', hdr('state')),
    ...set('isJson', hdr('isJson')),
    ...set('live', get('liveJson'), get('livePlain'), get('isJson'), op.select),
  ];
  // block done { loop outer { block toFilter { loop exact { step } } filter } }
  const run = [
    ...op.block, ...op.loop,
    ...op.block, ...op.loop,
    ...get('i'), ...get('n'), ...op.geU, ...op.brIf(3),
    ...step(),
    ...op.br(0),
    ...op.end, ...op.end,
    ...filterLoop(),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
  const exit = [
    ...op.const(0), ...get('s'), ...op.store(HDR.state),
    ...op.const(0), ...get('ev'), ...hdr('list'), ...op.sub, ...op.const(3), ...op.shrU, ...op.store(HDR.count),
  ];
  const code = [...init, ...run, ...exit, ...op.end];
  return [...vec([[...uleb(LOCALS), I32]]), ...code];
}

/**
 * narrow(src, dst, count, classes): the automaton's premultiplied i32 table at src as 16-bit state
 * numbers at dst (dst[x] = src[x] / classes). In the module, not in JavaScript: there it was a cold
 * loop of 300,000 divisions at every large paste's set-up (3–11 ms at load).
 */
function narrowBody() {
  // params src 0, dst 1, count 2, classes 3; local x 4
  const x = 4;
  const code = [
    ...loopWhile([...op.get(x), ...op.get(2), ...op.ltU], [
      ...op.get(1), ...op.get(x), ...op.const(1), ...op.shl, ...op.add,
      ...op.get(0), ...op.get(x), ...op.const(2), ...op.shl, ...op.add, ...op.load(), ...op.get(3), ...op.divU,
      ...op.store16(),
      ...op.get(x), ...op.const(1), ...op.add, ...op.set(x),
    ]),
    ...op.end,
  ];
  return [...vec([[...uleb(1), I32]]), ...code];
}

/**
 * The count header (byte offsets of i32 slots at address 0 of a counting instance's memory; its
 * own instance, so it does not share the scan header).
 */
export const CH = {
  special: 0, // the automaton's premultiplied reporting-state bound, nl and ctrl states
  nl: 4,
  ctrl: 8,
  classes: 12,
  cls: 16, // addresses: byte -> class (u8 x 256)
  delta: 20, // the premultiplied i32 table as it is
  outStart: 24, // i32 per reporting state + 1
  outIds: 28,
  offsets: 32, // i32 per literal + 1: where its bytes start in blob
  prefixLen: 36,
  blob: 40,
  loose: 44, // u8 per literal
  one: 48, // the masks (Masks.one: i32 x 256; two: i32 x classes^2)
  two: 52,
  pairs: 56, // 1: the two-byte mask is used
  cnt: 60, // i32 per literal, plain lines then JSON-shaped ones
  stamp: 64, // i32 per literal and kind: the last line it was counted on
  nLit: 68,
  hits: 72, // i32 x 128: per kind (x 64), the one-byte masks' bits (32) then the two-byte ones' (32)
  size: 128,
};

/**
 * count(buf, n, line) -> line: literalCounts (src/collectors/paste/scanner.ts) over n bytes at
 * buf, line by line (a line ends at a newline or at n; `line` lines counted before, returned
 * with this chunk's): per line its kind (jsonish first byte), each byte through the automaton from
 * the root, each reporting state's literals checked whole (literalAt: the bytes before the hit by
 * the prefix length, ASCII folded, inside the line) and counted once per line (stamp), the masks
 * ORed per line and their set bits counted in `hits`. Only whiles and ifs, no other branches.
 */
function countBody() {
  const C = {};
  ['buf', 'n', 'line', 'special', 'nl', 'ctrl', 'classes', 'cls', 'delta', 'outStart', 'outIds', 'offsets', 'prefixLen', 'blob', 'loose', 'one', 'two', 'pairs', 'cnt', 'stamp', 'nLit', 'hits',
    'start', 'end', 'i', 'b', 'c', 's', 'pc', 'm1', 'm2', 'kind', 'cntK', 'stampK', 'hitsK', 'j', 'jEnd', 'id', 'st', 'len', 'q', 'ok', 'lit', 'x', 'k'].forEach((k, x) => (C[k] = x));
  const g = (l) => op.get(C[l]);
  const st = (l, ...expr) => [...expr.flat(), ...op.set(C[l])];
  const ld = (...addr) => [...addr.flat(), ...op.load()];
  const ld8 = (...addr) => [...addr.flat(), ...op.load8()];
  const idx4 = (base, i) => [...g(base), ...i, ...op.const(2), ...op.shl, ...op.add];
  const fold = (...v) => [...st('x', v.flat()), ...g('x'), ...g('x'), ...op.const(0x41), ...op.sub, ...op.const(26), ...op.ltU, ...op.const(5), ...op.shl, ...op.add];
  const incr = (addr) => [...addr, ...addr, ...op.load(), ...op.const(1), ...op.add, ...op.store()];
  const init = ['special', 'nl', 'ctrl', 'classes', 'cls', 'delta', 'outStart', 'outIds', 'offsets', 'prefixLen', 'blob', 'loose', 'one', 'two', 'pairs', 'cnt', 'stamp', 'nLit', 'hits']
    .flatMap((f) => st(f, op.const(0), op.load(CH[f])));
  // literalAt(id, at = i, lo = start, hi = end): then stamped and counted
  const check = [
    ...st('lit', g('blob'), ld(idx4('offsets', g('id'))), op.add),
    ...st('len', ld(idx4('offsets', g('id')), op.const(4), op.add), ld(idx4('offsets', g('id'))), op.sub),
    ...st('st', g('i'), ld(idx4('prefixLen', g('id'))), op.sub),
    ...g('st'), ...g('start'), ...op.ltS, ...g('st'), ...g('len'), ...op.add, ...g('end'), ...op.gtS, ...op.or, ...op.eqz, ...op.if,
    ...st('q', op.const(0), ld(idx4('prefixLen', g('id'))), ld8(g('loose'), g('id'), op.add), op.const(1), op.eq, op.select),
    ...st('ok', op.const(1)),
    ...loopWhile([...g('q'), ...g('len'), ...op.ltU, ...g('ok'), ...op.and], [
      ...st('ok', fold(ld8(g('buf'), g('st'), op.add, g('q'), op.add)), fold(ld8(g('lit'), g('q'), op.add)), op.eq),
      ...st('q', g('q'), op.const(1), op.add),
    ]),
    ...g('ok'), ...op.if,
    ...idx4('stampK', g('id')), ...g('line'), ...op.store(),
    ...incr(idx4('cntK', g('id'))),
    ...op.end,
    ...op.end,
  ];
  const byte = [
    ...st('b', ld8(g('buf'), g('i'), op.add)),
    ...st('c', ld8(g('cls'), g('b'), op.add)),
    ...st('m1', g('m1'), ld(idx4('one', g('b'))), op.or),
    ...g('pairs'), ...op.if,
    ...st('m2', g('m2'), ld(idx4('two', [...g('pc'), ...g('c'), ...op.add])), op.or),
    ...st('pc', g('c'), g('classes'), op.mul),
    ...op.end,
    ...st('s', ld(idx4('delta', [...g('s'), ...g('c'), ...op.add]))),
    ...st('i', g('i'), op.const(1), op.add),
    ...g('s'), ...g('special'), ...op.geU, ...g('s'), ...g('nl'), ...op.ne, ...op.and, ...g('s'), ...g('ctrl'), ...op.ne, ...op.and, ...op.if,
    ...st('k', g('s'), g('special'), op.sub, g('classes'), op.divU),
    ...st('j', ld(idx4('outStart', g('k')))),
    ...st('jEnd', ld(idx4('outStart', g('k')), op.const(4), op.add)),
    ...loopWhile([...g('j'), ...g('jEnd'), ...op.ltU], [
      ...st('id', ld(idx4('outIds', g('j')))),
      ...ld(idx4('stampK', g('id'))), ...g('line'), ...op.ne, ...op.if, ...check, ...op.end,
      ...st('j', g('j'), op.const(1), op.add),
    ]),
    ...op.end,
  ];
  const bits = (m, at) => [
    ...st('k', op.const(0)),
    ...loopWhile([...g(m), ...op.const(0), ...op.ne], [
      ...g(m), ...op.const(1), ...op.and, ...op.if, ...incr(idx4('hitsK', [...op.const(at), ...g('k'), ...op.add])), ...op.end,
      ...st(m, g(m), op.const(1), op.shrU),
      ...st('k', g('k'), op.const(1), op.add),
    ]),
  ];
  const lineBody = [
    ...st('end', g('start')),
    ...loopWhile([...g('end'), ...g('n'), ...op.ltU, ...ld8(g('buf'), g('end'), op.add), ...op.const(10), ...op.ne, ...op.and], [...st('end', g('end'), op.const(1), op.add)]),
    ...st('line', g('line'), op.const(1), op.add),
    ...g('end'), ...g('start'), ...op.gtU, ...op.if,
    ...st('b', ld8(g('buf'), g('start'), op.add)),
    ...st('kind', jsonish(g('b'))),
    ...st('cntK', g('cnt'), g('kind'), g('nLit'), op.mul, op.const(2), op.shl, op.add),
    ...st('stampK', g('stamp'), g('kind'), g('nLit'), op.mul, op.const(2), op.shl, op.add),
    ...st('hitsK', g('hits'), g('kind'), op.const(8), op.shl, op.add),
    ...st('s', op.const(0)),
    ...st('pc', op.const(0)),
    ...st('m1', op.const(0)),
    ...st('m2', op.const(0)),
    ...st('i', g('start')),
    ...loopWhile([...g('i'), ...g('end'), ...op.ltU], byte),
    ...bits('m1', 0),
    ...bits('m2', 32),
    ...op.end,
    ...st('start', g('end'), op.const(1), op.add),
  ];
  const code = [...init, ...st('start', op.const(0)), ...loopWhile([...g('start'), ...g('n'), ...op.ltU], lineBody), ...g('line'), ...op.end];
  return [...vec([[...uleb(Object.keys(C).length - 3), I32]]), ...code];
}

/** The module's bytes. */
export function scanWasm() {
  const fns = [body(), narrowBody(), countBody()];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32]]), ...vec([])], [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([])], [0x60, ...vec([[I32], [I32], [I32]]), ...vec([[I32]])]])), // scan (i32) -> (), narrow (i32 x 4) -> (), count (i32 x 3) -> i32
    ...section(3, vec([uleb(0), uleb(1), uleb(2)])),
    ...section(5, vec([[0x00, ...uleb(1)]])), // memory, min 1 page
    ...section(7, vec([[...name('scan'), 0x00, ...uleb(0)], [...name('narrow'), 0x00, ...uleb(1)], [...name('count'), 0x00, ...uleb(2)], [...name('mem'), 0x02, ...uleb(0)]])),
    ...section(10, vec(fns.map((fn) => [...uleb(fn.length), ...fn]))),
  ]);
}
