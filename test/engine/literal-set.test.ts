import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { anyTextHolds, LiteralSet, textsHoldEach } from '../../src/engine/literal-set.js';
import { buildAutomaton, deserializeAutomaton, literalAt, literalsKey, maybeAt, serializeAutomaton } from '../../src/shared/literals/automaton.js';
import { LiteralTails, TailTries } from '../../src/shared/literals/tails.js';
import { builtinAutomaton, setBuiltinAutomaton } from '../../src/shared/literals/builtin.js';
import { expectSameResults } from './same-results.js';

// The built-in rules' cover literals (the set the engine scans for), from the rules bundle.
const bundle = JSON.parse(readFileSync(new URL('../../dist/rules.bundle.json', import.meta.url), 'utf8')) as { covers: Record<string, string[][]>; index: { literals: { key: string } } };
const BIN = new URL('../../dist/literals.bin', import.meta.url).pathname;
const REAL = [...new Set(Object.values(bundle.covers).flat(2))];
/** The automaton of the real literals, built once for the file: three tests read it, none changes it. */
let realAutomaton: ReturnType<typeof buildAutomaton> | undefined;
const automatonOfReal = () => (realAutomaton ??= buildAutomaton(REAL));
/** Two typed arrays hold the same numbers: node's byte-wise check first (~357,000 table entries), vitest's diff of
 *  the spread copies when it fails (test/engine/same-results.ts: the stricter check first). */
