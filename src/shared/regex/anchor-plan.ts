// What choosing a huge log's anchors reads of each rule, precomputed at build time (issue #13, the
// set-up of a log over 2 MB). deriveAnchors walks only the `all`/`any`/`paste` skeleton of a rule's
// `when` (a `not`, fact or version leaf needs nothing and keeps nothing): the build stores that
// skeleton per rule, its paste matchers numbered in one list, in the rules bundle
// (scripts/bundle-rules.mjs), so a large input's set-up parses no rule body (~45 ms of it did).
// The input-dependent part (the literals' rates on the sample) is still chosen at run time, by the
// same deriveAnchors over the skeletons.
import type { Condition, PasteMatcher, Rule } from '../../types.js';
import { matcherKey } from './matcher-key.js';
import { annotatePaste } from './annotate.js';
import { packExclusions, restoreExclusion } from './exclusion-pack.js';

/** A skeleton node: a matcher's number, null (needs nothing), or [0 = all | 1 = any, ...children]. */
export type PlanNode = number | null | [0 | 1, ...PlanNode[]];

/**
 * The bundle's part: the paste matchers (first of each key, walk order) with only what choosing reads
 * (their key, and the cover the build attached: made from the numbered literals instead, the choice
 * took ~30 ms more), and per rule its skeleton. A matcher's whole object (its linear-time rewrite, cover…,
 * ~1 MB for all: parsing it was ~8 ms) is another part, `full`, read when the scan first tests a line
 * with it: matcher i is full[at[i] .. at[i + 1] - 1] (a comma or the closing bracket follows each).
 */
export interface AnchorPlan {
  /** The rules' content hash the plan was built for (the bundle index's contentHash). */
  contentHash: string;
  matchers: Array<Pick<PasteMatcher, 'regex' | 'contains' | 'caseSensitive' | 'notOnLine' | 'cover'>>;
  at: number[];
  rules: PlanNode[];
}

/** The skeleton of a condition (build time): subtrees with no paste matcher outside a `not` become null. */
export function planNode(c: Condition, number: (m: PasteMatcher) => number): PlanNode {
  if ('paste' in c) return number(c.paste);
  if (!('all' in c) && !('any' in c)) return null;
  const kids = ('all' in c ? c.all : c.any).map((x) => planNode(x, number));
  return kids.every((k) => k === null) ? null : ['all' in c ? 0 : 1, ...kids];
}

/** Text as the rules bundle holds it: ASCII only, every other character a \uXXXX escape (in JSON strings, the same text). */
export const toAscii = (s: string): string => s.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The plan of a rule set and its `full` part's JSON, as the bundle writes them (build time). */
export function anchorPlan(rules: Rule[], contentHash: string): { plan: AnchorPlan; full: string } {
  const matchers: PasteMatcher[] = [];
  const byKey = new Map<string, number>();
  const number = (m: PasteMatcher): number => {
    const k = matcherKey(m);
    let i = byKey.get(k);
    if (i === undefined) byKey.set(k, (i = matchers.push(m) - 1));
    return i;
  };
  const skeletons = rules.map((r) => planNode(r.when, number));
  const texts = matchers.map((m) => toAscii(JSON.stringify(m, packExclusions)));
  const at = [1];
  for (const t of texts) at.push(at.at(-1)! + t.length + 1);
  const lean = matchers.map((m) => ({ ...(m.regex !== undefined ? { regex: m.regex } : { contains: m.contains }), ...(m.caseSensitive !== undefined ? { caseSensitive: m.caseSensitive } : {}), ...(m.notOnLine !== undefined ? { notOnLine: m.notOnLine } : {}), ...(m.cover ? { cover: m.cover } : {}) }));
  return { plan: { contentHash, matchers: lean, at, rules: skeletons }, full: `[${texts.join(',')}]` };
}

// A leaf that needs and keeps nothing (deriveAnchors: neither paste, all nor any).
const NOTHING: Condition = { not: { all: [] } };

/** The condition a skeleton stands for, as deriveAnchors reads it (matchers shared between rules); throws on a node of no known shape. */
export function planCondition(n: PlanNode, matchers: readonly PasteMatcher[]): Condition {
  if (n === null) return NOTHING;
  if (typeof n === 'number') {
    const m = matchers[n];
    if (typeof m !== 'object' || m === null) throw new Error('anchor plan: no such matcher');
    return { paste: m };
  }
  if (!Array.isArray(n) || (n[0] !== 0 && n[0] !== 1)) throw new Error('anchor plan: bad node');
  const kids = n.slice(1).map((k) => planCondition(k as PlanNode, matchers));
  return n[0] === 0 ? { all: kids } : { any: kids };
}

