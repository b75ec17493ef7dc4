// ReDoS-proof by construction (issue #9 part 2) and never a silent "no problem" about a line that was
// only partly examined (part 3). No wall-clock bounds: the outcomes below are impossible for a
// backtracking matcher (2^60 steps) and the hang guard is the CLI runner's own 60 s timeout.
// The sweeps over every built-in pattern and plan on corpus lines are in redos.sweep.test.ts.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ambiguousRepeats, backtrackPaths, linearSource, MAX_AMBIGUOUS_SPLITS, MAX_BACKTRACK_PATHS } from '../../src/shared/regex/linear.js';
import { pastePlan } from '../../src/shared/regex/plan.js';
import { pasteRunner } from '../../src/shared/regex/compile.js';
import { enableLinearFallback } from '../../src/shared/regex/engine.js';
import { semanticErrors } from '../../src/rules/validate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { PasteMatcher, Rule } from '../../src/types.js';
import { run, runInProcess } from '../cli/run.js';
import { pasteRegexes, seen } from './redos.helpers.js';

// As the CLI runs (src/shared/regex/compile.ts): without it, some case-folded rewrites backtrack for minutes.
enableLinearFallback();

describe('linear rewrite of rule patterns', () => {
  it('folds case and splits bounded repeats the way V8 needs, matching the same text', () => {
    expect(linearSource('Mode: a', true)).toBe('[Mm][oO][dD][eE]: [aA]');
    expect(linearSource('[a-c_]x', true)).toBe('[a-cA-C_][xX]');
    // Optional copies nest, (?:X(?:X…)?)?: one way to match each length (consecutive X{0,16} chunks
    // matched the same strings ambiguously, and a failing long line backtracked through every split).
    const nested = (x: string, n: number, lazy = '') => Array.from({ length: n }).reduce<string>((rest) => `(?:${x}${rest})?${lazy}`, '');
    expect(linearSource('[^\\n]{0,40}', false)).toBe(nested('[^\\n]', 40));
    expect(linearSource('[^\\n]{2,40}?', false)).toBe(`[^\\n]{2}${nested('[^\\n]', 38, '?')}`);
    expect(linearSource('(?::[0-9a-f]{0,4}){2,7}', false)).toBe(`(?::[0-9a-f]{0,4}){2}${nested('(?::[0-9a-f]{0,4})', 5)}`);
    for (const [src, yes, no] of [['x[^\\n]{2,40}?y', `x${'-'.repeat(40)}y`, `x${'-'.repeat(41)}y`], ['x[^\\n]{2,40}?y', 'x--y', 'x-y']] as const) {
      expect(new RegExp(linearSource(src, false)).test(yes), yes).toBe(true);
      expect(new RegExp(linearSource(src, false)).test(no), no).toBe(false);
    }
    const re = new RegExp(linearSource('gateway (?<c>closed) \\(1008\\)[^\\n]{0,40}pairing', true));
    expect(re.exec('GATEWAY CLOSED (1008): Pairing required')?.groups?.c).toBe('CLOSED');
    expect(re.test('gateway closed (1008)' + ' '.repeat(41) + 'pairing')).toBe(false);
  });

  it('validation rejects what the linear engine cannot run (lookarounds, back-references, large nested repeats)', () => {
    const rule = (regex: string): Rule => ({ id: 'x/y', category: 'other', severity: 'error', title: 't', message: 'm', facts: ['paste'], when: { paste: { regex } }, specificity: 50, fix: { tier: 'manual', steps: ['s'] } }) as unknown as Rule;
    for (const bad of ['unauthorized(?!:)', '(a)\\1', '(x{0,10}){0,5}']) {
      expect(semanticErrors(rule(bad)).join(' '), bad).toMatch(/cannot be matched in linear time/);
    }
    expect(semanticErrors(rule('(?:a|aa){0,4}b|[^\\n]{0,200}token mismatch'))).toEqual([]);
  });

  it('validation rejects an unbounded repeat, built-in and user rules alike: V8 does not count a class loop\'s backtracks', () => {
    const rule = (regex: string): Rule => ({ id: 'x/y', category: 'other', severity: 'error', title: 't', message: 'm', facts: ['paste'], when: { paste: { regex } }, specificity: 50, fix: { tier: 'manual', steps: ['s'] } }) as unknown as Rule;
    for (const [bad, shown] of [['a[^\\n]*b', '[^\\n]*'], ['mode\\s*=\\s*x', '\\s*'], ['(a+)+b', '(a+)+'], ['x\\d{2,}', '\\d{2,}'], ['y(?:ab)+?z', '(?:ab)+?']] as const) {
      const errs = semanticErrors(rule(bad)).join(' ');
      expect(errs, bad).toMatch(/has unbounded repeats? /);
      expect(errs, bad).toContain(JSON.stringify(shown));
    }
    expect(semanticErrors(rule('a[^\\n]{0,256}?b\\s{0,32}c'))).toEqual([]);
    // Why: a greedy loop over one class on a line of its own HEAD backtracks per start without
    // counting toward V8's fallback limit — the linear rewrite of `a[^\n]*b` finds no match on
    // 20 000 `a`s only after ~2·10⁸ steps. Bounded, the same line is ≤ 257 steps per start.
    expect(backtrackPaths('a[^\\n]*b')).toBe(Infinity);
    expect(backtrackPaths('a[^\\n]{0,256}b')).toBeLessThanOrEqual(MAX_BACKTRACK_PATHS);
  });
});

