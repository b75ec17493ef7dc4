// Real OpenClaw 2026.2.12 behind a "proxy": trustedProxies as an exact IP works, a CIDR range is
// silently never matched on this version (CIDR support arrived in 2026.2.17).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, expectTop, findingsFor, killAllStarted, OLD_VERSION, probeGw, readLog, record, startGateway, type GatewayHandle } from './common.js';

describe(`real gateway ${OLD_VERSION}, trustedProxies exact IP vs CIDR`, () => {
  let exact: GatewayHandle;
  let cidr: GatewayHandle;
  beforeAll(async () => {
    exact = await startGateway({ version: OLD_VERSION, gateway: { trustedProxies: ['127.0.0.1'] } });
    cidr = await startGateway({ version: OLD_VERSION, gateway: { trustedProxies: ['127.0.0.0/8'] } });
  });
  afterAll(async () => {
    for (const g of [exact, cidr]) {
      if (!g) continue;
      await g.stop();
      cleanup(g);
    }
    killAllStarted();
  });
  const local = { 'X-Forwarded-For': '127.0.0.1' };

  it('exact IP: a local client behind the proxy is local, its new device is auto-approved', async () => {
    const f = await probeGw(exact, { token: exact.token, device: true, headers: local });
    expect(f.outcome).toBe('connected');
    expect(f.device?.outcome).toBe('auto-approved');
    record('old-proxy', 'trustedProxies ["127.0.0.1"], XFF 127.0.0.1, token + device', f, []);
  });

  it('CIDR: the proxy is not trusted, the device is held → trusted-proxy/trusted-proxies-cidr-unsupported-probe', async () => {
    const f = await probeGw(cidr, { token: cidr.token, device: true, headers: local });
    expect(f.outcome).toBe('pairing-required');
    expect(readLog(cidr)).toContain('Proxy headers detected from untrusted address');
    const config = { path: cidr.configPath, reason: '--config', found: true, value: cidr.config };
    const fs = await findingsFor({ probe: f, config, version: { value: OLD_VERSION, source: 'flag' } });
    const top = expectTop(fs, 'trusted-proxy/trusted-proxies-cidr-unsupported-probe', 'trusted-proxy');
    expect(top.message).toContain('127.0.0.0/8');
    record('old-proxy', 'trustedProxies ["127.0.0.0/8"], XFF 127.0.0.1, token + device', f, fs);

    const { report } = cli(['--url', `ws://127.0.0.1:${cidr.port}`, '--token', cidr.token, '--device', '--header', 'X-Forwarded-For: 127.0.0.1', '--config', cidr.configPath, '--openclaw-version', OLD_VERSION]);
    expect(report.inputs.config, 'the CLI must collect config facts for --config').toBeTruthy();
    expectTop(report.findings, 'trusted-proxy/trusted-proxies-cidr-unsupported-probe', 'trusted-proxy');
  });
});
