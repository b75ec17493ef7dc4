// `openclaw devices list` read by its fields (issue #12 item 3). JSON (`--json`: {pending, paired},
// src/cli/devices-cli.runtime.ts) and the text tables ("Pending (N)" with a Status column "new
// pairing, repair" / "scope upgrade" from 2026.4; "Paired (N)"). The pending kind is decided the
// way OpenClaw decides it (resolvePendingDeviceApprovalState): no paired record → new pairing; a
// requested role or scope the paired record lacks → role/scope upgrade; otherwise re-approval.
import type { DevicesListFacts, PendingDeviceRequest, PendingKind } from './types.js';
import { TEXT_MAX_LINES } from './text-status.js';

type Obj = Record<string, unknown>;
const MAX_ROWS = 50;
const MAX_TEXT = 200;
const MAX_LINES = TEXT_MAX_LINES;

const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, MAX_TEXT) : undefined);
const list = (v: unknown, single?: unknown): string[] => {
  const out = Array.isArray(v) ? v.slice(0, 20).map(str).filter((s): s is string => !!s) : [];
  const one = str(single);
  if (one && !out.includes(one)) out.push(one);
  return out;
};
const covers = (have: string[], want: string[]) => want.every((w) => have.includes(w));

/** Roles still backed by an unrevoked token (summarizeApprovedDeviceAccess). */
function approvedRoles(d: Obj): string[] {
  const roles = list(d.roles, d.role);
  if (!Array.isArray(d.tokens)) return roles;
  const live = d.tokens.map(obj).filter((t): t is Obj => !!t && !t.revokedAtMs).map((t) => str(t.role)).filter((r): r is string => !!r);
  return roles.filter((r) => live.includes(r));
}

export function devicesList(v: Obj, line: number): DevicesListFacts {
  const pending = (v.pending as unknown[]).slice(0, MAX_ROWS).map(obj).filter((o): o is Obj => !!o);
  const paired = (v.paired as unknown[]).slice(0, 500).map(obj).filter((o): o is Obj => !!o);
  const byId = new Map(paired.flatMap((d) => (str(d.deviceId) ? [[str(d.deviceId)!, d] as const] : [])));
  const requests = pending.map((r): PendingDeviceRequest => {
    const roles = list(r.roles, r.role);
    const scopes = list(r.scopes);
    const known = byId.get(str(r.deviceId) ?? '');
    let kind: PendingKind = 'new-pairing';
    if (known) kind = !covers(approvedRoles(known), roles) ? 'role-upgrade' : !covers(list(known.scopes), scopes) ? 'scope-upgrade' : 're-approval';
    const out: PendingDeviceRequest = { kind, repair: r.isRepair === true, roles, scopes };
    const id = str(r.requestId);
    if (id) out.requestId = id;
    const device = str(r.displayName) ?? str(r.deviceId);
    if (device) out.device = device;
    return out;
  });
  const latest = pending.reduce<Obj | undefined>((a, b) => (typeof b.ts === 'number' && (!a || typeof a.ts !== 'number' || b.ts > a.ts) ? b : a ?? b), undefined);
  return summarise({ form: 'json', line, pending: (v.pending as unknown[]).length, paired: (v.paired as unknown[]).length }, requests, str(latest?.requestId));
}

const HEADING_RE = /^\s*(Pending|Paired)\s+\((\d+)\)\s*$/;
const STATUS_RE = /\b(new pairing|role upgrade|scope upgrade|re-approval)\b(,\s*repair\b)?/i;
const REQUEST_ID_RE = /^\s*[│|]\s*([0-9a-f]{8}-[0-9a-f-]{27,}|[A-Za-z0-9_-]{6,64})\s*[│|]/;

/** False when `head` (a paste's first TEXT_MAX_LINES lines) cannot hold the text tables: they need a HEADING_RE line. */
export function mayHoldDevicesTable(head: string): boolean {
  return head.includes('Pending') || head.includes('Paired');
}

/** The text tables; undefined when the paste has no "Pending (N)" / "Paired (N)" heading. */
export function textDevicesList(lines: string[]): DevicesListFacts | undefined {
  let facts: Omit<DevicesListFacts, 'requests' | 'newPairing' | 'upgrades' | 'repairs'> | undefined;
  const requests: PendingDeviceRequest[] = [];
  let section: 'Pending' | 'Paired' | undefined;
  let latest: string | undefined;
  for (let i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
    const l = lines[i]!;
    const h = HEADING_RE.exec(l);
    if (h) {
      section = h[1] as 'Pending' | 'Paired';
      facts ??= { form: 'text', line: i + 1, pending: 0, paired: 0 };
      if (section === 'Pending') facts.pending = Number(h[2]);
      else facts.paired = Number(h[2]);
      continue;
    }
    if (section !== 'Pending' || requests.length >= MAX_ROWS) continue;
    const id = REQUEST_ID_RE.exec(l)?.[1];
    if (id && !/^(Request|Device)$/.test(id)) latest = id;
    const m = STATUS_RE.exec(l);
    if (!m) continue;
    const kind = m[1]!.toLowerCase().replace(' ', '-') as PendingKind;
    const r: PendingDeviceRequest = { kind, repair: !!m[2], roles: [], scopes: [] };
    if (id) r.requestId = id;
    requests.push(r);
  }
  if (!facts) return undefined;
  // 2026.2.x tables have no Status column: each pending row is only counted.
  while (requests.length < Math.min(facts.pending, MAX_ROWS)) requests.push({ kind: 'unknown', repair: false, roles: [], scopes: [] });
  return summarise(facts, requests, latest);
}

function summarise(base: Omit<DevicesListFacts, 'requests' | 'newPairing' | 'upgrades' | 'repairs'>, requests: PendingDeviceRequest[], latest: string | undefined): DevicesListFacts {
  const d: DevicesListFacts = {
    ...base,
    requests,
    newPairing: requests.filter((r) => (r.kind === 'new-pairing' || r.kind === 'unknown') && !r.repair).length,
    upgrades: requests.filter((r) => r.kind === 'role-upgrade' || r.kind === 'scope-upgrade').length,
    repairs: requests.filter((r) => r.repair).length,
  };
  if (latest) d.latestRequestId = latest;
  return d;
}
