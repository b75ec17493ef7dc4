// Every built-in rule is valid against the published schema and proves itself on its own
// positive and negative cases.
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, checkUniqueIds, loadCases, readAndValidateDir } from '../../src/rules/load.js';
import { factsForCase, runRuleCases } from '../../src/rules/test-runner.js';
import type { RawCase } from '../../src/rules/cases/inputs.js';
import { CATEGORIES, type Facts } from '../../src/types.js';

const { rules, problems } = await readAndValidateDir(BUILTIN_RULES_DIR);

// Each case's inputs go through the collectors once: the first run keeps a copy of the facts it
// collected (taken before any rule saw them), the bundle's run evaluates its rules on a fresh copy.
// A copy, not the same object: the engine caches answers per paste object, and the bundle's rules
// must find their lines through their own literal covers. A case the first run did not collect
// (the bundle's test run alone, `-t`) is collected then.
const collected = new Map<string, { c: RawCase; facts: Facts }>();
const caseKey = (c: RawCase, dir: string) => `${dir}\0${JSON.stringify(c)}`;
async function collectAndKeep(c: RawCase, dir: string): Promise<Facts> {
  const facts = await factsForCase(c, dir);
  collected.set(caseKey(c, dir), { c, facts: structuredClone(facts) });
  return facts;
}
async function collectedBefore(c: RawCase, dir: string): Promise<Facts> {
  const kept = collected.get(caseKey(c, dir));
  return kept ? structuredClone(kept.facts) : factsForCase(c, dir);
}

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
    const report = await runRuleCases(rules, { factsFor: collectAndKeep });
    expect(report.cases).toBeGreaterThan(rules.length * 2 - 1);
    expect(report.failures.map((f) => `${f.ruleId} ${f.kind}[${f.index}] ${f.message}`)).toEqual([]);
  });
});

describe('rule catalogue from the built bundle', () => {
  it('gives the same case results with build-time literal covers attached', async () => {
    const { loadBuiltinRules } = await import('../../src/rules/load.js');
    const bundled = await loadBuiltinRules();
    const withCovers = bundled.filter((r) => JSON.stringify(r.when).includes('"cover"'));
    expect(withCovers.length).toBeGreaterThan(50);
    const report = await runRuleCases(bundled, { factsFor: collectedBefore });
    expect(report.cases).toBeGreaterThan(bundled.length * 2 - 1);
    expect(report.failures.map((f) => `${f.ruleId} ${f.kind}[${f.index}] ${f.message}`)).toEqual([]);
  });
});