describe('ambiguous adjacent repeats (a shape, not a timing)', () => {
  const rule = (regex: string): Rule => ({ id: 'x/y', category: 'other', severity: 'error', title: 't', message: 'm', facts: ['paste'], when: { paste: { regex } }, specificity: 50, fix: { tier: 'manual', steps: ['s'] } }) as unknown as Rule;

  it('validation refuses two adjacent repeats over shared characters past the split limit, built-in and user rules alike', () => {
    // The shapes that cost 29–63 ms alone on a crafted 64 KiB line while within the path limit
    // (before 2026-12-04 night): every failing start tried every split of one run between the two.
    for (const [bad, first, second] of [
      ['(?:openclaw|moltbot)[\\w.@-]{0,40}(?:\\.service)?[^\\n]{0,80}?inactive \\(dead\\)', '[\\w.@-]{0,40}', '[^\\n]{0,80}?'],
      ["(?:cannot|fail\\w{0,12}|denied)[^\\n]{0,80}(?:\\bCLI\\b|\\bcron\\b)", '\\w{0,12}', '[^\\n]{0,80}'],
      ['remote=(?<remote>[0-9a-f.:]{1,16})[^\\n]{0,600}?reason=rate_limited', '[0-9a-f.:]{1,16}', '[^\\n]{0,600}?'],
    ] as const) {
      expect(backtrackPaths(bad), bad).toBeLessThanOrEqual(MAX_BACKTRACK_PATHS); // the path limit alone let them through
      const errs = semanticErrors(rule(bad)).join(' ');
      expect(errs, bad).toMatch(/adjacent repeats over shared characters/);
      expect(errs, bad).toContain(`${JSON.stringify(first)} then ${JSON.stringify(second)}`);
    }
    // Their rewrites: one gap, or a gap that begins where the capture cannot go on.
    for (const good of [
      '(?:openclaw|moltbot)[^\\n]{0,128}?inactive \\(dead\\)',
      '(?:cannot|fail|denied)[^\\n]{0,92}(?:\\bCLI\\b|\\bcron\\b)',
      'remote=(?<remote>[0-9a-f.:]{1,64})(?:[^0-9a-f.:\\n][^\\n]{0,599}?)?reason=rate_limited',
    ])
      expect(semanticErrors(rule(good)), good).toEqual([]);
  });

  it('counts splits only where a later node can fail', () => {
    expect(ambiguousRepeats('params:?\\s{0,16}(?<detail>[^\\n]{0,120})')).toEqual([]); // the pattern's end: the first try succeeds
    expect(ambiguousRepeats('params:?\\s{0,16}(?<detail>[^\\n]{0,120})x').map((a) => a.splits)).toEqual([2 * 121, 17 * 121]);
    expect(ambiguousRepeats('a\\d{1,16}[^\\d\\n]{0,80}b')).toEqual([]); // disjoint: one split per run
    expect(ambiguousRepeats('(?:a|b[\\w-]{0,20})[:\\]]?[^\\n]{0,40}?c').map((a) => [a.first, a.second])).toEqual([
      ['[\\w-]{0,20}', '[^\\n]{0,40}?'],
      ['[:\\]]?', '[^\\n]{0,40}?'],
    ]);
  });

  it('no built-in paste regex has such a pair', async () => {
    const wide: string[] = [];
    for (const r of await loadBuiltinRules())
      for (const m of pasteRegexes(r.when))
        for (const a of ambiguousRepeats(m.regex, !m.caseSensitive)) if (a.splits > MAX_AMBIGUOUS_SPLITS) wide.push(`${r.id}: ${a.first} ${a.second} (${a.splits})`);
    expect(wide).toEqual([]);
  });

  it('a chain of short gaps too ambiguous for the backtracker starts at its first gap as a scan (rest on the backtracker)', () => {
    const src = 'https[^\\n]{0,20}(?:页面|网页)[^\\n]{0,40}(?:拦截|无法)[^\\n]{0,30}ws://';
    expect(backtrackPaths(src)).toBeGreaterThan(MAX_BACKTRACK_PATHS);
    const plan = pastePlan(src, true)!;
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ head: 'https', headLength: 5, max: 20, bounded: true });
    const run = pasteRunner({ regex: src, plan } as PasteMatcher);
    const whole = new RegExp(src, 'i');
    for (const line of [`x HTTPS${'-'.repeat(20)}页面提示浏览器拦截了 ws://1`, `x https${'-'.repeat(21)}页面提示浏览器拦截了 ws://1`, `https 页面 https${'-'.repeat(25)}网页无法 ws://`, `https页面拦截${'a'.repeat(31)}ws://`])
      expect(seen(run.exec(line)), line).toBe(seen(whole.exec(line)));
  });
});


