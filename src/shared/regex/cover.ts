// The literals a paste matcher's matches must contain (its "cover"), from the regex's syntax tree
// (@eslint-community/regexpp: the exact ECMAScript grammar, Annex B included, so the analysis reads
// a pattern the way V8 does). Loaded only when a huge input needs anchors whose covers were not
// computed at build time (dist/rules.bundle.json carries those of the built-in rules).
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import type { PasteMatcher } from '../../types.js';
import { coverScore, isTop, matcherKey, TOP, type Cover } from './anchors.js';

/** Max size of a finite string set before it is given up (cross products grow fast). */
const SET_CAP = 64;
/** Max conjunctions in a cover before an AND keeps only its better side. */
const COVER_CAP = 128;
/** A character class with at most this many (folded) characters is expanded. */
const CLASS_CAP = 8;

interface Info {
  /** Every string the node can match (folded), when that set is small; else null. */
  exact: string[] | null;
  /** Every match starts with one of these (null: unknown). Only used when exact is null. */
  prefix: string[] | null;
  /** Every match ends with one of these. */
  suffix: string[] | null;
  cover: Cover;
}

const EMPTY: Info = { exact: [''], prefix: null, suffix: null, cover: TOP };
const UNKNOWN: Info = { exact: null, prefix: null, suffix: null, cover: TOP };

/**
 * The literal form of one character, as the byte scanner sees it (ASCII case-folded), or null when
 * it cannot be a literal: it never appears in a normalised line (newline, control characters,
 * U+FFFD), it is half a surrogate pair, or case-insensitive matching could match a non-ASCII
 * case variant the ASCII-folding scanner would not see.
 */
function literalChar(cp: number, caseSensitive: boolean): string | null {
  if (cp < 0x20) return cp === 0x09 ? '\t' : null; // normalisation turns other controls into spaces
  if (cp === 0x7f || cp === 0xfffd) return null;
  if (cp >= 0xd800 && cp <= 0xdfff) return null;
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  const ch = String.fromCodePoint(cp);
  if (!caseSensitive && (ch.toLowerCase() !== ch || ch.toUpperCase() !== ch)) return null;
  return ch;
}

function cross(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > SET_CAP) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

function setCover(set: string[]): Cover {
  if (set.includes('')) return TOP;
  return set.map((s) => [s]);
}

function orCover(parts: Cover[]): Cover {
  if (parts.some(isTop)) return TOP;
  const seen = new Set<string>();
  const all: Cover = [];
  for (const p of parts)
    for (const conj of p) {
      const k = [...conj].sort().join('\u0000');
      if (!seen.has(k)) {
        seen.add(k);
        all.push(conj);
      }
    }
  // A conjunction implied by another one adds nothing to an OR: [errors] next to [error].
  const implies = (b: string[], a: string[]) => a.every((x) => b.some((y) => y.includes(x)));
  return all.filter((b, i) => !all.some((a, j) => j !== i && implies(b, a) && !(implies(a, b) && j > i)));
}

function andCover(a: Cover, b: Cover): Cover {
  if (isTop(a) && a.length === 1) return b;
  if (isTop(b) && b.length === 1) return a;
  if (a.length * b.length > COVER_CAP) return coverScore(a) >= coverScore(b) ? a : b;
  const out: Cover = [];
  for (const x of a) for (const y of b) out.push(pruneConj([...x, ...y]));
  return orCover([out]);
}

/** Drop literals contained in a longer literal of the same conjunction (they add nothing). */
function pruneConj(conj: string[]): string[] {
  const uniq = [...new Set(conj)];
  return uniq.filter((s) => !uniq.some((t) => t !== s && t.includes(s)));
}

function charClassSet(node: AST.CharacterClass, caseSensitive: boolean): string[] | null {
  if (node.negate || node.unicodeSets) return null;
  const out = new Set<string>();
  for (const el of node.elements) {
    if (el.type === 'Character') {
      const c = literalChar(el.value, caseSensitive);
      if (c === null) return null;
      out.add(c);
    } else if (el.type === 'CharacterClassRange') {
      if (el.max.value - el.min.value >= CLASS_CAP) return null;
      for (let cp = el.min.value; cp <= el.max.value; cp++) {
        const c = literalChar(cp, caseSensitive);
        if (c === null) return null;
        out.add(c);
      }
    } else return null;
    if (out.size > CLASS_CAP) return null;
  }
  return out.size ? [...out] : null;
}

function analyzeAlternatives(alts: AST.Alternative[], cs: boolean): Info {
  const infos = alts.map((a) => analyzeConcat(a.elements, cs));
  if (infos.every((i) => i.exact)) {
    const u = new Set<string>();
    for (const i of infos) for (const s of i.exact!) u.add(s);
    if (u.size <= SET_CAP) return { exact: [...u], prefix: null, suffix: null, cover: setCover([...u]) };
  }
  const unionOf = (pick: (i: Info) => string[] | null): string[] | null => {
    const u = new Set<string>();
    for (const i of infos) {
      const s = i.exact ?? pick(i);
      if (!s) return null;
      for (const x of s) u.add(x);
    }
    return u.size <= SET_CAP && !u.has('') ? [...u] : null;
  };
  return {
    exact: null,
    prefix: unionOf((i) => i.prefix),
    suffix: unionOf((i) => i.suffix),
    cover: orCover(infos.map((i) => (i.exact ? setCover(i.exact) : i.cover))),
  };
}

