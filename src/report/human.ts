// The human report: title, why (quoted evidence with line numbers), fix steps and copyable
// commands. Colour only where the terminal wants it (never under CI / NO_COLOR / non-TTY).
import { Chalk, type ChalkInstance } from 'chalk';
import type { Evidence, Finding, ProbeFacts } from '../types.js';
import { formatProbeChecklist } from './probe-checklist.js';
import { CLIENT_KIND_NEXT } from '../engine/fallback/answer.js';
import type { Report } from './report.js';

export function makeChalk(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): ChalkInstance {
  const plain = !stream.isTTY || 'NO_COLOR' in env || Boolean(env.CI) || env.TERM === 'dumb';
  if (plain && !env.FORCE_COLOR) return new Chalk({ level: 0 });
  return new Chalk({ level: env.FORCE_COLOR === '0' ? 0 : 2 });
}

const MAX_EVIDENCE_TEXT = 240;

export function evidenceLine(e: Evidence): string {
  const clip = (s: string) => (s.length > MAX_EVIDENCE_TEXT ? `${s.slice(0, MAX_EVIDENCE_TEXT)}…` : s);
  // A paste fact with neither a line nor text (a derived value) shows as `path = value` below (review27g).
  if (e.source === 'paste' && (e.line !== undefined || (e.text ?? '').trim())) return `${e.file ? `${e.file} ` : ''}line ${e.line ?? '?'}: ${clip((e.text ?? '').trim())}`;
  if (e.source === 'config' && e.file) {
    const pos = e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : '';
    return `${e.file}${pos}  ${e.path ?? ''}${e.value !== undefined ? ` = ${clip(JSON.stringify(e.value))}` : ''}`;
  }
  if (e.text) return clip(e.text);
  return `${e.path ?? e.source}${e.value !== undefined ? ` = ${clip(typeof e.value === 'string' ? e.value : JSON.stringify(e.value))}` : ''}`;
}

/**
 * The evidence lines a finding shows, each once: every bound fact carries its source line, so one line can stand behind
 * several facts (review27d L2), and a paste item with neither line nor text says nothing ("line ?: ").
 */
export function shownEvidence(ev: readonly Evidence[]): string[] {
  const out = new Set<string>();
  for (const e of ev) {
    // A paste item with no line, text or path says nothing ("line ?: "); one with a path shows `path = value`.
    if (e.source === 'paste' && e.line === undefined && !(e.text ?? '').trim() && e.path === undefined) continue;
    out.add(evidenceLine(e));
  }
  return [...out];
}

function renderFinding(f: Finding, index: number, c: ChalkInstance): string {
  if (f.candidate) return renderCandidate(f, index, c);
  const icon = f.severity === 'error' ? c.red('✖') : f.severity === 'warning' ? c.yellow('▲') : c.blue('ℹ');
  const sev = f.severity === 'error' ? c.red(f.severity) : f.severity === 'warning' ? c.yellow(f.severity) : c.blue(f.severity);
  const lines: string[] = [];
  lines.push(`${icon} ${c.bold(`${index}. ${f.title}`)}  ${sev} ${c.dim(`[${f.category}] ${f.ruleId}`)}`);
  lines.push(`   ${c.bold('Why:')} ${f.message}`);
  const shown = shownEvidence(f.evidence);
  if (shown.length) {
    lines.push(`   ${c.bold('Evidence:')}`);
    for (const e of shown) lines.push(`     ${c.dim('›')} ${e}`);
  }
  lines.push(`   ${c.bold(`Fix (${f.fix.tier}):`)}${f.fix.summary ? ` ${f.fix.summary}` : ''}`);
  f.fix.steps.forEach((s, i) => lines.push(`     ${i + 1}. ${s}`));
  for (const cmd of f.fix.commands ?? []) lines.push(`     ${c.cyan('$')} ${c.cyan(cmd)}`);
  for (const d of f.fix.docs ?? []) lines.push(`     ${c.dim('docs:')} ${d}`);
  return lines.join('\n');
}

