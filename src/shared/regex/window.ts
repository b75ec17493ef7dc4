// A pattern's first match on a long line that does not repeat, read only near its literals.
//
// Why exact: every match contains every literal of one conjunction of the pattern's cover (lower-
// cased), so it contains an occurrence [q, q + len) of the literal chosen from that conjunction, and
// it is at most `span` characters long (span.ts) — so it starts in [q + len - span, q]. An attempt
// at start j reads only j - 1 … j + span, so on the line cut after q + span it goes as on the whole
// line. Hence the first match starting in those windows (merged, in order), each read on the line
// cut at the window's end + span + 1, is the whole line's first match: every earlier start fails
// in the line too, and a start past a window's end is not trusted there (the cut can fake $ or \b).
// Positions are those of the lower-cased line, the same as the line's when every character lower-
// cases to one character by itself (no İ, no Σ, no surrogate).
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
  if (l === undefined) {
    const lowered = ln.text.toLowerCase();
    l = lowered.length === ln.text.length && !CONTEXT_CASED.test(ln.text) ? { lowered, at: new Map() } : null;
    lineLits.set(ln, l);
  }
  return l;
}
// Also "\n", a guard (kept lines never hold one): the cover pass's scan (engine/literal-pass.ts) does not
// restart a text's walk at a newline as walkPositions does, so its places equal walkPositions's only without one.
const CONTEXT_CASED = /[\n\u03a3\ud800-\udfff]/;

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

/** The literal's places: from the walk when it keeps the literal (`id`, its id there, or -1), else by indexOf. */
function positions(l: LineLits, lit: string, id: number, w: LiteralWalk | undefined): number[] {
  if (l.walk === undefined && w) {
    const positions = walkPositions(w, l.lowered);
    l.walk = positions ? { w, positions } : null;
  }
  if (id >= 0 && l.walk && l.walk.w.tries === w!.tries) return l.walk.positions[id] ?? NONE;
  let at = l.at.get(lit);
  if (at === undefined) {
    at = [];
    for (let i = l.lowered.indexOf(lit); i >= 0; i = l.lowered.indexOf(lit, i + 1)) at.push(i);
    l.at.set(lit, at);
  }
  return at;
}

const NONE: number[] = [];

/** A cover's chosen literals and, for one walk's tries, each one's id there (-1: not walked). */
interface Chosen {
  lits: string[];
  tries?: LiteralWalk['tries'];
  ids?: Int32Array;
}
/** Per cover: one literal per conjunction, the longest (the fewest places, usually). */
const chosen = new WeakMap<readonly (readonly string[])[], Chosen>();

function chosenOf(cover: readonly (readonly string[])[], w: LiteralWalk | undefined): Chosen {
  let c = chosen.get(cover);
  if (!c) chosen.set(cover, (c = { lits: cover.map((conj) => conj.reduce((a, b) => (b.length > a.length ? b : a))) }));
  if (w && c.tries !== w.tries) {
    c.tries = w.tries;
    c.ids = Int32Array.from(c.lits, (lit) => {
      const id = WALKED.test(lit) ? w.index.get(lit) : undefined;
      return id !== undefined && w.tries.keep(id) ? id : -1;
    });
  }
  return c;
}

/**
 * The windows of starts [lo, hi] (pairs, ascending, disjoint) where a match of `m` can start on the
 * line; undefined when the line is not read by windows (short, no usable cover or span, positions
 * not the line's, or windows adding up to over WINDOW_CHARS lines). `w`: the cover pass's walk, which
 * finds the places of the literals it keeps (others: indexOf).
 */
export function startWindows(m: PasteMatcher, ln: LineRef, w?: LiteralWalk): number[] | undefined {
  const span = m.span;
  const n = ln.text.length;
  if (span === undefined || n < WINDOW_MIN || n >= PACK || m.caseSensitive || !m.cover || m.cover.length === 0 || m.cover.some((c) => c.length === 0)) return undefined;
  const l = litsOf(ln);
  if (!l) return undefined;
  const c = chosenOf(m.cover, w);
  const lits = c.lits;
  const at: number[][] = [];
  let places = 0;
  for (let k = 0; k < lits.length; k++) {
    at.push(positions(l, lits[k]!, w ? c.ids![k]! : -1, w));
    if ((places += at[at.length - 1]!.length) * (span + 1) > WINDOW_CHARS * n) return undefined;
  }
  // A literal's places ascend, so its windows come sorted by start: joined as they come (what merge
  // gives them). Several literals' runs are then united two by two: each list is sorted and joined,
  // so a union is one linear pass, and the union is the same whatever the grouping (merge's answer).
  let lists: number[][] = [];
  for (let k = 0; k < lits.length; k++) {
    const runs: number[] = [];
    const back = span - lits[k]!.length;
    for (const q of at[k]!) {
      const lo = Math.max(0, q - back);
      if (runs.length > 0 && lo <= runs[runs.length - 1]! + 1) runs[runs.length - 1] = Math.max(runs[runs.length - 1]!, q);
      else runs.push(lo, q);
    }
    if (runs.length > 0 || lists.length === 0) lists.push(runs);
  }
  while (lists.length > 1) {
    const next: number[][] = [];
    for (let i = 0; i < lists.length; i += 2) next.push(i + 1 < lists.length ? unite(lists[i]!, lists[i + 1]!) : lists[i]!);
    lists = next;
  }
  return lists[0]!;
}

/** Two lists of runs [lo, hi], each sorted and joined as merge leaves them, as one such list. */
export function unite(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const fromA = j >= b.length || (i < a.length && a[i]! <= b[j]!);
    const lo = fromA ? a[i]! : b[j]!;
    const hi = fromA ? a[i + 1]! : b[j + 1]!;
    if (fromA) i += 2;
    else j += 2;
    if (out.length > 0 && lo <= out[out.length - 1]! + 1) out[out.length - 1] = Math.max(out[out.length - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
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

/** The first match starting in one of the windows, each read on the line cut `span` + 1 past its end. */
export function windowedMatch(run: PasteRunner, text: string, windows: readonly number[], span: number): LineMatch | null {
  for (let w = 0; w < windows.length; w += 2) {
    const hi = windows[w + 1]!;
    const end = Math.min(text.length, hi + span + 1);
    const r = run.exec(end === text.length ? text : text.slice(0, end), windows[w]!);
    if (r && r.index <= hi) return r;
  }
  return null;
}
