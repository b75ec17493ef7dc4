// How a rule pattern that is not bounded as a whole is split for matching (issue #9 part 2: speed).
//
// A pattern's top-level alternatives are matched as separate pieces: runs of alternatives whose
// backtracking paths per start are bounded compile as written (V8's fast backtracking engine, linear
// in the line by construction), the rest as their linear-time rewrite. A "gap" alternative,
// HEAD[^\n]{0,n}?REST (n unbounded or ≥ GAP_MIN_SPAN; a HEAD of varying length split by length), is
// matched by scanning for HEADs, RESTs and characters the gap cannot cross each in one forward pass
// (compile.ts), instead of one scan of up to n characters per HEAD occurrence — also in a pattern
// bounded as a whole, where n × the HEADs on a crafted line was the cost.
// The pieces are computed at validation (so the rules bundle carries them) and run by exec.ts,
// which combines them with leftmost-first semantics: the earliest index, then the earliest piece.
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import type { PastePiece } from '../../types.js';
import { linearSource, MAX_BACKTRACK_PATHS, nodePaths, selectiveStart } from './linear.js';

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

/** A repeat this long or longer (or unbounded) is worth a gap piece: a scan instead of a backtrack per length. */
export const GAP_MIN_SPAN = 32;

/**
 * In an alternative too ambiguous for the backtracker (more than MAX_BACKTRACK_PATHS), a shorter gap
 * is worth a piece too: HEAD G{0,20}REST as a scan keeps the rest on the backtracker, where the
 * linear rewrite of the whole would trip V8's limit and run on the automaton (tls/https-page-blocks-plain-ws).
 */
export const GAP_MIN_SPAN_UNBOUNDED = 8;

const isGap = (e: AST.Node, min = GAP_MIN_SPAN): e is AST.Quantifier => e.type === 'Quantifier' && e.min === 0 && (e.max === Infinity || e.max >= min);

/** At most this many fixed-length sequences a variable-length HEAD is expanded into. */
const MAX_HEAD_SEQUENCES = 64;

/**
 * The fixed-length sequences a HEAD (no captures) can match, as [raw, length], in the order the
 * backtracker tries them; null when it has a repeat of varying count or too many sequences.
 */
function headSequences(source: string, els: readonly AST.Node[]): Array<[string, number]> | null {
  let out: Array<[string, number]> = [['', 0]];
  for (const e of els) {
    let opts: Array<[string, number]> | null;
    if (e.type === 'Group') {
      opts = [];
      for (const a of e.alternatives) {
        const sub = headSequences(source, a.elements);
        if (!sub) return null;
        opts.push(...sub);
      }
    } else if (e.type === 'Quantifier' && e.max - e.min <= 3 && nodeLength(e) === null) {
      // X{m,n} of few counts: one sequence per count (the greedy order: most first).
      const one = e.element.type === 'CapturingGroup' ? null : headSequences(source, [e.element]);
      if (!one) return null;
      opts = [];
      for (let k = e.max; k >= e.min; k--) {
        let seq: Array<[string, number]> = [['', 0]];
        for (let i = 0; i < k; i++) seq = seq.flatMap(([r, n]) => one.map(([r2, n2]): [string, number] => [r + r2, n + n2]));
        opts.push(...seq);
        if (opts.length > MAX_HEAD_SEQUENCES) return null;
      }
    } else {
      const l = e.type === 'CapturingGroup' ? null : nodeLength(e);
      if (l === null) return null;
      opts = [[e.raw, l]];
    }
    out = out.flatMap(([r, n]) => opts!.map(([r2, n2]): [string, number] => [r + r2, n + n2]));
    if (out.length > MAX_HEAD_SEQUENCES) return null;
  }
  return out;
}

/**
 * The gap pieces for one alternative HEAD G{0,n}REST (G one character, n unbounded or at least
 * GAP_MIN_SPAN), or null when it has no such shape. A HEAD of varying length is split into one
 * piece per length (only when the alternative captures nothing: the pieces then agree on what the
 * engine reads, the start of the match).
 */
