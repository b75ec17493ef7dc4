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

/** Per literal id: where it starts in the text (ascending), or undefined: nowhere. */
export type Positions = Array<number[] | undefined>;

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
  // A growing []: sparse past V8's gap limit, so its size follows the literals found (a full-length array
  // kept ~9,200 slots per long line for the paste's life: review23b).
  const positions: Positions = [];
  const { delta, cls, special, nl, ctrl, classes, prefixLen } = a;
  // A literal's prefix length is fixed: its starts come ascending, as its prefix ends do.
  let end = 0;
  const hit = (id: number): void => {
    const at = end - prefixLen[id]!;
    (positions[id] ??= []).push(charAt ? charAt[at]! : at);
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
  return positions;
}

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
