// Rule patterns rewritten so V8 can match them in linear time (ReDoS-proof by construction).
//
// V8 has a non-backtracking engine (`--enable-experimental-regexp-engine-on-excessive-backtracks`,
// set by the launcher, src/shared/regex/engine.ts): a regex that backtracks too much is re-run on an
// automaton, linear in the input. That engine refuses the `i` and `u` flags, lookarounds and
// back-references, and bounded repeats that replicate a sub-pattern more than 16 times. So every
// rule pattern is compiled through `linearSource`: case-insensitivity becomes explicit classes
// (`a` → `[aA]`, `[a-c]` → `[a-cA-C]`), `X{0,80}` becomes `X{0,16}X{0,16}…` (the same strings).
// `rules validate` (and the build) reject a pattern whose rewrite the linear engine cannot run.
// Over ~300 lines on purpose: one rewrite over the regex AST, node kind by node kind; split, the folding and repeat rules would have to share private state.
import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** The most a bounded repeat may replicate its sub-pattern in V8's linear engine. */
export const MAX_REPLICATION = 16;

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** The other-case forms of one code point, the way V8 folds without the `u` flag (no non-ASCII → ASCII). */
function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const out = new Set<number>();
  for (const v of [ch.toUpperCase(), ch.toLowerCase()]) {
    if (v.length !== ch.length || v === ch) continue;
    const vcp = v.codePointAt(0)!;
    // Annex B Canonicalize: a non-ASCII character never folds to an ASCII one.
    if ((cp >= 0x80) !== (vcp >= 0x80)) continue;
    out.add(vcp);
  }
  // Characters whose upper case is shared (k, K and KELVIN SIGN stay apart without `u`): one step is enough here.
  return [...out];
}

function escapeClassChar(cp: number): string {
  if (cp < 0x20 || cp > 0x7e) return cp > 0xffff ? String.fromCodePoint(cp) : `\\u${cp.toString(16).padStart(4, '0')}`;
  const ch = String.fromCharCode(cp);
  return /[\\\]\[^-]/.test(ch) ? `\\${ch}` : ch;
}

/** Case variants of a class range, as extra ranges (large ranges are walked only where letters are). */
function rangeVariants(min: number, max: number): string[] {
  const extra: string[] = [];
  const hi = Math.min(max, 0x24ff); // letters with case live below U+2500 (Latin, Greek, Cyrillic, …)
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0) extra.push(runStart === runEnd ? escapeClassChar(runStart) : `${escapeClassChar(runStart)}-${escapeClassChar(runEnd)}`);
    runStart = runEnd = -1;
  };
  const vs: number[] = [];
  for (let cp = min; cp <= hi; cp++) for (const v of caseVariants(cp)) if (v < min || v > max) vs.push(v);
  vs.sort((a, b) => a - b);
  for (const v of vs) {
    if (runStart >= 0 && v === runEnd + 1) runEnd = v;
    else if (v !== runEnd) {
      flush();
      runStart = runEnd = v;
    }
  }
  flush();
  return extra;
}

function classElement(e: AST.CharacterClassElement, fold: boolean): string {
  if (!fold) return e.raw;
  if (e.type === 'Character') {
    const vs = caseVariants(e.value);
    return e.raw + vs.map(escapeClassChar).join('');
  }
  if (e.type === 'CharacterClassRange') return e.raw + rangeVariants(e.min.value, e.max.value).join('');
  return e.raw;
}

function hasCapture(n: AST.Node): boolean {
  if (n.type === 'CapturingGroup') return true;
  const kids: AST.Node[] =
    n.type === 'Alternative' ? n.elements
    : n.type === 'Group' || n.type === 'Pattern' ? n.alternatives
    : n.type === 'Quantifier' ? [n.element]
    : n.type === 'Assertion' && 'alternatives' in n ? n.alternatives
    : [];
  return kids.some(hasCapture);
}

