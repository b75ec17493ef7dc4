// Follow mode's output: each finding as it appears (a human line, a GitHub annotation, or one
// NDJSON event per line), then a summary that says whether the input ended or was interrupted
// and how much was read. NDJSON events are described by schema/events.schema.json.
import type { ChalkInstance } from 'chalk';
import type { Finding, Severity } from '../types.js';
import { annotation, escapeData, escapeProperty, undiagnosedAnnotations, unexaminedAnnotation } from './github.js';
import { evidenceLine, renderUndiagnosed } from './human.js';
import { exitCodeFor, SCHEMA_VERSION, type FailOn, type Report } from './report.js';

export type EventFormat = 'human' | 'json' | 'github';

export interface FollowEnd {
  /** The signal that stopped following, or null when the input ended. */
  interrupted: 'SIGINT' | 'SIGTERM' | null;
  read: { lines: number; bytes: number };
  findings: Finding[];
  failOn: FailOn;
  /** What was read but not fully examined (the report's `inputs.unexamined`). */
  unexamined: Array<{ source: string; what: string }>;
}

/** As a normal run: input not fully examined is exit 1 unless --fail-on none. */
export function followExitCode(end: FollowEnd): 0 | 1 {
  return end.unexamined.length && end.failOn !== 'none' ? 1 : exitCodeFor(end.findings, end.failOn);
}

export function findingEvent(f: Finding, format: EventFormat, ctx: { chalk: ChalkInstance; cwd: string; configFile?: string; linesRead: number }): string {
  if (format === 'json') return JSON.stringify({ schemaVersion: SCHEMA_VERSION, type: 'finding', linesRead: ctx.linesRead, finding: f }) + '\n';
  if (format === 'github') return annotation(f, ctx.cwd, ctx.configFile) + '\n';
  const c = ctx.chalk;
  // A possible cause (the fallback's, while no rule matched) never reads as a rule's finding.
  if (f.candidate) return `${c.yellow('? possible')} ${c.bold(f.title)} ${c.dim(`[${f.ruleId}]`)}${firstEvidence(f, c)}\n`;
  const sev = f.severity === 'error' ? c.red('✖ error  ') : f.severity === 'warning' ? c.yellow('▲ warning') : c.blue('ℹ info   ');
  return `${sev} ${c.bold(f.title)} ${c.dim(`[${f.ruleId}]`)}${firstEvidence(f, c)}\n`;
}

function firstEvidence(f: Finding, c: ChalkInstance): string {
  const first = f.evidence.find((e) => e.source === 'paste') ?? f.evidence[0];
  return first ? c.dim(` — ${evidenceLine(first)}`) : '';
}

/** Lines that look like a connection problem and nothing matched them (the report's `undiagnosed`), as it appears. */
export function undiagnosedEvent(u: NonNullable<Report['undiagnosed']>, format: EventFormat, ctx: { chalk: ChalkInstance; linesRead: number }): string {
  if (format === 'json') return JSON.stringify({ schemaVersion: SCHEMA_VERSION, type: 'undiagnosed', linesRead: ctx.linesRead, undiagnosed: u }) + '\n';
  if (format === 'github') return undiagnosedAnnotations(u).map((l) => l + '\n').join('');
  return renderUndiagnosed(u, ctx.chalk).join('\n') + '\n';
}

/**
 * Said once, when the follow run has printed its last undiagnosed block: later failures no rule knows are not
 * shown, so the stream is not silently judged healthy from there on. `command` reads the whole log in one run.
 */
export function undiagnosedCapEvent(cap: number, command: string, format: EventFormat, ctx: { chalk: ChalkInstance; linesRead: number }): string {
  const what = `Further failures no rule recognised are not shown (at most ${cap} such blocks per follow run).`;
  const read = `To read the whole log at once: ${command}`;
  if (format === 'json') return JSON.stringify({ schemaVersion: SCHEMA_VERSION, type: 'undiagnosed-capped', linesRead: ctx.linesRead, shown: cap, command }) + '\n';
  if (format === 'github') return `::notice title=${escapeProperty('clawkit-doctor: further failures not shown')}::${escapeData(`${what} ${read}`)}\n`;
  return ctx.chalk.yellow(`⚠ ${what} ${read}`) + '\n';
}

export function endEvent(end: FollowEnd, format: EventFormat, chalk: ChalkInstance): string {
  const bySeverity: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  for (const f of end.findings) bySeverity[f.severity]++;
  const exitCode = followExitCode(end);
  if (format === 'json') {
    return JSON.stringify({ schemaVersion: SCHEMA_VERSION, type: 'summary', interrupted: end.interrupted, read: end.read, unexamined: end.unexamined, summary: { findings: end.findings.length, bySeverity, failOn: end.failOn, exitCode } }) + '\n';
  }
  const how = end.interrupted ? `Interrupted (${end.interrupted}): partial report` : 'End of input';
  const read = `${end.read.lines} line${end.read.lines === 1 ? '' : 's'} (${end.read.bytes} bytes) read`;
  const counts = `${bySeverity.error} error(s), ${bySeverity.warning} warning(s), ${bySeverity.info} info`;
  const line = `${how} after ${read}: ${counts}; exit code ${exitCode}`;
  if (format === 'github') return end.unexamined.map((u) => unexaminedAnnotation(u.what) + '\n').join('') + `clawkit-doctor: ${line}\n`;
  const notes = end.unexamined.map((u) => chalk.yellow(`⚠ Not fully examined (${u.source}): ${u.what}`) + '\n').join('');
  const partial = end.unexamined.length ? 'Part of the input was not fully examined (above).\n' : '';
  return `\n${notes}${partial}${chalk.bold(line)}\n`;
}
