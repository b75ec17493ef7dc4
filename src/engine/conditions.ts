// Three-valued evaluation of a rule's `when` tree. A condition over a fact source that was not
// collected is `unknown`, so "could not check" never looks like "checked and fine" (or "broken").
// Over ~300 lines on purpose: every condition kind's three-valued evaluation sits in one switch, so a new kind cannot forget the `unknown` case.
import type { Condition, Evidence, FactMatcher, Facts, LineRef, PasteMatcher, Rule, StandsDownMatcher, StoryDenial, VersionMatcher } from '../types.js';
import { isSmallText, LiteralSet, LITERAL_SEARCH_MAX_CHARS, textsHoldEach } from './literal-set.js';
import { compareOrEqual, isCalVer, satisfies } from '../shared/version/calver.js';
import { ruleCoverLiterals } from './cover-literals.js';
import { configPointer, resolvePath, splitPath } from './paths.js';
import { excludedOnLine, execLine, linePeriod, rereadLine } from '../shared/regex/exec.js';
import { literalPrefix } from '../shared/regex/period.js';
import { presetPlaces, windowLine } from '../shared/regex/window.js';
import { budgetFor } from '../shared/regex/budget.js';
import { matcherKey } from '../shared/regex/matcher-key.js';
import { sameJson } from '../shared/json/equal.js';
import type { LiteralWalk } from '../shared/literals/positions.js';
import { storyWords, type ClauseList, type StoryWords } from '../shared/story-words.js';

export type Truth = true | false | 'unknown';

export interface CondResult {
  truth: Truth;
  evidence: Evidence[];
  captures: Record<string, string>;
  /** Facts that were needed but not available (for `skip` results). */
  missing: string[];
  /** True: held only because a version condition naming releases held by its `ifUnknown: "true"` default on the path that made it true. */
  assumed?: boolean;
}

const MAX_EVIDENCE_PER_MATCHER = 3;

function result(truth: Truth, evidence: Evidence[] = [], captures: Record<string, string> = {}, missing: string[] = []): CondResult {
  return { truth, evidence, captures, missing };
}

/** What a `fixedAfter` reads: the conditions before it in its `all` (outer ones too) and the evidence they gave. */
interface Before {
  conds: readonly Condition[];
  evidence: readonly Evidence[];
}

export function evalCondition(cond: Condition, facts: Facts, before?: Before): CondResult {
  if ('all' in cond) return evalAll(cond.all, facts, before);
  if ('any' in cond) return evalAny(cond.any, facts, before);
  if ('not' in cond) {
    const inner = evalCondition(cond.not, facts, before);
    // Evidence under `not` explains why something is absent; it is not evidence for the finding.
    const truth: Truth = inner.truth === 'unknown' ? 'unknown' : !inner.truth;
    return result(truth, [], {}, inner.missing);
  }
  if ('paste' in cond) return evalPaste(cond.paste, facts);
  if ('fact' in cond) return evalFact(cond.fact, facts);
  if ('version' in cond) return evalVersion(cond.version, facts);
  if ('fixedAfter' in cond) return evalFixedAfter(facts, before);
  if ('standsDown' in cond) return evalStandsDown(cond.standsDown, facts, before);
  throw new Error(`unknown condition: ${JSON.stringify(cond)}`);
}

function evalAll(children: Condition[], facts: Facts, outer?: Before): CondResult {
  const out = result(true);
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    // Only a fixedAfter reads what came before it; other conditions get the outer context unchanged.
    const r = evalCondition(child, facts, readsBefore(child) ? { conds: [...(outer?.conds ?? []), ...children.slice(0, i)], evidence: [...(outer?.evidence ?? []), ...out.evidence] } : outer);
    if (r.truth === false) return result(false, [], {}, []);
    if (r.truth === 'unknown') {
      out.truth = 'unknown';
      out.missing.push(...r.missing);
    }
    if (r.assumed) out.assumed = true;
    out.evidence.push(...r.evidence);
    Object.assign(out.captures, withoutOverwrite(out.captures, r.captures));
  }
  return out;
}

function evalAny(children: Condition[], facts: Facts, before?: Before): CondResult {
  const out = result(false);
  let sawUnknown = false;
  // Assumed only when every branch that held was: one held without the default decides.
  let assumed = true;
  for (const child of children) {
    const r = evalCondition(child, facts, before);
    if (r.truth === true) {
      out.truth = true;
      assumed &&= r.assumed === true;
      out.evidence.push(...r.evidence);
      Object.assign(out.captures, withoutOverwrite(out.captures, r.captures));
    } else if (r.truth === 'unknown') {
      sawUnknown = true;
      out.missing.push(...r.missing);
    }
  }
  if (out.truth !== true && sawUnknown) out.truth = 'unknown';
  if (out.truth === true) {
    out.missing = [];
    if (assumed) out.assumed = true;
  }
  return out;
}

const readsBeforeMemo = new WeakMap<Condition, boolean>();
/** Whether a fixedAfter sits in this subtree (memoised: rule trees are built once). */
function readsBefore(c: Condition): boolean {
  let r = readsBeforeMemo.get(c);
  if (r === undefined) {
    r = 'fixedAfter' in c || 'standsDown' in c || ('all' in c && c.all.some(readsBefore)) || ('any' in c && c.any.some(readsBefore)) || ('not' in c && readsBefore(c.not));
    readsBeforeMemo.set(c, r);
  }
  return r;
}