/** How many times V8's linear engine replicates the most replicated piece of `n` (bounded repeats multiply). */
function replication(n: AST.Node): number {
  switch (n.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return Math.max(1, ...n.alternatives.map(replication));
    case 'Alternative':
      return Math.max(1, ...n.elements.map(replication));
    case 'Quantifier':
      return (n.max === Infinity ? Math.max(n.min, 1) : n.max) * replication(n.element);
    default:
      return 1;
  }
}

function emit(n: AST.Node, fold: boolean): string {
  switch (n.type) {
    case 'Pattern':
      return n.alternatives.map((a) => emit(a, fold)).join('|');
    case 'Alternative':
      return n.elements.map((e) => emit(e, fold)).join('');
    case 'Group':
      return `(?:${n.alternatives.map((a) => emit(a, fold)).join('|')})`;
    case 'CapturingGroup':
      return `(${n.name ? `?<${n.name}>` : ''}${n.alternatives.map((a) => emit(a, fold)).join('|')})`;
    case 'Assertion':
      if (n.kind === 'lookahead' || n.kind === 'lookbehind') {
        const head = `(?${n.kind === 'lookbehind' ? '<' : ''}${n.negate ? '!' : '='}`;
        return `${head}${n.alternatives.map((a) => emit(a, fold)).join('|')})`;
      }
      return n.raw;
    case 'Character': {
      const vs = fold ? caseVariants(n.value) : [];
      return vs.length ? `[${[n.value, ...vs].map(escapeClassChar).join('')}]` : n.raw;
    }
    case 'CharacterClass':
      if (!fold) return n.raw;
      return `[${n.negate ? '^' : ''}${n.elements.map((e) => classElement(e as AST.CharacterClassElement, fold)).join('')}]`;
    case 'Quantifier': {
      const inner = emit(n.element, fold);
      const atom = n.element.type === 'Character' || n.element.type === 'CharacterClass' || n.element.type === 'CharacterSet' || n.element.type === 'Group' || n.element.type === 'CapturingGroup' ? inner : `(?:${inner})`;
      const lazy = n.greedy ? '' : '?';
      const q = (min: number, max: number): string =>
        max === Infinity ? (min === 0 ? '*' : min === 1 ? '+' : `{${min},}`)
        : min === max ? (min === 1 ? '' : `{${min}}`)
        : min === 0 && max === 1 ? '?'
        : `{${min},${max}}`;
      // Chunks small enough that chunk × (what the element replicates inside) stays within the limit.
      const chunk = Math.max(1, Math.floor(MAX_REPLICATION / replication(n.element)));
      if (n.max === Infinity || n.max <= chunk || hasCapture(n.element)) {
        const s = q(n.min, n.max);
        return `${atom}${s}${s ? lazy : ''}`;
      }
      // X{m,n} with n > chunk: the m required copies in chunks, then the optional rest nested,
      // (?:X(?:X…)?)? — one way to match each length. Consecutive X{0,16}X{0,16}… chunks match the
      // same strings but ambiguously: on the backtracking engine a failing long line then costs
      // every split of every length, past V8's fallback threshold onto the slow automaton.
      const parts: string[] = [];
      for (let left = n.min; left > 0; left -= Math.min(chunk, left)) parts.push(`${atom}${q(Math.min(chunk, left), Math.min(chunk, left))}`);
      let rest = '';
      for (let i = n.max - n.min; i > 0; i--) rest = `(?:${inner}${rest})?${lazy}`;
      return parts.join('') + rest;
    }
    default:
      return n.raw;
  }
}

/** The pattern to compile without flags: same matches as `new RegExp(source, ignoreCase ? 'i' : '')`. */
export function linearSource(source: string, ignoreCase: boolean): string {
  const ast = parser.parsePattern(source, 0, source.length, { unicode: false });
  return emit(ast, ignoreCase);
}

