// The cause registry (rules/causes.json): a rule may only name a registered cause, and every
// registered cause is used by a rule (or marked reserved), so one cause has one id.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { causeProblems, readCauseRegistry, type CauseRegistry } from '../../src/rules/causes.js';
import { BUILTIN_RULES_DIR, loadBuiltinRules } from '../../src/rules/load.js';
import type { Rule } from '../../src/types.js';

function rule(id: string, cause?: string): Rule {
  return { id, title: 't', category: 'tls', severity: 'error', when: { paste: { contains: 'x' } }, specificity: 50, message: 'm', fix: { tier: 'manual', steps: ['s'] }, ...(cause ? { cause } : {}) };
}
const registry: CauseRegistry = { 'tls/shared': { area: 'tls', description: 'one cause' } };
const messages = (rules: Rule[], reg: CauseRegistry) => causeProblems(rules, reg, 'causes.json').map((p) => p.message).join(' | ');

describe('cause registry', () => {
  it('rejects a rule whose cause is not registered', () => {
    expect(messages([rule('tls/a', 'tls/shared'), rule('tls/b', 'tls/sharde')], registry)).toMatch(/^cause tls\/sharde is not registered/);
  });
  it('rejects a registered cause no rule uses, unless it is reserved', () => {
    expect(messages([rule('tls/a')], registry)).toMatch(/cause tls\/shared is used by no rule/);
    expect(messages([rule('tls/a')], { 'tls/shared': { ...registry['tls/shared']!, reserved: true } })).toBe('');
    expect(messages([rule('tls/a', 'tls/shared')], { 'tls/shared': { ...registry['tls/shared']!, reserved: true } })).toMatch(/marked reserved but rules use it/);
  });
  it('rejects an id outside its area, an area that is no category, and a cause named like a rule', () => {
    expect(messages([rule('tls/a', 'origin/x')], { 'origin/x': { area: 'tls', description: 'd' } })).toMatch(/must start with its area \(tls\/\)/);
    expect(messages([rule('tls/a', 'net/x')], { 'net/x': { area: 'net', description: 'd' } })).toMatch(/area net is not a category/);
    expect(messages([rule('tls/a', 'tls/a')], { 'tls/a': { area: 'tls', description: 'd' } })).toMatch(/also a rule id/);
  });
  it('holds for the catalogue, and the CIDR-on-an-old-release cause has one name', async () => {
    const rules = await loadBuiltinRules();
    const reg = readCauseRegistry(BUILTIN_RULES_DIR)!;
    expect(causeProblems(rules, reg, 'causes.json')).toEqual([]);
    // Was two names (`trusted-proxies-cidr-unsupported` and a rule id), so it could be reported twice.
    const ids = ['trusted-proxy/cidr-entry-on-exact-match-version', 'trusted-proxy/trusted-proxies-cidr-unsupported', 'trusted-proxy/trusted-proxies-cidr-unsupported-probe', 'trusted-proxy/trusted-proxies-cidr-unsupported-version', 'trusted-proxy/trusted-proxies-ipv6-cidr'];
    expect(ids.map((id) => rules.find((r) => r.id === id)?.cause)).toEqual(ids.map(() => 'trusted-proxy/cidr-unsupported-on-version'));
  });
  it('every entry has a one-line description', () => {
    const reg = (JSON.parse(readFileSync(join(BUILTIN_RULES_DIR, 'causes.json'), 'utf8')) as { causes: CauseRegistry }).causes;
    for (const [id, c] of Object.entries(reg)) expect(c.description, id).toMatch(/^[^\n]{10,200}$/);
  });
});
