// Round 17d (tail14): a loopback port in the browser tool's range (gateway port + 2 … CDP 18800–18899)
// or the extension relay is the browser tool's connection — unless the same line names the gateway as
// the other end (an SSH forward to 18789, a relay that cannot reach the gateway) or says which
// service holds the port. Then the paste is a gateway report and must get its next commands, not a
// "that is a tool's connection" note that silences the answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { deriveFacts } from '../../src/derive/index.js';
import { notGatewayNotes } from '../../src/engine/fallback/recognise.js';
import type { LexiconIndex } from '../../src/engine/fallback/types.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { buildIndexFromFiles } from '../../src/rules/lexicon.js';
import type { Facts, Rule } from '../../src/types.js';

let rules: Rule[];
let index: LexiconIndex;

beforeAll(async () => {
  rules = await loadBuiltinRules();
  index = buildIndexFromFiles(rules);
});

async function notes(text: string): Promise<string[]> {
  const facts: Facts = { flags: {}, paste: await pasteFromString(text) };
  deriveFacts(facts);
  evaluate(rules, facts);
  return notGatewayNotes(facts.paste!.kept, index).map((n) => n.why);
}

describe('browser-tool note: the line names the gateway as the other end', () => {
  it.each([
    'tunnel: node side 127.0.0.1:18791 -> gateway 127.0.0.1:18789, nc -z succeeds',
    'forwarded localhost:18795 to the gateway on the VPS, the node host still cannot pair',
    'the OpenClaw browser relay extension cannot connect to the gateway: invalid handshake',
  ])('no browser-tool note for %s', async (text) => {
    expect((await notes(text)).filter((w) => /browser tool/.test(w))).toEqual([]);
  });

  it.each([
    'Error: connection refused at http://127.0.0.1:18791/ when running openclaw browser status',
    'the Chrome extension says the browser relay on 127.0.0.1:18792 is not reachable from Windows',
    'curl http://localhost:18800/json/version -> connection refused',
  ])('keeps the browser-tool note for %s', async (text) => {
    expect((await notes(text)).some((w) => /browser tool/.test(w))).toBe(true);
  });
});
