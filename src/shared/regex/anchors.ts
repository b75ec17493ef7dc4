// Which paste matchers decide which lines of a huge log are kept (pure; no I/O).
//
// A rule fires only if every member of an `all` holds, so a paste matcher that sits in an `all`
// (not under `not`) is REQUIRED: no line matching it, no finding. Rules pair a strong, rare
// matcher ("device identity required") with broad "context" matchers ("control ui|dashboard|…");
// keeping every line that hits ANY matcher keeps most of a gateway log. So per rule we pick the
// most selective required matcher (the "anchor"); the reader keeps anchor-hit lines plus a window
// of context lines around them, where the rule's other matchers are looked for.
//
// Selectivity comes from the literals a regex needs: for each top-level alternative, strings that
// every match must contain (case-folded). The same analysis gives the byte scanner its literals.
//
// The covers (literals per matcher) come from regex-cover.ts, or precomputed from the rules bundle;
// this module only chooses, so it loads no regex parser.
// Over ~300 lines on purpose: one choice (which matchers anchor a huge log) over the whole `when` tree; the need/keep recursion and the rate model belong together.
import type { Condition, PasteMatcher, Rule } from '../../types.js';
import { splitJsonPieces } from '../literals/json-pieces.js';
import { matcherKey } from './matcher-key.js';

/** OR of ANDs of literals: a match contains every literal of at least one conjunction. */
export type Cover = string[][];
/** No literal is known to be necessary (a conjunction with no literal). */
export const TOP: Cover = [[]];
export const isTop = (c: Cover): boolean => c.some((conj) => conj.length === 0);

/** Where covers come from (regex-cover.ts matcherCover, or a precomputed table). */
export type CoverOf = (m: PasteMatcher) => Cover;

/** How rare a literal is likely to be: its UTF-8 length, spaces and punctuation counted less. */
const scoreCache = new Map<string, number>();
export function literalScore(s: string): number {
  let n = scoreCache.get(s);
  if (n === undefined) {
    n = computeScore(s);
    scoreCache.set(s, n);
  }
  return n;
}

