// A JSON log line ruled out for a matcher on its raw bytes, before it is parsed (issue #13).
//
// The scanner hands a JSON-shaped line to the verifier when one of a matcher's JSON literals (one
// piece per conjunction of its cover, jsonSafePieces) is in its bytes; the verifier then parses the
// line (tslog's subsystem is a JSON string inside it: twice), flattens it and runs the matcher, ~15 µs.
// On OpenClaw's JSON logs most lines carry `"subsystem":"gateway…"` or `cron`, the only piece a
// conjunction like `gateway is ` or `cron run` has that is long enough to be looked for: ~6 % of a
// log went through. Here the rest of each conjunction is looked for in the raw bytes first.
//
// Why nothing that can match is dropped. Only a line with no control byte and no `\u` or `\/`
// escape gets here (the scanner verifies the others as before). normalizeLine's texts are (1) the
// flattened line: parts `key=value` (message-like keys: the value alone) joined by spaces, split
// at newlines; (2) a `openclaw logs --json` record's `[subsystem] message`; (3) the raw line, split
// at a literal `\n` (with `\"` unescaped when it is not JSON). A match holds every literal of one
// conjunction of the matcher's cover (ASCII case folded, as the automaton compares). Then:
// (P) each piece of such a literal (split at `"`, `\`, `=`, space, control characters; not made of
//     number characters only) is in the raw bytes. In (1) a piece lies inside one decoded string
//     (a key or a value) or a `true`/`false`; a decoded string's characters other than `"`, `\`
//     and controls are its own bytes unless escaped as `\u` or `\/` (none here). A JSON string
//     nested in a string is decoded twice, and a doubly escaped character still shows `\u` or
//     `\/` in the bytes. In (2) only `[`, `] ` are added: pieces with a bracket are never used
//     here. In (3) the text is the raw bytes with some removed.
// (A) for two pieces of a literal separated by exactly one space or `=`: the three are contiguous
//     in the raw bytes (the separator inside one decoded string, or text (3)), or the separator is
//     the flattening's own (the space between two parts, the `=` after a key): then the first
//     piece ends a decoded string, its bytes followed by its closing `"` (`\"` when nested), and
//     the second begins one, preceded by its opening `"`. Not used when a piece could be part
//     of a `true`/`false` rendering.
// A conjunction is possible when its pieces the scanner looks for were found on the line, (P) holds
// for its other pieces and (A) for its pairs; a matcher with no possible conjunction is not tested.
import { foldAscii } from '../../shared/literals/automaton.js';
import { isJsonPiece, splitJsonParts } from '../../shared/literals/json-pieces.js';

/** What one conjunction needs of a line: indexes into JsonNeeds.texts (pairs: joined, first, second). */
interface ConjNeed {
  /** Automaton literal ids of its pieces the scanner looks for: each must have been found. */
  keys: Int32Array;
  present: Int32Array;
  pairs: Int32Array;
}

const inBool = (p: string): boolean => 'true'.includes(p) || 'false'.includes(p);
const hasBracket = (p: string): boolean => p.includes('[') || p.includes(']');

export interface JsonCoverOf {
  cover?: string[][] | null;
  jsonLiterals: string[] | null;
}

/**
 * Per matcher (built on its first JSON hit, shared by the scanners of one compiled matcher array):
 * its conjunctions' needs, or null when it cannot be ruled out this way (no cover).
 */
export class JsonNeeds {
  /** ASCII-folded UTF-8 bytes of every piece and joined pair a need refers to. */
  readonly texts: Buffer[] = [];
  private readonly textId = new Map<string, number>();
  private readonly needs: Array<ConjNeed[] | null | undefined>;

  constructor(
    private readonly matchers: readonly JsonCoverOf[],
    /** The automaton id of a literal the scanner looks for. */
    private readonly literalId: (l: string) => number | undefined,
  ) {
    this.needs = new Array<ConjNeed[] | null | undefined>(matchers.length);
  }

  of(m: number): ConjNeed[] | null {
    let n = this.needs[m];
    if (n === undefined) this.needs[m] = n = this.build(this.matchers[m]!);
    return n;
  }

