// Rule patterns rewritten so V8 can match them in linear time (ReDoS-proof by construction).
//
// V8 has a non-backtracking engine (`--enable-experimental-regexp-engine-on-excessive-backtracks`,
// set by the launcher, src/shared/regex/engine.ts): a regex that backtracks too much is re-run on an
// automaton, linear in the input. That engine refuses the `i` and `u` flags, lookarounds and
// back-references, and bounded repeats that replicate a sub-pattern more than 16 times. So every
// rule pattern is compiled through `linearSource`: case-insensitivity becomes explicit classes
// (`a` → `[aA]`, `[a-c]` → `[a-cA-C]`), `X{0,80}` becomes `X{0,16}X{0,16}…` (the same strings).
// `rules validate` (and the build) reject a pattern whose rewrite the linear engine cannot run.
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

/** Past this many backtracking paths per start position a pattern runs on the linear engine. */
export const MAX_BACKTRACK_PATHS = 65536;

/**
 * An upper bound on the paths V8's backtracking engine can try from one start position (Infinity
 * with an unbounded repeat, a lookaround or a back-reference). Finite means the work per start is
 * at most paths × match length: linear in the line, with that constant.
 */
function paths(n: AST.Node): number {
  const cap = (x: number) => (x > 1e12 ? Infinity : x);
  switch (n.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return cap(n.alternatives.reduce((s, a) => s + paths(a), 0));
    case 'Alternative':
      return cap(n.elements.reduce((p, e) => p * paths(e), 1));
    case 'Quantifier': {
      if (n.max === Infinity) return Infinity;
      const e = paths(n.element);
      let sum = 0;
      for (let k = n.min; k <= n.max && sum !== Infinity; k++) sum = cap(sum + e ** k);
      return sum;
    }
    case 'Assertion':
      return n.kind === 'lookahead' || n.kind === 'lookbehind' ? Infinity : 1;
    case 'Backreference':
      return Infinity;
    default:
      return 1;
  }
}

/** Backtracking paths per start position of a sequence of nodes (plan.ts). */
export function nodePaths(nodes: readonly AST.Node[]): number {
  const p = nodes.reduce((acc, n) => acc * paths(n), 1);
  return p > 1e12 ? Infinity : p;
}

/** Backtracking paths per start position of `source` (see MAX_BACKTRACK_PATHS). */
export function backtrackPaths(source: string): number {
  return paths(parser.parsePattern(source, 0, source.length, { unicode: false }));
}
