// The rules that once lived in a fact-source folder (`config/`, `probe/`, …): they still answer to
// that area through rules/renamed.json, before and after their move to rules/<category>/.
import { loadBuiltinRules } from '../../src/rules/load.js';
import { idMatcher } from '../../src/rules/renamed.js';
import type { Rule } from '../../src/types.js';

export async function rulesOfArea(area: string): Promise<Rule[]> {
  const match = idMatcher(`${area}/`);
  return (await loadBuiltinRules()).filter((r) => match(r.id));
}

export const isProbeRule = (id: string): boolean => idMatcher('probe/')(id);
