// How a rule pattern that is not bounded as a whole is split for matching (issue #9 part 2: speed).
//
// A pattern's top-level alternatives are matched as separate pieces: runs of alternatives whose
// backtracking paths per start are bounded compile as written (V8's fast backtracking engine, linear
// in the line by construction), the rest as their linear-time rewrite. A "gap" alternative,
// HEAD[^\n]*?REST with a fixed-length HEAD, is matched by scanning for HEADs, RESTs and characters
// the gap cannot cross each in one forward pass (compile.ts), instead of one scan of the rest of
// the line per HEAD occurrence.
// The pieces are computed at validation (so the rules bundle carries them) and run by exec.ts,
// which combines them with leftmost-first semantics: the earliest index, then the earliest piece.
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import type { PastePiece } from '../../types.js';
import { linearSource, MAX_BACKTRACK_PATHS, nodePaths } from './linear.js';

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** The fixed match length of a sequence of elements, or null when it varies. */
function fixedLength(els: readonly AST.Node[]): number | null {
  let n = 0;
  for (const e of els) {
    const l = nodeLength(e);
    if (l === null) return null;
    n += l;
  }
  return n;
}

function nodeLength(n: AST.Node): number | null {
  switch (n.type) {
    case 'Character':
    case 'CharacterClass':
    case 'CharacterSet':
      return 1;
    case 'Assertion':
      return n.kind === 'lookahead' || n.kind === 'lookbehind' ? null : 0;
    case 'Group':
    case 'CapturingGroup': {
      const ls = n.alternatives.map((a) => fixedLength(a.elements));
      return ls.every((l) => l !== null && l === ls[0]) ? ls[0]! : null;
    }
    case 'Quantifier': {
      const l = nodeLength(n.element);
      return n.min === n.max && l !== null ? l * n.min : null;
    }
    default:
      return null;
  }
}

/** The class of characters that end a gap of `n` (its complement), or null when `n` is no single-character gap. */
function stopClass(n: AST.Node): string | null {
  if (n.type === 'CharacterClass') return n.negate ? `[${n.raw.slice(2)}` : `[^${n.raw.slice(1)}`;
  if (n.type !== 'CharacterSet') return null;
  if (n.kind === 'any') return '[\\n\\r\\u2028\\u2029]';
  if (n.kind === 'digit' || n.kind === 'space' || n.kind === 'word') return n.negate ? n.raw.toLowerCase() : n.raw.toUpperCase();
  return null;
}

function hasCapture(n: AST.Node): boolean {
  if (n.type === 'CapturingGroup') return true;
  if (n.type === 'Group' || (n.type === 'Assertion' && 'alternatives' in n)) return n.alternatives.some((a) => a.elements.some(hasCapture));
  return n.type === 'Quantifier' && hasCapture(n.element);
}

const rawOf = (source: string, els: readonly AST.Node[]): string => (els.length ? source.slice(els[0]!.start, els[els.length - 1]!.end) : '');

/** A gap piece for one alternative, or null when it has no such shape. */
function gapPiece(source: string, alt: AST.Alternative, ignoreCase: boolean): PastePiece | null {
  const els = alt.elements;
  const g = els.findIndex((e) => e.type === 'Quantifier' && e.max === Infinity);
  if (g <= 0) return null;
  const gap = els[g] as AST.Quantifier;
  const stop = gap.min === 0 ? stopClass(gap.element) : null;
  const head = els.slice(0, g);
  const rest = els.slice(g + 1);
  if (stop === null || fixedLength(head) === null || nodePaths(head, ignoreCase) > MAX_BACKTRACK_PATHS) return null;
  // A greedy gap takes the last REST: the same match only when REST captures nothing.
  if (gap.greedy && rest.some(hasCapture)) return null;
  const restRaw = rawOf(source, rest);
  const bounded = nodePaths(rest, ignoreCase) <= MAX_BACKTRACK_PATHS;
  return { re: bounded ? restRaw : linearSource(restRaw, ignoreCase), bounded, head: rawOf(source, head), headLength: fixedLength(head)!, stop };
}

/**
 * The pieces of `source`, or undefined when it is better run whole (bounded as a whole, or no
 * alternative that gains from leaving the linear engine).
 */
export function pastePlan(source: string, ignoreCase: boolean): PastePiece[] | undefined {
  const ast = parser.parsePattern(source, 0, source.length, { unicode: false });
  if (nodePaths([ast], ignoreCase) <= MAX_BACKTRACK_PATHS) return undefined;
  const pieces: PastePiece[] = [];
  let run: { bounded: boolean; alts: AST.Alternative[]; paths: number } | undefined;
  const flush = (): void => {
    if (!run) return;
    const raw = run.alts.map((a) => a.raw).join('|');
    pieces.push({ re: run.bounded ? raw : linearSource(raw, ignoreCase), bounded: run.bounded });
    run = undefined;
  };
  for (const alt of ast.alternatives) {
    const p = nodePaths([alt], ignoreCase);
    const bounded = p <= MAX_BACKTRACK_PATHS;
    const gap = bounded ? null : gapPiece(source, alt, ignoreCase);
    if (gap) {
      flush();
      pieces.push(gap);
      continue;
    }
    if (run && (run.bounded !== bounded || (bounded && run.paths + p > MAX_BACKTRACK_PATHS))) flush();
    run ??= { bounded, alts: [], paths: 0 };
    run.alts.push(alt);
    run.paths += p;
  }
  flush();
  return pieces.length === 1 && !pieces[0]!.bounded && pieces[0]!.head === undefined ? undefined : pieces;
}
