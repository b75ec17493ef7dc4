// The config edit each finding's fix would make, for SARIF `fixes`: the fixer's own planner and
// editor run on the config text in memory (nothing is written). Manual fixes are left out: they
// are steps for a person (trust, proxies, origins), never an edit to apply.
import { readFileSync } from 'node:fs';
import type { EngineOutput, Facts, Rule } from '../types.js';
import type { Report } from '../report/report.js';
import type { SarifFixEdit } from '../report/sarif.js';

/** The one replacement turning `before` into `after`: common prefix and suffix kept. */
export function singleReplacement(before: string, after: string): { charOffset: number; charLength: number; insertedContent: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { charOffset: start, charLength: before.length - start - end, insertedContent: after.slice(start, after.length - end) };
}

export async function sarifFixEdits(report: Report, rules: Rule[], facts: Facts, results: EngineOutput['results']): Promise<Map<string, SarifFixEdit>> {
  const edits = new Map<string, SarifFixEdit>();
  const cfg = facts.config;
  const candidates = report.findings.filter((f) => f.fix.tier !== 'manual' && f.fix.patch?.length);
  if (!cfg?.found || !cfg.value || candidates.length === 0) return edits;
  let text: string;
  try {
    text = readFileSync(cfg.realPath ?? cfg.path, 'utf8');
  } catch {
    return edits;
  }
  const { planForRule } = await import('../fixer/plan.js');
  const { applyOpsToText } = await import('../fixer/edit.js');
  const byId = new Map(rules.map((r) => [r.id, r]));
  const captures = new Map(results.map((r) => [r.ruleId, r.captures]));
  for (const f of candidates) {
    const rule = byId.get(f.ruleId);
    const plan = rule && planForRule(rule, facts, captures.get(f.ruleId) ?? {});
    if (!plan || !('ops' in plan)) continue;
    let after: string;
    try {
      after = applyOpsToText(text, plan.ops);
    } catch {
      continue; // the patch does not apply to this file (the fixer reports it under --fix)
    }
    if (after === text) continue;
    edits.set(f.ruleId, { file: cfg.path, description: f.fix.summary ?? f.title, ...singleReplacement(text, after) });
  }
  return edits;
}
