// A pattern's first match on a long line that does not repeat, read only near its literals.
// Over ~300 lines on purpose: one job, a long line read by windows — the chosen literals' places (Ranges),
// their windows merged into runs (one heap over every literal's ranges) and the runs read in order share one layout.
//
// Why exact: every match contains every literal of one conjunction of the pattern's cover (lower-
// cased), so it contains an occurrence [q, q + len) of the literal chosen from that conjunction, and
// it is at most `span` characters long (span.ts) — so it starts in [q + len - span, q]. An attempt
// at start j reads only j - 1 … j + span, so on the line cut after q + span it goes as on the whole
// line. Hence the first match starting in those windows (merged, in order), each read on the line
// cut at the window's end + span + 1, is the whole line's first match: every earlier start fails
// in the line too, and a start past a window's end is not trusted there (the cut can fake $ or \b).
// Positions are those of the lower-cased line, the same as the line's when every character lower-
// cases to one character by itself (no İ, no Σ, no surrogate). By the same argument a place of the
// chosen literal with another walked literal of its conjunction nowhere within a match's reach starts
// no window (nearOthers): on the bench's dense lines that drops ~55 % of the window reads.
import type { LineRef, PasteMatcher } from '../../types.js';
import type { LineMatch, PasteRunner } from './compile.js';
import { walkPositions, type LiteralWalk, type Positions } from '../literals/positions.js';

/**
 * Lines at least this long are read by windows. Below it the walk for the places and the windows'
 * runs cost more than they save: on the bench's 20,000-line paste (lines of 100–4,000 characters)
 * a 2,048 threshold made evaluate() ~1.2x slower. No real line seen comes near (redos17).
 */
export const WINDOW_MIN = 8192;
/**
 * A line's prefix (a line that repeats a segment, read on its prefix: exec.ts) is read by windows
 * from this long: its places take a walk of their own (the cover pass walks only whole lines). On
 * the bench's 1-in-7 mixed line (40 KB prefix) windows take evaluate() from ~50 to ~18 ms; on the
 * 1-in-31 line (9 KB prefix) windows from 8 KB measured a wash under load, so the bound stays high.
 */
const CUT_WINDOW_MIN = 2 * WINDOW_MIN;
/**
 * Windows are read while they add up to at most this many times the line (before merging): on the
 * bench's mixed lines windows up to 3x the line still beat the whole line's run (merged, and the
 * first window with a match ends the read); past that, the places themselves cost.
 */
const WINDOW_CHARS = 3;

interface LineLits {
  lowered: string;
  /** Per literal: where it occurs in `lowered`, found by indexOf. */
  at: Map<string, number[]>;
  /** The cover pass's literals' places, found in one walk on the first need (null: not walked). */
  walk?: { w: LiteralWalk; positions: Positions } | null;
}
/** Per line: its lower-cased text and literal positions (null: its positions are not the line's). */
const lineLits = new WeakMap<LineRef, LineLits | null>();

function litsOf(ln: LineRef): LineLits | null {
  let l = lineLits.get(ln);
  if (l === undefined) lineLits.set(ln, (l = textLits(ln.text)));
  return l;
}

function textLits(text: string): LineLits | null {
  const lowered = text.toLowerCase();
  return lowered.length === text.length && !CONTEXT_CASED.test(text) ? { lowered, at: new Map() } : null;
}
// Also "\n", a guard (kept lines never hold one): the cover pass's scan (engine/literal-pass.ts) does not
// restart a text's walk at a newline as walkPositions does, so its places equal walkPositions's only without one.
const CONTEXT_CASED = /[\n\u03a3\ud800-\udfff]/;

/**
 * The line's first `cut` characters taken as a line of their own (litsOf's answer for it: its own
 * lower-cased form, its own places), for a line read on its prefix (exec.ts: one that repeats a segment).
 */
function cutLits(ln: LineRef, cut: number): LineLits | null {
  if (cut >= ln.text.length) return litsOf(ln);
  let cuts = cutsOf.get(ln);
  if (!cuts) cutsOf.set(ln, (cuts = new Map()));
  let c = cuts.get(cut);
  if (c === undefined) cuts.set(cut, (c = textLits(ln.text.slice(0, cut))));
  return c;
}
/** Per line: per prefix length read, the prefix's lower-cased text and places (a few lengths a line: exec.ts's patternPrefix). */
const cutsOf = new WeakMap<LineRef, Map<number, LineLits | null>>();

