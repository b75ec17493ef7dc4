// Which of many literals occur in which texts, in one pass (issue #13).
//
// The engine's "cannot match" check needs, for ~1,600 cover literals, the lower-cased kept lines
// holding each. The texts are encoded once into one UTF-8 buffer and run through the literal
// automaton (src/shared/literals/automaton.ts) — the same one the paste scanner uses on huge logs.
// The built-in rules' automaton is built at build time (dist/literals.bin); literals it lacks (user
// rules) get a small automaton of their own, built on first use.
// Exact for lower-case literals: the answer is `text.includes(literal)` (ASCII case-folded).
import { buildAutomaton, foldAscii, type Automaton } from '../shared/literals/automaton.js';
import type { LiteralWalk } from '../shared/literals/positions.js';
import { part, scan, type Part, type Placed } from './literal-pass.js';
import { builtinAutomaton, setBuiltinAutomaton } from '../shared/literals/builtin.js';
import { mayHold, TRIGRAM_CHARS, trigramBits } from './trigrams.js';
import { join } from 'node:path';

/** The rules bundle's reference to the built-in automaton (dist/literals.bin). */
export interface LiteralTable {
  file: string;
  key: string;
}

export class LiteralSet {
  readonly literals: readonly string[];
  private parts: Part[] | undefined;
  private index: Map<string, number> | undefined;

  constructor(source: Iterable<string>) {
    this.literals = [...new Set(source)].filter((l) => l.length > 0);
  }

  has(literal: string): boolean {
    return this.indexOf(literal) >= 0;
  }

  /** The literal's index in `literals`, or -1. */
  indexOf(literal: string): number {
    this.index ??= new Map(this.literals.map((l, k) => [l, k]));
    return this.index.get(literal) ?? -1;
  }

  /**
   * Once this set has scanned with the built-in automaton (dist/literals.bin): per literal id of it,
   * the set's index (-1: not in the set), and the literal list's key it was read for.
   */
  builtinIndex(): { to: Int32Array; key: string } | undefined {
    const p = this.parts?.[0];
    const b = builtinAutomaton();
    return p && b && p.a === b.automaton ? { to: p.to, key: b.key } : undefined;
  }

  /** Once this set has scanned with the built-in automaton: its tries, for a walk reporting every occurrence of the set's literals there. */
  builtinWalk(): LiteralWalk | undefined {
    const p = this.parts?.[0];
    const b = builtinAutomaton();
    return p && b && p.a === b.automaton ? { tries: p.tries, index: b.index } : undefined;
  }

  /** The automaton's answer for a few short texts, one `includes` per literal and text. */
  private bySearch(texts: readonly string[], out: number[][]): number[][] {
    const search = textSearch(texts);
    this.literals.forEach((l, k) => search(l, out[k]!));
    return out;
  }

  /** The built-in automaton for the literals it has, one built here for the rest. */
  private build(): Part[] {
    const builtin = builtinAutomaton();
    const parts: Part[] = [];
    const rest: string[] = [];
    if (builtin) {
      const to = new Int32Array(builtin.automaton.literals.length).fill(-1);
      this.literals.forEach((l, k) => {
        const id = builtin.index.get(l);
        if (id === undefined) rest.push(l);
        else to[id] = k;
      });
      if (rest.length < this.literals.length) parts.push(part(builtin.automaton, to));
    } else rest.push(...this.literals);
    if (rest.length > 0) {
      const a = buildAutomaton(rest, undefined, true);
      const index = this.index ?? (this.index = new Map(this.literals.map((l, k) => [l, k])));
      parts.push(part(a, Int32Array.from(rest, (l) => index.get(l)!)));
    }
    return parts;
  }

  /** For each literal, the indexes (ascending) of the lower-cased texts it occurs in. */
  textsContaining(texts: readonly string[], smallChars = LITERAL_SEARCH_MAX_CHARS): number[][] {
    const out: number[][] = this.literals.map(() => []);
    if (texts.length === 0 || this.literals.length === 0) return out;
    if (isSmallText(texts, smallChars)) return this.bySearch(texts, out);
    return this.scanAll(texts, false, out);
  }

