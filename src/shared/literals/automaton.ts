// One byte-level automaton for the rules' literals (issue #13), used by the engine (which kept
// lines hold each cover literal) and by the paste scanner (which raw lines of a huge log hold an
// anchor's literal). Aho–Corasick over UTF-8 bytes with ASCII case folding, as a dense table of
// premultiplied states: next = delta[state + cls[byte]]. The built-in rules' automaton is built by
// scripts/bundle-rules.mjs and shipped as dist/literals.bin, so a run builds no table.
//
// Only the first `cut` bytes of a literal are in the table (its size grows with them); a state
// reports the literals whose cut prefix ends there, and `literalAt` checks the rest when exactness
// is needed. Newline and the control bytes normalisation rewrites have their own states (`nl`,
// `ctrl`), both continuing like the root: no literal spans a line or a control byte.
// Over ~300 lines on purpose: one byte-level automaton (build, serialise, walk); its table layout is private to it.

export interface Automaton {
  literals: string[];
  /** UTF-8 bytes of each literal (lower-case ASCII as given). */
  bytes: Uint8Array[];
  cut: number;
  /** Where each literal's cut prefix ends (its bytes in the table). */
  prefixLen: Int32Array;
  /** 1: the prefix has non-ASCII bytes, which share one class: a hit must be checked. */
  loose: Uint8Array;
  /** Byte -> class (0: in no literal, 1: newline, 2: control byte; all bytes >= 0x80 share one). */
  cls: Uint8Array;
  classes: number;
  delta: Int32Array;
  /** States >= special report something; nl and ctrl are the last two. */
  special: number;
  nl: number;
  ctrl: number;
  /** Literal ids reported by state s (special <= s < nl): outIds[outStart[k] .. outStart[k + 1]], k = (s - special) / classes. */
  outStart: Int32Array;
  outIds: Int32Array;
  /** With masks: the one- and two-byte ASCII literals, which are not in the table (see Masks). */
  masks?: Masks;
  /** Data stored beside the tables by the build (parsed on first use; see numbered.ts). */
  extra?: () => unknown;
  /** Flat arrays stored beside the tables by the build (numbered.ts: read with no parse, off the JS heap). */
  arrays?: AutomatonArrays;
  /** The literals' bytes as one blob (bytes[i] = blob.subarray(offsets[i], offsets[i + 1])), when read from a file. */
  blob?: { bytes: Uint8Array; offsets: Int32Array };
}

/** Flat arrays for serializeAutomaton, by name. */
export type AutomatonArrays = Record<string, Int32Array | Float64Array>;

/**
 * Literals of one or two ASCII bytes (':', '0', '18', 'ws') would make most bytes of a log a
 * reporting state. A scan ORs `one[byte]` and `two[previous class * classes + class]` into per-line
 * masks instead; bit k of a mask stands for literal oneIds[k] / twoIds[k] (ASCII case folded).
 */
export interface Masks {
  one: Int32Array;
  two: Int32Array;
  oneIds: number[];
  twoIds: number[];
}

const upper = (b: number): number => (b >= 0x61 && b <= 0x7a ? b - 32 : b);
const shortAscii = (b: Uint8Array): boolean => b.length > 0 && b.length <= 2 && !b.some((x) => x >= 0x80 || x === 0x0a || isControl(x));

/** Which literals the masks hold: up to 32 of each length (none of `inTable`'s ids). */
function maskIds(bytes: Uint8Array[], inTable?: (id: number) => boolean): { oneIds: number[]; twoIds: number[] } {
  const oneIds: number[] = [];
  const twoIds: number[] = [];
  bytes.forEach((b, id) => {
    if (!shortAscii(b) || inTable?.(id)) return;
    const ids = b.length === 1 ? oneIds : twoIds;
    if (ids.length < 32) ids.push(id);
  });
  return { oneIds, twoIds };
}