/**
 * Whether a line may be read by windows, its places being its lower-cased form's (long enough, no
 * İ, Σ, surrogate or newline): the cover pass then finds its places as it scans it (presetPlaces).
 */
export function windowLine(ln: LineRef): boolean {
  return ln.text.length >= WINDOW_MIN && ln.text.length < PACK && litsOf(ln) !== null;
}

/** The places of the walk's literals in a windowLine, found by the cover pass (walkPositions's answer on it). */
export function presetPlaces(ln: LineRef, w: LiteralWalk, positions: Positions): void {
  const l = litsOf(ln);
  if (l) l.walk = { w, positions };
}

/** A literal the walk reports wherever it occurs: three or more characters (the table holds no shorter), none it never reports. */
const WALKED = /^[^\x00-\x08\n\x0b\x0c\x0e-\x1f\x7f]{3,}$/;

const NONE: readonly number[] = [];

/**
 * Literals' places as ranges of arrays: literal k < n's are at[k][from[k] .. to[k]) (the walk's
 * places of all its literals share one array: a range of it, no view per literal read).
 */
interface Ranges {
  n: number;
  at: Array<ArrayLike<number>>;
  from: Int32Array;
  to: Int32Array;
}
const newRanges = (k: number): Ranges => ({ n: 0, at: new Array<ArrayLike<number>>(k).fill(NONE), from: new Int32Array(k), to: new Int32Array(k) });

function put(r: Ranges, at: ArrayLike<number>, from: number, to: number): void {
  if (r.n === r.from.length) {
    const b = newRanges(r.n * 2);
    for (let k = 0; k < r.n; k++) b.at[k] = r.at[k]!;
    b.from.set(r.from);
    b.to.set(r.to);
    r.at = b.at;
    r.from = b.from;
    r.to = b.to;
  }
  r.at[r.n] = at;
  r.from[r.n] = from;
  r.to[r.n++] = to;
}

/**
 * One Ranges kept across calls (a pattern's windows are read one pattern at a time), emptied for
 * each; a call while it is in use (none today: reading a window runs a regex only) gets its own.
 */
const shared = newRanges(64);
let sharedBusy = false;
function withRanges<T>(f: (r: Ranges) => T): T {
  // Nothing nests today (a window read runs a regex only); a nested call sharing the outer's Ranges
  // would empty and refill it under the outer's walk (test/paste/window.test.ts nests one on purpose).
  if (sharedBusy) return f(newRanges(64));
  sharedBusy = true;
  const r = shared;
  r.n = 0;
  try {
    return f(r);
  } finally {
    // Memory only, not the answer (r.n = 0 already empties it for the next call): without it the
    // scratch would keep the last line's place arrays (a long line's walk) alive until the next call.
    r.at.fill(NONE, 0, r.n);
    sharedBusy = false;
  }
}

/** Appends the literal's places to `r`: from the walk when it keeps the literal (`id`, its id there, or -1), else by indexOf; returns how many. */
function positions(l: LineLits, lit: string, id: number, w: LiteralWalk | undefined, r: Ranges): number {
  if (l.walk === undefined && w) {
    const positions = walkPositions(w, l.lowered);
    l.walk = positions ? { w, positions } : null;
  }
  if (id >= 0 && l.walk && l.walk.w.tries === w!.tries) {
    const end = l.walk.positions.ends();
    const from = id + 1 < end.length ? end[id]! : 0;
    const to = id + 1 < end.length ? end[id + 1]! : 0;
    put(r, l.walk.positions.starts(), from, to);
    return to - from;
  }
  let at = l.at.get(lit);
  if (at === undefined) {
    at = [];
    for (let i = l.lowered.indexOf(lit); i >= 0; i = l.lowered.indexOf(lit, i + 1)) at.push(i);
    l.at.set(lit, at);
  }
  put(r, at, 0, at.length);
  return at.length;
}

