// The shape check of test/paste/reader-regex-shapes.test.ts: what `rules validate` requires of a
// rule pattern, for a regex run as it is (not through the rule engine's plan).
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { ambiguousRepeats, MAX_AMBIGUOUS_SPLITS, MAX_BACKTRACK_PATHS, nodePaths, unboundedRepeats } from '../../src/shared/regex/linear.js';

export interface Found { where: string; source: string; flags: string }
const parser = new RegExpParser({ ecmaVersion: 2025 });

/** A node that matches in every position (so the match never backtracks into what precedes it). */
function cannotFail(n: AST.Node): boolean {
  if (n.type === 'Quantifier') return n.min === 0;
  if (n.type === 'Group' || n.type === 'CapturingGroup') return n.alternatives.some((a) => a.elements.every(cannotFail));
  return false;
}

/** The elements at the end of a sequence that cannot fail, also inside a last group of one alternative. */
function tailOf(elements: readonly AST.Node[]): AST.Node[] {
  let cut = elements.length;
  while (cut > 0 && cannotFail(elements[cut - 1]!)) cut--;
  const out = elements.slice(cut);
  const last = elements[cut - 1];
  if (last && (last.type === 'Group' || last.type === 'CapturingGroup') && last.alternatives.length === 1) out.push(...tailOf(last.alternatives[0]!.elements));
  return out;
}

const pathsOf = (raw: string, ignoreCase: boolean): number => nodePaths([parser.parsePattern(raw, 0, raw.length, { unicode: false })], ignoreCase);

/** The most characters a node can match (Infinity if unbounded or a backreference). */
function maxLength(n: AST.Node): number {
  switch (n.type) {
    case 'Character': case 'CharacterClass': case 'CharacterSet': return 1;
    case 'Assertion': return 0;
    case 'Quantifier': return n.max === 0 ? 0 : n.max * maxLength(n.element);
    case 'Group': case 'CapturingGroup': case 'Pattern': return Math.max(0, ...n.alternatives.map(maxLength));
    case 'Alternative': return n.elements.reduce((sum, e) => sum + maxLength(e), 0);
    default: return Infinity;
  }
}

const hasBackreference = (raw: string): boolean => /\\[1-9]|\\k</.test(raw);

/**
 * The idiom `(?:a1|a2|…)(?:(?!L)X){0,n}?REST` at the start of a pattern's alternative, X one
 * character: a gap that stops where L matches. When an alternative ai is also, verbatim, an
 * alternative of L, every match of ai at a position q makes L match at q, so the gap of an earlier
 * start cannot run past q. Two matches of such alternatives whose gaps both hold a character c
 * then start less than maxLength(those alternatives) apart (the later start would otherwise stop
 * the earlier gap before c), so c lies in at most maxLength × (their ways to match at one start)
 * gaps: across the line, each gap step (L, X, then REST tried) is paid that many times per
 * character, not n times per start. Alternatives of the group that L does not hold verbatim
 * (left out, or guarded by a lookaround of their own) are charged per start: each of their ways
 * walks the whole gap. (notes/hostile-input.md 2p)
 */
