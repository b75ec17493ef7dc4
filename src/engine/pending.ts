// Whether any rule could read facts that are not collected yet (`pending`), given every other fact:
// each fact leaf on a pending path is taken as unknown and the rule's condition evaluated three-valued;
// a rule that is false then is false whatever those facts turn out to be (Kleene: a false `all` has a
// false child that reads none of them; a false `any` has every child false; `not` keeps unknown).
// Used to skip a costly collection (the listeners' processes, src/collectors/env/owners.ts).
// Not strictly pure: which bodies it reads depends on the rule loader's state (isParsed: a bundle
// rule not parsed yet is judged by its sources), and a paste condition it evaluates spends the
// paste's shared regex budget (the same as evaluate() would; a small paste only, see below).
import type { Condition, FactSource, Facts, Rule } from '../types.js';
import { isParsed } from '../rules/lazy.js';
import { evalCondition, isSmallPaste } from './conditions.js';
import { sourcesOf } from './evaluate.js';

/** A leaf whose source is never collected: always unknown (`ifUnknown` left at its `skip` default). */
const UNKNOWN: Condition = { fact: { path: '\u0000pending', op: 'exists' } };

/** The condition with every fact leaf on a pending path replaced by UNKNOWN; null when it has none. */
function withPendingUnknown(c: Condition, pending: (path: string) => boolean): Condition | null {
  if ('fact' in c) return pending(c.fact.path) ? UNKNOWN : null;
  const list = 'all' in c ? c.all : 'any' in c ? c.any : 'not' in c ? [c.not] : undefined;
  if (!list) return null;
  const mapped = list.map((x) => withPendingUnknown(x, pending));
  if (mapped.every((x) => x === null)) return null;
  const kids = mapped.map((x, i) => x ?? list[i]!);
  return 'all' in c ? { all: kids } : 'any' in c ? { any: kids } : { not: kids[0]! };
}

function hasFixedAfter(c: Condition): boolean {
  if ('fixedAfter' in c || 'standsDown' in c) return true;
  const list = 'all' in c ? c.all : 'any' in c ? c.any : 'not' in c ? [c.not] : [];
  return list.some(hasFixedAfter);
}

/**
 * True when some rule reads a pending path (in `when` or `bind`) and is not false with those facts
 * unknown, or when that cannot be told without touching the engine's per-paste state (a paste large
 * enough for the pass over every rule's literals, which evaluate() makes first; a `fixedAfter`, which
 * reads the conditions before it). The pending paths lie in `source`: a bundle rule whose body is not
 * parsed yet is read only when it requires that source (each built-in reader does: test/env/owners.test.ts),
 * so the other bodies stay unread (reading them all costs more than the walk this saves).
 */
export function mayReadPending(rules: readonly Rule[], facts: Facts, source: FactSource, pending: (path: string) => boolean): boolean {
  const small = !facts.paste || isSmallPaste(facts.paste);
  for (const r of rules) {
    if (!isParsed(r) && !sourcesOf(r).includes(source)) continue;
    const when = withPendingUnknown(r.when, pending);
    const bound = Object.values(r.bind ?? {}).some(pending);
    if (!when && !bound) continue;
    if (!small || hasFixedAfter(r.when)) return true;
    if (evalCondition(when ?? r.when, facts).truth !== false) return true;
  }
  return false;
}
