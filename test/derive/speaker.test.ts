// The speaker's relation to the failure (src/derive/speaker.ts): raw pastes of each kind, our own, written to
// the shapes of real reports, guides, PR descriptions and task lists (notes/holdout.md Round 26e).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveSpeaker, speakerSigns } from '../../src/derive/speaker.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Rule } from '../../src/types.js';
import { factsOf, linesOf } from './text-shape.helpers.js';

const REPORT = [
  'Since updating to 2026.3.13 the dashboard will not connect.',
  'I ran openclaw gateway status and got:',
  '2026-03-14T09:12:01.332Z [gateway] ws closed: disconnected (1008): pairing required',
  'My gateway is on a VPS behind Caddy.',
].join('\n');

const GUIDE = [
  'Pairing required in the OpenClaw dashboard',
  'If you see "disconnected (1008): pairing required", the browser is a new device the gateway has not approved.',
  'This error usually means the device list was reset.',
  'Common causes: a new browser profile, cleared site data, a new gateway state dir.',
  'Solution: run openclaw devices list and approve the pending request.',
].join('\n');

const PR = [
  'feat(ui): retry the handshake after pairing required',
  '## Summary',
  'This PR adds a retry button to the pairing required card (disconnected (1008): pairing required).',
  'Fixes #4211',
  '## Test plan',
  'Before/after screenshots attached.',
].join('\n');

const TASKS = [
  'Gateway follow-ups',
  '- [ ] investigate gateway closed (1006 abnormal closure) on the Pi',
  '- [x] rotate the gateway token',
  '- [ ] TODO: check pairing required after the browser update',
].join('\n');

describe('speaker (speaker.ts)', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });

  it('reads each kind of text', () => {
    expect(deriveSpeaker(linesOf(REPORT))).toEqual({ speaker: 'reporting', speakerLines: [1, 2, 3, 4] });
    expect(deriveSpeaker(linesOf(GUIDE)).speaker).toBe('describing');
    expect(deriveSpeaker(linesOf(PR)).speaker).toBe('proposing');
    expect(deriveSpeaker(linesOf(TASKS)).speaker).toBe('tracking');
  });

  it('says nothing about a bare excerpt of error lines: no sign is no hold', () => {
    expect(deriveSpeaker(linesOf('Error: connect ECONNREFUSED 127.0.0.1:18789\ndisconnected (1006): no reason'))).toEqual({});
  });

  it('decides by the balance: a report with a guide quoted under it stays a report', () => {
    expect(deriveSpeaker(linesOf(`${REPORT}\n${GUIDE}`)).speaker).toBe('reporting');
    // One pasted log line outweighs two guide lines; three guide lines with no report line do not.
    const twoGuide = GUIDE.split('\n').slice(1, 3).join('\n');
    expect(deriveSpeaker(linesOf(`2026-03-14T09:12:01Z [gateway] disconnected (1008): pairing required\n${twoGuide}`)).speaker).toBe('reporting');
    expect(deriveSpeaker(linesOf(GUIDE.split('\n').slice(1, 4).join('\n'))).speaker).toBe('describing');
  });

  it('holds what rests only on the paste when the speaker is not reporting, and keeps the report\'s finding', async () => {
    for (const text of [GUIDE, PR, TASKS]) {
      const out = evaluate(rules, await factsOf(text));
      expect(out.findings.map((f) => f.ruleId), text.slice(0, 30)).toEqual([]);
      expect(out.results.some((r) => r.reason?.startsWith('mentioned: the text ')), text.slice(0, 30)).toBe(true);
    }
    const report = evaluate(rules, await factsOf(REPORT));
    expect(report.findings[0]?.category).toBe('pairing');
  });

  it('never judges the realistic reports of fixtures/text-shape/reports anything but reporting', () => {
    const dir = 'fixtures/text-shape/reports';
    const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(30);
    const judged = files.filter((f) => {
      const s = deriveSpeaker(linesOf(readFileSync(join(dir, f), 'utf8'))).speaker;
      return s !== undefined && s !== 'reporting';
    });
    expect(judged).toEqual([]);
  });
});

describe('an appended troubleshooting table is not the speaker (review of the session-22 merge: text-labels sweep)', () => {
  // A field report with no first-person or timestamped line and two "triage" lines, then a docs table under a
  // heading: the heading counted as a third describing line and the report lost every finding.
  const FIELD = [
    'Field report from a 2026.7 -> 2026.9.1 repair on a Linux npm/systemd-user install.',
    'During triage the gateway was stopped/unreachable',
    'StateDatabaseCoordinatorContentionError: another OpenClaw process owns state-lifecycle',
    '[openclaw] Could not start the CLI.',
    'A read-only openclaw-doctor process was still alive under the triage session.',
  ].join('\n');
  const TABLE = ['', '## Troubleshooting', '| Error | Fix |', '|---|---|', '| disconnected (1008): pairing required | run openclaw devices approve <requestId> |', '| unauthorized: gateway token mismatch | set gateway.remote.token to match gateway.auth.token |'].join('\n');

  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });

  it('reads neither the rows nor their heading; the report keeps its own findings', async () => {
    const alone = await factsOf(FIELD);
    const withTable = await factsOf(`${FIELD}\n${TABLE}`);
    expect(withTable.paste?.derived?.speaker).toBe(alone.paste?.derived?.speaker);
    const own = evaluate(rules, alone).findings[0]?.ruleId;
    expect(own).toBeDefined();
    expect(evaluate(rules, withTable).findings[0]?.ruleId).toBe(own);
  });

  it('the same heading in the text itself (no table under it) still counts', () => {
    const lines = linesOf(`${FIELD}\n## Troubleshooting\nIf you see this error, restart the gateway.`);
    expect(deriveSpeaker(lines).speakerLines).toEqual(expect.arrayContaining([2, 5, 6]));
  });
});

describe('an issue template\'s "what I tried" checklist is not tracking (review23a must 1)', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });
  // No first-person verb the report words know, no timestamp: a checked list, a bare error line, a prompt.
  const TRIED = [
    '### Bug',
    'Control UI on the laptop never connects.',
    '### Tried',
    '- [x] cleared site data',
    '- [x] restarted the gateway service',
    '- [x] reinstalled openclaw@latest',
    '- [x] another browser profile',
    '### Log',
    'disconnected (1008): pairing required',
  ].join('\n');

  it('checked boxes are neither side: the error line keeps its finding', async () => {
    expect(deriveSpeaker(linesOf(TRIED)).speaker).toBeUndefined();
    expect(evaluate(rules, await factsOf(TRIED)).findings[0]?.category).toBe('pairing');
  });

  it('open boxes still track, and a prompt line running a command is a pasted log', () => {
    const todo = TRIED.replaceAll('- [x]', '- [ ]');
    expect(deriveSpeaker(linesOf(todo)).speaker).toBe('tracking');
    expect(speakerSigns(linesOf(`${todo}\n$ openclaw devices list\nNo pending requests.`)).log).toEqual([10]);
  });
});
