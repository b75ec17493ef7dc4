// What text-shape.test.ts and its sweep file (text-shape.sweep.test.ts) both use: a module, not a
// test file (a test file imported from another would register its tests twice).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import type { Facts, LineRef } from '../../src/types.js';
import { FRESH_SETS } from '../paste/corpus-strings.js';

export const linesOf = (text: string): LineRef[] => text.split('\n').map((t, i) => ({ line: i + 1, text: t }));
export const factsOf = async (text: string): Promise<Facts> => deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts);

/** Every connection case of the readable holdout sets (never the fresh FRESH_SETS; 5-a/5-b/7 stay aggregate-only), as `set:id` and log. */
export function readableConnectionCases(): Array<{ key: string; log: string }> {
  const dir = 'fixtures/corpus';
  const sets = readdirSync(dir).filter((f) => /^holdout/.test(f) && f.endsWith('.jsonl') && !FRESH_SETS.has(f) && !/^holdout(?:5-a|5-b|7)\.jsonl$/.test(f));
  const out: Array<{ key: string; log: string }> = [];
  for (const set of sets) {
    for (const row of readFileSync(join(dir, set), 'utf8').split('\n')) {
      if (!row.trim()) continue;
      const c = JSON.parse(row) as { id: string; category: string; log: string };
      if (c.category !== 'not-connection') out.push({ key: `${set}:${c.id}`, log: c.log });
    }
  }
  return out;
}
