// Recognise OpenClaw's `--json` documents by shape and project the fields rules read.
// Only fixed paths are read (no walk over the value), so hostile JSON costs no more than its parse.
import type { DoctorCheck, GatewayStatusFacts, HealthFacts, StructuredKind } from './types.js';

type Obj = Record<string, unknown>;

const MAX_CHECKS = 100;
const MAX_TEXT = 500;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v.slice(0, MAX_TEXT) : undefined;
}
function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function strings(v: unknown, max = 10): string[] {
  return Array.isArray(v) ? v.slice(0, max).map(str).filter((s): s is string => s !== undefined) : [];
}

/** Which output a parsed JSON object is, from the keys only that output has. */
export function classifyJson(v: Obj): StructuredKind | undefined {
  if (Array.isArray(v.findings) && typeof v.ok === 'boolean' && ('checksRun' in v || obj(v.findings[0])?.checkId !== undefined)) return 'doctor-lint';
  if (obj(v.service) && (obj(v.rpc) || obj(v.port)) && (obj(v.gateway) || obj(v.config))) return 'gateway-status';
  if (typeof v.ok === 'boolean' && (obj(v.error)?.type !== undefined || ('channels' in v && 'durationMs' in v) || obj(v.gateway)?.url !== undefined)) return 'health';
  if (Array.isArray(v.pending) && Array.isArray(v.paired)) return 'devices-list';
  if (typeof v.type === 'string' && ['log', 'meta', 'notice', 'raw', 'error'].includes(v.type) && ('message' in v || 'raw' in v || 'file' in v)) return 'logs-json';
  return undefined;
}

const ANY_KEY_RE = /"(?:ok|service|pending|type|checkId)"|\\u/;

/**
 * Whether a text could hold an object classifyJson names or isDoctorFinding accepts, from the keys
 * those read: a key is in the text as `"key"` unless spelt with \u escapes (then: maybe). A
 * necessary condition only, and true of any text around such an object (issue #13: a log head of
 * other JSON records is then not parsed line by line at all).
 */
export function mayClassify(s: string): boolean {
  // One regex pass first, a key of each kind or an escape (~3x cheaper than a search per key on
  // 2 MiB of JSON, whose every quote starts a candidate); the pairs only where it finds one.
  if (!ANY_KEY_RE.test(s)) return false;
  if (s.includes('\\u')) return true;
  const ok = s.includes('"ok"');
  return (ok && s.includes('"findings"'))
    || (s.includes('"service"') && (s.includes('"rpc"') || s.includes('"port"')) && (s.includes('"gateway"') || s.includes('"config"')))
    || (ok && ((s.includes('"error"') && s.includes('"type"')) || (s.includes('"channels"') && s.includes('"durationMs"')) || (s.includes('"gateway"') && s.includes('"url"'))))
    || (s.includes('"pending"') && s.includes('"paired"'))
    || (s.includes('"type"') && (s.includes('"message"') || s.includes('"raw"') || s.includes('"file"')))
    || (s.includes('"checkId"') && (s.includes('"severity"') || s.includes('"level"')));
}

/** One finding object of `doctor --lint --json` on its own (`checkId` + a severity). */
export function isDoctorFinding(v: Obj): boolean {
  return typeof v.checkId === 'string' && /^[\w.-]+\/[\w./-]+$/.test(v.checkId) && (typeof v.severity === 'string' || typeof v.level === 'string');
}

export function doctorChecks(v: Obj, line: number): DoctorCheck[] {
  const out: DoctorCheck[] = [];
  for (const f of (v.findings as unknown[]).slice(0, MAX_CHECKS)) {
    const o = obj(f);
    const checkId = str(o?.checkId);
    if (!o || !checkId) continue;
    const check: DoctorCheck = { checkId, severity: str(o.severity) ?? str(o.level) ?? 'unknown', line };
    const message = str(o.message);
    if (message) check.message = message;
    const path = str(o.path);
    if (path) check.path = path;
    out.push(check);
  }
  return out;
}

export function gatewayStatus(v: Obj, line: number): GatewayStatusFacts {
  const rpc = obj(v.rpc);
  const port = obj(v.port);
  const service = obj(v.service);
  const runtime = obj(service?.runtime);
  const config = obj(v.config);
  const g: GatewayStatusFacts = { form: 'json', line, portHints: strings(port?.hints), listenerCommands: [] };
  set(g, 'rpcOk', bool(rpc?.ok));
  set(g, 'failureKind', str(obj(rpc?.connectFailure)?.kind));
  set(g, 'failureDetailCode', str(obj(rpc?.connectFailure)?.detailCode));
  set(g, 'rpcError', str(rpc?.error));
  set(g, 'probeUrl', str(rpc?.url) ?? str(obj(v.gateway)?.probeUrl));
  set(g, 'portStatus', str(port?.status));
  if (Array.isArray(port?.listeners)) for (const l of port.listeners.slice(0, 10)) {
    const cmd = str(obj(l)?.commandLine) ?? str(obj(l)?.command);
    if (cmd) g.listenerCommands.push(cmd);
  }
  set(g, 'serviceLoaded', bool(service?.loaded));
  set(g, 'serviceLabel', str(service?.label));
  if (str(service?.targetRole) === 'diagnostic-only') g.serviceDiagnosticOnly = true;
  set(g, 'runtimeStatus', str(runtime?.status));
  set(g, 'inspectionReason', str(service?.inspectionReason) ?? str(runtime?.inspectionReason));
  set(g, 'lastExitStatus', num(runtime?.lastExitStatus));
  set(g, 'missingGuiSession', bool(runtime?.missingGuiSession));
  const systemdResult = str(obj(runtime?.systemd)?.result);
  if (systemdResult !== undefined) g.startLimitHit = systemdResult.toLowerCase() === 'start-limit-hit';
  if (Array.isArray(v.extraServices)) g.extraServices = v.extraServices.length;
  const valid = [bool(obj(config?.cli)?.valid), bool(obj(config?.daemon)?.valid)].filter((b): b is boolean => b !== undefined);
  if (valid.length) g.configValid = valid.every(Boolean);
  return g;
}

export function health(v: Obj, line: number): HealthFacts {
  const err = obj(v.error);
  const h: HealthFacts = { line };
  set(h, 'ok', bool(v.ok));
  set(h, 'errorType', str(err?.type));
  set(h, 'errorKind', str(err?.kind));
  set(h, 'errorMessage', str(err?.message));
  set(h, 'url', str(obj(v.gateway)?.url));
  return h;
}

/** Assign only known values (exactOptionalPropertyTypes: no explicit undefined). */
function set<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}
