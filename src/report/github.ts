// GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…,title=…::message`
// per finding (shown on the changed file and in the job summary), escaped the way the runner
// unescapes them, and a Markdown table for $GITHUB_STEP_SUMMARY.
import type { Finding, Severity } from '../types.js';
import { displayPath, locationLabel, primaryLocation, reportConfigFile } from './locations.js';
import type { Report } from './report.js';
import { undiagnosedText } from './human.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** Message text: `%`, CR and LF are escaped (the runner reads one line per command). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values: additionally `:` and `,`, which separate the properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(f: Finding, cwd: string, configFile?: string): string {
  const props: string[] = [];
  const loc = primaryLocation(f, configFile);
  if (loc?.kind === 'file') {
    props.push(`file=${escapeProperty(displayPath(loc.file, cwd))}`);
    if (loc.line) props.push(`line=${loc.line}`);
    if (loc.line && loc.column) props.push(`col=${loc.column}`);
  }
  props.push(`title=${escapeProperty(`${f.title} [${f.ruleId}]`)}`);
  const body = [f.message];
  if (loc?.kind === 'logical') body.push(`Observed: ${locationLabel(loc, cwd)}`);
  body.push(`Fix (${f.fix.tier}):${f.fix.summary ? ` ${f.fix.summary}` : ''}`, ...f.fix.steps.map((s, i) => `${i + 1}. ${s}`));
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(body.join('\n'))}`;
}

/** A workflow warning for input that was not fully examined (the report and follow mode). */
export function unexaminedAnnotation(what: string): string {
  return `::warning title=${escapeProperty('Input not fully examined')}::${escapeData(what)}`;
}

/** The undiagnosed block as notices: each not-a-gateway note, then what was recognised and the commands to run next. */
export function undiagnosedAnnotations(u: NonNullable<Report['undiagnosed']>): string[] {
  const t = undiagnosedText(u);
  const out = t.notes.map((n) => `::notice title=${escapeProperty('clawkit-doctor note')}::${escapeData(n)}`);
  if (t.next) {
    const body = [`Recognised: ${t.next.recognised}`, ...(t.next.client ? [`Client: ${t.next.client}`] : []), t.next.intro, ...t.next.commands.map((c) => `  $ ${c}`)];
    out.push(`::warning title=${escapeProperty(t.next.headline)}::${escapeData(body.join('\n'))}`);
  }
  return out;
}

export function renderGithub(report: Report, cwd: string): string {
  const lines = report.findings.map((f) => annotation(f, cwd, reportConfigFile(report)));
  for (const u of report.inputs.unexamined) lines.push(unexaminedAnnotation(u.what));
  if (!report.findings.length && !report.inputs.unexamined.length && report.undiagnosed) lines.push(...undiagnosedAnnotations(report.undiagnosed));
  const s = report.summary;
  lines.push(`clawkit-doctor: ${s.bySeverity.error} error(s), ${s.bySeverity.warning} warning(s), ${s.bySeverity.info} info; exit code ${s.exitCode}`);
  return lines.join('\n') + '\n';
}

/** A cell of a Markdown table: pipes escaped, one line. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The table appended to $GITHUB_STEP_SUMMARY. */
export function renderStepSummary(report: Report, cwd: string): string {
  const s = report.summary;
  const out = [`### clawkit-doctor: ${s.bySeverity.error} error(s), ${s.bySeverity.warning} warning(s), ${s.bySeverity.info} info`, ''];
  if (report.findings.length === 0 && report.inputs.unexamined.length) out.push('No problem found in what was examined; part of the input was not examined.');
  else if (report.findings.length === 0 && report.undiagnosed) {
    const t = undiagnosedText(report.undiagnosed);
    out.push(...t.notes.map((n) => `ℹ️ ${mdCell(n)}`));
    if (t.next) out.push(`⚠️ ${t.next.headline} Recognised: ${mdCell(t.next.recognised)}.`, '', `${t.next.intro}`, '', ...t.next.commands.map((c) => `- \`${c.replace(/`/g, "'")}\``));
  } else if (report.findings.length === 0) out.push('No connection problem found in what was checked.');
  else {
    out.push('| Severity | Finding | Rule | Where | Fix |', '| --- | --- | --- | --- | --- |');
    for (const f of report.findings) {
      const loc = primaryLocation(f, reportConfigFile(report));
      out.push(`| ${f.severity} | ${mdCell(f.title)} | \`${f.ruleId}\` | ${loc ? mdCell(locationLabel(loc, cwd)) : ''} | ${mdCell(`${f.fix.tier}${f.fix.summary ? `: ${f.fix.summary}` : ''}`)} |`);
    }
  }
  out.push('', `Exit code ${s.exitCode} (fail on ${s.failOn}).`);
  return out.join('\n') + '\n\n';
}
