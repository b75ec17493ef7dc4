// `--proxy-ip ADDR`: the proxy's address as evidence. It is documented in --help, checked (a range or
// a name is exit 2), compared with gateway.trustedProxies under the release's matching, and the only
// source (besides a pasted gateway log line) a CIDR entry is narrowed from — never a guess.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './run.js';
import { tempDir, writeConfig } from '../fixer/helpers.js';

const CONFIG = `{
  gateway: {
    mode: "local",
    auth: { mode: "token", token: "abcdefabcdef0123456789abcdef" },
    trustedProxies: ["172.18.0.0/16"],
  },
}
`;
const base = (p: string) => ['--no-probe', '--no-env', '--config', p, '--openclaw-version', '2026.2.12'];
const findings = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ ruleId: string; message: string; fix?: { steps?: string[] } }> }).findings;

describe('--proxy-ip', () => {
  it('is listed in --help', async () => {
    const r = await runInProcess(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--proxy-ip <addr>\s+your reverse proxy's address/);
  });

  it.each(['10.0.0.0/8', 'proxy.local', '1', ''])('%j is not an address: exit 2, one line', async (v) => {
    const r = await runInProcess(['--no-probe', '--no-env', '--proxy-ip', v]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^clawkit-doctor: --proxy-ip ".*": not an IP address/)]);
  });

  it('names the proxy in the CIDR finding, adds the not-covered finding, and the fix narrows to it', async () => {
    const p = writeConfig(tempDir(), CONFIG);
    const without = findings((await runInProcess([...base(p), '--json'])).stdout);
    const cidr = without.find((f) => f.ruleId === 'trusted-proxy/trusted-proxies-cidr-unsupported');
    expect(cidr?.fix?.steps?.[0]).not.toContain('--proxy-ip');
    expect(without.map((f) => f.ruleId)).not.toContain('trusted-proxy/trusted-proxies-miss-proxy');

    const withIp = findings((await runInProcess([...base(p), '--json', '--proxy-ip', '172.18.0.5'])).stdout);
    expect(withIp.find((f) => f.ruleId === 'trusted-proxy/trusted-proxies-cidr-unsupported')?.fix?.steps?.[0]).toContain('172.18.0.5 (the proxy address from --proxy-ip)');
    expect(withIp.find((f) => f.ruleId === 'trusted-proxy/trusted-proxies-miss-proxy')?.message).toContain('172.18.0.5 (--proxy-ip)');

    const diff = (await runInProcess([...base(p), '--proxy-ip', '[172.18.0.5]', '--dry-run', '--yes'])).stdout;
    expect(diff).toMatch(/^-\s+trustedProxies: \["172\.18\.0\.0\/16"\],$/m);
    expect(diff).toMatch(/^\+\s+trustedProxies: \["172\.18\.0\.5"\],$/m);
  });

  it('an address the range covers is covered on a release with CIDR matching', async () => {
    const p = writeConfig(tempDir(), CONFIG);
    const ids = findings((await runInProcess(['--no-probe', '--no-env', '--config', p, '--openclaw-version', '2026.3.13', '--json', '--proxy-ip', '172.18.0.5'])).stdout).map((f) => f.ruleId);
    expect(ids).not.toContain('trusted-proxy/trusted-proxies-miss-proxy');
    expect(ids).not.toContain('trusted-proxy/trusted-proxies-cidr-unsupported');
  });
});
