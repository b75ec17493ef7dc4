import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LiteralSet } from '../../src/engine/literal-set.js';
import { buildAutomaton, deserializeAutomaton, literalsKey, serializeAutomaton } from '../../src/shared/literals/automaton.js';
import { builtinAutomaton, setBuiltinAutomaton } from '../../src/shared/literals/builtin.js';

// The built-in rules' cover literals (the set the engine scans for), from the rules bundle.
const bundle = JSON.parse(readFileSync(new URL('../../dist/rules.bundle.json', import.meta.url), 'utf8')) as { covers: Record<string, string[][]>; literals: { key: string } };
const BIN = new URL('../../dist/literals.bin', import.meta.url).pathname;
const REAL = [...new Set(Object.values(bundle.covers).flat(2))];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

function expectSameAsIncludes(set: LiteralSet, texts: string[]): void {
  const lists = set.textsContaining(texts);
  const wrong = set.literals.filter((lit, k) => lists[k]!.join() !== texts.flatMap((t, i) => (t.includes(lit) ? [i] : [])).join());
  expect(wrong).toEqual([]);
}

describe('LiteralSet', () => {
  it('has real literals of every length class to test with', () => {
    expect(REAL.length).toBeGreaterThan(500);
    expect(REAL.some((l) => l.length === 1)).toBe(true);
    expect(REAL.some((l) => l.length > 4)).toBe(true);
  });

  it('agrees with includes() on random texts made of pieces of the real literals', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const r = rng(seed);
      const parts: string[] = [];
      const want = 50 + Math.floor(r() * 400);
      for (let i = 0; i < want; i++) {
        const lit = REAL[Math.floor(r() * REAL.length)]!;
        const roll = r();
        // whole literals, cut ones (a prefix or suffix: near misses), and filler
        if (roll < 0.3) parts.push(lit);
        else if (roll < 0.6) parts.push(lit.slice(0, Math.max(1, Math.floor(r() * lit.length))));
        else if (roll < 0.8) parts.push(lit.slice(Math.floor(r() * lit.length)));
        else parts.push(' x\n'.repeat(1 + Math.floor(r() * 3)));
      }
      const text = parts.join(r() < 0.5 ? '' : ' ');
      expectSameAsIncludes(new LiteralSet(REAL), [text, ...text.split('\n'), '']);
    }
  });

  it('finds literals at the very start and end, overlapping, and sharing a gram', () => {
    const set = new LiteralSet(['abcd', 'bcde', 'zzabcd', 'abcdzz', 'a', 'ab', 'abc', 'e', '容器', 'xabcdy']);
    expectSameAsIncludes(set, ['abcde', 'zzabcd', 'abcdzz', 'e', '', 'xabcdy容器', 'bcd', 'zabcdz']);
    expect(set.textsContaining(['zzabcde', 'q'])).toEqual([[0], [0], [0], [], [0], [0], [0], [0], [], []]);
  });

  it('lists a text once however often a literal occurs in it, and one scan does not affect the next', () => {
    const set = new LiteralSet(['gateway token mismatch', 'ws']);
    const text = 'gateway token mismatch ws '.repeat(1000);
    expect(set.textsContaining([text, 'ws', text])).toEqual([[0, 2], [0, 1, 2]]);
    expect(set.textsContaining(['nothing here'])).toEqual([[], []]);
  });

  it('answers a small paste by search exactly as the automaton does (case folding, control bytes, non-ASCII)', () => {
    const extra = ['Gateway Token', 'a\u0001b', 'line\nbreak', '容器', 'k', 'İ'];
    const set = new LiteralSet([...REAL, ...extra]);
    for (let seed = 1; seed <= 8; seed++) {
      const r = rng(seed);
      const texts = Array.from({ length: 1 + Math.floor(r() * 4) }, () =>
        Array.from({ length: 1 + Math.floor(r() * 12) }, () => {
          const lit = [...REAL, ...extra][Math.floor(r() * (REAL.length + extra.length))]!;
          const piece = r() < 0.5 ? lit : lit.slice(Math.floor(r() * lit.length));
          return r() < 0.2 ? piece.toUpperCase() : piece;
        }).join(r() < 0.5 ? ' ' : '\u0002'),
      );
      texts.push('a\u0001b line\nbreak \u212a');
      // smallChars: Infinity always searches, 0 always runs the automaton.
      expect(set.textsContaining(texts, Infinity)).toEqual(set.textsContaining(texts, 0));
    }
  });

  it('drops duplicates and empty literals', () => {
    expect(new LiteralSet(['ab', '', 'ab', 'cd']).literals).toEqual(['ab', 'cd']);
  });
});

describe('the literal automaton (the rules bundle ships one, dist/literals.bin)', () => {
  it('one read back from its bytes finds the same lines', () => {
    const a = buildAutomaton(REAL);
    const again = deserializeAutomaton(serializeAutomaton(a, literalsKey(REAL)), literalsKey(REAL));
    expect(again).toBeDefined();
    const same = (x: Int32Array, y: Int32Array) => Buffer.compare(Buffer.from(x.buffer, x.byteOffset, x.byteLength), Buffer.from(y.buffer, y.byteOffset, y.byteLength)) === 0;
    expect(same(again!.delta, a.delta) && same(again!.outIds, a.outIds) && same(again!.outStart, a.outStart)).toBe(true);
    expect(again!.literals).toEqual(a.literals);
    expect(deserializeAutomaton(serializeAutomaton(a, literalsKey(REAL)), literalsKey(REAL.slice(1)))).toBeUndefined();
  });

  it('literals the built-in automaton lacks (user rules) are found too', () => {
    setBuiltinAutomaton({ file: BIN, key: bundle.literals.key });
    expect(builtinAutomaton()).toBeDefined();
    const extra = 'zz user rule literal zz';
    const set = new LiteralSet([REAL[0]!, extra, REAL[1]!]);
    expect(set.textsContaining([`x ${extra} y`, REAL[1]!, REAL[0]!])).toEqual([REAL[1]!.includes(REAL[0]!) ? [1, 2] : [2], [0], [1]]);
    expectSameAsIncludes(new LiteralSet([...REAL.slice(0, 200), extra]), [...REAL.slice(0, 300).map((l, i) => `x ${l.slice(i % 3)} y`), extra]);
  });
});