/** The paste matchers of conditions that must hold (not under `not`): the failure's own patterns. */
function failureMatchers(conds: readonly Condition[]): PasteMatcher[] {
  const out: PasteMatcher[] = [];
  const visit = (c: Condition): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('paste' in c) out.push(c.paste);
  };
  conds.forEach(visit);
  return out;
}

/**
 * How a fix was done, right after its statement, and whether it held (Round 34d: the words are the story lexicon's
 * `MEANS_LISTS`, lexicon/story/<language>.json; the frames are structure and stay here). `means`: a means word opening
 * the clause up to the next clause stop (`,` `;` `.` `!` `?` or a `meansEnd` turn: "but"); in zh/ja the means comes
 * before the statement (通过…解决了), so nothing follows it. `undone`: a word saying the fix did not hold, or turning
 * against it — a means clause carrying one tells the failure again. `worksAgain`: working again ("and it works again",
 * "funciona de novo") is the fix holding, not an undo word (not after a `workingNot` negation).
 */
type MeansRegexes = Record<'means' | 'undone' | 'worksAgain', RegExp>;
const meansCache = new WeakMap<StoryWords, MeansRegexes>();
export function meansRegexes(words: StoryWords = storyWords()): MeansRegexes {
  const cached = meansCache.get(words);
  if (cached) return cached;
  const w = (l: ClauseList): string => words.clause[l];
  const re: MeansRegexes = {
    means: new RegExp(`^\\s{0,3}(?:${w('means')})\\b[^,;.!?\\n]{0,200}?(?=[,;.!?]|${w('meansEnd')}|$)`, 'iu'),
    undone: new RegExp(`(?<![\\p{L}\\p{N}])(?:${w('meansUndone')})(?![\\p{L}\\p{N}])`, 'iu'),
    worksAgain: new RegExp(`(?<!${w('workingNot')})(?<![\\p{L}\\p{N}])(?:${w('working')})\\s{1,3}(?:${w('again')})(?![\\p{L}\\p{N}])`, 'giu'),
  };
  meansCache.set(words, re);
  return re;
}
/** The text after a fix statement less its means clause, unless that clause carries an undo word (then all of it). */
export function meansRest(after: string, words: StoryWords = storyWords()): string {
  const re = meansRegexes(words);
  const means = re.means.exec(after)?.[0];
  return means !== undefined && !re.undone.test(means.replace(re.worksAgain, ' ')) ? after.slice(means.length) : after;
}

/** Words around a named fix's subject ("fixed the port now" names the port). */
const FUNCTION_WORDS = new Set(['the', 'my', 'our', 'a', 'an', 'this', 'that', 'in', 'on', 'with', 'by', 'for', 'and', 'of', 'to', 'now', 'finally', 'too', 'also', 'all', 'but', 'then', 'so']);
/** Head nouns common to every gateway failure: a fix naming one of them ("fixed the gateway config") names nothing in particular. */
const NAMES_NOTHING = new Set(['it', 'everything', 'issue', 'problem', 'error', 'bug', 'thing', 'gateway', 'openclaw', 'config', 'configuration', 'service', 'server', 'setup', 'install', 'installation', 'one']);
const stem = (w: string): string => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w);

/**
 * Whether the fix statement is about this failure: a statement naming nothing ("fixed it", "works now", "fixed the
 * gateway") is; one naming a subject is when its head noun (its last word: "the gateway port" names the port, review26c
 * item 1) starts a word of the failure's lines; otherwise we cannot tell, and the rule does not stand down.
 */
