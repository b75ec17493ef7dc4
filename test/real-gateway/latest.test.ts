// Real OpenClaw 2026.9.6 (protocol 4) on loopback: the scenario matrix plus its proxy behaviour.
import { expect, it } from 'vitest';
import { cli, expectTop, findingsFor, LATEST_VERSION, probeGw, record } from './common.js';
import { scenarioSuite } from './scenarios.js';

scenarioSuite('latest', { version: LATEST_VERSION, protocol: 4, serverVersion: LATEST_VERSION, detailsCodes: true, mismatch: { min: 3, max: 3 } }, (gw) => {
  it('X-Forwarded-For without trustedProxies: HTTP 403 proxy_attribution_required → probe/proxy-attribution-required', async () => {
    const f = await probeGw(gw(), { token: gw().token, headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(f.outcome).toBe('proxy-attribution-required');
    expect(f.failedStage).toBe('upgrade');
    expect(f.upgrade).toMatchObject({ status: 403, errorType: 'proxy_attribution_required' });
    const fs = await findingsFor({ probe: f });
    expectTop(fs, 'probe/proxy-attribution-required', 'trusted-proxy');
    record('latest', 'X-Forwarded-For, no trustedProxies', f, fs);
    const { report } = cli(['--url', `ws://127.0.0.1:${gw().port}`, '--token', gw().token, '--header', 'X-Forwarded-For: 203.0.113.7']);
    expectTop(report.findings, 'probe/proxy-attribution-required', 'trusted-proxy');
  });

  it('HTTP stage trusts /readyz JSON on this version', async () => {
    const f = await probeGw(gw(), { token: gw().token });
    expect(f.http).toMatchObject({ readyz: 200, healthz: 200, kind: 'openclaw-json', ready: true, live: true });
  });

  it('the CLI takes the version from hello-ok', () => {
    const { report } = cli(['--url', `ws://127.0.0.1:${gw().port}`, '--token', gw().token]);
    expect(report.inputs.openclawVersion?.value).toBe(LATEST_VERSION);
  });
});