describe('split patterns (plan)', () => {
  it('gap pieces stopped by a newline agree with the whole pattern on texts holding newlines, RESTs near and far', async () => {
    // Kept lines hold no newline, so the corpus test above never meets a stop; here every built-in
    // plan with a newline-stopped gap runs on texts of its own literals, fillers and newlines.
    const rules = await loadBuiltinRules();
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % Math.max(1, n);
    const FILL = [' ', '\n', 'x', ' \n ', '-'.repeat(30), ' '.repeat(90), '\n\n', ': ', '0'];
    let plans = 0;
    let stopped = 0;
    const disagreements: string[] = [];
    for (const r of rules) {
      for (const m of pasteRegexes(r.when)) {
        if (!m.plan?.some((p) => p.stop === '[\\n]') || !m.cover?.length) continue;
        plans++;
        const whole = new RegExp(m.regex, m.caseSensitive ? '' : 'i');
        const unstopped = new RegExp(m.regex.replaceAll('[^\\n]', '[^]'), m.caseSensitive ? '' : 'i');
        const run = pasteRunner(m);
        const lits = m.cover.flat();
        for (let k = 0; k < 12; k++) {
          let text = '';
          for (let j = 0; j < 2 + rnd(6); j++) text += lits[rnd(lits.length)]! + FILL[rnd(FILL.length)]!;
          const want = whole.exec(text);
          // A stop that mattered: the whole pattern fails here and matches once its gaps may cross newlines.
          if (!want && unstopped.test(text)) stopped++;
          if (seen(want) !== seen(run.exec(text))) disagreements.push(`${r.id}: ${JSON.stringify(text.slice(0, 120))}`);
        }
      }
    }
    expect(plans).toBeGreaterThan(100);
    // Measured: 25 texts where a newline stop decides the outcome (the texts are seeded, so fixed).
    expect(stopped).toBeGreaterThan(10);
    expect(disagreements).toEqual([]);
  });

  it('a gap piece scans HEADs, RESTs and stops forward: a later HEAD past a stop still matches', () => {
    const m = (regex: string, caseSensitive = false): PasteMatcher => ({ regex, caseSensitive, plan: pastePlan(regex, !caseSensitive) });
    const cases: Array<[string, string]> = [
      ['gatewa\\w*\\.mode\\s*=\\s*local|x+y', 'gateway: ok; gatewayX.mode = local'],
      ['gatewa\\w*\\.mode\\s*=\\s*local|x+y', 'gateway: no mode here'],
      ['trustedProxies[^\\n]*?(?<cidr>\\d+/\\d+)', 'TRUSTEDPROXIES a 10/8 b 192/24'],
      ['trustedProxies[^\\n]*?(?<cidr>\\d+/\\d+)', 'trustedProxies none'],
      ['(?<k>ab)c.*?(?<v>\\d)|q+', 'abc\rabc 7'],
      ['(?<k>ab)c.*?(?<v>\\d)|q+', 'qq abc 7'],
      ['a\\S*b|zz+', 'a-- b a--b'],
    ];
    for (const [regex, line] of cases) {
      const matcher = m(regex);
      expect(matcher.plan?.some((p) => p.head !== undefined), regex).toBe(true);
      expect(seen(pasteRunner(matcher).exec(line)), `${regex} on ${line}`).toBe(seen(new RegExp(regex, 'i').exec(line)));
    }
    // A greedy gap before a capture would take the last REST: not a gap piece.
    expect(pastePlan('ab[^\\n]*(?<x>\\d)', true)).toBeUndefined();
    // Bounded as a whole and no long gap: compiled as written, no plan.
    expect(pastePlan('gateway[^\\n]{0,31}token', true)).toBeUndefined();
    // Bounded alternatives leave the linear engine; the unbounded one keeps its rewrite.
    expect(pastePlan('token mismatch|a\\s*b+c', true)!.map((p) => p.bounded)).toEqual([true, false]);
  });
});

