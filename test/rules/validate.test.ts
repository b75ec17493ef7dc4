// `rules validate` rejects what a rule cannot mean: a fact path the collectors never produce, an enum
// value they never produce, a template name nothing binds, a folder that is not the category, and a
// declared source list that disagrees with the conditions.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAndValidateDir } from '../../src/rules/load.js';
import { semanticErrors } from '../../src/rules/validate.js';
import { requiredSources } from '../../src/engine/sources.js';
import { CATEGORIES, type Condition, type Rule } from '../../src/types.js';
import { readFileSync } from 'node:fs';
import { pkgPath } from '../../src/shared/paths.js';

function rule(when: Condition, message = 'Something is wrong.', extra: Partial<Rule> = {}): Rule {
  return { id: 'port-bind/x', title: 'A test rule', category: 'port-bind', severity: 'error', when, specificity: 50, message, fix: { tier: 'manual', steps: ['Do it.'] }, ...extra };
}
const fact = (path: string, op: string, value?: unknown, as?: string): Condition => ({ fact: { path, op, ...(value !== undefined ? { value } : {}), ...(as ? { as } : {}) } as never });

describe('rules validate: fact paths', () => {
  it('rejects a path no collector produces and names the known fields', () => {
    const errs = semanticErrors(rule(fact('probe.outcom', 'eq', 'refused'))).join(' ');
    expect(errs).toMatch(/unknown fact path probe\.outcom: probe has no "outcom"/);
    expect(errs).toContain('outcome');
  });
  it('rejects a path below a value and a name where a list index belongs', () => {
    expect(semanticErrors(rule(fact('probe.outcome.code', 'exists'))).join(' ')).toMatch(/probe\.outcome is a value/);
    expect(semanticErrors(rule(fact('paste.urls.first.host', 'exists'))).join(' ')).toMatch(/paste\.urls is a list/);
  });
  it('accepts typed paths, list wildcards and indexes, and any path below free-form facts', () => {
    for (const p of ['probe.target.port', 'paste.urls.*.hostKind', 'env.services.0.token', 'config.value.gateway.anything.deep', 'env.derived.whatever', 'flags.browserUrl']) {
      expect(semanticErrors(rule(fact(p, 'exists'))), p).toEqual([]);
    }
  });
});

describe('rules validate: config.derived paths come from the derive types (src/derive/)', () => {
  it('rejects a typo in a derived path and names the known facts', () => {
    const errs = semanticErrors(rule(fact('config.derived.nonLoopbackBnd', 'eq', true))).join(' ');
    expect(errs).toMatch(/unknown fact path config\.derived\.nonLoopbackBnd/);
    expect(errs).toContain('nonLoopbackBind');
  });
  it('rejects a derived key the derive stage no longer computes', () => {
    expect(semanticErrors(rule(fact('config.derived.trustedProxiesCount', 'gt', 0))).join(' ')).toMatch(/unknown fact path config\.derived\.trustedProxiesCount/);
  });
  it('accepts a fact of each topic and checks a derived enum', () => {
    for (const p of ['config.derived.effectivePort', 'config.derived.authMode', 'config.derived.trustedProxiesCidrFirst', 'config.derived.tailscaleMode', 'config.derived.unknownKeys.*.suggestion', 'config.derived.proxyNotCovered', 'config.derived.missing']) {
      expect(semanticErrors(rule(fact(p, 'exists'))), p).toEqual([]);
    }
    expect(semanticErrors(rule(fact('config.derived.tokenSource', 'eq', 'file'))).join(' ')).toMatch(/never "file"/);
    expect(semanticErrors(rule(fact('config.derived.tokenSource', 'eq', 'env')))).toEqual([]);
  });
});

describe('rules validate: enum values', () => {
  it('rejects a probe outcome the probe never produces (port-silent named challenge-timeout)', () => {
    expect(semanticErrors(rule(fact('probe.outcome', 'in', ['upgrade-timeout', 'challenge-timeout'])))).toEqual([expect.stringMatching(/probe\.outcome is never "challenge-timeout"/)]);
    expect(semanticErrors(rule(fact('probe.outcome', 'in', ['upgrade-timeout', 'no-challenge'])))).toEqual([]);
  });
  it('checks stages, host kinds and list elements too', () => {
    expect(semanticErrors(rule(fact('probe.failedStage', 'eq', 'handshake'))).join(' ')).toMatch(/never "handshake"/);
    expect(semanticErrors(rule(fact('paste.urls.*.hostKind', 'eq', 'lan'))).join(' ')).toMatch(/never "lan"/);
    expect(semanticErrors(rule(fact('probe.dns.kinds', 'includes', 'tailnet')))).toEqual([]);
    expect(semanticErrors(rule(fact('probe.dns.kinds', 'includes', 'tailscale'))).join(' ')).toMatch(/never "tailscale"/);
  });
});

