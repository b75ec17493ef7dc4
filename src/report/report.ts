// The report document: one versioned JSON contract shared by --json and the human renderer.
import { budgetOf, MATCH_BUDGET } from '../shared/regex/budget.js';
import type { EngineOutput, Facts, Finding, RuleResult, Severity } from '../types.js';
import { severityRank } from '../engine/rank.js';
import type { FallbackAnswer, Undiagnosed } from '../engine/fallback/answer.js';

export const SCHEMA_VERSION = 1;
/** Written as `$schema` in the --json document (schema/report.schema.json's $id). */
export const REPORT_SCHEMA_URI = 'https://clawkit.dev/schema/clawkit-doctor/report.schema.json';

export type FailOn = Severity | 'none';

export interface ReportInputs {
  paste: null | { source: string; file?: string; bytes: number; lines: number; keptLines: number; sampled: boolean };
  config: null | Record<string, unknown>;
  probe: null | Record<string, unknown>;
  env: null | Record<string, unknown>;
  openclawVersion: null | { value: string; source: string; raw?: string };
  rules: { count: number; extraDirs: string[]; only?: string[]; skip?: string[] };
  notCollected: Array<{ source: string; why: string }>;
  /**
   * Input that was read but not fully examined (e.g. lines over the 64 KiB line limit). While this
   * is not empty the report never says "no problem found", and the exit code is at least 1 (unless
   * `--fail-on none`): a CI gate must not pass on input the doctor did not examine.
   */
  unexamined: Array<{ source: string; what: string }>;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  inputs: ReportInputs;
  summary: {
    findings: number;
    bySeverity: Record<Severity, number>;
    byCategory: Record<string, number>;
    checks: Record<RuleResult['status'], number>;
    failOn: FailOn;
    exitCode: 0 | 1 | 3; // 3: a requested --fix could not be written (src/fixer/wire.ts)
    /** Rules that could not run because a fact was missing, grouped by what was missing. */
    notChecked: Array<{ missing: string; rules: number }>;
  };
  findings: Finding[];
  suppressed: EngineOutput['suppressed'];
  errors: Array<{ ruleId: string; reason: string }>;
  /**
   * No rule and no possible cause explained a paste that looks like a connection problem (or that
   * is someone else's problem): what was recognised and what to run next. Never a finding.
   */
  undiagnosed?: Undiagnosed;
  /** Filled by the fixer (--fix / --dry-run). */
  fix?: unknown;
}

export function exitCodeFor(findings: Finding[], failOn: FailOn): 0 | 1 {
  if (failOn === 'none') return 0;
  return findings.some((f) => severityRank(f.severity) >= severityRank(failOn)) ? 1 : 0;
}

const lineList = (count: number, first: number[]): string =>
  `line${count === 1 ? '' : 's'} ${first.join(', ')}${count > first.length ? ` and ${count - first.length} more` : ''}`;

/** `count` lines were cut at `kib` KiB (`first`: the first few line numbers); follow mode says it too. */
export function cutLinesNote(count: number, first: number[], kib: number): ReportInputs['unexamined'][number] {
  return {
    source: 'paste',
    what: `${count} line${count === 1 ? ' is' : 's are'} longer than ${kib} KiB (${lineList(count, first)}); only the first ${kib} KiB of ${count === 1 ? 'it was' : 'each were'} examined. Split such lines (e.g. \`fold -w 4096\`) to have all of it checked.`,
  };
}

/** `count` lines were not matched against every pattern (the budget ran out); follow mode says it too. */
export function budgetNote(count: number, first: number[]): ReportInputs['unexamined'][number] {
  return {
    source: 'paste',
    what: `pattern matching stopped at its budget (${MATCH_BUDGET / 1048576} Mi characters read by the rules' patterns), so ${lineList(count, first)} ${count === 1 ? 'was' : 'were'} not checked against every rule. Pass a smaller part of the log (e.g. the lines around the error) to have it all checked.`,
  };
}

/** 6 MiB, 1.5 MiB, 12 KiB, 850 bytes. */
const byteSize = (n: number): string => (n >= 1048576 ? `${+(n / 1048576).toFixed(1)} MiB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KiB` : `${n} bytes`);

