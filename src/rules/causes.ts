// The cause registry (`rules/causes.json`): every id a rule may name in `cause`. Rules with one cause
// are reported once (the best-ranked wins, src/engine/evaluate.ts), so a cause spelled two ways
// silently reports one problem twice; the registry makes each cause one id with one meaning.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES, type Rule } from '../types.js';

export interface CauseEntry {
  /** The category the cause belongs to; the id starts with it (`trusted-proxy/…`). */
  area: string;
  description: string;
  /** Registered before any rule uses it (otherwise an unused cause is an error). */
  reserved?: boolean;
}

export type CauseRegistry = Record<string, CauseEntry>;

export function readCauseRegistry(rulesDir: string): CauseRegistry | undefined {
  const file = join(rulesDir, 'causes.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { causes: CauseRegistry }).causes : undefined;
}

/**
 * A rule naming an unregistered cause; a registered cause no rule uses (unless reserved); an entry
 * whose id does not start with its area, whose area is not a category, or that is also a rule id
 * (a cause is not a rule: the rules sharing it each say so).
 */
export function causeProblems(rules: readonly Rule[], registry: CauseRegistry, file: string): Array<{ file: string; message: string }> {
  const problems: Array<{ file: string; message: string }> = [];
  const ids = new Set(rules.map((r) => r.id));
  const used = new Set<string>();
  for (const r of rules) {
    if (r.cause === undefined) continue;
    used.add(r.cause);
    if (!registry[r.cause]) problems.push({ file: r.file ?? r.id, message: `cause ${r.cause} is not registered in rules/causes.json (add it with its area and a one-line description, or use a registered cause)` });
  }
  for (const [id, c] of Object.entries(registry)) {
    if (!(CATEGORIES as readonly string[]).includes(c.area)) problems.push({ file, message: `cause ${id}: area ${c.area} is not a category` });
    else if (!id.startsWith(`${c.area}/`)) problems.push({ file, message: `cause ${id} must start with its area (${c.area}/)` });
    if (ids.has(id)) problems.push({ file, message: `cause ${id} is also a rule id (give the cause its own name)` });
    if (!used.has(id) && !c.reserved) problems.push({ file, message: `cause ${id} is used by no rule (remove it, or mark it "reserved": true)` });
    if (used.has(id) && c.reserved) problems.push({ file, message: `cause ${id} is marked reserved but rules use it (drop "reserved")` });
  }
  return problems;
}
