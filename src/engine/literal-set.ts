// Which of many literals occur in a text, found in one pass (issue #13).
//
// The engine's "cannot match" check needs, for ~1,500 cover literals, which lower-cased paste
// lines contain each. One `includes` per literal rescans the whole paste per literal (half of a
// 2 MB run). Here every literal of 4 or more characters is filed under one 4-gram of its own
// (the gram fewest literals contain), grams hash into a bucket table, and one pass over the text
// checks the bucket of each position's 4-gram, verifying candidates with `startsWith`. Literals
// of 2-3 characters are filed under a bigram the same way, single characters in a flag table.
// Exact: the answer is `text.includes(literal)` for every literal and text (code units, no folding).

const BITS = 15;
const EMPTY = -1;

function gramHash(c0: number, c1: number, c2: number, c3: number): number {
  return (Math.imul(c0, 0x9e3779b1) ^ Math.imul(c1, 0x85ebca77) ^ Math.imul(c2, 0xc2b2ae3d) ^ Math.imul(c3, 0x27d4eb2f)) >>> (32 - BITS);
}

/** Hash of the q-gram (q = 2 or 4) at s[i]. */
function hashAt(s: string, i: number, q: number): number {
  return q === 4 ? gramHash(s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2), s.charCodeAt(i + 3)) : gramHash(0, 0, s.charCodeAt(i), s.charCodeAt(i + 1));
}

/** A LiteralSet as JSON: the rules bundle ships the built-in one, so a run does no gram work. */
export interface LiteralTable {
  literals: string[];
  /** Where each literal's gram starts; -1: a single character. */
  offsets: number[];
  /** The gram's bucket (its hash); -1: a single character. */
  buckets: number[];
}

export class LiteralSet {
  readonly literals: readonly string[];
  /** Literals of length >= 4 by 4-gram, of length 2-3 by bigram: bucket -> first entry, chained by `next`. */
  private readonly head4 = new Int32Array(1 << BITS).fill(EMPTY);
  private readonly head2 = new Int32Array(1 << BITS).fill(EMPTY);
  private readonly next: Int32Array;
  private readonly entryLit: Int32Array;
  /** Where the gram starts in the literal. */
  private readonly entryOff: Int32Array;
  /** One-character literals. */
  private readonly single = new Uint8Array(65536);
  private readonly singleLit = new Map<number, number>();
  private readonly offsets: Int32Array;
  private readonly buckets: Int32Array;
  private index: Map<string, number> | undefined;
  private used = 0;

  /** `known`: gram offsets chosen before, kept when still valid (a user rule adds literals to built-in ones). */
  constructor(source: Iterable<string> | LiteralTable, known?: ReadonlyMap<string, number>) {
    const table = 'buckets' in source ? source : undefined;
    this.literals = table ? table.literals : [...new Set(source as Iterable<string>)].filter((l) => l.length > 0);
    const n = this.literals.length;
    this.next = new Int32Array(n);
    this.entryLit = new Int32Array(n);
    this.entryOff = new Int32Array(n);
    this.offsets = new Int32Array(n).fill(-1);
    this.buckets = new Int32Array(n).fill(-1);
    if (table) {
      for (let k = 0; k < n; k++) this.file(k, table.offsets[k]!, table.buckets[k]!);
      return;
    }
    const qOf = (lit: string): number => (lit.length >= 4 ? 4 : 2);
    const valid = (lit: string, off: number | undefined): off is number => off !== undefined && off >= 0 && off + qOf(lit) <= lit.length;
    // Each literal's gram is its rarest one among all literals' grams: a gram many literals share
    // ("gate", "conn", "erro") is common in logs too, and a common gram costs a check per occurrence.
    const df = new Map<number, number>();
    if (this.literals.some((lit) => lit.length > 1 && !valid(lit, known?.get(lit)))) {
      for (const lit of this.literals) {
        const q = qOf(lit);
        const seen = new Set<number>();
        for (let j = 0; j + q <= lit.length; j++) seen.add(hashAt(lit, j, q));
        for (const h of seen) df.set(h, (df.get(h) ?? 0) + 1);
      }
    }
    for (let k = 0; k < n; k++) {
      const lit = this.literals[k]!;
      if (lit.length === 1) {
        this.file(k, -1, -1);
        continue;
      }
      const q = qOf(lit);
      let best = known?.get(lit);
      if (!valid(lit, best)) {
        best = 0;
        let bestDf = Infinity;
        for (let j = 0; j + q <= lit.length; j++) {
          const d = df.get(hashAt(lit, j, q))!;
          if (d < bestDf) {
            best = j;
            bestDf = d;
          }
        }
      }
      this.file(k, best, hashAt(lit, best, q));
    }
  }

  private file(k: number, off: number, bucket: number): void {
    this.offsets[k] = off;
    this.buckets[k] = bucket;
    const lit = this.literals[k]!;
    if (lit.length === 1) {
      this.single[lit.charCodeAt(0)] = 1;
      this.singleLit.set(lit.charCodeAt(0), k);
      return;
    }
    const head = lit.length >= 4 ? this.head4 : this.head2;
    const e = this.used++;
    this.entryLit[e] = k;
    this.entryOff[e] = off;
    this.next[e] = head[bucket]!;
    head[bucket] = e;
  }

  toTable(): LiteralTable {
    return { literals: [...this.literals], offsets: [...this.offsets], buckets: [...this.buckets] };
  }

  has(literal: string): boolean {
    this.index ??= new Map(this.literals.map((l, k) => [l, k]));
    return this.index.has(literal);
  }

  /** The gram offsets, to keep them in a larger set. */
  gramOffsets(): Map<string, number> {
    return new Map(this.literals.map((l, k) => [l, this.offsets[k]!]));
  }

  /** For each literal, the indexes (ascending) of the texts it occurs in. */
  textsContaining(texts: readonly string[]): number[][] {
    const lits = this.literals;
    const out: number[][] = lits.map(() => []);
    const { head4, head2, next, entryLit, entryOff, single, singleLit } = this;
    const hit = (k: number, t: number): void => {
      const list = out[k]!;
      if (list[list.length - 1] !== t) list.push(t);
    };
    for (let t = 0; t < texts.length; t++) {
      const text = texts[t]!;
      const n = text.length;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      for (let i = 0; i < n; i++) {
        const c3 = text.charCodeAt(i);
        if (single[c3] === 1) hit(singleLit.get(c3)!, t);
        if (i >= 1) {
          for (let e = head2[gramHash(0, 0, c2, c3)]!; e !== EMPTY; e = next[e]!) {
            const start = i - 1 - entryOff[e]!;
            if (start >= 0 && text.startsWith(lits[entryLit[e]!]!, start)) hit(entryLit[e]!, t);
          }
        }
        if (i >= 3) {
          for (let e = head4[gramHash(c0, c1, c2, c3)]!; e !== EMPTY; e = next[e]!) {
            const start = i - 3 - entryOff[e]!;
            if (start >= 0 && text.startsWith(lits[entryLit[e]!]!, start)) hit(entryLit[e]!, t);
          }
        }
        c0 = c1;
        c1 = c2;
        c2 = c3;
      }
    }
    return out;
  }
}

let builtinTable: LiteralTable | undefined;
let builtinSet: LiteralSet | undefined;

/** The built-in rules' literal table, from the rules bundle (src/rules/load.ts). */
export function preloadLiteralTable(table: LiteralTable): void {
  builtinTable = table;
  builtinSet = undefined;
}

export function builtinLiteralSet(): LiteralSet | undefined {
  return (builtinSet ??= builtinTable && new LiteralSet(builtinTable));
}
