// Old rule ids keep working: `rules/renamed.json` (written by scripts/codemods/move-rules.mjs) maps
// every id a rule once had to the id it has now, so a user's --only/--skip, `explain`, a --rules
// override or an OpenClaw health-check allowlist written against an old id still names the rule.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkgPath } from '../shared/paths.js';

/** Files at the top of a rules directory that are catalogue data, not rules. */
export const RULES_META_FILES: readonly string[] = ['renamed.json', 'causes.json'];

/** Where the table lives (a function: pkgPath resolves the package root on first use). */
export const renamedFile = (): string => join(pkgPath('rules'), 'renamed.json');

interface RenamedTable {
  /** old id → current id (chains already collapsed by the codemod). */
  renamed: Record<string, string>;
}

let table: { forward: Map<string, string>; backward: Map<string, string[]> } | undefined;

function load(): NonNullable<typeof table> {
  if (table) return table;
  const file = renamedFile();
  const data: RenamedTable = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RenamedTable) : { renamed: {} };
  const forward = new Map(Object.entries(data.renamed));
  const backward = new Map<string, string[]>();
  for (const [old, now] of forward) backward.set(now, [...(backward.get(now) ?? []), old]);
  table = { forward, backward };
  return table;
}

/** The current id of a rule named by any id it ever had. */
export function currentRuleId(id: string): string {
  return load().forward.get(id) ?? id;
}

/** Every earlier id of a rule (empty for a rule never renamed). */
export function formerRuleIds(id: string): readonly string[] {
  return load().backward.get(id) ?? [];
}

/**
 * `pairing/pairing-required` exact, or a whole area with `pairing/` or `pairing/*`. A rule also
 * answers to the ids it had before a rename: a rule moved out of `config/` still matches `config/`
 * and its old full id.
 */
export function idMatcher(pattern: string): (id: string) => boolean {
  const p = pattern.trim();
  const one = (id: string): boolean => (p.endsWith('/*') || p.endsWith('/') ? id.startsWith(p.replace(/\*$/, '')) : id === p);
  return (id) => one(id) || formerRuleIds(id).some(one);
}