/**
 * The unbounded repeats of `source` (`*`, `+`, `{n,}`), as written. `rules validate` rejects them:
 * V8 backtracks a greedy loop over one character class without counting it against its fallback
 * limit, so `a[^\n]*b` on a line of `a`s, or `:\s*x?\s*y` on a run of spaces, is quadratic in the
 * line whatever the fallback flag says. With every repeat bounded, the work per start position is
 * bounded (backtrackPaths is finite).
 */
export function unboundedRepeats(source: string): string[] {
  const out: string[] = [];
  const walk = (n: AST.Node): void => {
    if (n.type === 'Quantifier') {
      if (n.max === Infinity) out.push(n.raw);
      walk(n.element);
    } else if (n.type === 'Pattern' || n.type === 'Group' || n.type === 'CapturingGroup') n.alternatives.forEach(walk);
    else if (n.type === 'Alternative') n.elements.forEach(walk);
    else if (n.type === 'Assertion' && 'alternatives' in n) n.alternatives.forEach(walk);
  };
  walk(parser.parsePattern(source, 0, source.length, { unicode: false }));
  return out;
}

/** Past this many backtracking paths per start position a pattern runs on the linear engine. */
export const MAX_BACKTRACK_PATHS = 65536;

/**
 * Characters that can begin a match, over ASCII (a 128-bit set) plus one flag for every non-ASCII
 * character: enough to prove two sets disjoint (without the `u` flag, case folding never maps a
 * non-ASCII character to an ASCII one).
 */
interface CharSet {
  ascii: Uint32Array;
  other: boolean;
}

const emptySet = (): CharSet => ({ ascii: new Uint32Array(4), other: false });
const union = (a: CharSet, b: CharSet): CharSet => ({ ascii: a.ascii.map((w, i) => w | b.ascii[i]!), other: a.other || b.other });
const disjoint = (a: CharSet, b: CharSet): boolean => !(a.other && b.other) && a.ascii.every((w, i) => (w & b.ascii[i]!) === 0);

function addRange(set: CharSet, min: number, max: number): void {
  for (let c = min; c <= Math.min(max, 127); c++) set.ascii[c >> 5]! |= 1 << (c & 31);
  if (max >= 128) set.other = true;
}

/** The characters one class element matches, before case folding and negation. */
function escapeSet(kind: string, negate: boolean): CharSet {
  const set = emptySet();
  if (kind === 'digit') addRange(set, 0x30, 0x39);
  else if (kind === 'word') [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0x5f, 0x5f]].forEach(([a, b]) => addRange(set, a!, b!));
  else if (kind === 'space') {
    addRange(set, 0x09, 0x0d);
    addRange(set, 0x20, 0x20);
    set.other = true;
  } else return { ascii: new Uint32Array(4).fill(0xffffffff), other: true }; // \p{…} and the like: anything
  return negate ? complement(set) : set;
}

function complement(set: CharSet): CharSet {
  return { ascii: set.ascii.map((w) => ~w >>> 0), other: true };
}

/** ASCII letters in either case (the `i` flag). */
function folded(set: CharSet): CharSet {
  const out = { ascii: set.ascii.slice(), other: set.other };
  for (let c = 0x41; c <= 0x5a; c++) {
    const up = (set.ascii[c >> 5]! >>> (c & 31)) & 1;
    const lo = (set.ascii[(c + 32) >> 5]! >>> ((c + 32) & 31)) & 1;
    if (up | lo) {
      out.ascii[c >> 5]! |= 1 << (c & 31);
      out.ascii[(c + 32) >> 5]! |= 1 << ((c + 32) & 31);
    }
  }
  return out;
}