/**
 * A cover's chosen literals and, for one walk's tries, each one's id there (-1: not walked); per
 * conjunction its other literals (distinct, not empty, not the chosen one) and their ids.
 */
interface Chosen {
  lits: string[];
  others: string[][];
  tries?: LiteralWalk['tries'];
  ids?: Int32Array;
  otherIds?: Int32Array[];
  /** Per conjunction the lengths of its walked others (id >= 0), in order: nearOthers' co ranges, one per walked other. */
  walkedLens?: Int32Array[];
}
/** Per cover: one literal per conjunction, the longest (the fewest places, usually). */
const chosen = new WeakMap<readonly (readonly string[])[], Chosen>();

function chosenOf(cover: readonly (readonly string[])[], w: LiteralWalk | undefined): Chosen {
  let c = chosen.get(cover);
  if (!c) {
    const lits = cover.map((conj) => conj.reduce((a, b) => (b.length > a.length ? b : a)));
    chosen.set(cover, (c = { lits, others: cover.map((conj, k) => [...new Set(conj)].filter((lit) => lit !== lits[k] && lit.length > 0)) }));
  }
  if (w && c.tries !== w.tries) {
    const walkId = (lit: string): number => {
      const id = WALKED.test(lit) ? w.index.get(lit) : undefined;
      return id !== undefined && w.tries.keep(id) ? id : -1;
    };
    c.tries = w.tries;
    c.ids = Int32Array.from(c.lits, walkId);
    c.otherIds = c.others.map((o) => Int32Array.from(o, walkId));
    const ids = c.otherIds;
    c.walkedLens = c.others.map((o, k) => Int32Array.from(o.filter((_, j) => ids[k]![j]! >= 0), (lit) => lit.length));
  }
  return c;
}

/** nearOthers' places of a conjunction's other literals (a scratch: nothing nests inside it). */
const co = newRanges(8);

/**
 * Keeps, of the chosen literal k's places just put last in `r`, those q with every other literal of
 * its conjunction that the walk keeps at some p in [q + len - span, q + span - len(other)]; returns
 * how many. Exact: a match holding this conjunction (at most span long, holding the chosen literal at
 * q and the other at p) starts at or after q + len - span and ends at or before that start + span <=
 * q + span; a place with no other literal there starts no match of this conjunction (another
 * conjunction's places give its own windows). Only walked literals are asked (their places are the
 * pass's; an indexOf of a short literal over the line costs more than the windows it saves).
 */
function nearOthers(l: LineLits, c: Chosen, k: number, w: LiteralWalk, r: Ranges, span: number): number {
  const others = c.others[k]!;
  const ids = c.otherIds![k]!;
  // co's range j is the j-th WALKED other (unwalked ones put none): its length is walkedLens', not others[j]'s
  // (reading others[j] let an unwalked literal's length stand for a walked one's: a longer one dropped places
  // a match starts near, a missed match; a shorter one kept places none starts near).
  const lens = c.walkedLens![k]!;
  const i = r.n - 1;
  co.n = 0;
  try {
    for (let j = 0; j < others.length; j++) {
      if (ids[j]! >= 0 && positions(l, others[j]!, ids[j]!, w, co) === 0) return drop(r, i, []);
    }
    if (co.n === 0) return r.to[i]! - r.from[i]!;
    const at = r.at[i]!;
    const kept: number[] = [];
    const len = c.lits[k]!.length;
    for (let x = r.from[i]!; x < r.to[i]!; x++) {
      const q = at[x]!;
      let near = true;
      for (let j = 0; j < co.n && near; j++) {
        // The other literal's first place not before q + len - span (that bound only grows with q).
        const p = (co.from[j] = atLeast(co.at[j]!, co.from[j]!, co.to[j]!, q + len - span));
        near = p < co.to[j]! && co.at[j]![p]! <= q + span - lens[j]!;
      }
      if (near) kept.push(q);
    }
    return drop(r, i, kept);
  } finally {
    co.at.fill(NONE, 0, co.n);
  }
}

/** Range i of `r` made `kept`; its length. */
function drop(r: Ranges, i: number, kept: number[]): number {
  r.at[i] = kept;
  r.from[i] = 0;
  r.to[i] = kept.length;
  return kept.length;
}

