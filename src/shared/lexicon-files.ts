// Where the lexicon data lives (lexicon/<language>.json, lexicon/model.json, the frozen term
// statistics, the built index dist/lexicon.index.json), the cheap stat fingerprint of those files,
// and the one part of the index every paste needs: the text kind's words (lexicon `guideText`,
// src/derive/text-kind.ts), read from the index's head without parsing the rest. Below the derive
// stage; the index itself is read by src/rules/lexicon.ts, only when the fallback answers.
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fnv } from './fnv.js';
import { isInstalled, pkgPath } from './paths.js';
import type { GuideText, LexiconFile, ShapeEntry, ShapeWords } from '../engine/fallback/types.js';

export const LEXICON_DIR = pkgPath('lexicon');
export const LEXICON_INDEX_FILE = pkgPath('dist', 'lexicon.index.json');
export const MODEL_FILE = 'model.json';
/** Frozen term statistics of the ranker (generated: `npm run lexicon:freeze`), in a subfolder so no language reader takes it for a lexicon. */
export const TERM_STATS_FILE = join('stats', 'term-stats.json');

export function lexiconFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== MODEL_FILE)
    .sort();
}

/**
 * The files part of the index's fingerprint: name, size and mtime of each lexicon file, as 16 hex
 * digits (two FNV-1a over the line, forwards and salted). A working tree checks it on every paste
 * (loadGuideText): without node:crypto, which a small paste otherwise never loads. When it differs,
 * the files' content decides (lexiconContentDigest), so a collision cannot hide an edit for long.
 */
export function filesFingerprint(dir: string): string {
  let line = '';
  for (const f of [...lexiconFiles(dir), MODEL_FILE, TERM_STATS_FILE]) {
    const p = join(dir, f);
    if (!existsSync(p)) continue;
    const st = statSync(p);
    line += `${f}:${st.size}:${Math.floor(st.mtimeMs)}|`;
  }
  return `${fnv(line)}${fnv(`\0${line}`)}`;
}

/** Every language's text-kind words, in lexicon order (what the build writes into the index). */
export function guideTextOf(lexicons: ReadonlyArray<Pick<LexiconFile, 'guideText'>>): GuideText {
  const shapes = lexicons.flatMap((l) => (l.guideText?.shape ? [l.guideText.shape] : []));
  return {
    marks: lexicons.flatMap((l) => l.guideText?.marks ?? []),
    firstPerson: lexicons.flatMap((l) => l.guideText?.firstPerson ?? []),
    ...(shapes.length ? { shape: shapeWordsOf(shapes) } : {}),
  };
}

/** The languages' shape words as one: lists joined, named signs and modes merged by name (order of first appearance). */
function shapeWordsOf(shapes: ReadonlyArray<Partial<ShapeWords>>): ShapeWords {
  const byName = (key: 'describes' | 'modes'): Record<string, ShapeEntry[]> => {
    const out = new Map<string, ShapeEntry[]>();
    for (const s of shapes) for (const [name, entries] of Object.entries(s[key] ?? {})) out.set(name, [...(out.get(name) ?? []), ...entries]);
    return Object.fromEntries(out);
  };
  return {
    reports: shapes.flatMap((s) => s.reports ?? []),
    describes: byName('describes'),
    modes: byName('modes'),
    titleSmallWords: shapes.flatMap((s) => s.titleSmallWords ?? []),
    headings: shapes.flatMap((s) => s.headings ?? []),
    pairs: { if: shapes.flatMap((s) => s.pairs?.if ?? []), do: shapes.flatMap((s) => s.pairs?.do ?? []) },
    corroborated: {
      marks: shapes.flatMap((s) => s.corroborated?.marks ?? []),
      with: shapes.flatMap((s) => s.corroborated?.with ?? []),
      not: shapes.flatMap((s) => s.corroborated?.not ?? []),
    },
  };
}

/**
 * The head of a built index up to its fingerprint: `guideText` comes right after `version`
 * (index-build.ts), so a few KiB are parsed instead of the whole index. The head ends at the first
 * `},"fingerprint":"`: inside a JSON string every `"` is escaped, so only the object's end has it.
 */
const GUIDE_HEAD = '{"version":2,"guideText":';
const GUIDE_END = '},"fingerprint":"';

/** The first 16 KiB of the index (the words take ~3 KiB), or the whole file when the head runs longer. */
function indexHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16384);
    const n = readSync(fd, head, 0, head.length, 0);
    return n < head.length || head.includes(GUIDE_END, 0, 'latin1') ? head.subarray(0, n) : readFileSync(file);
  } finally {
    closeSync(fd);
  }
}

/**
 * The text kind's words from the built index — never from the lexicon files in an installed package.
 * In a working tree whose lexicon files changed since the build (the files part of the index's
 * fingerprint differs), or with no usable index, they are read from the files; a file that is not
 * JSON then gives no words (the text is never a guide), never a failed run.
 */
export function loadGuideText(indexFile = LEXICON_INDEX_FILE, dir = LEXICON_DIR, installed = isInstalled()): GuideText {
  try {
    const bytes = indexHead(indexFile);
    const end = bytes.indexOf(GUIDE_END, GUIDE_HEAD.length, 'latin1');
    if (end > 0 && bytes.toString('latin1', 0, GUIDE_HEAD.length) === GUIDE_HEAD) {
      const fp = bytes.toString('latin1', end + GUIDE_END.length, bytes.indexOf('"', end + GUIDE_END.length, 'latin1'));
      if (installed || fp.split('.')[0] === filesFingerprint(dir)) return JSON.parse(bytes.toString('utf8', GUIDE_HEAD.length, end + 1)) as GuideText;
    }
  } catch {
    // No index, or a damaged one: the files below.
  }
  const lexicons: Array<Pick<LexiconFile, 'guideText'>> = [];
  for (const f of lexiconFiles(dir)) {
    try {
      lexicons.push(JSON.parse(readFileSync(join(dir, f), 'utf8')) as LexiconFile);
    } catch {
      // A damaged file gives no words.
    }
  }
  return guideTextOf(lexicons);
}