function computeScore(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x20 || c === 0x09) n += 0.3;
    else if (c < 0x80) n += (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f ? 1 : 0.6;
    else n += c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * Estimated share of lines containing a literal (on a sample of the input), per kind of line;
 * without one, literals are compared by literalScore alone.
 */
export type LiteralRate = (literal: string, json: boolean) => number;

/**
 * Literals as numbers, with what choosing among them needs, in arrays (the choice runs once per
 * process, mostly in the interpreter: no call per candidate). A run on the built-in rules gets one
 * numbered at build time (the literal automaton's ids, src/shared/literals/numbered.ts), so
 * choosing the anchors hashes no literal text; other callers get an interning one (internTable).
 */
export interface NumberedLiterals {
  texts: readonly string[];
  /** literalScore of each. */
  scores: ArrayLike<number>;
  /**
   * The ids of jsonSafePieces(texts[id]), in order (needed for the literals of covers only): an
   * array per id, or flat (ids[start[id] .. start[id + 1]], the built-in numbering).
   */
  pieces: ReadonlyArray<readonly number[] | undefined> | { start: ArrayLike<number>; ids: ArrayLike<number> };
  /** Estimated share of plain / JSON-shaped lines containing each; absent: compared by score alone. */
  rates?: { plain: ArrayLike<number>; json: ArrayLike<number> };
}

/** A cover with its literals numbered in a NumberedLiterals (a conjunction: an array or a typed array's view). */
export type CoverIds = ReadonlyArray<ArrayLike<number> & Iterable<number>>;

/** A NumberedLiterals numbering literals as covers are met (a rate asked once per literal and kind). */
export function internTable(rate?: LiteralRate): NumberedLiterals & { ids(cover: Cover): CoverIds } {
  const texts: string[] = [];
  const scores: number[] = [];
  const pieces: Array<number[] | undefined> = [];
  const plain: number[] = [];
  const json: number[] = [];
  const idOf = new Map<string, number>();
  const id = (lit: string): number => {
    let i = idOf.get(lit);
    if (i === undefined) {
      i = texts.length;
      texts.push(lit);
      scores.push(literalScore(lit));
      pieces.push(undefined);
      if (rate) {
        plain.push(rate(lit, false));
        json.push(rate(lit, true));
      }
      idOf.set(lit, i);
    }
    return i;
  };
  const coverLiteral = (lit: string): number => {
    const i = id(lit);
    pieces[i] ??= jsonSafePieces(lit).map(id);
    return i;
  };
  return { texts, scores, pieces, ...(rate ? { rates: { plain, json } } : {}), ids: (cover) => cover.map((conj) => conj.map(coverLiteral)) };
}

/** The literal of each conjunction the scanner looks for: the rarest, then the longest. */
export function bestLiterals(cover: Cover, json: boolean, rate?: LiteralRate): string[] | null {
  const t = internTable(rate);
  return bestIds(t.ids(cover), json, t)?.map((i) => t.texts[i]!) ?? null;
}

function bestIds(cover: CoverIds, json: boolean, t: NumberedLiterals): number[] | null {
  // Indexed loops, no iterators or closures: this runs once per cover at a large log's set-up, in
  // code not yet optimised, where a for-of over a typed array cost more than the comparisons (issue #13).
  for (let j = 0; j < cover.length; j++) if (cover[j]!.length === 0) return null;
  const rates = t.rates ? (json ? t.rates.json : t.rates.plain) : undefined;
  const flat = Array.isArray(t.pieces) ? undefined : (t.pieces as { start: ArrayLike<number>; ids: ArrayLike<number> });
  const lists = flat ? undefined : (t.pieces as ReadonlyArray<readonly number[] | undefined>);
  const scores = t.scores;
  const out: number[] = [];
  for (let j = 0; j < cover.length; j++) {
    const conj = cover[j]!;
    // The rarest, then highest-scoring candidate (the first of equals).
    let bestLit = -1;
    let bestRate = Infinity;
    let bestScore = -1;
    for (let x = 0; x < conj.length; x++) {
      const l = conj[x]!;
      // A plain line: the literal itself; a JSON line: its pieces (candidates[from .. to]).
      const candidates = !json ? undefined : flat ? flat.ids : lists![l]!;
      const from = flat && json ? flat.start[l]! : 0;
      const to = !candidates ? 1 : flat ? flat.start[l + 1]! : candidates.length;
      for (let k = from; k < to; k++) {
        const c = candidates ? candidates[k]! : l;
        const r = rates ? rates[c]! : 0;
        const sc = scores[c]!;
        if (r < bestRate || (r === bestRate && sc > bestScore)) {
          bestRate = r;
          bestScore = sc;
          bestLit = c;
        }
      }
    }
    if (bestLit === -1) return null;
    if (!out.includes(bestLit)) out.push(bestLit);
  }
  return out;
}

/** The literals of a cover for both kinds of line, and the share of lines they hand to the verifier. */
function chooseLiterals(cover: CoverIds, t: NumberedLiterals): { literals: string[] | null; jsonLiterals: string[] | null; ids: AnchorIds; cost: number } {
  const plain = bestIds(cover, false, t);
  const json = bestIds(cover, true, t);
  const literals = plain?.map((i) => t.texts[i]!) ?? null;
  const jsonLiterals = json?.map((i) => t.texts[i]!) ?? null;
  const ids: AnchorIds = { of: t.texts, plain, json };
  if (!t.rates) return { literals, jsonLiterals, ids, cost: 0 };
  if (plain === null || json === null) return { literals, jsonLiterals, ids, cost: Infinity };
  let cost = 0;
  for (const l of plain) cost += t.rates.plain[l]!;
  for (const l of json) cost += t.rates.json[l]!;
  return { literals, jsonLiterals, ids, cost };
}

/** Selectivity of a numbered cover (coverScore). */
function coverIdsScore(cover: CoverIds, t: NumberedLiterals): number {
  for (let j = 0; j < cover.length; j++) if (cover[j]!.length === 0) return 0;
  let min = Infinity;
  for (let j = 0; j < cover.length; j++) {
    const conj = cover[j]!;
    let max = -Infinity;
    for (let x = 0; x < conj.length; x++) max = Math.max(max, t.scores[conj[x]!]!);
    min = Math.min(min, max);
  }
  return min;
}

/** Every literal the anchors of `matchers` could be given (to measure their rates on a sample). */
export function candidateLiterals(matchers: PasteMatcher[], coverOf: CoverOf): { plain: string[]; json: string[] } {
  const plain = new Set<string>();
  const json = new Set<string>();
  for (const m of matchers) {
    const cover = coverOf(m);
    if (isTop(cover)) continue;
    for (const conj of cover)
      for (const lit of conj) {
        plain.add(lit);
        for (const p of jsonSafePieces(lit)) json.add(p);
      }
  }
  return { plain: [...plain], json: [...json] };
}

/** Every paste matcher in the rules' conditions that could be an anchor (not under `not`). */
export function pasteMatchers(rules: ReadonlyArray<Pick<Rule, 'when'>>): PasteMatcher[] {
  const out: PasteMatcher[] = [];
  const visit = (c: Condition): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('paste' in c) out.push(c.paste);
  };
  for (const r of rules) visit(r.when);
  return dedupe(out);
}