describe('bounded gaps as scans', () => {
  const m = (regex: string, caseSensitive = false): PasteMatcher => ({ regex, caseSensitive, plan: pastePlan(regex, !caseSensitive) });
  const same = (regex: string, line: string) => expect(seen(pasteRunner(m(regex)).exec(line)), `${regex} on ${JSON.stringify(line.slice(0, 60))}`).toBe(seen(new RegExp(regex, 'i').exec(line)));

  it('a gap of at most n characters: REST n characters after HEAD matches, n + 1 does not, a later HEAD still can', () => {
    expect(pastePlan('gateway[^\\n]{0,80}token', true)).toEqual([{ head: 'gateway', headLength: 7, re: 'token', bounded: true, stop: '[\\n]', max: 80 }]);
    for (const regex of ['gateway[^\\n]{0,40}token', 'gateway[^\\n]{0,40}?token', 'gateway\\s{0,40}token']) {
      for (const line of [`gateway${' '.repeat(40)}token`, `gateway${' '.repeat(41)}token`, `gateway${' '.repeat(41)}gateway token`, `gateway${' '.repeat(30)}x${' '.repeat(30)}token`, 'GATEWAYtoken', `xx gateway ${'-'.repeat(39)}token`]) same(regex, line);
    }
  });

  it('the next HEAD looked for is the first that could succeed: one ending on the stop, one just near enough to a far REST', () => {
    const regex = 'ab\\s[^\\n]{0,80}?cd';
    expect(pastePlan(regex, true)).toEqual([{ head: 'ab\\s', headLength: 3, re: 'cd', bounded: true, stop: '[\\n]', max: 80 }]);
    // The first HEAD meets the newline before "cd"; the second ends on it, its gap starts after it.
    for (const line of ['ab ab\ncd', 'ab ab\n\ncd', 'ab  ab\ncd', 'ab ab ab\ncd x']) same(regex, line);
    // The first HEAD's REST is 81 characters away; the HEAD one character later is 80 away.
    for (const k of [79, 80, 81]) same(regex, `ab ab ${'-'.repeat(k)}cd`);
    same(regex, `ab  ${'-'.repeat(80)}cd`);
  });

  it('a HEAD of varying length is split by length, with one answer: the earliest start', () => {
    const regex = '(?:\\[(?:discord|slack)\\b|followup (?:dispatch )?failed: )[^\\n]{0,60}?(?:gateway timeout|tick timeout)';
    const plan = pastePlan(regex, true)!;
    expect(plan.map((p) => p.headLength).sort((a, b) => a! - b!)).toEqual([6, 8, 17, 26]);
    for (const line of ['[slack] x gateway timeout', '[discord]' + ' '.repeat(60) + 'tick timeout', '[discord]' + ' '.repeat(61) + 'tick timeout', 'followup failed: [slack] tick timeout', 'followup dispatch failed: ' + '-'.repeat(59) + 'gateway timeout', '[slackx] gateway timeout', '[slack]\r gateway timeout']) same(regex, line);
    // A capture anywhere in the alternative: the lengths could disagree on it, so no split.
    expect(pastePlan('(?:(?<c>ab)|abc)[^\\n]{0,60}?x', true)).toBeUndefined();
  });
});