const expectSameNumbers = (got: ArrayLike<number> & Iterable<number>, want: ArrayLike<number> & Iterable<number>) => {
  if (!isDeepStrictEqual(got, want)) expect([...got]).toEqual([...want]);
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

function expectSameAsIncludes(set: LiteralSet, texts: string[]): void {
  const lists = set.textsContaining(texts);
  // Each literal's list must be exactly the texts that include() it, in order: walked against them
  // in one pass (an index list per literal and text, joined, was ~half this file's CPU).
  const wrong = set.literals.filter((lit, k) => {
    const got = lists[k]!;
    let j = 0;
    for (let i = 0; i < texts.length; i++) if (texts[i]!.includes(lit) ? got[j++] !== i : got[j] === i) return true;
    return j !== got.length;
  });
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
    const all = [...REAL, ...extra];
    const set = new LiteralSet(all);
    for (let seed = 1; seed <= 8; seed++) {
      const r = rng(seed);
      const texts = Array.from({ length: 1 + Math.floor(r() * 4) }, () =>
        Array.from({ length: 1 + Math.floor(r() * 12) }, () => {
          const lit = all[Math.floor(r() * all.length)]!;
          const piece = r() < 0.5 ? lit : lit.slice(Math.floor(r() * lit.length));
          return r() < 0.2 ? piece.toUpperCase() : piece;
        }).join(r() < 0.5 ? ' ' : '\u0002'),
      );
      texts.push('a\u0001b line\nbreak \u212a');
      // smallChars: Infinity always searches, 0 always runs the automaton.
      expectSameResults(set.textsContaining(texts, Infinity), set.textsContaining(texts, 0));
    }
  });

  it('tells which literals of a table a small paste holds as anyTextHolds does, plain table or not, and after the table grew', () => {
    const extra = ['Gateway Token', 'a\u0001b', 'line\nbreak', 'k'];
    const plain = [...REAL];
    const mixed = [...REAL, ...extra];
    const growing = [...REAL];
    let held = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const r = rng(seed);
      const texts = Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
        Array.from({ length: 1 + Math.floor(r() * 10) }, () => {
          const lit = mixed[Math.floor(r() * mixed.length)]!;
          return r() < 0.3 ? lit.toUpperCase() : lit;
        }).join(' '),
      );
      texts.push('a\u0001b gateway token');
      if (seed === 4) growing.push(...extra); // a table checked plain earlier, then grown by literals that are not
      for (const lits of [plain, mixed, growing]) {
        const holds = anyTextHolds(texts);
        const got = textsHoldEach(texts, lits);
        expect([...got].flatMap((h, i) => (h !== (holds(lits[i]!) ? 1 : 0) ? [lits[i]] : []))).toEqual([]);
        held += got.reduce((a, b) => a + b, 0);
      }
    }
    expect(held).toBeGreaterThan(100);
    // 'Gateway Token' is held (folded), 'a\u0001b' never is (a control byte is never reported).
    const at = (lits: string[], l: string) => textsHoldEach(['a\u0001b gateway token'], lits)[lits.indexOf(l)];
    expect([at(growing, 'Gateway Token'), at(growing, 'a\u0001b')]).toEqual([1, 0]);
  });

  it('answers a text past the trigram filter exactly as includes() does (long texts, present and absent literals, CJK)', () => {
    // Past 2,048 characters the searches first ask the text's trigram bits; a literal they rule out must be in no text.
    const extra = ['容器网关', '网关', 'gateway token mismatch', 'ab', 'zqxjv', 'zqxjw'];
    const lits = [...REAL, ...extra];
    const set = new LiteralSet(lits);
    let found = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const r = rng(seed);
      const texts = Array.from({ length: 2 + Math.floor(r() * 40) }, () =>
        Array.from({ length: 1 + Math.floor(r() * 30) }, () => {
          const lit = lits[Math.floor(r() * lits.length)]!;
          // Pieces of literals (their trigrams without them) as well as whole ones.
          return r() < 0.5 ? lit : lit.slice(Math.floor(r() * lit.length));
        }).join(r() < 0.5 ? ' ' : ''),
      );
      texts.push('zqxjv'.repeat(500));
      expect(texts.join('\n').length).toBeGreaterThan(2048);
      const want = set.literals.map((l) => texts.flatMap((t, i) => (t.includes(l) ? [i] : [])));
      expectSameResults(set.textsContaining(texts, Infinity), want);
      const held = textsHoldEach(texts, set.literals);
      const holds = anyTextHolds(texts);
      expect(set.literals.filter((l, k) => held[k] !== (want[k]!.length > 0 ? 1 : 0) || holds(l) !== want[k]!.length > 0)).toEqual([]);
      found += want.filter((w) => w.length > 0).length;
    }
    expect(found).toBeGreaterThan(500);
    // A literal in capitals is folded before the trigram bits are asked (review17d: the filter given the literal
    // as written ruled 'Gateway TOKEN Mismatch' out of every text past 2,048 characters).
    const long = ['x'.repeat(2100), 'openclaw: unauthorized: gateway token mismatch (set gateway.remote.token)'];
    expect(textsHoldEach(long, ['Gateway TOKEN Mismatch', 'Zqxjv Absent'])).toEqual(Uint8Array.from([1, 0]));
    expect([anyTextHolds(long)('Gateway TOKEN Mismatch'), anyTextHolds(long)('Zqxjv Absent')]).toEqual([true, false]);
  });

  it('answers for texts not lower-cased as for their lower-cased copies (ASCII texts are scanned as they are)', () => {
    // Upper case, K (Kelvin) and İ (which lower-case to ASCII), É/Σ/CJK (lower-case to other non-ASCII),
    // on the automaton (smallChars 0) and the search (Infinity); texts mixing ASCII and not.
    const extra = ['Gateway Token', 'k', 'é', 'σ', '容器', 'i\u0307', 'É'];
    const all = [...REAL, ...extra];
    const set = new LiteralSet(all);
    const shout = (s: string, r: () => number) => [...s].map((c) => (r() < 0.5 ? c.toUpperCase() : c)).join('');
    let nonAscii = 0;
    let found = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = rng(seed);
      const texts = Array.from({ length: 5 + Math.floor(r() * 30) }, () => {
        const ascii = r() < 0.5;
        return Array.from({ length: 1 + Math.floor(r() * 20) }, () => {
          const lit = all[Math.floor(r() * all.length)]!;
          const piece = shout(r() < 0.7 ? lit : lit.slice(Math.floor(r() * lit.length)), r);
          return ascii ? piece.replace(/[^\x00-\x7f]/g, 'x') : r() < 0.3 ? `${piece}\u212a\u0130\u00c9` : piece;
        }).join(r() < 0.5 ? ' ' : '');
      });
      nonAscii += texts.filter((t) => /[^\x00-\x7f]/.test(t)).length;
      for (const small of [0, Infinity]) {
        const want = set.textsContaining(texts.map((t) => t.toLowerCase()), small);
        expectSameResults(set.textsContainingLowered(texts, small), want);
        found += want.reduce((n, l) => n + l.length, 0);
      }
    }
    expect(nonAscii).toBeGreaterThan(20);
    expect(found).toBeGreaterThan(1000);
    // The forms that differ: an upper-case non-ASCII letter is found only through toLowerCase.
    expect(set.textsContainingLowered(['x \u00c9 \u212a', 'GATEWAY TOKEN'], 0)[set.literals.indexOf('é')]).toEqual([0]);
    expect(set.textsContainingLowered(['x \u00c9 \u212a', 'GATEWAY TOKEN'], 0)[set.literals.indexOf('gateway token')]).toEqual([1]);
  });

  it('lower-casing never shortens a text (the engine decides a paste is not small on its lengths before lower-casing)', () => {
    const shorter: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCodePoint(c);
      if (s.toLowerCase().length < s.length) shorter.push(c.toString(16));
    }
    expect(shorter).toEqual([]);
  });

  it('drops duplicates and empty literals', () => {
    expect(new LiteralSet(['ab', '', 'ab', 'cd']).literals).toEqual(['ab', 'cd']);
  });
});

