// The line machinery of the paste reader, over raw UTF-8 bytes.
//
// In "keep all" mode every physical line is decoded, normalised and handed on (small pastes).
// In "anchor" mode (huge logs) a byte-level Aho–Corasick automaton (ASCII case folding, one state
// table per line kind) looks for the anchors' literals and counts newlines in the same pass; only
// lines with a literal hit are decoded and checked with the anchor's real matcher, on the
// normalised text the engine will see. A line whose normalisation could create text that is not
// in its raw bytes (control characters/ANSI, or a JSON `\u`/`\/` escape) is always checked. Hit
// lines are kept with `window` lines before (a ring of recent raw line slices) and after them.
import { normalizeLine } from './normalize.js';

export interface ScanMatcher {
  /** Literals one of which every match contains, per kind of line; null = check every such line. */
  literals: string[] | null;
  jsonLiterals: string[] | null;
  /** Lines hit by this matcher bring their neighbours along. */
  context: boolean;
  /** A `contains` matcher (lowercased with toLowerCase(): K and İ fold to ASCII). */
  foldsUnicode: boolean;
  test(text: string): boolean;
}

export type KeepKind = 'all' | 'anchor' | 'extra' | 'context';

export interface LineScannerOptions {
  /** null: keep every line. */
  matchers: ScanMatcher[] | null;
  window: number;
  maxLineLength: number;
  onKeep(line: number, pieces: string[], kind: KeepKind): void;
}

// ---------------------------------------------------------------- automaton

const OUT_UNSAFE = -1; // control byte, or `\u` / `\/` in a JSON line: check the normalised text
const OUT_FOLD = -2; // K (U+212A) or İ (U+0130): `contains` matchers must be checked

interface Automaton {
  /** Transitions, premultiplied: next = delta[state + cls[byte]]. */
  delta: Int32Array;
  /** States >= special have outputs (or are the newline / control states). */
  special: number;
  nl: number;
  outputs: Map<number, number[]>;
}

/** Byte -> class. 0: no literal uses it, 1: newline, 2: control byte normalisation rewrites. */
function classesFor(literalSets: Uint8Array[][]): { cls: Uint8Array; count: number } {
  const cls = new Uint8Array(256);
  for (let b = 0; b < 32; b++) if (b !== 0x09 && b !== 0x0a && b !== 0x0d) cls[b] = 2;
  cls[0x7f] = 2;
  cls[0x0a] = 1;
  let count = 3;
  const fold = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 32 : b);
  for (const set of literalSets)
    for (const lit of set)
      for (const b of lit) {
        const f = fold(b);
        if (cls[f] === 0) {
          cls[f] = count++;
          if (f >= 0x61 && f <= 0x7a) cls[f - 32] = cls[f]!;
        }
      }
  if (count > 255) throw new Error('scanner: too many byte classes');
  return { cls, count };
}