describe('hostile pastes', () => {
  it('a user rule with a catastrophic pattern is refused (exit 2) before it runs: it would need the linear engine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-redos-'));
    mkdirSync(join(dir, 'other'));
    writeFileSync(
      join(dir, 'other', 'nested.json'),
      JSON.stringify({
        id: 'other/nested-quantifier',
        category: 'other',
        severity: 'error',
        title: 'Nested quantifier',
        message: 'matched',
        facts: ['paste'],
        when: { paste: { regex: '(?:a|aa){0,60}b' } },
        specificity: 50,
        fix: { tier: 'manual', steps: ['none'] },
      }),
    );
    // ~2^40 backtracking paths (Fibonacci in 60) and no split into bounded pieces: only V8's
    // linear-time engine could run it, and validation refuses what would need it.
    // A process, as the 50 KB paste below: were it run, it must not block this worker.
    const r = run(['--no-probe', '--json', '--only', 'other/nested-quantifier', '--rules', dir, '--log', '-'], `${'a'.repeat(60)}!\n${'a'.repeat(60)}b\n`);
    expect(r.raw.error, 'the run must finish').toBeUndefined();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"\(\?:a\|aa\)\{0,60\}b" has more than \d+ ways to match from one start/);
  });

  // The other cases: the built CLI's main() in this process (test/cli/run.ts; test/cli/parity.test.ts
  // runs the 64 KiB line as a process too, with the same output).
  it('a user rule with an unbounded repeat is refused (exit 2), naming the repeat', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-redos-'));
    mkdirSync(join(dir, 'other'));
    writeFileSync(
      join(dir, 'other', 'open.json'),
      JSON.stringify({ id: 'other/open-repeat', category: 'other', severity: 'error', title: 'Open', message: 'matched', facts: ['paste'], when: { paste: { regex: 'gateway[^\\n]*token' } }, specificity: 50, fix: { tier: 'manual', steps: ['none'] } }),
    );
    const r = await runInProcess(['--no-probe', '--rules', dir, '--log', '-'], 'gateway token\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unbounded repeat "\[\^\\\\n\]\*"/);
  });

  it('the issue\'s 3-line, 50 KB paste is diagnosed, not timed out', () => {
    // A process: a regression that backtracks for minutes would block this worker's own timers.
    const paste = ['gateway auth mode: trusted-proxy, userHeader x-forwarded-user; cli fails', `trusted-proxy fail${'a'.repeat(25000)}!`, `mode${' '.repeat(25000)}x`].join('\n');
    const r = run(['--no-probe', '--json', '--log', '-'], paste);
    expect(r.raw.error).toBeUndefined();
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> };
    expect(rep.findings.map((f) => f.ruleId)).toContain('trusted-proxy/local-clients-without-user-header');
  });

  it('a line over 64 KiB is reported as not fully examined: no "no problem", exit 1 (0 only with --fail-on none)', async () => {
    const paste = `${'x'.repeat(70_000)} gateway closed (1008): unauthorized: gateway token mismatch\n`;
    const human = await runInProcess(['--no-probe', '--log', '-'], paste);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/Not fully examined \(paste\): 1 line is longer than 64 KiB \(line 1\)/);
    expect(human.stdout).not.toMatch(/✔ No connection problem/);
    const json = JSON.parse((await runInProcess(['--no-probe', '--json', '--log', '-'], paste)).stdout) as { inputs: { unexamined: Array<{ source: string }> }; summary: { exitCode: number } };
    expect(json.inputs.unexamined.map((u) => u.source)).toEqual(['paste']);
    expect(json.summary.exitCode).toBe(1);
    expect((await runInProcess(['--no-probe', '--fail-on', 'none', '--log', '-'], paste)).code).toBe(0);
    // The same error on a short line is found, and nothing is reported unexamined.
    const short = JSON.parse((await runInProcess(['--no-probe', '--json', '--log', '-'], 'gateway closed (1008): unauthorized: gateway token mismatch\n')).stdout) as { inputs: { unexamined: unknown[] }; findings: unknown[] };
    expect(short.inputs.unexamined).toEqual([]);
    expect(short.findings.length).toBeGreaterThan(0);
  });
});