  private text(s: string): number {
    let i = this.textId.get(s);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(Buffer.from(s, 'utf8'));
      this.textId.set(s, i);
    }
    return i;
  }

  private build(m: JsonCoverOf): ConjNeed[] | null {
    if (!m.cover?.length || !m.jsonLiterals) return null;
    const looked = new Set(m.jsonLiterals);
    const out: ConjNeed[] = [];
    for (const conj of m.cover) {
      const keys: number[] = [];
      const present: number[] = [];
      const pairs: number[] = [];
      for (const lit of conj) {
        // [piece, separator, piece, …]: pieces at even indexes (empty at the ends when lit starts or ends with a separator).
        const parts = splitJsonParts(lit);
        for (let k = 0; k < parts.length; k += 2) {
          const p = parts[k]!;
          if (!isJsonPiece(p)) continue;
          // A bracket piece is never a key: `[tools]` exists only in a logs --json record's rendered text, never in
          // its bytes (rule P below), so requiring it dropped lines that match (review17c).
          if (looked.has(p) && !hasBracket(p)) {
            const id = this.literalId(p);
            if (id === undefined) return null;
            keys.push(id);
          }
          const f = foldAscii(p);
          if (!isJsonPiece(f) || hasBracket(f)) continue;
          present.push(this.text(f));
          const sep = parts[k + 1];
          const q = parts[k + 2];
          if ((sep === ' ' || sep === '=') && q !== undefined && isJsonPiece(q)) {
            const g = foldAscii(q);
            if (isJsonPiece(g) && !hasBracket(g) && !inBool(f) && !inBool(g)) pairs.push(this.text(f + sep + g), this.text(f), this.text(g));
          }
        }
      }
      // The scanner handed the line over for one of these: a conjunction without one was never looked for.
      if (keys.length === 0) return null;
      out.push({ keys: Int32Array.from(new Set(keys)), present: Int32Array.from(new Set(present)), pairs: Int32Array.from(pairs) });
    }
    return out;
  }
}

/** RawLine's memo bits per text: there; an occurrence followed by `"` or `\` (ending a string); one preceded by `"` (starting one); looked for. */
const [THERE, ENDS, STARTS, SEEN] = [1, 2, 4, 8] as const;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** One line's raw bytes, ASCII folded, and what has been looked for in them (one per scanner). */
export class RawLine {
  private buf = Buffer.alloc(256);
  private line: Buffer = this.buf.subarray(0, 0);
  private memo = new Uint8Array(64);

  set(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n > this.buf.length) this.buf = Buffer.alloc(Math.max(n, 2 * this.buf.length));
    const b = this.buf;
    for (let i = 0; i < n; i++) {
      const c = bytes[i]!;
      b[i] = c >= 0x41 && c <= 0x5a ? c + 32 : c;
    }
    this.line = b.subarray(0, n);
    this.memo.fill(0);
  }

  /** Whether matcher `m` may hold on the line; found(id): the scanner found that literal on it. */
  possible(needs: JsonNeeds, m: number, found: (id: number) => boolean): boolean {
    const conjs = needs.of(m);
    if (conjs === null) return true;
    if (this.memo.length < needs.texts.length) {
      const grown = new Uint8Array(Math.max(needs.texts.length, 2 * this.memo.length));
      grown.set(this.memo);
      this.memo = grown;
    }
    next: for (const c of conjs) {
      for (let j = 0; j < c.keys.length; j++) if (!found(c.keys[j]!)) continue next;
      for (let j = 0; j < c.present.length; j++) if (!(this.look(needs, c.present[j]!) & THERE)) continue next;
      for (let j = 0; j < c.pairs.length; j += 3) {
        if (this.look(needs, c.pairs[j]!) & THERE) continue;
        if (!(this.look(needs, c.pairs[j + 1]!) & ENDS) || !(this.look(needs, c.pairs[j + 2]!) & STARTS)) continue next;
      }
      return true;
    }
    return false;
  }

  private look(needs: JsonNeeds, t: number): number {
    let v = this.memo[t]!;
    if (v & SEEN) return v;
    v = SEEN;
    const s = needs.texts[t]!;
    const line = this.line;
    for (let i = line.indexOf(s); i !== -1; i = line.indexOf(s, i + 1)) {
      v |= THERE;
      const after = line[i + s.length];
      if (after === QUOTE || after === BACKSLASH) v |= ENDS;
      if (i > 0 && line[i - 1] === QUOTE) v |= STARTS;
      if ((v & (ENDS | STARTS)) === (ENDS | STARTS)) break;
    }
    this.memo[t] = v;
    return v;
  }
}
