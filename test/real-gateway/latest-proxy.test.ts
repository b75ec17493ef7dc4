// Real OpenClaw 2026.9.6 behind a "proxy" (X-Forwarded-For sent by the probe) with
// trustedProxies ["127.0.0.0/8"] (CIDR works on this version) and a LAN origin allowed for the UI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, expectTop, findingsFor, killAllStarted, LATEST_VERSION, probeGw, record, startGateway, type GatewayHandle } from './common.js';

const LAN_ORIGIN = 'http://192.168.1.100:18789'; // only ever sent as a header value, never connected to

describe(`real gateway ${LATEST_VERSION}, trustedProxies CIDR`, () => {
  let gw: GatewayHandle;
  beforeAll(async () => {
    gw = await startGateway({ version: LATEST_VERSION, gateway: { trustedProxies: ['127.0.0.0/8'], controlUi: { enabled: false, allowedOrigins: [LAN_ORIGIN] } } });
  });
  afterAll(async () => {
    if (gw) {
      await gw.stop();
      cleanup(gw);
    }
    killAllStarted();
  });

  it('trusted proxy, remote client, token only: connected without scopes → trusted-proxy/connected-no-scopes', async () => {
    const f = await probeGw(gw, { token: gw.token, headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(f.outcome).toBe('connected');
    expect(f.hello?.scopes).toEqual([]);
    const fs = await findingsFor({ probe: f });
    expectTop(fs, 'trusted-proxy/connected-no-scopes', 'trusted-proxy');
    record('latest-proxy', 'XFF 203.0.113.7, trustedProxies 127.0.0.0/8, token', f, fs);
  });

  it('trusted proxy, remote client with a new device: pairing required with the request id', async () => {
    const f = await probeGw(gw, { token: gw.token, device: true, headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(f.outcome).toBe('pairing-required');
    expect(f.error).toMatchObject({ detailsCode: 'PAIRING_REQUIRED', reason: 'not-paired' });
    expect(f.close?.reason).toContain(`requestId: ${f.error!.requestId}`);
    const fs = await findingsFor({ probe: f });
    const top = expectTop(fs, 'pairing/pairing-required-probe', 'pairing');
    expect(top.fix.commands).toContain(`openclaw devices approve ${f.error!.requestId}`);
    expect(top.message).toContain(f.error!.requestId);
    record('latest-proxy', 'XFF 203.0.113.7, trustedProxies 127.0.0.0/8, token + device', f, fs);
    const { report } = cli(['--url', `ws://127.0.0.1:${gw.port}`, '--token', gw.token, '--device', '--header', 'X-Forwarded-For: 203.0.113.7']);
    const cliTop = expectTop(report.findings, 'pairing/pairing-required-probe', 'pairing');
    expect(cliTop.fix.commands?.some((c) => /^openclaw devices approve [0-9a-f-]{36}$/.test(c))).toBe(true);
  });

  it('trusted proxy forwarding a loopback client address: 403 proxy_attribution_required', async () => {
    const f = await probeGw(gw, { token: gw.token, headers: { 'X-Forwarded-For': '127.0.0.1' } });
    expect(f.outcome).toBe('proxy-attribution-required');
    const fs = await findingsFor({ probe: f });
    expectTop(fs, 'trusted-proxy/proxy-attribution-required-probe', 'trusted-proxy');
    record('latest-proxy', 'XFF 127.0.0.1, trustedProxies 127.0.0.0/8', f, fs);
  });

  it('Control UI from an allowed plain-http LAN origin: no device identity → secure-context/control-ui-insecure-context-probe', async () => {
    const f = await probeGw(gw, { token: gw.token, origin: LAN_ORIGIN });
    expect(f.client).toMatchObject({ origin: LAN_ORIGIN, originSecureContext: false });
    expect(f.outcome).toBe('control-ui-device-identity-required');
    expect(f.error?.detailsCode).toBe('CONTROL_UI_DEVICE_IDENTITY_REQUIRED');
    const fs = await findingsFor({ probe: f });
    expectTop(fs, 'secure-context/control-ui-insecure-context-probe', 'secure-context');
    record('latest-proxy', 'Control UI from allowed LAN http origin', f, fs);
    const { report } = cli(['--url', `ws://127.0.0.1:${gw.port}`, '--token', gw.token, '--origin', LAN_ORIGIN, '--browser-url', LAN_ORIGIN]);
    expectTop(report.findings, 'secure-context/control-ui-insecure-context-probe', 'secure-context');
    expect(report.findings.map((x) => x.ruleId)).toContain('secure-context/browser-url-insecure');
  });
});
