// Where the report goes: the chosen format on stdout, or with --output FILE the format in the
// file and the human report on the terminal (as ESLint's -o); the GitHub format also appends a
// summary table to $GITHUB_STEP_SUMMARY when the runner sets it.
import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import type { EngineOutput, Facts, Rule } from '../types.js';
import { FORMATS, renderFormat, renderStepSummaryText, type Format, type FormatContext } from '../report/format.js';
import { makeChalk } from '../report/human.js';
import type { Report } from '../report/report.js';
import type { Redactor } from '../shared/redact.js';
import { UsageError } from './rule-selection.js';
import type { IO } from './diagnose.js';

export interface OutputFlags {
  json?: boolean;
  format?: string;
  output?: string;
}

/** `--json` is `--format json`; asking for two different formats is a usage error. */
export function resolveFormat(flags: OutputFlags): Format {
  const f = (flags.format ?? (flags.json ? 'json' : 'human')).toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(flags.format)})`);
  if (flags.json && f !== 'json') throw new UsageError(`--json is --format json; it cannot be combined with --format ${f}`);
  return f as Format;
}

/** stdout carries a machine-readable document (no spinner, no prompts, no fix text there). */
export function machineStdout(flags: OutputFlags): boolean {
  return resolveFormat(flags) !== 'human' && !flags.output;
}

export interface WriteContext {
  io: IO;
  rules: Rule[];
  facts: Facts;
  output: EngineOutput;
  redactor: Redactor;
}

export async function writeReport(flags: OutputFlags, report: Report, ctx: WriteContext): Promise<void> {
  const format = resolveFormat(flags);
  const base: Omit<FormatContext, 'chalk'> = { redactor: ctx.redactor, cwd: ctx.io.cwd, rules: ctx.rules };
  if (format === 'sarif') {
    const { sarifFixEdits } = await import('./sarif-fixes.js');
    base.sarifFixes = await sarifFixEdits(report, ctx.rules, ctx.facts, ctx.output.results);
  }
  // Only the human format colours: a Chalk is made when a renderer reads `chalk`, so a machine
  // format never initialises chalk (a deferred module in the CLI bundle, scripts/build.mjs).
  let terminal: ChalkInstance | undefined;
  const onTerminal: FormatContext = { ...base, get chalk() { return (terminal ??= makeChalk(ctx.io.stdout, ctx.io.env)); } };
  if (flags.output) {
    const file = resolve(ctx.io.cwd, flags.output);
    try {
      writeFileSync(file, renderFormat(format, report, { ...base, get chalk() { return new Chalk({ level: 0 }); } }));
    } catch (err) {
      throw new UsageError(`cannot write --output ${flags.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    ctx.io.stdout.write(renderFormat('human', report, onTerminal));
  } else {
    ctx.io.stdout.write(renderFormat(format, report, onTerminal));
  }
  const summary = ctx.io.env.GITHUB_STEP_SUMMARY;
  if (format === 'github' && summary) {
    try {
      appendFileSync(summary, renderStepSummaryText(report, base));
    } catch (err) {
      ctx.io.stderr.write(`clawkit-doctor: cannot append to GITHUB_STEP_SUMMARY: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    }
  }
}
