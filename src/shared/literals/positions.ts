// Where literals occur in one long line: every occurrence, in one walk of the automaton the cover
// pass used, with its tries (the pass reports each literal once per line; a pattern read near its
// literals needs them all — src/shared/regex/window.ts). On a line of thousands of literals this is
// ~8x cheaper than one indexOf per literal.
import type { TailTries } from './tails.js';

/** The pass's automaton and tries (LiteralSet.builtinWalk): the literals they keep, by id in `index`. */
export interface LiteralWalk {
  tries: TailTries;
  index: Map<string, number>;
}

/**
 * Every place of the walk's literals in one text: (id, start) pairs in one Int32Array, as the walk
 * found them (a literal's own starts ascending), bucketed per literal on the first read (a
 * counting sort: per id an offset into one array of starts). Not a growing array per literal: a
 * long line holds ~16 K places of ~3.6 K literals, and those arrays, their pushes and their garbage
 * were most of the placed walk's cost beside the tries (notes/hostile-input.md 2bk).
 */
export class Positions {
  /** Per id + 1 the end of its starts in `grouped` (bucketed: undefined until the first read). */
  private end: Int32Array | undefined;
  private grouped: Int32Array | undefined;
  /**
   * `pairs[0 .. 2 * count)`: (id, start) pairs, each literal's starts ascending. `sorted`: the pairs
   * come in id order already (then they are bucketed without a sort).
   */
  constructor(
    private pairs: Int32Array,
    readonly count: number,
    private readonly sorted = false,
  ) {}

  /** Where literal id starts in the text (ascending; a view, not to be written), or undefined: nowhere. */
  get(id: number): Int32Array | undefined {
    const end = this.end ?? this.bucket();
    if (id < 0 || id + 1 >= end.length) return undefined;
    const from = end[id]!;
    const to = end[id + 1]!;
    return from === to ? undefined : this.grouped!.subarray(from, to);
  }

  /**
   * Per id + 1 where its starts end in starts(): literal id's starts are starts()[ends()[id] ..
   * ends()[id + 1]) (ids past ends().length - 2 have none), for a reader of many literals without a view each.
   */
  ends(): Int32Array {
    return this.end ?? this.bucket();
  }

  /** Every start, grouped by literal (see ends). */
  starts(): Int32Array {
    if (!this.end) this.bucket();
    return this.grouped!;
  }

  /** The ids that occur, ascending. */
  ids(): number[] {
    const end = this.end ?? this.bucket();
    const out: number[] = [];
    for (let id = 0; id + 1 < end.length; id++) if (end[id + 1]! > end[id]!) out.push(id);
    return out;
  }

  /** Per id its starts, as plain arrays (undefined: nowhere): for comparisons in tests and checks. */
  lists(): Array<number[] | undefined> {
    const out: Array<number[] | undefined> = [];
    for (const id of this.ids()) out[id] = Array.from(this.get(id)!);
    return out;
  }

  private bucket(): Int32Array {
    const { pairs, count } = this;
    let top = -1;
    for (let k = 0; k < count; k++) if (pairs[2 * k]! > top) top = pairs[2 * k]!;
    // end[id + 1] counts id's places, then (prefix sums) ends its slice.
    const end = new Int32Array(top + 2);
    const starts = new Int32Array(count);
    if (this.sorted) {
      for (let k = 0; k < count; k++) {
        starts[k] = pairs[2 * k + 1]!;
        end[pairs[2 * k]! + 1]!++;
      }
      for (let id = 1; id < end.length; id++) end[id]! += end[id - 1]!;
    } else {
      for (let k = 0; k < count; k++) end[pairs[2 * k]! + 1]!++;
      for (let id = 1; id < end.length; id++) end[id]! += end[id - 1]!;
      // A stable counting sort: each id's starts keep their (ascending) walk order.
      const next = end.slice(0, end.length - 1);
      for (let k = 0; k < count; k++) starts[next[pairs[2 * k]!]!++] = pairs[2 * k + 1]!;
    }
    this.grouped = starts;
    this.pairs = EMPTY;
    return (this.end = end);
  }
}
const EMPTY = new Int32Array(0);

/**
 * (id, start) pairs appended as a walk finds them, in one buffer reused from text to text; `take`
 * copies the text's pairs out as its Positions and starts the next text.
 */
export class PlaceBuffer {
  pairs = new Int32Array(4096);
  n = 0;

  add(id: number, at: number): void {
    if (this.n === this.pairs.length) {
      const b = new Int32Array(this.n * 2);
      b.set(this.pairs);
      this.pairs = b;
    }
    this.pairs[this.n++] = id;
    this.pairs[this.n++] = at;
  }

  take(sorted = false): Positions {
    const p = new Positions(this.pairs.slice(0, this.n), this.n >> 1, sorted);
    this.n = 0;
    return p;
  }
}

/**
 * Every occurrence in `text` (lower-cased by the caller; ASCII folded here) of every literal the
 * walk's tries keep of three or more bytes (the automaton's table holds no shorter), as UTF-16
 * indexes. Undefined when the text holds a surrogate.
 */
export function walkPositions(w: LiteralWalk, text: string): Positions | undefined {
  if (/[\ud800-\udfff]/.test(text)) return undefined;
  const a = w.tries.a;
  const tries = w.tries;
  const buf = Buffer.from(text, 'utf8');
  // Byte offset -> UTF-16 index, when they differ (a character of 2 or 3 UTF-8 bytes).
  const charAt = buf.length === text.length ? undefined : charIndexes(text, buf.length);
  const found = walkBuffer;
  found.n = 0;
  const { delta, cls, special, nl, ctrl, classes, prefixLen } = a;
  // A literal's prefix length is fixed: its starts come ascending, as its prefix ends do.
  let end = 0;
  const hit = (id: number): void => {
    const at = end - prefixLen[id]!;
    found.add(id, charAt ? charAt[at]! : at);
  };
  let s = 0;
  let lo = 0;
  for (let i = 0; i < buf.length; i++) {
    s = delta[s + cls[buf[i]!]!]!;
    if (s < special || s === ctrl) continue;
    if (s === nl) {
      lo = i + 1; // no literal spans a newline
      continue;
    }
    end = i + 1;
    tries.every(((s - special) / classes) | 0, buf, end, lo, buf.length, hit);
  }
  return found.take();
}

/** walkPositions's buffer (it never runs inside itself: nothing a walk calls walks). */
const walkBuffer = new PlaceBuffer();

/** Per UTF-8 byte offset of a text without surrogates, the UTF-16 index of the character it is in. */
export function charIndexes(text: string, bytes: number): Int32Array {
  const out = new Int32Array(bytes + 1);
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    for (let j = 0; j < n; j++) out[k++] = i;
  }
  out[k] = text.length;
  return out;
}
