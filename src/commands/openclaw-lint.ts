// `clawkit-doctor openclaw-lint`: OpenClaw's own `openclaw doctor --lint --json` and clawkit's
// health checks (src/api/openclaw.ts) in one document with OpenClaw's shape, sort order and exit
// code. OpenClaw 2026.9.6 runs no third-party plugin's health checks (notes/openclaw-health-contract.md
// §2.3), and its core checks are not exported, so the user's own `openclaw` runs as a child process
// and the two finding lists are merged here.
import { execFileGroup } from '../shared/exec-group.js';
import { collectConfig } from '../collectors/config/index.js';
import { deriveFacts } from '../derive/index.js';
import { createHealthChecks } from '../api/openclaw.js';
import type { HealthFinding, HealthFindingSeverity } from '../api/health-types.js';
import { Redactor } from '../shared/redact.js';
import type { IO } from './diagnose.js';

export interface OpenclawLintOptions {
  /** The OpenClaw CLI to run (default: `openclaw` on PATH). */
  openclaw?: string;
  config?: string;
  severityMin?: string;
  json?: boolean;
  /** Deadline of the OpenClaw child process. */
  timeout?: string;
}

/** OpenClaw's lint document (src/commands/doctor-lint-output.ts in its source). */
interface LintDocument {
  schemaVersion: 1;
  ok: boolean;
  checksRun: number;
  checksSkipped: number;
  findings: HealthFinding[];
  warnings?: string[];
}

const RANK: Record<HealthFindingSeverity, number> = { info: 0, warning: 1, error: 2 };
/** OpenClaw re-emits each finding with these keys in this order and drops any other key. */
const KEYS = ['checkId', 'severity', 'message', 'source', 'errorCode', 'path', 'line', 'column', 'ocPath', 'target', 'requirement', 'fixHint'] as const;
const MAX_OUTPUT = 8 * 1024 * 1024;

function severityMin(s: string | undefined): HealthFindingSeverity {
  if (s === undefined) return 'warning'; // OpenClaw's default for --severity-min
  if (s === 'info' || s === 'warning' || s === 'error') return s;
  throw new Error(`--severity-min must be info, warning or error (got ${JSON.stringify(s)})`);
}

function ordered(f: HealthFinding): HealthFinding {
  const out: Record<string, unknown> = {};
  for (const k of KEYS) if (f[k] !== undefined) out[k] = f[k];
  return out as unknown as HealthFinding;
}

/** OpenClaw's order: severity (error first), then checkId, then path. */
function compare(a: HealthFinding, b: HealthFinding): number {
  return RANK[b.severity] - RANK[a.severity] || a.checkId.localeCompare(b.checkId) || (a.path ?? '').localeCompare(b.path ?? '');
}

interface OpenclawRun {
  doc?: LintDocument;
  code: number | null;
  /** Why there is no usable document. */
  problem?: string;
}

/** The last line of stdout that parses as OpenClaw's lint document (banners may precede it). */
function parseDocument(stdout: string): LintDocument | undefined {
  const candidates = [stdout.trim(), ...stdout.split('\n').reverse().map((l) => l.trim())].filter((l) => l.startsWith('{'));
  for (const c of candidates) {
    try {
      const doc = JSON.parse(c) as LintDocument;
      if (doc && doc.schemaVersion === 1 && Array.isArray(doc.findings)) return doc;
    } catch {
      // not this one
    }
  }
  return undefined;
}

function runOpenclaw(bin: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<OpenclawRun> {
  return new Promise((resolve) => {
    // Its own process group, killed whole at the deadline (src/shared/exec-group.ts).
    execFileGroup(bin, args, { env, timeoutMs, maxBuffer: MAX_OUTPUT }, (err, stdout, _stderr, timedOut) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null;
      if (timedOut) return resolve({ code: null, problem: `${bin} doctor --lint --json did not finish within ${timeoutMs} ms` });
      if (e && typeof e.code === 'string') return resolve({ code: null, problem: e.code === 'ENOENT' ? `${bin} was not found (install OpenClaw, or pass --openclaw PATH)` : `${bin} could not be started (${e.code})` });
      const code = e ? (typeof e.code === 'number' ? e.code : 1) : 0;
      const doc = parseDocument(stdout);
      resolve(doc ? { doc, code } : { code, problem: `${bin} doctor --lint --json printed no lint document (exit ${code}; is it older than 2026.9?)` });
    });
  });
}

