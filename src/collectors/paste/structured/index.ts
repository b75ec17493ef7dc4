// Recognise OpenClaw's own structured outputs in a paste (issue #12 item 3): `doctor --lint --json`,
// `gateway status [--json]`, `health --json`, `status`, `logs --json`, `devices list --json`.
// Bounded: only the first MAX_TEXT characters are looked at, at most MAX_BLOCKS objects parsed; a
// larger paste is read up to there and the facts say so (`partial`), the rest is line-matched only.
import { devicesList, mayHoldDevicesTable, textDevicesList } from './devices.js';
import { classifyJson, doctorChecks, gatewayStatus, health, isDoctorFinding, mayClassify } from './documents.js';
import { findJsonBlocks } from './json-blocks.js';
import { mayHoldGatewayStatus, mayHoldOverview, TEXT_MAX_LINES, textGatewayStatus, textOverview } from './text-status.js';
import type { StructuredFacts } from './types.js';

export type * from './types.js';

const MAX_TEXT = 2 * 1024 * 1024;
const MAX_BLOCKS = 5000;
const MAX_DOCUMENTS = 50;
const MAX_CHECKS = 100;

/**
 * `totalBytes`: the size of the whole paste when `input` is only its head (a large paste); the
 * facts then carry `partial` so the report can say what was not read as a structured output.
 */
export function extractStructured(input: string, totalBytes?: number): StructuredFacts | undefined {
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  const facts: StructuredFacts = { documents: [], checks: [] };
  let looseFindings = false;
  let logsSeen = false;
  // Every block is part of the text, so without the keys a document is read by there is none to
  // find: a log head of other JSON records skips JSON.parse of its every line (issue #13).
  if (text.includes('{') && mayClassify(text)) {
    for (const b of findJsonBlocks(text, { maxBlock: 512 * 1024, maxBlocks: MAX_BLOCKS })) {
      const v = b.value as Record<string, unknown>;
      const kind = classifyJson(v);
      if (!kind) {
        // A finding of a doctor --lint document too large (or cut) to parse whole: each finding
        // object starts its own line in the pretty-printed output and is read on its own.
        if (isDoctorFinding(v) && facts.checks.length < MAX_CHECKS) {
          facts.checks.push(...doctorChecks({ findings: [v] }, b.line));
          if (!looseFindings && facts.documents.length < MAX_DOCUMENTS) facts.documents.push({ kind: 'doctor-lint', form: 'json', line: b.line });
          looseFindings = true;
        }
        continue;
      }
      // One document entry for a whole `logs --json` stream.
      if (kind === 'logs-json') {
        if (logsSeen) continue;
        logsSeen = true;
      }
      if (facts.documents.length < MAX_DOCUMENTS) facts.documents.push({ kind, form: 'json', line: b.line });
      if (kind === 'doctor-lint') facts.checks.push(...doctorChecks(v, b.line));
      else if (kind === 'gateway-status') facts.gatewayStatus ??= gatewayStatus(v, b.line);
      else if (kind === 'health') facts.health ??= health(v, b.line);
      else if (kind === 'devices-list') facts.devices ??= devicesList(v, b.line);
    }
  }
  // The text forms read the first TEXT_MAX_LINES lines only (so only those are split), and each
  // needs a word of its own there (mayHold…): a log's head without them is tested line by line by
  // none (issue #13: ~10 ms of a large log's set-up, of which the whole 2 MiB head's split was 2-4).
  const lines = text.split('\n', TEXT_MAX_LINES);
  let headLength = lines.length - 1;
  for (const l of lines) headLength += l.length;
  const head = text.slice(0, headLength);
  if (!facts.gatewayStatus && mayHoldGatewayStatus(head)) {
    const g = textGatewayStatus(lines);
    if (g) {
      facts.gatewayStatus = g;
      facts.documents.push({ kind: 'gateway-status', form: 'text', line: g.line });
    }
  }
  const overview = mayHoldOverview(head) ? textOverview(lines) : undefined;
  if (overview) {
    facts.overview = overview;
    facts.documents.push({ kind: 'status', form: 'text', line: overview.line });
  }
  if (!facts.devices && mayHoldDevicesTable(head)) {
    const d = textDevicesList(lines);
    if (d) {
      facts.devices = d;
      facts.documents.push({ kind: 'devices-list', form: 'text', line: d.line });
    }
  }
  if (!facts.documents.length) return undefined;
  const read = Buffer.byteLength(text);
  const total = Math.max(totalBytes ?? 0, input.length > MAX_TEXT ? Buffer.byteLength(input) : read);
  if (total > read) facts.partial = { readBytes: read, totalBytes: total };
  return facts;
}
