// The paste without its held rows (evaluate.ts maskedFacts) is made once per paste and `heldRows` array, not
// per rule: the rules re-fired on the rest share it. Facts may change between evaluations: a new `heldRows`
// array on the same paste is a new mask.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Facts, Rule } from '../../src/types.js';

let rules: Rule[];
beforeAll(async () => {
  rules = await loadBuiltinRules();
});

const factsOf = async (text: string): Promise<Facts> => deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts);
const TABLE = ['', '## Troubleshooting', '| Error | Fix |', '|---|---|', '| disconnected (1008): pairing required | run openclaw devices approve <requestId> |', '| unauthorized: gateway token mismatch | set gateway.remote.token to match gateway.auth.token |'].join('\n');
const REPORT = 'After the update the dashboard shows disconnected (1008): pairing required every time I open it.';
const pairing = (facts: Facts) => evaluate(rules, facts).findings.some((f) => f.category === 'pairing');

describe('the masked paste (held rows out) per paste and heldRows array', () => {
  it('follows a new heldRows array on the same paste, in either direction', async () => {
    const facts = await factsOf(`${REPORT}\n${TABLE}`);
    const rows = facts.paste!.derived!.heldRows!;
    expect(rows.length).toBeGreaterThan(0);
    // The report's line held too: what rests on it is mentioned, not shown (its mask has no report line).
    const reportLine = facts.paste!.kept.find((l) => l.text.startsWith('After the update'))!.line;
    facts.paste!.derived!.heldRows = [reportLine, ...rows];
    expect(pairing(facts)).toBe(false);
    // The table's rows only: the report's own line is outside them again (a mask kept from before would miss it).
    facts.paste!.derived!.heldRows = rows;
    expect(pairing(facts)).toBe(true);
    facts.paste!.derived!.heldRows = [reportLine, ...rows];
    expect(pairing(facts)).toBe(false);
  });

  it('answers the same on a paste evaluated again and on the same text derived anew', async () => {
    const text = `${REPORT}\n${TABLE}`;
    const facts = await factsOf(text);
    const first = evaluate(rules, facts);
    expect(evaluate(rules, facts)).toEqual(first);
    expect(evaluate(rules, await factsOf(text))).toEqual(first);
  });

  // review22b item 3: the mask shares the paste's `derived` object; a replaced `derived` (same heldRows array)
  // or rows pushed in place must give a new mask, as a first evaluation of those facts would.
  it('follows a replaced derived object and held rows changed in place', async () => {
    const text = `${REPORT}\n${TABLE}`;
    const replaced = await factsOf(text);
    expect(pairing(replaced)).toBe(true);
    replaced.paste!.derived = { ...replaced.paste!.derived!, gatewayOwner: 'other', ownerProduct: 'Acme', ownerLine: 1 } as typeof replaced.paste.derived;
    const control = await factsOf(text);
    control.paste!.derived = { ...control.paste!.derived!, gatewayOwner: 'other', ownerProduct: 'Acme', ownerLine: 1 } as typeof control.paste.derived;
    expect(evaluate(rules, replaced)).toEqual(evaluate(rules, control));
    expect(pairing(control)).toBe(false);

    const pushed = await factsOf(text);
    expect(pairing(pushed)).toBe(true);
    pushed.paste!.derived!.heldRows!.push(pushed.paste!.kept.find((l) => l.text.startsWith('After the update'))!.line);
    expect(pairing(pushed)).toBe(false);
  });
});
