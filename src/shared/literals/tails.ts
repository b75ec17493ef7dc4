// Which literals a reporting state of the literal automaton (automaton.ts) really found, checked
// in one walk instead of one comparison per literal.
//
// The table holds only each literal's first `cut` bytes, and every byte >= 0x80 is one class, so a
// state can stand for many literals: "gatewa" for 177, three non-ASCII bytes for every CJK literal.
// Checking each with literalAt cost up to 4 M comparisons on one 64 KiB line. Here the rest of the
// literals of a state form a trie (per state, built on its first hit, only of the literals the
// caller keeps), so a check costs the length of the longest literal that matches there, however
// many share the state. Exact as literalAt/maybeAt: bytes compared ASCII case-folded.
// Over ~300 lines on purpose: one flat structure, its build (buildTries) and its walk (each), which must agree on every array's layout.
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

/** 1: the literal is there; 2: it runs out of buf[lo, hi) and cannot be told (only with `partial`). */
export type Hit = (id: number, there: 1 | 2) => void;

/** a, or a copy at least twice as long when it holds fewer than `need`. */
function growTo<T extends Int32Array | Uint8Array | Float64Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * The tries of an automaton's states for one set of kept literals, each built on its first use:
 * they depend on the automaton and `keep` only, so LiteralTails made with the same ones (a scanner
 * per read) can share them; the counts of `once` mode stay each LiteralTails' own.
 *
 * One flat arena for every state (a state's nodes, edges, ids and groups appended where the last
 * built state's end, numbered globally), not a set of typed arrays per state: a long line reaches
 * ~22 K reporting states of ~2,000 and the walks' time went to reading scattered small arrays.
 * The arrays are replaced when they grow: read them after `of` (a walk does; hit never builds).
 */
export class TailTries {
  /** Per state: its first group in gBack/gRoot (-1: not built yet), and the group after its last. */
  g0: Int32Array;
  g1: Int32Array;
  /** Per group: bytes before the end where the walk starts, and its root node. */
  gBack = new Int32Array(256);
  gRoot = new Int32Array(256);
  /** Per node: its edges edgeByte/edgeTo[edgeStart[n] .. edgeStart[n + 1]], its literals ids[idStart[n] .. idStart[n + 1]] (a sentinel after the last node). */
  edgeStart = new Int32Array(1025);
  idStart = new Int32Array(1025);
  /** Per node: its parent (-1 at a root) and how many literals its subtree holds. */
  parent = new Int32Array(1024);
  size = new Int32Array(1024);
  edgeByte = new Uint8Array(1024);
  edgeTo = new Int32Array(1024);
  ids = new Int32Array(1024);
  /** Nodes, edges, ids and groups in the arena. */
  nodes = 0;
  private edges = 0;
  private idCount = 0;
  private groups = 0;
  /** Per literal id: the built states whose tries hold it and the node it ends at (pairs k, node). */
  readonly at: Array<number[] | undefined> = [];
  constructor(
    readonly a: Automaton,
    readonly keep: (id: number) => boolean,
  ) {
    const states = a.outStart.length - 1;
    this.g0 = new Int32Array(states).fill(-1);
    this.g1 = new Int32Array(states);
  }

  /** Builds state k's tries into the arena, once (none: no group; none of its literals is kept). */
  of(k: number): void {
    if (this.g0[k]! >= 0) return;
    const t = buildTries(this.a, this.keep, k);
    const g = this.groups;
    this.g0[k] = this.g1[k] = g;
    if (!t) return;
    const n0 = this.nodes;
    const e0 = this.edges;
    const x0 = this.idCount;
    const nodes = t.parent.length;
    const groups = t.back.length;
    this.gBack = growTo(this.gBack, g + groups, (n) => new Int32Array(n));
    this.gRoot = growTo(this.gRoot, g + groups, (n) => new Int32Array(n));
    for (let i = 0; i < groups; i++) {
      this.gBack[g + i] = t.back[i]!;
      this.gRoot[g + i] = n0 + t.root[i]!;
    }
    this.edgeStart = growTo(this.edgeStart, n0 + nodes + 1, (n) => new Int32Array(n));
    this.idStart = growTo(this.idStart, n0 + nodes + 1, (n) => new Int32Array(n));
    this.parent = growTo(this.parent, n0 + nodes, (n) => new Int32Array(n));
    this.size = growTo(this.size, n0 + nodes, (n) => new Int32Array(n));
    for (let q = 0; q <= nodes; q++) {
      this.edgeStart[n0 + q] = e0 + t.edgeStart[q]!;
      this.idStart[n0 + q] = x0 + t.idStart[q]!;
    }
    for (let q = 0; q < nodes; q++) {
      this.parent[n0 + q] = t.parent[q]! < 0 ? -1 : n0 + t.parent[q]!;
      this.size[n0 + q] = t.size[q]!;
    }
    const edges = t.edgeTo.length;
    this.edgeByte = growTo(this.edgeByte, e0 + edges, (n) => new Uint8Array(n));
    this.edgeTo = growTo(this.edgeTo, e0 + edges, (n) => new Int32Array(n));
    this.edgeByte.set(t.edgeByte, e0);
    for (let e = 0; e < edges; e++) this.edgeTo[e0 + e] = n0 + t.edgeTo[e]!;
    this.ids = growTo(this.ids, x0 + t.ids.length, (n) => new Int32Array(n));
    this.ids.set(t.ids, x0);
    this.nodes = n0 + nodes;
    this.edges = e0 + edges;
    this.idCount = x0 + t.ids.length;
    this.groups = this.g1[k] = g + groups;
    for (let q = n0; q < this.nodes; q++) for (let j = this.idStart[q]!; j < this.idStart[q + 1]!; j++) (this.at[this.ids[j]!] ??= []).push(k, q);
  }

  /**
   * Calls hit for every kept literal of reporting state k whose table prefix ends at buf[end - 1]
   * and which lies whole in buf[lo, hi): LiteralTails.each without `partial` or `once` (a walk that
   * wants every occurrence: positions.ts, the cover pass's placed texts), on the shared tries
   * directly — no per-walker copy, no counts, no mode tests in the loop.
   */
  every(k: number, buf: Uint8Array, end: number, lo: number, hi: number, hit: (id: number) => void): void {
    let g = this.g0[k]!;
    if (g < 0) {
      this.of(k);
      g = this.g0[k]!;
    }
    const g1 = this.g1[k]!;
    if (g === g1) return;
    const { gBack, gRoot, edgeStart, edgeByte, edgeTo, idStart, ids } = this;
    const prefixLen = this.a.prefixLen;
    for (; g < g1; g++) {
      let pos = end - gBack[g]!;
      if (pos < lo) continue;
      let n = gRoot[g]!;
      for (;;) {
        for (let j = idStart[n]!, j1 = idStart[n + 1]!; j < j1; j++) {
          const id = ids[j]!;
          // literalAt: the whole literal lies in the text (its prefix too, when not compared here).
          if (end - prefixLen[id]! >= lo) hit(id);
        }
        const e0 = edgeStart[n]!;
        const e1 = edgeStart[n + 1]!;
        if (e0 === e1 || pos >= hi) break;
        const b = fold(buf[pos++]!);
        let e = e0;
        while (e < e1 && edgeByte[e] !== b) e++;
        if (e === e1) break;
        n = edgeTo[e]!;
      }
    }
  }
}

export class LiteralTails {
  /** Per state: whether this LiteralTails has walked it (its nodes' counts are its own from then on). */
  private readonly walked: Uint8Array;
  private readonly tries: TailTries;
  /** `once` mode: per literal id, the text it was last reported in. */
  private readonly seenIn: Float64Array | undefined;
  /** Per arena node (`once` mode): how many of its subtree's literals were found in text `stamp[n]`. */
  private found = new Int32Array(0);
  private stamp = new Float64Array(0);

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
    this.walked = new Uint8Array(a.outStart.length - 1);
    if (once) this.seenIn = new Float64Array(a.literals.length).fill(-1);
  }

  /** Whether every literal below node n was reported in this text already. */
  private done(n: number, text: number): boolean {
    return this.stamp[n] === text && this.found[n] === this.tries.size[n];
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
    const { stamp, found, walked } = this;
    const parent = this.tries.parent;
    for (let x = 0; x < at.length; x += 2) {
      if (walked[at[x]!] === 0) continue;
      for (let n = at[x + 1]!; n >= 0; n = parent[n]!) {
        if (stamp[n] !== text) {
          stamp[n] = text;
          found[n] = 0;
        }
        found[n]!++;
      }
    }
  }

  /** Calls hit for each kept literal of reporting state k whose table prefix ends at buf[end - 1]. */
  each(k: number, buf: Uint8Array, end: number, lo: number, hi: number, hit: Hit, text = 0): void {
    const tries = this.tries;
    if (this.walked[k] === 0) this.walk(k);
    const g1 = tries.g1[k]!;
    const { gBack, gRoot, edgeStart, edgeByte, edgeTo, idStart, ids } = tries;
    const seen = this.seenIn;
    for (let g = tries.g0[k]!; g < g1; g++) {
      let pos = end - gBack[g]!;
      let n: number = gRoot[g]!;
      if (seen && this.done(n, text)) continue;
      if (pos < lo) {
        if (this.partial) this.subtree(n, hit, true, text);
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
          if (this.partial) this.subtree(n, hit, false, text);
          break;
        }
        const b = fold(buf[pos++]!);
        let next = -1;
        for (let e = e0; e < e1; e++)
          if (edgeByte[e] === b) {
            next = edgeTo[e]!;
            break;
          }
        if (next < 0 || (seen && this.done(next, text))) break;
        n = next;
      }
    }
  }

  /** Every literal below node n (with n's own when `self`): they could not be told here. */
  private subtree(n: number, hit: Hit, self: boolean, text: number): void {
    const t = this.tries;
    if (self) for (let j = t.idStart[n]!; j < t.idStart[n + 1]!; j++) if (this.first(t.ids[j]!, text)) hit(t.ids[j]!, 2);
    for (let e = t.edgeStart[n]!; e < t.edgeStart[n + 1]!; e++) this.subtree(t.edgeTo[e]!, hit, true, text);
  }

  /** State k's first walk by this LiteralTails: its tries built (shared), its nodes' counts fresh (never touched: mark skips unwalked states). */
  private walk(k: number): void {
    this.tries.of(k);
    this.walked[k] = 1;
    if (!this.seenIn) return;
    const nodes = this.tries.nodes;
    if (nodes > this.found.length) {
      const old = this.stamp.length;
      this.found = growTo(this.found, nodes, (n) => new Int32Array(n));
      this.stamp = growTo(this.stamp, nodes, (n) => new Float64Array(n));
      this.stamp.fill(-1, old);
    }
  }
}