function namesFailure(what: string | undefined, texts: readonly string[]): boolean {
  const named = (what ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((x) => x.length >= 2);
  while (named.length && FUNCTION_WORDS.has(named[named.length - 1]!)) named.pop();
  const head = named.length ? stem(named[named.length - 1]!) : undefined;
  if (head === undefined || NAMES_NOTHING.has(head) || head.length < 3) return true;
  const words = new Set(texts.flatMap((t) => t.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
  return [...words].some((w) => w.startsWith(head));
}

/**
 * `fixedAfter` (Round 29d): the report's story says it is fixed (paste.derived.story.resolved) after a line the
 * conditions before it matched, no later line matches their paste patterns (nor the fix line after the statement),
 * no later evidence line, and a named fix names this failure. Unknown without a paste; false outside an `all`.
 */
function evalFixedAfter(facts: Facts, before: Before | undefined): CondResult {
  const paste = facts.paste;
  if (!paste) return result('unknown', [], {}, ['paste']);
  // The derive stage drops `resolved` when the text is a pull request's or a tracking issue's claim (derive/index.ts).
  const fixed = paste.derived?.story?.resolved;
  if (!fixed || !before) return result(false);
  const lines = before.evidence.filter((e) => e.source === 'paste' && typeof e.line === 'number').map((e) => e.line!);
  if (lines.length === 0 || lines.some((n) => n > fixed.line)) return result(false);
  const said = paste.kept.find((l) => l.line === fixed.line);
  if (!said) return result(false);
  const matchers = failureMatchers(before.conds);
  const budget = budgetFor(paste);
  const holds = (m: PasteMatcher, line: number, text: string): boolean => {
    if (m.regex === undefined) return containsIn(m, text);
    return !!execLine(m, { line, text }, budget) && !sourceLineExcluded(m, paste, line);
  };
  // The failure before the statement: on an earlier line, or on its own line before it.
  const failed = lines.some((n) => n < fixed.line) || matchers.some((m) => holds(m, fixed.line, said.text.slice(0, fixed.at)));
  if (!failed) return result(false);
  // Broken again: a failure line after it (evidence keeps the first few; the patterns are run on the rest). The
  // statement's own means clause ("Fixed it by running openclaw browser extension install, …") is the fix, not the
  // failure told again (review29c r_n5: a context marker there counted as broken again).
  // Only the means itself is cut: a clause telling the failure came back ("by reinstalling — relay not running again",
  // "… though relay not running still shows", "mas … de novo") is kept whole (review30b item 1).
  const rest = meansRest(said.text.slice(fixed.end));
  if (matchers.some((m) => holds(m, fixed.line, rest))) return result(false);
  const walk = coverPass(paste)?.set.builtinWalk();
  for (const m of matchers) {
    const cand = candidateLines(m, paste) ?? paste.kept;
    if (cand.some((l) => l.line > fixed.line && holdsOn(m, l, budget, walk) && !sourceLineExcluded(m, paste, l.line, walk))) return result(false);
  }
  const texts = paste.kept.filter((l) => lines.includes(l.line)).map((l) => (l.line === fixed.line ? l.text.slice(0, fixed.at) : l.text));
  if (!namesFailure(fixed.what, texts)) return result(false);
  // A story fact's failure told again after the statement (review26c item 6: the story keeps each mention's last line).
  const story = paste.derived?.story as Record<string, ReadonlyArray<{ line: number; last?: number }> | undefined> | undefined;
  for (const e of before.evidence) {
    const dim = e.path?.startsWith('paste.derived.story.') ? e.path.split('.')[3] : undefined;
    if (dim && story?.[dim]?.some((m) => m.line === e.line && (m.last ?? 0) > fixed.line)) return result(false);
  }
  return result(true, [{ source: 'paste', line: said.line, text: said.text }]);
}

/**
 * `standsDown` (Round 32a): the one shape a rule uses to stand down on the story's shared facts instead of its own
 * alternation. True when, for the conditions before it in its `all`: `fixed` — a fix statement after their failure
 * (evalFixedAfter); `denied` — one of their paste patterns matches inside a denied span (paste.derived.story.denied,
 * "mine never said relay not running") on an evidence line, and no line any of their paste patterns matches anywhere in
 * the paste holds it outside a denied span; `quoted` — every paste evidence line and every line their paste patterns
 * match anywhere in the paste is a quoting speaker's (paste.derived.story.quoted, or the whole paste a guide: textKind).
 * Unknown without a paste; false when the conditions before it gave no paste evidence.
 */
function evalStandsDown(m: StandsDownMatcher, facts: Facts, before: Before | undefined): CondResult {
  const paste = facts.paste;
  if (!paste) return result('unknown', [], {}, ['paste']);
  if (!before) return result(false);
  const because = m.because ?? ['fixed', 'denied', 'quoted'];
  if (because.includes('fixed')) {
    const r = evalFixedAfter(facts, before);
    if (r.truth === true) return r;
  }
  const lines = [...new Set(before.evidence.filter((e) => e.source === 'paste' && typeof e.line === 'number').map((e) => e.line!))];
  if (lines.length === 0) return result(false);
  const d = paste.derived;
  // The failure matchers per condition before it, and their indexes in the flat list.
  const perCond = before.conds.map((c) => failureMatchers([c]));
  const matchers = perCond.flat();
  let next = 0;
  const groups = perCond.map((ms) => ms.map(() => next++));
  const budget = budgetFor(paste);
  // Every line a failure pattern matches anywhere in the paste (review29a item 3: not the evidence, which keeps the first few).
  const walk = coverPass(paste)?.set.builtinWalk();
  const hits = matchers.map((mm) => (candidateLines(mm, paste) ?? paste.kept).filter((l) => holdsOn(mm, l, budget, walk) && !sourceLineExcluded(mm, paste, l.line, walk)));
  // A hit lies in spans when the pattern no longer matches its line with those spans blanked (review29a items 2 and 4:
  // "mine never said X, it says X" and "The docs say X but mine shows X" keep a match outside the span).
  const inSpans = (mm: PasteMatcher, l: Paste['kept'][number], spans: readonly StoryDenial[]): boolean => {
    const own = spans.filter((x) => x.line === l.line);
    if (own.length === 0) return false;
    let text = l.text;
    for (const x of own) text = text.slice(0, x.at) + ' '.repeat(x.end - x.at) + text.slice(x.end);
    return !holdsIn(mm, l.line, text, budget);
  };
  if (because.includes('quoted')) {
    const quoted = new Set([...(d?.story?.quoted ?? []), ...(d?.heldRows ?? [])]);
    const spans = d?.story?.quotedSpans ?? [];
    const guide = d?.textKind === 'guide' && !d.heldRows?.length;
    const hitLines = new Set(hits.flat().map((l) => l.line));
    const quotedHits = matchers.every((mm, i) => hits[i]!.every((l) => quoted.has(l.line) || inSpans(mm, l, spans)));
    const quotedLines = lines.every((n) => quoted.has(n) || (hitLines.has(n) && spans.some((x) => x.line === n)));
    if (guide || (quotedHits && quotedLines)) return result(true, guide ? [] : [{ source: 'paste', line: lines[0]!, text: paste.kept.find((l) => l.line === lines[0])?.text ?? '' }]);
  }
  if (because.includes('denied')) {
    const denied = d?.story?.denied ?? [];
    if (denied.length === 0) return result(false);
    // Some failure pattern's hit on an evidence line lies in a denied span, and NO failure pattern of the rule has a
    // hit anywhere in the paste outside the denied spans (review29a item 2: a real pasted error elsewhere keeps the
    // rule, whichever pattern finds it).
    // Per condition before it (an `any` of failure texts is one): a condition with a hit in a denied span is the
    // denied failure, and every hit of its patterns must lie in denied spans; one with none (a product marker such
    // as "OpenClaw extension") only gives context.
    let deniedHit: Paste['kept'][number] | undefined;
    for (const group of groups) {
      const inside = group.map((i) => hits[i]!.filter((l) => inSpans(matchers[i]!, l, denied)));
      if (inside.every((h) => h.length === 0)) continue;
      if (group.some((i, k) => inside[k]!.length !== hits[i]!.length)) return result(false);
      deniedHit ??= inside.flat().find((l) => lines.includes(l.line));
    }
    if (deniedHit) return result(true, [{ source: 'paste', line: deniedHit.line, text: deniedHit.text }]);
  }
  return result(false);
}

function holdsIn(m: PasteMatcher, line: number, text: string, budget: ReturnType<typeof budgetFor>): boolean {
  if (m.regex === undefined) return containsIn(m, text);
  return !!execLine(m, { line, text }, budget);
}

/**
 * holdsIn on a kept line's whole text, read through the kept line itself (Round 33c): a fresh { line, text } per
 * call lower-cased the 64 KiB line, searched each chosen literal by indexOf and ran the pattern again for every
 * failure pattern and line (~60 % of evaluate() on bench-line's dense lines); rereadLine answers from the line's
 * caches and charges the budget as that fresh read did (the same answers, the budget's account included).
 */
function holdsOn(m: PasteMatcher, ln: LineRef, budget: ReturnType<typeof budgetFor>, walk: LiteralWalk | undefined): boolean {
  if (m.regex === undefined) return containsIn(m, ln.text);
  return !!rereadLine(m, ln, budget, walk);
}

function containsIn(m: PasteMatcher, text: string): boolean {
  return (m.caseSensitive ? text : text.toLowerCase()).includes(m.caseSensitive ? (m.contains ?? '') : (m.contains ?? '').toLowerCase());
}

/** First writer wins: the earliest condition in a rule names the value. */
function withoutOverwrite(existing: Record<string, string>, incoming: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(incoming)) if (!(k in existing)) out[k] = v;
  return out;
}

/**
 * Per paste: the kept lines (indexes into `kept`, ascending) holding each cover literal, lower-cased —
 * the cover pass's lists, read through its set's index (not copied into a map per paste: ~6,000
 * `Map.set`s, ~0.3 ms of a 64 KiB line's ~2 ms), then the literals searched for later.
 */
class KnownLines {
  readonly more = new Map<string, number[]>();
  constructor(readonly pass?: CoverPass) {}
  get(lit: string): number[] | undefined {
    const p = this.pass;
    const k = p ? p.set.indexOf(lit) : -1;
    return k >= 0 ? (p!.lines[k] as number[]) : this.more.get(lit);
  }
}
const linesWith = new WeakMap<object, KnownLines>();
/** Per rule list: one scanner for all its cover literals. */
const literalSets = new WeakMap<readonly Rule[], LiteralSet>();

type Paste = NonNullable<Facts['paste']>;

/** Per small paste: its kept lines, lower-cased (searched once per matcher). */
const loweredTexts = new WeakMap<object, string[]>();

function lowered(paste: Paste): string[] {
  let texts = loweredTexts.get(paste);
  if (!texts) loweredTexts.set(paste, (texts = paste.kept.map((l) => l.text.toLowerCase())));
  return texts;
}

/**
 * Whether the paste is searched literal by literal (isSmallText of its lower-cased lines). A paste
 * over that many characters before lower-casing is not, and is not lower-cased for the answer:
 * lower-casing never shortens a text (checked in test/engine/literal-set.test.ts); either way the
 * answers are the same (LiteralSet's search and automaton agree).
 */
function smallPaste(paste: Paste): boolean {
  let small = isSmall.get(paste);
  if (small === undefined) isSmall.set(paste, (small = smallUncached(paste)));
  return small;
}
const isSmall = new WeakMap<object, boolean>();
/** Whether a paste is searched matcher by matcher (no pass over every rule's literals): matching one early leaves no other state. */
export const isSmallPaste = (paste: Paste): boolean => smallPaste(paste);

function smallUncached(paste: Paste): boolean {
  let chars = 0;
  for (const l of paste.kept) if ((chars += l.text.length) > LITERAL_SEARCH_MAX_CHARS) return false;
  return isSmallText(lowered(paste));
}

function scan(set: LiteralSet, paste: Paste, places = false): number[][] {
  // A small paste reuses its lower-cased lines (made once, searched per matcher); a large one is
  // scanned as it is: its ASCII lines need no lower-cased copy (textsContainingLowered).
  if (smallPaste(paste)) return set.textsContaining(lowered(paste));
  const texts = paste.kept.map((l) => passText(l, longestOf(set)));
  // Cut lines are still scanned by the automaton: the whole line was (a literal-by-literal search of
  // ~6,000 literals costs more than the automaton on a kilobyte).
  const cut = texts.some((t, i) => t !== paste.kept[i]!.text);
  // `places`: the lines windows may read (whole, not cut) get their literals' places in the same
  // walk, rather than a second walk of each when a pattern first reads it by windows.
  const want = places ? paste.kept.map((l, i) => texts[i] === l.text && windowLine(l)) : [];
  const placed = want.includes(true) ? { want, places: [] } : undefined;
  const lists = set.textsContainingLowered(texts, cut ? -1 : LITERAL_SEARCH_MAX_CHARS, placed);
  const w = placed && set.builtinWalk();
  if (w) placed.places.forEach((p, i) => p && presetPlaces(paste.kept[i]!, w, p));
  return lists;
}

/** Per literal set: its longest literal's length. */
const longest = new WeakMap<LiteralSet, number>();

function longestOf(set: LiteralSet): number {
  let n = longest.get(set);
  if (n === undefined) longest.set(set, (n = set.literals.reduce((most, l) => Math.max(most, l.length), 0)));
  return n;
}

/**
 * A kept line as a literal search reads it: on a line that repeats a segment, the prefix holding
 * every substring as short as the longest literal (period.ts) — the same lines hold each literal.
 * Not a line with a capital sigma (lower-cased by what follows it) or a surrogate (a cut could
 * split a pair): lower-casing any other character alone is lower-casing it in the line.
 */
function passText(ln: Paste['kept'][number], most: number): string {
  const p = linePeriod(ln);
  const cut = literalPrefix(ln.text.length, p, most);
  return cut < ln.text.length && !CONTEXT_CASED.test(ln.text.slice(0, p)) ? ln.text.slice(0, cut) : ln.text;
}
const CONTEXT_CASED = /[\u03a3\ud800-\udfff]/;

/** One pass over the paste for the cover literals of every rule (evaluate() calls this first). */
export function scanCoverLiterals(rules: readonly Rule[], facts: Facts): void {
  const paste = facts.paste;
  if (!paste || linesWith.has(paste)) return;
  // A small paste is searched per matcher, for the literals of the matchers evaluated (candidateLines):
  // cheaper than gathering every rule's literals for one pass.
  if (smallPaste(paste)) {
    linesWith.set(paste, new KnownLines());
    return;
  }
  let set = literalSets.get(rules);
  if (!set) {
    const lits: string[] = [];
    for (const r of rules) lits.push(...ruleCoverLiterals(r));
    // The built-in automaton (dist/literals.bin) finds the literals it has; others get their own.
    set = new LiteralSet(lits);
    literalSets.set(rules, set);
  }
  linesWith.set(paste, new KnownLines({ set, lines: scan(set, paste, true) }));
}

/** What scanCoverLiterals found: the rule list's literal set and, per literal of it, the kept lines holding it. */
export interface CoverPass {
  set: LiteralSet;
  lines: readonly (readonly number[])[];
}

/** The pass scanCoverLiterals made over a large paste (undefined for a small one: searched per matcher). */
export function coverPass(paste: Paste): CoverPass | undefined {
  return linesWith.get(paste)?.pass;
}

/** Per literal set: its literals, for lookups. */
const setLiterals = new WeakMap<LiteralSet, Set<string>>();
/** Per literal list (a cover's, a gate table): the literal sets found to hold all of it. */
const heldBy = new WeakMap<readonly string[], WeakSet<LiteralSet>>();

/** Whether every one of `lits` is among `set`'s literals (answered once per list and set). */
function setHoldsAll(set: LiteralSet, lits: readonly string[]): boolean {
  let sets = heldBy.get(lits);
  if (sets?.has(set)) return true;
  let all = setLiterals.get(set);
  if (!all) setLiterals.set(set, (all = new Set(set.literals)));
  if (!lits.every((lit) => all.has(lit))) return false;
  if (!sets) heldBy.set(lits, (sets = new WeakSet()));
  sets.add(set);
  return true;
}

/** The kept lines holding each of `lits` (lower-case), the ones not known yet found in one pass. */
function knownLines(paste: Paste, lits: readonly string[]): KnownLines {
  let known = linesWith.get(paste);
  if (!known) linesWith.set(paste, (known = new KnownLines()));
  // The usual case: the rule list's pass found them all (checked once per list, not per paste).
  const scanned = known.pass?.set;
  if (scanned && setHoldsAll(scanned, lits)) return known;
  const missing = lits.filter((lit) => known.get(lit) === undefined);
  if (missing.length > 0) {
    const set = new LiteralSet(missing);
    const lists = scan(set, paste);
    set.literals.forEach((lit, k) => known.more.set(lit, lists[k]!));
  }
  return known;
}

/** Per matcher cover: its literals, flattened once (a rule's cover never changes). */
const coverLiterals = new WeakMap<readonly (readonly string[])[], readonly string[]>();

function literalsOf(cover: readonly (readonly string[])[]): readonly string[] {
  let lits = coverLiterals.get(cover);
  if (!lits) coverLiterals.set(cover, (lits = cover.flat()));
  return lits;
}

/**
 * Which of `lits` some kept line holds (1) or none does (0), for the rules' gates (gate.ts): found
 * as candidateLines finds them (the same search on a small paste; the literals scanned for every
 * rule, or one pass for the others, on a large one), so a gate and the matchers agree.
 */
export function literalsHeld(paste: Paste, lits: readonly string[]): Uint8Array {
  if (smallPaste(paste)) return textsHoldEach(lowered(paste), lits);
  const held = new Uint8Array(lits.length);
  // The usual case: every literal of the table is in the pass's set (the lines known for it are the pass's list).
  const pass = coverPass(paste);
  const at = pass && passIndexes(pass.set, lits);
  if (at) {
    for (let i = 0; i < lits.length; i++) held[i] = pass.lines[at[i]!]!.length > 0 ? 1 : 0;
    return held;
  }
  const known = knownLines(paste, lits);
  for (let i = 0; i < lits.length; i++) held[i] = (known.get(lits[i]!)?.length ?? 1) > 0 ? 1 : 0;
  return held;
}

/** Per literal table (a gate table grows: checked by length): each literal's index in a set, when the set holds all of them. */
const tableIndexes = new WeakMap<readonly string[], { set: LiteralSet; n: number; at: Int32Array | undefined }>();

function passIndexes(set: LiteralSet, lits: readonly string[]): Int32Array | undefined {
  let t = tableIndexes.get(lits);
  if (!t || t.set !== set || t.n !== lits.length) {
    const at = Int32Array.from(lits, (l) => set.indexOf(l));
    tableIndexes.set(lits, (t = { set, n: lits.length, at: at.includes(-1) ? undefined : at }));
  }
  return t.at;
}

/** Characters of kept text (what the matching budget is charged per pattern run). */
export function keptChars(paste: Paste): number {
  let n = 0;
  for (const l of paste.kept) n += l.text.length;
  return n;
}

/**
 * The kept lines a matcher can match: a match lies within one line, and every match contains all
 * literals of one conjunction of the cover, so other lines are skipped. null: no cover, every line.
 */
function candidateLines(m: PasteMatcher, paste: Paste): Paste['kept'] | null {
  if (!m.cover || m.caseSensitive || m.cover.some((conj) => conj.length === 0)) return null;
  // A matcher outside the scanned rule list (evaluateRule called alone): one pass for its literals.
  const flat = literalsOf(m.cover);
  const known = knownLines(paste, flat);
  // The pass's lists by index (found once per cover and set), not one literal lookup per literal and paste.
  const pass = known.pass;
  const at = pass && passIndexes(pass.set, flat);
  const linesOf = at ? (k: number) => pass.lines[at[k]!] as number[] : (k: number) => known.get(flat[k]!)!;
  if (paste.kept.length <= 31) return fewLines(m.cover, linesOf, paste.kept);
  let lines: number[] = [];
  let next = 0;
  for (const conj of m.cover) {
    const first = next;
    next += conj.length;
    let common = linesOf(first);
    for (let j = 1; j < conj.length && common.length > 0; j++) common = intersectSorted(common, linesOf(first + j));
    if (common.length === 0) continue; // the usual case: no line holds this conjunction
    lines = lines.length === 0 ? common : lines.concat(common);
  }
  if (lines.length === 0) return [];
  if (m.cover.length > 1) lines = [...new Set(lines)].sort((a, b) => a - b);
  return lines.map((i) => paste.kept[i]!);
}

/**
 * candidateLines on a paste of at most 31 kept lines (a mixed 64 KiB line is one or two): each
 * literal's lines as a bit mask, a conjunction's the AND, the cover's the OR — the same lines in
 * the same (ascending) order as the sorted intersections and union, without their arrays.
 */
function fewLines(cover: readonly (readonly string[])[], linesOf: (k: number) => readonly number[], kept: Paste['kept']): Paste['kept'] {
  let any = 0;
  let next = 0;
  for (const conj of cover) {
    const first = next;
    next += conj.length;
    let common = maskOf(linesOf(first));
    for (let j = 1; j < conj.length && common !== 0; j++) common &= maskOf(linesOf(first + j));
    any |= common;
  }
  const out: Paste['kept'] = [];
  for (let i = 0; any !== 0; i++, any >>>= 1) if (any & 1) out.push(kept[i]!);
  return out;
}

function maskOf(lines: readonly number[]): number {
  let mask = 0;
  for (const i of lines) mask |= 1 << i;
  return mask;
}

function intersectSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}

/** Per paste: each distinct pattern's answer (several rules share one pattern: run it once). */
const pasteAnswers = new WeakMap<object, Map<string, CondResult>>();

function evalPaste(m: PasteMatcher, facts: Facts): CondResult {
  const paste = facts.paste;
  if (!paste) return result('unknown', [], {}, ['paste']);
  let answers = pasteAnswers.get(paste);
  if (!answers) pasteAnswers.set(paste, (answers = new Map()));
  // The matcher's flags, source and same-line exclusion, built once per matcher (shared/regex/matcher-key.ts).
  const key = matcherKey(m);
  let r = answers.get(key);
  if (!r) answers.set(key, (r = matchPaste(m, paste)));
  // A copy: callers gather evidence and captures into their own results.
  return { ...r, evidence: [...r.evidence], captures: { ...r.captures }, missing: [...r.missing] };
}

function matchPaste(m: PasteMatcher, paste: Paste): CondResult {
  const kept = candidateLines(m, paste) ?? paste.kept;
  if (kept.length === 0) return result(false);
  const evidence: Evidence[] = [];
  const captures: Record<string, string> = {};
  if (m.regex !== undefined) {
    const budget = budgetFor(paste);
    const walk = coverPass(paste)?.set.builtinWalk();
    for (const ln of kept) {
      const match = execLine(m, ln, budget, walk);
      if (!match || sourceLineExcluded(m, paste, ln.line, walk)) continue;
      // One source line can be kept in several forms (raw, flattened JSON, unescaped): quote it once.
      if (evidence.length < MAX_EVIDENCE_PER_MATCHER && !evidence.some((e) => e.line === ln.line)) evidence.push({ source: 'paste', line: ln.line, text: ln.text, at: match.index });
      for (const [k, v] of Object.entries(match.groups ?? {})) {
        if (v !== undefined && v !== '' && !(k in captures)) captures[k] = v.trim();
      }
      if (evidence.length >= MAX_EVIDENCE_PER_MATCHER) break;
    }
  } else if (m.contains !== undefined) {
    const needle = m.caseSensitive ? m.contains : m.contains.toLowerCase();
    for (const ln of kept) {
      const hay = m.caseSensitive ? ln.text : ln.text.toLowerCase();
      const at = hay.indexOf(needle);
      if (at < 0 || evidence.some((e) => e.line === ln.line)) continue;
      evidence.push({ source: 'paste', line: ln.line, text: ln.text, at });
      if (evidence.length >= MAX_EVIDENCE_PER_MATCHER) break;
    }
  }
  return result(evidence.length > 0, evidence, captures);
}

/** Per paste: its kept forms by source line (raw, flattened JSON, unescaped…), made when an exclusion is first asked. */
const formsByLine = new WeakMap<object, Map<number, Paste['kept']>>();

/** Each source line's kept forms (raw, flattened JSON, unescaped…), built once per paste (the fallback reads them too). */
export function keptForms(paste: Paste): ReadonlyMap<number, Paste['kept']> {
  let forms = formsByLine.get(paste);
  if (!forms) {
    formsByLine.set(paste, (forms = new Map()));
    for (const l of paste.kept) {
      const list = forms.get(l.line);
      if (list) list.push(l);
      else forms.set(l.line, [l]);
    }
  }
  return forms;
}

/**
 * Whether the matcher's same-line exclusion (notOnLine) matches the source line `line`: any of its
 * kept forms, so a JSON record's channel subsystem in its raw form also rules out its flattened
 * message. Run only on a line the regex matched (its weight is charged with the regex's: runWeight). The fallback
 * asks it too, so it offers no candidate from a line the engine ruled out (fallback/ruled-out.ts).
 */
export function sourceLineExcluded(m: PasteMatcher, paste: Paste, line: number, walk?: LiteralWalk): boolean {
  if (m.notOnLine === undefined) return false;
  const forms = keptForms(paste);
  const own = forms.get(line) ?? [];
  if (own.some((l) => excludedOnLine(m, l, walk))) return true;
  // The unprefixed repeat of an excluded line (Round 31h): `console.error(err)` prints `Error: <message>` and its stack
  // under the `[subsystem] …` line, and OpenClaw's console formatter puts the prefix on the first line only. The line
  // just before must be one the exclusion rules out; this line must start `Error:` (or
  // `XxxError:`) or be, trimmed, part of that line's text. One step back only (no chain); a line not kept is not looked at.
  // The line before need not match the regex itself: notOnLine already says it is the other source's error line
  // (a channel's `connect: connection refused` without the port, then `Error: connect ECONNREFUSED 127.0.0.1:18789`).
  const prev = forms.get(line - 1);
  return !!prev && own.some((l) => isRepeatOf(l.text, prev)) && prev.some((l) => excludedOnLine(m, l, walk));
}

/** Error-print heads: `Error: …`, `TypeError: …`, `Error [ERR_X]: …` (node's util.inspect of an Error). */
const ERROR_HEAD = /^(?:[A-Z][A-Za-z]{0,40})?Error(?: \[[A-Z0-9_]{1,60}\])?: /;

/** Whether `text` reads as a repeat of one of `prev`'s forms: an error print, or its trimmed text inside that line. */
function isRepeatOf(text: string, prev: Paste['kept']): boolean {
  if (ERROR_HEAD.test(text)) return true;
  const t = text.trim().toLowerCase();
  return t.length >= 8 && prev.some((l) => l.text.toLowerCase().includes(t));
}

function unknownAs(mode: 'true' | 'false' | 'skip' | undefined, missing: string): CondResult {
  if (mode === 'true') return result(true);
  if (mode === 'false') return result(false);
  return result('unknown', [], {}, [missing]);
}

function evalVersion(m: VersionMatcher, facts: Facts): CondResult {
  const v = facts.version;
  if (!v) {
    const r = unknownAs(m.ifUnknown, 'version');
    // Held by default, for a condition naming releases (rank.ts RELEASE_UNKNOWN_DROP).
    if (r.truth === true && (m.range ?? m.resolved) !== undefined) r.assumed = true;
    return r;
  }
  const evidence: Evidence = { source: 'version', value: v.value, text: `OpenClaw ${v.value} (from ${v.source})` };
  if (m.olderThan !== undefined) {
    // Two facts compared: the version in use against a version another fact holds.
    const segs = splitPath(m.olderThan);
    const source = facts[segs[0] as keyof Facts];
    const other = source === undefined ? undefined : resolvePath(source, segs.slice(1), segs[0]!).find((r) => typeof r.value === 'string' && isCalVer(r.value));
    const older = !!other && compareOrEqual(v.value, other.value as string) < 0;
    return result(older, older ? [evidence, factEvidence(facts, other.path, other.value)] : [], older ? { version: v.value } : {});
  }
  const range = m.range ?? m.resolved;
  // A rule object that did not come through the loader (rules/load.ts) has no resolved range.
  if (range === undefined) throw new Error(`version condition on ${JSON.stringify(m.behaviour ?? m.retiredKey)} was not resolved by the rule loader`);
  const ok = satisfies(v.value, range);
  return result(ok, ok ? [evidence] : [], ok ? { version: v.value } : {});
}

/** A version leaf of a rule's gate (gate.ts): whether evalVersion is false for a condition with this range. */
export function versionLeafFalse(range: string, ifUnknownFalse: boolean, facts: Facts): boolean {
  const v = facts.version;
  if (!v) return ifUnknownFalse;
  return !satisfies(v.value, range);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function isNonEmpty(v: unknown): boolean {
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return false;
}

function testOp(m: FactMatcher, v: unknown): boolean {
  switch (m.op) {
    case 'exists':
      return v !== undefined;
    case 'eq':
      return sameJson(v, m.value);
    case 'in':
      return Array.isArray(m.value) && m.value.some((x) => sameJson(x, v));
    case 'type':
      return typeName(v) === m.value;
    case 'regex':
      return typeof v === 'string' && new RegExp(String(m.value), 'i').test(v);
    case 'gt':
      return typeof v === 'number' && v > Number(m.value);
    case 'gte':
      return typeof v === 'number' && v >= Number(m.value);
    case 'lt':
      return typeof v === 'number' && v < Number(m.value);
    case 'lte':
      return typeof v === 'number' && v <= Number(m.value);
    case 'truthy':
      return Boolean(v);
    case 'falsy':
      return !v;
    case 'includes':
      return Array.isArray(v) ? v.some((x) => sameJson(x, m.value)) : typeof v === 'string' && v.includes(String(m.value));
    case 'nonEmpty':
      return isNonEmpty(v);
    case 'missing':
    case 'ne':
      throw new Error('negative ops are evaluated over all values');
  }
}

function stringify(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function evalFact(m: FactMatcher, facts: Facts): CondResult {
  const segs = splitPath(m.path);
  const root = segs[0] as keyof Facts;
  const source = facts[root];
  if (source === undefined) return unknownAs(m.ifUnknown, root);
  const found = definedValues(source, segs, root);

  // Negative ops hold over every value, so they are decided on the whole set.
  if (m.op === 'missing') return result(found.length === 0);
  if (m.op === 'ne') {
    const ok = found.every((r) => !sameJson(r.value, m.value));
    return result(ok, ok && found[0] ? [factEvidence(facts, found[0].path, found[0].value)] : []);
  }
  if (m.op === 'falsy' && found.length === 0) return result(true);

  const hits = found.filter((r) => testOp(m, r.value));
  if (hits.length === 0) return result(false);
  const captures: Record<string, string> = {};
  if (m.as) captures[m.as] = stringify(hits[0]!.value);
  const evidence = hits.slice(0, MAX_EVIDENCE_PER_MATCHER).map((h) => factEvidence(facts, h.path, h.value));
  return result(true, evidence, captures);
}

function definedValues(source: unknown, segs: string[], root: string): ReturnType<typeof resolvePath> {
  return resolvePath(source, segs.slice(1), root).filter((r) => r.value !== undefined);
}

/**
 * A fact leaf of a rule's gate (gate.ts): whether evalFact is false for its condition whatever the
 * op (but `missing`, `ne` and `falsy`, which give no leaf): the source collected and the path
 * resolving to no value, or the source not collected and `ifUnknown: false`.
 */
export function factLeafFalse(path: string, ifUnknownFalse: boolean, facts: Facts): boolean {
  const segs = splitPath(path);
  const root = segs[0] as keyof Facts;
  const source = facts[root];
  if (source === undefined) return ifUnknownFalse;
  return definedValues(source, segs, root).length === 0;
}

export function factEvidence(facts: Facts, path: string, value: unknown): Evidence {
  const segs = splitPath(path);
  const root = segs[0] as Evidence['source'];
  const ev: Evidence = { source: root, path, value };
  // A field of a structured output read from the paste: quote it with the line its block starts on.
  if (root === 'paste' && segs.length > 2) {
    const parent = resolvePath(facts.paste, segs.slice(1, -1))[0]?.value as { line?: unknown } | undefined;
    if (typeof parent?.line === 'number') {
      ev.line = parent.line;
      // A derived fact about one report line (story.ts) quotes that line: the words the reader can check.
      const own = segs[1] === 'derived' ? facts.paste?.kept.find((l) => l.line === parent.line)?.text : undefined;
      ev.text = own ?? `${segs.slice(2).join('.')} = ${JSON.stringify(value)}`;
    }
  }
  const ptr = configPointer(path);
  if (ptr !== undefined && facts.config) {
    ev.file = facts.config.path;
    const pos = facts.config.positions?.[ptr];
    if (pos) {
      ev.line = pos.line;
      ev.column = pos.column;
    }
  }
  return ev;
}
