// Rules decided by their gate (literals of the paste, fact paths with no value), never parsed nor
// evaluated (issue #13, start-up): the answer must be the one a full evaluation gives, for every
// built-in rule on every paste of the rule cases and on every other rule-case input (those two on
// the catalogue's collected inputs: test/rules/catalogue.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, BUNDLE_FILE, loadBuiltinRules } from '../../src/rules/load.js';
import { decidedByGate, evaluate, evaluateRule, gatesDecide } from '../../src/engine/evaluate.js';
import { compileGates, decodeGateCode, encodeGateCode, gateAbsent, gateOf, GateRun, numberedGate, type FactGate, type Gate, type GateFacts, type GateTable } from '../../src/engine/gate.js';
import { isPlainTable, textsHoldEach } from '../../src/engine/literal-set.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { budgetFor } from '../../src/shared/regex/budget.js';
import { isParsed, lazyRule, lazyRulePrototype, materialise } from '../../src/rules/lazy.js';
import { restoreExclusions } from '../../src/shared/regex/exclusion-pack.js';
import type { Condition, Facts, Rule } from '../../src/types.js';
import { expectSameResults } from './same-results.js';

function casePastes(): string[] {
  const out = new Set<string>();
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) visit(join(d, e.name));
      else if (e.name.endsWith('.cases.json')) {
        const c = JSON.parse(readFileSync(join(d, e.name), 'utf8')) as Record<string, unknown>;
        for (const k of ['positive', 'negative']) for (const x of (c[k] as Array<{ paste?: unknown }> | undefined) ?? []) if (typeof x.paste === 'string') out.add(x.paste);
      }
    }
  };
  visit(BUILTIN_RULES_DIR);
  // Every third one (in file order).
  return [...out].filter((_, i) => i % 3 === 0);
}

/** Absent, with `present` the literals some line holds and `noValue` the fact paths with no value (undefined: no paste). */
const absent = (g: Gate | null, present: string[] | undefined, noValue: string[] = []) => {
  if (!g) return false;
  const lits: string[] = [];
  const n = numberedGate(g, lits);
  const held = present && Uint8Array.from(lits, (l) => (present.includes(l) ? 1 : 0));
  return gateAbsent(n, { held: () => held, factAbsent: (leaf) => noValue.includes(leaf.fact) || (leaf.u === 1 && noValue.includes(`${leaf.fact}?`)) });
};
const paste = (regex: string, cover: string[][]): Condition => ({ paste: { regex, cover } });

