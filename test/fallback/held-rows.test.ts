// The fallback reads no row that holds what rests only on it (paste.derived.heldRows, src/engine/fallback/answer.ts):
// a report's troubleshooting table, a heading's guide, a catalogue's entries quote OpenClaw's messages to explain
// them, and a guess drawn from them would be the table's, not the report's. Our own texts.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { answerFallback, needsFallback } from '../../src/engine/fallback/answer.js';
import type { LexiconIndex } from '../../src/engine/fallback/types.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { buildIndexFromFiles } from '../../src/rules/lexicon.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Facts, Rule } from '../../src/types.js';

let rules: Rule[];
let index: LexiconIndex;
beforeAll(async () => {
  rules = await loadBuiltinRules();
  index = buildIndexFromFiles(rules);
});

const TABLE = [
  '',
  '## Troubleshooting',
  '| Error | Fix |',
  '|---|---|',
  '| unauthorized: gateway token mismatch | copy the token from openclaw.json |',
  '| disconnected (1008): pairing required | run openclaw devices approve <requestId> |',
];

async function answer(text: string) {
  const facts = await deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts);
  const output = evaluate(rules, facts);
  const fallback = needsFallback(facts, output, index.model.strongSpecificity) ? answerFallback(rules, facts, output, index) : { candidates: [] };
  return { facts, output, fallback };
}

describe('the fallback skips held rows', () => {
  it('a report with a troubleshooting table appended: no guess rests on a row', async () => {
    const report = ['10:00:01 the dashboard on the laptop keeps spinning since the move', ...TABLE].join('\n');
    const { facts, output, fallback } = await answer(report);
    const rows = facts.paste?.derived?.heldRows ?? [];
    expect(rows).toEqual([4, 5, 6, 7]);
    // The table's rules are held (mentioned), and no exact message or lexical guess is drawn from its rows.
    expect(output.results.filter((r) => r.reason?.startsWith('mentioned: ')).length).toBeGreaterThan(0);
    // A rule that leaned on a row (the report's "dashboard" line beside the table's "pairing required") fires again
    // without the rows or is held: nothing found rests on a row (review20a item 4).
    expect(output.findings.filter((f) => f.evidence.some((e) => e.line !== undefined && rows.includes(e.line))).map((f) => f.ruleId)).toEqual([]);
    const onRows = fallback.candidates.filter((f) => f.evidence.some((e) => e.line !== undefined && rows.includes(e.line)));
    expect(onRows.map((f) => f.ruleId)).toEqual([]);
    // The report's own line still gets the fallback's answer (what was recognised, the commands to run next).
    expect(fallback.undiagnosed?.next.length ?? fallback.candidates.length).toBeGreaterThan(0);
  });

  it('the same rows without the table are the report\'s: the exact messages are guessed from them', async () => {
    const report = ['2026-12-01 10:00:01 [gateway] listening on ws://127.0.0.1:18789', 'the dashboard on the laptop keeps spinning since the move', '', 'it said: unauthorized: gateway token mismatch'].join('\n');
    const { output, fallback } = await answer(report);
    const all = [...output.findings, ...fallback.candidates].map((f) => f.ruleId);
    expect(all).toContain('token-auth/gateway-token-mismatch');
  });
});