/** The first index in [from, to) of the ascending xs holding a value >= v (to: none). */
function atLeast(xs: ArrayLike<number>, from: number, to: number, v: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A cover's chosen literals (one per conjunction) and each one's places on the line; undefined when
 * the line is not read by windows (short, no usable cover or span, positions not the line's, or
 * windows adding up to over WINDOW_CHARS lines).
 */
function chosenPlaces(m: PasteMatcher, ln: LineRef, w: LiteralWalk | undefined, r: Ranges, n: number): { lits: string[]; span: number } | undefined {
  const span = m.span;
  if (span === undefined || n < WINDOW_MIN || ln.text.length >= PACK || m.caseSensitive || !m.cover || m.cover.length === 0 || m.cover.some((c) => c.length === 0)) return undefined;
  const l = cutLits(ln, n);
  if (!l) return undefined;
  const c = chosenOf(m.cover, w);
  const lits = c.lits;
  let places = 0;
  for (let k = 0; k < lits.length; k++) {
    let found = positions(l, lits[k]!, w ? c.ids![k]! : -1, w, r);
    if (found > 0 && w && c.others[k]!.length > 0) found = nearOthers(l, c, k, w, r, span);
    if ((places += found) * (span + 1) > WINDOW_CHARS * n) return undefined;
  }
  return { lits, span };
}

/**
 * The windows of starts [lo, hi] (pairs, ascending, disjoint) where a match of `m` can start on the
 * line; undefined when the line is not read by windows (chosenPlaces). `w`: the cover pass's walk,
 * which finds the places of the literals it keeps (others: indexOf).
 */
export function startWindows(m: PasteMatcher, ln: LineRef, w?: LiteralWalk): number[] | undefined {
  return withRanges((r) => {
    const c = chosenPlaces(m, ln, w, r, ln.text.length);
    return c && rangeRuns(r, c.lits, c.span);
  });
}

/**
 * The first match of `m` on the line read by windows: windowedMatch on startWindows' windows, each
 * window made only once the ones before it were read without a match (on a line of many places the
 * first match usually comes early, and the rest of the windows were never read). Undefined when the
 * line is not read by windows. `cut`: read the line's first `cut` characters as the line instead
 * (run.exec on that prefix's answer; a line that repeats a segment: exec.ts).
 */
export function windowedFirst(run: PasteRunner, m: PasteMatcher, ln: LineRef, w?: LiteralWalk, cut = ln.text.length): LineMatch | null | undefined {
  return withRanges((r) => {
    if (cut < ln.text.length && cut < CUT_WINDOW_MIN) return undefined;
    const c = chosenPlaces(m, ln, w, r, Math.min(cut, ln.text.length));
    if (!c) return undefined;
    const text = cut < ln.text.length ? ln.text.slice(0, cut) : ln.text;
    const span = c.span;
    let found: LineMatch | null = null;
    eachRun(r, c.lits, span, (lo, hi) => (found = readWindow(run, text, lo, hi, span)) !== null);
    return found;
  });
}

/** Every literal's windows joined into runs (eachRun), as one list of pairs [lo, hi]. */
export function runsOf(at: readonly ArrayLike<number>[], lits: readonly string[], span: number): number[] {
  const r = newRanges(Math.max(1, at.length));
  for (const a of at) put(r, a, 0, a.length);
  return rangeRuns(r, lits, span);
}

function rangeRuns(r: Readonly<Ranges>, lits: readonly string[], span: number): number[] {
  const out: number[] = [];
  eachRun(r, lits, span, (lo, hi) => {
    out.push(lo, hi);
    return false;
  });
  return out;
}

/**
 * Calls f on each maximal run [lo, hi] of the union of every literal's windows [max(0, q - (span -
 * len)), q], q one of its places, in order, until f returns true: merge's answer on all the windows
 * (sorted, overlapping or touching ones joined; it depends only on the characters covered). A
 * literal's places ascend, so its windows come sorted by start: the lists are merged by start (a heap
 * of each list's next window), each window joined onto the open run or closing it and opening the next.
 */
function eachRun(r: Readonly<Ranges>, lits: readonly string[], span: number, f: (lo: number, hi: number) => boolean): void {
  const k = r.n;
  // Per heap slot a list; per list its next place and its window's start and reach back: one scratch
  // set kept across calls, grown as needed (a call made inside f, none today, would get its own).
  const nested = scratchBusy;
  let s = scratch;
  if (nested || s.heap.length < k) {
    s = newScratch(Math.max(k, 256));
    if (!nested) scratch = s;
  }
  scratchBusy = true;
  try {
    runs(r, lits, span, f, s);
  } finally {
    if (!nested) scratchBusy = false;
  }
}

interface Scratch {
  heap: Int32Array;
  next: Int32Array;
  key: Int32Array;
  backs: Int32Array;
}
const newScratch = (k: number): Scratch => ({ heap: new Int32Array(k), next: new Int32Array(k), key: new Int32Array(k), backs: new Int32Array(k) });
let scratch = newScratch(256);
let scratchBusy = false;

function runs({ n: k, at, from, to }: Readonly<Ranges>, lits: readonly string[], span: number, f: (lo: number, hi: number) => boolean, { heap, next, key, backs }: Scratch): void {
  let h = 0;
  for (let i = 0; i < k; i++) {
    if (from[i]! >= to[i]!) continue;
    next[i] = from[i]!;
    backs[i] = span - lits[i]!.length;
    const lo = (key[i] = Math.max(0, at[i]![from[i]!]! - backs[i]!));
    let c = h++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (key[heap[p]!]! <= lo) break;
      heap[c] = heap[p]!;
      c = p;
    }
    heap[c] = i;
  }
  let runLo = -1;
  let runHi = -2;
  while (h > 0) {
    const i = heap[0]!;
    const list = at[i]!;
    const q = list[next[i]!]!;
    const lo = key[i]!;
    if (lo <= runHi + 1) {
      if (q > runHi) runHi = q;
    } else {
      if (runLo >= 0 && f(runLo, runHi)) return;
      runLo = lo;
      runHi = q;
    }
    // The list's next window, or the list gone: sift down from the root.
    let top = i;
    if (++next[i]! < to[i]!) key[i] = Math.max(0, list[next[i]!]! - backs[i]!);
    else if (--h === 0) break;
    else top = heap[h]!;
    const tk = key[top]!;
    let c = 0;
    for (;;) {
      let m = 2 * c + 1;
      if (m >= h) break;
      if (m + 1 < h && key[heap[m + 1]!]! < key[heap[m]!]!) m++;
      if (tk <= key[heap[m]!]!) break;
      heap[c] = heap[m]!;
      c = m;
    }
    heap[c] = top;
  }
  if (runLo >= 0) f(runLo, runHi);
}

