// A short human checklist of the probe stages (for the text report).
import type { ProbeFacts, ProbeStage } from '../types.js';

const LABELS: Record<ProbeStage, string> = {
  target: 'target',
  dns: 'DNS',
  tcp: 'TCP connect',
  tls: 'TLS',
  http: 'HTTP health',
  upgrade: 'WebSocket upgrade',
  challenge: 'connect.challenge',
  connect: 'connect request',
  hello: 'hello-ok',
};

/** Lines like `✓ TCP connect (1 ms) 127.0.0.1:18789` / `✗ connect request: …`; ascii when asked. */
export function formatProbeChecklist(p: ProbeFacts, opts: { ascii?: boolean } = {}): string[] {
  const ok = opts.ascii ? '[ok]' : '✓';
  const bad = opts.ascii ? '[x]' : '✗';
  const lines = [`probe ${p.url} (${p.targetSource})${p.credentialSource ? `, credential from ${p.credentialSource}` : ', no credential'}`];
  for (const s of p.stages) {
    const label = LABELS[s.stage] ?? s.stage;
    const text = s.ok ? s.detail : s.error;
    lines.push(`  ${s.ok ? ok : bad} ${label} (${Math.round(s.ms)} ms)${text ? `: ${text}` : ''}`);
  }
  const skipped = (p as ProbeFacts & { skipped?: string }).skipped;
  if (skipped) lines.push(`  ${skipped}`);
  if (p.close) lines.push(`  close ${p.close.code}${p.close.reason ? ` "${p.close.reason}"` : ''}`);
  lines.push(`  outcome: ${p.outcome} in ${Math.round(p.timings.totalMs)} ms`);
  return lines;
}
