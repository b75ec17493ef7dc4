// The case runner runs raw inputs through the real collectors and refuses dishonest cases: facts
// given directly without a reason, negatives that pass only because the rule skipped.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsForCase, runRuleCases } from '../../src/rules/test-runner.js';
import type { Rule } from '../../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A rule file and its cases in a temporary folder (what `rules test --rules DIR` reads). */
function ruleWithCases(rule: Omit<Rule, 'file'>, cases: { positive: unknown[]; negative: unknown[] }): Rule {
  const dir = mkdtempSync(path.join(tmpdir(), 'ckd-cases-'));
  mkdirSync(path.join(dir, 'demo'));
  const file = path.join(dir, 'demo', 'r.json');
  writeFileSync(file, JSON.stringify(rule));
  writeFileSync(path.join(dir, 'demo', 'r.cases.json'), JSON.stringify({ rule: rule.id, ...cases }));
  return { ...rule, file } as Rule;
}

const bindLan = {
  id: 'demo/bind-lan',
  title: 'bind lan',
  category: 'port-bind',
  severity: 'warning',
  when: { fact: { path: 'config.derived.effectiveBind', op: 'eq', value: 'lan' } },
  message: 'lan',
  fix: { tier: 'manual', steps: ['x'] },
} as unknown as Omit<Rule, 'file'>;

describe('rule case runner', () => {
  it('derives config facts from the config text with the real collector', async () => {
    const facts = await factsForCase({ config: '{ gateway: { bind: "lan", auth: { mode: "token", token: "t0k3n-abcdef-123456" } } }' }, ROOT);
    expect(facts.config?.found).toBe(true);
    expect(facts.config?.derived?.effectiveBind).toBe('lan');
    expect(facts.config?.derived?.authMode).toBe('token');
  });

  it('reads the machine from files and replays the gateway answer to the real probe', async () => {
    const facts = await factsForCase(
      {
        machine: { files: { '/.dockerenv': '' } },
        cli: { url: 'ws://127.0.0.1:18789', token: 'case-token-5f1c9a7e2b4d' },
        gateway: { recording: 'fixtures/matrix/2026.9.6/gateway-env-token-overrides.json#cli-env' },
      },
      ROOT,
    );
    expect(facts.env?.container?.kind).toBe('docker');
    expect(facts.probe?.outcome).toBe('token-mismatch');
    expect(facts.probe?.target?.port).toBe(18789);
  });

  it('passes honest cases, and counts intended skips', async () => {
    const rule = ruleWithCases(bindLan, {
      positive: [{ config: '{ gateway: { bind: "lan" } }' }],
      negative: [{ config: '{ gateway: { bind: "loopback" } }' }, { name: 'no config collected', expect: 'skip' }],
    });
    const report = await runRuleCases([rule]);
    expect(report.failures).toEqual([]);
    expect(report.intendedSkips).toBe(1);
  });

  it('fails a negative that passes only because the rule skipped', async () => {
    const rule = ruleWithCases(bindLan, { positive: [{ config: '{ gateway: { bind: "lan" } }' }], negative: [{ name: 'paste only', paste: 'hello' }] });
    const report = await runRuleCases([rule]);
    expect(report.failures.map((f) => f.message)).toEqual([expect.stringContaining('expected the rule to evaluate to pass, but it skipped')]);
  });

  it('fails an intended skip that evaluates', async () => {
    const rule = ruleWithCases(bindLan, { positive: [{ config: '{ gateway: { bind: "lan" } }' }], negative: [{ config: '{}', expect: 'skip' }] });
    const report = await runRuleCases([rule]);
    expect(report.failures.map((f) => f.message)).toEqual(['expected the rule to skip, got pass']);
  });

  it('rejects collected facts given directly, unless the case says why', async () => {
    const facts = { config: { path: '/c.json', reason: 'default', found: true, value: {}, derived: { effectiveBind: 'lan' } } };
    const bare = ruleWithCases(bindLan, { positive: [{ facts }], negative: [{ config: '{}' }] });
    const report = await runRuleCases([bare]);
    expect(report.failures.map((f) => f.message)).toEqual([expect.stringContaining('gives collected facts directly')]);
    const explained = ruleWithCases(bindLan, { positive: [{ facts, factsBecause: 'a reason no raw input can produce this' }], negative: [{ config: '{}' }] });
    const ok = await runRuleCases([explained]);
    expect(ok.failures).toEqual([]);
    expect(ok.explained).toBe(1);
  });

  it('replays the certificate a TLS transcript describes: expired, self-signed, or a peer that resets the handshake', async () => {
    const tls = (ev: Record<string, unknown> | undefined, tlsOn = true) => ({ cli: { url: 'wss://127.0.0.1:18789' }, gateway: { tls: tlsOn, transcript: [{ kind: 'tcp', ok: true }, ...(ev ? [{ kind: 'tls', ...ev }] : [])] } });
    const expired = await factsForCase(tls({ validTo: 'Jan  1 00:00:00 2025 GMT' }), ROOT);
    expect(expired.probe?.outcome).toBe('tls-expired');
    expect((expired.probe as { tls?: { validTo?: string } }).tls?.validTo).toBe('Jan  1 00:00:00 2025 GMT');
    expect((await factsForCase(tls({}), ROOT)).probe?.outcome).toBe('tls-self-signed');
    expect((await factsForCase(tls({ validFrom: 'Jan  1 00:00:00 2099 GMT' }), ROOT)).probe?.outcome).toBe('tls-not-yet-valid');
    expect((await factsForCase(tls({ ok: false, error: 'ECONNRESET socket hang up' }), ROOT)).probe?.outcome).toBe('tls-handshake-failed');
    // A plain gateway port answers a ClientHello with Node's 400, which TLS reads as a wrong version.
    expect((await factsForCase(tls(undefined, false), ROOT)).probe?.outcome).toBe('tls-not-tls');
  });
});
