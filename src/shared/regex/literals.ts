// Which rule literals a long line contains, found in one pass (Aho-Corasick) instead of one
// `includes` scan per literal per pattern (1,500 built-in literals × 64 KiB was ~40 ms a line).
// Literals are registered as covers are attached (src/rules/load.ts); the automaton is built on
// the first long line. A literal registered after a line was scanned is looked up with `includes`.

const ids = new Map<string, number>();
const literals: string[] = [];

/** Makes the cover's literals known to the automaton (call before matching; cheap, idempotent). */
export function registerLiterals(cover: string[][]): void {
  for (const conj of cover) for (const lit of conj) if (lit && !ids.has(lit)) ids.set(lit, literals.push(lit) - 1);
}

interface Automaton {
  /** How many registered literals it knows (ids 0 … count-1). */
  count: number;
  /** Character class of each UTF-16 code unit (0: in no literal). */
  cls: Uint16Array;
  classes: number;
  /** delta[state * classes + class] → next state. */
  delta: Int32Array;
  /** The literal ending at a state, -1 when none. */
  own: Int32Array;
  /** The nearest state on the failure chain with its own literal, -1 when none. */
  dict: Int32Array;
}

let built: Automaton | undefined;

function build(): Automaton {
  const count = literals.length;
  const cls = new Uint16Array(65536);
  let classes = 1;
  for (let i = 0; i < count; i++) for (const ch of literals[i]!) for (let k = 0; k < ch.length; k++) if (cls[ch.charCodeAt(k)] === 0) cls[ch.charCodeAt(k)] = classes++;
  // Trie.
  const next: Array<Map<number, number>> = [new Map()];
  const ownList: number[] = [-1];
  for (let i = 0; i < count; i++) {
    const lit = literals[i]!;
    let s = 0;
    for (let k = 0; k < lit.length; k++) {
      const c = cls[lit.charCodeAt(k)]!;
      let t = next[s]!.get(c);
      if (t === undefined) {
        t = next.push(new Map()) - 1;
        ownList.push(-1);
        next[s]!.set(c, t);
      }
      s = t;
    }
    ownList[s] = i;
  }
  const n = next.length;
  const delta = new Int32Array(n * classes);
  const fail = new Int32Array(n);
  const own = Int32Array.from(ownList);
  const dict = new Int32Array(n).fill(-1);
  // Breadth first: a state's failure target is shallower, so its row is complete when needed.
  const queue: number[] = [];
  for (const [c, t] of next[0]!) {
    delta[c] = t;
    queue.push(t);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi]!;
    const f = fail[s]!;
    dict[s] = own[f]! >= 0 ? f : dict[f]!;
    for (let c = 0; c < classes; c++) {
      const t = next[s]!.get(c);
      if (t === undefined) delta[s * classes + c] = delta[f * classes + c]!;
      else {
        delta[s * classes + c] = t;
        fail[t] = s === 0 ? 0 : delta[f * classes + c]!;
        queue.push(t);
      }
    }
  }
  return { count, cls, classes, delta, own, dict };
}

/** The literals present in one (lower-cased) line. */
export class LinePresence {
  private readonly present: Uint8Array;
  private readonly count: number;
  private late: Map<string, boolean> | undefined;

  constructor(private readonly text: string) {
    if (!built || built.count < literals.length) built = build();
    const a = built;
    this.count = a.count;
    this.present = new Uint8Array(a.count);
    const seen = new Uint8Array(a.own.length);
    const { cls, classes, delta, own, dict } = a;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = delta[s * classes + cls[text.charCodeAt(i)]!]!;
      // Every literal ending here: this state's and its failure chain's (each state walked once a line).
      for (let t = own[s]! >= 0 ? s : dict[s]!; t >= 0 && !seen[t]; t = dict[t]!) {
        seen[t] = 1;
        this.present[own[t]!] = 1;
      }
    }
  }

  has(lit: string): boolean {
    const id = ids.get(lit);
    if (id !== undefined && id < this.count) return this.present[id] === 1;
    this.late ??= new Map();
    let v = this.late.get(lit);
    if (v === undefined) this.late.set(lit, (v = this.text.includes(lit)));
    return v;
  }
}