/** A possible cause: why it was suggested, then the rule's explanation and steps (never applied). */
function renderCandidate(f: Finding, index: number, c: ChalkInstance): string {
  const k = f.candidate!;
  const why = k.kind === 'exact' ? `the pasted text contains OpenClaw's message "${k.words[0]}"` : `suggested by the words ${k.words.map((w) => `"${w}"`).join(', ')}`;
  const lines: string[] = [`${c.yellow('?')} ${c.bold(`${index}. ${f.title}`)}  ${c.dim(`[${f.category}] ${f.ruleId}`)}`];
  lines.push(`   ${c.bold('Why suggested:')} ${why}`);
  if (k.releases?.length) lines.push(`   ${c.bold('Only in:')} OpenClaw ${k.releases.join(' or ')} — no version was known; check yours with \`openclaw --version\``);
  for (const e of shownEvidence(f.evidence)) lines.push(`     ${c.dim('›')} ${e}`);
  lines.push(`   ${c.bold('If so:')} ${f.message}`);
  f.fix.steps.forEach((s, i) => lines.push(`     ${i + 1}. ${s}`));
  for (const cmd of f.fix.commands ?? []) lines.push(`     ${c.cyan('$')} ${c.cyan(cmd)}`);
  return lines.join('\n');
}

/** The undiagnosed block as plain text, shared by the human, Markdown and GitHub formats (one wording in all). */
export interface UndiagnosedText {
  /** One line a not-a-gateway note: "Not a gateway problem: … (line N)." */
  notes: string[];
  /** Set when there are commands to run: what was recognised, the client's note, the commands. */
  next?: { headline: string; recognised: string; client?: string; intro: string; commands: string[] };
}

export function undiagnosedText(u: NonNullable<Report['undiagnosed']>): UndiagnosedText {
  const notes = u.notGateway.map((n) => `${n.owner ? "Not OpenClaw's gateway" : n.mentioned ? 'Quoted, not reported' : 'Not a gateway problem'}: ${n.why} (line ${n.line}).`);
  if (!u.next.length) return { notes };
  const r = u.recognised;
  const seen: string[] = [];
  if (r.clients.length) seen.push(`client: ${r.clients.join(', ')}`);
  if (r.versions.length) seen.push(`OpenClaw ${r.versions.join(', ')}`);
  if (r.errorClasses.length) seen.push(`error: ${r.errorClasses.join(', ')}`);
  if (r.closeCodes.length) seen.push(`close: ${r.closeCodes.map((x) => `${x.code}${x.reason ? ` ${x.reason}` : ''}`).join('; ')}`);
  if (r.endpoints.length) seen.push(`endpoint: ${r.endpoints.join(', ')}`);
  if (!seen.length && r.words.length) seen.push(`words: ${r.words.join(', ')}`);
  // One note: the first client kind the lexicon lists that has one.
  const kind = r.clients.find((k) => CLIENT_KIND_NEXT[k]);
  return {
    notes,
    next: {
      headline: 'This looks like a connection problem, but no rule recognised its cause.',
      recognised: seen.join(' · '),
      ...(kind ? { client: `${CLIENT_KIND_NEXT[kind]!.note}.` } : {}),
      intro: 'Run next (on the gateway host, then paste the output here):',
      commands: u.next,
    },
  };
}

/** No rule and no candidate: what was recognised and what to run to get a diagnosis. */
export function renderUndiagnosed(u: NonNullable<Report['undiagnosed']>, c: ChalkInstance): string[] {
  const t = undiagnosedText(u);
  const out = t.notes.map((n) => c.blue(`ℹ ${n}`));
  if (!t.next) return out;
  out.push(c.yellow(`▲ ${t.next.headline}`));
  out.push(`   ${c.bold('Recognised:')} ${t.next.recognised}`);
  if (t.next.client) out.push(`   ${c.bold('Client:')} ${t.next.client}`);
  out.push(`   ${c.bold(t.next.intro)}`);
  for (const cmd of t.next.commands) out.push(`     ${c.cyan('$')} ${c.cyan(cmd)}`);
  return out;
}