describe('the literal automaton (the rules bundle ships one, dist/literals.bin)', () => {
  it('one read back from its bytes finds the same lines', () => {
    const a = automatonOfReal();
    const again = deserializeAutomaton(serializeAutomaton(a, literalsKey(REAL)), literalsKey(REAL));
    expect(again).toBeDefined();
    const same = (x: Int32Array, y: Int32Array) => Buffer.compare(Buffer.from(x.buffer, x.byteOffset, x.byteLength), Buffer.from(y.buffer, y.byteOffset, y.byteLength)) === 0;
    expect(same(again!.delta, a.delta) && same(again!.outIds, a.outIds) && same(again!.outStart, a.outStart)).toBe(true);
    expect(again!.literals).toEqual(a.literals);
    // The literals' bytes, prefix lengths and loose flags are stored, not re-encoded on reading.
    expect(again!.bytes.map((b) => Buffer.from(b).toString('hex'))).toEqual(a.bytes.map((b) => Buffer.from(b).toString('hex')));
    expect([...again!.prefixLen]).toEqual([...a.prefixLen]);
    expect([...again!.loose]).toEqual([...a.loose]);
    expect(a.loose.some((x) => x === 1)).toBe(true); // non-ASCII prefixes are among them
    expect(deserializeAutomaton(serializeAutomaton(a, literalsKey(REAL)), literalsKey(REAL.slice(1)))).toBeUndefined();
  });

  it('is viewed in place when its bytes are 8-aligned in memory (a file read whole), copied otherwise; both read the same', () => {
    const a = automatonOfReal();
    const key = literalsKey(REAL);
    const arrays = { f: Float64Array.from([0.5, -1, 1e300]), i: Int32Array.from([7, -8, 9]) };
    const bytes = serializeAutomaton(a, key, { x: [1, 2] }, arrays);
    const at = (offset: number) => {
      const room = Buffer.alloc(bytes.length + 16);
      bytes.copy(room, offset);
      return room.subarray(offset, offset + bytes.length);
    };
    const aligned = at(0);
    const inPlace = deserializeAutomaton(aligned, key)!;
    expect(inPlace.delta.buffer, 'no copy of the tables').toBe(aligned.buffer);
    const copies = [4, 3].map((offset) => {
      const moved = at(offset);
      const copied = deserializeAutomaton(moved, key)!;
      expect(copied.delta.buffer, `offset ${offset}: a copy`).not.toBe(moved.buffer);
      return copied;
    });
    // The in-place view once and each copy once (the view was checked again beside each copy).
    for (const got of [inPlace, ...copies]) {
      expectSameNumbers(got.delta, a.delta);
      expectSameNumbers(got.outIds, a.outIds);
      expectSameNumbers(got.cls, a.cls);
      expect(got.bytes.map((b) => Buffer.from(b).toString('hex'))).toEqual(a.bytes.map((b) => Buffer.from(b).toString('hex')));
      expect([...got.arrays!.f!]).toEqual([0.5, -1, 1e300]);
      expect([...got.arrays!.i!]).toEqual([7, -8, 9]);
      expect(got.extra!()).toEqual({ x: [1, 2] });
    }
  });

  it('literals the built-in automaton lacks (user rules) are found too', () => {
    setBuiltinAutomaton({ file: BIN, key: bundle.index.literals.key });
    expect(builtinAutomaton()).toBeDefined();
    const extra = 'zz user rule literal zz';
    const set = new LiteralSet([REAL[0]!, extra, REAL[1]!]);
    expect(set.textsContaining([`x ${extra} y`, REAL[1]!, REAL[0]!])).toEqual([REAL[1]!.includes(REAL[0]!) ? [1, 2] : [2], [0], [1]]);
    expectSameAsIncludes(new LiteralSet([...REAL.slice(0, 200), extra]), [...REAL.slice(0, 300).map((l, i) => `x ${l.slice(i % 3)} y`), extra]);
  });
});

