// Issue #11 Deliver 7, the planning half: what `clawkit-doctor --fix --yes` would write on the host of
// one matrix recording. The real fixer runs (dry run, prompt tier accepted) on the recorded config;
// the result names every safe/prompt fix the doctor offered, whether `--fix --yes` applies it (or the
// fixer's reason not to), and the config text after all applied fixes, with `${STATE}` put back so
// the recorder can start the real gateway from it (verify-fixes.ts).
import type { FixTier, Rule } from '../../src/types.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { runFix, type ConcreteOp, type SkippedFix } from '../../src/fixer/index.js';
import { widensTrust } from '../../src/rules/trust.js';
import { doctorOnHost } from './doctor.js';
import type { Recording } from './normalise.js';
import path from 'node:path';

export interface OfferedFix {
  ruleId: string;
  tier: FixTier;
  /** `applied` by `--fix --yes`, else the fixer's skip reason (widens-trust, unresolvable, …). */
  applicability: 'applied' | SkippedFix['reason'];
  detail?: string;
  ops?: ConcreteOp[];
}

export interface FixPlanResult {
  release: string;
  scenario: string;
  fixes: OfferedFix[];
  /** The config after every applied fix (placeholder form), or undefined when nothing was applied. */
  fixedConfig?: string;
  /** Findings (rule ids) the fixer still reports after its patches. */
  remaining: string[];
}

/** Every safe/prompt fix the doctor offers on this recorded host, and what `--fix --yes` does with it. */
export async function planFixes(rec: Recording, rules: Rule[]): Promise<FixPlanResult> {
  const out: FixPlanResult = { release: rec.release, scenario: rec.scenario, fixes: [], remaining: [] };
  await doctorOnHost(rec, rules, {}, async (d, host) => {
    if (!d.facts.config?.found) return;
    const state = path.join(host.home, '.openclaw');
    let after: string | undefined;
    const report = await runFix({
      facts: d.facts,
      rules,
      evaluate,
      mode: { apply: false, dryRun: true, yes: true, interactive: false },
      env: { ...host.env, HOME: host.home },
      onPlanned: (_before, text) => {
        after = text;
      },
    });
    for (const a of report.applied) out.fixes.push({ ruleId: a.ruleId, tier: a.tier, applicability: 'applied', ops: a.ops });
    for (const s of report.skipped) {
      if (s.tier === 'manual' || s.reason === 'manual' || s.reason === 'no-patch') continue;
      out.fixes.push({ ruleId: s.ruleId, tier: s.tier, applicability: s.reason, ...(s.detail ? { detail: s.detail.split(state).join('${STATE}') } : {}) });
    }
    out.remaining = report.remaining;
    if (report.applied.length && after !== undefined) out.fixedConfig = after.split(state).join('${STATE}');
  });
  return out;
}

/** A fix `--fix --yes` applied whose operations widen trust (must never happen): what it opens. */
export function appliedWidening(plan: FixPlanResult): string[] {
  return plan.fixes.filter((f) => f.applicability === 'applied' && f.ops && widensTrust(f.ops)).map((f) => `${f.ruleId}: ${widensTrust(f.ops!)}`);
}