  /**
   * textsContaining(texts.map((t) => t.toLowerCase())) for texts that are not lower-cased, without
   * the lower-cased copies of the ASCII ones (the engine's pass over a huge paste's kept lines,
   * ~24 MB on the bench's adversarial paste): an ASCII text is scanned as it is, since toLowerCase
   * changes only A-Z in it, which the automaton folds as it reads (and textSearch folds); any other
   * text is lower-cased first. `placed`: texts whose every place of a literal the built-in automaton
   * keeps is wanted (builtinWalk's, as walkPositions finds them on the text lower-cased), found in
   * the same pass; left unset when the answer comes from the search or the set has no built-in part.
   */
  textsContainingLowered(texts: readonly string[], smallChars = LITERAL_SEARCH_MAX_CHARS, placed?: Placed): number[][] {
    const out: number[][] = this.literals.map(() => []);
    if (texts.length === 0 || this.literals.length === 0) return out;
    if (isSmallText(texts, smallChars)) return this.bySearch(texts.map(lowerNonAscii), out);
    return this.scanAll(texts, true, out, placed);
  }

  /** The automaton's answer: one buffer, texts separated by newlines (it restarts at each); `lower`: lower-case non-ASCII texts on the way. */
  private scanAll(texts: readonly string[], lower: boolean, out: number[][], placed?: Placed): number[][] {
    const ends = new Int32Array(texts.length);
    const lowered: Array<string | undefined> = [];
    let total = 0;
    for (let t = 0; t < texts.length; t++) {
      let n = Buffer.byteLength(texts[t]!, 'utf8');
      // A UTF-8 text as long in bytes as in UTF-16 units is ASCII.
      if (lower && n !== texts[t]!.length) n = Buffer.byteLength((lowered[t] = texts[t]!.toLowerCase()), 'utf8');
      total += n + 1;
      ends[t] = total - 1;
    }
    const buf = Buffer.allocUnsafe(total);
    for (let t = 0, at = 0; t < texts.length; t++) {
      at += buf.write(lowered[t] ?? texts[t]!, at, 'utf8');
      buf[at++] = 0x0a;
    }
    const parts = (this.parts ??= this.build());
    // Places only from the built-in part (the walk builtinWalk names).
    const walk = placed && this.builtinWalk();
    const walked = walk ? parts[0] : undefined;
    const written = walked ? texts.map((x, t) => lowered[t] ?? x) : texts;
    for (const part of parts) scan(part, buf, ends, out, written, part === walked ? { ...placed!, walk: walk! } : undefined);
    return out;
  }
}

/**
 * Up to this many characters of text, `includes` per literal beats the automaton. The automaton's
 * pass has a fixed cost the search does not: dist/literals.bin read and unpacked (2.5 MB), every
 * rule body parsed for its cover literals, the scan loop compiled, and the GCs all that allocates
 * (~150–200 ms of process CPU, a third on the main thread). The search grows with the text (~4 ms
 * per KB, gates and matchers). Measured on the bench's log (issue #13, Round 20h in notes/perf.md):
 * the search is 0.67× the automaton's whole run at 20 KB, 0.86× at 48 KB, 1.33× at 96 KB.
 */
export const LITERAL_SEARCH_MAX_CHARS = 32 * 1024;

/** The automaton never reports a literal holding a newline or a control byte (no line holds one). */
const UNREPORTED = /[\x00-\x08\n\x0b\x0c\x0e-\x1f\x7f]/;

/** Texts short enough to search literal by literal. */
export function isSmallText(texts: readonly string[], smallChars = LITERAL_SEARCH_MAX_CHARS): boolean {
  let chars = 0;
  for (const t of texts) if ((chars += t.length) > smallChars) return false;
  return true;
}

/**
 * For a few short texts (isSmallText): pushes onto `out` the indexes of the texts holding a
 * literal, as the automaton would report them (the small-text answer of LiteralSet).
 */
export function textSearch(texts: readonly string[]): (literal: string, out: number[]) => number[] {
  const { folded, bits } = foldedOf(texts);
  return (l, out) => {
    if (UNREPORTED.test(l)) return out;
    const lit = foldAscii(l);
    if (bits && !mayHold(bits, lit)) return out;
    for (let t = 0; t < folded.length; t++) if (folded[t]!.includes(lit)) out.push(t);
    return out;
  };
}

