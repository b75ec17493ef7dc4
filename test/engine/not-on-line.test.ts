// The same-line exclusion of a paste matcher (`notOnLine`, rules language; Round 31f): a line the
// regex matches does not count when notOnLine matches that same line; other lines are unaffected.
// Checked through the engine (as written and as validation analyses it), the large-log line test,
// the matcher's identity and cost, validation, and the case runner's demand for cases showing it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { matcherTest } from '../../src/collectors/paste/scan-matchers.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { budgetWeight } from '../../src/engine/gate.js';
import { readAndValidateDir } from '../../src/rules/load.js';
import { runRuleCases } from '../../src/rules/test-runner.js';
import { schemaErrorsForRule, semanticErrors } from '../../src/rules/validate.js';
import { runWeight } from '../../src/shared/regex/compile.js';
import { matcherCover } from '../../src/shared/regex/cover.js';
import { excludedOnLine } from '../../src/shared/regex/exec.js';
import { matcherKey } from '../../src/shared/regex/matcher-key.js';
import type { PasteMatcher, Rule } from '../../src/types.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const MATCHER: PasteMatcher = { regex: 'gateway timeout after (?<ms>\\d{1,16}) ?ms', notOnLine: 'memory probe (?:unavailable|failed): gateway timeout' };

function rule(m: PasteMatcher): Rule {
  return {
    id: 'demo/timeout',
    title: 'Gateway timed out',
    category: 'gateway-down',
    severity: 'error',
    when: { all: [{ paste: m }] },
    band: 'exact',
    specificity: 40,
    message: 'Timed out after {{ms}} ms.',
    fix: { tier: 'manual', steps: ['Check the gateway.'] },
  } as unknown as Rule;
}

/** The rule (and its cases) written to a folder and loaded as a user rule directory: validated and annotated. */
async function loaded(m: PasteMatcher, cases?: { positive: unknown[]; negative: unknown[] }): Promise<{ rules: Rule[]; problems: Array<{ message: string }> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ckd-notonline-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'demo'));
  writeFileSync(path.join(dir, 'demo', 'timeout.json'), JSON.stringify(rule(m)));
  if (cases) writeFileSync(path.join(dir, 'demo', 'timeout.cases.json'), JSON.stringify({ rule: 'demo/timeout', ...cases }));
  return readAndValidateDir(dir);
}

async function run(r: Rule, text: string) {
  return evaluateRule(r, { paste: (await pasteFromString(text))! });
}

const OTHER_LINE = 'Error: gateway timeout after 10000ms\nopenclaw doctor: gateway memory probe unavailable: gateway timeout after 8000ms';
const SAME_LINE = 'openclaw doctor: gateway memory probe unavailable: gateway timeout after 8000ms';

