// Rules decided by their gate (literals of the paste, fact paths with no value), never parsed nor
// evaluated (issue #13, start-up): the answer must be the one a full evaluation gives, for every
// built-in rule on every paste of the rule cases and on every other rule-case input (those two on
// the catalogue's collected inputs: test/rules/catalogue.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, BUNDLE_FILE, loadBuiltinRules } from '../../src/rules/load.js';
import { decidedByGate, evaluate, evaluateRule, gatesDecide } from '../../src/engine/evaluate.js';
import { gateAbsent, gateOf, numberedGate, type Gate } from '../../src/engine/gate.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { budgetFor } from '../../src/shared/regex/budget.js';
import { isParsed, lazyRule, lazyRulePrototype, materialise } from '../../src/rules/lazy.js';
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

describe('the rules bundle (scripts/bundle-rules.mjs): an index, and bodies parsed on first use', () => {
  it('a bundle rule reads as the rule the whole bundle holds: same keys in the same order, same JSON', async () => {
    const whole = JSON.parse(readFileSync(BUNDLE_FILE, 'latin1')) as { rules: Array<Record<string, unknown>> };
    const rules = await loadBuiltinRules();
    expect(rules.map((r) => r.id)).toEqual(whole.rules.map((r) => r.id));
    for (const [i, r] of rules.entries()) {
      const want = { ...whole.rules[i]!, file: join(BUILTIN_RULES_DIR, String(whole.rules[i]!.file)) };
      expect(JSON.parse(JSON.stringify(r))).toEqual(want);
      expect(Object.keys(r)).toEqual(Object.keys(want));
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