describe('literal gates (src/engine/gate.ts)', () => {
  it('follow the three-valued evaluation: all needs one absent child, any needs every child absent; not, facts and uncovered matchers have none', () => {
    const a = paste('a', [['alpha'], ['beta', 'gamma']]);
    const b = paste('b', [['delta']]);
    expect(absent(gateOf(a), ['beta'])).toBe(true); // every conjunction misses a literal
    expect(absent(gateOf(a), ['beta', 'gamma'])).toBe(false);
    expect(absent(gateOf({ all: [a, { fact: { path: 'config.x', op: 'exists' } }] }), [])).toBe(true);
    expect(absent(gateOf({ all: [a, { fact: { path: 'config.x', op: 'exists' } }] }), undefined)).toBe(false); // no paste: covers say nothing
    expect(absent(gateOf({ all: [a, b] }), ['alpha'])).toBe(true);
    expect(absent(gateOf({ any: [a, b] }), ['alpha'])).toBe(false);
    expect(absent(gateOf({ any: [a, b] }), ['gamma'])).toBe(true);
    expect(gateOf({ any: [a, { fact: { path: 'paste.closeCodes', op: 'missing' } }] })).toBeNull();
    expect(gateOf({ not: a })).toBeNull();
    expect(gateOf({ paste: { regex: 'a', cover: [['alpha'], []] } })).toBeNull();
    expect(gateOf({ paste: { regex: 'A', caseSensitive: true, cover: [['a']] } })).toBeNull();
    expect(gateOf({ paste: { regex: 'a' } })).toBeNull();
  });

  it('have a fact leaf per fact condition that no value can satisfy: every op but missing, ne and falsy; ifUnknown false marked', () => {
    const fact = (op: string, extra: Record<string, unknown> = {}): Condition => ({ fact: { path: 'config.value.gateway.port', op, value: 1, ...extra } } as Condition);
    for (const op of ['exists', 'eq', 'in', 'type', 'regex', 'gt', 'gte', 'lt', 'lte', 'truthy', 'includes', 'nonEmpty']) expect(gateOf(fact(op))).toEqual({ fact: 'config.value.gateway.port' });
    for (const op of ['missing', 'ne', 'falsy']) expect(gateOf(fact(op))).toBeNull();
    expect(gateOf(fact('eq', { ifUnknown: 'false' }))).toEqual({ fact: 'config.value.gateway.port', u: 1 });
    const port = fact('eq');
    const b = paste('b', [['delta']]);
    expect(absent(gateOf({ all: [b, port] }), ['delta'], ['config.value.gateway.port'])).toBe(true);
    expect(absent(gateOf({ all: [b, port] }), ['delta'], [])).toBe(false);
    expect(absent(gateOf({ any: [b, port] }), ['delta'], ['config.value.gateway.port'])).toBe(false);
    expect(absent(gateOf({ any: [b, port] }), [], ['config.value.gateway.port'])).toBe(true);
    expect(absent(gateOf({ not: port }), [], ['config.value.gateway.port'])).toBe(false);
  });

  it('decide a fact leaf as evalFact does: a collected source with no value at the path, or a source not collected with ifUnknown false', () => {
    const rule = (id: string, when: Condition): Rule => ({ id, category: 'other', severity: 'error', title: 't', message: 'm', fix: { tier: 'manual', steps: [] }, specificity: 50, when }) as unknown as Rule;
    const leaf = (op: string, path: string, ifUnknown?: string): Condition => ({ fact: { path, op, value: 18789, ...(ifUnknown ? { ifUnknown } : {}) } }) as Condition;
    const facts = (config?: unknown): Facts => ({ flags: {}, ...(config ? { config } : {}) }) as Facts;
    const withPort = facts({ value: { gateway: { port: 18789, list: [] } } });
    const without = facts({ value: { gateway: {} } });
    const rules = [
      rule('t/eq', leaf('eq', 'config.value.gateway.port')),
      rule('t/exists', leaf('exists', 'config.value.gateway.*')),
      rule('t/falsy', leaf('falsy', 'config.value.gateway.port')),
      // Neither source is required: with both uncollected, both leaves are false (ifUnknown false).
      rule('t/unknown-false', { any: [leaf('eq', 'probe.port', 'false'), leaf('eq', 'env.port', 'false')] }),
      rule('t/unknown-skip', { any: [leaf('eq', 'probe.port', 'false'), leaf('eq', 'env.port')] }),
    ];
    for (const f of [withPort, without, facts()]) {
      const decided = decidedByGate(rules, f);
      const full = rules.map((r) => evaluateRule(r, f));
      expect(evaluate(rules, f).results).toEqual(full);
      for (const r of full) if (decided.has(r.ruleId)) expect(r.status).toBe('pass');
    }
    expect([...decidedByGate(rules, without)]).toEqual(['t/eq', 't/exists', 't/unknown-false']);
    expect([...decidedByGate(rules, withPort)]).toEqual(['t/unknown-false']);
    expect(evaluate(rules, withPort).results.map((r) => r.status)).toEqual(['fail', 'fail', 'pass', 'pass', 'skip']);
    expect(evaluate(rules, without).results.map((r) => r.status)).toEqual(['pass', 'pass', 'fail', 'pass', 'skip']);
  });

  it('have a version leaf per version range (written or resolved), absent as evalVersion is false; none for olderThan', () => {
    const ver = (v: Record<string, unknown>): Condition => ({ version: v }) as Condition;
    expect(gateOf(ver({ range: '>=2026.2.19 <2026.2.22' }))).toEqual({ version: '>=2026.2.19 <2026.2.22' });
    expect(gateOf(ver({ behaviour: 'x', resolved: '<2026.8.0', ifUnknown: 'false' }))).toEqual({ version: '<2026.8.0', u: 1 });
    expect(gateOf(ver({ behaviour: 'x' }))).toBeNull(); // not resolved: evaluation throws, as before
    expect(gateOf(ver({ olderThan: 'config.derived.lastTouchedVersion' }))).toBeNull();
    const rule = (id: string, when: Condition): Rule => ({ id, category: 'other', severity: 'error', title: 't', message: 'm', fix: { tier: 'manual', steps: [] }, specificity: 50, when }) as unknown as Rule;
    const rules = [
      rule('t/range', { all: [{ fact: { path: 'flags', op: 'exists' } }, ver({ range: '>=2026.2.19 <2026.2.22' })] }),
      rule('t/unknown-false', { all: [{ fact: { path: 'flags', op: 'exists' } }, ver({ range: '>=2026.2.19 <2026.2.22', ifUnknown: 'false' })] }),
    ];
    const at = (value?: string): Facts => ({ flags: {}, ...(value ? { version: { value, source: 'flag' } } : {}) }) as Facts;
    for (const f of [at('2026.2.20'), at('2026.3.13'), at('not-a-version'), at()]) expect(evaluate(rules, f).results).toEqual(rules.map((r) => evaluateRule(r, f)));
    expect([...decidedByGate(rules, at('2026.3.13'))]).toEqual(['t/range', 't/unknown-false']);
    expect([...decidedByGate(rules, at('2026.2.20'))]).toEqual([]);
    expect([...decidedByGate(rules, at())]).toEqual(['t/unknown-false']);
    expect(evaluate(rules, at()).results.map((r) => r.status)).toEqual(['skip', 'pass']);
  });

  // Their answer equals a full evaluation's on every rule-case input: test/rules/catalogue.test.ts,
  // on the inputs its case run collects (collected once, not again here).

  it('are worked out from `when` for rules the bundle did not describe (--rules dirs), with the same answers', async () => {
    // Plain copies: no index entry, so their gates come from their conditions at the first evaluation.
    const rules = JSON.parse(JSON.stringify(await loadBuiltinRules())) as Rule[];
    for (const text of casePastes().slice(0, 60)) {
      const p = await pasteFromString(text);
      if (!p) continue;
      const facts: Facts = { paste: p, flags: {} };
      expect(gatesDecide(rules, facts)).toBe(true);
      expectSameResults(evaluate(rules, facts).results, rules.map((r) => evaluateRule(r, { ...facts })));
    }
  });

  it('leave the rules to a full evaluation when the paste could use up the matching budget', async () => {
    const rules = await loadBuiltinRules();
    const small = await pasteFromString('gateway closed (1008): pairing required\n');
    const tight = await pasteFromString('gateway closed (1008): pairing required\n');
    budgetFor(tight!, 1000);
    expect(gatesDecide(rules, { paste: small!, flags: {} })).toBe(true);
    expect(gatesDecide(rules, { paste: tight!, flags: {} })).toBe(false);
    // No paste, no budget to spend: gates decide (on fact leaves).
    expect(gatesDecide(rules, { flags: {} })).toBe(true);
  });
});

