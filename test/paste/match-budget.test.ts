// How a line's patterns are run (issue #9 part 2): the literal pre-check, the engine each pattern
// runs on, and the deterministic global matching budget. No wall-clock bounds: the budget counts
// characters, so every assertion below is about what was (not) examined.
import { describe, expect, it } from 'vitest';
import { backtrackPaths, MAX_BACKTRACK_PATHS } from '../../src/shared/regex/linear.js';
import { budgetFor, budgetOf, MatchBudget } from '../../src/shared/regex/budget.js';
import { execLine, rereadLine } from '../../src/shared/regex/exec.js';
import { attachLinear } from '../../src/rules/validate.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { buildReport } from '../../src/report/report.js';
import type { PasteMatcher, Rule } from '../../src/types.js';

function rule(id: string, regex: string): Rule {
  const r = { id, category: 'other', severity: 'error', title: 't', message: 'm', facts: ['paste'], when: { paste: { regex } }, specificity: 50, fix: { tier: 'manual', steps: ['s'] } } as unknown as Rule;
  attachLinear(r);
  return r;
}

describe('which engine a pattern runs on', () => {
  it('counts backtracking paths per start position: finite only without unbounded repeats', () => {
    expect(backtrackPaths('abc')).toBe(1);
    expect(backtrackPaths('a{0,3}')).toBe(4);
    expect(backtrackPaths('(?:a|bc){2}x|y')).toBe(5);
    expect(backtrackPaths('gateway\\s*closed')).toBe(Infinity);
    expect(backtrackPaths('(?:a{0,9}){0,9}')).toBeGreaterThan(MAX_BACKTRACK_PATHS);
  });

  it('adds rather than multiplies after a one-character repeat that cannot begin what follows', () => {
    // \d{0,9} then ":": only the count where the digits end gets past ":" — 9 cheap failures + the rest.
    expect(backtrackPaths('\\d{0,9}:\\d{0,9}')).toBe(19);
    // Overlap (\w holds "a"), or a continuation that may begin with a digit or end the match: multiply.
    expect(backtrackPaths('\\w{0,9}a\\w{0,9}')).toBe(100);
    expect(backtrackPaths('\\d{0,9}:?\\d{0,9}')).toBe(200);
    expect(backtrackPaths('\\d{0,9}\\b\\d{0,9}')).toBe(100);
    // Case folding counts: [^a] holds "A" only when the pattern is case-sensitive.
    expect(backtrackPaths('[^a]{0,9}A\\d{0,9}', true)).toBe(19);
    expect(backtrackPaths('[^a]{0,9}A\\d{0,9}', false)).toBe(100);
    // Inside a repeated group, what follows a copy is the next copy or what follows the group.
    expect(backtrackPaths('(?:x\\d{0,4}){3}:')).toBe(13);
    expect(backtrackPaths('(?:x\\d{0,4}){3}\\d')).toBe(125);
  });

  it("proves the IPv6 CIDR pattern bounded: its hex runs cannot overlap the ':' and '/' after them", () => {
    const cidr = '\\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}/\\d{1,3}\\b';
    expect(backtrackPaths(cidr)).toBeLessThanOrEqual(MAX_BACKTRACK_PATHS);
    const gap = (rule('trusted-proxy/x', `trustedProxies[^\\n]*?(?<cidr>${cidr})`).when as { paste: PasteMatcher }).paste;
    expect(gap.plan).toEqual([expect.objectContaining({ head: 'trustedProxies', bounded: true, re: `(?<cidr>${cidr})` })]);
    // The same shape with a separator the hex digits can hold is not bounded.
    expect(backtrackPaths('\\b[0-9a-f]{0,4}(?:[a-f][0-9a-f]{0,4}){2,7}/\\d{1,3}\\b')).toBeGreaterThan(MAX_BACKTRACK_PATHS);
  });

  it('validation marks bounded patterns (compiled as written) and leaves the rest to the linear-time rewrite', () => {
    const paste = (r: Rule) => (r.when as { paste: PasteMatcher }).paste;
    expect(paste(rule('other/a', 'gateway[^\\n]{0,80}token mismatch')).bounded).toBe(true);
    expect(paste(rule('other/b', 'gateway\\s*token mismatch')).bounded).toBeUndefined();
    expect(paste(rule('other/b', 'gateway\\s*token mismatch')).linear).toBeDefined();
  });
});

