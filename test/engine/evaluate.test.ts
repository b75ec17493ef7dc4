import { describe, expect, it } from 'vitest';
import { evaluate, evaluateRule } from '../../src/engine/evaluate.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { LITERAL_SEARCH_MAX_CHARS } from '../../src/engine/literal-set.js';
import type { Facts, Rule } from '../../src/types.js';

function rule(partial: Partial<Rule> & Pick<Rule, 'id' | 'when'>): Rule {
  return {
    title: partial.id,
    category: 'other',
    severity: 'error',
    facts: ['paste'],
    specificity: 10,
    message: 'm',
    fix: { tier: 'manual', steps: ['s'] },
    ...partial,
  };
}

async function paste(text: string): Promise<Facts> {
  return { paste: await pasteFromString(text) };
}

describe('engine: statuses', () => {
  it('fails with evidence and named captures when a paste regex matches', async () => {
    const r = rule({ id: 'a/x', when: { paste: { regex: 'closed \\((?<code>\\d{4})\\): (?<reason>.+)$' } } });
    const res = evaluateRule(r, await paste('hello\ngateway closed (1008): pairing required\n'));
    expect(res.status).toBe('fail');
    expect(res.captures).toEqual({ code: '1008', reason: 'pairing required' });
    expect(res.evidence[0]).toMatchObject({ source: 'paste', line: 2 });
  });

  it('passes when nothing matches', async () => {
    const r = rule({ id: 'a/x', when: { paste: { contains: 'pairing required' } } });
    expect(evaluateRule(r, await paste('all good')).status).toBe('pass');
  });

  it('skips, naming the source, when a needed fact source was not collected', () => {
    const r = rule({ id: 'a/x', facts: ['config'], when: { fact: { path: 'config.found', op: 'eq', value: false } } });
    const res = evaluateRule(r, {});
    expect(res.status).toBe('skip');
    expect(res.missing).toEqual(['config']);
  });

  it('skips on an unknown version unless ifUnknown says otherwise', async () => {
    const base = { id: 'a/x', facts: ['paste'] as Rule['facts'] };
    const skip = rule({ ...base, when: { all: [{ paste: { contains: 'x' } }, { version: { range: '<2026.3.13' } }] } });
    const assumeTrue = rule({ ...base, when: { all: [{ paste: { contains: 'x' } }, { version: { range: '<2026.3.13', ifUnknown: 'true' } }] } });
    const facts = await paste('x');
    expect(evaluateRule(skip, facts)).toMatchObject({ status: 'skip', missing: ['version'] });
    expect(evaluateRule(assumeTrue, facts).status).toBe('fail');
    expect(evaluateRule(skip, { ...facts, version: { value: '2026.3.11', source: 'flag' } }).status).toBe('fail');
    expect(evaluateRule(skip, { ...facts, version: { value: '2026.3.13', source: 'flag' } }).status).toBe('pass');
  });

  it('uses Kleene logic: false wins in all, true wins in any', async () => {
    const facts = await paste('x');
    const allFalse = rule({ id: 'a/x', when: { all: [{ version: { range: '>2026.1.1' } }, { paste: { contains: 'nope' } }] } });
    expect(evaluateRule(allFalse, facts).status).toBe('pass');
    const anyTrue = rule({ id: 'a/y', when: { any: [{ version: { range: '>2026.1.1' } }, { paste: { contains: 'x' } }] } });
    expect(evaluateRule(anyTrue, facts).status).toBe('fail');
  });

  it('not() inverts and drops evidence', async () => {
    const r = rule({ id: 'a/x', when: { all: [{ paste: { contains: 'pairing' } }, { not: { paste: { contains: 'scope-upgrade' } } }] } });
    expect(evaluateRule(r, await paste('pairing required')).status).toBe('fail');
    expect(evaluateRule(r, await paste('pairing required\nreason=scope-upgrade')).status).toBe('pass');
  });

  it('ends as error (not a crash) when a rule is broken at run time', () => {
    const r = rule({ id: 'a/x', facts: ['config'], when: { fact: { path: 'config.value', op: 'regex', value: '(' } } });
    const res = evaluateRule(r, { config: { path: 'p', reason: 'r', found: true, value: { a: 1 } } });
    // regex op over a non-string is false, not an error: use a string value to hit the bad pattern
    expect(res.status).toBe('pass');
    const r2 = rule({ id: 'a/y', facts: ['config'], when: { fact: { path: 'config.path', op: 'regex', value: '(' } } });
    const res2 = evaluateRule(r2, { config: { path: 'p', reason: 'r', found: true } });
    expect(res2.status).toBe('error');
    expect(res2.reason).toMatch(/Invalid regular expression/);
  });
});

