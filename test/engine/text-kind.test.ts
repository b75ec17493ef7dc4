// The text's kind (issue #12 item 7): a guide, tutorial or troubleshooting table that quotes
// OpenClaw's error lines is `paste.derived.textKind: 'guide'`; the engine holds back rules whose only
// evidence is its lines (they are mentioned, not shown), while a first-person failure report quoting
// the same lines keeps its findings, and a rule that reads this machine's config stays.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { answerFallback } from '../../src/engine/fallback/answer.js';
import { buildIndexFromFiles } from '../../src/rules/lexicon.js';
import { deriveFacts } from '../../src/derive/index.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Facts, Rule } from '../../src/types.js';

let rules: Rule[];
beforeAll(async () => {
  rules = await loadBuiltinRules();
});

const factsOf = async (text: string): Promise<Facts> => deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts);
const PAIRING = 'disconnected (1008): pairing required';

describe('a guide quoting OpenClaw\'s error lines (paste.derived.textKind)', () => {
  const guides = [
    `## Troubleshooting the dashboard\n\n1. If the browser shows \`${PAIRING}\`, approve the device:\n   openclaw devices approve <id>\n2. Reload the page.`,
    `| Error | Fix |\n|---|---|\n| \`${PAIRING}\` | run openclaw devices approve |`,
    `常见问题\n1. 控制台显示 ${PAIRING}：在终端执行 openclaw devices approve 批准设备即可。`,
  ];
  const reports = [
    `## Troubleshooting the dashboard\nI get \`${PAIRING}\` every time I open it, approving did nothing.`,
    `常见问题里说要批准设备，但我的控制台还是显示 ${PAIRING}`,
    `The browser shows ${PAIRING} after the update.`,
    // Following a guide is a report about one's own set-up, whatever the guide is called.
    `按照部署指南装好以后，控制台报 ${PAIRING}`,
    `Following the remote access guide, the dashboard says ${PAIRING}`,
  ];

  it('is a guide with a marking line and no first-person failure', async () => {
    for (const g of guides) expect((await factsOf(g)).paste?.derived?.textKind, g).toBe('guide');
    for (const r of reports) expect((await factsOf(r)).paste?.derived?.textKind, r).toBeUndefined();
  });

  it('says the guide mentions the lines instead of guessing causes from them', async () => {
    const index = buildIndexFromFiles(rules);
    for (const g of guides) {
      const facts = await factsOf(g);
      const a = answerFallback(rules, facts, evaluate(rules, facts), index);
      expect(a.candidates, g).toEqual([]);
      expect(a.undiagnosed?.notGateway.some((n) => n.mentioned), g).toBe(true);
    }
    for (const r of reports) {
      const facts = await factsOf(r);
      expect(answerFallback(rules, facts, evaluate(rules, facts), index).undiagnosed?.notGateway.some((n) => n.mentioned) ?? false, r).toBe(false);
    }
  });

  it('holds back the pairing rules on a guide, and keeps them on a report quoting the same line', async () => {
    for (const g of guides) {
      const facts = await factsOf(g);
      const out = evaluate(rules, facts);
      expect(out.findings.map((f) => f.ruleId), g).toEqual([]);
      // Without the kind the same lines draw a pairing finding: the hold is what keeps it quiet.
      delete facts.paste!.derived!.textKind;
      expect(evaluate(rules, facts).findings.some((f) => f.category === 'pairing'), g).toBe(true);
      expect(out.results.some((r) => r.status === 'pass' && /^mentioned: /.test(r.reason ?? '')), g).toBe(true);
    }
    for (const r of reports) expect(evaluate(rules, await factsOf(r)).findings.some((f) => f.category === 'pairing'), r).toBe(true);
  });
});
