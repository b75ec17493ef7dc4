// Issue #9 §2 for the reader: every regex that runs on pasted text outside the rules (paste reader,
// structured-output readers, follow mode, derive, the undiagnosed answer's recognisers, redaction,
// the lexicons' line patterns) has the shape `rules validate` requires of a rule pattern: no
// unbounded repeat, no adjacent repeats over shared characters with more than MAX_AMBIGUOUS_SPLITS
// splits, at most MAX_BACKTRACK_PATHS ways to match from one start (a lookaround counted as its own
// bounded work: V8's lookarounds are atomic). The patterns are found by walking the source
// (scripts/lib/reader-regexes.mjs), so a new reader regex cannot skip this. Patterns not yet
// rewritten are listed in reader-regex-offenders.json: the list may only shrink (a listed pattern
// that is gone or now passes fails the test until it is removed from the list).
import { readFileSync } from 'node:fs';
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper without types
import { readerRegexes } from '../../scripts/lib/reader-regexes.mjs';
import { ambiguousRepeats, MAX_AMBIGUOUS_SPLITS, MAX_BACKTRACK_PATHS, nodePaths, unboundedRepeats } from '../../src/shared/regex/linear.js';

interface Found { where: string; source: string; flags: string }
const parser = new RegExpParser({ ecmaVersion: 2025 });

/** Paths per start with every lookaround taken out, times (1 + the costliest lookaround's own paths). */
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
  let stripped = source;
  for (const l of [...looks].sort((a, b) => b.start - a.start)) stripped = stripped.slice(0, l.start) + stripped.slice(l.end);
  const main = nodePaths([parser.parsePattern(stripped, 0, stripped.length, { unicode: false })], ignoreCase);
  const inner = Math.max(0, ...looks.map((l) => readerPaths(l.raw.replace(/^\(\?<?[=!]/, '(?:'), ignoreCase)));
  return main * (1 + inner);
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

const { patterns, unresolved } = readerRegexes() as { patterns: Found[]; unresolved: string[] };
const listed: string[] = JSON.parse(readFileSync(new URL('./reader-regex-offenders.json', import.meta.url), 'utf8')).offenders;
const key = (p: Found) => `/${p.source}/${p.flags}`;

describe('reader regexes: the shape rules validate requires', () => {
  it('finds the reader regexes, and every RegExp over non-constant text is a known data site', () => {
    expect(unresolved).toEqual([]);
    expect(patterns.length).toBeGreaterThan(100);
    expect(patterns.some((p) => p.where.startsWith('src/collectors/paste/extract.ts'))).toBe(true);
    expect(patterns.some((p) => p.where.startsWith('lexicon/'))).toBe(true);
  });

  it('every reader regex has a bounded shape, but for the listed ones not yet rewritten', () => {
    const bad = patterns.filter((p) => shapeProblems(p.source, p.flags).length && !listed.includes(key(p)));
    expect(bad.map((p) => `${p.where} ${key(p)}: ${shapeProblems(p.source, p.flags).join(', ')}`)).toEqual([]);
  });

  it('the list of offenders only shrinks: each listed pattern still exists and still fails the check', () => {
    const stale = listed.filter((k) => !patterns.some((p) => key(p) === k && shapeProblems(p.source, p.flags).length));
    expect(stale).toEqual([]);
  });

  it('the check fails on the shapes it is for', () => {
    expect(shapeProblems('\\bcode[=:]\\s*x', '')).toEqual(['unbounded \\s*', 'paths Infinity']);
    expect(shapeProblems('fail\\w{0,12}[^\\n]{0,80}x', 'i')[0]).toMatch(/^ambiguous/);
    expect(shapeProblems('(?:a|aa){0,60}b', '')).toEqual([expect.stringMatching(/^paths /)]);
    expect(shapeProblems('x(?![^\\n]*y)', '')).toEqual(['unbounded [^\\n]*', expect.stringMatching(/^paths /)]);
    expect(shapeProblems('\\bcode[=:]\\s{0,8}(?![^\\n]{0,40}y)(\\d{1,5})', 'i')).toEqual([]);
  });
});
