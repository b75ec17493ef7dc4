// Describes or reports (src/derive/text-shape.ts): a paste that carries no guide mark is still a guide
// when its shape says it describes failure modes to a reader (a title-case headline, "you", "if you",
// "often", placeholders, headings) and nothing in it is one run's output or a first-person account.
// The texts are our own, written to the shapes seen in docs pages, articles and reports.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { describesFailureModes } from '../../src/derive/text-shape.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { answerFallback } from '../../src/engine/fallback/answer.js';
import { buildIndexFromFiles } from '../../src/rules/lexicon.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Facts, LineRef, Rule } from '../../src/types.js';

const linesOf = (text: string): LineRef[] => text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
const factsOf = async (text: string): Promise<Facts> => deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts);

const GUIDES = {
  'an English article with a headline': [
    'Solving Pairing Required In The OpenClaw Dashboard',
    'You open the dashboard from a second laptop and it says: disconnected (1008): pairing required',
    'Your gateway only trusts devices it has approved once.',
    'openclaw devices approve <requestId>',
  ].join('\n'),
  'an English explainer without a headline': [
    'When the dashboard loads but never connects, the cause is usually the token.',
    'If you see "unauthorized: gateway token mismatch", copy the token again from the host.',
    'Set gateway.auth.token and restart.',
  ].join('\n'),
  'a Chinese guide': [
    '## 控制台连不上网关',
    '如果你看到 disconnected (1008): pairing required，通常是这台浏览器还没有被批准。',
    '在网关所在的机器上运行 openclaw devices approve <requestId>，然后刷新页面。',
  ].join('\n'),
};

const REPORTS = {
  'a first-person report quoting the docs': [
    'Fixing Pairing Required In The OpenClaw Dashboard',
    'The docs say: if you see pairing required, approve the device. I did, and my dashboard still shows',
    'disconnected (1008): pairing required',
  ].join('\n'),
  'many errors from one run': [
    '2026-11-30T10:01:02.118Z [ws] closed before connect conn=a1 code=1008 reason=pairing required',
    '2026-11-30T10:01:04.502Z [gateway] unauthorized: gateway token mismatch',
    '2026-11-30T10:01:09.733Z [ws] handshake timeout conn=a2',
    'Often this is the token, you know, but your guess is as good as mine.',
  ].join('\n'),
  'an issue with a title-case title and its environment': [
    'Dashboard Pairing Required After Every Restart',
    'OpenClaw 2026.9.6 on Ubuntu 24.04, Node v22.12.0',
    'Each restart shows disconnected (1008): pairing required until you approve <requestId> again.',
  ].join('\n'),
  'a third-person issue with an expected/actual template': [
    'Dashboard asks for pairing after every restart',
    'Expected: the approved browser stays paired',
    'Actual: disconnected (1008): pairing required; you have to approve <requestId> again, often twice',
  ].join('\n'),
};

describe('describes or reports (text-shape.ts)', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });

  it('judges a guide that no lexicon mark catches a description, by its shape', async () => {
    for (const [name, text] of Object.entries(GUIDES)) {
      expect(describesFailureModes(linesOf(text)), name).toBeDefined();
      const d = (await factsOf(text)).paste?.derived;
      expect([d?.textKind, d?.textKindBy], name).toEqual(['guide', 'shape']);
    }
  });

  it('never judges a report a description: a first-person line, one run\'s output, one machine, an issue template', async () => {
    for (const [name, text] of Object.entries(REPORTS)) {
      expect(describesFailureModes(linesOf(text)), name).toBeUndefined();
      expect((await factsOf(text)).paste?.derived?.textKind, name).toBeUndefined();
    }
  });

  it('needs three describe points: one sign alone, or a headline alone, is not enough', () => {
    expect(describesFailureModes(linesOf('The dashboard says pairing required.\nApprove <requestId> on the host.'))).toBeUndefined();
    expect(describesFailureModes(linesOf('Gateway Pairing Required On The Dashboard\ndisconnected (1008): pairing required'))).toBeUndefined();
    expect(describesFailureModes(linesOf('Gateway Pairing Required On The Dashboard\nApprove <requestId> on the host.'))?.describes).toBe(3);
  });

  it('holds the paste-only rules on such a guide and says it mentions them; the reports keep their pairing finding', async () => {
    const index = buildIndexFromFiles(rules);
    for (const [name, text] of Object.entries(GUIDES)) {
      const facts = await factsOf(text);
      const out = evaluate(rules, facts);
      expect(out.findings, name).toEqual([]);
      const note = answerFallback(rules, facts, out, index).undiagnosed?.notGateway.find((n) => n.mentioned);
      // A judgement, said as one: "reads as", how many failure modes it quotes, and what to paste instead.
      expect(note?.why, name).toMatch(/^this text reads as a guide, troubleshooting page or feature description that quotes \d+ failure modes?, and no one in it reports having (?:it|them) .*paste your own output\)$/);
      expect(out.results.find((r) => r.reason?.startsWith('mentioned: '))?.reason, name).toMatch(/^mentioned: the text reads as a guide/);
      // Without the kind the same lines draw a finding: the judgement is what keeps it quiet.
      delete facts.paste!.derived!.textKind;
      expect(evaluate(rules, facts).findings.length, name).toBeGreaterThan(0);
    }
    for (const [name, text] of Object.entries(REPORTS)) {
      expect(evaluate(rules, await factsOf(text)).findings.length, name).toBeGreaterThan(0);
    }
  });
});