/** The characters a one-character node matches, or null when `n` is not one. */
function charSet(n: AST.Node, ignoreCase: boolean): CharSet | null {
  const fold = (x: CharSet) => (ignoreCase ? folded(x) : x);
  switch (n.type) {
    case 'Character': {
      const set = emptySet();
      addRange(set, n.value, n.value);
      return fold(set);
    }
    case 'CharacterSet':
      if (n.kind === 'any') {
        const set = complement(emptySet());
        for (const c of [0x0a, 0x0d]) set.ascii[c >> 5]! &= ~(1 << (c & 31));
        return set;
      }
      return n.kind === 'digit' || n.kind === 'word' || n.kind === 'space' ? fold(escapeSet(n.kind, n.negate)) : escapeSet('', false);
    case 'CharacterClass': {
      let set = emptySet();
      for (const e of n.elements) {
        if (e.type === 'Character') addRange(set, e.value, e.value);
        else if (e.type === 'CharacterClassRange') addRange(set, e.min.value, e.max.value);
        else if (e.type === 'CharacterSet' && (e.kind === 'digit' || e.kind === 'word' || e.kind === 'space')) set = union(set, escapeSet(e.kind, e.negate));
        else return escapeSet('', false);
      }
      // Fold, then negate: [^a] with `i` matches neither a nor A.
      set = fold(set);
      return n.negate ? complement(set) : set;
    }
    default:
      return null;
  }
}

/** What a node can begin with (null: unknown) and whether it can match the empty string. */
function lead(n: AST.Node, ic: boolean): { set: CharSet | null; nullable: boolean } {
  switch (n.type) {
    case 'Group':
    case 'CapturingGroup': {
      let set: CharSet | null = emptySet();
      let nullable = false;
      for (const a of n.alternatives) {
        const l = leadSeq(a.elements, 0, ic);
        set = set && l.set && union(set, l.set);
        nullable ||= l.nullable;
      }
      return { set, nullable };
    }
    case 'Quantifier': {
      if (n.max === 0) return { set: emptySet(), nullable: true };
      const l = lead(n.element, ic);
      return { set: l.set, nullable: n.min === 0 || l.nullable };
    }
    case 'Assertion':
      return n.kind === 'lookahead' || n.kind === 'lookbehind' ? { set: null, nullable: true } : { set: emptySet(), nullable: true };
    case 'Character':
    case 'CharacterClass':
    case 'CharacterSet':
      return { set: charSet(n, ic), nullable: false };
    case 'Alternative':
      return leadSeq(n.elements, 0, ic);
    default:
      return { set: null, nullable: true };
  }
}

function leadSeq(els: readonly AST.Node[], from: number, ic: boolean): { set: CharSet | null; nullable: boolean } {
  let set: CharSet = emptySet();
  for (let i = from; i < els.length; i++) {
    const l = lead(els[i]!, ic);
    if (l.set === null) return { set: null, nullable: true };
    set = union(set, l.set);
    if (!l.nullable) return { set, nullable: false };
  }
  return { set, nullable: true };
}

/** What els[from..] then a continuation starting with `follow` can begin with (null: unknown, or the match may end there). */
function firstOf(els: readonly AST.Node[], from: number, follow: CharSet | null, ic: boolean): CharSet | null {
  const l = leadSeq(els, from, ic);
  if (!l.nullable) return l.set;
  return l.set && follow && union(l.set, follow);
}

/** Whether a repeat of something longer than one character sits inside `n`. */
function repeatsGroup(n: AST.Node): boolean {
  switch (n.type) {
    case 'Quantifier':
      return charSet(n.element, false) === null || repeatsGroup(n.element);
    case 'Group':
    case 'CapturingGroup':
      return n.alternatives.some(repeatsGroup);
    case 'Alternative':
      return n.elements.some(repeatsGroup);
    default:
      return false;
  }
}

/** Past this many copies a bounded repeat of a group is counted the plain way (Σ pathsᵏ). */
const UNROLL = 64;
const cap = (x: number): number => (x > 1e12 ? Infinity : x);

/**
 * An upper bound on the paths V8's backtracking engine can try from one start position when it
 * matches els[from..] followed by a continuation that has `tail` paths and begins with a character
 * of `follow` (null: unknown). Infinity with an unbounded repeat, a lookaround or a
 * back-reference. Paths multiply along a sequence, except after a one-character repeat `c{m,n}`
 * whose characters cannot begin what follows: for every count but the one where the run of c
 * ends, what follows fails on its first character, so they add — (n − m) + rest. Finite means
 * the work per start is at most paths × match length: linear in the line, with that constant.
 */
