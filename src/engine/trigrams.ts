// A text's trigrams as bits, to rule literals out before an `includes` over the whole text (issue
// #13, mid-size pastes): the engine's literal-by-literal search of a paste (src/engine/literal-set.ts)
// asks ~4,000 gate literals and every evaluated matcher's literals, and most occur in no line.
// Exact: the bits only ever answer "cannot hold"; a set bit still goes to `includes`.

/**
 * Past this many characters the searches first ask the text's trigram bits (mayHold): most of the
 * ~4,000 gate literals and most matchers' literals are in no line of a paste, and an `includes`
 * over 20 KB costs ~10 µs. Below it, `includes` is cheaper than making the bits.
 */
export const TRIGRAM_CHARS = 2048;

/** A hash of three UTF-16 units into 16 bits. */
const tri = (a: number, b: number, c: number): number => ((a << 11) ^ (b << 5) ^ c) & 0xffff;

/** One bit per hashed trigram of the text. */
export function trigramBits(text: string): Uint32Array {
  const bits = new Uint32Array(1 << 11);
  let a = text.charCodeAt(0);
  let b = text.charCodeAt(1);
  for (let i = 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const h = tri(a, b, c);
    bits[h >>> 5]! |= 1 << (h & 31);
    a = b;
    b = c;
  }
  return bits;
}

/**
 * False only when the text cannot hold the literal: a text holding it holds each of its trigrams,
 * whose bits are then set (a hash collision can only answer true). Literals under three units: true.
 */
export function mayHold(bits: Uint32Array, lit: string): boolean {
  for (let i = 2; i < lit.length; i++) {
    const h = tri(lit.charCodeAt(i - 2), lit.charCodeAt(i - 1), lit.charCodeAt(i));
    if ((bits[h >>> 5]! & (1 << (h & 31))) === 0) return false;
  }
  return true;
}
