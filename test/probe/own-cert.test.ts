// gateway.tls on: the default probe speaks wss:// and trusts the gateway's own certificate file on
// its host, as OpenClaw's local CLI does (2026.9.6 resolveGatewayConnectionTlsFingerprint).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectProbe } from '../../src/collectors/probe/index.js';
import { resolveTarget } from '../../src/collectors/probe/target.js';
import { fakeGateway, helloOk, selfSignedCert, type Fake } from './fake-servers.js';

const open: Fake[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

describe('resolveTarget with gateway.tls', () => {
  it('uses wss:// for the default local target when gateway.tls.enabled is true', () => {
    const t = resolveTarget({ config: { gateway: { tls: { enabled: true } } }, env: { HOME: '/home/u' } });
    expect(t.url).toBe('wss://127.0.0.1:18789');
    expect(t.ownCertPath).toBe('/home/u/.openclaw/gateway/tls/gateway-cert.pem');
  });
  it('follows OPENCLAW_STATE_DIR, then gateway.tls.certPath (with ~)', () => {
    expect(resolveTarget({ config: { gateway: { tls: { enabled: true } } }, env: { HOME: '/h', OPENCLAW_STATE_DIR: '/srv/oc' } }).ownCertPath).toBe('/srv/oc/gateway/tls/gateway-cert.pem');
    expect(resolveTarget({ config: { gateway: { tls: { enabled: true, certPath: '~/c/g.pem' } } }, env: { HOME: '/h' } }).ownCertPath).toBe('/h/c/g.pem');
  });
  it('keeps ws:// when tls is absent or not exactly true, and never pins for --url or a remote target', () => {
    expect(resolveTarget({ config: { gateway: { tls: { enabled: 'true' } } } }).scheme).toBe('ws');
    expect(resolveTarget({ config: { gateway: { tls: { enabled: true } } }, url: 'wss://127.0.0.1:1' }).ownCertPath).toBeUndefined();
    const remote = resolveTarget({ config: { gateway: { mode: 'remote', remote: { url: 'wss://gw.example:443' }, tls: { enabled: true } } } });
    expect(remote.ownCertPath).toBeUndefined();
  });
});

describe('probe on the gateway host with gateway.tls on', () => {
  const cert = selfSignedCert();
  const other = selfSignedCert();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckd-own-cert-'));
  const certPath = path.join(dir, 'gateway-cert.pem');
  fs.writeFileSync(certPath, cert.cert);
  const otherPath = path.join(dir, 'other.pem');
  fs.writeFileSync(otherPath, other.cert);
  const fp = cert.fingerprint.replace(/:/g, '').toLowerCase();

  async function probeWith(certFile: string) {
    const s = await fakeGateway((ws, req) => helloOk(ws, req.id), { tlsCert: cert });
    open.push(s);
    const config = { gateway: { port: s.port, tls: { enabled: true, certPath: certFile }, auth: { token: 't' } } };
    return collectProbe({ config, env: { HOME: dir }, loopbackOnly: true, timeoutMs: 3000 });
  }

  it("trusts the gateway's own self-signed certificate and connects", async () => {
    const f = await probeWith(certPath);
    expect(f.target?.scheme).toBe('wss');
    expect(f.outcome).toBe('connected');
    expect(f.tls?.fingerprint).toBe(fp);
    expect(f.stages.find((s) => s.stage === 'tls')?.detail).toMatch(/gateway's own/);
  });
  it('another certificate in the file: a fingerprint mismatch naming the file', async () => {
    const f = await probeWith(otherPath);
    expect(f.outcome).toBe('tls-fingerprint-mismatch');
    expect(f.tls?.error).toContain(otherPath);
  });
  it('no readable certificate file: default trust, so the self-signed certificate is reported', async () => {
    const f = await probeWith(path.join(dir, 'missing.pem'));
    expect(f.outcome).toBe('tls-self-signed');
  });
});
