// `import { createHealthChecks } from 'clawkit-doctor/openclaw'`: clawkit's rules as OpenClaw
// 2026.9.x structured health checks (`openclaw/plugin-sdk/health`, see notes/openclaw-health-contract.md).
//
// One check per cause area (the report's categories: `clawkit/token-auth`, `clawkit/port-bind`, …),
// not one per rule: creating the checks is synchronous and reads nothing (the 800 KB rule catalogue
// loads on the first detect), the ids stay stable when rules are added or renamed (they are what
// `openclaw doctor --only/--skip` and CI allowlists name), and `checksRun` stays readable. The rule
// behind each finding is its `errorCode` (`auth-config-shape/auth-type-key`).
//
// detect() is offline and read-only: the authored config file (raw shapes, line/column), the
// context's environment, no probe, no machine scan. All checks of one lint share one diagnosis.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORIES, type Category } from '../types.js';
import type { HealthCheck, HealthCheckContext, HealthFinding, HealthRepairContext, HealthRepairResult } from './health-types.js';
import type { DiagnoseReport } from './diagnose.js';
import { currentRuleId } from '../rules/renamed.js';

export type * from './health-types.js';

export interface HealthChecksOptions {
  /** Only these cause areas (default: all). */
  categories?: readonly Category[];
  /** Extra rule directories. */
  rules?: string[];
  openclawVersion?: string;
  /**
   * repair() writes the config itself (lock, backup, atomic write: clawkit's --fix) instead of
   * returning `config` for OpenClaw's doctor to write. For callers other than `openclaw doctor`.
   */
  write?: boolean;
}

const ID_PREFIX = 'clawkit/';
const SOURCE = 'clawkit-doctor';

/** One diagnosis per config object and file state: every check of a lint run reads the same one. */
type Memo = Map<string, Promise<DiagnoseReport>>;

async function fileKey(file: string): Promise<string> {
  const st = await stat(file).catch(() => undefined);
  return `${file}\u0000${st ? `${st.size}:${st.mtimeMs}` : 'missing'}`;
}

/**
 * Run fn on a config file: the context's file, or, for a config one of our repairs returned (the
 * doctor writes it only after every repair) or a context without a file, that text / the runtime
 * config in a private temporary file removed afterwards.
 */