function buildAutomaton(patterns: Array<{ bytes: Uint8Array; out: number }>, cls: Uint8Array, C: number): Automaton {
  // 1. A trie over byte classes (children as sibling lists in typed arrays), outputs at the ends.
  let max = 1;
  for (const p of patterns) max += p.bytes.length;
  const firstChild = new Int32Array(max).fill(-1);
  const nextSibling = new Int32Array(max).fill(-1);
  const edge = new Int32Array(max); // class of the edge into a node
  const out: Array<number[] | undefined> = [undefined];
  let n = 1;
  const child = (s: number, c: number): number => {
    for (let t = firstChild[s]!; t !== -1; t = nextSibling[t]!) if (edge[t] === c) return t;
    return -1;
  };
  for (const p of patterns) {
    let s = 0;
    for (const b of p.bytes) {
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
    if (!o.includes(p.out)) o.push(p.out);
  }
  // 2. Breadth-first: failure links (by walking the failure chain) and inherited outputs.
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
  // 3. Final numbering: states with nothing to report first, then reporting ones, then the
  //    newline and control states (both continue like the root). Premultiplied by C.
  const index = new Int32Array(n + 2);
  let k = 0;
  for (let s = 0; s < n; s++) if (!out[s]) index[s] = k++ * C;
  const special = k * C;
  for (let s = 0; s < n; s++) if (out[s]) index[s] = k++ * C;
  const nl = k++ * C;
  const ctrl = k++ * C;
  // 4. The dense table, rows filled in breadth-first order: a state's row is its failure state's
  //    row (already filled) with its own children on top.
  const delta = new Int32Array(k * C);
  delta[1] = nl;
  delta[2] = ctrl;
  for (let t = firstChild[0]!; t !== -1; t = nextSibling[t]!) delta[edge[t]!] = index[t]!;
  const outputs = new Map<number, number[]>();
  for (let q = 1; q < n; q++) {
    const s = order[q]!;
    const base = index[s]!;
    const fbase = index[fail[s]!]!;
    delta.copyWithin(base, fbase, fbase + C);
    for (let t = firstChild[s]!; t !== -1; t = nextSibling[t]!) delta[base + edge[t]!] = index[t]!;
    const o = out[s];
    if (o) outputs.set(base, o);
  }
  delta.copyWithin(nl, 0, C);
  delta.copyWithin(ctrl, 0, C);
  outputs.set(ctrl, [OUT_UNSAFE]);
  return { delta, special, nl, outputs };
}

/** At most this many bytes of a literal go into the automaton (the verifier checks the rest). */
const MAX_LITERAL_BYTES = 16;

function literalBytes(lits: string[]): Uint8Array[] {
  const out = new Map<string, Uint8Array>();
  for (const l of lits) {
    const b = Buffer.from(l, 'utf8');
    let end = Math.min(b.length, MAX_LITERAL_BYTES);
    while (end < b.length && end > 1 && (b[end]! & 0xc0) === 0x80) end--; // whole characters
    const cut = b.subarray(0, end);
    out.set(cut.toString('latin1'), cut);
  }
  return [...out.values()];
}

interface Compiled {
  cls: Uint8Array;
  plain: Automaton;
  json: Automaton;
  alwaysPlain: number[];
  alwaysJson: number[];
  folding: number[];
}

const ESCAPED_QUOTE = Buffer.from('\\"');

function compile(matchers: ScanMatcher[]): Compiled {
  const plainLits = matchers.map((m) => literalBytes(m.literals ?? []));
  const jsonLits = matchers.map((m) => literalBytes(m.jsonLiterals ?? []));
  const unsafeJson = [Buffer.from('\\u'), Buffer.from('\\/')];
  const folding = matchers.flatMap((m, i) => (m.foldsUnicode ? [i] : []));
  const foldLits = folding.length ? [Buffer.from('\u212a'), Buffer.from('\u0130')] : [];
  const { cls, count } = classesFor([...plainLits, ...jsonLits, unsafeJson, [ESCAPED_QUOTE], foldLits]);
  const patterns = (lits: Uint8Array[][]) => [...lits.flatMap((set, i) => set.map((bytes) => ({ bytes, out: i }))), ...foldLits.map((bytes) => ({ bytes, out: OUT_FOLD }))];
  return {
    cls,
    // normalizeLine adds an unescaped copy of a plain line with \" in it: look at such lines as text.
    plain: buildAutomaton([...patterns(plainLits), { bytes: ESCAPED_QUOTE, out: OUT_UNSAFE }], cls, count),
    json: buildAutomaton([...patterns(jsonLits), ...unsafeJson.map((bytes) => ({ bytes, out: OUT_UNSAFE }))], cls, count),
    alwaysPlain: matchers.flatMap((m, i) => (m.literals === null ? [i] : [])),
    alwaysJson: matchers.flatMap((m, i) => (m.jsonLiterals === null ? [i] : [])),
    folding,
  };
}

/** Lines that normalizeLine may treat as JSON: first byte `{` or possible (Unicode) whitespace. */
function jsonish(b: number): boolean {
  return b === 0x7b || b === 0x20 || b === 0x09 || b === 0x0d || b >= 0x80;
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
  private readonly c: Compiled | null;
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
  private hits: number[] = [];
  /** Something on the current line needs a look at line end (hit, unsafe bytes, folding char). */
  private pending = false;
  private unsafe = false;
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
    this.c = opts.matchers ? compile(opts.matchers) : null;
    this.window = opts.matchers ? Math.max(0, opts.window) : 0;
    this.maxLine = opts.maxLineLength;
    this.onKeep = opts.onKeep;
    this.hitStamp = new Uint32Array(this.matchers.length);
    const r = Math.max(1, this.window);
    this.ringBuf = new Array<Buffer>(r).fill(EMPTY);
    this.ringStart = new Int32Array(r);
    this.ringEnd = new Int32Array(r);
    this.ringLine = new Float64Array(r);
    this.ringDone = new Uint8Array(r).fill(DONE);
    this.ringPieces = new Array<string[] | undefined>(r).fill(undefined);
  }

  feed(buf: Buffer): void {
    const n = buf.length;
    if (n === 0) return;
    if (!this.c) return this.feedKeepAll(buf);
    const { cls, plain, json } = this.c;
    const alwaysPlain = this.c.alwaysPlain.length > 0;
    const alwaysJson = this.c.alwaysJson.length > 0;
    const W = this.window;
    let lineStart = 0;
    if (!this.modeKnown) this.pickMode(buf[0]!);
    let isJson = this.isJson;
    let a = isJson ? json : plain;
    let delta = a.delta;
    let special = a.special;
    let nl = a.nl;
    let s = this.s;
    for (let i = 0; i < n; i++) {
      s = delta[s + cls[buf[i]!]!]!;
      if (s < special) continue;
      if (s !== nl) {
        this.output(a, s);
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
        a = isJson ? json : plain;
        delta = a.delta;
        special = a.special;
        nl = a.nl;
      } else this.modeKnown = false;
    }
    this.s = s;
    this.isJson = isJson;
    if (lineStart < n) this.addCarry(buf, lineStart, n);
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
    if (this.lineHasBytes) this.endLine(EMPTY, 0, 0);
    this.flushRing();
  }

  private pickMode(first: number): void {
    this.isJson = jsonish(first);
    this.s = 0;
    this.modeKnown = true;
  }

  private output(a: Automaton, s: number): void {
    this.pending = true;
    for (const o of a.outputs.get(s)!) {
      if (o >= 0) {
        if (this.hitStamp[o] !== this.stamp) {
          this.hitStamp[o] = this.stamp;
          this.hits.push(o);
        }
      } else if (o === OUT_UNSAFE) this.unsafe = true;
      else this.fold = true;
    }
  }

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
    if (this.hits.length > 0 || this.unsafe || this.fold || (this.isJson ? this.c.alwaysJson : this.c.alwaysPlain).length > 0) {
      this.verified++;
      bytes = this.lineBytes(buf, start, end);
      pieces = normalizeLine(bytes.toString('utf8'));
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
      pieces ??= normalizeLine(bytes.toString('utf8'));
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

  private resetLine(): void {
    if (this.carryLen > 0 || this.carry.length) {
      this.carry = [];
      this.carryLen = 0;
    }
    this.lineHasBytes = false;
    if (this.hits.length) this.hits = [];
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    this.pending = false;
    this.unsafe = false;
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

  private scanText(text: string, into: Set<number>): void {
    const c = this.c!;
    const a = c.plain;
    const bytes = Buffer.from(text, 'utf8');
    let s = 0;
    for (let i = 0; i < bytes.length; i++) {
      s = a.delta[s + c.cls[bytes[i]!]!]!;
      if (s >= a.special && s !== a.nl) {
        for (const o of a.outputs.get(s)!) {
          if (o >= 0) into.add(o);
          else if (o === OUT_FOLD) for (const f of c.folding) into.add(f);
        }
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

const RATE_LITERAL_BYTES = 6;

/**
 * For each literal, the share of `sample`'s lines (of that kind: plain or JSON-shaped) that contain
 * it, as the scanner would see it. Lets the anchors be chosen by how rare they are in THIS input.
 */
export function literalRates(sample: Buffer[], plain: string[], json: string[], maxBytes = 256 * 1024): (literal: string, isJson: boolean) => number {
  // An estimate: the first RATE_LITERAL_BYTES of each literal, on the first maxBytes of the sample.
  const cut = (l: string) => cutWhole(Buffer.from(l, 'utf8'), RATE_LITERAL_BYTES);
  const pBytes = plain.map(cut);
  const jBytes = json.map(cut);
  const chunks: Buffer[] = [];
  let room = maxBytes;
  for (const b of sample) {
    if (room <= 0) break;
    chunks.push(b.length > room ? b.subarray(0, room) : b);
    room -= b.length;
  }
  const { cls, count } = classesFor([pBytes, jBytes]);
  const autos = [buildAutomaton(pBytes.map((bytes, out) => ({ bytes, out })), cls, count), buildAutomaton(jBytes.map((bytes, out) => ({ bytes, out })), cls, count)] as const;
  const counts = [new Float64Array(plain.length), new Float64Array(json.length)] as const;
  const stamps = [new Uint32Array(plain.length), new Uint32Array(json.length)] as const;
  let lines = 0;
  for (const buf of chunks) {
    let start = 0;
    while (start < buf.length) {
      let end = buf.indexOf(0x0a, start);
      if (end === -1) end = buf.length;
      lines++;
      if (end > start) {
        const k = jsonish(buf[start]!) ? 1 : 0;
        const a = autos[k];
        const stamp = stamps[k];
        const cnt = counts[k];
        let s = 0;
        for (let i = start; i < end; i++) {
          s = a.delta[s + cls[buf[i]!]!]!;
          if (s >= a.special)
            for (const o of a.outputs.get(s) ?? [])
              if (o >= 0 && stamp[o] !== lines) {
                stamp[o] = lines;
                cnt[o]!++;
              }
        }
      }
      start = end + 1;
    }
  }
  const maps = [new Map<string, number>(), new Map<string, number>()] as const;
  plain.forEach((l, i) => maps[0].set(l, counts[0][i]! / Math.max(1, lines)));
  json.forEach((l, i) => maps[1].set(l, counts[1][i]! / Math.max(1, lines)));
  return (literal, isJson) => maps[isJson ? 1 : 0].get(literal) ?? 0;
}
