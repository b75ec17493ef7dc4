// The fix loop: tiers, asking, dry runs, re-evaluation, not-cleared fixes, cycles, idempotence.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/types.js';
import { runFix, formatFixReport, lineChanges, type FixQuestion } from '../../src/fixer/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { APPLY, APPLY_YES, DRY_YES, factsFor, fix, tempDir, writeConfig } from './helpers.js';

const DONE_WHEN = `// OpenClaw config for the home server
{
  "gateway": {
    "mode": "local",
    "port": 18789,
    "bind": "lan",
    // token auth, as the guide said
    "auth": "my-token",
    "token": "my-token",
    // nginx in docker
    "trustedProxies": ["172.17.0.0/16"],
    "controlUi": {
      "allowedOrigins": ["https://claw.example.com"]
    }
  },
  "meta": { "lastTouchedVersion": "2026.2.12" }
}
`;

// The proxy's address, as the user gives it (--proxy-ip): a CIDR is never narrowed to a guessed address.
const PROXY = { proxyIp: '172.17.0.1' };

const backups = (dir: string) => readdirSync(dir).filter((n) => n.includes('.clawkit-bak-'));

describe('runFix', () => {
  it('dry run: a masked unified diff, nothing written, no backup', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, DONE_WHEN);
    const r = await fix(p, DRY_YES, PROXY);
    expect(r.status).toBe('dry-run');
    expect(readFileSync(p, 'utf8')).toBe(DONE_WHEN);
    expect(backups(dir)).toEqual([]);
    expect(r.diff).toMatch(/^--- .*openclaw\.json\n\+\+\+ /);
    expect(r.diff).not.toContain('my-token');
    expect(r.diff).toContain('"token": "***"');
    expect(r.applied.map((a) => a.ruleId)).toEqual(['auth-config-shape/auth-string', 'token-auth/legacy-gateway-token-duplicate', 'trusted-proxy/trusted-proxies-cidr-unsupported']);
  });

  it('--fix applies the safe tier only; prompt-tier fixes are listed as needing --yes', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, DONE_WHEN);
    const r = await fix(p, APPLY, PROXY);
    expect(r.status).toBe('written');
    expect(r.verified).toBe(true);
    expect(r.applied.map((a) => a.tier)).toEqual(['safe', 'safe']);
    // With the proxy's address known, trusted-proxies-miss-proxy adds a manual step.
    expect(r.skipped.filter((x) => x.reason !== 'manual')).toEqual([expect.objectContaining({ ruleId: 'trusted-proxy/trusted-proxies-cidr-unsupported', reason: 'needs-yes' })]);
    expect(readFileSync(p, 'utf8')).toContain('"trustedProxies": ["172.17.0.0/16"]');
    expect(r.remaining).toContain('trusted-proxy/trusted-proxies-cidr-unsupported');
  });

  it('--fix --yes repairs all three, touching only those lines; a second run changes nothing', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, DONE_WHEN);
    const r = await fix(p, APPLY_YES, PROXY);
    expect(r.status).toBe('written');
    expect(r.changedLines).toEqual([8, 9, 11]);
    expect(r.insertedAfter).toEqual([]);
    const after = readFileSync(p, 'utf8');
    expect(after).toBe(
      DONE_WHEN.replace('    "auth": "my-token",\n    "token": "my-token",\n', '    "auth": {\n      "mode": "token",\n      "token": "my-token"\n    },\n').replace('["172.17.0.0/16"]', '["172.17.0.1"]'),
    );
    expect(backups(dir)).toHaveLength(1);
    expect(readFileSync(`${dir}/${backups(dir)[0]}`, 'utf8')).toBe(DONE_WHEN);
    expect(r.notCleared).toEqual([]);
    expect(r.remaining).toEqual(['token-auth/weak-token']);
    const again = await fix(p, APPLY_YES, PROXY);
    expect(again.status).toBe('nothing-to-fix');
    expect(readFileSync(p, 'utf8')).toBe(after);
    expect(backups(dir)).toHaveLength(1);
    expect(formatFixReport(again)).toMatch(/no automatic config fix applies/);
  });

  it('on a terminal without --yes it asks per prompt-tier fix, showing a masked diff; "no" is respected', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, DONE_WHEN);
    const asked: FixQuestion[] = [];
    const facts = await factsFor(p, PROXY);
    const { configRules } = await import('./helpers.js');
    const r = await runFix({
      facts,
      rules: await configRules(),
      evaluate,
      env: {},
      mode: { apply: true, dryRun: false, yes: false, interactive: true, ask: async (q) => (asked.push(q), false) },
    });
    expect(asked.map((q) => q.ruleId)).toEqual(['trusted-proxy/trusted-proxies-cidr-unsupported']);
    expect(asked[0]!.diff).toContain('-    "trustedProxies": ["172.17.0.0/16"],');
    expect(asked[0]!.diff).not.toContain('my-token');
    // With the proxy's address known, trusted-proxies-miss-proxy adds a manual step.
    expect(r.skipped.filter((x) => x.reason !== 'manual')).toEqual([expect.objectContaining({ ruleId: 'trusted-proxy/trusted-proxies-cidr-unsupported', reason: 'declined' })]);
    expect(r.applied).toHaveLength(2);
  });

  it('a fix that does not clear its finding is reported and not repeated; the loop stops', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, '{\n  "gateway": {\n    "x": 1\n  }\n}\n');
    const stubborn: Rule = {
      id: 'test/stubborn',
      title: 'x is one',
      category: 'other',
      severity: 'error',
      facts: ['config'],
      when: { fact: { path: 'config.value.gateway.x', op: 'eq', value: 1 } },
      specificity: 50,
      message: 'x is one',
      fix: { tier: 'safe', steps: ['set y'], patch: [{ op: 'add', path: '/gateway/y', value: 2 }] },
    };
    const r = await fix(p, APPLY, { rules: [stubborn] });
    expect(r.applied.map((a) => a.ruleId)).toEqual(['test/stubborn']);
    expect(r.notCleared).toEqual(['test/stubborn']);
    expect(formatFixReport(r)).toMatch(/still reported after fixing: test\/stubborn/);
    expect(JSON.parse(readFileSync(p, 'utf8'))).toEqual({ gateway: { x: 1, y: 2 } });
  });

  it('fixes that undo each other stop on the cycle and leave the file as it was', async () => {
    const dir = tempDir();
    const text = '{\n  "gateway": {\n    "x": 1\n  }\n}\n';
    const p = writeConfig(dir, text);
    const flip = (from: number, to: number): Rule => ({
      id: `test/flip-${from}`,
      title: `x is ${from}`,
      category: 'other',
      severity: 'warning',
      facts: ['config'],
      when: { fact: { path: 'config.value.gateway.x', op: 'eq', value: from } },
      specificity: 50,
      message: 'flip',
      fix: { tier: 'safe', steps: ['flip'], patch: [{ op: 'replace', path: '/gateway/x', value: to }] },
    });
    const r = await fix(p, APPLY, { rules: [flip(1, 2), flip(2, 1)] });
    expect(r.stoppedBecause).toBe('cycle');
    expect(r.status).toBe('unchanged');
    expect(readFileSync(p, 'utf8')).toBe(text);
    expect(backups(dir)).toEqual([]);
  });

  it('a syntax error is never "fixed" automatically', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, '{ gateway: { mode: "local",, } }');
    const r = await fix(p, APPLY_YES, PROXY);
    expect(r.status).toBe('unparseable');
    expect(r.error).toMatch(/:1:\d+: JSON5 parse failed/);
  });

  it('a missing config is reported, not a crash', async () => {
    const dir = tempDir();
    const r = await fix(`${dir}/nope.json`, APPLY_YES);
    expect(r.status).toBe('no-config');
    expect(existsSync(`${dir}/nope.json`)).toBe(false);
  });

  it('line bookkeeping: replaced lines and insertion points in original numbering', async () => {
    expect(await lineChanges('a\nb\nc\n', 'a\nB\nc\n')).toEqual({ changed: [2], insertedAfter: [] });
    expect(await lineChanges('a\nb\nc\n', 'a\nb\nx\ny\nc\n')).toEqual({ changed: [], insertedAfter: [2] });
    expect(await lineChanges('a\nb\n', 'z\na\nb\n')).toEqual({ changed: [], insertedAfter: [0] });
  });
});