describe('engine: fact matchers', () => {
  const facts: Facts = {
    config: {
      path: '/home/u/.openclaw/openclaw.json',
      reason: 'default',
      found: true,
      value: { gateway: { auth: 'my-token', trustedProxies: ['172.17.0.0/16', '10.0.0.1'] } },
      positions: { '/gateway/auth': { line: 3, column: 13 } },
    },
  };
  it('resolves wildcards and binds values with as', () => {
    const r = rule({ id: 'c/x', facts: ['config'], when: { fact: { path: 'config.value.gateway.trustedProxies.*', op: 'regex', value: '/', as: 'cidr' } }, message: 'CIDR {{cidr}}' });
    const out = evaluate([r], facts);
    expect(out.findings[0]!.message).toBe('CIDR 172.17.0.0/16');
  });
  it('points config evidence at file:line:col', () => {
    const r = rule({ id: 'c/y', facts: ['config'], when: { fact: { path: 'config.value.gateway.auth', op: 'type', value: 'string' } } });
    const out = evaluate([r], facts);
    expect(out.findings[0]!.evidence[0]).toMatchObject({ file: '/home/u/.openclaw/openclaw.json', line: 3, column: 13, path: 'config.value.gateway.auth' });
  });
  it('missing/ne hold over all values', () => {
    const missing = rule({ id: 'c/m', facts: ['config'], when: { fact: { path: 'config.value.gateway.controlUi', op: 'missing' } } });
    const ne = rule({ id: 'c/n', facts: ['config'], when: { fact: { path: 'config.value.gateway.trustedProxies.*', op: 'ne', value: '10.0.0.1' } } });
    const out = evaluate([missing, ne], facts);
    expect(out.results.find((r) => r.ruleId === 'c/m')!.status).toBe('fail');
    expect(out.results.find((r) => r.ruleId === 'c/n')!.status).toBe('pass');
  });
});

describe('engine: ranking', () => {
  it('orders by specificity, drops superseded findings, reports a cause once', async () => {
    const generic = rule({ id: 'p/generic', specificity: 10, when: { paste: { contains: 'pairing required' } } });
    const specific = rule({ id: 'p/scope', specificity: 60, supersedes: ['p/generic'], when: { paste: { contains: 'scope-upgrade' } } });
    const other = rule({ id: 'o/other', specificity: 30, category: 'origin', when: { paste: { contains: 'origin' } } });
    const twin = rule({ id: 'o/twin', specificity: 20, cause: 'origin', when: { paste: { contains: 'origin' } } });
    const twin2 = rule({ id: 'o/twin2', specificity: 25, cause: 'origin', when: { paste: { contains: 'origin' } } });
    const out = evaluate([generic, specific, other, twin, twin2], await paste('pairing required reason=scope-upgrade\norigin not allowed'));
    expect(out.findings.map((f) => f.ruleId)).toEqual(['p/scope', 'o/other', 'o/twin2']);
    expect(out.suppressed).toEqual(expect.arrayContaining([{ ruleId: 'p/generic', by: 'p/scope' }, { ruleId: 'o/twin', by: 'o/twin2' }]));
    expect(out.findings[0]!.supersedes).toEqual(['p/generic']);
  });

  it('renders templates in message and fix, with fallbacks and sections', async () => {
    const r = rule({
      id: 'p/t',
      when: { paste: { regex: 'requestId: (?<rid>[0-9a-f-]+)' } },
      message: 'Pending request{{#rid}} {{rid}}{{/rid}} on {{version|an unknown version}}',
      fix: { tier: 'manual', steps: ['approve it'], commands: ['openclaw devices approve {{rid|<request-id>}}'] },
    });
    const out = evaluate([r], await paste('pairing required (requestId: 84e47b07-1111)'));
    expect(out.findings[0]!.message).toBe('Pending request 84e47b07-1111 on an unknown version');
    expect(out.findings[0]!.fix.commands).toEqual(['openclaw devices approve 84e47b07-1111']);
  });
});

describe('engine: one pattern shared by several rules', () => {
  it('runs once per paste but gives each rule its own evidence and captures', async () => {
    const when = { paste: { regex: 'closed \\((?<code>\\d{4})\\)' } };
    const a = rule({ id: 'a/one', when });
    const b = rule({ id: 'a/two', when: { all: [when, { paste: { contains: 'pairing' } }] } });
    const c = rule({ id: 'a/three', when: { all: [{ paste: { regex: 'closed \\((?<code>\\d{4})\\)' } }, { paste: { contains: 'no such text' } }] } });
    const facts = await paste('gateway closed (1008): pairing required\n');
    const ra = evaluateRule(a, facts);
    ra.evidence.push({ source: 'paste', line: 99, text: 'added by a caller' });
    ra.captures.code = 'changed by a caller';
    const rb = evaluateRule(b, facts);
    expect(rb.status).toBe('fail');
    expect(rb.captures).toEqual({ code: '1008' });
    expect(rb.evidence.map((e) => e.line)).not.toContain(99);
    expect(evaluateRule(c, facts).status).toBe('pass');
    // A different paste is a different answer.
    expect(evaluateRule(a, await paste('all fine\n')).status).toBe('pass');
  });
});

