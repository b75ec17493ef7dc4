// A finding resting on a derived fact about one report line (story.ts: `{ is, line }`) quotes that line.
// Until session 21 the evidence filter counted such a piece as "positioned" and then dropped every
// `.derived.` piece, so `gateway-down/story-gateway-down` printed no evidence at all (prec15's finding).
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { deriveFacts } from '../../src/derive/index.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Facts, Rule } from '../../src/types.js';

let rules: Rule[];
beforeAll(async () => {
  rules = await loadBuiltinRules();
});

const factsOf = async (text: string): Promise<Facts> => deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts);

describe('evidence of derived per-line facts', () => {
  it('a story finding quotes the report line that told the state, and no line-less derived piece beside it', async () => {
    const text = 'openclaw 2026.9.6 on a small VPS\nSince this morning my OpenClaw gateway is dead and the bot is silent.';
    const found = evaluate(rules, await factsOf(text)).findings.find((f) => f.ruleId === 'gateway-down/story-gateway-down');
    expect(found).toBeDefined();
    expect(found!.evidence).toEqual([
      expect.objectContaining({ source: 'paste', line: 2, text: 'Since this morning my OpenClaw gateway is dead and the bot is silent.' }),
    ]);
  });

  it('a derived fact without a line still explains a finding when nothing has a position', async () => {
    const rule = {
      id: 'demo/owner-only',
      title: 'owner',
      category: 'gateway-down',
      severity: 'info',
      specificity: 1,
      when: { fact: { path: 'paste.derived.gatewayOwner', op: 'eq', value: 'openclaw' } },
      message: 'owner',
      fix: { tier: 'manual', steps: ['none'] },
    } as unknown as Rule;
    const found = evaluate([rule], await factsOf('my openclaw gateway is fine, just asking')).findings[0];
    expect(found?.evidence).toEqual([expect.objectContaining({ path: 'paste.derived.gatewayOwner', value: 'openclaw' })]);
  });
});
