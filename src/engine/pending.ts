// Whether any rule could FIRE reading facts that are not collected yet (`pending`), given every other
// fact: a three-valued "possible truths" evaluation of its condition. A fact leaf on a pending path may
// turn out true, false or unknown; every other leaf has the one truth evalCondition gives it now (a
// source not collected this run, e.g. the probe under --no-probe, stays unknown); `not` swaps true and
// false; `all`/`any` combine the sets by Kleene's and/or. Only a rule whose set holds `true` needs the
// facts: one that can only end false or unknown (pass or skip) is reported without them (skip, its
// missing facts named: src/collectors/env/owners.ts skipListenerOwners), never as passed.
// Used to skip a costly collection (the listeners' processes, src/collectors/env/owners.ts).
// Not strictly pure: which bodies it reads depends on the rule loader's state (isParsed: a bundle
// rule not parsed yet is judged by its sources), and a paste condition it evaluates spends the
// paste's shared regex budget (the same as evaluate() would; a small paste only, see below).
import type { Condition, FactSource, Facts, Rule } from '../types.js';
import { isParsed } from '../rules/lazy.js';
import { evalCondition, isSmallPaste } from './conditions.js';
import { sourcesOf } from './evaluate.js';

// Sets of truths as bits.
const T = 1;
const F = 2;
const U = 4;
const ANY = T | F | U;

/** Kleene's `and` over every pair drawn from two sets of possible truths. */
function andSets(a: number, b: number): number {
  let r = 0;
  if (a & T && b & T) r |= T;
  if (a & F || b & F) r |= F;
  if ((a & U && b & (T | U)) || (b & U && a & (T | U))) r |= U;
  return r;
}

/** Kleene's `or` over every pair drawn from two sets of possible truths. */
function orSets(a: number, b: number): number {
  let r = 0;
  if (a & T || b & T) r |= T;
  if (a & F && b & F) r |= F;
  if ((a & U && b & (F | U)) || (b & U && a & (F | U))) r |= U;
  return r;
}

/** Whether some node of the condition (itself, or one under its all / any / not) answers `hit`. */
function someNode(c: Condition, hit: (c: Condition) => boolean): boolean {
  if (hit(c)) return true;
  const list = 'all' in c ? c.all : 'any' in c ? c.any : 'not' in c ? [c.not] : [];
  return list.some((x) => someNode(x, hit));
}

/** Whether the condition reads a pending path. */
const readsPending = (c: Condition, pending: (path: string) => boolean): boolean => someNode(c, (x) => 'fact' in x && pending(x.fact.path));

/** Whether the condition reads a pending path or the conditions before it (fixedAfter, standsDown). */
const needsSets = (c: Condition, pending: (path: string) => boolean): boolean =>
  someNode(c, (x) => ('fact' in x && pending(x.fact.path)) || 'fixedAfter' in x || 'standsDown' in x);

/**
 * The truths the condition may have once the pending facts are known (each pending leaf any of the
 * three, independently: a superset, never a miss). A subtree reading no pending path is evaluated as
 * the engine would; a fixedAfter/standsDown, which reads the conditions before it, may be anything.
 */
function possibleTruths(c: Condition, facts: Facts, pending: (path: string) => boolean, missing?: string[]): number {
  if ('fixedAfter' in c || 'standsDown' in c) return ANY;
  if ('fact' in c && pending(c.fact.path)) return ANY;
  if (!needsSets(c, pending)) {
    const r = evalCondition(c, facts);
    if (r.truth === 'unknown') missing?.push(...r.missing);
    return r.truth === true ? T : r.truth === false ? F : U;
  }
  if ('not' in c) {
    const s = possibleTruths(c.not, facts, pending, missing);
    return (s & U) | (s & T ? F : 0) | (s & F ? T : 0);
  }
  if ('all' in c) {
    let s = T;
    for (const x of c.all) if ((s = andSets(s, possibleTruths(x, facts, pending, missing))) === F) break;
    return s;
  }
  let s = F;
  for (const x of (c as { any: Condition[] }).any) if ((s = orSets(s, possibleTruths(x, facts, pending, missing))) === T) break;
  return s;
}

/**
 * True when some rule reads a pending path (in `when` or `bind`) and may fire once those facts are known
 * (the other facts as they are), or when that cannot be told without touching the engine's per-paste
 * state (a paste large enough for the pass over every rule's literals, which evaluate() makes first).
 * A rule that can only end pass or skip reads nothing it needs: its `bind` fills a message never shown.
 * The pending paths lie in `source`: a bundle rule whose body is not parsed yet is read only when it
 * requires that source (each built-in reader does: test/env/owners.test.ts), so the other bodies stay
 * unread (reading them all costs more than the walk this saves).
 */
export function mayReadPending(rules: readonly Rule[], facts: Facts, source: FactSource, pending: (path: string) => boolean): boolean {
  const small = !facts.paste || isSmallPaste(facts.paste);
  for (const r of rules) {
    if (!isParsed(r) && !sourcesOf(r).includes(source)) continue;
    if (!readsPending(r.when, pending) && !Object.values(r.bind ?? {}).some(pending)) continue;
    if (!small) return true;
    if (possibleTruths(r.when, facts, pending) & T) return true;
  }
  return false;
}

/**
 * When mayReadPending said no: the rules that read a pending path and may still end unknown once those
 * facts are known (never true), each with the other facts that keep them from firing (e.g. `probe`
 * under --no-probe). Evaluated without the pending facts (absent, so false) such a rule could end
 * `pass`, which it was not shown to: the caller reports it as skipped instead (src/commands/pipeline.ts).
 */
export function undecidedWithoutPending(rules: readonly Rule[], facts: Facts, source: FactSource, pending: (path: string) => boolean): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rules) {
    if (!isParsed(r) && !sourcesOf(r).includes(source)) continue;
    if (!readsPending(r.when, pending)) continue;
    const missing: string[] = [];
    if (possibleTruths(r.when, facts, pending, missing) & U) out.set(r.id, [...new Set(missing)]);
  }
  return out;
}
