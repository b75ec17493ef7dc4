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

/**
 * Paths per start, for a regex run as it is (not through the rule engine's plan): every lookaround
 * taken out and paid as its own work (V8's lookarounds are atomic: never re-entered by
 * backtracking), and a tail that matches everywhere (`"?([^"]{0,4096})` after the last mandatory
 * part) added rather than multiplied: the part before it never backtracks because of it, and
 * each of its elements succeeds on its first way.
 */
function readerPaths(source: string, ignoreCase: boolean): number {
  const ast = parser.parsePattern(source, 0, source.length, { unicode: false });
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

