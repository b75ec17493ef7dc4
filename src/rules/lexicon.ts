// Reading the lexicon data (lexicon/<language>.json + lexicon/model.json) and the lexical index the
// build writes beside the rules bundle. Loaded only when a paste gets no strong finding, so a normal
// run never pays for it; an index older than its lexicon files or rule set is rebuilt in memory.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEXICON_DIR, LEXICON_INDEX_FILE, MODEL_FILE, TERM_STATS_FILE, filesFingerprint, lexiconFiles } from '../shared/lexicon-files.js';
import { INSTALLED } from './load.js';
import { isObj } from '../derive/context.js';
import type { Rule } from '../types.js';
import { buildLexiconIndex, documentTerms, readsPaste, termStats, type DocTerms } from '../engine/fallback/index-build.js';
import type { LexiconFile, LexiconIndex, ModelParams, TermStats } from '../engine/fallback/types.js';

export { LEXICON_DIR, LEXICON_INDEX_FILE };
export const FREEZE_COMMAND = 'npm run lexicon:freeze';

/** Every language file and the model parameters. */
export function readLexicons(dir = LEXICON_DIR): { lexicons: LexiconFile[]; model: ModelParams } {
  const lexicons = lexiconFiles(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as LexiconFile);
  const model = JSON.parse(readFileSync(join(dir, MODEL_FILE), 'utf8')) as ModelParams;
  return { lexicons, model };
}

/**
 * Lexicon files (name, size, mtime) and the paste rules' ids: what the index is built from (cheap:
 * run at load). Two parts, `files.rules`: an installed package checks the rules part only (its
 * files do not change, and `npm pack` gives them all one mtime, which never matches the build's).
 */
export function lexiconFingerprint(rules: Rule[], dir = LEXICON_DIR): string {
  const ids = createHash('sha256');
  for (const r of rules) if (readsPaste(r)) ids.update(`${r.id}|`);
  return `${filesFingerprint(dir)}.${ids.digest('hex').slice(0, 16)}`;
}

/**
 * Names and bytes of the lexicon files: the index also carries this, so a working tree whose files got
 * new mtimes without an edit (a checkout, a copy) keeps its built index, as the rules bundle does.
 */
export function lexiconContentDigest(dir = LEXICON_DIR): string {
  const h = createHash('sha256');
  for (const f of [...lexiconFiles(dir), MODEL_FILE, TERM_STATS_FILE]) {
    const p = join(dir, f);
    if (!existsSync(p)) continue;
    h.update(`${f}\0`).update(readFileSync(p)).update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

/**
 * Whether a built index serves these rules and lexicon files: the cheap stat fingerprint first; when only
 * its file part differs in a working tree, the files' content decides (an edit still makes it stale).
 */
export function indexServes(index: Pick<LexiconIndex, 'fingerprint' | 'contentDigest'>, want: string, dir = LEXICON_DIR, installed = INSTALLED): boolean {
  if (fingerprintServes(index.fingerprint, want, installed)) return true;
  if (installed || index.fingerprint.split('.')[1] !== want.split('.')[1]) return false;
  return index.contentDigest !== undefined && index.contentDigest === lexiconContentDigest(dir);
}

/** Whether an index built with fingerprint `had` serves rules and files whose fingerprint is `want`. */
export function fingerprintServes(had: string, want: string, installed = INSTALLED): boolean {
  return installed ? had.split('.')[1] === want.split('.')[1] : had === want;
}

export function buildIndexFromFiles(rules: Rule[], dir = LEXICON_DIR): LexiconIndex {
  const { lexicons, model } = readLexicons(dir);
  return { ...buildLexiconIndex(rules, lexicons, model, lexiconFingerprint(rules, dir), readTermStats(dir)), contentDigest: lexiconContentDigest(dir) };
}

/**
 * The shipped term statistics and the inputs they state: every document of the pinned set by id and
 * a digest of its weighted words. Refreshed only deliberately (`npm run lexicon:freeze`).
 */
export interface TermStatsFile extends TermStats {
  description: string;
  inputs: Record<string, string>;
}

export function readTermStats(dir = LEXICON_DIR): TermStatsFile | undefined {
  const p = join(dir, TERM_STATS_FILE);
  if (!existsSync(p)) return undefined;
  const data: unknown = JSON.parse(readFileSync(p, 'utf8'));
  // A hand-edited table missing a field would give every word a NaN weight: the ranker would go quiet, not fail.
  if (!isTermStatsFile(data)) throw new Error(`${p} is not a term-statistics table (docs, avgLen, df, inputs): \`${FREEZE_COMMAND}\` writes it`);
  return data;
}

function isTermStatsFile(v: unknown): v is TermStatsFile {
  return (
    isObj(v) &&
    typeof v.docs === 'number' && v.docs > 0 &&
    typeof v.avgLen === 'number' && v.avgLen > 0 &&
    isObj(v.df) && Object.values(v.df).every((n) => typeof n === 'number' && n > 0) &&
    isObj(v.inputs)
  );
}

function docDigest(d: DocTerms): string {
  const h = createHash('sha256').update(`${d.category}|${d.len}|`);
  for (const [t, n] of [...d.tf].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) h.update(`${t}:${n}|`);
  return h.digest('hex').slice(0, 16);
}

function currentDocs(rules: Rule[], dir: string): DocTerms[] {
  const { lexicons, model } = readLexicons(dir);
  return documentTerms(rules, lexicons, model).docs;
}

/** Term statistics of the documents these rules and lexicon files give now (what `lexicon:freeze` writes). */
export function freezeTermStats(rules: Rule[], dir = LEXICON_DIR): TermStatsFile {
  const docs = currentDocs(rules, dir);
  const stats = termStats(docs);
  const df: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const t of Object.keys(stats.df).sort()) df[t] = stats.df[t]!;
  return {
    description: `Generated by \`${FREEZE_COMMAND}\`; do not edit. BM25 term statistics of the possible-causes ranker, computed once from the documents listed in inputs (id → digest of its weighted words) and frozen, so that a rule or lexicon phrase added later changes no other document's score. test/fallback/term-stats.test.ts fails when a listed document changed or is gone.`,
    docs: stats.docs,
    avgLen: stats.avgLen,
    inputs: Object.fromEntries(docs.map((d) => [d.id, docDigest(d)])),
    df,
  };
}

/**
 * How the shipped statistics compare with their stated inputs: pinned documents whose words changed
 * (a rule's text, a lexicon phrase of its category, the weights or the tokenizer) or that are gone
 * make the file stale; documents added since are expected (they are scored with the frozen weights).
 */
export function termStatsDrift(rules: Rule[], dir = LEXICON_DIR): { changed: string[]; removed: string[]; added: string[] } {
  const pinned = readTermStats(dir)?.inputs ?? {};
  const now = new Map(currentDocs(rules, dir).map((d) => [d.id, docDigest(d)]));
  return {
    changed: [...now].filter(([id, h]) => Object.hasOwn(pinned, id) && pinned[id] !== h).map(([id]) => id),
    removed: Object.keys(pinned).filter((id) => !now.has(id)),
    added: [...now.keys()].filter((id) => !Object.hasOwn(pinned, id)),
  };
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
      if (index.version === 2 && indexServes(index, want)) {
        indexCache = { key, index };
        return index;
      }
    } catch {
      // A damaged index is rebuilt below.
    }
  }
  return buildIndexFromFiles(rules);
}
