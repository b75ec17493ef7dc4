// Which literals a reporting state of the literal automaton (automaton.ts) really found, checked
// in one walk instead of one comparison per literal.
//
// The table holds only each literal's first `cut` bytes, and every byte >= 0x80 is one class, so a
// state can stand for many literals: "gatewa" for 177, three non-ASCII bytes for every CJK literal.
// Checking each with literalAt cost up to 4 M comparisons on one 64 KiB line. Here the rest of the
// literals of a state form a trie (per state, built on its first hit, only of the literals the
// caller keeps), so a check costs the length of the longest literal that matches there, however
// many share the state. Exact as literalAt/maybeAt: bytes compared ASCII case-folded.
import type { Automaton } from './automaton.js';

const fold = (b: number): number => (b >= 0x41 && b <= 0x5a ? b + 32 : b);

/** The tries of one state: one per distance `back` before the state's end where a walk starts. */
interface Tries {
  /** Per group: bytes before the end where the walk starts (0: the rest after the prefix; p: a loose literal from its start). */
  back: Int32Array;
  root: Int32Array;
  /** Per node: its edges edgeByte/edgeTo[edgeStart[n] .. edgeStart[n + 1]], its literals ids[idStart[n] .. idStart[n + 1]]. */
  edgeStart: Int32Array;
  edgeByte: Uint8Array;
  edgeTo: Int32Array;
  idStart: Int32Array;
  ids: Int32Array;
  /** Per node: its parent (-1 at a root) and how many literals its subtree holds. */
  parent: Int32Array;
  size: Int32Array;
}

/** A state's tries with one LiteralTails' own counts. */
interface StateTries extends Tries {
  /** Per node (`once` mode): how many of them were found in text `stamp[n]`. */
  found: Int32Array;
  stamp: Float64Array;
}

interface Node {
  kids: Map<number, Node>;
  ids: number[];
  n: number;
}

/** 1: the literal is there; 2: it runs out of buf[lo, hi) and cannot be told (only with `partial`). */
export type Hit = (id: number, there: 1 | 2) => void;

/**
 * The tries of an automaton's states for one set of kept literals, each built on its first use:
 * they depend on the automaton and `keep` only, so LiteralTails made with the same ones (a scanner
 * per read) can share them; the counts of `once` mode stay each LiteralTails' own.
 */
export class TailTries {
  private readonly states: Array<Tries | null | undefined>;
  /** Per literal id: the built states whose tries hold it and the node it ends at (pairs k, node). */
  readonly at: Array<number[] | undefined> = [];
  constructor(
    readonly a: Automaton,
    readonly keep: (id: number) => boolean,
  ) {
    this.states = new Array(a.outStart.length - 1);
  }

  /** State k's tries (null: none of its literals is kept). */
  of(k: number): Tries | null {
    let t = this.states[k];
    if (t === undefined) {
      t = this.states[k] = buildTries(this.a, this.keep, k);
      if (t) for (let n = 0; n < t.parent.length; n++) for (let j = t.idStart[n]!; j < t.idStart[n + 1]!; j++) (this.at[t.ids[j]!] ??= []).push(k, n);
    }
    return t;
  }
}

export class LiteralTails {
  private readonly states: Array<StateTries | null | undefined>;
  private readonly tries: TailTries;
  /** `once` mode: per literal id, the text it was last reported in. */
  private readonly seenIn: Float64Array | undefined;

  /**
   * `keep`: the literal ids the caller wants reported. `partial`: report literals that run past
   * either end of buf[lo, hi) as 2 (a chunk of a longer line), as maybeAt does; otherwise they are
   * absent, as literalAt says. `once`: each literal is reported once per text (the `text` argument
   * of each, a serial number), whichever it is first (1 or 2), and a walk stops where everything
   * below was already reported — on a long line made of the same literals again and again most
   * walks then end at once. `tries`: tries built for the same automaton and `keep` to share (new
   * ones otherwise).
   */
  constructor(
    private readonly a: Automaton,
    keep: (id: number) => boolean,
    private readonly partial = false,
    once = false,
    tries?: TailTries,
  ) {
    if (tries && (tries.a !== a || tries.keep !== keep)) throw new Error('LiteralTails: shared tries of another automaton or literal set');
    this.tries = tries ?? new TailTries(a, keep);
    this.states = new Array(a.outStart.length - 1);
    if (once) this.seenIn = new Float64Array(a.literals.length).fill(-1);
  }

  /** Whether every literal below node n was reported in this text already. */
  private static done(t: StateTries, n: number, text: number): boolean {
    return t.stamp[n] === text && t.found[n] === t.size[n];
  }

  /** Whether literal id is to be reported (always, unless `once` and already reported in this text). */
  private first(id: number, text: number): boolean {
    const seen = this.seenIn;
    if (!seen) return true;
    if (seen[id] === text) return false;
    seen[id] = text;
    this.mark(id, text);
    return true;
  }

  /** Literal id was reported in this text: count it in every subtree that holds it. */
  private mark(id: number, text: number): void {
    // Only the states this LiteralTails has walked: a literal found earlier in the current text is
    // not counted in a state built later (it only walks more).
    const at = this.tries.at[id];
    if (!at) return;
    for (let x = 0; x < at.length; x += 2) {
      const t = this.states[at[x]!];
      if (!t) continue;
      for (let n = at[x + 1]!; n >= 0; n = t.parent[n]!) {
        if (t.stamp[n] !== text) {
          t.stamp[n] = text;
          t.found[n] = 0;
        }
        t.found[n]!++;
      }
    }
  }

