// Rule cases collected in namespaces of their own (src/rules/cases/netns.ts): a child running the
// built CLI under `unshare` meets a LAN gateway, a refusing LAN host, a dropped SYN, an unrouted
// subnet, a name that does not resolve, and a file mode that denies it although the tests run as root.
// Nothing leaves the namespace. These need `npm run build` (the child is the built CLI).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, casesFileFor, listRuleFiles } from '../../src/rules/load.js';
import { factsForCase, runRuleCases } from '../../src/rules/test-runner.js';
import type { Rule } from '../../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'case-token-5f1c9a7e2b4d';
const failed = (f: Awaited<ReturnType<typeof factsForCase>>) => f.probe?.stages.find((s) => !s.ok)?.error ?? '';

describe('rule cases in a network namespace of their own', () => {
  it('a LAN host that refuses, a dropped SYN, an unrouted subnet, a name that does not resolve', async () => {
    const refused = await factsForCase({ netns: { addresses: ['192.168.1.100/24'] }, cli: { url: 'ws://192.168.1.100:18789', token: TOKEN } }, ROOT);
    expect(refused.probe?.outcome).toBe('refused');
    expect(refused.probe?.target).toMatchObject({ host: '192.168.1.100', hostKind: 'private', loopback: false });
    expect(failed(refused)).toMatch(/ECONNREFUSED 192\.168\.1\.100:18789/);

    const dropped = await factsForCase({ netns: { routes: ['10.0.0.0/24'] }, cli: { url: 'ws://10.0.0.5:18789', timeout: 1000 } }, ROOT);
    expect(dropped.probe?.outcome).toBe('tcp-timeout');

    const unrouted = await factsForCase({ netns: {}, cli: { url: 'ws://10.0.0.5:18789' } }, ROOT);
    expect(unrouted.probe?.outcome).toBe('unreachable');
    expect(failed(unrouted)).toMatch(/ENETUNREACH/);

    const dns = await factsForCase({ netns: {}, cli: { url: 'ws://gatewayy.invalid:18789' } }, ROOT);
    expect(dns.probe?.outcome).toBe('dns-failed');
    expect(dns.probe?.failedStage).toBe('dns');
  });

  it('replays a recorded gateway at its LAN address, reached by a name from the namespace\'s /etc/hosts', async () => {
    const facts = await factsForCase(
      {
        netns: { addresses: ['192.168.1.50/24'], hosts: { 'gw.lan.example': '192.168.1.50' } },
        cli: { url: 'ws://gw.lan.example:18789', token: TOKEN },
        gateway: { recording: 'fixtures/matrix/2026.9.6/allow-insecure-auth.json#cli' },
      },
      ROOT,
    );
    expect(facts.probe?.outcome).toBe('connected');
    expect(facts.probe?.target).toMatchObject({ host: 'gw.lan.example', loopback: false, plaintextNonLoopback: true });
    expect(facts.probe?.dns?.addresses).toEqual(['192.168.1.50']);
    expect(facts.probe?.hello?.serverVersion).toBe('2026.9.6');
  });

  it('a TLS answer the client trusted is replayed from an authority the child trusts: a name mismatch, not a self-signed certificate', async () => {
    const tls = (authorized?: boolean) => ({
      netns: { addresses: ['192.168.1.50/24'], hosts: { 'gw.example.net': '192.168.1.50' } },
      cli: { url: 'wss://gw.example.net:443' },
      gateway: { tls: true, transcript: [{ kind: 'tcp', ok: true }, { kind: 'tls', subject: 'other.example.net', ...(authorized ? { authorized } : {}) }] },
    });
    const trusted = await factsForCase(tls(true), ROOT);
    expect(trusted.probe?.outcome).toBe('tls-name-mismatch');
    expect(trusted.probe?.tls).toMatchObject({ subject: 'other.example.net', issuer: 'clawkit-doctor case CA' });
    const selfSigned = await factsForCase(tls(), ROOT);
    expect(selfSigned.probe?.outcome).toBe('tls-self-signed');
  });

  it('an unprivileged case is denied a 0000 config although the runner is root', async () => {
    const facts = await factsForCase({ unprivileged: true, config: { text: '{ gateway: { mode: "local" } }', mode: '0000' } }, ROOT);
    expect(facts.config?.found).toBe(true);
    expect(facts.config?.readError).toMatch(/permission denied/);
    // The same input in this process: root (when the tests run as root) reads it.
    const here = await factsForCase({ config: { text: '{ gateway: { mode: "local" } }', mode: '0000' } }, ROOT);
    if (process.getuid?.() === 0) expect(here.config?.readError).toBeUndefined();
  });

  it('writes a config of the size a case names, sparse (no 40 MB in the cases file)', async () => {
    const facts = await factsForCase({ config: { path: '/var/log/openclaw.log', text: 'log line\n', size: 41_943_040 } }, ROOT);
    expect(facts.config?.readError).toMatch(/41943040 bytes/);
    expect(facts.config?.derived?.notConfigFile).toBe(true);
  });

  it('the child refuses to probe from the network namespace it was started in', () => {
    const bin = path.join(ROOT, 'bin', 'clawkit-doctor.js');
    const input = { case: { netns: {}, cli: { url: 'ws://10.0.0.5:18789' } }, dir: ROOT, parentNetns: readlinkSync('/proc/self/ns/net') };
    const r = spawnSync(process.execPath, [bin, 'rules', 'case-facts'], { input: JSON.stringify(input), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/not in a network namespace of its own/);
  });

  it('a case that needs a namespace fails, never skips, where it cannot have one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ckd-netns-'));
    mkdirSync(path.join(dir, 'demo'));
    const file = path.join(dir, 'demo', 'r.json');
    const rule = { id: 'demo/refused', title: 't', category: 'gateway-down', severity: 'error', when: { fact: { path: 'probe.outcome', op: 'eq', value: 'refused' } }, message: 'm', fix: { tier: 'manual', steps: ['x'] } };
    writeFileSync(file, JSON.stringify(rule));
    const lan = { netns: { addresses: ['192.168.1.100/24'] }, cli: { url: 'ws://192.168.1.100:18789' } };
    writeFileSync(path.join(dir, 'demo', 'r.cases.json'), JSON.stringify({ rule: rule.id, positive: [lan], negative: [{ unprivileged: true, netns: {}, cli: { url: 'ws://10.0.0.5:18789' } }] }));
    const r = { ...rule, file } as unknown as Rule;
    const ok = await runRuleCases([r]);
    expect(ok.failures.map((f) => f.message)).toEqual([expect.stringMatching(/"unprivileged" runs without any network/)]);
    const saved = process.env.PATH;
    process.env.PATH = path.join(dir, 'no-such-bin');
    try {
      const none = await runRuleCases([r]);
      expect(none.failures.map((f) => `${f.kind} ${f.message}`)).toEqual([expect.stringMatching(/^positive .*needs `unshare`/), expect.stringMatching(/^negative .*"unprivileged"/)]);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('every built-in case gives raw inputs: none gives collected facts (issue #10)', () => {
    const direct = listRuleFiles(BUILTIN_RULES_DIR).flatMap((file) => {
      const cases = JSON.parse(readFileSync(casesFileFor(file), 'utf8')) as { positive: Array<Record<string, unknown>>; negative: Array<Record<string, unknown>> };
      return [...cases.positive, ...cases.negative].filter((c) => 'facts' in c || 'factsBecause' in c).map((c) => `${file}: ${String(c.name)}`);
    });
    expect(direct).toEqual([]);
  });
});
