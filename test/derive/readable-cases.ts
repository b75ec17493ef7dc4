// The readable corpus for attack tests: every connection case of the readable holdout sets.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRESH_SETS } from '../paste/corpus-strings.js';

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
