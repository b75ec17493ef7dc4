// The built-in automaton (dist/literals.bin) and the huge-log scanner: the scanner's loop has no
// masks, so a short literal an anchor must look for has to be in the table — else every large log
// whose anchors include it builds a table of its own at run time (issue #13, set-up).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { LineScanner, onBuiltinTable, type ScanMatcher } from '../../src/collectors/paste/scanner.js';
import { type Automaton, buildAutomaton, deserializeAutomaton, literalAt, literalsKey, serializeAutomaton } from '../../src/shared/literals/automaton.js';
import { builtinAutomaton, builtinAutomatonRef, setBuiltinAutomaton } from '../../src/shared/literals/builtin.js';
import { jsonSafePieces } from '../../src/shared/regex/anchors.js';

const BIN = new URL('../../dist/literals.bin', import.meta.url).pathname;
const bundle = JSON.parse(readFileSync(new URL('../../dist/rules.bundle.json', import.meta.url), 'utf8')) as {
  index: { literals: { key: string } };
  covers: Record<string, string[][]>;
};

const masked = (a: Automaton, id: number) => a.masks !== undefined && (a.masks.oneIds.includes(id) || a.masks.twoIds.includes(id));

describe('short literals kept in the table (buildAutomaton inTable)', () => {
  // More than 32 two-byte literals: the masks take the first 32 they are allowed to.
  const TWO = Array.from({ length: 40 }, (_, i) => `${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
  const LITS = [...TWO, 'longer literal', ':'];

  it('a listed literal is in the table, not the masks, and is still reported', () => {
    const a = buildAutomaton(LITS, 6, true, new Set(['aa', 'ba']));
    const id = LITS.indexOf('ba');
    expect(masked(a, LITS.indexOf('aa'))).toBe(false);
    expect(masked(a, id)).toBe(false);
    expect(masked(a, LITS.indexOf('ca'))).toBe(true);
    expect(masked(a, LITS.indexOf(':'))).toBe(true);
    // Its own table state reports it.
    const text = Buffer.from('xx ba yy');
    let s = 0;
    const found: number[] = [];
    for (let i = 0; i < text.length; i++) {
      s = a.delta[s + a.cls[text[i]!]!]!;
      if (s >= a.special && s < a.nl) {
        const k = ((s - a.special) / a.classes) | 0;
        for (let j = a.outStart[k]!; j < a.outStart[k + 1]!; j++) if (literalAt(a, a.outIds[j]!, text, i + 1, 0, text.length)) found.push(a.outIds[j]!);
      }
    }
    expect(found).toEqual([id]);
  });

  it('the file keeps the masks as built (not the first 32 of each length again)', () => {
    const a = buildAutomaton(LITS, 6, true, new Set(['aa', 'ba']));
    const key = literalsKey(LITS);
    const again = deserializeAutomaton(serializeAutomaton(a, key), key)!;
    expect(again.masks!.twoIds).toEqual(a.masks!.twoIds);
    expect(again.masks!.oneIds).toEqual(a.masks!.oneIds);
    expect([...again.masks!.two]).toEqual([...a.masks!.two]);
    expect(again.masks!.twoIds).not.toContain(LITS.indexOf('aa'));
    expect(again.masks!.twoIds).toContain(32 + 2 - 1); // the 33rd and 34th took their places
  });
});

describe('flat arrays beside the tables', () => {
  it('come back equal, aligned, with the tables and the extra JSON intact', () => {
    const lits = ['gateway', 'token mismatch', 'ab', ':', 'caf\u00e9'];
    const a = buildAutomaton(lits, 6, true);
    const key = literalsKey(lits);
    // Odd lengths: each array must start 8-aligned whatever precedes it.
    const arrays = { i: Int32Array.from([3, -1, 7]), f: Float64Array.from([0.3, 1.6, 2 / 3]), j: Int32Array.from([5]), g: Float64Array.from([1e-9]) };
    const again = deserializeAutomaton(serializeAutomaton(a, key, ['k1', 'k2'], arrays), key)!;
    for (const [name, arr] of Object.entries(arrays)) {
      expect(again.arrays![name]!.constructor).toBe(arr.constructor);
      expect([...again.arrays![name]!]).toEqual([...arr]);
    }
    expect(again.extra!()).toEqual(['k1', 'k2']);
    expect([...again.delta]).toEqual([...a.delta]);
    expect([...again.loose]).toEqual([...a.loose]);
    expect(again.bytes.map((b) => Buffer.from(b).toString('latin1'))).toEqual(a.bytes.map((b) => Buffer.from(b).toString('latin1')));
    expect(deserializeAutomaton(serializeAutomaton(a, key), key)!.arrays).toBeUndefined();
  });

  it('number the built-in covers and pieces as the strings do (dist/literals.bin)', async () => {
    const { builtinNumbering } = await import('../../src/shared/literals/numbered.js');
    const { literalScore } = await import('../../src/shared/regex/anchors.js');
    const a = deserializeAutomaton(readFileSync(BIN), bundle.index.literals.key)!;
    const numbering = builtinNumbering(a)!;
    expect(numbering).toBeDefined();
    const covers = bundle.covers;
    const keys = Object.keys(covers);
    expect(keys.length).toBeGreaterThan(100);
    for (const k of keys) expect(numbering.coverIds(k)!.map((conj) => Array.from(conj, (id) => a.literals[id]!)), k).toEqual(covers[k]);
    expect(numbering.has('i:re:no such matcher')).toBe(false);
    const counts = { plain: new Float64Array(a.literals.length), json: new Float64Array(a.literals.length), lines: 1 };
    const t = numbering.table(counts);
    const flat = t.pieces as { start: ArrayLike<number>; ids: ArrayLike<number> };
    const inCovers = new Set(Object.values(covers).flat(2));
    a.literals.forEach((l, id) => {
      expect(t.scores[id]).toBe(literalScore(l));
      const got = Array.from({ length: flat.start[id + 1]! - flat.start[id]! }, (_, k) => a.literals[flat.ids[flat.start[id]! + k]!]);
      expect(got, l).toEqual(inCovers.has(l) ? jsonSafePieces(l) : []);
    });
  });
});

describe('the built-in automaton and the scanner', () => {
  // Put back what was named before, not nothing: the fast project shares module state between files
  // (isolate: false), and a module that loaded the rules once at its top (literal-pass.helpers.ts) is not
  // evaluated again for a later file, which then found no automaton (unescaped-places.test.ts: "walk"
  // undefined, 4-5 tests, in a whole fast run when this file ran between the two; 2bv).
  const before = builtinAutomatonRef();
  setBuiltinAutomaton({ file: BIN, key: bundle.index.literals.key });
  afterAll(() => setBuiltinAutomaton(before));

  it('holds in its table every two-byte literal that is a cover conjunction’s only kind of choice', () => {
    const b = builtinAutomaton()!;
    const short = (l: string) => Buffer.byteLength(l) <= 2;
    const needed = new Set<string>();
    for (const cover of Object.values(bundle.covers))
      for (const conj of cover) {
        if (conj.length > 0 && conj.every(short)) for (const l of conj) if (Buffer.byteLength(l) === 2) needed.add(l);
        if (conj.length > 0 && conj.every((l) => jsonSafePieces(l).every(short))) for (const l of conj) for (const p of jsonSafePieces(l)) if (Buffer.byteLength(p) === 2) needed.add(p);
      }
    expect(needed.has('qr')).toBe(true); // the setup-code rules' QR matcher
    for (const l of needed) expect(masked(b.automaton, b.index.get(l)!), l).toBe(false);
  });

  it('compiles against the built-in table when an anchor needs such a literal (no table built per run)', () => {
    const matcher = (lit: string): ScanMatcher => ({ literals: [lit], jsonLiterals: [lit], context: false, foldsUnicode: false, test: (t) => t.toLowerCase().includes(lit) });
    const kept: string[] = [];
    const matchers = [matcher('qr'), matcher('gateway')];
    expect(onBuiltinTable(matchers)).toBe(true);
    const s = new LineScanner({ matchers, window: 0, maxLineLength: 1 << 16, onKeep: (_l, pieces) => kept.push(pieces.join('')) });
    s.feed(Buffer.from('scan the QR code\nnothing here\nGateway up\n'));
    s.finish();
    expect(kept).toEqual(['scan the QR code', 'Gateway up']);
    // Control: a one-byte literal is masked in the built-in automaton, so a table is built.
    expect(onBuiltinTable([matcher(':')])).toBe(false);
  });

  it('anchors chosen on a sample carry their literals as the table’s ids (the scanner looks no text up)', async () => {
    const { anchorMatchers } = await import('../../src/collectors/paste/read.js');
    const { loadBuiltinRules } = await import('../../src/rules/load.js');
    const texts = builtinAutomaton()!.automaton.literals;
    const matchers = await anchorMatchers(await loadBuiltinRules(), [Buffer.from('gateway closed (1008): unauthorized\nplain filler line\n')]);
    expect(matchers.length).toBeGreaterThan(100);
    let ids = 0;
    for (const m of matchers) {
      expect(m.ids?.of).toBe(texts);
      for (const [ls, carried] of [[m.literals, m.ids!.plain], [m.jsonLiterals, m.ids!.json]] as const) {
        expect(carried?.map((id) => texts[id])).toEqual(ls ?? undefined);
        ids += carried?.length ?? 0;
      }
    }
    expect(ids).toBeGreaterThan(1000);
    expect(onBuiltinTable(matchers)).toBe(true);
  });

  it('takes carried ids only when they name the same literals of this table', () => {
    const b = builtinAutomaton()!;
    const id = (l: string) => b.index.get(l)!;
    const kept = (matchers: ScanMatcher[]) => {
      const out: string[] = [];
      const s = new LineScanner({ matchers, window: 0, maxLineLength: 1 << 16, onKeep: (_l, pieces) => out.push(pieces.join('')) });
      s.feed(Buffer.from('scan the QR code\nnothing here\nGateway up\n'));
      s.finish();
      return out;
    };
    const matcher = (lit: string, ids?: ScanMatcher['ids']): ScanMatcher => ({ literals: [lit], jsonLiterals: [lit], context: false, foldsUnicode: false, test: (t) => t.toLowerCase().includes(lit), ...(ids ? { ids } : {}) });
    const carried = (lit: string, plain: number[], of: readonly string[] = b.automaton.literals) => matcher(lit, { of, plain, json: plain });
    const want = ['scan the QR code', 'Gateway up'];
    expect(kept([matcher('qr'), matcher('gateway')])).toEqual(want);
    expect(kept([carried('qr', [id('qr')]), carried('gateway', [id('gateway')])])).toEqual(want);
    // Swapped ids, ids of another numbering, a list of another length: each literal is looked up by its text.
    expect(kept([carried('qr', [id('gateway')]), carried('gateway', [id('qr')])])).toEqual(want);
    expect(kept([carried('qr', [id('gateway')], [...b.automaton.literals]), carried('gateway', [id('qr')], [...b.automaton.literals])])).toEqual(want);
    expect(kept([carried('qr', [id('gateway'), id('qr')]), carried('gateway', [])])).toEqual(want);
  });
});

describe('the rules loader names the built-in automaton', () => {
  // The fast project shares module state between files (isolate: false): a file that unsets the automaton
  // (as the block above does when done) must not leave a later file's cached load without one.
  it('again on a cached load, after another caller unset it', async () => {
    const { loadBuiltinRules } = await import('../../src/rules/load.js');
    await loadBuiltinRules();
    setBuiltinAutomaton(undefined);
    expect(builtinAutomaton()).toBeUndefined();
    await loadBuiltinRules(); // the loader's cache hit
    expect(builtinAutomaton()?.key).toBe(bundle.index.literals.key);
  });
});
