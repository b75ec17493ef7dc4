// A guide's label template (Likely cause: / Quick fix:) and a quoted message explained (`"…" means`) are
// describing words (lexicon/speaker/en.json, notes/holdout.md Round 34b). Our own texts, written to the shapes of
// the readable negatives' guides and of real reports that use the same labels or the same error line.
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveSpeaker } from '../../src/derive/speaker.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Rule } from '../../src/types.js';
import { factsOf, linesOf } from './text-shape.helpers.js';

// One entry (a template repeated is text-shape.ts labelledEntries' already): the speaker's words alone decide it.
const LABELS = [
  'Dashboard keeps dropping',
  'What you see: disconnected (1008): pairing required',
  'Likely cause: a new browser profile the gateway has not approved',
  'Possible cause: the site data was cleared',
  'Quick fix: openclaw devices approve --latest',
].join('\n');

const MEANS = [
  'When the gateway fails you see one of a few errors.',
  '"unauthorized: gateway token mismatch" means the client sent a token the gateway does not hold.',
  '"disconnected (1008): pairing required" means this browser is a device nobody approved yet.',
  '"Gateway start blocked: set gateway.mode=local" means local mode is not set in openclaw.json.',
].join('\n');

const speakerOf = (text: string): string | undefined => deriveSpeaker(linesOf(text)).speaker;

describe('guide labels and quoted explanations describe (speaker.ts, Round 34b)', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });

  it('reads a label-template guide and a "…" means guide as describing, and holds their rules', async () => {
    expect(speakerOf(LABELS)).toBe('describing');
    expect(speakerOf(MEANS)).toBe('describing');
    for (const text of [LABELS, MEANS]) {
      const out = evaluate(rules, await factsOf(text));
      expect(out.findings.map((f) => f.ruleId), text.slice(0, 30)).toEqual([]);
      expect(out.results.some((r) => r.reason?.startsWith('mentioned: the text describes')), text.slice(0, 30)).toBe(true);
    }
  });

  it('a reporter\'s own labels with nothing known yet are not a guide\'s (not sure, tried, maybe, none …)', async () => {
    const own = [
      'Symptom: dashboard shows disconnected (1008): pairing required',
      '2026-03-14T09:12:01.332Z [gateway] ws closed: disconnected (1008): pairing required',
      'Likely cause: not sure',
      'Quick fix: tried restarting, no change',
      'Possible cause: maybe the new proxy?',
    ].join('\n');
    expect(speakerOf(own)).toBe('reporting');
    expect(evaluate(rules, await factsOf(own)).findings[0]?.category).toBe('pairing');
  });

  it('the same error under a report keeps its finding: timestamped, in a code fence, wrapped, in Chinese, after a fix that came back', async () => {
    const reports = [
      // A timestamped log line and one label: the log outweighs it.
      'Symptom: cannot connect\n2026-03-14T09:12:01.332Z [gateway] ws closed: disconnected (1008): pairing required',
      // A fenced paste with the user's own words.
      'I get this on my laptop since the upgrade:\n```\ndisconnected (1008): pairing required\n```\nLikely cause: not sure',
      // A terminal-wrapped line under a first-person report.
      'My dashboard stopped working:\ndisconnected (1008): pairing required\nQuick fix: I approved it but\n it asks again',
      // Chinese around it.
      '我的网关升级后控制台一直断开：\ndisconnected (1008): pairing required\n原因：不知道',
      // Fixed, then back.
      'Fixed it with openclaw devices approve --latest, but it came back: disconnected (1008): pairing required',
      // A user quoting what the message means to them still reports.
      'I read that "pairing required" means the browser is new, but I get disconnected (1008): pairing required on the same browser every day.',
    ];
    for (const text of reports) {
      expect(speakerOf(text), text.slice(0, 40)).not.toBe('describing');
      expect(evaluate(rules, await factsOf(text)).findings.map((f) => f.category), text.slice(0, 40)).toContain('pairing');
    }
  });

  it('labels a report, incident notes or a commit also write are not the template (Symptom:, Problem:, Root cause:, Cause:, fix: …)', () => {
    const incident = [
      '# Gateway fix - 2026-02-28',
      'fix: resolve the gateway launch timeout by enforcing IPv4 loopback',
      'Symptom: the gateway launch timed out',
      'Cause: localhost resolved to ::1',
      '- Problem: old gateway process blocked port 18789',
      '- Root cause: a second service on the same port',
      '- Problem: API key only in the main config',
    ].join('\n');
    expect(speakerOf(incident)).toBeUndefined();
    // review21a's notes shape: two Symptom entries and an open "Fix: TODO" (a tracking word) stay undecided.
    expect(speakerOf('Symptom: laptop CLI gets unauthorized: gateway token mismatch\nCause: rotated the token\n\nSymptom: tablet says origin not allowed\nCause: new subdomain\nFix: TODO allowedOrigins')).toBeUndefined();
    expect(speakerOf('The real fix: restart\nthe cause: a stale token\nsymptoms vary')).toBeUndefined();
  });

  it("OpenClaw's pull-request template headings propose; the same words with the reporter's text on the line do not", () => {
    const pr = [
      'test(gateway): cover the paired token recovery',
      '- Add coverage for a paired client reconnecting after its device-auth cache is gone.',
      'Behavior or issue addressed:',
      'The client should not ask for pairing required again after a restart.',
      'Real environment tested:',
      'A local loopback gateway from the source tree.',
      'Fixes #80740',
    ].join('\n');
    expect(speakerOf(pr)).toBe('proposing');
    const report = pr.replace('Behavior or issue addressed:', 'Behavior or issue addressed: disconnected (1008): pairing required on my VPS');
    expect(speakerOf(report)).not.toBe('proposing');
  });
});