export async function openclawLint(opts: OpenclawLintOptions, io: IO): Promise<number> {
  let min: HealthFindingSeverity;
  try {
    min = severityMin(opts.severityMin);
  } catch (err) {
    io.stderr.write(`clawkit-doctor: ${(err as Error).message}\n`);
    return 2;
  }
  const timeoutMs = Number(opts.timeout ?? 120_000);
  const env: NodeJS.ProcessEnv = { ...io.env };
  if (opts.config) env.OPENCLAW_CONFIG_PATH = opts.config;
  const config = await collectConfig({ configPath: opts.config, env, homedir: io.homedir, cwd: io.cwd });
  const d = deriveFacts({ config, flags: {} }).config?.derived;
  const redactor = new Redactor(Array.isArray(d?.secrets) ? (d.secrets as unknown[]).filter((x): x is string => typeof x === 'string') : []);

  const bin = opts.openclaw ?? 'openclaw';
  const [oc, ours] = await Promise.all([
    runOpenclaw(bin, ['doctor', '--lint', '--json', '--severity-min', min], env, timeoutMs),
    (async () => {
      const checks = createHealthChecks();
      const ctx = { mode: 'lint' as const, runtime: { log: () => {}, error: () => {}, exit: () => {} }, cfg: config.value ?? {}, env, cwd: io.cwd, ...(config.found ? { configPath: config.path } : {}) };
      const lists = await Promise.all(checks.map((c) => c.detect(ctx)));
      return { checksRun: checks.length, findings: lists.flat() };
    })(),
  ]);

  const findings = [...(oc.doc?.findings ?? []), ...ours.findings];
  if (oc.problem) findings.push({ checkId: 'clawkit/openclaw-lint', severity: 'error', source: 'clawkit-doctor', message: `OpenClaw's own checks did not run: ${oc.problem}. Only clawkit-doctor's checks are listed.` });
  const shown = findings.filter((f) => RANK[f.severity] >= RANK[min]).sort(compare).map(ordered);
  // OpenClaw exits 2 when its lint itself failed; so do we when it could not run at all.
  const failed = oc.problem !== undefined || oc.code === 2;
  const exit = failed ? 2 : shown.length > 0 ? 1 : 0;
  const doc: LintDocument = {
    schemaVersion: 1,
    ok: exit === 0,
    checksRun: (oc.doc?.checksRun ?? 0) + ours.checksRun,
    checksSkipped: oc.doc?.checksSkipped ?? 0,
    findings: shown,
    ...(oc.doc?.warnings?.length ? { warnings: oc.doc.warnings } : {}),
  };
  // OpenClaw does not mask secrets in its findings; everything printed here is masked.
  const safe = redactor.redactJson(doc);
  if (opts.json) io.stdout.write(`${JSON.stringify(safe)}\n`);
  else {
    for (const f of safe.findings) {
      const where = f.path ? ` ${f.path}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}` : '';
      io.stdout.write(`${f.severity.padEnd(7)} ${f.checkId}${where}: ${f.message}\n`);
      if (f.fixHint) io.stdout.write(`        fix: ${f.fixHint}\n`);
    }
    const sources = `OpenClaw ${oc.doc ? oc.doc.checksRun : 'not run'}, clawkit-doctor ${ours.checksRun}`;
    io.stdout.write(`${safe.findings.length ? `${safe.findings.length} finding(s)` : 'No findings'} at or above ${min} from ${safe.checksRun} checks (${sources}).\n`);
  }
  return exit;
}
