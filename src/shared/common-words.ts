// Redaction's exception words are data: lexicon/redaction/<language>.json `commonWords` (ordinary words a sentence
// sets a setting "to" that are no credential; the file's $comment says why). Read once, at the first letters-only
// value after `<secret key> … to` (most runs never reach it). Fails closed: a missing or damaged file, or no package
// root, gives no words, so more is masked, never less.
import { pkgPath } from './paths.js';
import { readLexiconDir } from './lexicon-dir.js';

interface RedactionWordsFile {
  commonWords?: string[];
}

/** Every language's words of `dir`, lower-cased (the caller looks a lower-cased value up). */
export function commonWordsOf(dir: string): ReadonlySet<string> {
  return new Set(readLexiconDir<RedactionWordsFile>(dir).flatMap((f) => (Array.isArray(f.commonWords) ? f.commonWords : [])).map((w) => String(w).toLowerCase()));
}

let cached: ReadonlySet<string> | undefined;
export function commonWords(): ReadonlySet<string> {
  if (cached) return cached;
  let dir: string | undefined;
  try {
    dir = pkgPath('lexicon', 'redaction');
  } catch {
    // No package root (a module bundled elsewhere): no exceptions, everything letters-only is masked.
  }
  return (cached = dir ? commonWordsOf(dir) : new Set());
}
