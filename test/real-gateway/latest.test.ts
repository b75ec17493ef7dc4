// Real OpenClaw 2026.9.6 (protocol 4) on loopback: the scenario matrix plus its proxy behaviour.
import path from 'node:path';
import { expect, it } from 'vitest';
import { cli, ensureOpenclaw, expectTop, findingsFor, LATEST_VERSION, OLD_VERSION, probeGw, record } from './common.js';
import { scenarioSuite } from './scenarios.js';

scenarioSuite('latest', { version: LATEST_VERSION, protocol: 4, serverVersion: LATEST_VERSION, detailsCodes: true, mismatch: { min: 3, max: 3 } }, (gw) => {
  it('X-Forwarded-For without trustedProxies: HTTP 403 proxy_attribution_required → trusted-proxy/proxy-attribution-required-probe', async () => {
    const f = await probeGw(gw(), { token: gw().token, headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(f.outcome).toBe('proxy-attribution-required');
    expect(f.failedStage).toBe('upgrade');
    expect(f.upgrade).toMatchObject({ status: 403, errorType: 'proxy_attribution_required' });
    const fs = await findingsFor({ probe: f });
    expectTop(fs, 'trusted-proxy/proxy-attribution-required-probe', 'trusted-proxy');
    record('latest', 'X-Forwarded-For, no trustedProxies', f, fs);
    const { report } = cli(['--url', `ws://127.0.0.1:${gw().port}`, '--token', gw().token, '--header', 'X-Forwarded-For: 203.0.113.7']);
    expectTop(report.findings, 'trusted-proxy/proxy-attribution-required-probe', 'trusted-proxy');
  });

  it('HTTP stage trusts /readyz JSON on this version', async () => {
    const f = await probeGw(gw(), { token: gw().token, timeoutMs: 30_000 });
    expect(f.http).toMatchObject({ readyz: 200, healthz: 200, kind: 'openclaw-json', ready: true, live: true });
  });

  it('an older openclaw CLI on PATH than the local gateway → version-bug/local-gateway-cli-version-skew; the same release → nothing', async () => {
    // Two real installs: the gateway runs LATEST, PATH offers the OLD package's `openclaw`.
    const bin = (version: string) => ensureOpenclaw(version).then((dir) => path.join(dir, 'node_modules', '.bin'));
    const withCli = async (version: string) => cli(['--url', `ws://127.0.0.1:${gw().port}`, '--token', gw().token], { PATH: `${await bin(version)}${path.delimiter}${process.env.PATH ?? ''}` }).report;
    const skewed = await withCli(OLD_VERSION);
    const f = skewed.findings.find((x) => x.ruleId === 'version-bug/local-gateway-cli-version-skew');
    expect(f, skewed.findings.map((x) => x.ruleId).join(', ')).toBeDefined();
    expect(f!.category).toBe('version-bug');
    expect(f!.message).toContain(`answered as OpenClaw ${LATEST_VERSION}`);
    expect(f!.message).toContain(`CLI on this machine is ${OLD_VERSION}`);
    const same = await withCli(LATEST_VERSION);
    expect(same.findings.map((x) => x.ruleId)).not.toContain('version-bug/local-gateway-cli-version-skew');
  }, 600_000);

  it('the CLI takes the version from hello-ok', () => {
    const { report } = cli(['--url', `ws://127.0.0.1:${gw().port}`, '--token', gw().token]);
    expect(report.inputs.openclawVersion?.value).toBe(LATEST_VERSION);
  });
});