/** Selectivity of a cover: its weakest conjunction's best literal (0 = no literal). */
export function coverScore(cover: Cover): number {
  if (isTop(cover)) return 0;
  let min = Infinity;
  for (const conj of cover) min = Math.min(min, Math.max(...conj.map(literalScore)));
  return min;
}

/**
 * For gateway JSON log lines: the reader matches rules against the FLATTENED line (`key=value`
 * text with JSON escapes decoded), so a literal can span a key and its value (`code=4008`) or an
 * escape, and appear in the flattened text but not in the raw bytes. Pieces of a literal with no
 * `"`, `\`, `=`, space or control character, and with a character that no JSON number rendering
 * contains, lie inside one decoded string token — the same bytes as in the raw line, unless the
 * line has a `\u` or `\/` escape (the scanner treats such lines as unsafe).
 */
const piecesCache = new Map<string, string[]>();
export function jsonSafePieces(lit: string): string[] {
  let p = piecesCache.get(lit);
  if (!p) {
    p = splitJsonPieces(lit);
    piecesCache.set(lit, p);
  }
  return p;
}

// ---------------------------------------------------------------- anchors of a rule set

export interface Anchor {
  /** Stable key: flags + source. */
  key: string;
  matcher: PasteMatcher;
  /** Rules whose firing depends on this matcher. */
  rules: string[];
  /** Lines hit by this anchor bring their neighbours along (false for the reader's own extras). */
  context: boolean;
  cover: Cover;
  /** One literal per conjunction for plain lines; null = no literal (every line must be tested). */
  literals: string[] | null;
  /** Same for JSON-shaped lines (see jsonSafePieces); null = every JSON line must be tested. */
  jsonLiterals: string[] | null;
  score: number;
  /** literals / jsonLiterals as the ids they were chosen by (see AnchorIds). */
  ids?: AnchorIds;
}

/**
 * An anchor's literals as ids of the numbering they were chosen in: `of` is that numbering's texts
 * (of[plain[k]] === literals[k]). When `of` is the built-in automaton's literal list, the scanner
 * takes the ids as they are instead of looking ~7,300 literal texts up again (issue #13).
 */
export interface AnchorIds {
  of: readonly string[];
  plain: readonly number[] | null;
  json: readonly number[] | null;
}

export interface AnchorSet {
  anchors: Anchor[];
  /** Rule id -> keys of the anchors that keep its evidence. */
  byRule: Record<string, string[]>;
}

type Need = { matchers: PasteMatcher[]; score: number; cost: number } | null;

export interface DeriveOptions {
  cover: CoverOf;
  /** Literal rates measured on the input: anchors and their literals are then chosen by rate. */
  rate?: LiteralRate;
  /** Every matcher's cover already numbered in `table`, whose rates are then used instead of `rate`. */
  numbered?: { coverIds(m: PasteMatcher): CoverIds; table: NumberedLiterals };
}

export { matcherKey } from './matcher-key.js';

