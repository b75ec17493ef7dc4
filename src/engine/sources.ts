// Which fact sources a rule cannot do without, worked out from its conditions: a source is required
// when no assignment of the other conditions makes `when` true while that source is missing
// (three-valued logic, as the engine evaluates it). The engine skips a rule up front when a required
// source was not collected; rule files no longer declare it (a declaration drifted from what the
// conditions read in 24 rules).
import type { Condition, FactSource } from '../types.js';

type Truth = 'T' | 'F' | 'U';
const SOURCES: readonly FactSource[] = ['paste', 'config', 'probe', 'env', 'flags'];

const AND: Record<string, Truth> = { TT: 'T', TF: 'F', TU: 'U', FT: 'F', FF: 'F', FU: 'F', UT: 'U', UF: 'F', UU: 'U' };
const OR: Record<string, Truth> = { TT: 'T', TF: 'T', TU: 'T', FT: 'T', FF: 'F', FU: 'U', UT: 'T', UF: 'U', UU: 'U' };
const NOT: Record<Truth, Truth> = { T: 'F', F: 'T', U: 'U' };

function unknownAs(mode: 'true' | 'false' | 'skip' | undefined): Set<Truth> {
  return new Set<Truth>([mode === 'true' ? 'T' : mode === 'false' ? 'F' : 'U']);
}

function combine(sets: Array<Set<Truth>>, table: Record<string, Truth>): Set<Truth> {
  let acc = sets[0]!;
  for (const next of sets.slice(1)) {
    const out = new Set<Truth>();
    for (const a of acc) for (const b of next) out.add(table[a + b]!);
    acc = out;
  }
  return acc;
}

/** The truth values `c` can take when `missing` was not collected (everything else free). */
function possible(c: Condition, missing: FactSource): Set<Truth> {
  if ('all' in c) return combine(c.all.map((x) => possible(x, missing)), AND);
  if ('any' in c) return combine(c.any.map((x) => possible(x, missing)), OR);
  if ('not' in c) return new Set([...possible(c.not, missing)].map((t) => NOT[t]));
  if ('paste' in c) return missing === 'paste' ? new Set<Truth>(['U']) : new Set<Truth>(['T', 'F']);
  if ('fact' in c) return c.fact.path.split('.')[0] === missing ? unknownAs(c.fact.ifUnknown) : new Set<Truth>(['T', 'F']);
  if ('fixedAfter' in c || 'standsDown' in c) return missing === 'paste' ? new Set<Truth>(['U']) : new Set<Truth>(['T', 'F']);
  return new Set<Truth>(['T', 'F', ...unknownAs(c.version.ifUnknown)]);
}

/** Sources without which the rule can never fire (version is never one: the engine judges it per condition). */
export function requiredSources(when: Condition): FactSource[] {
  return SOURCES.filter((s) => !possible(when, s).has('T'));
}