/**
 * Scratch for buildTries, grown as needed and reused by every build (a state's tries are built in
 * these, then copied out flat): per node in creation order its byte, first and last kid, next
 * sibling, first and last id entry; per id entry its id and the next entry of the same node.
 * Not re-entrant: buildTries must not run inside itself (nothing it calls builds tries).
 */
let sByte: Int32Array = new Int32Array(1024);
let sFirst: Int32Array = new Int32Array(1024);
let sLast: Int32Array = new Int32Array(1024);
let sNext: Int32Array = new Int32Array(1024);
let sIdHead: Int32Array = new Int32Array(1024);
let sIdTail: Int32Array = new Int32Array(1024);
let sOrder: Int32Array = new Int32Array(1024);
let sNew: Int32Array = new Int32Array(1024);
let eId: Int32Array = new Int32Array(256);
let eNext: Int32Array = new Int32Array(256);
const gBack: number[] = [];
const gRoot: number[] = [];

const grow = (a: Int32Array, need: number): Int32Array => growTo(a, need, (n) => new Int32Array(n));

/**
 * State k's tries, flattened breadth-first: the roots (one per `back`, in order of their first
 * kept literal in outIds), then each node's kids in the order their byte was first needed, each
 * node's ids in outIds order (what the trie of Maps it replaced gave: test/paste/literal-tails-build.test.ts).
 * Nodes are numbers in flat scratch arrays: a Map per node made the build most of the cost of a
 * state's first hit (~3 % of the 20,000-line paste's run).
 */
