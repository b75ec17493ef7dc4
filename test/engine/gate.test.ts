// Rules decided by their literal gate, never parsed nor evaluated (issue #13, start-up): the answer
// must be the one a full evaluation gives, for every built-in rule on every paste of the rule cases.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, BUNDLE_FILE, loadBuiltinRules } from '../../src/rules/load.js';
import { evaluate, evaluateRule, gatesDecide } from '../../src/engine/evaluate.js';
import { gateAbsent, gateOf, numberedGate, type Gate } from '../../src/engine/gate.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { budgetFor } from '../../src/shared/regex/budget.js';
import { isParsed, lazyRule, lazyRulePrototype, materialise } from '../../src/rules/lazy.js';
import type { Condition, Facts, Rule } from '../../src/types.js';

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
  // Every third one (in file order): ~310 pastes, every rule area, in a fast-project time.
  return [...out].filter((_, i) => i % 3 === 0);
}

const absent = (g: Gate | null, present: string[]) => {
  if (!g) return false;
  const lits: string[] = [];
  const n = numberedGate(g, lits);
  return gateAbsent(n, Uint8Array.from(lits, (l) => (present.includes(l) ? 1 : 0)));
};
const paste = (regex: string, cover: string[][]): Condition => ({ paste: { regex, cover } });

describe('literal gates (src/engine/gate.ts)', () => {
  it('follow the three-valued evaluation: all needs one absent child, any needs every child absent; not, facts and uncovered matchers have none', () => {
    const a = paste('a', [['alpha'], ['beta', 'gamma']]);
    const b = paste('b', [['delta']]);
    expect(absent(gateOf(a), ['beta'])).toBe(true); // every conjunction misses a literal
    expect(absent(gateOf(a), ['beta', 'gamma'])).toBe(false);
    expect(absent(gateOf({ all: [a, { fact: { path: 'config.x', op: 'exists' } }] }), [])).toBe(true);
    expect(absent(gateOf({ all: [a, b] }), ['alpha'])).toBe(true);
    expect(absent(gateOf({ any: [a, b] }), ['alpha'])).toBe(false);
    expect(absent(gateOf({ any: [a, b] }), ['gamma'])).toBe(true);
    expect(gateOf({ any: [a, { fact: { path: 'paste.closeCodes', op: 'nonEmpty' } }] })).toBeNull();
    expect(gateOf({ not: a })).toBeNull();
    expect(gateOf({ paste: { regex: 'a', cover: [['alpha'], []] } })).toBeNull();
    expect(gateOf({ paste: { regex: 'A', caseSensitive: true, cover: [['a']] } })).toBeNull();
    expect(gateOf({ paste: { regex: 'a' } })).toBeNull();
  });

  it('give every built-in rule the result a full evaluation gives, on every paste of the rule cases, and decide most rules on most of them', async () => {
    const rules = await loadBuiltinRules();
    let decidedByGate = 0;
    let pastes = 0;
    for (const text of casePastes()) {
      const p = await pasteFromString(text);
      if (!p) continue;
      const facts: Facts = { paste: p, flags: {} };
      expect(gatesDecide(rules, facts)).toBe(true);
      const gated = evaluate(rules, facts).results;
      // evaluateRule alone never consults a gate.
      const full = rules.map((r) => evaluateRule(r, { ...facts }));
      expect(gated).toEqual(full);
      pastes++;
      decidedByGate += gated.filter((r) => r.status === 'pass').length;
    }
    expect(pastes).toBeGreaterThan(300);
    expect(decidedByGate / pastes).toBeGreaterThan(100);
  });

  it('are worked out from `when` for rules the bundle did not describe (--rules dirs), with the same answers', async () => {
    // Plain copies: no index entry, so their gates come from their conditions at the first evaluation.
    const rules = JSON.parse(JSON.stringify(await loadBuiltinRules())) as Rule[];
    for (const text of casePastes().slice(0, 60)) {
      const p = await pasteFromString(text);
      if (!p) continue;
      const facts: Facts = { paste: p, flags: {} };
      expect(gatesDecide(rules, facts)).toBe(true);
      expect(evaluate(rules, facts).results).toEqual(rules.map((r) => evaluateRule(r, { ...facts })));
    }
  });

  it('leave the rules to a full evaluation when the paste could use up the matching budget', async () => {
    const rules = await loadBuiltinRules();
    const small = await pasteFromString('gateway closed (1008): pairing required\n');
    const tight = await pasteFromString('gateway closed (1008): pairing required\n');
    budgetFor(tight!, 1000);
    expect(gatesDecide(rules, { paste: small!, flags: {} })).toBe(true);
    expect(gatesDecide(rules, { paste: tight!, flags: {} })).toBe(false);
    expect(gatesDecide(rules, { flags: {} })).toBe(false);
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