/** The gate's answer read from its tree (what the table must reproduce): gate.ts's rules, spelled out on objects. */
function treeAbsent(g: Gate<number>, held: Uint8Array | undefined, factAbsent: (leaf: FactGate) => boolean): boolean {
  if ('all' in g) return g.all.some((x) => treeAbsent(x, held, factAbsent));
  if ('any' in g) return g.any.every((x) => treeAbsent(x, held, factAbsent));
  if ('fact' in g) return factAbsent(g);
  if ('version' in g) return false;
  return !!held && g.cover.every((conj) => conj.some((l) => held[l] === 0));
}

describe('gates compiled to one table (gate.ts compileGates, GateRun)', () => {
  // A deterministic generator of nested gates over 6 literals and 4 fact leaves (two with ifUnknown false).
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const facts: FactGate[] = [{ fact: 'config.a' }, { fact: 'config.b', u: 1 }, { fact: 'env.c' }, { fact: 'env.c', u: 1 }];
  const gen = (depth: number): Gate<number> => {
    const k = depth === 0 ? 2 + rnd(2) : rnd(4);
    if (k === 0 || k === 1) return { [k === 0 ? 'all' : 'any']: Array.from({ length: 1 + rnd(3) }, () => gen(depth - 1)) } as Gate<number>;
    if (k === 2) return { cover: Array.from({ length: 1 + rnd(3) }, () => Array.from({ length: 1 + rnd(3) }, () => rnd(6))) };
    return facts[rnd(facts.length)]!;
  };

  it('answer every gate of a shared table as its tree does, for every paste and fact state (fails on a wrong node length: later gates and siblings shift)', () => {
    const trees = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? null : gen(3)));
    const { table, at } = compileGates(trees);
    expect(at.filter((x) => x < 0)).toHaveLength(trees.filter((t) => t === null).length);
    let absentSeen = 0;
    let presentSeen = 0;
    for (let heldBits = 0; heldBits < 64; heldBits += 5) {
      for (let factBits = 0; factBits < 16; factBits++) {
        const held = heldBits === 60 ? undefined : Uint8Array.from({ length: 6 }, (_, i) => (heldBits >> i) & 1);
        const factAbsent = (leaf: FactGate) => ((factBits >> facts.findIndex((f) => f.fact === leaf.fact && f.u === leaf.u)) & 1) === 1;
        const run = new GateRun(table, { held: () => held, factAbsent, versionAbsent: () => false });
        trees.forEach((t, i) => {
          if (!t) return;
          const want = treeAbsent(t, held, factAbsent);
          expect(run.absent(at[i]!)).toBe(want);
          if (want) absentSeen++;
          else presentSeen++;
        });
      }
    }
    // Both answers occur often: the comparison is not of a constant.
    expect(Math.min(absentSeen, presentSeen)).toBeGreaterThan(1000);
  });

  it('number each distinct fact and version leaf once, and decide it once per run however many gates hold it', () => {
    const g: Gate<number> = { any: [{ fact: 'config.a' }, { all: [{ cover: [[0]] }, { fact: 'config.a' }] }] };
    const { table, at } = compileGates([g, { fact: 'config.a' }, { fact: 'config.a', u: 1 }, { version: '>=2026.2.19', u: 1 }, { version: '>=2026.2.19' }]);
    expect(table.leaves).toEqual(['f0config.a', 'f1config.a', 'v1>=2026.2.19', 'v0>=2026.2.19']);
    const asked: string[] = [];
    const on: GateFacts = {
      held: () => Uint8Array.of(1),
      factAbsent: (leaf) => (asked.push(`${leaf.fact}${leaf.u ?? ''}`), true),
      versionAbsent: (leaf) => (asked.push(`${leaf.version}${leaf.u ?? ''}`), leaf.u === 1),
    };
    const run = new GateRun(table, on);
    expect(at.map((pc) => run.absent(pc))).toEqual([true, true, true, true, false]);
    expect(at.map((pc) => run.absent(pc))).toEqual([true, true, true, true, false]);
    expect(asked).toEqual(['config.a', 'config.a1', '>=2026.2.19' + '1', '>=2026.2.19']);
  });

  it('the rules bundle says its gate literals are plain only when they are (the loader then does not search them again at every start)', async () => {
    const whole = JSON.parse(readFileSync(BUNDLE_FILE, 'latin1')) as { index: { lits: string[]; litsPlain?: 1 } };
    const { lits, litsPlain } = whole.index;
    expect(litsPlain === 1).toBe(isPlainTable(lits));
    expect(litsPlain).toBe(1); // the catalogue's covers are lower-cased: the fast path is the one taken
    expect(isPlainTable([...lits, 'Gateway'])).toBe(false);
    expect(isPlainTable([...lits, 'a\u0001b'])).toBe(false);
    // Through the loader (the preset table) and on a fresh copy (checked here) the answers are the same.
    const rules = await loadBuiltinRules();
    const text = ['gateway closed (1008): pairing required', 'disconnected (1006): abnormal closure', 'econnrefused 127.0.0.1:18789'];
    const copy = [...lits];
    const facts: Facts = { paste: (await pasteFromString(text.join('\n')))!, flags: {} };
    expect(gatesDecide(rules, facts)).toBe(true);
    const viaLoader = evaluate(rules, facts).results;
    expect([...textsHoldEach(text, copy)].reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    expectSameResults(viaLoader, rules.map((r) => evaluateRule(r, { ...facts })));
  });

  it('a table\'s numbers survive the bundle\'s encoding (base64 of 32-bit little-endian integers)', () => {
    const code = [0, 1, 2, 3, 65535, 65536, 2147483647, -1, -2147483648, 5597];
    expect([...decodeGateCode(encodeGateCode(code))]).toEqual(code);
    expect(encodeGateCode([1, 256])).toBe(Buffer.from([1, 0, 0, 0, 0, 1, 0, 0]).toString('base64'));
    expect([...decodeGateCode('')]).toEqual([]);
    expect(() => decodeGateCode(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/32-bit/);
    expect(compileGates([{ any: [{ fact: 'config.a' }, { cover: [[1, 2]] }] }]).table.code).toBeInstanceOf(Int32Array);
  });

  it('the rules bundle carries the built-in rules\' table: each rule\'s gate there answers as the one worked out from its conditions', async () => {
    const whole = JSON.parse(readFileSync(BUNDLE_FILE, 'latin1')) as { index: { lits: string[]; gates: { code: string; leaves: string[] }; rules: Array<{ id: string; c?: number }> } };
    const rules = await loadBuiltinRules();
    const { lits, rules: entries } = whole.index;
    const gates: GateTable = { code: decodeGateCode(whole.index.gates.code), leaves: whole.index.gates.leaves };
    const withGate = entries.filter((e) => e.c !== undefined);
    expect(withGate.length).toBeGreaterThan(300);
    const litIds = new Map(lits.map((l, i) => [l, i]));
    // Each rule's own table, worked out from its conditions once (it does not depend on the round).
    const owns = entries.map((e, i) => {
      const tree = gateOf(rules[i]!.when);
      expect(e.c === undefined).toBe(tree === null);
      return tree ? compileGates([numberedGate(tree, [...lits], new Map(litIds))]) : undefined;
    });
    let seed2 = 3;
    for (let round = 0; round < 8; round++) {
      const held = Uint8Array.from(lits, () => ((seed2 = (seed2 * 69069 + 1) % 4294967296), seed2 % 5 === 0 ? 1 : 0));
      const factAbsent = (leaf: FactGate) => leaf.fact.length % 2 === round % 2;
      const run = new GateRun(gates, { held: () => held, factAbsent, versionAbsent: () => round % 3 === 0 });
      for (const [i, e] of entries.entries()) {
        const own = owns[i];
        if (!own) continue;
        const alone = new GateRun(own.table, { held: () => held, factAbsent, versionAbsent: () => round % 3 === 0 });
        expect(run.absent(e.c!)).toBe(alone.absent(own.at[0]!));
      }
    }
  });
});

