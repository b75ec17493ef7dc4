// A guide's label template (Likely cause: / Quick fix:) and a quoted message explained (`"…" means`) are
// describing words (lexicon/speaker/en.json, notes/holdout.md Round 34b). Our own texts, written to the shapes of
// the readable negatives' guides and of real reports that use the same labels or the same error line.
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveSpeaker } from '../../src/derive/speaker.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Rule } from '../../src/types.js';
import { factsOf, linesOf } from './text-shape.helpers.js';

// A guide's entries, one paragraph each: each entry's labels are one sign (Round 34m), three entries decide.
const ENTRY = [
  'Dashboard keeps dropping',
  'What you see: disconnected (1008): pairing required',
  'Likely cause: a new browser profile the gateway has not approved',
  'Possible cause: the site data was cleared',
  'Quick fix: openclaw devices approve --latest',
].join('\n');
const LABELS_ONLY = [
  ENTRY,
  'Token rejected\nWhat you see: unauthorized: gateway token mismatch\nLikely cause: the client holds an old token\nQuick fix: paste the token from openclaw.json',
  'Gateway will not start\nWhat you see: Gateway start blocked: set gateway.mode=local\nCommon cause: a fresh install without onboarding\nQuick fix: openclaw config set gateway.mode local',
].join('\n\n');
const LABELS = [
  '"unauthorized: gateway token mismatch" means the client sent a token the gateway does not hold.',
  '"disconnected (1008): pairing required" means this browser is a device nobody approved yet.',
  '',
  LABELS_ONLY,
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
    // Labels count once per paste (review31j): a guide of labels alone decides nothing; with two more describing lines it is one.
    expect(speakerOf(LABELS_ONLY)).toBeUndefined();
    expect(speakerOf(LABELS)).toBe('describing');
    expect(speakerOf(MEANS)).toBe('describing');
    // One entry alone is one sign: it no longer outweighs a line (review31h), it decides nothing.
    expect(speakerOf(ENTRY)).toBeUndefined();
    for (const text of [LABELS, MEANS]) {
      const out = evaluate(rules, await factsOf(text));
      expect(out.findings.map((f) => f.ruleId), text.slice(0, 30)).toEqual([]);
      expect(out.results.some((r) => r.reason?.startsWith('mentioned: the text')), text.slice(0, 30)).toBe(true);
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
  // review31h's near misses (Round 34m): a run of labels in one paragraph is one sign, so labels an AI or a
  // reporter wrote above one real failing line no longer outweigh it; on h/prec31 each lost its finding.
  it('labels above a real failing line keep its finding (AI-written causes, incident notes, zh, CRLF, bold over a fence, bullets, JSON, wrapped, es)', async () => {
    const reports: Array<[string, string]> = [
      ['Asked ChatGPT about the dashboard and it said:\nPossible cause: the browser profile is new and was never approved\nPossible cause: the gateway state dir was wiped by the update\nQuick fix: run openclaw devices approve --latest\nHere is what the control UI shows right now:\ndisconnected (1008): pairing required', 'pairing'],
      ['Possible cause: the browser is a new device\nPossible cause: the gateway lost its paired devices file\nPossible cause: a reverse proxy strips the client IP\nI get this every time I open the dashboard:\ndisconnected (1008): pairing required', 'pairing'],
      ['Incident notes, Monday\nLikely cause: my token changed when the installer re-ran onboarding\nPossible cause: the launch agent still has the old OPENCLAW_GATEWAY_TOKEN\nFix option 1: openclaw gateway install --force\nOutput of openclaw status:\nunauthorized: gateway token mismatch (open the dashboard URL and paste the token in Control UI settings)', 'token-auth'],
      ['网关升级后连不上\nLikely cause: token rotated by onboarding\nPossible cause: old service file\nQuick fix: openclaw gateway install --force\n控制台显示：\nunauthorized: gateway token mismatch (open the dashboard URL and paste the token in Control UI settings)', 'token-auth'],
      ['Likely cause: the new profile\r\nPossible cause: cleared cookies\r\nQuick fix: approve it\r\nControl UI:\r\ndisconnected (1008): pairing required\r\n', 'pairing'],
      ['**Likely cause:** stale device auth after the update\n**Possible cause:** the gateway was reinstalled\n**Quick fix:** re-pair\n```\ndisconnected (1008): pairing required\n```', 'pairing'],
      ['- Likely cause: gateway not running\n- Possible cause: service unloaded after update\n- Quick fix: openclaw gateway start\nopenclaw status says:\nGateway: not reachable (connect ECONNREFUSED 127.0.0.1:18789)', 'gateway-down'],
      ['Likely cause: port taken by the old gateway\nPossible cause: launchd restarted it twice\nQuick fix: openclaw gateway stop; openclaw gateway start\n{"level":"error","msg":"Port 18789 is already in use.","subsystem":"gateway"}', 'port-bind'],
      ['Quick fix: openclaw devices approve --latest (this worked yesterday)\nLikely cause: the new Chrome profile\nPossible cause: cookies cleared\nFixed it yesterday but it came back this morning:\ndisconnected (1008): pairing required', 'pairing'],
      ['Likely cause: the token in the plist is the\nold one from before the reinstall\nPossible cause: onboarding overwrote it\nQuick fix: reinstall the service\nunauthorized: gateway token mismatch (open the dashboard URL and\npaste the token in Control UI settings)', 'token-auth'],
      ['Causa probable: token cambiado\nLikely cause: token changed after update\nPossible cause: old service\nQuick fix: reinstall service\nunauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)', 'token-auth'],
      // Notes with a blank line between labels: label runs alone never reach NOT_REPORTING_MIN (labels count once per paste).
      ['Likely cause: the new profile\n\nPossible cause: cleared cookies\n\nQuick fix: approve it\n\nControl UI:\ndisconnected (1008): pairing required', 'pairing'],
      // Fix options the reporter tried, each with its outcome: not a guide's template at all.
      ['Fix option 1: openclaw gateway restart -> still same\nFix option 2: openclaw doctor --fix -> no change\nFix option 3: reinstalled from npm -> no change\nGateway start blocked: set gateway.mode=local (current: unset) or pass --allow-unconfigured.', 'gateway-down'],
    ];
    for (const [text, category] of reports) {
      expect(speakerOf(text), text.slice(0, 40)).not.toBe('describing');
      expect(evaluate(rules, await factsOf(text)).findings.map((f) => f.category), text.slice(0, 40)).toContain(category);
    }
  });

  it('"…" means in a question, in first person or quoting the docs is the reporter\'s, not a guide\'s', async () => {
    const quoted = 'The docs say "gateway token mismatch" means the token is wrong, but it is the same token in both places.\n"pairing required" means approve the device, which I can\'t do because the CLI also fails.\n"1008" means policy violation apparently.\nunauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)';
    const asks = 'Anyone know what "device token mismatch" means?\nGetting this every time:\ndisconnected (1008): unauthorized: device token mismatch (rotate/reissue device token)\n"rotate" means what exactly? openclaw devices rotate?\nAlso "reissue" means the same?';
    for (const [text, category] of [[quoted, 'token-auth'], [asks, 'token-auth']] as const) {
      expect(speakerOf(text), text.slice(0, 40)).not.toBe('describing');
      expect(evaluate(rules, await factsOf(text)).findings.map((f) => f.category), text.slice(0, 40)).toContain(category);
    }
  });
  // With labels counting two signs, one "If you see …" / "you should check …" line made three and held the paste.
  const pastes = [
    "ChatGPT told me this:\n\nLikely cause: the gateway token in the CLI no longer matches the one the gateway was started with.\n\nQuick fix: run openclaw gateway install --force and restart.\n\nIf you see this after an upgrade, the launch agent usually holds the old token.\n\nHere is what I actually get:\ndisconnected (1008): pairing required",
    "**Possible cause:** the token env var is stale\n\n**Possible cause:** Control UI caches the old token\n\n**Quick fix:** clear site data\n\nyou should check the dashboard settings too, per the bot\n\ndisconnected (1008): unauthorized: gateway token mismatch",
    "Likely cause: the token in ~/.openclaw/openclaw.json differs from\nthe service env\n\nQuick fix: openclaw gateway install\n--force\n\nYou can check the token with openclaw config get gateway.auth.token.\nunauthorized: gateway token mismatch (open the dashboard URL and paste the\ntoken in Control UI settings)",
  ];
  it.each(pastes)('an AI answer\'s labels plus one describing line above the user\'s own error keep its finding (review31j): %#', async (text) => {
    expect(speakerOf(text)).not.toBe('describing');
    expect(evaluate(rules, await factsOf(text)).findings.length).toBeGreaterThan(0);
  });
});