function masksFor(bytes: Uint8Array[], cls: Uint8Array, C: number, ids: { oneIds: number[]; twoIds: number[] }): Masks {
  const m: Masks = { one: new Int32Array(256), two: new Int32Array(C * C), oneIds: [...ids.oneIds], twoIds: [...ids.twoIds] };
  m.oneIds.forEach((id, k) => {
    const x = fold(bytes[id]![0]!);
    m.one[x] = m.one[upper(x)] = m.one[x]! | (1 << k);
  });
  m.twoIds.forEach((id, k) => {
    const at = cls[bytes[id]![0]!]! * C + cls[bytes[id]![1]!]!;
    m.two[at] = m.two[at]! | (1 << k);
  });
  return m;
}

/** Calls hit(id) for each literal whose bit is set in the line's masks. */
export function eachMasked(m: Masks, m1: number, m2: number, hit: (id: number) => void): void {
  for (let k = 0; m1 !== 0; k++, m1 >>>= 1) if (m1 & 1) hit(m.oneIds[k]!);
  for (let k = 0; m2 !== 0; k++, m2 >>>= 1) if (m2 & 1) hit(m.twoIds[k]!);
}

const fold = (b: number): number => (b >= 0x41 && b <= 0x5a ? b + 32 : b);

/** A text folded as the automaton compares: ASCII letters only (no Unicode folding: `K` stays `K`). */
export const foldAscii = (s: string): string => (/[A-Z]/.test(s) ? s.replace(/[A-Z]{1,64}/g, (m) => m.toLowerCase()) : s);
const isControl = (b: number): boolean => (b < 32 && b !== 0x09 && b !== 0x0d) || b === 0x7f;

/** The first `cut` bytes of a literal, not splitting a character. */
function prefix(b: Uint8Array, cut: number): Uint8Array {
  let end = Math.min(b.length, cut);
  while (end < b.length && end > 1 && (b[end]! & 0xc0) === 0x80) end--;
  return b.subarray(0, end);
}

/**
 * Literals holding a newline or a control byte are never reported: normalised text holds neither,
 * so they can occur in no line the rules see. `inTable`: short literals kept in the table even
 * with masks (the paste scanner has no masks: a literal it needs must be in the table).
 */
