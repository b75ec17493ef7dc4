// The scanner's filter skips literals that hold a newline or a control byte (never reported).
// neverReported finds them by a native search of a file-read automaton's literal blob, and by a
// byte loop in an automaton built at run time: both must flag exactly those literals.
import { describe, expect, it } from 'vitest';
import { buildAutomaton, deserializeAutomaton, literalsKey, serializeAutomaton } from '../../src/shared/literals/automaton.js';
import { neverReported } from '../../src/collectors/paste/scanner.js';

const isControl = (c: number): boolean => c === 0x0a || (c < 32 && c !== 0x09 && c !== 0x0d) || c === 0x7f;
const expected = (literals: string[]): number[] => literals.map((l) => ([...Buffer.from(l, 'utf8')].some(isControl) ? 1 : 0));

describe('neverReported', () => {
  // First, last, empty and neighbouring literals, a control byte at either end, several in one
  // literal, non-ASCII beside them, tab and CR (not control for the automaton).
  const literals = ['\x01abc', 'plain one', '', 'tail\x7f', 'a\nb\x02c\x1f', 'caf\u00e9 \u00ff', 'tab\there', 'cr\rhere', '\u00e9\x00', 'x', 'ok', 'last\x1b'];
  const want = expected(literals);

  it('flags the same literals in a built automaton (byte loop) and in one read from a file (blob search)', () => {
    expect(want).toEqual([1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1]);
    const built = buildAutomaton(literals);
    expect(built.blob).toBeUndefined();
    expect([...neverReported(built)]).toEqual(want);
    const key = literalsKey(literals);
    const read = deserializeAutomaton(serializeAutomaton(buildAutomaton(literals), key), key)!;
    expect(read.blob).toBeDefined();
    expect([...neverReported(read)]).toEqual(want);
  });

  it('ignores the blob padding past the last literal, and finds a control byte in the last one', () => {
    // Padding bytes are zeros (a control byte): a clean last literal must stay 0.
    for (const lits of [['abc', 'de'], ['abc', 'd\x03'], ['\x03', 'abcde'], ['a']]) {
      const key = literalsKey(lits);
      const read = deserializeAutomaton(serializeAutomaton(buildAutomaton(lits), key), key)!;
      expect([...neverReported(read)], JSON.stringify(lits)).toEqual(expected(lits));
    }
  });

  it('walks the bytes of a file-read automaton whose classes 1 and 2 are other bytes than the search looks for', () => {
    const key = literalsKey(literals);
    const read = deserializeAutomaton(serializeAutomaton(buildAutomaton(literals), key), key)!;
    const cls = Uint8Array.from(read.cls);
    cls[0x71] = 2; // 'q' a control byte here
    const lits = [...literals.slice(0, -1), 'last q'];
    const k2 = literalsKey(lits);
    const odd = { ...deserializeAutomaton(serializeAutomaton(buildAutomaton(lits), k2), k2)!, cls };
    expect([...neverReported(odd)]).toEqual([...want.slice(0, -1), 1]);
  });

  it('matches the byte loop on random literal lists', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const pool = ['a', 'Z', '-', ' ', '\t', '\r', '\n', '\x00', '\x05', '\x7f', '\u00e9', '\u4e2d', '"', '\\'];
    for (let round = 0; round < 40; round++) {
      const lits = Array.from({ length: 1 + rnd(30) }, () => Array.from({ length: rnd(9) }, () => (rnd(6) === 0 ? pool[rnd(pool.length)] : pool[rnd(4)])).join(''));
      const key = literalsKey(lits);
      const read = deserializeAutomaton(serializeAutomaton(buildAutomaton(lits), key), key)!;
      expect([...neverReported(read)], JSON.stringify(lits)).toEqual(expected(lits));
      expect([...neverReported(buildAutomaton(lits))]).toEqual(expected(lits));
    }
  });
});
