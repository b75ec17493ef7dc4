// A lexicon directory's language files (<lang>.json), parsed, in name order. No package lookup at load:
// redaction imports this and must work in a module bundled without the package (review32d).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The JSON files of a lexicon directory (one per language), in name order; a damaged one is left out (it gives no words). */
export function readLexiconDir<T>(dir: string): T[] {
  const files: T[] = [];
  if (!existsSync(dir)) return files;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    try {
      files.push(JSON.parse(readFileSync(join(dir, f), 'utf8')) as T);
    } catch {
      // A damaged file gives no words.
    }
  }
  return files;
}