describe('rules validate: template names', () => {
  it('rejects a name nothing binds, in the message and in the fix', () => {
    expect(semanticErrors(rule(fact('probe.outcome', 'eq', 'refused'), 'Port {{port}} refused.')).join(' ')).toMatch(/\{\{port\}\} bound by nothing/);
    const r = rule(fact('probe.outcome', 'eq', 'refused'), 'Refused.', { fix: { tier: 'manual', steps: ['Restart {{#svc}}the {{svc}} service{{/svc}}.'] } });
    expect(semanticErrors(r).join(' ')).toMatch(/\{\{svc\}\}/);
  });
  it('accepts names bound by "as", by a named capture, and the built-in ones', () => {
    const when: Condition = { all: [fact('probe.target.port', 'exists', undefined, 'port'), { paste: { regex: 'listen (?<addr>\\S{1,64})' } }] };
    expect(semanticErrors(rule(when, '{{port}} {{addr}} {{version}} {{configPath}} {{requestId|none}}'))).toEqual([]);
  });
});

describe('rules validate: folders', () => {
  it('rejects a rule whose folder is not its category or whose id is not in its folder', () => {
    expect(semanticErrors(rule(fact('probe.outcome', 'eq', 'refused')), 'tls').join(' ')).toMatch(/category port-bind does not match folder tls\//);
    expect(semanticErrors(rule(fact('probe.outcome', 'eq', 'refused')), 'port-bind')).toEqual([]);
    expect(semanticErrors(rule(fact('probe.outcome', 'eq', 'refused'), undefined, { id: 'tls/x' }), 'port-bind').join(' ')).toMatch(/must start with its folder name/);
  });
  it('lets a user rules dir use its own area names, but not the catalogue', () => {
    const demo = rule(fact('probe.outcome', 'eq', 'refused'), undefined, { id: 'demo/x' });
    expect(semanticErrors(demo, 'demo')).toEqual([]);
    expect(semanticErrors(demo, 'demo', true).join(' ')).toMatch(/folder demo\/ is not a category/);
  });
  it('has no exception for the old fact-source folders: one axis, rules/<category>/ only', () => {
    for (const folder of ['config', 'env', 'probe', 'version']) {
      const r = rule(fact('probe.outcome', 'eq', 'refused'), undefined, { id: `${folder}/x` });
      expect(semanticErrors(r, folder, true).join(' '), folder).toMatch(new RegExp(`folder ${folder}/ is not a category \\(move the rule to rules/port-bind/\\)`));
    }
    expect(semanticErrors(rule(fact('probe.outcome', 'eq', 'refused')), undefined, true).join(' ')).toMatch(/lives in rules\/port-bind\//);
  });
  it('the catalogue itself: every rule sits in its category folder', async () => {
    const { rules, problems } = await readAndValidateDir(pkgPath('rules'));
    expect(problems).toEqual([]);
    for (const r of rules) expect(r.file!.split(/[\\/]/).slice(-2, -1)[0], r.id).toBe(r.category);
  });
  it('is checked on files: rules validate reports a rule in the wrong folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    mkdirSync(join(dir, 'tls'));
    writeFileSync(join(dir, 'tls', 'x.json'), JSON.stringify({ ...rule(fact('probe.outcome', 'eq', 'refused')), id: 'tls/x' }));
    const { problems } = await readAndValidateDir(dir);
    expect(problems.map((p) => p.message).join(' ')).toMatch(/category port-bind does not match folder tls\//);
  });
});

describe('fact sources are inferred from the conditions', () => {
  it('requires a source the rule cannot fire without, not one read only as an alternative', () => {
    expect(requiredSources({ all: [fact('probe.outcome', 'eq', 'refused'), { any: [fact('config.found', 'eq', true), { paste: { contains: 'x' } }] }] })).toEqual(['probe']);
    expect(requiredSources({ all: [{ paste: { contains: 'x' } }, fact('env.wsl', 'eq', true)] })).toEqual(['paste', 'env']);
    // ifUnknown "true": the rule can fire without that source
    expect(requiredSources({ all: [{ paste: { contains: 'x' } }, { fact: { path: 'probe.outcome', op: 'eq', value: 'refused', ifUnknown: 'true' } }] })).toEqual(['paste']);
    // not(missing source) stays unknown: still required
    expect(requiredSources({ all: [{ paste: { contains: 'x' } }, { not: fact('config.found', 'eq', false) }] })).toEqual(['paste', 'config']);
  });
  it('rejects a declared "facts" that disagrees with the conditions', () => {
    const r = rule({ all: [{ paste: { contains: 'x' } }] }, 'x', { facts: ['paste', 'config'] });
    expect(semanticErrors(r).join(' ')).toMatch(/"facts" declares \[config, paste\] but the conditions require \[paste\]/);
    expect(semanticErrors({ ...r, facts: ['paste'] })).toEqual([]);
  });
});

describe('rule schema', () => {
  it('lists exactly the categories of the TypeScript model', () => {
    const schema = JSON.parse(readFileSync(pkgPath('schema', 'rule.schema.json'), 'utf8')) as { properties: { category: { enum: string[] } } };
    expect(schema.properties.category.enum).toEqual([...CATEGORIES]);
  });
});

describe('bind map and bands', () => {
  it('a bound name fills the message when its fact exists and never decides whether the rule fires', async () => {
    const { evaluate } = await import('../../src/engine/evaluate.js');
    const r = rule(fact('probe.outcome', 'eq', 'refused'), 'Nothing listens on {{host|the host}}:{{port|?}}.', { bind: { port: 'probe.target.port', host: 'probe.target.host' } });
    expect(semanticErrors(r)).toEqual([]);
    const probe = { outcome: 'refused', target: { port: 18789 } } as never;
    expect(evaluate([r], { probe }).findings[0]?.message).toBe('Nothing listens on the host:18789.');
    expect(evaluate([r], { probe: { outcome: 'connected' } as never }).findings).toEqual([]);
  });
  it('rejects a bind path no collector produces, and a specificity outside its band', () => {
    expect(semanticErrors(rule(fact('probe.outcome', 'eq', 'refused'), '{{p}}', { bind: { p: 'probe.target.prot' } })).join(' ')).toMatch(/bind p: unknown fact path probe\.target\.prot/);
    expect(semanticErrors(rule(fact('probe.outcome', 'eq', 'refused'), 'x', { band: 'exact', specificity: 70 })).join(' ')).toMatch(/specificity 70 is outside band exact \(40–59\)/);
    expect(semanticErrors(rule(fact('probe.outcome', 'eq', 'refused'), 'x', { band: 'refined', specificity: 70 }))).toEqual([]);
  });
  it('the codemod names the same bands as the validator', async () => {
    const { BANDS } = await import('../../src/rules/bands.js');
    const text = readFileSync(pkgPath('scripts', 'codemods', 'bind-map.mjs'), 'utf8');
    for (const [name, [lo, hi]] of Object.entries(BANDS)) expect(text).toContain(`['${name}', ${lo}, ${hi}]`);
  });
});

describe('rules validate: version conditions name behaviours of knowledge/versions.json', () => {
  const v = (version: Record<string, unknown>): Condition => ({ all: [fact('probe.outcome', 'eq', 'refused'), { version } as Condition] });
  it('rejects an unknown behaviour and names the known ones', () => {
    const errs = semanticErrors(rule(v({ behaviour: 'ddda-needs-shared-secrets' }))).join(' ');
    expect(errs).toMatch(/unknown behaviour "ddda-needs-shared-secrets"/);
    expect(errs).toContain('ddda-needs-shared-secret,');
  });
  it('rejects "verified" on a behaviour with no verified first release, and a range beside a behaviour', async () => {
    expect(semanticErrors(rule(v({ behaviour: 'trusted-proxy-token-ignored', verified: true }))).join(' ')).toMatch(/no firstVerified/);
    const { schemaErrorsForRule } = await import('../../src/rules/validate.js');
    const json = (version: Record<string, unknown>) => ({ $schema: '../../schema/rule.schema.json', ...rule(v(version)), band: 'exact' });
    expect(schemaErrorsForRule(json({ behaviour: 'ddda-needs-shared-secret', range: '>=2026.1.1' }))).toBeTruthy();
    expect(schemaErrorsForRule(json({ range: '>=2026.1.1', has: false }))).toBeTruthy();
    expect(schemaErrorsForRule(json({ behaviour: 'ddda-needs-shared-secret', has: false, ifUnknown: 'true' }))).toBeFalsy();
  });
  it('accepts a known behaviour, with has and verified', () => {
    expect(semanticErrors(rule(v({ behaviour: 'trusted-proxies-ipv4-cidr', has: false, verified: true })))).toEqual([]);
    expect(semanticErrors(rule(v({ behaviour: 'ddda-needs-shared-secret' })))).toEqual([]);
  });
  it('a retired gateway key and a version held by another fact: checked against the file and the fact model', async () => {
    expect(semanticErrors(rule(v({ retiredKey: 'gateway.controlUi.allowInsecureAuth', has: false })))).toEqual([]);
    expect(semanticErrors(rule(v({ retiredKey: 'gateway.controlUi.enabled' }))).join(' ')).toMatch(/no "retired" release/);
    expect(semanticErrors(rule(v({ olderThan: 'config.derived.lastTouchedVersion' })))).toEqual([]);
    expect(semanticErrors(rule(v({ olderThan: 'config.derived.lastTouchedVersoin' }))).join(' ')).toMatch(/version olderThan: .*lastTouchedVersoin/);
    const { schemaErrorsForRule } = await import('../../src/rules/validate.js');
    const json = (version: Record<string, unknown>) => ({ $schema: '../../schema/rule.schema.json', ...rule(v(version)), band: 'exact' });
    expect(schemaErrorsForRule(json({ retiredKey: 'gateway.webchat' }))).toBeFalsy();
    expect(schemaErrorsForRule(json({ retiredKey: 'gateway.webchat', verified: true }))).toBeTruthy();
    expect(schemaErrorsForRule(json({ olderThan: 'config.derived.lastTouchedVersion', has: false }))).toBeTruthy();
    expect(schemaErrorsForRule(json({ olderThan: 'config.derived.lastTouchedVersion', range: '>=2026.1.1' }))).toBeTruthy();
  });
});