describe('the literal pre-check', () => {
  it("a long line without the cover's literals costs the budget nothing; one with them is matched", async () => {
    const r = rule('other/mismatch', 'token mismatch');
    (r.when as { paste: PasteMatcher }).paste.cover = [['token mismatch']];
    const paste = await pasteFromString(['x'.repeat(5000), `${'x'.repeat(5000)} Token Mismatch`].join('\n'), { source: 'stdin' });
    const out = evaluate([r], { flags: {}, paste });
    expect(out.findings[0]!.evidence.map((e) => e.line)).toEqual([2]);
    expect(budgetOf(paste)!.spent).toBe(5015);
  });
});

describe('the global matching budget', () => {
  const text = ['aaa token mismatch', 'x'.repeat(100), 'token mismatch again', 'token mismatch'].join('\n');

  it('stops matching where the budget ends, records the lines it did not read, and the report says so', async () => {
    const rules = [rule('other/mismatch', 'token mismatch')];
    const paste = await pasteFromString(text, { source: 'stdin' });
    budgetFor(paste, 50); // line 1 (18 chars) fits, line 2 (100) does not: nothing after it is read
    const facts = { flags: {}, paste };
    const out = evaluate(rules, facts);
    expect(out.findings.map((f) => f.evidence.map((e) => e.line))).toEqual([[1]]);
    expect([...budgetOf(paste)!.skipped]).toEqual([2, 3, 4]);
    // The same facts evaluated again (the fixer does) give the same answer, read from the kept results.
    expect(evaluate(rules, facts).findings.map((f) => f.evidence.map((e) => e.line))).toEqual([[1]]);
    expect([...budgetOf(paste)!.skipped]).toEqual([2, 3, 4]);
    const report = buildReport({
      toolVersion: '0',
      facts,
      output: out,
      failOn: 'error',
      inputs: { config: null, probe: null, env: null, rules: { count: 1, extraDirs: [] }, notCollected: [] },
    });
    expect(report.inputs.unexamined).toEqual([{ source: 'paste', what: expect.stringContaining('lines 2, 3, 4 were not checked against every rule') }]);
    expect(report.summary.exitCode).toBe(1);
  });

  it('with the default budget every line is read and nothing is reported unexamined', async () => {
    const paste = await pasteFromString(text, { source: 'stdin' });
    const facts = { flags: {}, paste };
    const out = evaluate([rule('other/mismatch', 'token mismatch')], facts);
    expect(out.findings[0]!.evidence.map((e) => e.line)).toEqual([1, 3, 4]);
    expect(budgetOf(paste)!.skipped.size).toBe(0);
    const report = buildReport({ toolVersion: '0', facts, output: out, failOn: 'error', inputs: { config: null, probe: null, env: null, rules: { count: 1, extraDirs: [] }, notCollected: [] } });
    expect(report.inputs.unexamined).toEqual([]);
  });

  it('a pattern that runs on the linear-time engine is charged more per character', () => {
    const budget = new MatchBudget(1000);
    execLine({ regex: 'a\\s*b', linear: 'a\\s*b' }, { line: 1, text: 'a'.repeat(100) }, budget);
    const linear = budget.spent;
    execLine({ regex: 'a[^\\n]{0,3}b', bounded: true }, { line: 2, text: 'a'.repeat(100) }, budget);
    expect(linear).toBeGreaterThan(budget.spent - linear);
  });

  it("a second reader's read (rereadLine) is charged on every call as a fresh line's was, answers as execLine does, and leaves execLine's own charge alone", () => {
    const m: PasteMatcher = { regex: 'token[^\\n]{0,8}mismatch', bounded: true };
    const ln = { line: 3, text: `${'x'.repeat(50)} token mismatch` };
    const fresh = new MatchBudget(10_000);
    const want = execLine(m, { ...ln }, fresh);
    const once = fresh.spent;
    expect(want?.index).toBe(51);
    const budget = new MatchBudget(10_000);
    // Charged per call (the stand-down asked a fresh { line, text } each time), the answer computed once and kept apart.
    expect(rereadLine(m, ln, budget)).toEqual(want);
    expect(rereadLine(m, ln, budget)).toEqual(want);
    expect(budget.spent).toBe(2 * once);
    // execLine's first read of the same line object is still charged (its own answers are not filled by the re-reads).
    expect(execLine(m, ln, budget)).toEqual(want);
    expect(budget.spent).toBe(3 * once);
    // Then a re-read answers from execLine's answer, still charged; a line the budget cannot pay for is recorded, no answer.
    expect(rereadLine(m, ln, budget)).toEqual(want);
    expect(budget.spent).toBe(4 * once);
    const short = new MatchBudget(once - 1);
    expect(rereadLine(m, { ...ln }, short)).toBeUndefined();
    expect([...short.skipped]).toEqual([3]);
  });
});
