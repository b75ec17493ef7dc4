// Glue between the CLI (`diagnose`) and the fixer, so the edit at the `[wire:fix]` marker stays
// one line: decide the mode from --fix/--repair/--yes/--dry-run and the terminal, run the fixer,
// attach its report, print it (human mode) and let the exit code reflect the repaired config.
import type { EngineOutput, Facts, Rule, Severity } from '../types.js';
import type { Redactor } from '../shared/redact.js';
import { publicProse } from '../report/public-prose.js';
import { buildReport, type Report } from '../report/report.js';
// The fixer (and the `diff` package) load only when a fix is requested: start-up time matters.
import type { FixMode, FixQuestion, FixReport } from './index.js';

export interface FixFlags {
  fix?: boolean;
  repair?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  patchOut?: string;
  json?: boolean;
  failOn?: string;
  [key: string]: unknown;
}

export interface FixWireContext {
  rules: Rule[];
  evaluate: (rules: Rule[], facts: Facts) => EngineOutput;
  io: {
    stdin: NodeJS.ReadableStream & { isTTY?: boolean };
    stdout: NodeJS.WritableStream & { isTTY?: boolean };
    stderr: NodeJS.WritableStream;
    env: NodeJS.ProcessEnv;
  };
  /** The run's Redactor (every secret the run knows, told the run's keys): masks the diff once and prints the fix. */
  redactor: Redactor;
}

type ReportLike = Pick<Report, 'tool' | 'inputs' | 'summary' | 'findings' | 'suppressed' | 'errors' | 'fix'>;

/** Exit code when a requested `--fix` could not be written (0/1/2 keep their meaning). */
export const FIX_FAILED_EXIT = 3;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function fixRequested(flags: FixFlags): boolean {
  return Boolean(flags.fix || flags.repair || flags.dryRun);
}

export function fixModeFor(flags: FixFlags, io: FixWireContext['io'], ask?: (q: FixQuestion) => Promise<boolean>): FixMode {
  const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY && !flags.json);
  const mode: FixMode = { apply: Boolean(flags.fix || flags.repair) && !flags.dryRun, dryRun: Boolean(flags.dryRun), yes: Boolean(flags.yes), interactive };
  if (interactive && !flags.yes && !flags.dryRun && ask) mode.ask = ask;
  return mode;
}

export async function wireFix(flags: FixFlags, facts: Facts, report: ReportLike, ctx: FixWireContext): Promise<FixReport | undefined> {
  if (!fixRequested(flags)) {
    // `--yes` / `--patch-out` alone used to do nothing without a word: say so (stderr; stdout keeps its format).
    const idle = [flags.yes && '--yes', flags.patchOut && '--patch-out'].filter(Boolean);
    if (idle.length) ctx.io.stderr.write(`clawkit-doctor: ${idle.join(' and ')} only ${idle.length > 1 ? 'take' : 'takes'} effect with --fix or --dry-run; nothing was changed or written\n`);
    return undefined;
  }
  const { runFix, formatFixReport, createTtyAsk, rawDiffOf, writePrivateFile } = await import('./index.js');
  const { redactor } = ctx;
  let after: Facts | undefined;
  const result = await runFix({
    facts,
    rules: ctx.rules,
    evaluate: ctx.evaluate,
    mode: fixModeFor(flags, ctx.io, createTtyAsk(ctx.io.stdin, ctx.io.stderr)),
    env: ctx.io.env,
    redactor,
    onAfterWrite: (f) => {
      after = f;
    },
  });
  const raw = rawDiffOf(result);
  if (flags.patchOut && raw) {
    try {
      await writePrivateFile(flags.patchOut, raw);
      result.patchOut = flags.patchOut;
    } catch (err) {
      result.error = `${result.error ? result.error + '; ' : ''}could not write --patch-out ${flags.patchOut}: ${(err as Error).message}`;
      if (result.status !== 'written') result.status = 'error';
    }
  }
  report.fix = result;
  // Rendered from the redacted report as the findings are (report/format.ts): the rules' own words and the
  // diff's keys keep a word secret ("gateway"), its values are masked; then every other secret and pattern.
  if (!flags.json) ctx.io.stdout.write(redactor.redactRendered(formatFixReport(redactor.redactJson(result, publicProse(ctx.rules)))) + '\n\n');
  if (result.status === 'written' && after?.config) {
    // The report describes the config as it is on disk now: findings the fix cleared are gone,
    // findings it introduced are shown, and the summary and exit code agree with them. (Before,
    // the human report still listed every fixed problem as an error right under "fix: applied".)
    facts.config = after.config;
    const fresh = buildReport({ toolVersion: report.tool.version, facts, output: ctx.evaluate(ctx.rules, facts), failOn: report.summary.failOn, inputs: report.inputs });
    report.summary = fresh.summary;
    report.findings = fresh.findings;
    report.suppressed = fresh.suppressed;
    report.errors = fresh.errors;
  } else if (result.status === 'written' && result.verified && result.remainingFindings) {
    // After a verified write the exit code describes the repaired config, not the original.
    const failOn = (flags.failOn ?? 'error').toLowerCase();
    if (failOn === 'none') report.summary.exitCode = 0;
    else if (failOn in RANK) report.summary.exitCode = result.remainingFindings.some((f) => RANK[f.severity] >= RANK[failOn as Severity]) ? 1 : 0;
  }
  if (result.status === 'error') {
    // A fix that was asked for and could not be written is not "findings remain": exit 3, reason on stderr.
    report.summary.exitCode = FIX_FAILED_EXIT;
    ctx.io.stderr.write(`clawkit-doctor: fix failed: ${redactor.redact(result.error ?? 'unknown error')}\n`);
  }
  return result;
}