/** What was read but not fully examined, in words a user can act on. */
function unexaminedInput(facts: Facts, notCollected: ReportInputs['notCollected']): ReportInputs['unexamined'] {
  // Input given but not read (a stdin cut by --max-wait, or open and silent past the first-byte wait).
  const out: ReportInputs['unexamined'] = (facts.unread ?? []).map((u) => ({ source: u.source, what: u.what }));
  // A collector that failed is input that was not examined: never "no problem found" about it.
  for (const n of notCollected) {
    if (n.why.startsWith('collector failed: ')) {
      out.push({ source: n.source, what: `reading the ${n.source} failed (${n.why.slice('collector failed: '.length)}), so nothing from it was checked. Please report this at the project's issue tracker.` });
    }
  }
  const cut = facts.paste?.cutLines;
  if (cut) out.push(cutLinesNote(cut.count, cut.first, Math.round(cut.limitBytes / 1024)));
  const unkept = facts.paste?.unkept;
  if (unkept) {
    const cap =
      unkept.limit === 'bytes' && unkept.maxBytes
        ? `at most ${byteSize(unkept.maxBytes)} of such lines are kept, the first ones and the most recent (that byte budget was reached before the cap of ${unkept.max} lines)`
        : `at most ${unkept.max} such lines are kept (the first ${Math.floor(unkept.max / 2)} and the most recent)`;
    out.push({
      source: 'paste',
      what: `${unkept.count} line${unkept.count === 1 ? '' : 's'} that could hold a match (between line ${unkept.after} and line ${unkept.before}) ${unkept.count === 1 ? 'was' : 'were'} not examined: ${cap}. Pass that part of the log on its own (e.g. \`sed -n '${unkept.after},${unkept.before}p'\`) to have it checked.`,
    });
  }
  const partial = facts.paste?.structured?.partial;
  if (partial) {
    const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
    out.push({
      source: 'paste',
      what: `OpenClaw's structured outputs (--json documents, status and devices tables) were read from the first ${mib(partial.readBytes)} of ${mib(partial.totalBytes)} only; the rest was matched line by line. Paste the JSON document on its own to have all its fields read.`,
    });
  }
  const skipped = facts.paste ? budgetOf(facts.paste)?.skipped : undefined;
  if (skipped?.size) {
    const lines = [...skipped].sort((a, b) => a - b);
    out.push(budgetNote(lines.length, lines.slice(0, 5)));
  }
  return out;
}

/** Evidence quoted from a log read with --log FILE names that file, not only the line. */
function withLogFile(findings: Finding[], paste: Facts['paste']): Finding[] {
  const file = paste?.source === 'file' ? paste.file : undefined;
  if (!file) return findings;
  return findings.map((f) =>
    f.evidence.some((e) => e.source === 'paste' && !e.file) ? { ...f, evidence: f.evidence.map((e) => (e.source === 'paste' && !e.file ? { ...e, file } : e)) } : f,
  );
}

export function buildReport(args: {
  toolVersion: string;
  facts: Facts;
  output: EngineOutput;
  failOn: FailOn;
  inputs: Omit<ReportInputs, 'paste' | 'openclawVersion' | 'unexamined'>;
  fallback?: FallbackAnswer;
}): Report {
  const { facts } = args;
  // Possible causes come after the real findings, in the order the fallback ranked them.
  const output = { ...args.output, findings: [...args.output.findings, ...(args.fallback?.candidates ?? [])] };
  const p = facts.paste;
  const bySeverity: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  const byCategory: Record<string, number> = {};
  for (const f of output.findings) {
    bySeverity[f.severity]++;
    byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  }
  const checks: Record<RuleResult['status'], number> = { pass: 0, fail: 0, skip: 0, error: 0 };
  const missingCount = new Map<string, number>();
  for (const r of output.results) {
    checks[r.status]++;
    if (r.status === 'skip') for (const m of r.missing ?? ['?']) missingCount.set(m, (missingCount.get(m) ?? 0) + 1);
  }
  const paste: ReportInputs['paste'] = p
    ? { source: p.source, ...(p.file ? { file: p.file } : {}), bytes: p.bytes, lines: p.lines, keptLines: p.kept.length, sampled: p.sampled }
    : null;
  const errors = output.results.filter((r) => r.status === 'error').map((r) => ({ ruleId: r.ruleId, reason: r.reason ?? 'error' }));
  const unexamined = unexaminedInput(facts, args.inputs.notCollected);
  // A rule that failed to run checked nothing: its cause is not ruled out.
  if (errors.length) {
    const ids = errors.slice(0, 3).map((e) => e.ruleId).join(', ') + (errors.length > 3 ? ` and ${errors.length - 3} more` : '');
    unexamined.push({ source: 'rules', what: `${errors.length} rule${errors.length === 1 ? '' : 's'} could not be evaluated (${ids}; reasons under \`errors\` in --json), so what ${errors.length === 1 ? 'it checks was' : 'they check was'} not checked.` });
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'clawkit-doctor', version: args.toolVersion },
    inputs: { ...args.inputs, paste, openclawVersion: facts.version ?? null, unexamined },
    summary: {
      findings: output.findings.length,
      bySeverity,
      byCategory,
      checks,
      failOn: args.failOn,
      exitCode: unexamined.length && args.failOn !== 'none' ? 1 : exitCodeFor(output.findings, args.failOn),
      notChecked: [...missingCount.entries()].map(([missing, rules]) => ({ missing, rules })).sort((a, b) => b.rules - a.rules),
    },
    findings: withLogFile(output.findings, p),
    suppressed: output.suppressed,
    errors,
    ...(args.fallback?.undiagnosed ? { undiagnosed: args.fallback.undiagnosed } : {}),
  };
}