interface StoppingGap { covered: string[]; uncovered: string[]; look: string; step: string; max: number; rest: string }
function stoppingGap(alt: AST.Alternative): StoppingGap | undefined {
  const [group, gap, ...rest] = alt.elements;
  if (!group || (group.type !== 'Group' && group.type !== 'CapturingGroup') || !gap || gap.type !== 'Quantifier' || hasBackreference(alt.raw)) return undefined;
  const body = gap.element;
  if (body.type !== 'Group' || body.alternatives.length !== 1) return undefined;
  const [look, step, ...more] = body.alternatives[0]!.elements;
  if (more.length || !look || look.type !== 'Assertion' || look.kind !== 'lookahead' || !look.negate || !step || maxLength(step) !== 1) return undefined;
  if (step.type !== 'Character' && step.type !== 'CharacterClass' && step.type !== 'CharacterSet') return undefined;
  const inL = new Set(look.alternatives.map((a) => a.raw));
  const covered = group.alternatives.filter((a) => inL.has(a.raw) && !/\(\?[=!<]/.test(a.raw)).map((a) => a.raw);
  if (!covered.length) return undefined;
  const uncovered = group.alternatives.map((a) => a.raw).filter((r) => !covered.includes(r));
  return { covered, uncovered, look: look.raw, step: step.raw, max: gap.max, rest: rest.map((e) => e.raw).join('') };
}

function stoppingGapPaths(g: StoppingGap, ignoreCase: boolean): number {
  const group = (alts: string[]) => `(?:${alts.join('|')})`;
  const covered = group(g.covered);
  const window = Math.max(1, maxLength(parser.parsePattern(covered, 0, covered.length, { unicode: false }))) * readerPaths(covered, ignoreCase);
  // One gap step: the lookahead (atomic, its own work), the character, then REST tried once.
  const step = readerPaths(g.look.replace(/^\(\?!/, '(?:'), ignoreCase) + pathsOf(g.step, ignoreCase) + (g.rest ? readerPaths(g.rest, ignoreCase) : 1);
  // Per start: the group's alternatives tried, and each way a left-out alternative matches walks its whole gap.
  const uncovered = g.uncovered.length ? readerPaths(group(g.uncovered), ignoreCase) * (g.max + 1) * step : 0;
  return readerPaths(group([...g.covered, ...g.uncovered]), ignoreCase) + window * step + uncovered;
}

/**
 * The atomic idiom `(?=(X))\k`, \k the lookahead's own group right after it: X runs once and its
 * first match is kept (V8 never re-enters a lookahead), then the backreference consumes exactly
 * that text, one way. An alternative with such pairs at its top level is split there:
 * paths(before) × (paths(X) + paths(what follows, split the same way)). A backreference anywhere
 * else (before, inside X, after the last pair) leaves the alternative to the old way. (notes/hostile-input.md 2s)
 */
function atomicPaths(alt: AST.Alternative, ignoreCase: boolean): number | undefined {
  const els = alt.elements;
  const at = els.findIndex((look, i) => {
    const next = els[i + 1];
    if (look.type !== 'Assertion' || look.kind !== 'lookahead' || look.negate || look.alternatives.length !== 1) return false;
    const [group, ...more] = look.alternatives[0]!.elements;
    return !more.length && group?.type === 'CapturingGroup' && next?.type === 'Backreference' && next.resolved === group;
  });
  if (at < 0) return undefined;
  const raw = (nodes: readonly AST.Node[]) => nodes.map((n) => n.raw).join('');
  const before = raw(els.slice(0, at));
  const group = (els[at] as AST.LookaheadAssertion).alternatives[0]!.elements[0] as AST.CapturingGroup;
  const inner = `(?:${group.alternatives.map((a) => a.raw).join('|')})`;
  const rest = { ...alt, elements: els.slice(at + 2) } as AST.Alternative;
  const tail = raw(rest.elements);
  const after = atomicPaths(rest, ignoreCase) ?? (hasBackreference(tail) ? undefined : tail ? readerPaths(tail, ignoreCase) : 1);
  if (after === undefined || hasBackreference(before) || hasBackreference(inner)) return undefined;
  return (before ? readerPaths(before, ignoreCase) : 1) * (readerPaths(inner, ignoreCase) + after);
}

/**
 * Paths per start, for a regex run as it is (not through the rule engine's plan): every lookaround
 * taken out and paid as its own work (V8's lookarounds are atomic: never re-entered by
 * backtracking), and a tail that matches everywhere (`"?([^"]{0,4096})` after the last mandatory
 * part) added rather than multiplied: the part before it never backtracks because of it, and
 * each of its elements succeeds on its first way.
 */
function readerPaths(source: string, ignoreCase: boolean): number {
  const ast = parser.parsePattern(source, 0, source.length, { unicode: false });
  const stops = ast.alternatives.map(stoppingGap);
  const atomic = ast.alternatives.map((a) => (stoppingGap(a) ? undefined : atomicPaths(a, ignoreCase)));
  if (stops.some(Boolean) || atomic.some((n) => n !== undefined)) {
    return ast.alternatives.reduce((sum, alt, i) => sum + (stops[i] ? stoppingGapPaths(stops[i]!, ignoreCase) : (atomic[i] ?? readerPaths(alt.raw, ignoreCase))), 0);
  }
  const looks: AST.LookaroundAssertion[] = [];
  const walk = (n: AST.Node): void => {
    if (n.type === 'Assertion' && (n.kind === 'lookahead' || n.kind === 'lookbehind')) return void looks.push(n);
    if (n.type === 'Quantifier') walk(n.element);
    else if (n.type === 'Pattern' || n.type === 'Group' || n.type === 'CapturingGroup') n.alternatives.forEach(walk);
    else if (n.type === 'Alternative') n.elements.forEach(walk);
  };
  walk(ast);
  const inner = Math.max(0, ...looks.map((l) => readerPaths(l.raw.replace(/^\(\?<?[=!]/, '(?:'), ignoreCase)));
  if (looks.length) {
    let stripped = source;
    for (const l of [...looks].sort((a, b) => b.start - a.start)) stripped = stripped.slice(0, l.start) + stripped.slice(l.end);
    return readerPaths(stripped, ignoreCase) * (1 + inner);
  }
  let total = 0;
  for (const alt of ast.alternatives) {
    const tail = tailOf(alt.elements);
    let prefix = source.slice(alt.start, alt.end);
    for (const t of [...tail].sort((a, b) => b.start - a.start)) prefix = prefix.slice(0, t.start - alt.start) + prefix.slice(t.end - alt.start);
    // Each element of such a tail keeps what its greedy attempt took, since the rest matches
    // anyway: a repeat pays each iteration's own ways once (never re-split), a group its alternatives.
    const cost = (e: AST.Node): number => (e.type === 'Quantifier' ? e.max * pathsOf(e.element.raw, ignoreCase) : pathsOf(e.raw, ignoreCase));
    total += pathsOf(prefix, ignoreCase) + tail.reduce((sum, e) => sum + cost(e), 0);
  }
  return total;
}

export function shapeProblems(source: string, flags: string): string[] {
  const ic = flags.includes('i');
  const out: string[] = [];
  const open = unboundedRepeats(source);
  if (open.length) out.push(`unbounded ${open.join(' ')}`);
  const wide = ambiguousRepeats(source, ic).filter((a) => !(a.splits <= MAX_AMBIGUOUS_SPLITS));
  if (wide.length) out.push(`ambiguous ${wide.map((a) => `${a.first} then ${a.second}`).join('; ')}`);
  const paths = readerPaths(source, ic);
  if (!(paths <= MAX_BACKTRACK_PATHS)) out.push(`paths ${paths}`);
  return out;
}

