// Which rules run: the built-in catalogue plus --rules dirs, narrowed by --only / --skip.
import { resolve } from 'node:path';
import { loadBuiltinRules, loadValidated } from '../rules/load.js';
import type { Rule } from '../types.js';
import type { RuleCacheOptions } from '../rules/loader-cache.js';
import { currentRuleId, idMatcher } from '../rules/renamed.js';

/** Bad flags or arguments: exit 2 with a one-line reason. */
// Defined below every layer (collectors throw it too); re-exported for the commands.
export { UsageError } from '../shared/errors.js';
import { UsageError } from '../shared/errors.js';

export async function loadRuleSet(extraDirs: string[], cache?: RuleCacheOptions): Promise<Rule[]> {
  const builtin = await loadBuiltinRules();
  if (!extraDirs.length) return builtin;
  // Validated once per content of each directory, then read from the cache (src/rules/loader-cache.ts).
  const { loadUserDir } = await import('../rules/loader-cache.js');
  const extra = await loadValidated(
    extraDirs.map((d) => resolve(d)),
    (d) => loadUserDir(d, cache),
  );
  // A user rule with a built-in id (or one it had before a rename) replaces it: that is how a
  // team overrides a rule locally.
  const overridden = new Set(extra.map((e) => currentRuleId(e.id)));
  return [...builtin.filter((r) => !overridden.has(r.id)), ...extra];
}


function splitList(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function selectRules(rules: Rule[], only: string[], skip: string[]): Rule[] {
  const onlyList = splitList(only);
  const skipList = splitList(skip);
  for (const p of [...onlyList, ...skipList]) {
    if (!rules.some((r) => idMatcher(p)(r.id))) throw new UsageError(`no rule matches ${JSON.stringify(p)} (see: clawkit-doctor rules list)`);
  }
  return rules.filter((r) => (onlyList.length === 0 || onlyList.some((p) => idMatcher(p)(r.id))) && !skipList.some((p) => idMatcher(p)(r.id)));
}
