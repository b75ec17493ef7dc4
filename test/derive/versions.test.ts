// knowledge/versions.json is the one place a behaviour's release boundaries are written: rules name
// a behaviour (`{ "version": { "behaviour": id } }`), the rule loader resolves its range from the file
// (the engine reads no file), so a rule that writes one of those ranges as a literal fails here.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, contentHash, fingerprint, KNOWLEDGE_FILE, loadBuiltinRules } from '../../src/rules/load.js';
import { walkConditions } from '../../src/shared/conditions.js';
import { hasBehaviour, versionKnowledge, versionRangeOf, versionSpecProblem, type VersionSpec } from '../../src/shared/version/behaviours.js';
import { pkgPath } from '../../src/shared/paths.js';
import { gatewaySchema } from '../../src/shared/config/gateway-keys.js';
import { evalCondition } from '../../src/engine/conditions.js';
import { attachVersionRanges } from '../../src/rules/validate.js';
import type { Rule } from '../../src/types.js';
import type { Condition, Facts, VersionMatcher } from '../../src/types.js';

const versionsOf = (when: Condition): VersionMatcher[] => [...walkConditions(when)].flatMap((c) => ('version' in c ? [c.version] : []));

/** Every range a behaviour can stand for: has / lacks, counted from first / firstVerified. */
function formsOf(id: string): Array<{ spec: VersionSpec; range: string }> {
  const b = versionKnowledge().behaviours[id]!;
  return [true, false].flatMap((has) => [false, ...(b.firstVerified ? [true] : [])].map((verified) => ({ has, verified }))).map(({ has, verified }) => {
    const spec: VersionSpec = { behaviour: id, has, verified };
    return { spec, range: versionRangeOf(spec) };
  });
}

