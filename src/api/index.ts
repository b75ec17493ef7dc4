// The library entry (`import { diagnose } from 'clawkit-doctor'`). Importing it loads only this
// module: the pipeline, rules, probe and fixer load on the first call, so loading the library
// costs less than the CLI's start-up (notes/openclaw-health-contract.md has the figures).
import type { DiagnoseOptions, DiagnoseReport } from './diagnose.js';
import type { FixPlan, FixReport, PlanOptions } from './fixes.js';

export type { DiagnoseOptions, DiagnoseReport, FixPlan, FixReport, PlanOptions };
export type { Report } from '../report/report.js';
export type { Finding, Severity, Category, Evidence, Fix } from '../types.js';

/** The `--json` document for these inputs. Rejects on bad options (as the CLI's exit 2) or abort. */
export async function diagnose(options: DiagnoseOptions = {}): Promise<DiagnoseReport> {
  return (await import('./diagnose.js')).diagnose(options);
}

/** A dry run of `--fix` on a report from diagnose(): the masked diff, what applies, what is skipped. */
export async function planFixes(report: DiagnoseReport, options: PlanOptions = {}): Promise<FixPlan> {
  return (await import('./fixes.js')).planFixes(report, options);
}

/** Write a plan (lock, backup, atomic write); `dryRun` returns the plan unchanged. */
export async function applyFixes(plan: FixPlan, options: { dryRun?: boolean } = {}): Promise<FixReport> {
  return (await import('./fixes.js')).applyFixes(plan, options);
}
