// A rule's gate (issue #13, start-up): what its `when` needs of the paste's literals, from the
// covers of its paste matchers, and which fact paths must hold a value. Worked out at build time for
// the built-in rules (the rules bundle's index), so a rule whose gate is absent is neither parsed nor
// evaluated.
//
// Why it is exact: a paste matcher with a cover (not case-sensitive, no empty conjunction) can
// only match a line holding every literal of one conjunction; when every conjunction has a literal
// that no kept line holds, candidateLines (conditions.ts) finds no line and the matcher is false.
// `all` is false as soon as one child is false (whatever the others, unknown included), `any` when
// every child is; `not` gives no gate. A version condition with a range is false when the version
// in use is known and outside it, or unknown and it says `ifUnknown: false` (evalVersion). A fact condition (evalFact in
// conditions.ts) whose op is not `missing`, `ne` or `falsy` is false when its source was collected
// and its path resolves to no value (no value can pass the op), and when its source was not
// collected and it says `ifUnknown: false`: a fact leaf is absent exactly then. So a rule whose gate
// is absent evaluates to false: `pass`, with no evidence, once its sources are there. The engine
// applies it only where skipping the evaluation cannot change the matching budget's account (see
// evaluate.ts).
import type { Condition, FactOp, PasteMatcher } from '../types.js';
import { walkConditions } from '../shared/conditions.js';
import { LINEAR_ENGINE_WEIGHT } from '../shared/regex/budget.js';
import { notOnLineMatcher } from '../shared/regex/compile.js';

/** `fact`: a fact path that must resolve to a value; `u`: its condition says `ifUnknown: false`. */
export type FactGate = { fact: string; u?: 1 };
/** `version`: a range the version in use must satisfy; `u`: its condition says `ifUnknown: false`. */
export type VersionGate = { version: string; u?: 1 };
export type Gate<L = string> = { all: Array<Gate<L>> } | { any: Array<Gate<L>> } | { cover: L[][] } | FactGate | VersionGate;

/** Ops that can hold of a fact with no value (evalFact decides them on the whole, possibly empty, set). */
const HOLD_WITHOUT_VALUE: ReadonlySet<FactOp> = new Set<FactOp>(['missing', 'ne', 'falsy']);

/** What a gate is checked against: the paste's gate literals held, and fact paths without a value. */
export interface GateFacts {
  /** Per gate literal (by number), whether some kept line holds it; undefined without a paste (covers then say nothing). */
  held(): Uint8Array | undefined;
  /** Whether the fact leaf is false whatever its op: see FactGate. */
  factAbsent(leaf: FactGate): boolean;
  /** Whether the version leaf is false: see VersionGate. */
  versionAbsent(leaf: VersionGate): boolean;
}

/** The gate of a `when` tree; null when it can be true whatever literals the paste holds. */
export function gateOf(c: Condition): Gate | null {
  if ('all' in c) {
    const kids = c.all.map(gateOf).filter((g): g is Gate => g !== null);
    return kids.length === 0 ? null : kids.length === 1 ? kids[0]! : { all: kids };
  }
  if ('any' in c) {
    const kids = c.any.map(gateOf);
    if (kids.some((g) => g === null)) return null;
    return kids.length === 1 ? kids[0]! : { any: kids as Gate[] };
  }
  if ('paste' in c) {
    const m = c.paste;
    if (!m.cover || m.caseSensitive || m.cover.some((conj) => conj.length === 0)) return null;
    return { cover: m.cover };
  }
  if ('fact' in c) {
    const f = c.fact;
    if (HOLD_WITHOUT_VALUE.has(f.op)) return null;
    return f.ifUnknown === 'false' ? { fact: f.path, u: 1 } : { fact: f.path };
  }
  if ('version' in c) {
    // A range (written, or resolved from a behaviour by the loader); olderThan compares two facts.
    const v = c.version;
    const range = v.olderThan === undefined ? (v.range ?? v.resolved) : undefined;
    if (range === undefined) return null;
    return v.ifUnknown === 'false' ? { version: range, u: 1 } : { version: range };
  }
  return null;
}

/** The gate with its literals numbered in `lits` (appended to it as they come). */
export function numberedGate(g: Gate, lits: string[], ids = new Map(lits.map((l, i) => [l, i]))): Gate<number> {
  const id = (l: string): number => {
    let i = ids.get(l);
    if (i === undefined) ids.set(l, (i = lits.push(l) - 1));
    return i;
  };
  const walk = (x: Gate): Gate<number> => ('all' in x ? { all: x.all.map(walk) } : 'any' in x ? { any: x.any.map(walk) } : 'fact' in x || 'version' in x ? x : { cover: x.cover.map((conj) => conj.map(id)) });
  return walk(g);
}

/**
 * Gates as one flat program of numbers (issue #13, start-up): the rules bundle's index carries the
 * table of every built-in rule (scripts/bundle-rules.mjs), so a run decides ~300 gates by walking
 * integers, with each fact or version leaf decided once per evaluation by its number, instead of a
 * tree of objects per rule (cold code: `in` checks on a dozen shapes, a key string built per leaf).
 * A node is `[ALL | ANY, length, count, ...children]`, `[COVER, length, count, (size, ...literal
 * numbers) per conjunction]` or `[LEAF, leaf number]` (length: the node's own, in numbers).
 */
