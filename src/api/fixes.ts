// planFixes / applyFixes: the `--fix` machinery (src/fixer/) for programs, with the same safety:
// only safe-tier fixes (prompt-tier ones only when asked), never a fix that widens trust or a
// manual one, a lock, a backup, an atomic write checked against the bytes the plan was made from.
import { evaluate } from '../engine/evaluate.js';
import { Redactor } from '../shared/redact.js';
import type { FixReport } from '../fixer/index.js';
import { contextOf, type DiagnosisContext } from './diagnose.js';

export type { FixReport };

export interface PlanOptions {
  /** Also plan prompt-tier fixes (the CLI's --yes). Trust-widening and manual fixes never are. */
  includePrompt?: boolean;
}

/** A dry run of the fix: what would be written (diff masked), what is skipped and why. */
export interface FixPlan extends FixReport {
  readonly includePrompt: boolean;
}

const PLANS = new WeakMap<object, { ctx: DiagnosisContext; rawDiff: string | undefined }>();

export interface FixRun {
  report: FixReport;
  rawDiff: string | undefined;
  /** The config text after the planned fixes (real values: never print it). */
  planned?: string;
}

/** One run of the fixer on a diagnosis, optionally limited to some rules' fixes. */
export async function runFixFor(ctx: DiagnosisContext, includePrompt: boolean, apply: boolean, ruleIds?: ReadonlySet<string>): Promise<FixRun> {
  // The fixer loads only when fixes are asked for (it pulls in `diff`).
  const { runFix, rawDiffOf } = await import('../fixer/index.js');
  const { collected, env } = ctx;
  const facts = collected.facts;
  // One Redactor per fixer run (its diffs and keys are this run's): every secret the diagnosis knew.
  const redactor = new Redactor([...collected.knownSecrets, ...(Array.isArray(facts.config?.derived?.secrets) ? (facts.config!.derived!.secrets as string[]) : [])]);
  let planned: string | undefined;
  const report = await runFix({
    facts,
    rules: ruleIds ? collected.rules.filter((r) => ruleIds.has(r.id)) : collected.rules,
    evaluate,
    mode: { apply, dryRun: !apply, yes: includePrompt, interactive: false },
    env,
    redactor,
    onPlanned: (_before, after) => {
      planned = after;
    },
  });
  return { report, rawDiff: rawDiffOf(report), ...(planned !== undefined ? { planned } : {}) };
}

export async function planFixes(report: object, options: PlanOptions = {}): Promise<FixPlan> {
  const ctx = contextOf(report);
  if (!ctx) throw new TypeError('planFixes: pass a report returned by diagnose() in this process');
  const includePrompt = options.includePrompt === true;
  const { report: fix, rawDiff } = await runFixFor(ctx, includePrompt, false);
  const plan: FixPlan = { ...fix, includePrompt };
  PLANS.set(plan, { ctx, rawDiff });
  return plan;
}

/**
 * Write a plan. The config is planned again from the file as it is now; if that is not the plan
 * the caller saw (the file changed since), nothing is written and the status is "error".
 */
export async function applyFixes(plan: FixPlan, options: { dryRun?: boolean } = {}): Promise<FixReport> {
  const held = PLANS.get(plan);
  if (!held) throw new TypeError('applyFixes: pass a plan returned by planFixes() in this process');
  if (options.dryRun) return plan;
  const again = await runFixFor(held.ctx, plan.includePrompt, false);
  if (again.rawDiff !== held.rawDiff) {
    return { ...again.report, status: 'error', error: 'the config changed since the plan was made; nothing was written (plan again)' };
  }
  if (plan.status !== 'dry-run') return again.report;
  return (await runFixFor(held.ctx, plan.includePrompt, true)).report;
}
