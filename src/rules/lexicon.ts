// Reading the lexicon data (lexicon/<language>.json + lexicon/model.json) and the lexical index the
// build writes beside the rules bundle. Loaded only when a paste gets no strong finding, so a normal
// run never pays for it; an index older than its lexicon files or rule set is rebuilt in memory.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pkgPath } from '../shared/paths.js';
import type { Rule } from '../types.js';
import { buildLexiconIndex, readsPaste } from '../engine/fallback/index-build.js';
import type { LexiconFile, LexiconIndex, ModelParams } from '../engine/fallback/types.js';

export const LEXICON_DIR = pkgPath('lexicon');
export const LEXICON_INDEX_FILE = pkgPath('dist', 'lexicon.index.json');
const MODEL_FILE = 'model.json';

function lexiconFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== MODEL_FILE)
    .sort();
}

/** Every language file and the model parameters. */
export function readLexicons(dir = LEXICON_DIR): { lexicons: LexiconFile[]; model: ModelParams } {
  const lexicons = lexiconFiles(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as LexiconFile);
  const model = JSON.parse(readFileSync(join(dir, MODEL_FILE), 'utf8')) as ModelParams;
  return { lexicons, model };
}

/** Lexicon files (name, size, mtime) and the paste rules' ids: what the index is built from (cheap: run at load). */
export function lexiconFingerprint(rules: Rule[], dir = LEXICON_DIR): string {
  const h = createHash('sha256');
  for (const f of [...lexiconFiles(dir), MODEL_FILE]) {
    const p = join(dir, f);
    if (!existsSync(p)) continue;
    const st = statSync(p);
    h.update(`${f}:${st.size}:${Math.floor(st.mtimeMs)}|`);
  }
  for (const r of rules) if (readsPaste(r)) h.update(`${r.id}|`);
  return h.digest('hex').slice(0, 16);
}

export function buildIndexFromFiles(rules: Rule[], dir = LEXICON_DIR): LexiconIndex {
  const { lexicons, model } = readLexicons(dir);
  return buildLexiconIndex(rules, lexicons, model, lexiconFingerprint(rules, dir));
}

/** The last index parsed, keyed by its file's content hash and the fingerprint it must carry. */
let indexCache: { key: string; index: LexiconIndex } | undefined;

/** The built index when it matches these rules and lexicon files, else one built now. */
export function loadLexiconIndex(rules: Rule[]): LexiconIndex {
  const want = lexiconFingerprint(rules);
  if (existsSync(LEXICON_INDEX_FILE)) {
    try {
      const bytes = readFileSync(LEXICON_INDEX_FILE);
      const key = `${createHash('sha1').update(bytes).digest('hex')}\0${want}`;
      if (indexCache?.key === key) return indexCache.index;
      const index = JSON.parse(bytes.toString('utf8')) as LexiconIndex;
      if (index.version === 1 && index.fingerprint === want) {
        indexCache = { key, index };
        return index;
      }
    } catch {
      // A damaged index is rebuilt below.
    }
  }
  return buildIndexFromFiles(rules);
}
