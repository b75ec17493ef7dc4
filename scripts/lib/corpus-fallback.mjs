// In-process corpus runs for the possible-causes scripts (calibrate-fallback, ranker-ablation):
// each case's paste and stated version as facts, the rules evaluated once. Reads dist/ (build first).
import { readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseVersion } from './eval-args.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => import(join(root, 'dist', p));
export const { pasteFromString } = await dist('collectors/paste/read.js');
export const { loadBuiltinRules } = await dist('rules/load.js');
export const { evaluate } = await dist('engine/evaluate.js');
export const { answerFallback, needsFallback } = await dist('engine/fallback/answer.js');
export const lexicon = await dist('rules/lexicon.js');

/** A corpus file: relative to the repository; `../shared/…` from CLAWKIT_SHARED when set (a worktree outside /work). */
export function corpusPath(file) {
  const shared = process.env.CLAWKIT_SHARED;
  return shared && file.startsWith('../shared/') ? join(shared, file.slice('../shared/'.length)) : join(root, file);
}

/** Every case of the files once (first file wins on a repeated id): `{ c, file, facts, out }`. */
export async function* corpusCases(files, rules) {
  const seen = new Set();
  for (const file of files) {
    for (const line of readFileSync(corpusPath(file), 'utf8').split('\n').filter((l) => l.trim())) {
      const c = JSON.parse(line);
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      const facts = { flags: {}, paste: await pasteFromString(c.log ?? '') };
      // The release the reporter runs, read as eval.mjs reads it.
      const v = caseVersion(c);
      if (v) facts.version = { value: v, source: 'flag' };
      yield { c, file, facts, out: evaluate(rules, facts) };
    }
  }
}
