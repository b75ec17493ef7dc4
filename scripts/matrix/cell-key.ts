// One-line keys of a recording: the gateway's state and each client's outcome (progress output,
// the --live comparison, the notes table and the fix verification).
import type { Recording } from './normalise.js';

/** One-line summary of a recording (progress output and the live comparison). */
export function cellKey(r: Recording): Record<string, string> {
  const g = r.gateway as { started?: boolean; ready?: boolean; exit?: { code: number | null } | null } | null;
  const out: Record<string, string> = {
    gateway: g ? (g.ready ? 'ready' : g.started ? 'listening' : `not started${g.exit ? ` (exit ${g.exit.code})` : ''}`) : 'not run',
  };
  for (const c of r.clients) out[c.id] = clientKey(c.summary);
  return out;
}

export function clientKey(s: Record<string, unknown>): string {
  const close = s.close as { code: number; reason: string } | undefined;
  if (s.outcome === 'connected') return 'hello-ok';
  const parts = [String(s.outcome)];
  if (s.failedStage) parts.push(`@${s.failedStage}`);
  if (close) parts.push(String(close.code));
  else if (s.upgradeStatus && s.upgradeStatus !== 101) parts.push(`HTTP ${s.upgradeStatus}`);
  return parts.join(' ');
}
