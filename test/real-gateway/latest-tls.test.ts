// Real OpenClaw 2026.9.6 with gateway.tls on (auto-generated self-signed certificate), loopback:
// the default probe speaks wss:// and trusts the gateway's own certificate file the way OpenClaw's
// local CLI does (resolveGatewayConnectionTlsFingerprint); the fingerprint is shown in full.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectProbe } from '../../src/collectors/probe/index.js';
import { Redactor } from '../../src/shared/redact.js';
import { cleanup, findingsFor, LATEST_VERSION, record, startGateway, type GatewayHandle } from './common.js';

describe('latest, gateway.tls on', () => {
  let gw: GatewayHandle;
  beforeAll(async () => {
    gw = await startGateway({ version: LATEST_VERSION, gateway: { tls: { enabled: true } } });
  }, 600_000);
  afterAll(async () => {
    if (gw) {
      await gw.stop();
      cleanup(gw);
    }
  });

  it("default target: wss://, the gateway's own certificate trusted, hello-ok", async () => {
    const certFile = path.join(gw.stateDir, 'gateway', 'tls', 'gateway-cert.pem');
    const own = new crypto.X509Certificate(fs.readFileSync(certFile, 'utf8')).fingerprint256.replace(/:/g, '').toLowerCase();
    const f = await collectProbe({ config: gw.config, env: { OPENCLAW_STATE_DIR: gw.stateDir, HOME: path.join(gw.stateDir, 'home') }, timeoutMs: 15_000, loopbackOnly: true });
    record('latest-tls', 'tls auto cert, default target', f, await findingsFor({ probe: f }));
    expect(f.target?.scheme).toBe('wss');
    expect(f.tls?.fingerprint).toBe(own);
    expect(f.outcome).toBe('connected');
    expect(new Redactor([gw.token]).redactJson(f).tls?.fingerprint).toBe(own);
  }, 60_000);

  it('without the certificate file (another host): the self-signed certificate is reported with its full fingerprint', async () => {
    const f = await collectProbe({ config: gw.config, env: { OPENCLAW_STATE_DIR: path.join(gw.stateDir, 'elsewhere') }, timeoutMs: 15_000, loopbackOnly: true });
    expect(f.outcome).toBe('tls-self-signed');
    const fs2 = await findingsFor({ probe: f, config: { path: gw.configPath, reason: 'flag', found: true, value: gw.config } });
    const text = new Redactor([gw.token]).redact(JSON.stringify(fs2.map((x) => [x.message, x.fix])));
    expect(text).toContain(f.tls!.fingerprint!);
  }, 60_000);
});