function work(els: readonly AST.Node[], from: number, tail: number, follow: CharSet | null, ic: boolean): number {
  if (from === els.length) return tail;
  const rest = work(els, from + 1, tail, follow, ic);
  if (rest === Infinity) return Infinity;
  return workOf(els[from]!, rest, firstOf(els, from + 1, follow, ic), ic);
}

/** Paths of node `n` then a continuation with `rest` paths beginning with `follow`. */
function workOf(n: AST.Node, rest: number, follow: CharSet | null, ic: boolean): number {
  switch (n.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return cap(n.alternatives.reduce((s, a) => s + work(a.elements, 0, rest, follow, ic), 0));
    case 'Alternative':
      return work(n.elements, 0, rest, follow, ic);
    case 'Quantifier': {
      if (n.max === Infinity) return Infinity;
      const span = n.max - n.min + 1;
      const c = charSet(n.element, ic);
      if (c !== null) return cap(follow !== null && disjoint(c, follow) ? span - 1 + rest : span * rest);
      // Σ over counts k of paths(element)ᵏ × rest; unrolled, each copy is followed by another
      // copy or by the continuation, so one-character repeats inside it can add too.
      const e = workOf(n.element, 1, null, ic);
      let plain = 0;
      for (let k = n.min; k <= n.max && plain !== Infinity; k++) plain = cap(plain + e ** k * rest);
      // Unrolled only when no repeat of a group sits inside: nested unrolling would cost 64ᵈ steps
      // (a user rule could make validation itself slow).
      if (n.max > UNROLL || repeatsGroup(n.element)) return plain;
      const l = lead(n.element, ic).set;
      const next = l && follow && union(l, follow);
      let chain = rest;
      let unrolled = n.min === 0 ? rest : 0;
      for (let k = 1; k <= n.max && unrolled !== Infinity; k++) {
        chain = workOf(n.element, chain, next, ic);
        if (k >= n.min) unrolled = cap(unrolled + chain);
      }
      return Math.min(plain, unrolled);
    }
    case 'Assertion':
      return n.kind === 'lookahead' || n.kind === 'lookbehind' ? Infinity : rest;
    case 'Backreference':
      return Infinity;
    default:
      return rest;
  }
}

/**
 * Whether a sequence of nodes can begin with at most half of the ASCII characters (and no other
 * character): a forward scan for it then rejects most start positions on their first character.
 * `[^\n]{0,80}?x` or `(?:\.service)?[^\n]{0,80}?x` is not selective: a scan tries it at every
 * position, each up to 80 characters (plan.ts then leaves the pattern to the backtracker, which
 * starts only where HEAD is).
 */
export function selectiveStart(nodes: readonly AST.Node[], ignoreCase = true): boolean {
  const l = leadSeq(nodes, 0, ignoreCase);
  if (l.set === null || l.nullable) return false;
  let n = 0;
  for (const w of l.set.ascii) for (let b = w; b; b &= b - 1) n++;
  if (!l.set.other) return n <= 64;
  // Non-ASCII first characters: selective when they are a few characters written out (页面|网页).
  const other = nonAsciiLead(nodes);
  return other !== null && n + other <= 64;
}

/** How many non-ASCII characters a sequence can begin with when each is written as a literal, else null. */
function nonAsciiLead(nodes: readonly AST.Node[]): number | null {
  const n = nodes.find((e) => !(e.type === 'Assertion' && (e.kind === 'word' || e.kind === 'start')));
  if (n === undefined) return null;
  switch (n.type) {
    case 'Character':
      return n.value >= 0x80 ? 1 : 0;
    case 'Group':
    case 'CapturingGroup': {
      let total = 0;
      for (const a of n.alternatives) {
        const k = nonAsciiLead(a.elements);
        if (k === null) return null;
        total += k;
      }
      return total;
    }
    case 'Quantifier':
      return n.min >= 1 ? nonAsciiLead([n.element]) : null;
    default:
      return null;
  }
}