export interface GateTable {
  /** An Int32Array from compileGates or the bundle (one kind of array: the walk stays monomorphic). */
  code: ArrayLike<number>;
  /** Fact and version leaves by number: `f` or `v`, `1` when its condition says `ifUnknown: false` (else `0`), the path or range. */
  leaves: readonly string[];
}

const ALL = 0;
const ANY = 1;
const COVER = 2;
const LEAF = 3;

/** The gates (null: none) as one table; `at[i]` is where gate i starts, -1 for none. */
export function compileGates(gates: ReadonlyArray<Gate<number> | null | undefined>): { table: GateTable; at: number[] } {
  const code: number[] = [];
  const leaves: string[] = [];
  const leafIds = new Map<string, number>();
  const node = (g: Gate<number>): void => {
    if ('fact' in g || 'version' in g) {
      const key = 'fact' in g ? `f${g.u === 1 ? 1 : 0}${g.fact}` : `v${g.u === 1 ? 1 : 0}${g.version}`;
      let id = leafIds.get(key);
      if (id === undefined) leafIds.set(key, (id = leaves.push(key) - 1));
      code.push(LEAF, id);
      return;
    }
    const start = code.length;
    if ('cover' in g) {
      code.push(COVER, 0, g.cover.length);
      for (const conj of g.cover) code.push(conj.length, ...conj);
    } else {
      const kids = 'all' in g ? g.all : g.any;
      code.push('all' in g ? ALL : ANY, 0, kids.length);
      for (const k of kids) node(k);
    }
    code[start + 1] = code.length - start;
  };
  const at = gates.map((g) => {
    if (!g) return -1;
    const start = code.length;
    node(g);
    return start;
  });
  return { table: { code: Int32Array.from(code), leaves }, at };
}

/**
 * A table's numbers as the rules bundle stores them: base64 of 32-bit little-endian integers. One
 * JSON string instead of ~25,000 numbers for JSON.parse at every start (~0.6 ms on Node 22, issue #13).
 */
export function encodeGateCode(code: ArrayLike<number>): string {
  const bytes = Buffer.alloc(code.length * 4);
  for (let i = 0; i < code.length; i++) bytes.writeInt32LE(code[i]!, i * 4);
  return bytes.toString('base64');
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** encodeGateCode's numbers back. */
export function decodeGateCode(text: string): Int32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new Error('gate table: not whole 32-bit numbers');
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const out = new Int32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt32LE(i * 4);
  return out;
}

/** The gates of one table checked against one evaluation's facts: each leaf decided once. */
export class GateRun {
  /** Per leaf: 0 not decided yet, 1 absent (false whatever its op), 2 not. */
  private readonly leafState: Int8Array;
  private held: Uint8Array | undefined | null = null;

  constructor(
    private readonly table: GateTable,
    private readonly on: GateFacts,
  ) {
    this.leafState = new Int8Array(table.leaves.length);
  }

  /** Whether the gate starting at `pc` is absent. */
  absent(pc: number): boolean {
    const code = this.table.code;
    const op = code[pc]!;
    if (op === LEAF) return this.leaf(code[pc + 1]!);
    const n = code[pc + 2]!;
    let p = pc + 3;
    if (op === COVER) {
      if (this.held === null) this.held = this.on.held();
      const held = this.held;
      if (!held) return false;
      for (let c = 0; c < n; c++) {
        const size = code[p]!;
        let absent = false;
        for (let i = 1; i <= size && !absent; i++) absent = held[code[p + i]!] === 0;
        if (!absent) return false;
        p += size + 1;
      }
      return true;
    }
    // ALL: absent as soon as one child is; ANY: only when every child is.
    for (let c = 0; c < n; c++) {
      if (this.absent(p) === (op === ALL)) return op === ALL;
      p += code[p] === LEAF ? 2 : code[p + 1]!;
    }
    return op === ANY;
  }

  private leaf(i: number): boolean {
    let s = this.leafState[i]!;
    if (s === 0) {
      const key = this.table.leaves[i]!;
      const rest = key.slice(2);
      const u = key.charCodeAt(1) === 49; // '1'
      const no = key.charCodeAt(0) === 102 /* 'f' */ ? this.on.factAbsent(u ? { fact: rest, u: 1 } : { fact: rest }) : this.on.versionAbsent(u ? { version: rest, u: 1 } : { version: rest });
      this.leafState[i] = s = no ? 1 : 2;
    }
    return s === 1;
  }
}

/** Whether the gate is absent, given which of its literals (by number) some kept line holds and which facts have no value. */
export function gateAbsent(g: Gate<number>, on: GateFacts): boolean {
  const { table, at } = compileGates([g]);
  return new GateRun(table, on).absent(at[0]!);
}

/**
 * An upper bound of the matching budget one evaluation of the rule can spend per character of
 * kept text (src/shared/regex/compile.ts: a regex run costs the line's length times its weight, at
 * most LINEAR_ENGINE_WEIGHT per piece plus 2 for a piece with a head; `contains` costs nothing).
 */
export function budgetWeight(when: Condition): number {
  let w = 0;
  const bound = (m: PasteMatcher): number => (m.plan ? m.plan.length * (LINEAR_ENGINE_WEIGHT + 2) : LINEAR_ENGINE_WEIGHT);
  for (const c of walkConditions(when)) {
    if (!('paste' in c) || c.paste.regex === undefined) continue;
    w += bound(c.paste);
    // A same-line exclusion is charged with its regex (compile.ts runWeight).
    const x = notOnLineMatcher(c.paste);
    if (x) w += bound(x);
  }
  return w;
}
