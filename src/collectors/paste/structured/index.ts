// Recognise OpenClaw's own structured outputs in a paste (issue #12 item 3): `doctor --lint --json`,
// `gateway status [--json]`, `health --json`, `status`, `logs --json`, `devices list --json`.
// Bounded: only the first MAX_TEXT characters are looked at, at most MAX_BLOCKS objects parsed.
import { classifyJson, doctorChecks, gatewayStatus, health } from './documents.js';
import { findJsonBlocks } from './json-blocks.js';
import { textGatewayStatus, textOverview } from './text-status.js';
import type { StructuredFacts } from './types.js';

export type * from './types.js';

const MAX_TEXT = 2 * 1024 * 1024;
const MAX_BLOCKS = 5000;
const MAX_DOCUMENTS = 50;

export function extractStructured(input: string): StructuredFacts | undefined {
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  const facts: StructuredFacts = { documents: [], checks: [] };
  let logsSeen = false;
  if (text.includes('{')) {
    for (const b of findJsonBlocks(text, { maxBlock: 512 * 1024, maxBlocks: MAX_BLOCKS })) {
      const v = b.value as Record<string, unknown>;
      const kind = classifyJson(v);
      if (!kind) continue;
      // One document entry for a whole `logs --json` stream.
      if (kind === 'logs-json') {
        if (logsSeen) continue;
        logsSeen = true;
      }
      if (facts.documents.length < MAX_DOCUMENTS) facts.documents.push({ kind, form: 'json', line: b.line });
      if (kind === 'doctor-lint') facts.checks.push(...doctorChecks(v, b.line));
      else if (kind === 'gateway-status') facts.gatewayStatus ??= gatewayStatus(v, b.line);
      else if (kind === 'health') facts.health ??= health(v, b.line);
    }
  }
  const lines = text.split('\n');
  if (!facts.gatewayStatus) {
    const g = textGatewayStatus(lines);
    if (g) {
      facts.gatewayStatus = g;
      facts.documents.push({ kind: 'gateway-status', form: 'text', line: g.line });
    }
  }
  const overview = textOverview(lines);
  if (overview) {
    facts.overview = overview;
    facts.documents.push({ kind: 'status', form: 'text', line: overview.line });
  }
  return facts.documents.length ? facts : undefined;
}