function analyzeConcat(elements: AST.Element[], cs: boolean): Info {
  let cover: Cover = TOP;
  let run: string[] = ['']; // strings the text matched so far must end with, contiguous
  let exact = true;
  let prefix: string[] | null = null;
  let prefixFixed = false;
  for (const el of elements) {
    const info = analyzeElement(el, cs);
    if (info.exact) {
      const next = cross(run, info.exact);
      if (next) run = next;
      else {
        if (!prefixFixed) {
          prefix = run;
          prefixFixed = true;
        }
        cover = andCover(cover, setCover(run));
        run = info.exact;
        exact = false;
      }
      continue;
    }
    exact = false;
    const joined = info.prefix ? cross(run, info.prefix) : null;
    if (!prefixFixed) {
      prefix = joined ?? run;
      prefixFixed = true;
    }
    cover = andCover(cover, setCover(joined ?? run));
    cover = andCover(cover, info.cover);
    run = info.suffix ?? [''];
  }
  if (exact) return { exact: run, prefix: null, suffix: null, cover: setCover(run) };
  const nonEmpty = (s: string[] | null) => (s && !s.includes('') ? s : null);
  return { exact: null, prefix: nonEmpty(prefix), suffix: nonEmpty(run), cover: andCover(cover, setCover(run)) };
}

function analyzeElement(el: AST.Element, cs: boolean): Info {
  switch (el.type) {
    case 'Character': {
      const c = literalChar(el.value, cs);
      return c === null ? UNKNOWN : { exact: [c], prefix: null, suffix: null, cover: [[c]] };
    }
    case 'CharacterClass': {
      const set = charClassSet(el, cs);
      return set ? { exact: set, prefix: null, suffix: null, cover: setCover(set) } : UNKNOWN;
    }
    case 'Assertion':
      // ^ $ \b \B and lookarounds match the empty string (lookaround contents are not required
      // text of the match itself; ignoring them is conservative).
      return EMPTY;
    case 'Group':
    case 'CapturingGroup':
      return analyzeAlternatives(el.alternatives, cs);
    case 'Quantifier': {
      if (el.max === 0) return EMPTY;
      const inner = analyzeElement(el.element, cs);
      if (el.min === 0) {
        if (el.max === 1 && inner.exact && inner.exact.length < SET_CAP) {
          const set = [...new Set(['', ...inner.exact])];
          return { exact: set, prefix: null, suffix: null, cover: TOP };
        }
        return UNKNOWN;
      }
      if (inner.exact) {
        if (el.min === el.max) {
          let set: string[] | null = [''];
          for (let k = 0; k < el.min && set; k++) set = cross(set, inner.exact);
          if (set) return { exact: set, prefix: null, suffix: null, cover: setCover(set) };
        }
        // x{n,m} with n >= 1: starts with one x and ends with one x.
        return { exact: null, prefix: inner.exact.includes('') ? null : inner.exact, suffix: inner.exact.includes('') ? null : inner.exact, cover: setCover(inner.exact) };
      }
      return { exact: null, prefix: inner.prefix, suffix: inner.suffix, cover: inner.cover };
    }
    default:
      // CharacterSet (. \d \w \s \p{…}), Backreference, v-flag class expressions.
      return UNKNOWN;
  }
}

const parser = new RegExpParser({ ecmaVersion: 2025 });
const coverCache = new Map<string, Cover>();

/**
 * Literals a match of `matcher` must contain: OR over conjunctions, each an AND of folded strings.
 * TOP (`[[]]`) when some way of matching needs no literal at all.
 */
export function matcherCover(matcher: PasteMatcher): Cover {
  const key = matcherKey(matcher);
  let cover = coverCache.get(key);
  if (!cover) {
    cover = computeCover(matcher);
    coverCache.set(key, cover);
  }
  return cover;
}

/**
 * Gives a matcher's same-line exclusion (its analysed notOnLineMatcher) its own cover, as the build gives the
 * matcher its: on a long line the exclusion is then read by windows near its literals (window.ts), not whole.
 */
export function attachExclusionCover(m: PasteMatcher): void {
  const x = m.notOnLineMatcher;
  if (!x || x.cover) return;
  const cover = matcherCover(x);
  if (!cover.some((conj) => conj.length === 0)) x.cover = cover;
}

function computeCover(matcher: PasteMatcher): Cover {
  const cs = matcher.caseSensitive === true;
  if (matcher.contains !== undefined) {
    // The engine lowercases both sides with toLowerCase(); chars with non-ASCII case variants end
    // a literal (the scanner flags the two non-ASCII chars that lowercase to ASCII, K and İ).
    const parts: string[] = [];
    let cur = '';
    for (const ch of matcher.contains) {
      const c = literalChar(ch.codePointAt(0)!, cs);
      if (c === null) {
        if (cur) parts.push(cur);
        cur = '';
      } else cur += c;
    }
    if (cur) parts.push(cur);
    return parts.length ? [pruneConj(parts)] : TOP;
  }
  const src = matcher.regex ?? '';
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(src, 0, src.length, { unicode: false });
  } catch {
    return TOP; // the engine would not compile it either (rule validation rejects it)
  }
  const info = analyzeAlternatives(pattern.alternatives, cs);
  const cover = info.exact ? setCover(info.exact) : info.cover;
  return cover.map(pruneConj);
}

