// The sweep of owner.test.ts (sampled in the fast job, in full in the slow one: test/helpers/sweep.ts).
import { describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveOwner } from '../../src/derive/owner.js';
import { gatewayOwners } from '../../src/shared/gateway-owners.js';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { ROOT } from '../cli/run.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';

describe('whose gateway (paste.derived.gatewayOwner): sweep', () => {
  // A sweep (test/helpers/sweep.ts): 1 corpus or atlas text in 3 in the fast job (and the three by hand), every text in the slow one.
  it(sweepName('gives the same answer with and without the one-alternation prefilter (it only skips lines no marker matches)', 3), async () => {
    const o = gatewayOwners();
    const markers = [...o.openclaw, ...o.others];
    // Why a line a marker matches is matched by `any` too: no back-reference or named group (renumbered
    // in the alternation), no negative lookaround (`any` adds the m flag to the other products' markers).
    for (const m of markers) expect(m.re.source, m.re.source).not.toMatch(/\\[1-9]|\\k<|\(\?<[A-Za-z]|\(\?<?!/);
    const corpus = readFileSync(`${ROOT}/fixtures/corpus/cases.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { log?: unknown }).log)
      .filter((t): t is string => typeof t === 'string');
    const atlas = JSON.parse(readFileSync(`${ROOT}/knowledge/atlas/atlas.json`, 'utf8')) as { messages: Array<{ text: string }> };
    const read = [...corpus, ...atlas.messages.map((m) => m.text)];
    const texts = [...sweep(read, 3), 'the Toolport gateway stopped answering', 'Kong gateway: upstream refused', 'WebSocket closed 1006'];
    const answers = new Set<string>();
    let matchedLines = 0;
    // ~12,900 texts: node's deep equality first, vitest's `toEqual` (with its diff) only when it does
    // not hold (isDeepStrictEqual is the stricter: when it holds toEqual holds); the lines `any`
    // misses gathered and shown at once. Same checks as one `expect` each, a fraction of the work.
    const missed: string[] = [];
    for (const text of texts) {
      const kept = (await pasteFromString(text)).kept;
      const filtered = deriveOwner(kept, 0);
      const unfiltered = deriveOwner(kept, Number.POSITIVE_INFINITY);
      if (!isDeepStrictEqual(unfiltered, filtered)) expect(unfiltered, text).toEqual(filtered);
      answers.add(filtered.gatewayOwner);
      for (const l of kept) {
        if (!markers.some((m) => m.re.test(l.text))) continue;
        matchedLines++;
        if (!o.any.test(l.text)) missed.push(l.text);
      }
    }
    expect(missed, 'lines a marker matches and `any` does not').toEqual([]);
    expect([...answers].sort()).toEqual(['openclaw', 'other', 'unknown']);
    expect(matchedLines).toBeGreaterThan(floorFor(100, texts.length, read.length + 3));
  });
});