/** Pairs [lo, hi] sorted by lo, overlapping or touching ones joined. */
export function merge(pairs: number[]): number[] {
  const k = pairs.length >> 1;
  // Sorted as one number per pair (lo * 2^26 + hi: exact below 2^26 characters), by the typed array's
  // own numeric sort: a comparator sort was ~9 % of a dense line's evaluate().
  const keys = new Float64Array(k);
  for (let i = 0; i < k; i++) keys[i] = pairs[2 * i]! * PACK + pairs[2 * i + 1]!;
  keys.sort();
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const lo = Math.floor(keys[i]! / PACK);
    const hi = keys[i]! - lo * PACK;
    if (out.length > 0 && lo <= out[out.length - 1]! + 1) out[out.length - 1] = Math.max(out[out.length - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}
const PACK = 2 ** 26;

/** The first match starting in one of the windows, each read on the line cut `span` + 1 past its end (windowedFirst's answer, all windows made first). */
export function windowedMatch(run: PasteRunner, text: string, windows: readonly number[], span: number): LineMatch | null {
  for (let w = 0; w < windows.length; w += 2) {
    const r = readWindow(run, text, windows[w]!, windows[w + 1]!, span);
    if (r) return r;
  }
  return null;
}

/** The first match starting in [lo, hi], read on the line cut `span` + 1 past hi; null: none there. */
function readWindow(run: PasteRunner, text: string, lo: number, hi: number, span: number): LineMatch | null {
  const end = Math.min(text.length, hi + span + 1);
  const r = run.exec(end === text.length ? text : text.slice(0, end), lo);
  return r && r.index <= hi ? r : null;
}
