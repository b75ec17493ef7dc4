// Ranking by principle (notes/holdout.md Round 16b): a finding never comes before one that refines
// it — names the same category and quotes every piece of its evidence plus a piece of another kind
// (config, probe, environment). Neither more pasted lines nor the release count as that second kind.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { rankFindings } from '../../src/engine/rank.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import type { Facts, Finding, Rule } from '../../src/types.js';

function rule(partial: Partial<Rule> & Pick<Rule, 'id' | 'when'>): Rule {
  return { title: partial.id, category: 'other', severity: 'error', specificity: 10, message: 'm', fix: { tier: 'manual', steps: ['s'] }, ...partial };
}

const ERROR = 'gateway closed (1008): unauthorized: gateway token mismatch';

async function facts(text: string, extra: Partial<Facts> = {}): Promise<Facts> {
  return { paste: await pasteFromString(text), ...extra };
}

const withConfig = (value: Record<string, unknown>): Partial<Facts> => ({ config: { path: '/home/u/.openclaw/openclaw.json', reason: 'default', found: true, value } });
const ids = (fs: readonly Finding[]) => fs.map((f) => f.ruleId);
/** A rule reading a pasted text and a fact beside it. */
const lineAndFact = (id: string, category: Rule['category'], specificity: number, text: string, fact: { path: string; op: 'type' | 'eq'; value: string }): Rule =>
  rule({ id, category, specificity, when: { all: [{ paste: { contains: text } }, { fact }] } });

describe('ranking: a second kind of evidence refines', () => {
  // The error line alone, authored high; the same line plus the config value behind it, authored lower.
  const lineOnly = rule({ id: 'token-auth/line', category: 'token-auth', specificity: 55, when: { paste: { contains: 'token mismatch' } } });
  const lineAndConfig = lineAndFact('token-auth/line-and-config', 'token-auth', 30, 'token mismatch', { path: 'config.value.gateway.auth.token', op: 'type', value: 'number' });

  it('the rule reading the error line and the config value comes first, whatever the authored numbers', async () => {
    const out = evaluate([lineOnly, lineAndConfig], await facts(`hello\n${ERROR}\n`, withConfig({ gateway: { auth: { token: 12345 } } })));
    expect(ids(out.findings)).toEqual(['token-auth/line-and-config', 'token-auth/line']);
  });

  it('a milder finding does not pass an error on the same line, however much more it quotes', async () => {
    const warnWithConfig = { ...lineAndConfig, id: 'token-auth/warn-line-and-config', severity: 'warning' as const };
    const out = evaluate([lineOnly, warnWithConfig], await facts(`hello\n${ERROR}\n`, withConfig({ gateway: { auth: { token: 12345 } } })));
    expect(ids(out.findings)).toEqual(['token-auth/line', 'token-auth/warn-line-and-config']);
  });

  it('without the config fact only the line rule fires (nothing to refine it)', async () => {
    const out = evaluate([lineOnly, lineAndConfig], await facts(`hello\n${ERROR}\n`, withConfig({ gateway: { auth: { token: 'abc' } } })));
    expect(ids(out.findings)).toEqual(['token-auth/line']);
  });

  it('a config-only finding does not pass the error the log reports: it does not quote that line', async () => {
    const configOnly = rule({ id: 'token-auth/config-only', category: 'token-auth', specificity: 30, when: { fact: { path: 'config.value.gateway.auth.token', op: 'type', value: 'number' } } });
    const out = evaluate([lineOnly, configOnly], await facts(`hello\n${ERROR}\n`, withConfig({ gateway: { auth: { token: 12345 } } })));
    expect(ids(out.findings)).toEqual(['token-auth/line', 'token-auth/config-only']);
  });

  it('the refining rule wins a shared cause (the cause is reported once, by the finding ranked first)', async () => {
    const a = { ...lineOnly, cause: 'token-auth/shared' };
    const b = { ...lineAndConfig, cause: 'token-auth/shared' };
    const out = evaluate([a, b], await facts(ERROR, withConfig({ gateway: { auth: { token: 12345 } } })));
    expect(ids(out.findings)).toEqual(['token-auth/line-and-config']);
    expect(out.suppressed).toContainEqual({ ruleId: 'token-auth/line', by: 'token-auth/line-and-config' });
  });
});