export function buildTries(a: Automaton, keep: (id: number) => boolean, k: number): Tries | null {
  let nodes = 0;
  let entries = 0;
  gBack.length = 0;
  gRoot.length = 0;
  const newNode = (b: number): number => {
    if (nodes === sByte.length) {
      const n = nodes * 2;
      sByte = grow(sByte, n);
      sFirst = grow(sFirst, n);
      sLast = grow(sLast, n);
      sNext = grow(sNext, n);
      sIdHead = grow(sIdHead, n);
      sIdTail = grow(sIdTail, n);
    }
    sByte[nodes] = b;
    sFirst[nodes] = -1;
    sLast[nodes] = -1;
    sNext[nodes] = -1;
    sIdHead[nodes] = -1;
    sIdTail[nodes] = -1;
    return nodes++;
  };
  for (let j = a.outStart[k]!; j < a.outStart[k + 1]!; j++) {
    const id = a.outIds[j]!;
    if (!keep(id)) continue;
    const p = a.prefixLen[id]!;
    // A prefix with non-ASCII bytes matched only their shared class: compare it too.
    const back = a.loose[id] === 1 ? p : 0;
    let g = gBack.indexOf(back);
    if (g < 0) {
      g = gBack.length;
      gBack.push(back);
      gRoot.push(newNode(-1));
    }
    let n = gRoot[g]!;
    const lit = a.bytes[id]!;
    for (let i = p - back; i < lit.length; i++) {
      const b = fold(lit[i]!);
      let kid = sFirst[n]!;
      while (kid >= 0 && sByte[kid] !== b) kid = sNext[kid]!;
      if (kid < 0) {
        kid = newNode(b);
        if (sLast[n]! < 0) sFirst[n] = kid;
        else sNext[sLast[n]!] = kid;
        sLast[n] = kid;
      }
      n = kid;
    }
    if (entries === eId.length) {
      eId = grow(eId, entries * 2);
      eNext = grow(eNext, entries * 2);
    }
    eId[entries] = id;
    eNext[entries] = -1;
    if (sIdTail[n]! < 0) sIdHead[n] = entries;
    else eNext[sIdTail[n]!] = entries;
    sIdTail[n] = entries++;
  }
  if (gBack.length === 0) return null;
  // Breadth-first order: order[q] is the scratch node numbered q, sNew its number.
  sOrder = grow(sOrder, nodes);
  sNew = grow(sNew, nodes);
  let len = 0;
  for (const r of gRoot) sNew[(sOrder[len] = r)] = len++;
  for (let q = 0; q < len; q++)
    for (let kid = sFirst[sOrder[q]!]!; kid >= 0; kid = sNext[kid]!) sNew[(sOrder[len] = kid)] = len++;
  const parent = new Int32Array(nodes).fill(-1);
  const edgeStart = new Int32Array(nodes + 1);
  const idStart = new Int32Array(nodes + 1);
  const edgeByte = new Uint8Array(nodes - gRoot.length);
  const edgeTo = new Int32Array(nodes - gRoot.length);
  const ids = new Int32Array(entries);
  let e = 0;
  let x = 0;
  for (let q = 0; q < nodes; q++) {
    const n = sOrder[q]!;
    edgeStart[q] = e;
    idStart[q] = x;
    for (let kid = sFirst[n]!; kid >= 0; kid = sNext[kid]!) {
      edgeByte[e] = sByte[kid]!;
      edgeTo[e++] = sNew[kid]!;
      parent[sNew[kid]!] = q;
    }
    for (let en = sIdHead[n]!; en >= 0; en = eNext[en]!) ids[x++] = eId[en]!;
  }
  edgeStart[nodes] = e;
  idStart[nodes] = x;
  const size = new Int32Array(nodes);
  for (let q = nodes - 1; q >= 0; q--) {
    size[q]! += idStart[q + 1]! - idStart[q]!;
    if (parent[q]! >= 0) size[parent[q]!]! += size[q]!;
  }
  return { back: Int32Array.from(gBack), root: Int32Array.from(gRoot, (r) => sNew[r]!), edgeStart, edgeByte, edgeTo, idStart, ids, parent, size };
}
