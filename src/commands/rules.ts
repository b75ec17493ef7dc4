// `rules list`, `rules validate [dir]`, `rules test`, `explain <rule-id>`.
import { resolve } from 'node:path';
import { BUILTIN_RULES_DIR, checkUniqueIds, readAndValidateDir } from '../rules/load.js';
import { runRuleCases } from '../rules/test-runner.js';
import type { Rule } from '../types.js';
import { sourcesOf } from '../engine/evaluate.js';
import { renderTemplate } from '../engine/template.js';
import { boundNames } from '../rules/check-templates.js';
import { loadRuleSet, selectRules, UsageError } from './rule-selection.js';
import type { IO } from './diagnose.js';
import { currentRuleId } from '../rules/renamed.js';

export async function rulesList(opts: { json?: boolean; rules?: string[] }, io: IO): Promise<number> {
  const rules = await loadRuleSet(opts.rules ?? []);
  if (opts.json) {
    io.stdout.write(JSON.stringify(rules.map((r) => ({ id: r.id, category: r.category, severity: r.severity, facts: sourcesOf(r), title: r.title })), null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const r of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    io.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)} ${r.category.padEnd(17)} ${r.title}\n`);
  }
  io.stdout.write(`${rules.length} rules\n`);
  return 0;
}

export async function rulesValidate(dir: string | undefined, io: IO): Promise<number> {
  const target = dir ? resolve(dir) : BUILTIN_RULES_DIR;
  const { rules, problems } = await readAndValidateDir(target);
  problems.push(...checkUniqueIds(rules));
  // Every rule must have its cases beside it, and they must be valid.
  const { loadCases } = await import('../rules/load.js');
  for (const r of rules) {
    try {
      if (!(await loadCases(r.file!))) problems.push({ file: r.file!, message: 'no .cases.json beside the rule' });
    } catch (err) {
      problems.push({ file: r.file!, message: (err as Error).message });
    }
  }
  for (const p of problems) io.stderr.write(`${p.file}: ${p.message}\n`);
  io.stdout.write(`${rules.length} valid rule${rules.length === 1 ? '' : 's'}, ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${target}\n`);
  return problems.length ? 1 : 0;
}

export async function rulesTest(opts: { rules?: string[]; json?: boolean; only?: string[] }, io: IO): Promise<number> {
  const all = await loadRuleSet(opts.rules ?? []);
  // --only narrows whose cases run; a case expected first still competes with every rule.
  const report = await runRuleCases(selectRules(all, opts.only ?? [], []), { catalogue: all });
  if (opts.json) {
    io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    for (const f of report.failures) {
      io.stdout.write(`FAIL ${f.ruleId} ${f.kind}${f.index >= 0 ? `[${f.index}]` : ''}${f.name ? ` "${f.name}"` : ''}: ${f.message}\n`);
    }
    const passed = report.cases - report.failures.filter((f) => f.index >= 0).length;
    const notes = [report.explained ? `${report.explained} with facts given directly (factsBecause)` : '', report.intendedSkips ? `${report.intendedSkips} intended skips` : ''].filter(Boolean);
    io.stdout.write(`rules: ${report.rules}, cases: ${report.cases}${notes.length ? ` (${notes.join(', ')})` : ''}\n${passed} passed, ${report.failures.length} failed\n`);
  }
  return report.failures.length ? 1 : 0;
}

export async function explain(id: string, opts: { json?: boolean; rules?: string[] }, io: IO): Promise<number> {
  const rules = await loadRuleSet(opts.rules ?? []);
  const rule = rules.find((r) => r.id === id) ?? rules.find((r) => r.id === currentRuleId(id));
  if (!rule) {
    const near = rules.filter((r) => r.id.includes(id.split('/').pop() ?? id)).map((r) => r.id).slice(0, 5);
    throw new UsageError(`unknown rule ${JSON.stringify(id)}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
  }
  if (opts.json) {
    io.stdout.write(JSON.stringify(rule, null, 2) + '\n');
    return 0;
  }
  io.stdout.write(describe(rule));
  return 0;
}

/** A template shown with each bound name as <name> (sections open), never raw {{…}} syntax. */
function shown(template: string, r: Rule): string {
  const values = Object.fromEntries([...boundNames(r.when, r.bind)].map((n) => [n, `<${n}>`]));
  return renderTemplate(template, values);
}

/** The conditions without what the loader attached for speed (literal covers, linear-time rewrites); a behaviour's `resolved` range stays: it says what the behaviour means. */
function conditionText(r: Rule): string {
  return JSON.stringify(r.when, (k, v: unknown) => (k === 'cover' || k === 'linear' ? undefined : v));
}

function describe(r: Rule): string {
  const lines = [`${r.id} — ${r.title}`, `category: ${r.category}   severity: ${r.severity}   specificity: ${r.specificity}${r.band ? ` (${r.band})` : ''}   needs: ${sourcesOf(r).join(', ') || 'nothing'}`];
  if (r.supersedes?.length) lines.push(`refines: ${r.supersedes.join(', ')}`);
  if (r.ranksAfter?.length) lines.push(`ranks after: ${r.ranksAfter.join(', ')}`);
  lines.push('', shown(r.message, r), '', `Fix (${r.fix.tier}):`);
  r.fix.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${shown(s, r)}`));
  for (const c of r.fix.commands ?? []) lines.push(`  $ ${shown(c, r)}`);
  for (const d of r.fix.docs ?? []) lines.push(`  docs: ${d}`);
  if (r.notes) lines.push('', `Notes: ${r.notes}`);
  if (r.references?.length) lines.push('', `References: ${r.references.join(', ')}`);
  lines.push('', `When: ${conditionText(r)}`);
  if (r.bind) lines.push(`Binds: ${Object.entries(r.bind).map(([n, p]) => `${n} = ${p}`).join(', ')}`);
  if (r.file) lines.push(`File: ${r.file}`);
  return lines.join('\n') + '\n';
}