/** Derives the anchors of `rules`; `extra` matchers (e.g. version banners) are kept without context. */
export function deriveAnchors(rules: ReadonlyArray<Pick<Rule, 'id' | 'when'>>, extra: PasteMatcher[], opts: DeriveOptions): AnchorSet {
  const { cover: coverOf, numbered } = opts;
  // One numbering of literals: the precomputed one, or one made as covers are met.
  const interned = numbered ? undefined : internTable(opts.rate);
  const table = numbered?.table ?? interned!;
  const idsOf = (m: PasteMatcher, cover: Cover): CoverIds => (numbered ? numbered.coverIds(m) : interned!.ids(cover));
  type Info = { cover: Cover; score: number; cost: number; literals: string[] | null; jsonLiterals: string[] | null; ids: AnchorIds };
  const covers = new Map<string, Info>();
  const info = (m: PasteMatcher): Info => {
    const k = matcherKey(m);
    let v = covers.get(k);
    if (!v) {
      const cover = coverOf(m);
      const ids = idsOf(m, cover);
      v = { cover, score: coverIdsScore(ids, table), ...chooseLiterals(ids, table) };
      covers.set(k, v);
    }
    return v;
  };
  // Lower estimated cost first; then the longer literal; then fewer matchers.
  const better = (a: NonNullable<Need>, b: Need) =>
    !b || a.cost < b.cost || (a.cost === b.cost && (a.score > b.score || (a.score === b.score && a.matchers.length < b.matchers.length)));

  // need(c): matchers of which at least one line must match for c to hold (null: none known).
  // need() of an `all` is asked again by keep() and by enclosing conditions: once per condition.
  const needs = new WeakMap<Condition, Need>();
  const need = (c: Condition): Need => {
    if (needs.has(c)) return needs.get(c)!;
    const n = needOf(c);
    needs.set(c, n);
    return n;
  };
  const needOf = (c: Condition): Need => {
    if ('paste' in c) {
      const i = info(c.paste);
      return { matchers: [c.paste], score: i.score, cost: i.cost };
    }
    if ('all' in c) {
      let bestNeed: Need = null;
      for (const child of c.all) {
        const n = need(child);
        if (n && better(n, bestNeed)) bestNeed = n;
      }
      return bestNeed;
    }
    if ('any' in c) {
      const parts = c.any.map(need);
      if (parts.length === 0 || parts.some((p) => p === null)) return null;
      const matchers = dedupe(parts.flatMap((p) => p!.matchers));
      return { matchers, score: Math.min(...parts.map((p) => p!.score)), cost: matchers.reduce((sum, m) => sum + info(m).cost, 0) };
    }
    return null; // not, fact, version
  };
  // keep(c): matchers whose lines must be kept so that c evaluates as on the whole text (their
  // context matchers being looked for in the window around them).
  const keep = (c: Condition): PasteMatcher[] => {
    if ('paste' in c) return [c.paste];
    if ('all' in c) {
      const n = need(c);
      return n ? n.matchers : dedupe(c.all.flatMap(keep));
    }
    if ('any' in c) return dedupe(c.any.flatMap(keep));
    return [];
  };

  const anchors = new Map<string, Anchor>();
  const byRule: Record<string, string[]> = {};
  const add = (m: PasteMatcher, ruleId: string | null) => {
    const k = matcherKey(m);
    let a = anchors.get(k);
    if (!a) {
      const { cover, score, literals, jsonLiterals, ids } = info(m);
      a = { key: k, matcher: m, rules: [], context: false, cover, literals, jsonLiterals, score, ids };
      anchors.set(k, a);
    }
    if (ruleId !== null) {
      a.context = true;
      if (!a.rules.includes(ruleId)) a.rules.push(ruleId);
    }
    return k;
  };
  for (const r of rules) byRule[r.id] = [...new Set(keep(r.when).map((m) => add(m, r.id)))];
  for (const m of extra) add(m, null);
  return { anchors: [...anchors.values()], byRule };
}

function dedupe(ms: PasteMatcher[]): PasteMatcher[] {
  const seen = new Set<string>();
  return ms.filter((m) => {
    const k = matcherKey(m);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
