// Every built-in rule is valid against the published schema and proves itself on its own
// positive and negative cases. The same cases through the built bundle's rules (build-time literal
// covers attached) are a differential over every case: catalogue.sweep.test.ts, in the slow job (2dc).
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, checkUniqueIds, loadCases, readAndValidateDir } from '../../src/rules/load.js';
import { runRuleCases } from '../../src/rules/test-runner.js';
import { CATEGORIES } from '../../src/types.js';

const { rules, problems } = await readAndValidateDir(BUILTIN_RULES_DIR);

describe('rule catalogue', () => {
  it('has rules, all valid, with unique ids', () => {
    expect(rules.length).toBeGreaterThan(40);
    expect([...problems, ...checkUniqueIds(rules)]).toEqual([]);
  });

  it('covers every category', () => {
    const seen = new Set(rules.map((r) => r.category));
    for (const c of CATEGORIES) expect(seen, `no rule in category ${c}`).toContain(c);
  });

  it('every rule has positive and negative cases beside it', async () => {
    const missing: string[] = [];
    for (const r of rules) {
      const c = await loadCases(r.file!);
      if (!c || !c.positive.length || !c.negative.length) missing.push(r.id);
    }
    expect(missing).toEqual([]);
  });

  it('supersedes only names existing rules', () => {
    const ids = new Set(rules.map((r) => r.id));
    const dangling = rules.flatMap((r) => (r.supersedes ?? []).filter((s) => !ids.has(s)).map((s) => `${r.id} -> ${s}`));
    expect(dangling).toEqual([]);
  });

  it('every case passes (positives fire, negatives stay silent)', async () => {
    const report = await runRuleCases(rules);
    expect(report.cases).toBeGreaterThan(rules.length * 2 - 1);
    expect(report.failures.map((f) => `${f.ruleId} ${f.kind}[${f.index}] ${f.message}`)).toEqual([]);
  });
});