/**
 * The loader's reader of a bundle's plan: rule i's skeleton as a condition, the part parsed on first
 * ask. undefined (the rule's body is read instead) when the part is damaged or was built for other
 * rules than the index's (`contentHash`, the rule count). The skeletons' matchers are lean: each is
 * registered with a reader of its whole object from the `full` part (fullMatcher): `readFull(from, to)`
 * gives characters [from, to) of that part, read when a scan first tests a line with that matcher —
 * ~25 of its matchers (~90 KB) on a 200 MB log, where reading the whole 1.6 MB part (twice: once for
 * the set-up, again after the collection took it) left ~6 MB of buffers and strings in malloc's heap
 * for the evaluation's peak (issue #13, notes/perf.md Round 31e).
 * The parsed plan is held weakly: nothing needs it once a large input's anchors are chosen, and a
 * 200 MB log's peak memory is reached later, in the evaluation (a collection may take it; it is read
 * again if asked again).
 */
export function planReader(read: () => unknown, readFull: (from: number, to: number) => string, count: number, contentHash: string | undefined): (i: number) => Condition | undefined {
  type Parsed = { plan: AnchorPlan; made: Map<number, Condition | null> };
  let damaged = false;
  let held: WeakRef<Parsed> | undefined;
  const load = (): Parsed | undefined => {
    try {
      const p = read() as AnchorPlan | null;
      const ok = p && typeof p === 'object' && contentHash !== undefined && p.contentHash === contentHash && Array.isArray(p.matchers) && Array.isArray(p.rules) && p.rules.length === count;
      if (!ok || !Array.isArray(p.at) || p.at.length !== p.matchers.length + 1) return undefined;
      p.matchers.forEach((m, i) => {
        if (typeof m !== 'object' || m === null) return;
        const from = p.at[i]!;
        const to = p.at[i + 1]! - 1;
        let whole: PasteMatcher | undefined;
        full.set(m, () => (whole ??= wholeMatcher(m, () => JSON.parse(readFull(from, to)))));
      });
      return { plan: p, made: new Map() };
    } catch {
      return undefined;
    }
  };
  return (i) => {
    if (damaged) return undefined;
    let h = held?.deref();
    if (!h) {
      h = load();
      if (!h) {
        damaged = true;
        return undefined;
      }
      held = new WeakRef(h);
    }
    let c = h.made.get(i);
    if (c === undefined) {
      try {
        c = planCondition(h.plan.rules[i]!, h.plan.matchers);
      } catch {
        c = null;
      }
      h.made.set(i, c);
    }
    return c ?? undefined;
  };
}

/**
 * The whole matcher read for a lean one: the part's object when it has the same key; when the part is
 * damaged (unparsable, another key — also a bundle replaced on disk under a long-running process, read
 * again at the old offsets) the lean one analysed at run time as a user rule's is (annotate.ts), never
 * another matcher and never an error: the same answer, only slower to set up.
 */
function wholeMatcher(lean: PasteMatcher, read: () => unknown): PasteMatcher {
  let w: PasteMatcher | undefined;
  try {
    w = read() as PasteMatcher;
  } catch {
    w = undefined;
  }
  if (typeof w === 'object' && w !== null && matcherKey(w) === matcherKey(lean)) {
    // Stored without its exclusion's regex (exclusion-pack.ts).
    restoreExclusion(w);
    return w;
  }
  const made = { ...lean };
  annotatePaste(made);
  return made;
}

/** Lean matchers of a plan and how to read their whole object. */
const full = new WeakMap<PasteMatcher, () => PasteMatcher>();

/** A matcher's whole object: a plan's lean matcher is read from the bundle on first ask; any other is itself. */
export function fullMatcher(m: PasteMatcher): PasteMatcher {
  const f = full.get(m);
  return f ? f() : m;
}

/** Per built-in rule, its skeleton as a condition while its body is unread (the loader's, from the bundle). */
const preset = new WeakMap<Rule, () => Condition | undefined>();

export function presetAnchorWhen(rule: Rule, known: () => Condition | undefined): void {
  preset.set(rule, known);
}

/** What deriveAnchors reads of a rule: its preset skeleton, or the rule itself (user rules, parsed bodies). */
export function anchorView(rule: Rule): Pick<Rule, 'id' | 'when'> {
  const when = preset.get(rule)?.();
  return when ? { id: rule.id, when } : rule;
}