  /** Calls hit for each kept literal of reporting state k whose table prefix ends at buf[end - 1]. */
  each(k: number, buf: Uint8Array, end: number, lo: number, hi: number, hit: Hit, text = 0): void {
    let t = this.states[k];
    if (t === undefined) t = this.states[k] = this.build(k);
    if (t === null) return;
    const { edgeStart, edgeByte, edgeTo, idStart, ids } = t;
    const seen = this.seenIn;
    for (let g = 0; g < t.back.length; g++) {
      let pos = end - t.back[g]!;
      let n: number = t.root[g]!;
      if (seen && LiteralTails.done(t, n, text)) continue;
      if (pos < lo) {
        if (this.partial) this.subtree(t, n, hit, true, text);
        continue;
      }
      for (;;) {
        for (let j: number = idStart[n]!; j < idStart[n + 1]!; j++) {
          const id = ids[j]!;
          // literalAt: the whole literal lies in the text (its prefix too, when not compared here).
          if (!this.partial && end - this.a.prefixLen[id]! < lo) continue;
          if (this.first(id, text)) hit(id, 1);
        }
        const e0 = edgeStart[n]!;
        const e1 = edgeStart[n + 1]!;
        if (e0 === e1) break;
        if (pos >= hi) {
          if (this.partial) this.subtree(t, n, hit, false, text);
          break;
        }
        const b = fold(buf[pos++]!);
        let next = -1;
        for (let e = e0; e < e1; e++)
          if (edgeByte[e] === b) {
            next = edgeTo[e]!;
            break;
          }
        if (next < 0 || (seen && LiteralTails.done(t, next, text))) break;
        n = next;
      }
    }
  }

  /** Every literal below node n (with n's own when `self`): they could not be told here. */
  private subtree(t: StateTries, n: number, hit: Hit, self: boolean, text: number): void {
    if (self) for (let j = t.idStart[n]!; j < t.idStart[n + 1]!; j++) if (this.first(t.ids[j]!, text)) hit(t.ids[j]!, 2);
    for (let e = t.edgeStart[n]!; e < t.edgeStart[n + 1]!; e++) this.subtree(t, t.edgeTo[e]!, hit, true, text);
  }

  /** State k's tries with counts of this LiteralTails' own. */
  private build(k: number): StateTries | null {
    const shared = this.tries.of(k);
    if (shared === null) return null;
    const nodes = shared.parent.length;
    // Spelled out, not spread: a spread copy's layout made the walks ~25 % slower on a 20,000-line paste.
    const s = shared;
    return {
      back: s.back,
      root: s.root,
      edgeStart: s.edgeStart,
      edgeByte: s.edgeByte,
      edgeTo: s.edgeTo,
      idStart: s.idStart,
      ids: s.ids,
      parent: s.parent,
      size: s.size,
      found: new Int32Array(nodes),
      stamp: new Float64Array(nodes).fill(-1),
    };
  }
}

function buildTries(a: Automaton, keep: (id: number) => boolean, k: number): Tries | null {
  const groups = new Map<number, Node>();
  const node = (): Node => ({ kids: new Map(), ids: [], n: -1 });
  for (let j = a.outStart[k]!; j < a.outStart[k + 1]!; j++) {
    const id = a.outIds[j]!;
    if (!keep(id)) continue;
    const p = a.prefixLen[id]!;
    // A prefix with non-ASCII bytes matched only their shared class: compare it too.
    const back = a.loose[id] === 1 ? p : 0;
    let n: Node | undefined = groups.get(back);
    if (!n) groups.set(back, (n = node()));
    const lit = a.bytes[id]!;
    for (let i = p - back; i < lit.length; i++) {
      const b = fold(lit[i]!);
      let next: Node | undefined = n.kids.get(b);
      if (!next) n.kids.set(b, (next = node()));
      n = next;
    }
    n.ids.push(id);
  }
  if (groups.size === 0) return null;
  // Flatten breadth-first.
  const order: Node[] = [];
  for (const root of groups.values()) {
    root.n = order.length;
    order.push(root);
  }
  for (let q = 0; q < order.length; q++)
    for (const kid of order[q]!.kids.values()) {
      kid.n = order.length;
      order.push(kid);
    }
  const parent = new Int32Array(order.length).fill(-1);
  for (const n of order) for (const kid of n.kids.values()) parent[kid.n] = n.n;
  const size = new Int32Array(order.length);
  for (let q = order.length - 1; q >= 0; q--) {
    size[q]! += order[q]!.ids.length;
    if (parent[q]! >= 0) size[parent[q]!]! += size[q]!;
  }
  const edgeStart = new Int32Array(order.length + 1);
  const idStart = new Int32Array(order.length + 1);
  const edgeByte: number[] = [];
  const edgeTo: number[] = [];
  const ids: number[] = [];
  order.forEach((n, i) => {
    edgeStart[i] = edgeByte.length;
    idStart[i] = ids.length;
    for (const [b, kid] of n.kids) {
      edgeByte.push(b);
      edgeTo.push(kid.n);
    }
    ids.push(...n.ids);
  });
  edgeStart[order.length] = edgeByte.length;
  idStart[order.length] = ids.length;
  return {
    back: Int32Array.from(groups.keys()),
    root: Int32Array.from(groups.values(), (r) => r.n),
    edgeStart,
    edgeByte: Uint8Array.from(edgeByte),
    edgeTo: Int32Array.from(edgeTo),
    idStart,
    ids: Int32Array.from(ids),
    parent,
    size,
  };
}
