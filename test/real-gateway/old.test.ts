// Real OpenClaw 2026.2.12 (protocol 3, no details codes, SPA fallback for every HTTP path).
import { expect, it } from 'vitest';
import { cli, expectTop, findingsFor, OLD_VERSION, probeGw, record } from './common.js';
import { scenarioSuite } from './scenarios.js';

scenarioSuite('old', { version: OLD_VERSION, protocol: 3, serverVersion: 'dev', detailsCodes: false, mismatch: { min: 4, max: 4 } }, (gw) => {
  it('HTTP: every path is the Control UI page, never taken for health', async () => {
    const f = await probeGw(gw(), { token: gw().token, timeoutMs: 30_000 });
    expect(f.http).toMatchObject({ readyz: 200, kind: 'html', controlUiHtml: true });
    expect(f.http).not.toHaveProperty('ready');
    expect(f.stages.find((s) => s.stage === 'http')?.detail).toMatch(/not taken as health/);
  });

  it('foreign Origin from a CLI client is accepted on this version (only Control UI clients are checked)', async () => {
    const f = await probeGw(gw(), { token: gw().token, client: 'cli', headers: { Origin: 'http://evil.example.com' } });
    expect(f.outcome).toBe('connected');
    record('old', 'foreign Origin, cli client', f, []);
  });

  it('X-Forwarded-For without trustedProxies: token alone connects; a device is held for pairing → trusted-proxy/pairing-untrusted-proxy', async () => {
    const xff = { 'X-Forwarded-For': '203.0.113.7' };
    const plain = await probeGw(gw(), { token: gw().token, headers: xff });
    expect(plain.outcome).toBe('connected');
    record('old', 'X-Forwarded-For, no trustedProxies, token', plain, []);

    const f = await probeGw(gw(), { token: gw().token, device: true, headers: xff });
    expect(f.outcome).toBe('pairing-required');
    expect(f.close).toEqual({ code: 1008, reason: 'pairing required' });
    expect(f.error?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const config = { path: gw().configPath, reason: '--config', found: true, value: gw().config };
    const fs = await findingsFor({ probe: f, config });
    const top = expectTop(fs, 'trusted-proxy/pairing-untrusted-proxy', 'trusted-proxy');
    expect(top.fix.steps.join(' ')).toContain(`openclaw devices approve ${f.error!.requestId}`);
    record('old', 'X-Forwarded-For, no trustedProxies, token + device', f, fs);
    // Without config facts the generic pairing rule explains it, with the approve command.
    const generic = expectTop(await findingsFor({ probe: f }), 'pairing/pairing-required-probe', 'pairing');
    expect(generic.fix.commands).toContain(`openclaw devices approve ${f.error!.requestId}`);

    const { report } = cli(['--url', `ws://127.0.0.1:${gw().port}`, '--token', gw().token, '--device', '--header', 'X-Forwarded-For: 203.0.113.7', '--config', gw().configPath]);
    expect(report.inputs.config, 'the CLI must collect config facts for --config').toBeTruthy();
    expectTop(report.findings, 'trusted-proxy/pairing-untrusted-proxy', 'trusted-proxy');
  });
});
