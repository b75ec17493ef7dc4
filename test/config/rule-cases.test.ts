// The config rules' cases are honest: they give config text (collected by the real collector),
// and every patch, applied to the text of its positive cases, clears the finding.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { factsForCase } from '../../src/rules/test-runner.js';
import type { RawCase } from '../../src/rules/cases/inputs.js';
import { planForRule } from '../../src/fixer/plan.js';
import { applyPatch } from '../../src/fixer/edit.js';
import { configRules } from '../fixer/helpers.js';
import { casesFileFor } from '../../src/rules/load.js';

interface Cases {
  rule: string;
  positive: RawCase[];
  negative: RawCase[];
}

// The config rules (by their former area, rules/renamed.json) live in their cause folders now.
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Cases;
const textOf = (c: RawCase) => (typeof c.config === 'string' ? c.config : c.config?.text);

describe('config rule cases', () => {
  it('every config rule has cases, written as config text (never as collected facts)', async () => {
    const rules = await configRules();
    const casesFiles = rules.map((r) => casesFileFor(r.file!));
    expect(casesFiles.filter((f) => existsSync(f))).toEqual(casesFiles);
    let withText = 0;
    const direct: string[] = [];
    for (const f of casesFiles) {
      for (const c of [...read(f).positive, ...read(f).negative]) {
        if (textOf(c) !== undefined) withText++;
        if (c.facts?.config) direct.push(`${path.basename(f)} "${c.name}"`);
      }
    }
    // None: a 40 MB file is written sparse at run time, permission denied comes from an unprivileged child.
    expect(direct).toEqual([]);
    expect(withText).toBeGreaterThan(250);
  });

  it('every patch, applied to the config text of its positive cases, clears the finding', async () => {
    const rules = await configRules();
    let patched = 0;
    const unresolved: string[] = [];
    for (const rule of rules.filter((r) => r.fix.patch?.length)) {
      const file = casesFileFor(rule.file!);
      const rc = read(file);
      for (const c of rc.positive) {
        const text = textOf(c);
        if (text === undefined) continue;
        const facts = await factsForCase(c, path.dirname(file));
        const before = evaluateRule(rule, facts);
        expect(before.status, `${rule.id} "${c.name}" fires`).toBe('fail');
        const plan = planForRule(rule, facts, before.captures);
        if (plan && 'unresolved' in plan) {
          unresolved.push(`${rule.id} "${c.name}" needs ${plan.needs.join(', ')}`);
          continue;
        }
        expect(plan && 'ops' in plan, `${rule.id} "${c.name}": ${plan && 'error' in plan ? plan.error : ''}`).toBe(true);
        const next = applyPatch(text, (plan as { ops: [] }).ops);
        const config = typeof c.config === 'string' ? next : { ...c.config, text: next };
        const after = await factsForCase({ ...c, config }, path.dirname(file));
        expect(after.config?.parseError, `${rule.id} "${c.name}": the patched text parses`).toBeUndefined();
        expect(evaluateRule(rule, after).status, `${rule.id} "${c.name}" after its patch`).not.toBe('fail');
        patched++;
      }
    }
    expect(patched).toBeGreaterThan(25);
    // Without evidence of the proxy's address the CIDR fix is never guessed (issue #11 item 6): the
    // patch stays unresolved and the step is manual. Exactly these cases, no others.
    expect(unresolved).toEqual(['trusted-proxy/trusted-proxies-cidr-unsupported "docker bridge range on 2026.2.12" needs trustedProxiesCidrReplacement']);
  });
});
