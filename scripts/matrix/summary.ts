// The outcome summary of one probe run (recorded per client, and compared by the replay test).
import type { ProbeTranscript } from '../../src/collectors/probe/transcript.js';
import type { ClientSummary } from './types.js';

/** What a probe run ended with: outcome, failed stage, close, rejection codes, hello-ok, TCP/TLS facts. */
export function summarise(f: Record<string, unknown>, transcript: Pick<ProbeTranscript, 'events'>): ClientSummary {
  const facts = f as {
    outcome: string;
    failedStage?: string;
    reached?: string;
    close?: { code: number; reason: string };
    upgrade?: { status: number };
    error?: { code?: string; detailsCode?: string; message?: string };
    hello?: { protocol?: number; serverVersion?: string; scopes?: string[]; authMethod?: string; deviceTokenIssued?: boolean };
    tls?: { fingerprint?: string; subject?: string; code?: string };
  };
  const s: ClientSummary = { outcome: facts.outcome };
  if (facts.failedStage) s.failedStage = facts.failedStage;
  if (facts.reached) s.reached = facts.reached;
  if (facts.close) s.close = { code: facts.close.code, reason: facts.close.reason };
  if (facts.upgrade?.status) s.upgradeStatus = facts.upgrade.status;
  if (facts.error?.code) s.errorCode = facts.error.code;
  if (facts.error?.detailsCode) s.detailsCode = facts.error.detailsCode;
  if (facts.error?.message) s.message = facts.error.message;
  if (facts.hello) s.hello = { ...facts.hello };
  const tcp = transcript.events.find((e) => e.kind === 'tcp');
  if (tcp && tcp.kind === 'tcp' && !tcp.ok) s.tcpError = tcp.code ?? tcp.message ?? 'error';
  const t = transcript.events.find((e) => e.kind === 'tls');
  if (t && t.kind === 'tls') s.tls = { ...(t.fingerprint ? { fingerprint: t.fingerprint } : {}), selfSigned: !!t.selfSigned, ...(t.subject ? { subject: t.subject } : {}), ...(t.code ? { code: t.code } : {}) };
  return s;
}