export function buildAutomaton(literals: readonly string[], cut = 6, withMasks = false, inTable?: ReadonlySet<string>): Automaton {
  const bytes = literals.map((l) => new Uint8Array(Buffer.from(l, 'utf8')));
  const ids0 = withMasks ? maskIds(bytes, inTable && ((id) => inTable.has(literals[id]!))) : undefined;
  const masked = new Set([...(ids0?.oneIds ?? []), ...(ids0?.twoIds ?? [])]);
  const cls = new Uint8Array(256);
  for (let b = 0; b < 256; b++) if (isControl(b)) cls[b] = 2;
  cls[0x0a] = 1;
  let C = 3;
  const patterns: Array<{ p: Uint8Array; id: number }> = [];
  bytes.forEach((b, id) => {
    if (b.length === 0 || b.some((x) => x === 0x0a || isControl(x))) return;
    const p = prefix(b, cut);
    if (!masked.has(id)) patterns.push({ p, id }); // masked bytes still get classes (Masks.two)
    for (const x of p) {
      const f = fold(x);
      if (f >= 0x80) {
        // One class for every non-ASCII byte: ~60 classes fewer (a table half the size); hits
        // on such literals are checked byte by byte (literalAt).
        if (cls[0x80] === 0) {
          const h = C++;
          for (let y = 0x80; y < 256; y++) cls[y] = h;
        }
      } else if (cls[f] === 0) {
        cls[f] = C++;
        if (f >= 0x61 && f <= 0x7a) cls[f - 32] = cls[f]!;
      }
    }
  });
  if (C > 255) throw new Error('literal automaton: too many byte classes');
  // 1. A trie over classes (children as sibling lists), outputs at the ends.
  let max = 1;
  for (const { p } of patterns) max += p.length;
  const firstChild = new Int32Array(max).fill(-1);
  const nextSibling = new Int32Array(max).fill(-1);
  const edge = new Int32Array(max);
  const out: Array<number[] | undefined> = [undefined];
  let n = 1;
  const child = (s: number, c: number): number => {
    for (let t = firstChild[s]!; t !== -1; t = nextSibling[t]!) if (edge[t] === c) return t;
    return -1;
  };
  for (const { p, id } of patterns) {
    let s = 0;
    for (const b of p) {
      const c = cls[b]!;
      let t = child(s, c);
      if (t === -1) {
        t = n++;
        edge[t] = c;
        nextSibling[t] = firstChild[s]!;
        firstChild[s] = t;
        out.push(undefined);
      }
      s = t;
    }
    const o = (out[s] ??= []);
    if (!o.includes(id)) o.push(id);
  }
  // 2. Breadth-first: failure links and inherited outputs.
  const fail = new Int32Array(n);
  const order = new Int32Array(n);
  let qt = 0;
  order[qt++] = 0;
  for (let qh = 0; qh < qt; qh++) {
    const s = order[qh]!;
    for (let t = firstChild[s]!; t !== -1; t = nextSibling[t]!) {
      const c = edge[t]!;
      let ft = 0;
      for (let f = s === 0 ? -1 : fail[s]!; f !== -1; f = f === 0 ? -1 : fail[f]!) {
        const x = child(f, c);
        if (x !== -1) {
          ft = x;
          break;
        }
      }
      fail[t] = ft === t ? 0 : ft;
      const fo = out[fail[t]!];
      if (fo) {
        const o = (out[t] ??= []);
        for (const x of fo) if (!o.includes(x)) o.push(x);
      }
      order[qt++] = t;
    }
  }
  // 3. Numbering: silent states first, then reporting ones, then newline and control.
  const index = new Int32Array(n);
  let k = 0;
  for (let s = 0; s < n; s++) if (!out[s]) index[s] = k++ * C;
  const special = k * C;
  const reporting: number[] = [];
  for (let s = 0; s < n; s++)
    if (out[s]) {
      index[s] = k++ * C;
      reporting.push(s);
    }
  const nl = k++ * C;
  const ctrl = k++ * C;
  // 4. Dense rows in breadth-first order: a state's row is its failure state's row with its own
  //    children on top.
  const delta = new Int32Array(k * C);
  delta[1] = nl;
  delta[2] = ctrl;
  for (let t = firstChild[0]!; t !== -1; t = nextSibling[t]!) delta[edge[t]!] = index[t]!;
  for (let q = 1; q < n; q++) {
    const s = order[q]!;
    const base = index[s]!;
    const fbase = index[fail[s]!]!;
    delta.copyWithin(base, fbase, fbase + C);
    for (let t = firstChild[s]!; t !== -1; t = nextSibling[t]!) delta[base + edge[t]!] = index[t]!;
  }
  delta.copyWithin(nl, 0, C);
  delta.copyWithin(ctrl, 0, C);
  const outStart = new Int32Array(reporting.length + 1);
  const ids: number[] = [];
  reporting.forEach((s, j) => {
    outStart[j] = ids.length;
    ids.push(...out[s]!.sort((a, b) => a - b));
  });
  outStart[reporting.length] = ids.length;
  const a: Automaton = { literals: [...literals], bytes, ...prefixes(bytes, cut), cut, cls, classes: C, delta, special, nl, ctrl, outStart, outIds: Int32Array.from(ids) };
  if (ids0) a.masks = masksFor(bytes, cls, C, ids0);
  return a;
}

function prefixes(bytes: Uint8Array[], cut: number): { prefixLen: Int32Array; loose: Uint8Array } {
  const prefixLen = new Int32Array(bytes.length);
  const loose = new Uint8Array(bytes.length);
  bytes.forEach((b, id) => {
    const p = prefix(b, cut);
    prefixLen[id] = p.length;
    loose[id] = p.some((x) => x >= 0x80) ? 1 : 0;
  });
  return { prefixLen, loose };
}