function gapPieces(source: string, alt: AST.Alternative, ignoreCase: boolean): PastePiece[] | null {
  const els = alt.elements;
  const span = nodePaths([alt], ignoreCase) > MAX_BACKTRACK_PATHS ? GAP_MIN_SPAN_UNBOUNDED : GAP_MIN_SPAN;
  const g = els.findIndex((e) => isGap(e, span));
  if (g <= 0) return null;
  const gap = els[g] as AST.Quantifier;
  const stop = stopClass(gap.element);
  const head = els.slice(0, g);
  const rest = els.slice(g + 1);
  if (stop === null || nodePaths(head, ignoreCase) > MAX_BACKTRACK_PATHS) return null;
  // A bounded gap before a REST that could start almost anywhere: scanning for REST would try it
  // at every position of the line; the backtracker tries it only within n of each HEAD.
  if (gap.max !== Infinity && !selectiveStart(rest, ignoreCase)) return null;
  // A greedy gap takes the last REST: the same match only when REST captures nothing.
  if (gap.greedy && rest.some(hasCapture)) return null;
  const restRaw = rawOf(source, rest);
  const bounded = nodePaths(rest, ignoreCase) <= MAX_BACKTRACK_PATHS;
  const piece = { re: bounded ? restRaw : linearSource(restRaw, ignoreCase), bounded, stop, ...(gap.max === Infinity ? {} : { max: gap.max }) };
  const fixed = fixedLength(head);
  if (fixed !== null) return [{ ...piece, head: rawOf(source, head), headLength: fixed }];
  if (els.some(hasCapture)) return null;
  const seqs = headSequences(source, head);
  if (!seqs) return null;
  const byLength = new Map<number, string[]>();
  for (const [raw, n] of seqs) byLength.set(n, [...(byLength.get(n) ?? []), raw]);
  return [...byLength].map(([n, raws]) => ({ ...piece, head: raws.length > 1 ? `(?:${raws.join('|')})` : raws[0]!, headLength: n }));
}

/**
 * Whether some part of `source` would run on V8's linear engine, as attachLinear and pasteRunner
 * decide: the whole pattern over MAX_BACKTRACK_PATHS ways to match from one start with no plan, or
 * a plan piece over it. `rules validate` refuses such a pattern: on the backtracker every part has
 * bounded work per start; the linear engine's rewrite of long bounded repeats is slow in practice.
 */
export function needsLinearEngine(source: string, ignoreCase: boolean): boolean {
  const plan = pastePlan(source, ignoreCase);
  if (plan) return plan.some((p) => !p.bounded);
  return nodePaths([parser.parsePattern(source, 0, source.length, { unicode: false })], ignoreCase) > MAX_BACKTRACK_PATHS;
}

/**
 * The pieces of `source`, or undefined when it is better run whole (bounded as a whole with no
 * long gap, or no alternative that gains from leaving the linear engine).
 */
export function pastePlan(source: string, ignoreCase: boolean): PastePiece[] | undefined {
  const ast = parser.parsePattern(source, 0, source.length, { unicode: false });
  const wholeBounded = nodePaths([ast], ignoreCase) <= MAX_BACKTRACK_PATHS;
  const gaps = ast.alternatives.map((alt) => gapPieces(source, alt, ignoreCase));
  if (wholeBounded && gaps.every((g) => g === null)) return undefined;
  const pieces: PastePiece[] = [];
  let run: { bounded: boolean; alts: AST.Alternative[]; paths: number } | undefined;
  const flush = (): void => {
    if (!run) return;
    const raw = run.alts.map((a) => a.raw).join('|');
    pieces.push({ re: run.bounded ? raw : linearSource(raw, ignoreCase), bounded: run.bounded });
    run = undefined;
  };
  ast.alternatives.forEach((alt, i) => {
    const gap = gaps[i];
    if (gap) {
      flush();
      pieces.push(...gap);
      return;
    }
    const p = nodePaths([alt], ignoreCase);
    const bounded = p <= MAX_BACKTRACK_PATHS;
    if (run && (run.bounded !== bounded || (bounded && run.paths + p > MAX_BACKTRACK_PATHS))) flush();
    run ??= { bounded, alts: [], paths: 0 };
    run.alts.push(alt);
    run.paths += p;
  });
  flush();
  return pieces.length === 1 && !pieces[0]!.bounded && pieces[0]!.head === undefined ? undefined : pieces;
}
