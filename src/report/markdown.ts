// A report to paste into an issue or a forum thread: versions, inputs, findings with their
// evidence and fixes, long parts collapsed in <details>. The caller masks secrets in the result,
// as for every other output.
import type { Finding, ProbeFacts } from '../types.js';
import { formatProbeChecklist } from './probe-checklist.js';
import { evidenceLine, undiagnosedText } from './human.js';
import type { Report } from './report.js';

/** Evidence longer than this many lines is collapsed. */
const OPEN_EVIDENCE_LINES = 3;

/** A fenced block whose fence is longer than any backtick run inside (evidence may quote Markdown). */
function fenced(lines: string[], lang = 'text'): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${lang}`, ...lines, fence].join('\n');
}

function details(summary: string, body: string): string {
  return ['<details>', `<summary>${summary}</summary>`, '', body, '', '</details>'].join('\n');
}

/** Prose: `<…>` outside code spans is escaped so it is shown, not read as HTML. */
function inline(s: string): string {
  return s
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

function finding(f: Finding, i: number): string {
  const out = [`### ${i}. ${ICON[f.severity]} ${inline(f.title)}`, '', `\`${f.ruleId}\` · ${f.severity} · ${f.category}`, '', inline(f.message), ''];
  if (f.evidence.length) {
    const ev = fenced(f.evidence.map(evidenceLine));
    out.push(f.evidence.length > OPEN_EVIDENCE_LINES ? details(`Evidence (${f.evidence.length} items)`, ev) : `**Evidence**\n\n${ev}`, '');
  }
  out.push(`**Fix (${f.fix.tier})**${f.fix.summary ? `: ${inline(f.fix.summary)}` : ''}`, '');
  f.fix.steps.forEach((s, n) => out.push(`${n + 1}. ${inline(s)}`));
  if (f.fix.steps.length) out.push('');
  if (f.fix.commands?.length) out.push(fenced(f.fix.commands, 'sh'), '');
  for (const d of f.fix.docs ?? []) out.push(`Docs: ${d}`);
  return out.join('\n').trimEnd();
}

function inputsList(report: Report): string[] {
  const out: string[] = [];
  const p = report.inputs.paste;
  if (p) out.push(`- Pasted text: ${p.lines} line(s) from ${p.file ? `\`${p.file}\`` : p.source}${p.sampled ? ` (large input: ${p.keptLines} relevant lines kept)` : ''}`);
  const cfg = report.inputs.config as { path?: string; found?: boolean; reason?: string } | null;
  if (cfg?.path) out.push(`- Config: \`${cfg.path}\` (${cfg.found ? 'found' : 'not found'}${cfg.reason ? `; ${inline(cfg.reason)}` : ''})`);
  const probe = report.inputs.probe as { url?: string; outcome?: string } | null;
  if (probe) out.push(`- Live probe: ${probe.url ? `\`${probe.url}\`` : ''} ${probe.outcome ? `→ ${inline(probe.outcome)}` : ''}`.trimEnd());
  for (const n of report.inputs.notCollected) out.push(`- Not collected (${n.source}): ${inline(n.why)}`);
  for (const u of report.inputs.unexamined) out.push(`- ⚠️ Not fully examined (${u.source}): ${inline(u.what)}`);
  return out;
}

/** The undiagnosed block (what JSON's `undiagnosed` says), never "No connection problem found" (issue #12 §7). */
function undiagnosed(u: NonNullable<Report['undiagnosed']>): string[] {
  const t = undiagnosedText(u);
  const blocks = t.notes.map((n) => `ℹ️ ${inline(n)}`);
  if (t.next) {
    blocks.push(`⚠️ ${t.next.headline}`, `**Recognised:** ${inline(t.next.recognised)}`);
    if (t.next.client) blocks.push(`**Client:** ${inline(t.next.client)}`);
    blocks.push(`**${t.next.intro}**`, fenced(t.next.commands, 'sh'));
  }
  return blocks.flatMap((b, i) => (i ? ['', b] : [b]));
}

export function renderMarkdown(report: Report): string {
  const v = report.inputs.openclawVersion;
  const env = report.inputs.env as { os?: string; node?: string; container?: { kind?: string } } | null;
  const versions = [`clawkit-doctor ${report.tool.version}`, v ? `OpenClaw ${v.value} (from ${v.source})` : 'OpenClaw version unknown'];
  if (env?.node) versions.push(`Node ${env.node}`);
  if (env?.os) versions.push(inline(env.os));
  if (env?.container?.kind && env.container.kind !== 'none') versions.push(`container: ${env.container.kind}`);
  const s = report.summary;
  const out = ['## clawkit-doctor report', '', `**Versions:** ${versions.join(' · ')}`, '', '**Inputs**', '', ...inputsList(report), ''];
  if (report.inputs.probe) {
    out.push(details('Live probe stages', fenced(formatProbeChecklist(report.inputs.probe as unknown as ProbeFacts, { ascii: true }))), '');
  }
  out.push(`**Result:** ${s.bySeverity.error} error(s), ${s.bySeverity.warning} warning(s), ${s.bySeverity.info} info · ${s.checks.pass} checks passed · exit code ${s.exitCode}`, '');
  if (report.findings.length === 0 && report.inputs.unexamined.length) out.push('No problem found in what was examined, but part of the input was not examined (above).', '');
  else if (report.findings.length === 0 && report.undiagnosed) out.push(...undiagnosed(report.undiagnosed), '');
  else if (report.findings.length === 0) out.push('No connection problem found in what was checked.', '');
  report.findings.forEach((f, i) => out.push(finding(f, i + 1), ''));
  const fix = report.fix as { status?: string } | undefined;
  if (fix?.status) out.push(`Config fix: ${fix.status}`, '');
  out.push('<sub>Secrets (tokens, passwords, keys) are masked in this report.</sub>');
  return out.join('\n') + '\n';
}