export function renderHuman(report: Report, c: ChalkInstance): string {
  const out: string[] = [];
  const inputs: string[] = [];
  const p = report.inputs.paste;
  if (p) inputs.push(`${p.lines} line${p.lines === 1 ? '' : 's'} from ${p.file ?? p.source}${p.sampled ? ` (large input: ${p.keptLines} relevant lines kept)` : ''}`);
  const cfg = report.inputs.config as { path?: string; found?: boolean; reason?: string } | null;
  const rewritten = (report.fix as { status?: string } | undefined)?.status === 'written';
  if (cfg?.found && cfg.path) inputs.push(`config ${cfg.path}${cfg.reason ? ` (${cfg.reason})` : ''}${rewritten ? ', re-read after --fix' : ''}`);
  const v = report.inputs.openclawVersion;
  inputs.push(v ? `OpenClaw ${v.value} (from ${v.source})` : 'OpenClaw version unknown (pass --openclaw-version)');
  for (const n of report.inputs.notCollected) inputs.push(`${n.source}: ${n.why}`);
  out.push(c.bold(`clawkit-doctor ${report.tool.version}`) + c.dim(` — ${inputs.join(' · ')}`));
  out.push('');
  if (report.inputs.probe) {
    // The probe's stages as a short checklist: which stage was reached and what the gateway said.
    out.push(c.bold('Live probe:'));
    for (const l of formatProbeChecklist(report.inputs.probe as unknown as ProbeFacts, { ascii: c.level === 0 })) out.push(`  ${l}`);
    out.push('');
  }
  for (const u of report.inputs.unexamined) out.push(c.yellow(`⚠ Not fully examined (${u.source}): ${u.what}`));
  if (report.inputs.unexamined.length) out.push('');
  const real = report.findings.filter((f) => !f.candidate);
  const possible = report.findings.filter((f) => f.candidate);
  if (report.findings.length === 0 && report.inputs.unexamined.length) {
    out.push(c.yellow('No connection problem found in what was examined, but part of the input was not examined (above).'));
  } else if (report.findings.length === 0 && report.undiagnosed) {
    out.push(...renderUndiagnosed(report.undiagnosed, c));
  } else if (report.findings.length === 0) {
    out.push(c.green('✔ No connection problem found in what was checked.'));
  } else {
    real.forEach((f, i) => {
      out.push(renderFinding(f, i + 1, c));
      out.push('');
    });
    if (possible.length) {
      out.push(c.bold(real.length ? 'Possible causes (no rule matched this text exactly; also consider):' : 'Possible causes (no rule matched this text exactly):'));
      possible.forEach((f, i) => {
        out.push(renderFinding(f, real.length + i + 1, c));
        out.push('');
      });
    }
  }
  const s = report.summary;
  const parts = [`${s.bySeverity.error} error${s.bySeverity.error === 1 ? '' : 's'}`, `${s.bySeverity.warning} warning${s.bySeverity.warning === 1 ? '' : 's'}`];
  if (s.bySeverity.info) parts.push(`${s.bySeverity.info} info`);
  const notChecked = s.notChecked.length ? ` · not checked: ${s.notChecked.map((n) => `${n.rules} rule${n.rules === 1 ? ' needs' : 's need'} ${n.missing}`).join(', ')}` : '';
  out.push(c.dim(`Summary: ${parts.join(', ')} · ${s.checks.pass} checks passed${notChecked}${report.errors.length ? ` · ${report.errors.length} rule errors` : ''}`));
  return out.join('\n') + '\n';
}