describe('notOnLine: the exclusion is the matched line\u2019s only', () => {
  it('as written (a rule built in memory) and as validation analyses it (linear rewrite, plan)', async () => {
    const { rules, problems } = await loaded(MATCHER);
    expect(problems).toEqual([]);
    expect(rules[0]!.when).toMatchObject({ all: [{ paste: { notOnLineMatcher: { regex: MATCHER.notOnLine } } }] });
    for (const r of [rule({ ...MATCHER }), rules[0]!]) {
      // The excluded words on another line do not stop the finding; its evidence and capture are the other line's.
      const other = await run(r, OTHER_LINE);
      expect(other.status).toBe('fail');
      expect(other.evidence.map((e) => e.line)).toEqual([1]);
      expect(other.captures).toEqual({ ms: '10000' });
      // On the same line they do.
      expect((await run(r, SAME_LINE)).status).toBe('pass');
      // Case-insensitive like its regex.
      expect((await run(r, SAME_LINE.toUpperCase())).status).toBe('pass');
    }
  });

  it('a paste-wide `not` would have stood down on both: the difference is the point', async () => {
    const wide = rule({ regex: MATCHER.regex! });
    wide.when = { all: [{ paste: { regex: MATCHER.regex! } }, { not: { paste: { regex: MATCHER.notOnLine! } } }] };
    expect((await run(wide, OTHER_LINE)).status).toBe('pass');
    expect((await run(rule({ ...MATCHER }), OTHER_LINE)).status).toBe('fail');
  });

  it('on one paste, the same regex with and without the exclusion are answered apart (per-paste answers keyed by both)', async () => {
    const facts = { paste: (await pasteFromString(SAME_LINE))! };
    expect(evaluateRule(rule({ regex: MATCHER.regex! }), facts).status).toBe('fail');
    expect(evaluateRule(rule({ ...MATCHER }), facts).status).toBe('pass');
    expect(evaluateRule(rule({ regex: MATCHER.regex! }), facts).status).toBe('fail');
  });

  it('the large-log line test (anchors) rules the line out the same way', () => {
    const test = matcherTest({ ...MATCHER });
    expect(test('Error: gateway timeout after 10000ms')).toBe(true);
    expect(test(SAME_LINE)).toBe(false);
  });

  it('is another matcher (key), adds nothing to the cover, and is paid for with the regex', () => {
    const plain: PasteMatcher = { regex: MATCHER.regex! };
    expect(matcherKey({ ...MATCHER })).not.toBe(matcherKey(plain));
    expect(matcherCover({ ...MATCHER })).toEqual(matcherCover(plain));
    expect(runWeight({ ...MATCHER })).toBe(runWeight(plain) + runWeight({ regex: MATCHER.notOnLine! }));
    expect(budgetWeight({ paste: { ...MATCHER } })).toBeGreaterThan(budgetWeight({ paste: plain }));
  });
});

describe('notOnLine: the unprefixed repeat of an excluded line is that line (Round 31h, review28d)', () => {
  // console.error(err) prints `Error: <message>` and a stack under the `[subsystem] …` line; only the first line has the prefix.
  const r = rule({ ...MATCHER });
  it('an error print or a trimmed part of the excluded line, right under it, does not count', async () => {
    expect((await run(r, `${SAME_LINE}\nError: gateway timeout after 8000ms\n    at Timeout._onTimeout (node:internal/timers:573:17)`)).status).toBe('pass');
    expect((await run(r, `${SAME_LINE}\nTypeError [ERR_X]: gateway timeout after 8000ms`)).status).toBe('pass');
    expect((await run(r, `${SAME_LINE}\n  gateway timeout after 8000ms `)).status).toBe('pass');
  });
  it('other words, a prefix of its own, or a line between: it counts', async () => {
    expect((await run(r, `${SAME_LINE}\nstatus: gateway timeout after 10000ms`)).status).toBe('fail');
    expect((await run(r, `${SAME_LINE}\n2026-12-07T08:00:01Z Error: gateway timeout after 8000ms`)).status).toBe('fail');
    expect((await run(r, `${SAME_LINE}\n$ openclaw status\nError: gateway timeout after 8000ms`)).status).toBe('fail');
    // One step back only: the repeat's own repeat is a line of its own.
    expect((await run(r, `${SAME_LINE}\nError: gateway timeout after 8000ms\nError: gateway timeout after 8000ms`)).status).toBe('fail');
  });
  it('the excluded line need not match the regex: notOnLine alone says whose error line it is', async () => {
    const other = rule({ regex: MATCHER.regex!, notOnLine: 'memory probe' });
    expect((await run(other, 'memory probe unavailable\nError: gateway timeout after 8000ms')).status).toBe('pass');
    expect((await run(other, 'memory probe unavailable\n$ openclaw status\nError: gateway timeout after 8000ms')).status).toBe('fail');
  });
});

