// Shared by redos.test.ts and redos.sweep.test.ts: the built-in paste regexes, the corpus lines, what the
// engine reads of a match.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LineMatch } from '../../src/shared/regex/compile.js';
import type { Condition, PasteMatcher } from '../../src/types.js';
import { ROOT } from '../cli/run.js';

export function* pasteRegexes(c: Condition): Generator<PasteMatcher & { regex: string }> {
  if ('all' in c) for (const x of c.all) yield* pasteRegexes(x);
  else if ('any' in c) for (const x of c.any) yield* pasteRegexes(x);
  else if ('not' in c) yield* pasteRegexes(c.not);
  else if ('paste' in c && c.paste.regex !== undefined) {
    yield c.paste as PasteMatcher & { regex: string };
    // A same-line exclusion runs on the lines its regex matched: held to the same bounds.
    if (c.paste.notOnLineMatcher) yield c.paste.notOnLineMatcher as PasteMatcher & { regex: string };
  }
}

export function corpusLines(): string[] {
  const out: string[] = [];
  for (const f of ['cases', 'holdout', 'holdout4-c', 'holdout5-a', 'holdout5-b']) {
    for (const l of readFileSync(join(ROOT, 'fixtures', 'corpus', `${f}.jsonl`), 'utf8').split('\n')) if (l.trim()) out.push(...(JSON.parse(l) as { log: string }).log.split('\n'));
  }
  return out;
}

/** Where a match starts and its named captures that took part: what the engine reads of a match. */
export const seen = (m: LineMatch | null): string => JSON.stringify(m && [m.index, Object.entries(m.groups ?? {}).filter(([, v]) => v !== undefined)]);