describe('LiteralTails: the literals of a reporting state checked in one walk', () => {
  // Many literals behind one table state: a shared prefix longer than the table's cut, and CJK
  // literals (every byte >= 0x80 is one class), plus their near misses.
  const SHARED = [
    ...Array.from({ length: 60 }, (_, i) => `gateway.auth.k${i}`),
    'gateway', 'gateway.auth', 'Gateway.Auth.K1x', 'gatewayz', 'teway.a',
    '语法错误', '语法', '需要设备身份', '需要配对', '容器', '需要', 'é需要', 'xé',
  ];

  /** Every (id, there) the per-literal checks report at each reporting state of random texts. */
  function compare(a: ReturnType<typeof buildAutomaton>, partial: boolean, seed: number): void {
    const keep = (id: number) => id % 3 !== 1;
    const tails = new LiteralTails(a, keep, partial);
    // `once`: each literal at most once per text, and the same literals in all.
    const once = new LiteralTails(a, keep, partial, true);
    // TailTries.every (the walk for every occurrence: positions.ts, the cover pass's places): each's non-partial answer, in its order.
    const tries = new TailTries(a, keep);
    const r = rng(seed);
    for (let n = 0; n < 200; n++) {
      const parts: string[] = [];
      for (let i = 0, want = 1 + Math.floor(r() * 12); i < want; i++) {
        const lit = a.literals[Math.floor(r() * a.literals.length)]!;
        parts.push(r() < 0.5 ? lit : lit.slice(0, Math.max(1, Math.floor(r() * lit.length))), r() < 0.3 ? '\n' : '');
        if (r() < 0.3) parts.push(r() < 0.5 ? 'X' : 'é');
      }
      const buf = Buffer.from(parts.join(''), 'utf8');
      // A random window stands for a chunk of a longer line (partial) or one text.
      const lo = Math.floor(r() * Math.min(8, buf.length));
      const hi = buf.length - Math.floor(r() * Math.min(8, buf.length - lo));
      let s = 0;
      const all = new Set<number>();
      const onceGot: number[] = [];
      for (let i = lo; i < hi; i++) {
        s = a.delta[s + a.cls[buf[i]!]!]!;
        if (s < a.special || s === a.nl || s === a.ctrl) continue;
        const k = ((s - a.special) / a.classes) | 0;
        const want: string[] = [];
        for (let j = a.outStart[k]!; j < a.outStart[k + 1]!; j++) {
          const id = a.outIds[j]!;
          if (!keep(id)) continue;
          const there = partial ? maybeAt(a, id, buf, i + 1, lo, hi) : literalAt(a, id, buf, i + 1, lo, hi) ? 1 : 0;
          if (there !== 0) want.push(`${id}:${there}`);
        }
        const got: string[] = [];
        tails.each(k, buf, i + 1, lo, hi, (id, there) => got.push(`${id}:${there}`));
        if (!partial) {
          const every: string[] = [];
          tries.every(k, buf, i + 1, lo, hi, (id) => every.push(`${id}:1`));
          expect(every).toEqual(got);
        }
        expect(got.sort()).toEqual(want.sort());
        for (const w of want) all.add(Number(w.split(':')[0]));
        once.each(k, buf, i + 1, lo, hi, (id) => onceGot.push(id), 1000 * seed + n);
      }
      expect(onceGot.sort((x, y) => x - y)).toEqual([...all].sort((x, y) => x - y));
    }
  }

  it('reports exactly what literalAt reports, state by state, for shared prefixes and CJK literals', () => {
    const a = buildAutomaton(SHARED);
    for (let seed = 1; seed <= 4; seed++) compare(a, false, seed);
  });

  it('reports exactly what maybeAt reports (2: runs out of the chunk) for the paste scanner', () => {
    const a = buildAutomaton(SHARED);
    for (let seed = 5; seed <= 8; seed++) compare(a, true, seed);
  });

  it('agrees on the built-in literals too', () => {
    const a = automatonOfReal();
    compare(a, false, 9);
    compare(a, true, 10);
  });

  it('a line full of one CJK literal is scanned without a check per literal (same lines as includes)', () => {
    const set = new LiteralSet([...SHARED, ...REAL]);
    const line = '此网关需要身份验证。添加令牌或密码\t'.repeat(2000);
    expectSameAsIncludes(set, [line, `${line}语法错误`, 'gateway.auth.k7 '.repeat(3000)]);
  });
});
