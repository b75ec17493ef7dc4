// Runs every rule's positive and negative cases (ESLint RuleTester / Semgrep test style).
import { evaluate, evaluateRule } from '../engine/evaluate.js';
import { pickVersion } from '../facts.js';
import { pasteFromString } from '../collectors/paste/read.js';
import type { Facts, Rule, RuleCase } from '../types.js';
import { loadCases } from './load.js';

export interface CaseFailure {
  ruleId: string;
  kind: 'positive' | 'negative' | 'missing-cases';
  index: number;
  name?: string;
  message: string;
}

export interface CaseReport {
  rules: number;
  cases: number;
  failures: CaseFailure[];
}

export async function factsForCase(c: RuleCase, rules: Rule[]): Promise<Facts> {
  const facts: Facts = { flags: {} };
  if (c.paste !== undefined) facts.paste = await pasteFromString(c.paste);
  const extra = (c.facts ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) (facts as Record<string, unknown>)[k] = v;
  void rules;
  const version = pickVersion(facts, c.openclawVersion ? { flag: c.openclawVersion } : {});
  if (version && !facts.version) facts.version = version;
  return facts;
}

export async function runRuleCases(rules: Rule[]): Promise<CaseReport> {
  const failures: CaseFailure[] = [];
  let cases = 0;
  for (const rule of rules) {
    if (!rule.file) continue;
    const rc = await loadCases(rule.file);
    if (!rc) {
      failures.push({ ruleId: rule.id, kind: 'missing-cases', index: -1, message: 'no .cases.json beside the rule' });
      continue;
    }
    if (rc.rule !== rule.id) failures.push({ ruleId: rule.id, kind: 'missing-cases', index: -1, message: `cases file names rule ${rc.rule}` });
    for (const [kind, list] of [['positive', rc.positive], ['negative', rc.negative]] as const) {
      for (let i = 0; i < list.length; i++) {
        const c = list[i]! as RuleCase & { top?: boolean };
        cases++;
        const facts = await factsForCase(c, rules);
        const r = evaluateRule(rule, facts);
        const base = { ruleId: rule.id, kind, index: i, ...(c.name ? { name: c.name } : {}) };
        if (r.status === 'error') failures.push({ ...base, message: `rule errored: ${r.reason}` });
        else if (kind === 'positive' && r.status !== 'fail') failures.push({ ...base, message: `expected the rule to fire, got ${r.status}${r.reason ? ` (${r.reason})` : ''}` });
        else if (kind === 'negative' && r.status === 'fail') failures.push({ ...base, message: `expected no finding, but it fired on: ${r.evidence.map((e) => e.text ?? e.path).join(' | ')}` });
        else if (kind === 'positive' && c.top) {
          const top = evaluate(rules, facts).findings[0];
          if (top?.ruleId !== rule.id) failures.push({ ...base, message: `expected to be the first finding, but first was ${top?.ruleId ?? 'nothing'}` });
        }
      }
    }
  }
  return { rules: rules.length, cases, failures };
}