describe('knowledge/versions.json', () => {
  const k = versionKnowledge();

  it('is the file on disk, and every behaviour is named by a rule', async () => {
    const file = JSON.parse(readFileSync(pkgPath('knowledge', 'versions.json'), 'utf8')) as typeof k;
    expect(file.behaviours).toEqual(k.behaviours);
    // The gateway key table the unknown-key and too-new checks read is the file's too.
    expect(gatewaySchema()).toEqual(file.gatewayKeys);
    expect(gatewaySchema().webchat).toEqual({ retired: '2026.8.0', open: true });
    const named = new Set((await loadBuiltinRules()).flatMap((r) => versionsOf(r.when).flatMap((v) => (v.behaviour ? [v.behaviour] : []))));
    expect(Object.keys(k.behaviours).filter((id) => !named.has(id))).toEqual([]);
  });

  it('no rule about a retired gateway key writes its retirement release as a literal range', async () => {
    // Keys with a `retired` release, as config fact paths (config.value.gateway.controlUi.allowInsecureAuth).
    const retired: Array<{ key: string; release: string }> = [];
    const visit = (table: Record<string, { retired?: string; children?: Record<string, never> }>, at: string) => {
      for (const [name, spec] of Object.entries(table)) {
        if (spec.retired) retired.push({ key: `${at}.${name}`, release: spec.retired });
        if (spec.children) visit(spec.children, `${at}.${name}`);
      }
    };
    visit(k.gatewayKeys as never, 'gateway');
    expect(retired.map((r) => r.key)).toContain('gateway.webchat');
    const bad: string[] = [];
    for (const rule of await loadBuiltinRules()) {
      const text = JSON.stringify(rule.when);
      for (const { key, release } of retired) {
        const about = text.includes(`"config.value.${key}"`) || text.includes(`"retiredKey":"${key}"`) || text.includes(key.split('.').pop()!);
        if (!about) continue;
        for (const v of versionsOf(rule.when)) if (v.range !== undefined && v.range.split(/[\s<>=|]+/).includes(release)) bad.push(`${rule.id}: "${v.range}" (write { "retiredKey": "${key}" })`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('resolves a retired key into the releases that retired it, and compares the version in use with another fact', () => {
    expect(versionRangeOf({ retiredKey: 'gateway.webchat' })).toBe('>=2026.8.0');
    expect(versionRangeOf({ retiredKey: 'gateway.controlUi.allowInsecureAuth', has: false })).toBe('<2026.8.0');
    expect(versionSpecProblem({ retiredKey: 'gateway.controlUi.enabled' })).toMatch(/no "retired" release/);
    expect(versionSpecProblem({ retiredKey: 'gateway.nope' })).toMatch(/no "retired" release/);
    expect(versionSpecProblem({ retiredKey: 'gateway.webchat', range: '>=2026.8.0' })).toMatch(/exactly one/);
    const at = (value: string | undefined, touched?: string) =>
      ({ paste: { lines: [] }, config: { derived: touched ? { lastTouchedVersion: touched } : {} }, ...(value ? { version: { value, source: 'flag' } } : {}) }) as unknown as Facts;
    const older: Condition = { version: { olderThan: 'config.derived.lastTouchedVersion', ifUnknown: 'false' } };
    expect(evalCondition(older, at('2026.3.13', '2026.5.7')).truth).toBe(true);
    expect(evalCondition(older, at('2026.3.13', '2026.5.7')).evidence.map((e) => e.value)).toEqual(['2026.3.13', '2026.5.7']);
    expect(evalCondition(older, at('2026.5.7', '2026.5.7')).truth).toBe(false);
    expect(evalCondition(older, at('2026.9.6', '2026.5.7')).truth).toBe(false);
    expect(evalCondition(older, at('2026.3.13')).truth).toBe(false);
    expect(evalCondition(older, at(undefined, '2026.5.7')).truth).toBe(false);
  });

  it('no rule writes a behaviour’s range as a literal', async () => {
    const forms = Object.keys(k.behaviours).flatMap((id) => formsOf(id).map((f) => ({ id, ...f })));
    const bad: string[] = [];
    for (const rule of await loadBuiltinRules()) {
      for (const v of versionsOf(rule.when)) {
        if (v.range === undefined) continue;
        const same = forms.find((f) => f.range.replace(/\s+/g, ' ') === v.range!.trim().replace(/\s+/g, ' '));
        if (same) bad.push(`${rule.id}: "${v.range}" is ${JSON.stringify(same.spec)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('resolves a behaviour into its release range', () => {
    expect(versionRangeOf({ behaviour: 'ddda-needs-shared-secret' })).toBe('>=2026.2.2 <2026.3.13');
    expect(versionRangeOf({ behaviour: 'ddda-needs-shared-secret', has: false })).toBe('<2026.2.2 || >=2026.3.13');
    expect(versionRangeOf({ behaviour: 'trusted-proxies-ipv4-cidr' })).toBe('>=2026.2.13');
    expect(versionRangeOf({ behaviour: 'trusted-proxies-ipv4-cidr', verified: true })).toBe('>=2026.2.17');
    expect(versionRangeOf({ behaviour: 'trusted-proxies-ipv4-cidr', has: false, verified: true })).toBe('<2026.2.17');
    expect(versionRangeOf({ range: '>=2026.3.0' })).toBe('>=2026.3.0');
    expect(versionSpecProblem({ behaviour: 'no-such-behaviour' })).toMatch(/unknown behaviour "no-such-behaviour"/);
    expect(versionSpecProblem({ behaviour: 'trusted-proxy-token-ignored', verified: true })).toMatch(/no firstVerified/);
    expect(versionSpecProblem({ behaviour: 'ddda-needs-shared-secret', range: '>=2026.1.1' })).toMatch(/exactly one of .*not range and behaviour/);
    expect(() => versionRangeOf({ behaviour: 'no-such-behaviour' })).toThrow(/unknown behaviour/);
  });

  it('a behaviour condition is evaluated per release, with the version as evidence', () => {
    const at = (value: string | undefined) => ({ paste: { lines: [] }, ...(value ? { version: { value, source: 'paste' } } : {}) }) as unknown as Facts;
    // As the loader leaves them: resolved from the file once.
    const loaded = (c: Condition): Condition => (attachVersionRanges({ when: c } as Rule), c);
    const has = loaded({ version: { behaviour: 'trusted-proxy-token-ignored' } });
    const lacks = loaded({ version: { behaviour: 'trusted-proxy-token-ignored', has: false, ifUnknown: 'false' } });
    expect(has).toEqual({ version: { behaviour: 'trusted-proxy-token-ignored', resolved: '>=2026.2.17 <2026.3.14' } });
    // A condition the loader never saw is an error of the caller, not a silent answer.
    expect(() => evalCondition({ version: { behaviour: 'trusted-proxy-token-ignored' } }, at('2026.3.1'))).toThrow(/not resolved by the rule loader/);
    expect(evalCondition(has, at('2026.2.16')).truth).toBe(false);
    expect(evalCondition(has, at('2026.2.17')).truth).toBe(true);
    expect(evalCondition(has, at('2026.3.13')).captures).toEqual({ version: '2026.3.13' });
    expect(evalCondition(has, at('2026.3.14')).truth).toBe(false);
    expect(evalCondition(lacks, at('2026.3.14')).truth).toBe(true);
    expect(evalCondition(lacks, at('2026.3.14')).evidence[0]).toMatchObject({ source: 'version', value: '2026.3.14' });
    expect(evalCondition(lacks, at('2026.1.30')).truth).toBe(true);
    expect(evalCondition(has, at(undefined)).truth).toBe('unknown');
    expect(evalCondition(lacks, at(undefined)).truth).toBe(false);
  });

  it('answers per release, inside the bracket too', () => {
    expect(hasBehaviour('trusted-proxies-ipv4-cidr', '2026.2.12')).toBe(false);
    expect(hasBehaviour('trusted-proxies-ipv4-cidr', '2026.2.13')).toBe(true);
    expect(hasBehaviour('trusted-proxy-token-ignored', '2026.3.13')).toBe(true);
    expect(hasBehaviour('trusted-proxy-token-ignored', '2026.3.14')).toBe(false);
    expect(hasBehaviour('trusted-proxy-token-ignored', undefined)).toBeUndefined();
    expect(() => hasBehaviour('no-such-behaviour', '2026.3.1')).toThrow(/unknown behaviour/);
    expect(hasBehaviour('trusted-proxies-ipv4-cidr', 'not-a-version')).toBeUndefined();
  });

  it('the rules bundle goes stale when a boundary in knowledge/versions.json changes', () => {
    // The bundle carries each behaviour condition's resolved range: its fingerprint covers the file.
    const copy = path.join(mkdtempSync(path.join(tmpdir(), 'ckd-versions-')), 'versions.json');
    const text = readFileSync(KNOWLEDGE_FILE, 'utf8');
    writeFileSync(copy, text);
    expect(contentHash(BUILTIN_RULES_DIR, copy)).toBe(contentHash(BUILTIN_RULES_DIR));
    writeFileSync(copy, text.replace('"until": "2026.3.14"', '"until": "2026.3.15"'));
    expect(contentHash(BUILTIN_RULES_DIR, copy)).not.toBe(contentHash(BUILTIN_RULES_DIR));
    expect(fingerprint(BUILTIN_RULES_DIR, copy)).not.toBe(fingerprint(BUILTIN_RULES_DIR));
  });
});
