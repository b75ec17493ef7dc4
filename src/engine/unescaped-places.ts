// A kept line's unescaped form (`\"` → `"`: collectors/paste/normalize.ts keeps both) read through
// its raw form's walk: the two differ only where the escapes were. An occurrence of a literal in the
// unescaped text either crosses no seam (the place where a removed backslash was) — then it is an
// occurrence in the raw text holding no removed backslash, shifted left by the backslashes before
// it — or crosses one, and then it lies within a literal's length of that seam: those short spans
// are walked (walkPositions) and only their seam-crossing occurrences kept. The two kinds are
// disjoint and together every occurrence: the answer is walkPositions's on the whole unescaped text.
import { PlaceBuffer, walkPositions, type LiteralWalk, type Positions } from '../shared/literals/positions.js';

/** The raw text's removed backslashes when `u` is `r` with every `\"` made `"` (replaceAll's leftmost, non-overlapping), else undefined. */
export function escapesOf(r: string, u: string): number[] | undefined {
  if (u.length >= r.length) return undefined;
  const esc: number[] = [];
  for (let e = r.indexOf('\\"'); e >= 0; e = r.indexOf('\\"', e + 2)) esc.push(e);
  return esc.length === r.length - u.length && r.replaceAll('\\"', '"') === u ? esc : undefined;
}

/** Per walk: its kept literals' longest length in UTF-16 units (an occurrence's length in the text). */
const longest = new WeakMap<LiteralWalk['tries'], number>();

function longestOf(w: LiteralWalk): number {
  let n = longest.get(w.tries);
  if (n === undefined) {
    n = 0;
    const { a, keep } = w.tries;
    for (let id = 0; id < a.literals.length; id++) if (keep(id)) n = Math.max(n, a.literals[id]!.length);
    longest.set(w.tries, n);
  }
  return n;
}

/** How many of the ascending xs are below v. */
function below(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Above this share of u covered by seam spans, walking u itself is faster (measured: notes/hostile-input.md 2au). */
export const SPAN_SHARE_MAX = 0.05;

/**
 * walkPositions(w, u) from the raw text's places `raw` (walkPositions(w, r)), `esc` = escapesOf(r, u);
 * undefined when the caller should walk u itself: u holds a surrogate (walkPositions does not answer
 * on it, and an unanswered span must not read as "no occurrence crosses a seam"), lower-casing changes
 * u's length (İ → i̇: the caller's places are on the lower-cased text, these would be on u), or the
 * seams' spans cover more than SPAN_SHARE_MAX of u (dense escapes: the spans cost more than u's walk).
 */
export function unescapedPlaces(w: LiteralWalk, raw: Positions, esc: readonly number[], u: string): Positions | undefined {
  if (/[\ud800-\udfff]/.test(u) || u.toLowerCase().length !== u.length) return undefined;
  const lits = w.tries.a.literals;
  // Seams in u: the quote each removed backslash stood before.
  const seams = esc.map((e, i) => e - i);
  const m = longestOf(w);
  // Seams whose spans touch walk as one span [from, to): an occurrence crossing several is found once.
  const spans: number[] = [];
  let covered = 0;
  for (let i = 0; i < seams.length; ) {
    const from = Math.max(0, seams[i]! - m + 1);
    let to = Math.min(u.length, seams[i]! + m - 1);
    let j = i + 1;
    while (j < seams.length && seams[j]! - m + 1 <= to) to = Math.min(u.length, seams[j++]! + m - 1);
    spans.push(from, to);
    covered += to - from;
    i = j;
  }
  if (covered > SPAN_SHARE_MAX * u.length) return undefined;
  const crossing: number[][] = [];
  for (let s = 0; s < spans.length; s += 2) {
    const from = spans[s]!;
    const found = walkPositions(w, u.slice(from, spans[s + 1]!));
    if (!found) return undefined;
    const end = found.ends();
    const starts = found.starts();
    for (let id = 0; id + 1 < end.length; id++) {
      for (let j = end[id]!; j < end[id + 1]!; j++) {
        const q = from + starts[j]!;
        // The first seam after q crosses the occurrence [q, q + len) when it is inside it.
        const k = below(seams, q + 1);
        if (k < seams.length && seams[k]! < q + lits[id]!.length) (crossing[id] ??= []).push(q);
      }
    }
  }
  // Built in id order: the Positions need no sort.
  const out = outBuffer;
  out.n = 0;
  const end = raw.ends();
  const starts = raw.starts();
  const n = Math.max(end.length - 1, crossing.length);
  for (let id = 0; id < n; id++) {
    const from = id + 1 < end.length ? end[id]! : 0;
    const to = id + 1 < end.length ? end[id + 1]! : 0;
    const c = crossing[id];
    if (from === to && !c) continue;
    const len = lits[id]!.length;
    // Kept raw places (shifted), merged with the crossing ones (both ascending, disjoint).
    let x = 0;
    for (let j = from; j < to; j++) {
      const q = starts[j]!;
      const k = below(esc, q);
      // Holds a removed backslash: not in u.
      if (k < esc.length && esc[k]! < q + len) continue;
      if (c) while (x < c.length && c[x]! < q - k) out.add(id, c[x++]!);
      out.add(id, q - k);
    }
    if (c) while (x < c.length) out.add(id, c[x++]!);
  }
  return out.take(true);
}
const outBuffer = new PlaceBuffer();
