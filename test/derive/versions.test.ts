// knowledge/versions.json is the one place a behaviour's release boundaries are written: every rule
// it lists encodes the behaviour with `version` conditions whose boundaries are among the ones
// written there, so a boundary changed in one place and not the other fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { walkConditions } from '../../src/shared/conditions.js';
import { hasBehaviour, versionKnowledge } from '../../src/shared/version/behaviours.js';
import { pkgPath } from '../../src/shared/paths.js';
import { gatewaySchema } from '../../src/collectors/config/schema.js';
import type { Condition } from '../../src/types.js';

const rangesOf = (when: Condition): string[] => [...walkConditions(when)].flatMap((c) => ('version' in c ? [c.version.range] : []));

describe('knowledge/versions.json', () => {
  const k = versionKnowledge();

  it('is the file on disk, and every behaviour names a rule', () => {
    const file = JSON.parse(readFileSync(pkgPath('knowledge', 'versions.json'), 'utf8')) as typeof k;
    expect(file.behaviours).toEqual(k.behaviours);
    // The gateway key table the unknown-key and too-new checks read is the file's too.
    expect(gatewaySchema()).toEqual(file.gatewayKeys);
    expect(gatewaySchema().webchat).toEqual({ retired: '2026.8.0', open: true });
    for (const [id, b] of Object.entries(k.behaviours)) expect(b.rules?.length, id).toBeGreaterThan(0);
  });

  it('rules that encode a behaviour use only its boundaries', async () => {
    const rules = new Map((await loadBuiltinRules()).map((r) => [r.id, r]));
    const bad: string[] = [];
    for (const b of Object.values(k.behaviours)) {
      for (const id of b.rules ?? []) {
        const rule = rules.get(id);
        if (!rule) {
          bad.push(`${id}: no such rule`);
          continue;
        }
        // A rule may combine behaviours (IPv4 and IPv6 CIDR): any listed behaviour's bound is fine.
        const allowed = new Set([k.oldest, ...Object.values(k.behaviours).filter((x) => x.rules?.includes(id)).flatMap((x) => [x.first, x.firstVerified, x.until])]);
        const ranges = rangesOf(rule.when);
        if (!ranges.length) bad.push(`${id}: no version condition`);
        for (const r of ranges) for (const v of r.match(/\d{4}\.\d+\.\d+/g) ?? []) if (!allowed.has(v)) bad.push(`${id}: ${r} (${v} is not a boundary of its behaviours)`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('answers per release, inside the bracket too', () => {
    expect(hasBehaviour('trusted-proxies-ipv4-cidr', '2026.2.12')).toBe(false);
    expect(hasBehaviour('trusted-proxies-ipv4-cidr', '2026.2.13')).toBe(true);
    expect(hasBehaviour('trusted-proxy-token-ignored', '2026.3.13')).toBe(true);
    expect(hasBehaviour('trusted-proxy-token-ignored', '2026.3.14')).toBe(false);
    expect(hasBehaviour('trusted-proxy-token-ignored', undefined)).toBeUndefined();
    expect(() => hasBehaviour('no-such-behaviour', '2026.3.1')).toThrow(/no behaviour/);
  });
});