/**
 * Whether literal `id`, whose cut prefix the automaton reported ending at buf[end - 1], occurs
 * whole there (ASCII folded), the text lying in buf[lo, hi).
 */
export function literalAt(a: Automaton, id: number, buf: Uint8Array, end: number, lo: number, hi: number): boolean {
  const lit = a.bytes[id]!;
  const p = a.prefixLen[id]!;
  const start = end - p;
  if (start < lo || start + lit.length > hi) return false;
  for (let j = a.loose[id] === 1 ? 0 : p; j < lit.length; j++) if (fold(buf[start + j]!) !== fold(lit[j]!)) return false;
  return true;
}

/**
 * The scanner's check on raw bytes that arrive in chunks: 0 when the literal is not there, 1 when
 * it is, 2 when it runs into bytes outside buf[lo, hi) (another chunk) and cannot be told here.
 */
export function maybeAt(a: Automaton, id: number, buf: Uint8Array, end: number, lo: number, hi: number): 0 | 1 | 2 {
  const lit = a.bytes[id]!;
  const start = end - a.prefixLen[id]!;
  let j = a.loose[id] === 1 ? 0 : a.prefixLen[id]!;
  if (start + j < lo) return 2;
  for (; j < lit.length; j++) {
    const i = start + j;
    if (i >= hi) return 2;
    if (fold(buf[i]!) !== fold(lit[j]!)) return 0;
  }
  return 1;
}

// ---------------------------------------------------------------- on disk

const MAGIC = 0x4c544132; // "LTA2" (LTA1 had no literal bytes, prefix lengths or loose flags)

/**
 * The automaton as bytes: a header (JSON) and the tables, 8-byte aligned in the file. The literals' UTF-8
 * bytes (one blob and its offsets), their prefix lengths and loose flags are stored too: encoding
 * ~4,000 literals one Buffer.from at a time was most of reading the file back.
 */
export function serializeAutomaton(a: Automaton, key: string, extra?: unknown, arrays?: AutomatonArrays): Buffer {
  const tail = extra === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(extra), 'utf8');
  const n = a.literals.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + a.bytes[i]!.length;
  const blob = (offsets[n]! + 3) & ~3;
  const loose = (n + 3) & ~3;
  // The flat arrays follow the tables, each at a multiple of 8 from the tables' start, which is itself
  // at a multiple of 8 in the file: deserialising views a file read whole in place (aligned).
  const named = Object.entries(arrays ?? {});
  const list = named.map(([name, arr]) => [name, arr instanceof Float64Array ? 'f64' : 'i32', arr.length] as const);
  const head = Buffer.from(JSON.stringify({ key, literals: a.literals, masks: a.masks ? { one: a.masks.oneIds, two: a.masks.twoIds } : false, cut: a.cut, classes: a.classes, special: a.special, nl: a.nl, ctrl: a.ctrl, delta: a.delta.length, outStart: a.outStart.length, outIds: a.outIds.length, blob, loose, extra: tail.length, ...(list.length ? { arrays: list } : {}) }), 'utf8');
  const headLen = ((8 + head.length + 7) & ~7) - 8;
  const base = 256 + 4 * (a.delta.length + a.outStart.length + a.outIds.length + 2 * n + 1) + blob + loose;
  let tables = base;
  const placed: Array<[number, Int32Array | Float64Array]> = [];
  for (const [, arr] of named) {
    tables = (tables + 7) & ~7;
    placed.push([tables, arr]);
    tables += arr.byteLength;
  }
  const out = Buffer.alloc(8 + headLen + tables + tail.length);
  tail.copy(out, 8 + headLen + tables);
  for (const [at, arr] of placed) out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), 8 + headLen + at);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(headLen, 4);
  head.copy(out, 8);
  let o = 8 + headLen;
  out.set(a.cls, o);
  o += 256;
  for (const arr of [a.delta, a.outStart, a.outIds, offsets, a.prefixLen]) {
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), o);
    o += arr.byteLength;
  }
  for (const b of a.bytes) {
    out.set(b, o);
    o += b.length;
  }
  o = 8 + headLen + base - loose;
  out.set(a.loose, o);
  return out;
}

