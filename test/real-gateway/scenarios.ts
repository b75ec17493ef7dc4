// The scenario matrix shared by the latest and the old-line suites. Each scenario probes the real
// gateway directly (facts + rules) and end to end through the built CLI (`--json`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, expectTop, findingsFor, freePort, killAllStarted, probeGw, probeFindings, record, startGateway, type GatewayHandle } from './common.js';

export interface Expect {
  version: string;
  protocol: number;
  /** hello-ok server.version: the real version on recent builds, "dev" on 2026.1/2026.2. */
  serverVersion: string;
  /** Whether rejections carry error.details.code. */
  detailsCodes: boolean;
  /** Protocol range that this gateway rejects. */
  mismatch: { min: number; max: number };
}

export function scenarioSuite(file: string, e: Expect, extra?: (gw: () => GatewayHandle) => void): void {
  describe(`real gateway ${e.version}`, () => {
    let gw: GatewayHandle;
    const url = () => `ws://127.0.0.1:${gw.port}`;

    beforeAll(async () => {
      // Installs (cached) and starts the gateway; throws, never skips, when that fails.
      gw = await startGateway({ version: e.version });
    });
    afterAll(async () => {
      if (gw) {
        await gw.stop();
        cleanup(gw);
      }
      killAllStarted();
    });

    it('healthy, right token: hello-ok, no probe finding, and again when warm', async () => {
      const f = await probeGw(gw, { token: gw.token });
      expect(f.outcome).toBe('connected');
      expect(f.reached).toBe('hello');
      expect(f.hello?.protocol).toBe(e.protocol);
      expect(f.hello?.serverVersion).toBe(e.serverVersion);
      expect(f.stages.map((s) => s.stage)).toEqual(['target', 'dns', 'tcp', 'http', 'upgrade', 'challenge', 'connect', 'hello']);
      expect(await findingsFor({ probe: f })).toEqual([]);
      record(file, 'healthy, right token', f, []);
      // Repeated probes keep connecting (latency itself is measured by npm run bench, not here).
      for (let i = 0; i < 3; i++) expect((await probeGw(gw, { token: gw.token })).outcome).toBe('connected');

      const { report } = cli(['--url', url(), '--token', gw.token]);
      expect(report.inputs.probe?.outcome).toBe('connected');
      expect(report.inputs.probe?.credentialSource).toBe('--token');
      expect(JSON.stringify(report)).not.toContain(gw.token);
      expect(probeFindings(report)).toEqual([]);
    });

    it('token from the config (gateway.auth.token) via the config value', async () => {
      const f = await probeGw(gw, { config: gw.config });
      expect(f.credentialSource).toBe('gateway.auth.token');
      expect(f.outcome).toBe('connected');
    });

    it('no token: 1008 device identity required → device-identity/device-identity-required-probe', async () => {
      const f = await probeGw(gw);
      expect(f.outcome).toBe('device-identity-required');
      expect(f.close).toEqual({ code: 1008, reason: 'device identity required' });
      expect(f.error?.code).toBe('NOT_PAIRED');
      if (e.detailsCodes) expect(f.error?.detailsCode).toBe('DEVICE_IDENTITY_REQUIRED');
      const fs = await findingsFor({ probe: f });
      expectTop(fs, 'device-identity/device-identity-required-probe', 'device-identity');
      record(file, 'no token', f, fs);
      const { report } = cli(['--url', url()]);
      expectTop(report.findings, 'device-identity/device-identity-required-probe', 'device-identity');
    });

    it('wrong token: 1008 gateway token mismatch → token-auth/token-mismatch (tarpit-proof deadline)', async () => {
      const f = await probeGw(gw, { token: 'wrong-token' });
      expect(f.outcome).toBe('token-mismatch');
      expect(f.close?.code).toBe(1008);
      expect(f.close?.reason).toMatch(/unauthorized: gateway token mismatch/);
      if (e.detailsCodes) expect(f.error).toMatchObject({ detailsCode: 'AUTH_TOKEN_MISMATCH', recommendedNextStep: 'update_auth_credentials' });
      const fs = await findingsFor({ probe: f });
      const top = expectTop(fs, 'token-auth/token-mismatch', 'token-auth');
      expect(top.message).toContain('--token');
      record(file, 'wrong token', f, fs);
      const { report } = cli(['--url', url(), '--token', 'wrong-token', '--timeout', '10000']);
      expectTop(report.findings, 'token-auth/token-mismatch', 'token-auth');
      expect(JSON.stringify(report)).not.toContain('wrong-token');
    });

    it('a device but no token (deep probe): token missing → token-auth/token-missing', async () => {
      const f = await probeGw(gw, { device: true });
      expect(f.outcome).toBe('token-missing');
      expect(f.close?.reason).toMatch(/gateway token missing/);
      const fs = await findingsFor({ probe: f });
      expectTop(fs, 'token-auth/token-missing', 'token-auth');
      record(file, 'device, no token', f, fs);
    });

    it('deep probe with the right token: auto-approved on loopback, device token never kept', async () => {
      const f = await probeGw(gw, { token: gw.token, device: true });
      expect(f.outcome).toBe('connected');
      expect(f.device).toMatchObject({ outcome: 'auto-approved', deviceTokenIssued: true });
      expect(f.device?.id).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(f)).not.toMatch(/deviceToken"\s*:\s*"/);
      record(file, 'deep probe, right token', f, []);
    });

    it('Control UI client without a device from the loopback origin → device-identity/control-ui-no-device', async () => {
      const origin = `http://127.0.0.1:${gw.port}`;
      const f = await probeGw(gw, { token: gw.token, origin });
      expect(f.client).toMatchObject({ id: 'openclaw-control-ui', origin, originSecureContext: true });
      expect(f.outcome).toBe('control-ui-device-identity-required');
      expect(f.close?.code).toBe(1008);
      expect(f.close?.reason).toMatch(/^control ui requires (device identity|HTTPS or localhost)/);
      const fs = await findingsFor({ probe: f });
      expectTop(fs, 'device-identity/control-ui-no-device', 'device-identity');
      record(file, 'Control UI without device (loopback origin)', f, fs);
      const { report } = cli(['--url', url(), '--token', gw.token, '--origin', origin]);
      expectTop(report.findings, 'device-identity/control-ui-no-device', 'device-identity');
    });

    it('foreign Origin → 1008 origin not allowed → origin/origin-not-allowed-probe with the exact entry', async () => {
      const origin = 'http://evil.example.com';
      const f = await probeGw(gw, { token: gw.token, origin });
      expect(f.outcome).toBe('origin-not-allowed');
      expect(f.close?.reason).toMatch(/^origin not allowed/);
      if (e.detailsCodes) expect(f.error?.detailsCode).toBe('CONTROL_UI_ORIGIN_NOT_ALLOWED');
      const fs = await findingsFor({ probe: f });
      const top = expectTop(fs, 'origin/origin-not-allowed-probe', 'origin');
      expect(top.fix.summary).toBe(`Add "${origin}" to gateway.controlUi.allowedOrigins.`);
      record(file, 'foreign Origin (Control UI client)', f, fs);
      const { report } = cli(['--url', url(), '--token', gw.token, '--origin', origin]);
      expectTop(report.findings, 'origin/origin-not-allowed-probe', 'origin');
    });

    it('protocol mismatch: 1002 → version-bug/protocol-mismatch', async () => {
      const f = await probeGw(gw, { token: gw.token, protocol: e.mismatch });
      expect(f.outcome).toBe('protocol-mismatch');
      expect(f.close).toEqual({ code: 1002, reason: 'protocol mismatch' });
      expect((f.error as { expectedProtocol?: number }).expectedProtocol).toBe(e.protocol);
      const fs = await findingsFor({ probe: f });
      const top = expectTop(fs, 'version-bug/protocol-mismatch', 'version-bug');
      expect(top.message).toContain(`the gateway speaks ${e.protocol}`);
      record(file, 'protocol mismatch', f, fs);
      const { report } = cli(['--url', url(), '--token', gw.token, '--probe-protocol', `${e.mismatch.min}-${e.mismatch.max}`]);
      expectTop(report.findings, 'version-bug/protocol-mismatch', 'version-bug');
    });

    it('gateway not started: refused → gateway-down/gateway-down with the port; wrong-port against the config', async () => {
      const port = await freePort(1);
      const f = await probeGw({ port });
      expect(f.outcome).toBe('refused');
      const fs = await findingsFor({ probe: f });
      const top = expectTop(fs, 'gateway-down/gateway-down', 'gateway-down');
      expect(top.fix.commands).toContain(`openclaw gateway --port ${port}`);
      record(file, 'gateway not started', f, fs);
      const { report } = cli(['--url', `ws://127.0.0.1:${port}`]);
      expectTop(report.findings, 'gateway-down/gateway-down', 'gateway-down');
      // The config says the gateway is on gw.port, the client went to another port.
      const w = await probeGw({ port }, { config: gw.config });
      expectTop(await findingsFor({ probe: w }), 'port-bind/wrong-port', 'port-bind');
    });

    extra?.(() => gw);
  });
}