describe('notOnLine: validation', () => {
  it('needs a regex beside it (schema)', () => {
    const schema = (m: PasteMatcher) => schemaErrorsForRule({ $schema: '../../schema/rule.schema.json', ...rule(m) });
    expect(schema({ contains: 'gateway timeout', notOnLine: 'memory probe' })).toBeDefined();
    expect(schema({ contains: 'gateway timeout' })).toBeUndefined();
    expect(schema({ ...MATCHER })).toBeUndefined();
  });

  it('says so in words, not as the condition kinds\u2019 oneOf cascade (review28d)', () => {
    const msg = schemaErrorsForRule({ $schema: '../../schema/rule.schema.json', ...rule({ contains: 'gateway timeout', notOnLine: 'memory probe' }) });
    expect(msg).toMatch(/^\/when\/all\/0\/paste notOnLine needs regex \(/);
    expect(msg).not.toMatch(/required property|additional properties/);
    // Another fault elsewhere in the rule is still reported beside it.
    const two = schemaErrorsForRule({ $schema: '../../schema/rule.schema.json', ...rule({ contains: 'gateway timeout', notOnLine: 'memory probe' }), title: 'x' });
    expect(two).toMatch(/notOnLine needs regex .*; \/title must NOT have fewer than 3 characters/);
  });

  it('is held to the regex\u2019s linear-time checks: no lookbehind, no unbounded repeat', () => {
    expect(semanticErrors(rule({ ...MATCHER, notOnLine: '(?<=memory probe failed: )gateway timeout' })).join()).toMatch(/^notOnLine .* cannot be matched in linear time/);
    expect(semanticErrors(rule({ ...MATCHER, notOnLine: 'memory probe.*failed' })).join()).toMatch(/^notOnLine .* has unbounded repeat/);
    expect(semanticErrors(rule({ ...MATCHER, notOnLine: 'memory probe (' })).join()).toMatch(/^invalid notOnLine/);
    expect(semanticErrors(rule({ ...MATCHER }))).toEqual([]);
  });
});

describe('notOnLine: rules test asks for cases that show it', () => {
  const positive = { paste: OTHER_LINE };
  const negative = { paste: SAME_LINE };
  const unrelated = { paste: 'gateway is up' };

  it('passes with a negative it rules out and a positive beside a notOnLine line', async () => {
    const { rules } = await loaded(MATCHER, { positive: [positive], negative: [negative] });
    expect((await runRuleCases(rules)).failures).toEqual([]);
  });

  it('fails without a negative whose matched line the exclusion rules out', async () => {
    const { rules } = await loaded(MATCHER, { positive: [positive], negative: [unrelated] });
    const f = (await runRuleCases(rules)).failures;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: 'negative', message: expect.stringMatching(/^notOnLine .* is shown by no negative case/) });
  });

  it('fails without a positive that fires beside a notOnLine line', async () => {
    const { rules } = await loaded(MATCHER, { positive: [{ paste: 'Error: gateway timeout after 10000ms' }], negative: [negative] });
    const f = (await runRuleCases(rules)).failures;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: 'positive', message: expect.stringMatching(/is shown by no positive case/) });
  });

  it('review28d: the notOnLine line must be one the regex matches, the finding another line of that regex', async () => {
    // notOnLine matches line 1, but the regex does not (no `after N ms`): nothing was ruled out, the positive shows nothing.
    const beside = { paste: 'openclaw doctor: memory probe unavailable: gateway timeout\n$ openclaw status\nError: gateway timeout after 10000ms' };
    const { rules } = await loaded(MATCHER, { positive: [beside], negative: [negative] });
    const f = (await runRuleCases(rules)).failures;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: 'positive', message: expect.stringMatching(/is shown by no positive case: give a positive that fires through a regex carrying it/) });
  });
});

// review29d: the per-line answer cache (exec.ts) is keyed by the exclusion's text AND its flags. No built-in exclusion is
// case-sensitive, so only a user rule reaches this; keyed by the text alone, the second answer would be the first's.
describe('the exclusion answer cache keeps case-sensitivity apart', () => {
  it('a case-sensitive exclusion sharing its text with an insensitive one answers for itself, in either order', async () => {
    const paste = await pasteFromString('[CHAN] beta error\n', { source: 'stdin' });
    const line = paste.kept[0]!;
    const insensitive: PasteMatcher = { regex: 'beta error', notOnLine: '\\[chan\\] beta error' };
    const sensitive: PasteMatcher = { ...insensitive, caseSensitive: true };
    expect(excludedOnLine(insensitive, line)).toBe(true);
    expect(excludedOnLine(sensitive, line)).toBe(false);
    const again = (await pasteFromString('[CHAN] beta error\n', { source: 'stdin' })).kept[0]!;
    expect(excludedOnLine(sensitive, again)).toBe(false);
    expect(excludedOnLine(insensitive, again)).toBe(true);
  });
});