// The cover-literal caches of src/engine/conditions.ts (redos7): on a large paste evaluate() scans
// once for its rule list's literals, and a matcher whose literals that scan did not include (a rule
// evaluated alone, another list) must still get its own pass — a shortcut that trusted the first
// scan would skip its only candidate line (mutation-checked: both tests fail).
const covered = (id: string, regex: string, literal: string): Rule => rule({ id, when: { paste: { regex, cover: [[literal]] } } });

/** Over the small-text limit (LITERAL_SEARCH_MAX_CHARS), so the one-pass scan is used. */
async function largePaste(): Promise<Facts> {
  const filler = Array.from({ length: Math.ceil(LITERAL_SEARCH_MAX_CHARS / 80) }, (_, i) => `line ${i}: nothing of note happened here at all`).join('\n');
  return { paste: await pasteFromString(`${filler}\ngateway closed (1008): pairing required\nthe zorblax handshake was refused\n${filler}\n`) };
}

describe('cover literals: one scan per rule list, the others found on demand', () => {
  it('a rule outside the scanned list still finds its line after evaluate() scanned the paste', async () => {
    const scanned = covered('a/pairing', 'pairing required', 'pairing required');
    const outside = covered('a/zorblax', 'zorblax handshake was refused', 'zorblax');
    const facts = await largePaste();
    expect(evaluate([scanned], facts).findings.map((f) => f.ruleId)).toEqual(['a/pairing']);
    expect(evaluateRule(outside, facts).status).toBe('fail');
    // The scanned list's own matcher is answered from its scan, and a second list gets its literals.
    expect(evaluateRule(scanned, facts).status).toBe('fail');
    expect(evaluate([scanned, outside], facts).findings.map((f) => f.ruleId).sort()).toEqual(['a/pairing', 'a/zorblax']);
  });

  it('a literal that no line holds makes the rule pass, scanned or not', async () => {
    const facts = await largePaste();
    const absent = covered('a/absent', 'quuxmesh refused', 'quuxmesh');
    evaluate([covered('a/pairing', 'pairing required', 'pairing required')], facts);
    expect(evaluateRule(absent, facts).status).toBe('pass');
    expect(evaluate([absent], facts).findings).toEqual([]);
  });

  it("each literal's lines are its own: the pass's lists by its set's index, the later ones beside them", async () => {
    // 40 literals, each on its own line of a large paste (and one on none); every rule must quote its own line.
    const words = Array.from({ length: 40 }, (_, i) => `qx${String.fromCharCode(97 + (i % 26))}${i}word`);
    const lines = words.map((w, i) => `entry ${i} says ${w} now ${'.'.repeat(Math.ceil(LITERAL_SEARCH_MAX_CHARS / 40))}`);
    const facts = { paste: await pasteFromString(`${lines.join('\n')}\n`) };
    const rules = [...words, 'qxnowhereword'].map((w) => covered(`a/${w}`, `says ${w} now`, w));
    const out = evaluate(rules, facts);
    expect(out.results.map((r) => [r.ruleId, r.status, r.evidence.map((e) => e.line)])).toEqual([
      ...words.map((w, i) => [`a/${w}`, 'fail', [i + 1]]),
      ['a/qxnowhereword', 'pass', []],
    ]);
    // Literals outside the pass, found after it (one in the middle, one on no line), beside the pass's own.
    const later = [covered('a/entry7', 'entry 7 says', 'entry 7 says'), covered('a/none', 'entry 99 says', 'entry 99 says'), rules[3]!];
    expect(later.map((r) => [evaluateRule(r, facts).status, evaluateRule(r, facts).evidence.map((e) => e.line)])).toEqual([
      ['fail', [8]],
      ['pass', []],
      ['fail', [4]],
    ]);
  });
});

describe('engine: evidence', () => {
  it('quotes a line once however many of a rule\'s conditions matched it, long lines included', async () => {
    const long = `alpha ${'x'.repeat(64 * 1024 - 20)} beta`;
    const r = rule({ id: 'a/ev', when: { all: [{ paste: { contains: 'alpha' } }, { paste: { regex: 'alpha[^\\n]{0,70000}beta' } }, { paste: { contains: 'gamma' } }] } });
    // Lines 2 and 3 say the same: two pieces (same text, another line).
    const res = evaluateRule(r, await paste(`${long}\ngamma alpha\ngamma alpha\n`));
    expect(res.status).toBe('fail');
    expect(res.evidence.map((e) => [e.line, e.text?.length])).toEqual([
      [1, long.length],
      [2, 'gamma alpha'.length],
      [3, 'gamma alpha'.length],
    ]);
  });
});
