// Ranking: a rule that names releases fired with no release known ranks half a band lower
// (src/engine/rank.ts RELEASE_UNKNOWN_DROP; notes/holdout.md Round 23e). Its version condition held
// only by default (`ifUnknown: "true"`): the release a refined number counts as evidence is missing.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { RELEASE_UNKNOWN_DROP } from '../../src/engine/rank.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Condition, Facts, Finding, Rule } from '../../src/types.js';

function rule(id: string, category: Rule['category'], specificity: number, when: Condition, severity: Rule['severity'] = 'error'): Rule {
  return { id, title: id, category, severity, specificity, when, message: 'm', fix: { tier: 'manual', steps: ['s'] } };
}

// The gated rule reads line 2, the plain rule line 3: the first pasted line would favour the gated one.
const PASTE = 'report\ncron list timed out waiting for the cron lock\ngateway was killed (out of memory)\n';
const inRange = { version: { range: '>=2026.4.20 <2026.5.1', ifUnknown: 'true' as const } };
const gated = (sp: number, extra: Condition[] = [inRange]) => rule('version-bug/gated', 'version-bug', sp, { all: [{ paste: { contains: 'cron lock' } }, ...extra] });
const plain = (sp: number) => rule('gateway-down/plain', 'gateway-down', sp, { paste: { contains: 'out of memory' } });
const ids = (fs: readonly Finding[]) => fs.map((f) => f.ruleId);

async function facts(version?: string): Promise<Facts> {
  return { paste: await pasteFromString(PASTE), ...(version ? { version: { value: version, source: 'flag' } as Facts['version'] } : {}) };
}

describe('ranking: a release-gated finding without a known release', () => {
  it('falls half a band: a plain finding less than that below it comes first', async () => {
    const out = evaluate([gated(64), plain(64 - RELEASE_UNKNOWN_DROP + 1)], await facts());
    expect(ids(out.findings)).toEqual(['gateway-down/plain', 'version-bug/gated']);
  });

  it('exactly that much below: a tie, which severity and then the first pasted line decide', async () => {
    expect(ids(evaluate([gated(64), plain(64 - RELEASE_UNKNOWN_DROP)], await facts()).findings)).toEqual(['version-bug/gated', 'gateway-down/plain']);
    const warned = { ...gated(64), severity: 'warning' as const };
    expect(ids(evaluate([warned, plain(64 - RELEASE_UNKNOWN_DROP)], await facts()).findings)).toEqual(['gateway-down/plain', 'version-bug/gated']);
  });

  it('keeps its authored place when the release is known and fits (the version is then its evidence)', async () => {
    const out = evaluate([gated(64), plain(64 - RELEASE_UNKNOWN_DROP + 1)], await facts('2026.4.25'));
    expect(ids(out.findings)).toEqual(['version-bug/gated', 'gateway-down/plain']);
    expect(out.findings[0]!.evidence.some((e) => e.source === 'version')).toBe(true);
  });

  it('only half a band: a finding more than that below it stays below', async () => {
    const out = evaluate([gated(64), plain(64 - RELEASE_UNKNOWN_DROP - 1)], await facts());
    expect(ids(out.findings)).toEqual(['version-bug/gated', 'gateway-down/plain']);
  });

  it('a rule naming no release is not moved, nor one whose range is only excluded (`not`)', async () => {
    const noRelease = evaluate([gated(64, []), plain(64 - RELEASE_UNKNOWN_DROP + 1)], await facts());
    expect(ids(noRelease.findings)).toEqual(['version-bug/gated', 'gateway-down/plain']);
    const excluded = gated(64, [{ not: { version: { range: '<2026.1.1', ifUnknown: 'false' } } }]);
    const out = evaluate([excluded, plain(64 - RELEASE_UNKNOWN_DROP + 1)], await facts());
    expect(ids(out.findings)).toEqual(['version-bug/gated', 'gateway-down/plain']);
  });

  it('a rule whose release cannot be assumed (`ifUnknown: "false"`) does not fire at all without one', async () => {
    const strict = gated(64, [{ version: { range: '>=2026.4.20 <2026.5.1', ifUnknown: 'false' } }]);
    expect(ids(evaluate([strict, plain(40)], await facts()).findings)).toEqual(['gateway-down/plain']);
  });

  it('not when the rule fired through a branch with no version condition (only the branch that held counts)', async () => {
    const either = (extra: Condition[]) => rule('version-bug/gated', 'version-bug', 64, { any: [{ paste: { contains: 'cron lock' } }, { all: [{ paste: { contains: 'cron' } }, ...extra] }] });
    const out = evaluate([either([inRange]), plain(64 - RELEASE_UNKNOWN_DROP + 1)], await facts());
    expect(ids(out.findings)).toEqual(['version-bug/gated', 'gateway-down/plain']);
    // Every branch that held did so by the default: it falls.
    const both = rule('version-bug/gated', 'version-bug', 64, { any: [{ all: [{ paste: { contains: 'cron lock' } }, inRange] }, { all: [{ paste: { contains: 'cron' } }, inRange] }] });
    expect(ids(evaluate([both, plain(64 - RELEASE_UNKNOWN_DROP + 1)], await facts()).findings)).toEqual(['gateway-down/plain', 'version-bug/gated']);
  });

  it('a built-in rule that fired through its unversioned branch keeps its place (review20b paste 18)', async () => {
    // allow-insecure-auth-no-longer-bypasses' first branch (the device-identity line plus the flag) names
    // no release; the token mismatch below it must not overtake it.
    const paste = [
      '[ws] closed before connect conn=9 remote=192.168.1.20 code=1008 reason=control ui requires device identity (use HTTPS or localhost secure context)',
      'I already set gateway.controlUi.allowInsecureAuth: true and restarted',
      'docker run -e OPENCLAW_GATEWAY_TOKEN=abc ghcr.io/openclaw/openclaw',
      'disconnected (1008): unauthorized: gateway token mismatch',
      '',
    ].join('\n');
    const out = evaluate(await loadBuiltinRules(), { paste: await pasteFromString(paste) });
    expect(ids(out.findings).slice(0, 2)).toEqual(['secure-context/allow-insecure-auth-no-longer-bypasses', 'token-auth/service-token-drift']);
  });
});