async function withConfigFile<T>(ctx: HealthCheckContext, pending: string | undefined, fn: (file: string, temporary: boolean) => Promise<T>): Promise<T> {
  if (ctx.configPath && pending === undefined) return fn(ctx.configPath, false);
  const dir = await mkdtemp(join(tmpdir(), 'clawkit-health-'));
  try {
    const file = join(dir, 'openclaw.json');
    await writeFile(file, pending ?? JSON.stringify(ctx.cfg ?? {}, null, 2), { mode: 0o600 });
    return await fn(file, true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function diagnoseFile(ctx: HealthCheckContext, options: HealthChecksOptions, file: string): Promise<DiagnoseReport> {
  const { diagnose } = await import('./diagnose.js');
  return diagnose({ probe: false, env: false, processEnv: ctx.env ?? process.env, ...(ctx.cwd ? { cwd: ctx.cwd } : {}), ...(options.rules ? { rules: options.rules } : {}), ...(options.openclawVersion ? { openclawVersion: options.openclawVersion } : {}), configPath: file });
}

function errorFinding(checkId: string, err: unknown, redact: (s: string) => string): HealthFinding {
  // OpenClaw does not redact a thrown detect() message: never throw, mask it here.
  return { checkId, severity: 'error', source: SOURCE, message: redact(`clawkit-doctor could not check the config: ${err instanceof Error ? err.message : String(err)}`) };
}

const DESCRIPTIONS: Record<Category, string> = {
  'secure-context': 'Control UI opened outside a browser secure context',
  'device-identity': 'device identity and signature problems',
  pairing: 'device pairing',
  'token-auth': 'gateway token/password mismatches and missing credentials',
  'auth-config-shape': 'gateway.auth written in a shape OpenClaw rejects',
  'trusted-proxy': 'reverse proxy and gateway.trustedProxies',
  'docker-nat': 'Docker/NAT networking',
  origin: 'Control UI origin checks',
  'port-bind': 'gateway port and bind address',
  'gateway-down': 'gateway not running or not reachable',
  tls: 'TLS and certificates',
  'version-bug': 'known bugs of specific OpenClaw releases',
  'config-parse': 'config file syntax and retired keys',
  'rate-limit': 'auth rate limiting',
  tailscale: 'Tailscale serve/funnel',
  other: 'other connection problems',
};

export function createHealthChecks(options: HealthChecksOptions = {}): HealthCheck[] {
  const memo = new WeakMap<object, Memo>();
  // The text behind each config a repair returned: OpenClaw's doctor hands that object to the next
  // repair and to the scoped re-detect before it writes anything, so they must read it, not the file.
  const pendingText = new WeakMap<object, string>();
  const diagnosisFor = async (ctx: HealthCheckContext): Promise<DiagnoseReport> => {
    const pending = ctx.cfg ? pendingText.get(ctx.cfg) : undefined;
    const key = ctx.configPath && pending === undefined ? await fileKey(ctx.configPath) : '';
    const holder = (ctx.cfg ?? ctx) as object;
    let m = memo.get(holder);
    if (!m) memo.set(holder, (m = new Map()));
    let p = m.get(key);
    if (!p) {
      p = withConfigFile(ctx, pending, (file) => diagnoseFile(ctx, options, file));
      m.set(key, p);
      p.catch(() => m!.delete(key));
    }
    return p;
  };
  const redactor = async () => new (await import('../shared/redact.js')).Redactor();

  return (options.categories ?? CATEGORIES).map((category): HealthCheck => {
    const id = `${ID_PREFIX}${category}`;
    return {
      id,
      kind: 'plugin',
      source: SOURCE,
      description: `clawkit-doctor: ${DESCRIPTIONS[category]}`,
      async detect(ctx, scope) {
        try {
          const report = await diagnosisFor(ctx);
          const { toHealthFinding, inScope } = await import('./health-mapping.js');
          const file = report.inputs.config?.path as string | undefined;
          const located = ctx.configPath && !pendingText.has(ctx.cfg);
          return report.findings
            .filter((f) => f.category === category)
            .map((f) => toHealthFinding(f, id, located ? file : undefined))
            .filter((h) => inScope(h, scope));
        } catch (err) {
          const r = await redactor();
          return [errorFinding(id, err, (s) => r.redact(s))];
        }
      },
      async repair(ctx, findings) {
        try {
          const pending = ctx.cfg ? pendingText.get(ctx.cfg) : undefined;
          const mine = findings.filter((f) => f.checkId === id);
          const res = await withConfigFile(ctx, pending, async (file, temporary) => repairConfig({ ...ctx, configPath: file }, mine, await diagnoseFile(ctx, options, file), { ...options, write: options.write === true && !temporary }));
          if (res.result.config && res.planned !== undefined) pendingText.set(res.result.config, res.planned);
          // Diffs and effects name the user's file, not a temporary copy.
          return ctx.configPath ? { ...res.result, ...renameTarget(res.result, ctx.configPath) } : res.result;
        } catch (err) {
          const r = await redactor();
          return { status: 'failed', reason: r.redact(err instanceof Error ? err.message : String(err)), changes: [] };
        }
      },
    };
  });
}

async function repairConfig(ctx: HealthRepairContext, findings: readonly HealthFinding[], report: DiagnoseReport, options: HealthChecksOptions): Promise<{ result: HealthRepairResult; planned?: string }> {
  if (!ctx.configPath) return { result: { status: 'skipped', reason: 'no config file to repair (the context has no configPath)', changes: [] } };
  // A finding recorded before a rule was renamed still names it (rules/renamed.json).
  const ruleIds = new Set(findings.map((f) => f.errorCode).filter((c): c is string => !!c).map(currentRuleId));
  if (!ruleIds.size) return { result: { status: 'skipped', reason: 'no clawkit finding to repair', changes: [] } };
  const [{ contextOf }, { runFixFor }, JSON5] = await Promise.all([import('./diagnose.js'), import('./fixes.js'), import('json5')]);
  const dctx = contextOf(report)!;
  const write = options.write === true && !ctx.dryRun;
  // Safe fixes only: prompt-tier, manual and trust-widening fixes are never applied here.
  const run = await runFixFor(dctx, false, write, ruleIds);
  const fix = run.report;
  const changes = fix.applied.map((a) => `${a.ruleId}: ${a.summary ?? a.title}`);
  const skipped = fix.skipped.map((s) => `${s.ruleId}: not applied (${s.reason}${s.detail ? `: ${s.detail}` : ''})`);
  if (fix.status === 'error' || fix.status === 'unparseable' || fix.status === 'no-config') return { result: { status: 'failed', reason: fix.error ?? fix.status, changes: [], ...(skipped.length ? { warnings: skipped } : {}) } };
  if (!fix.applied.length || run.planned === undefined) return { result: { status: 'skipped', reason: skipped.length ? skipped.join('; ') : 'no safe fix applies', changes: [] } };
  const diffs = [{ kind: 'config' as const, path: ctx.configPath, unifiedDiff: fix.diff }];
  const effects = [{ kind: 'config' as const, action: write ? 'rewrite (backup beside the file)' : 'rewrite', target: ctx.configPath, dryRunSafe: !write }];
  const common = { changes, diffs, effects, ...(skipped.length ? { warnings: skipped } : {}) };
  if (ctx.dryRun) return { result: { status: 'skipped', reason: `dry run: ${changes.length} fix(es) planned, nothing written`, ...common } };
  if (write) return { result: { status: 'repaired', ...common } };
  return { result: { status: 'repaired', config: JSON5.default.parse(run.planned) as Record<string, unknown>, ...common }, planned: run.planned };
}

function renameTarget(r: HealthRepairResult, file: string): Pick<HealthRepairResult, 'diffs' | 'effects'> {
  return {
    ...(r.diffs ? { diffs: r.diffs.map((d) => ({ ...d, path: file })) } : {}),
    ...(r.effects ? { effects: r.effects.map((e) => ({ ...e, target: file })) } : {}),
  };
}