/** undefined: not an automaton file, or one built for other literals (`key`). */
export function deserializeAutomaton(buf: Buffer, key: string): Automaton | undefined {
  if (buf.length < 8 || buf.readUInt32LE(0) !== MAGIC) return undefined;
  const headLen = buf.readUInt32LE(4);
  const h = JSON.parse(buf.toString('utf8', 8, 8 + headLen).trimEnd().replace(/\0+$/, '')) as {
    key: string; literals: string[]; masks: boolean | { one: number[]; two: number[] }; cut: number; classes: number; special: number; nl: number; ctrl: number; delta: number; outStart: number; outIds: number; blob: number; loose: number; extra?: number; arrays?: Array<[string, 'i32' | 'f64', number]>;
  };
  if (h.key !== key) return undefined;
  // Typed arrays need their alignment (8 for the f64 arrays): the tables are viewed where they are
  // when they start at a multiple of 8 in memory (a file read whole; the writer aligns them), else
  // copied once into their own memory (an older file). In place, the file's read is not garbage
  // beside a copy of it: 2.3 MiB less at a large log's set-up (issue #13, notes/perf.md Round 22g).
  const at = 8 + headLen;
  const end = buf.length - (h.extra ?? 0);
  let tables: Uint8Array;
  if ((buf.byteOffset + at) % 8 === 0) tables = new Uint8Array(buf.buffer, buf.byteOffset + at, end - at);
  else {
    tables = new Uint8Array(end - at);
    tables.set(buf.subarray(at, end));
  }
  const base0 = tables.byteOffset;
  const cls = tables.subarray(0, 256);
  let o = 256;
  const take = (len: number) => {
    const arr = new Int32Array(tables.buffer, base0 + o, len);
    o += 4 * len;
    return arr;
  };
  const n = h.literals.length;
  const delta = take(h.delta);
  const outStart = take(h.outStart);
  const outIds = take(h.outIds);
  const offsets = take(n + 1);
  const prefixLen = take(n);
  const blob = tables.subarray(o, o + h.blob);
  const loose = tables.subarray(o + h.blob, o + h.blob + n);
  const bytes = new Array<Uint8Array>(n);
  for (let i = 0; i < n; i++) bytes[i] = blob.subarray(offsets[i]!, offsets[i + 1]!);
  const a: Automaton = {
    literals: h.literals,
    bytes,
    prefixLen,
    loose,
    cut: h.cut,
    cls,
    classes: h.classes,
    delta,
    special: h.special,
    nl: h.nl,
    ctrl: h.ctrl,
    outStart,
    outIds,
    blob: { bytes: blob, offsets },
  };
  // The masked ids as built (a file that says only `true` masks the first 32 of each length).
  if (h.masks) a.masks = masksFor(bytes, cls, h.classes, h.masks === true ? maskIds(bytes) : { oneIds: h.masks.one, twoIds: h.masks.two });
  if (h.arrays) {
    o = 256 + 4 * (h.delta + h.outStart + h.outIds + 2 * n + 1) + h.blob + h.loose;
    a.arrays = {};
    for (const [name, type, len] of h.arrays) {
      o = (o + 7) & ~7;
      a.arrays[name] = type === 'f64' ? new Float64Array(tables.buffer, base0 + o, len) : new Int32Array(tables.buffer, base0 + o, len);
      o += (type === 'f64' ? 8 : 4) * len;
    }
  }
  if (h.extra) {
    const text = buf.toString('utf8', end);
    let parsed: unknown;
    a.extra = () => (parsed ??= JSON.parse(text));
  }
  return a;
}

/** Key of a literal list: the file must have been built for exactly these literals. */
export function literalsKey(literals: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const l of literals) {
    for (let i = 0; i < l.length; i++) h = Math.imul(h ^ l.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x0a, 0x01000193);
  }
  return `${literals.length}:${(h >>> 0).toString(16)}`;
}
