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
 * A gap that stops at its own terminator, `(?:(?!T1|T2|…)X){0,n}?(?:T1|T2|…)` inside an alternative
 * (2am): the lookahead's alternatives are, verbatim, the group's after it. Wherever the group can
 * match, the lookahead matches too and the gap cannot step over that place, so for each way of what
 * precedes it the gap ends only at the first place the group matches: it walks at most n steps (the
 * lookahead and X each) and never backtracks into another length. Paid as before × (the walk + the
 * group's ways × what follows), not × (n + 1) lengths.
 */
function terminatedPaths(alt: AST.Alternative, ignoreCase: boolean): number | undefined {
  const els = alt.elements;
  if (hasBackreference(alt.raw)) return undefined;
  const at = els.findIndex((q, i) => {
    const t = els[i + 1];
    if (q.type !== 'Quantifier' || q.greedy || q.element.type !== 'Group' || q.element.alternatives.length !== 1 || t?.type !== 'Group') return false;
    const [look, step, ...more] = q.element.alternatives[0]!.elements;
    if (more.length || look?.type !== 'Assertion' || look.kind !== 'lookahead' || !look.negate || !step || maxLength(step) !== 1) return false;
    if (step.type !== 'Character' && step.type !== 'CharacterClass' && step.type !== 'CharacterSet') return false;
    const ls = look.alternatives.map((a) => a.raw);
    const ts = t.alternatives.map((a) => a.raw);
    return ts.length === ls.length && ts.every((r, k) => r === ls[k] && !/\(\?[=!<]/.test(r));
  });
  if (at < 0) return undefined;
  const raw = (nodes: readonly AST.Node[]) => nodes.map((n) => n.raw).join('');
  const gap = els[at] as AST.Quantifier;
  const [look, step] = (gap.element as AST.Group).alternatives[0]!.elements as [AST.LookaheadAssertion, AST.Node];
  const before = raw(els.slice(0, at));
  const after = raw(els.slice(at + 2));
  const walk = (gap.max + 1) * (readerPaths(look.raw.replace(/^\(\?!/, '(?:'), ignoreCase) + pathsOf(step.raw, ignoreCase));
  const rest = readerPaths(els[at + 1]!.raw, ignoreCase) * (after ? readerPaths(after, ignoreCase) : 1);
  return (before ? readerPaths(before, ignoreCase) : 1) * (walk + rest);
}

/** The words a literal node spells (characters, optional characters, groups of them), lower-cased under `i`; else undefined. */
function literalWords(n: AST.Node, ic: boolean): string[] | undefined {
  switch (n.type) {
    case 'Character': {
      const s = String.fromCodePoint(n.value);
      // Under `i`, only characters whose case folding is plain lower-casing (ASCII) or that have no case.
      if (ic && !(n.value < 128 || s.toLowerCase() === s.toUpperCase())) return undefined;
      return [ic ? s.toLowerCase() : s];
    }
    case 'Quantifier': {
      const w = n.min === 0 && n.max === 1 ? literalWords(n.element, ic) : undefined;
      return w && ['', ...w];
    }
    case 'Group': case 'CapturingGroup': {
      const all = n.alternatives.map((a) => literalWords(a, ic));
      return all.every(Boolean) ? [...new Set(all.flat() as string[])] : undefined;
    }
    case 'Alternative': {
      let out = [''];
      for (const e of n.elements) {
        const w = literalWords(e, ic);
        if (!w) return undefined;
        out = out.flatMap((a) => w.map((b) => a + b));
        if (out.length > 4096) return undefined;
      }
      return out;
    }
    default: return undefined;
  }
}

/**
 * A tail gap that stops where the whole prefix would match again (2u):
 * `G(?=((?:(?!L1)X1){a,m}?C))\1(?:(?!T)X){0,n}?REST` as a top-level alternative, T spelled exactly
 * `G(?:(?!L1|REST)X1){a,m}?C` (the prefix with REST added to its first gap's stops), G, L1 and C
 * literal words, both gaps lazy, no backreference in REST. Claim: if starts p < q both have tail
 * gaps that reach a character c, then q < e_p (e_p the end of p's prefix). Else p's tail gap passed
 * q, so T failed there while q's prefix matched: T's first gap (the same steps, the same C tried
 * first at each) stopped at an F = REST at some x before q's C, so x < e_q ≤ c; p's lazy tail gap
 * tried REST at x before stepping over it, and REST is the rest of a top-level alternative: the
 * match ends there, and p's gap never reaches c. So every gap reaching c starts inside the leftmost
 * one's prefix span, at p itself, inside p's G word (a G word overlapping it), at a step of p's
 * first gap (only a G word with no L1 word as a prefix: L1 would stop the gap there; such a word
 * holding a C word at offset k makes the lazy first gap end by then, so it starts at most k before
 * p's C), or inside p's C word. W = (1 + those counts) × (G words sharing a start); per start the
 * prefix once (atomic, 2s), per character W tail steps (T, X, REST tried; T's own paths already
 * per start over the line, 2p).
 */
function telescopedPaths(alt: AST.Alternative, ic: boolean): number | undefined {
  const [G, look, back, gap, ...rest] = alt.elements;
  if (!G || (G.type !== 'Group' && G.type !== 'CapturingGroup') || !rest.length) return undefined;
  if (look?.type !== 'Assertion' || look.kind !== 'lookahead' || look.negate || look.alternatives.length !== 1) return undefined;
  const [K, ...more] = look.alternatives[0]!.elements;
  if (more.length || K?.type !== 'CapturingGroup' || back?.type !== 'Backreference' || back.resolved !== K || K.alternatives.length !== 1) return undefined;
  const [gap1, ...cEls] = K.alternatives[0]!.elements;
  const stepOf = (q: AST.Node | undefined) => {
    if (q?.type !== 'Quantifier' || q.greedy || q.element.type !== 'Group' || q.element.alternatives.length !== 1) return undefined;
    const [stop, x, ...others] = q.element.alternatives[0]!.elements;
    if (others.length || stop?.type !== 'Assertion' || stop.kind !== 'lookahead' || !stop.negate || !x) return undefined;
    if (x.type !== 'Character' && x.type !== 'CharacterClass' && x.type !== 'CharacterSet') return undefined;
    return { stop, x, suffix: q.raw.slice(q.element.raw.length) };
  };
  const first = stepOf(gap1);
  const tail = stepOf(gap);
  if (!first || !tail || !cEls.length || tail.stop.alternatives.length !== 1) return undefined;
  const restRaw = rest.map((e) => e.raw).join('');
  const cRaw = cEls.map((e) => e.raw).join('');
  const l1 = first.stop.alternatives.map((a) => a.raw).join('|');
  const tRaw = tail.stop.alternatives[0]!.raw;
  if (hasBackreference(restRaw) || tRaw !== `${G.raw}(?:(?!${l1}|${restRaw})${first.x.raw})${first.suffix}${cRaw}`) return undefined;
  const g = literalWords(G, ic);
  const c = literalWords({ ...K.alternatives[0]!, elements: cEls } as AST.Alternative, ic);
  const l1Words = first.stop.alternatives.map((a) => literalWords(a, ic));
  if (!g || !c || !l1Words.every(Boolean) || g.includes('') || c.includes('') || l1Words.flat().includes('')) return undefined;
  const stops = l1Words.flat() as string[];
  // Positions in a host word (from offset `from`) where a G word can begin (the text may run past the host).
  const startsIn = (hosts: string[], from: number) => Math.max(0, ...hosts.map((h) => {
    let n = 0;
    for (let k = from; k < h.length; k++) if (g.some((b) => h.slice(k).startsWith(b) || b.startsWith(h.slice(k)))) n++;
    return n;
  }));
  const unstopped = g.filter((w) => !stops.some((l) => w.startsWith(l)));
  const reach = unstopped.map((w) => Math.min(...c.map((cw) => w.indexOf(cw)).filter((k) => k >= 0)));
  if (reach.some((k) => !Number.isFinite(k))) return undefined;
  const ways = Math.max(...g.map((w) => g.filter((v) => w.startsWith(v)).length));
  const W = ways * (1 + startsIn(g, 1) + Math.max(0, ...reach) + startsIn(c, 0));
  const prefix = readerPaths(G.raw, ic) * readerPaths(`(?:${K.alternatives[0]!.raw})`, ic);
  return prefix + W * (readerPaths(tRaw, ic) + pathsOf(tail.x.raw, ic) + readerPaths(restRaw, ic));
}

/**
 * Paths per start, for a regex run as it is (not through the rule engine's plan): every lookaround
 * taken out and paid as its own work (V8's lookarounds are atomic: never re-entered by
 * backtracking), and a tail that matches everywhere (`"?([^"]{0,4096})` after the last mandatory
 * part) added rather than multiplied: the part before it never backtracks because of it, and
 * each of its elements succeeds on its first way.
 */
function readerPaths(source: string, ignoreCase: boolean, top = false): number {
  const ast = parser.parsePattern(source, 0, source.length, { unicode: false });
  const stops = ast.alternatives.map(stoppingGap);
  // Only at the top level does a match of an alternative's REST end the search (telescopedPaths).
  const tele = ast.alternatives.map((a, i) => (top && !stops[i] ? telescopedPaths(a, ignoreCase) : undefined));
  const atomic = ast.alternatives.map((a, i) => (stops[i] || tele[i] !== undefined ? undefined : (atomicPaths(a, ignoreCase) ?? terminatedPaths(a, ignoreCase))));
  if (stops.some(Boolean) || tele.some((n) => n !== undefined) || atomic.some((n) => n !== undefined)) {
    return ast.alternatives.reduce((sum, alt, i) => sum + (stops[i] ? stoppingGapPaths(stops[i]!, ignoreCase) : (tele[i] ?? atomic[i] ?? readerPaths(alt.raw, ignoreCase, top))), 0);
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
  const paths = readerPaths(source, ic, true);
  if (!(paths <= MAX_BACKTRACK_PATHS)) out.push(`paths ${paths}`);
  return out;
}

