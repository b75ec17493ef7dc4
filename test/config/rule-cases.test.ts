// The config rules' cases are honest: their stored `derived` facts match what the collector
// computes today, negatives really pass (not skip), and every patch clears its own finding.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeConfigText } from '../../src/collectors/config/analyze.js';
import { deriveFacts } from '../../src/derive/index.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { factsForCase } from '../../src/rules/test-runner.js';
import { planForRule } from '../../src/fixer/plan.js';
import { applyPatch } from '../../src/fixer/edit.js';
import type { ConfigFacts, Facts, RuleCase, RuleCases } from '../../src/types.js';
import { configRules, CONFIG_RULES_DIR } from '../fixer/helpers.js';
import { FACT_SHAPE } from '../../src/rules/fact-shape.js';

// Depend on the process environment or on exact text positions, which cases do not record.
const ENV_OR_POSITION = /At$|^(hasToken|hasPassword|tokenSource|trustedProxyWithToken|unsetEnvRef.*|nonLoopbackNoCredentials|secrets|effectivePort|tokenWeak.*|tokenLength|positionsUnavailable|tlsFilesMissing|include[A-Z].*)$/; // tlsFilesMissing, include*: the filesystem

// Keys the derive stage declares (src/derive/ types, as `rules validate` knows them). A stored key
// outside them is one the stage no longer computes and no rule may read: left for the cases' rewrite.
const DECLARED = new Set(Object.keys(FACT_SHAPE.config.derived));

function comparable(d: object | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d ?? {})) if (!ENV_OR_POSITION.test(k) && DECLARED.has(k)) out[k] = v;
  return out;
}

async function rederive(c: RuleCase): Promise<Facts> {
  const stored = (c.facts as Facts).config!;
  const text = JSON.stringify(stored.value, null, 2);
  const config = analyzeConfigText(text, { path: stored.path, reason: stored.reason, env: {}, mode: stored.mode, stateDir: stored.stateDir, stateDirMode: stored.stateDirMode, platform: 'linux' });
  const facts = await factsForCase({ ...c, facts: { ...(c.facts as Record<string, unknown>), config } }, []);
  return deriveFacts(facts);
}

const casesFiles = readdirSync(CONFIG_RULES_DIR).filter((n) => n.endsWith('.cases.json'));

describe('config rule cases', () => {
  // After changing deriveConfig: CLAWKIT_UPDATE_CASES=1 npx vitest run test/config/rule-cases.test.ts
  // rewrites the stale `derived` blocks (keeping the environment- and position-dependent keys).
  it('every config rule has cases, and stored derived facts are current', async () => {
    const rules = await configRules();
    expect(casesFiles.length).toBe(rules.length);
    const update = process.env.CLAWKIT_UPDATE_CASES === '1';
    let compared = 0;
    for (const f of casesFiles) {
      const file = path.join(CONFIG_RULES_DIR, f);
      const rc = JSON.parse(readFileSync(file, 'utf8')) as RuleCases;
      let changed = false;
      for (const c of [...rc.positive, ...rc.negative]) {
        const stored = (c.facts as Facts | undefined)?.config as ConfigFacts | undefined;
        if (!stored?.value) continue;
        const fresh = await rederive(c);
        if (update && JSON.stringify(comparable(fresh.config!.derived)) !== JSON.stringify(comparable(stored.derived))) {
          const kept = Object.fromEntries(Object.entries(stored.derived ?? {}).filter(([k]) => ENV_OR_POSITION.test(k)));
          stored.derived = { ...comparable(fresh.config!.derived), ...kept };
          changed = true;
        }
        expect(comparable(fresh.config!.derived), `${rc.rule} / ${c.name}: stale case facts (see the comment above this test)`).toEqual(comparable(stored.derived));
        compared++;
      }
      if (changed) writeFileSync(file, JSON.stringify(rc, null, 2) + '\n');
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('negative cases pass (they are not merely skipped)', async () => {
    const rules = await configRules();
    for (const rule of rules) {
      const rc = JSON.parse(readFileSync(path.join(CONFIG_RULES_DIR, `${rule.id.split('/')[1]}.cases.json`), 'utf8')) as RuleCases;
      for (const c of rc.negative) {
        const r = evaluateRule(rule, await factsForCase(c, rules));
        expect(r.status, `${rule.id} negative "${c.name}"`).toBe('pass');
      }
    }
  });

  it('every patch, applied to its positive cases, clears the finding', async () => {
    const rules = await configRules();
    let patched = 0;
    for (const rule of rules.filter((r) => r.fix.patch?.length)) {
      const rc = JSON.parse(readFileSync(path.join(CONFIG_RULES_DIR, `${rule.id.split('/')[1]}.cases.json`), 'utf8')) as RuleCases;
      for (const c of rc.positive) {
        const facts = await rederive(c);
        const before = evaluateRule(rule, facts);
        expect(before.status, `${rule.id} "${c.name}" fires on re-derived facts`).toBe('fail');
        const plan = planForRule(rule, facts, before.captures);
        expect(plan && 'ops' in plan, `${rule.id} "${c.name}": ${plan && 'error' in plan ? plan.error : ''}`).toBe(true);
        const text = JSON.stringify((c.facts as Facts).config!.value, null, 2);
        const next = applyPatch(text, (plan as { ops: [] }).ops);
        expect(() => JSON.parse(next), 'strict JSON stays strict').not.toThrow();
        const after = await rederive({ ...c, facts: { ...(c.facts as Record<string, unknown>), config: { ...(c.facts as Facts).config!, value: JSON.parse(next) as Record<string, unknown> } } });
        expect(evaluateRule(rule, after).status, `${rule.id} "${c.name}" after its patch`).not.toBe('fail');
        patched++;
      }
    }
    expect(patched).toBeGreaterThan(25);
  });
});