describe('ranking: what does not refine', () => {
  it('another category quoting the same line beside the probe answers another question: it stays below', async () => {
    // A pasted error proves the gateway was reached somewhere: that explains a refused local probe, not the error.
    const pairing = rule({ id: 'pairing/exact', category: 'pairing', specificity: 40, when: { paste: { contains: 'pairing required' } } });
    const elsewhere = lineAndFact('gateway-down/reached-elsewhere', 'gateway-down', 30, 'pairing required', { path: 'probe.outcome', op: 'eq', value: 'refused' });
    const probe = { url: 'ws://127.0.0.1:18789', outcome: 'refused' } as unknown as NonNullable<Facts['probe']>;
    const out = evaluate([elsewhere, pairing], await facts('disconnected (1008): pairing required', { probe }));
    expect(out.findings.find((f) => f.ruleId === 'gateway-down/reached-elsewhere')!.evidence.some((e) => e.source === 'probe')).toBe(true);
    expect(ids(out.findings)).toEqual(['pairing/exact', 'gateway-down/reached-elsewhere']);
  });

  const exact = rule({ id: 'pairing/exact', category: 'pairing', specificity: 42, when: { paste: { regex: 'connect failed: [^\\n]{0,40}pairing required' } } });

  it('a looser pattern quoting the same error on more lines stays below the exact message', async () => {
    const loose = rule({ id: 'pairing/loose', category: 'pairing', specificity: 20, severity: 'info', when: { paste: { regex: 'pairing required' } } });
    const out = evaluate([exact, loose], await facts('It says "Pairing required" in the UI\ngateway connect failed: Error: pairing required\n'));
    expect(out.findings.find((f) => f.ruleId === 'pairing/loose')!.evidence.map((e) => e.line)).toEqual([1, 2]);
    expect(ids(out.findings)).toEqual(['pairing/exact', 'pairing/loose']);
  });

  it('a second pasted condition (prose words beside the error line) does not lift a rule either', async () => {
    const prose = rule({ id: 'pairing/prose', category: 'pairing', specificity: 30, when: { all: [{ paste: { regex: 'pairing required' } }, { paste: { regex: '\\bupgrad(?:e|ed|ing)\\b' } }] } });
    const out = evaluate([exact, prose], await facts('after the upgrade nothing works\ngateway connect failed: Error: pairing required\n'));
    expect(ids(out.findings)).toEqual(['pairing/exact', 'pairing/prose']);
  });

  it('the release is not a piece of evidence: a version window holds for everyone on that release', async () => {
    const windowed = rule({ id: 'device-identity/window', category: 'device-identity', specificity: 29, severity: 'warning', when: { all: [{ paste: { contains: 'device identity required' } }, { version: { range: '>=2026.2.2 <2026.3.13' } }] } });
    const plain = rule({ id: 'device-identity/plain', category: 'device-identity', specificity: 30, when: { paste: { contains: 'device identity required' } } });
    const out = evaluate([windowed, plain], await facts('code=1008 reason=device identity required', { version: { value: '2026.3.11', source: 'flag', raw: '2026.3.11' } }));
    expect(out.findings.find((f) => f.ruleId === 'device-identity/window')!.evidence.some((e) => e.source === 'version')).toBe(true);
    expect(ids(out.findings)).toEqual(['device-identity/plain', 'device-identity/window']);
  });
});

describe('rankFindings', () => {
  const f = (ruleId: string, specificity: number, evidence: Finding['evidence']): Finding => ({
    ruleId,
    category: 'other',
    severity: 'error',
    status: 'fail',
    title: ruleId,
    message: 'm',
    evidence,
    fix: { tier: 'manual', steps: ['s'] },
    specificity,
  });
  const line = (n: number) => ({ source: 'paste' as const, line: n, text: `l${n}` });
  const cfg = (path: string) => ({ source: 'config' as const, path, file: '/c.json' });
  const probe = (path: string) => ({ source: 'probe' as const, path });

  it('a refinement takes the place of what it refines, along a chain; unrelated findings keep comparator order', () => {
    const a = f('x/a', 70, [line(1)]);
    const b = f('x/b', 50, [line(1), cfg('config.value.gateway.bind')]);
    const c = f('x/c', 20, [line(1), cfg('config.value.gateway.bind'), probe('probe.outcome')]);
    const d = f('x/d', 60, [line(2)]);
    expect(ids(rankFindings([d, c, b, a]))).toEqual(['x/c', 'x/b', 'x/a', 'x/d']);
    const e = f('x/e', 90, [line(3)]);
    expect(ids(rankFindings([a, b, c, d, e]))).toEqual(['x/e', 'x/c', 'x/b', 'x/a', 'x/d']);
  });

  it('equal evidence is no refinement: the comparator decides', () => {
    const a = f('x/a', 70, [line(1), cfg('config.value.gateway.bind')]);
    const b = f('x/b', 50, [line(1), cfg('config.value.gateway.bind')]);
    expect(ids(rankFindings([b, a]))).toEqual(['x/a', 'x/b']);
  });

  it('a finding of another category is never refined, whatever it quotes', () => {
    const a = f('x/a', 70, [line(1)]);
    const b = { ...f('x/b', 50, [line(1), cfg('config.value.gateway.bind')]), category: 'port-bind' as const };
    expect(ids(rankFindings([b, a]))).toEqual(['x/a', 'x/b']);
  });

  it('a finding without evidence is never refined (nothing to cover)', () => {
    const a = f('x/a', 70, []);
    const b = f('x/b', 50, [line(1), cfg('config.value.gateway.bind')]);
    expect(ids(rankFindings([b, a]))).toEqual(['x/a', 'x/b']);
  });
});