/** Past this product of spans, two adjacent repeats over shared characters are refused (ambiguousRepeats). */
export const MAX_AMBIGUOUS_SPLITS = 1024;

/**
 * Adjacent one-character repeats whose characters overlap, with how many ways they can split a
 * run both accept (the product of their spans): `[\w.@-]{0,40}(?:\.service)?[^\n]{0,80}?x` tries
 * 41 × 81 splits at every start before `x` fails. Looks through groups (a repeat that ends or
 * begins one) and through nodes that can match nothing between the two. A pair that ends the
 * pattern with nothing after it that can fail is not counted: its first try succeeds.
 * backtrackPaths already multiplies such pairs, but within MAX_BACKTRACK_PATHS a few long ones
 * fit, and each path is long: `rules validate` refuses a pair over MAX_AMBIGUOUS_SPLITS.
 */
export function ambiguousRepeats(source: string, ignoreCase = true): Array<{ first: string; second: string; splits: number }> {
  type Rep = { q: AST.Quantifier; set: CharSet; alone: boolean };
  const single = (n: AST.Node): Rep | null => {
    if (n.type !== 'Quantifier' || n.max === n.min) return null;
    const set = charSet(n.element, ignoreCase);
    return set && { q: n, set, alone: true };
  };
  // The one-character repeats a node can end (last) or begin with, through groups; `alone`: the
  // repeat is all of its group's alternative (nothing after it inside the group can fail).
  const ends = (n: AST.Node, last: boolean): Rep[] => {
    const r = single(n);
    if (r) return [r];
    if (n.type !== 'Group' && n.type !== 'CapturingGroup') return [];
    return n.alternatives.flatMap((a) => (a.elements.length ? ends(a.elements[last ? a.elements.length - 1 : 0]!, last).map((x) => ({ ...x, alone: x.alone && a.elements.length === 1 })) : []));
  };
  const out: Array<{ first: string; second: string; splits: number }> = [];
  const walk = (n: AST.Node, top: boolean): void => {
    if (n.type === 'Pattern') n.alternatives.forEach((a) => walk(a, true));
    else if (n.type === 'Group' || n.type === 'CapturingGroup') n.alternatives.forEach((a) => walk(a, false));
    else if (n.type === 'Quantifier') walk(n.element, false);
    else if (n.type === 'Alternative')
      n.elements.forEach((e, i) => {
        walk(e, false);
        const left = ends(e, true);
        for (let j = i + 1; left.length && j < n.elements.length; j++) {
          const after = leadSeq(n.elements, j + 1, ignoreCase).nullable;
          for (const b of ends(n.elements[j]!, false)) {
            if (top && after && b.alone) continue; // the pattern's end: the first try succeeds
            for (const a of left) if (!disjoint(a.set, b.set)) out.push({ first: a.q.raw, second: b.q.raw, splits: (a.q.max - a.q.min + 1) * (b.q.max - b.q.min + 1) });
          }
          if (!lead(n.elements[j]!, ignoreCase).nullable) break;
        }
      });
  };
  walk(parser.parsePattern(source, 0, source.length, { unicode: false }), true);
  return out;
}

/** Backtracking paths per start position of a sequence of nodes ending the pattern (plan.ts). */
export function nodePaths(nodes: readonly AST.Node[], ignoreCase = true): number {
  return work(nodes, 0, 1, null, ignoreCase);
}

/** Backtracking paths per start position of `source` (see MAX_BACKTRACK_PATHS). */
export function backtrackPaths(source: string, ignoreCase = true): number {
  return nodePaths([parser.parsePattern(source, 0, source.length, { unicode: false })], ignoreCase);
}
