// Lines that repeat one segment (a paste of the same fragment glued into a 64 KiB line): what a
// pattern or a literal finds on them is found on a prefix a little over one period long.

/** Needle for the period's candidates: the line's first characters. */
const PROBE = 32;
/** Candidates checked before giving up (each check compares the line with itself, natively). */
const TRIES = 4;

/**
 * The smallest p ≤ text.length / 2 with text[i] === text[i + p] for every i, when one of the first
 * TRIES places the line's first PROBE characters recur is one; else 0 (not worth it, or none).
 */
export function periodOf(text: string): number {
  const n = text.length;
  if (n < 4 * PROBE) return 0;
  const head = text.slice(0, PROBE);
  let p = 0;
  for (let k = 0; k < TRIES; k++) {
    p = text.indexOf(head, p + 1);
    if (p < 0 || p > n / 2) return 0;
    if (text.startsWith(text.slice(p))) return p;
  }
  return 0;
}

/**
 * How much of a line of length n with period p a pattern of span `span` (span.ts) must read: T ≥
 * p + span + 1 with T ≡ n (mod p). Every attempt start ≤ T - span - 1 reads the same characters
 * in the prefix as in the line (and every later one in the line repeats one of them, p earlier);
 * every later start j in the prefix reads what start j + n - T reads at the line's end. So the
 * prefix's first match is the line's, shifted by n - T when it starts past T - span - 1. n: not worth it.
 */
export function patternPrefix(n: number, p: number, span: number): number {
  const base = p + span + 1;
  if (p <= 0 || base >= n) return n;
  return base + ((n - base) % p);
}

/** How much of a line with period p a literal of at most `longest` characters must be looked for in: every substring that short recurs there. */
export function literalPrefix(n: number, p: number, longest: number): number {
  return p > 0 ? Math.min(n, p + longest - 1) : n;
}
