// One clawkit finding → one OpenClaw HealthFinding. Pure; the report it reads is already redacted.
import { dotted } from '../fixer/edit.js';
import type { Finding } from '../types.js';
import type { HealthCheckScope, HealthFinding } from './health-types.js';
import { currentRuleId } from '../rules/renamed.js';

export const HEALTH_SOURCE = 'clawkit-doctor';

/** Where a finding points in the config, as OpenClaw writes config paths (`gateway.auth.mode`). */
export function configPathOf(f: Finding): string | undefined {
  for (const e of f.evidence) {
    if (e.source === 'config' && e.path?.startsWith('config.value.')) return e.path.slice('config.value.'.length);
  }
  // Derived facts (config.derived.*) name no key: the fix's patch does (its first op, usually a
  // `test`, is where the problem is; a `move` starts from it).
  const op = f.fix.patch?.[0];
  if (!op) return undefined;
  // A templated segment (`/gateway/trustedProxies/{{index}}`) is cut: its parent is still right.
  const pointer = (op.from ?? op.path).split('/{{')[0]!;
  return dotted(pointer);
}

/** `file:line:column` of the finding in the config file, from its evidence or its message. */
function locationOf(f: Finding, configFile: string | undefined): { line: number; column?: number } | undefined {
  for (const e of f.evidence) {
    // Only a place in the config file: a paste's line number is not one.
    if (e.line !== undefined && e.source === 'config' && e.file !== undefined && (configFile === undefined || e.file === configFile)) return { line: e.line, ...(e.column !== undefined ? { column: e.column } : {}) };
  }
  if (!configFile) return undefined;
  const texts = [f.message, ...f.evidence.map((e) => (typeof e.value === 'string' ? e.value : ''))];
  for (const t of texts) {
    if (!t.startsWith(`${configFile}:`)) continue;
    const m = /^:(\d+):(\d+)/.exec(t.slice(configFile.length));
    if (m) return { line: Number(m[1]), column: Number(m[2]) };
  }
  return undefined;
}

export function toHealthFinding(f: Finding, checkId: string, configFile?: string): HealthFinding {
  const path = configPathOf(f);
  const at = locationOf(f, configFile);
  // OpenClaw prints path/line itself: drop our own `file:line:col: ` prefix from the message.
  const message = configFile && f.message.startsWith(`${configFile}:`) ? f.message.slice(configFile.length).replace(/^(?::\d+:\d+)?: /, '') : f.message;
  const fixHint = f.fix.summary ?? f.fix.steps[0];
  return {
    checkId,
    severity: f.severity,
    message,
    source: HEALTH_SOURCE,
    errorCode: f.ruleId,
    ...(path ? { path } : {}),
    ...(at ? { line: at.line, ...(at.column !== undefined ? { column: at.column } : {}) } : {}),
    ...(fixHint ? { fixHint } : {}),
  };
}

/** After a repair OpenClaw re-runs detect() scoped to the repaired findings' paths (or findings). */
export function inScope(h: HealthFinding, scope: HealthCheckScope | undefined): boolean {
  if (!scope) return true;
  const paths = scope.paths ?? [];
  if (h.path && paths.some((p) => h.path === p || h.path!.startsWith(`${p}.`) || p.startsWith(`${h.path}.`))) return true;
  // A scope recorded before a rule was renamed still names it (rules/renamed.json).
  if (scope.findings?.some((s) => (s.errorCode === undefined ? undefined : currentRuleId(s.errorCode)) === h.errorCode && s.checkId === h.checkId)) return true;
  return !paths.length && !scope.findings?.length;
}
