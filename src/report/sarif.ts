// SARIF 2.1.0 (one run) for code-scanning uploads: the driver lists every rule that ran, each
// result points at the config value or log line behind it (a logical location for what the probe
// or the environment observed), carries a fingerprint that survives re-runs, and a fix where the
// rule has a config patch. Validated in the tests against the official schema (schema/vendor/sarif).
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Finding, Rule, Severity } from '../types.js';
import { displayPath, findingLocations, reportConfigFile, type FindingLocation } from './locations.js';
import type { Report } from './report.js';
import { undiagnosedText } from './human.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/clawkit-doctor';

/** A config edit a fix would make, as one text replacement (computed by the fixer's planner). */
export interface SarifFixEdit {
  file: string;
  /** Character offset and length of the replaced text in the file as read. */
  charOffset: number;
  charLength: number;
  insertedContent: string;
  description: string;
}

export interface SarifOptions {
  /** Every rule that ran (the driver lists them all, findings or not). */
  rules: Rule[];
  cwd: string;
  /** Per rule id: the edit its fix would make to the config. */
  fixes?: Map<string, SarifFixEdit>;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** `token-auth/bare-unauthorized` → `BareUnauthorized` (SARIF's `name` is an identifier). */
function ruleName(id: string): string {
  const last = id.split('/').pop() ?? id;
  return last.replace(/(?:^|[-_.])([a-z0-9])/gi, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
}

function isUri(s: string): boolean {
  return /^https?:\/\/\S+$/.test(s);
}

function ruleDescriptor(r: Rule) {
  const help = [r.message, '', ...r.fix.steps.map((s, i) => `${i + 1}. ${s}`), '', `More: clawkit-doctor explain ${r.id}`].join('\n');
  const helpUri = [...(r.fix.docs ?? []), ...(r.references ?? [])].find(isUri);
  return {
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.message },
    ...(helpUri ? { helpUri } : {}),
    help: { text: help },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { category: r.category, fixTier: r.fix.tier, tags: [r.category] },
  };
}

function artifactUri(file: string, cwd: string): string {
  const shown = displayPath(file, cwd);
  // Relative paths are resolved against the repository root by code scanning; others are file URIs.
  return shown.startsWith('/') || /^[A-Za-z]:/.test(shown) ? pathToFileURL(file).href : encodeURI(shown);
}

/**
 * GitHub code scanning rejects a whole file when one location has no physical part, so what the
 * probe or the environment observed keeps its logical location and is anchored on the config
 * the doctor read (or would read); a line of stdin is anchored on a `stdin` artifact.
 */
function sarifLocation(l: FindingLocation, cwd: string, anchorFile: string | undefined) {
  if (l.kind === 'file') {
    const region = l.line ? { region: { startLine: l.line, ...(l.column ? { startColumn: l.column } : {}) } } : {};
    return { physicalLocation: { artifactLocation: { uri: artifactUri(l.file, cwd) }, ...region } };
  }
  const stdinLine = l.source === 'stdin' ? /^line (\d+)$/.exec(l.name)?.[1] : undefined;
  const physicalLocation =
    l.source === 'stdin'
      ? { artifactLocation: { uri: 'stdin' }, ...(stdinLine ? { region: { startLine: Number(stdinLine) } } : {}) }
      : { artifactLocation: { uri: anchorFile ? artifactUri(anchorFile, cwd) : 'openclaw.json' } };
  return {
    physicalLocation,
    logicalLocations: [{ name: l.name, fullyQualifiedName: l.source === 'stdin' ? `stdin:${l.name}` : l.name, kind: l.source === 'stdin' ? 'resource' : 'object' }],
  };
}

/**
 * Stable across runs of the same input: the rule, the file (as shown) and what the evidence says,
 * with numbers blanked out (timestamps, request ids and line numbers shift from run to run).
 */
function fingerprint(f: Finding, cwd: string): string {
  const first = f.evidence[0];
  const where = first ? `${first.source}|${first.file ? displayPath(first.file, cwd) : ''}|${first.path ?? ''}|${(first.text ?? '').trim().replace(/\d+/g, '#')}` : '';
  return createHash('sha256').update(`${f.ruleId}\n${where}`).digest('hex').slice(0, 32);
}

function sarifFix(edit: SarifFixEdit, cwd: string) {
  return {
    description: { text: edit.description },
    artifactChanges: [
      {
        artifactLocation: { uri: artifactUri(edit.file, cwd) },
        replacements: [{ deletedRegion: { charOffset: edit.charOffset, charLength: edit.charLength }, insertedContent: { text: edit.insertedContent } }],
      },
    ],
  };
}

/**
 * The undiagnosed block (issue #12 §7) as note-level results: code scanning shows results, while
 * a third-party tool's invocation notifications reach no page a user reads. Two rule descriptors
 * of the doctor's own, listed only when used, so every result's ruleIndex resolves.
 */
const UNDIAGNOSED_RULES = {
  next: { id: 'clawkit-doctor/undiagnosed', title: 'Looks like a connection problem, cause not recognised', text: 'No rule recognised the cause of a paste that looks like a connection problem: what was recognised and the commands whose output gives a diagnosis.' },
  note: { id: 'clawkit-doctor/not-a-gateway-problem', title: 'Not a gateway problem', text: "A line that reads like an error but is not the OpenClaw gateway's connection problem, and why." },
} as const;

function undiagnosedDescriptor(r: (typeof UNDIAGNOSED_RULES)[keyof typeof UNDIAGNOSED_RULES]) {
  return { id: r.id, name: ruleName(r.id), shortDescription: { text: r.title }, fullDescription: { text: r.text }, help: { text: r.text }, defaultConfiguration: { level: 'note' }, properties: { category: 'undiagnosed', tags: ['undiagnosed'] } };
}

function undiagnosedResults(report: Report, cwd: string, anchor: string | undefined, firstIndex: number) {
  const u = report.undiagnosed;
  if (!u || report.findings.length || report.inputs.unexamined.length) return { rules: [], results: [] };
  const t = undiagnosedText(u);
  const file = report.inputs.paste?.file;
  // The paste's line when one is known (its file, or `stdin`), else the paste as a whole.
  const at = (line: number): FindingLocation =>
    file ? { kind: 'file', file, ...(line > 0 ? { line } : {}) } : { kind: 'logical', source: 'stdin', name: line > 0 ? `line ${line}` : 'stdin' };
  const used: Array<(typeof UNDIAGNOSED_RULES)[keyof typeof UNDIAGNOSED_RULES]> = [];
  const result = (r: (typeof UNDIAGNOSED_RULES)[keyof typeof UNDIAGNOSED_RULES], text: string, line: number, key: string, properties?: Record<string, unknown>) => {
    if (!used.includes(r)) used.push(r);
    return {
      ruleId: r.id,
      ruleIndex: firstIndex + used.indexOf(r),
      level: 'note' as const,
      message: { text },
      locations: [sarifLocation(at(line), cwd, anchor)],
      partialFingerprints: { 'clawkitDoctor/v1': createHash('sha256').update(`${r.id}\n${key.replace(/\d+/g, '#')}`).digest('hex').slice(0, 32) },
      ...(properties ? { properties } : {}),
    };
  };
  const results = u.notGateway.map((n, i) => result(UNDIAGNOSED_RULES.note, t.notes[i]!, n.line, n.why));
  if (t.next) {
    const body = [t.next.headline, `Recognised: ${t.next.recognised}.`, ...(t.next.client ? [`Client: ${t.next.client}`] : []), t.next.intro, ...t.next.commands.map((c) => `$ ${c}`)];
    results.push(result(UNDIAGNOSED_RULES.next, body.join('\n'), 0, t.next.recognised, { recognised: u.recognised, next: u.next }));
  }
  return { rules: used.map(undiagnosedDescriptor), results };
}

export function renderSarif(report: Report, opts: SarifOptions): Record<string, unknown> {
  const rules = [...opts.rules].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const configFile = reportConfigFile(report);
  const anchor = configFile ?? (report.inputs.config as { path?: string } | null)?.path;
  const results = report.findings.map((f) => {
    // The first (most precise) place is the result's location; the other evidence is related.
    const [primary, ...related] = findingLocations(f, configFile).map((l) => sarifLocation(l, opts.cwd, anchor));
    const edit = opts.fixes?.get(f.ruleId);
    const ruleIndex = index.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: LEVEL[f.severity],
      message: { text: `${f.title}. ${f.message}` },
      locations: [primary ?? sarifLocation({ kind: 'logical', source: 'report', name: f.ruleId }, opts.cwd, anchor)],
      ...(related.length ? { relatedLocations: related.map((l, i) => ({ id: i + 1, ...l })) } : {}),
      partialFingerprints: { 'clawkitDoctor/v1': fingerprint(f, opts.cwd) },
      ...(edit ? { fixes: [sarifFix(edit, opts.cwd)] } : {}),
      properties: { category: f.category, fixTier: f.fix.tier, ...(f.fix.summary ? { fixSummary: f.fix.summary } : {}) },
    };
  });
  const undiagnosed = undiagnosedResults(report, opts.cwd, anchor, rules.length);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, semanticVersion: report.tool.version, version: report.tool.version, informationUri: INFORMATION_URI, rules: [...rules.map(ruleDescriptor), ...undiagnosed.rules] } },
        // Input read but not fully examined (exit 1 without a result): say why, as code scanning shows notifications.
        invocations: [
          {
            executionSuccessful: true,
            exitCode: report.summary.exitCode,
            ...(report.inputs.unexamined.length
              ? { toolExecutionNotifications: report.inputs.unexamined.map((u) => ({ level: 'warning', message: { text: `Not fully examined (${u.source}): ${u.what}` } })) }
              : {}),
          },
        ],
        results: [...results, ...undiagnosed.results],
        properties: { openclawVersion: report.inputs.openclawVersion?.value ?? null, reportSchemaVersion: report.schemaVersion },
      },
    ],
  };
}