describe('the rules bundle (scripts/bundle-rules.mjs): an index, and bodies parsed on first use', () => {
  it('a bundle rule reads as the rule the whole bundle holds: same keys in the same order, same JSON', async () => {
    const whole = JSON.parse(readFileSync(BUNDLE_FILE, 'latin1')) as { rules: Array<Record<string, unknown>> };
    const rules = await loadBuiltinRules();
    expect(rules.map((r) => r.id)).toEqual(whole.rules.map((r) => r.id));
    for (const [i, r] of rules.entries()) {
      const want = { ...whole.rules[i]!, file: join(BUILTIN_RULES_DIR, String(whole.rules[i]!.file)) };
      // The bundle stores an exclusion's matcher without its regex; the body's reader puts it back (exclusion-pack.ts).
      restoreExclusions(want.when as Condition);
      // Node's deep equality first, vitest's (with its diff) only when it fails (./same-results.ts).
      expectSameResults(JSON.parse(JSON.stringify(r)), want);
      expectSameResults(Object.keys(r), Object.keys(want));
      expect(isParsed(r)).toBe(true);
    }
  });

  it('id and file are known without parsing; another key, JSON.stringify or a write parses the body once, in the file\'s key order', () => {
    const body = '{"$schema":"s","id":"a/b","title":"T","when":{"paste":{"contains":"q"}},"file":"a/b.json"}';
    const text = Buffer.from(`[x,${body},y]`, 'latin1');
    const keys = new Set(['$schema', 'id', 'title', 'when', 'file']);
    const proto = lazyRulePrototype([...keys, 'notes']);
    const make = () => lazyRule(proto, text, 3, 3 + body.length, 'a/b', '/abs/a/b.json', keys);
    const r = make();
    expect([r.id, r.file, r.notes]).toEqual(['a/b', '/abs/a/b.json', undefined]);
    expect(isParsed(r)).toBe(false);
    expect(r.title).toBe('T');
    expect(isParsed(r)).toBe(true);
    expect(Object.keys(r)).toEqual(['$schema', 'id', 'title', 'when', 'file']);
    expect({ ...r }).toEqual({ $schema: 's', id: 'a/b', title: 'T', when: { paste: { contains: 'q' } }, file: '/abs/a/b.json' });
    expect(r.notes).toBeUndefined();
    const j = make();
    expect(JSON.stringify(j)).toBe(JSON.stringify({ ...r }));
    const w = make();
    w.title = 'U';
    expect({ ...w }).toEqual({ ...r, title: 'U' });
    expect(materialise(w)).toBe(w);
  });
});