/** Texts ASCII-folded, joined by newlines, and (past TRIGRAM_CHARS) the trigrams of the join. */
interface Folded {
  n: number;
  folded: readonly string[];
  joined: string;
  bits: Uint32Array | undefined;
}
/** Per texts array (the engine searches a paste's one lower-cased array once per matcher): folded once. */
const foldedTexts = new WeakMap<readonly string[], Folded>();

function foldedOf(texts: readonly string[]): Folded {
  let f = foldedTexts.get(texts);
  // Checked by length too: an array grown after a search is folded again.
  if (!f || f.n !== texts.length) {
    const folded = texts.map(foldAscii);
    const joined = folded.join('\n');
    foldedTexts.set(texts, (f = { n: texts.length, folded, joined, bits: joined.length > TRIGRAM_CHARS ? trigramBits(joined) : undefined }));
  }
  return f;
}


/**
 * Whether any of a few short texts (isSmallText) holds a literal, as textSearch answers: one
 * `includes` on the texts joined by newlines (a literal holding a newline is never reported, so
 * none can match across a seam).
 */
export function anyTextHolds(texts: readonly string[]): (literal: string) => boolean {
  const { joined, bits } = foldedOf(texts);
  return (l) => {
    if (UNREPORTED.test(l)) return false;
    const lit = foldAscii(l);
    return (!bits || mayHold(bits, lit)) && joined.includes(lit);
  };
}

/** A literal table's length when it was found plain (see textsHoldEach), or -1 when it was not. */
const plainTables = new WeakMap<readonly string[], number>();
/** What makes a literal not plain: an ASCII capital (folded before the search) or an unreported character. */
const NOT_PLAIN = /[A-Z\x00-\x08\n\x0b\x0c\x0e-\x1f\x7f]/;

/**
 * Per literal (by number), 1 when one of a few short texts (isSmallText) holds it, as anyTextHolds
 * answers. A table whose literals are all plain — no ASCII capital, no unreported character, as the
 * rules' covers are — is searched with one `includes` each: two regex tests per literal cost ~1 µs
 * in a fresh process, ~4 ms over the bundle's ~4,000 gate literals (issue #13, start-up). Whether a
 * table is plain is one search of its literals joined by spaces, kept per table (tables only grow:
 * numberedGate appends; a table of another length is checked again).
 */
export function textsHoldEach(texts: readonly string[], lits: readonly string[]): Uint8Array {
  const held = new Uint8Array(lits.length);
  let plainLength = plainTables.get(lits);
  if (plainLength === undefined || (plainLength !== -1 && plainLength !== lits.length)) {
    plainTables.set(lits, (plainLength = isPlainTable(lits) ? lits.length : -1));
  }
  if (plainLength === -1) {
    const holds = anyTextHolds(texts);
    for (let i = 0; i < lits.length; i++) held[i] = holds(lits[i]!) ? 1 : 0;
    return held;
  }
  const { joined, bits } = foldedOf(texts);
  for (let i = 0; i < lits.length; i++) held[i] = (!bits || mayHold(bits, lits[i]!)) && joined.includes(lits[i]!) ? 1 : 0;
  return held;
}

/** Whether every literal is plain (see textsHoldEach): one search of them joined by spaces (~0.6 ms on the bundle's table in a fresh process). */
export function isPlainTable(lits: readonly string[]): boolean {
  return !NOT_PLAIN.test(lits.join(' '));
}

/**
 * The table is plain, as isPlainTable found when the rules bundle was built (its index says so):
 * textsHoldEach then does not search it again at every start. Only for a table no one appends to.
 */
export function presetPlainTable(lits: readonly string[]): void {
  plainTables.set(lits, lits.length);
}

/** A text's lower-cased form for textsContainingLowered's search: toLowerCase unless it is ASCII (then folded where searched). */
const lowerNonAscii = (t: string): string => (Buffer.byteLength(t, 'utf8') === t.length ? t : t.toLowerCase());

/** The built-in rules' automaton, named by the rules bundle (src/rules/load.ts). */
export function preloadLiteralTable(table: LiteralTable, dir: string): void {
  setBuiltinAutomaton({ file: join(dir, table.file), key: table.key });
}
