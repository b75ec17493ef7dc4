import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The fresh measurement-only corpus set(s): no test may read them (notes/holdout.md, the corpus protocol).
 * Move a set out of here when a newer one lands and it becomes tuned-adjacent.
 */
export const FRESH_SETS: ReadonlySet<string> = new Set<string>(['holdout31.jsonl', 'holdout32.jsonl', 'holdout33.jsonl']);

/** Corpus lines (not the measurement-only sets) and every string of every rule case, by line and whole. */
export function corpusStrings(): string[] {
  const out: string[] = [];
  const dir = join(ROOT, 'fixtures', 'corpus');
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.jsonl') || FRESH_SETS.has(f) || /^holdout(5-a|5-b|7|13|14|15)\.jsonl$/.test(f)) continue;
    for (const l of readFileSync(join(dir, f), 'utf8').split('\n')) if (l.trim()) out.push(...(JSON.parse(l) as { log: string }).log.split('\n'));
  }
  out.push(...ruleCaseStrings());
  return out;
}

/** Every distinct non-empty line of every rule case string. */
export function ruleCaseLines(): string[] {
  return [...new Set(ruleCaseStrings().flatMap((s) => s.split('\n')))].filter((s) => s.length > 0);
}

/** Every string of every rule case (the `.cases.json` files under rules/), whole and by line. */
export function ruleCaseStrings(): string[] {
  const out: string[] = [];
  const strings = (v: unknown): void => {
    if (typeof v === 'string') out.push(v, ...v.split('\n'));
    else if (v && typeof v === 'object') Object.values(v).forEach(strings);
  };
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.cases.json')) strings(JSON.parse(readFileSync(join(d, e.name), 'utf8')));
    }
  };
  walk(join(ROOT, 'rules'));
  return out;
}

