// clawkit's health checks inside the real OpenClaw 2026.9.6 health contract: OpenClaw's own
// runDoctorLintChecks runs them on broken configs, and a doctor-style repair round trip (repair,
// adopt the returned config, scoped re-detect, write) leaves a config the real gateway starts with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealthChecks, type HealthCheckContext, type HealthFinding } from '../../src/api/openclaw.js';
import { gatewayConfig } from '../../scripts/real-gateway/harness.js';
import { cleanup, ensureOpenclaw, killAllStarted, LATEST_VERSION, probeGw, startGateway } from './common.js';

interface HealthSdk {
  runDoctorLintChecks(ctx: HealthCheckContext, opts?: { checks?: readonly unknown[]; onlyIds?: readonly string[] }): Promise<{ findings: readonly HealthFinding[]; checksRun: number; checksSkipped: number }>;
  exitCodeFromFindings(findings: readonly HealthFinding[], severityMin?: string): 0 | 1;
}

let sdk: HealthSdk;
const TOKEN = 'tok-roundtrip-dddddddddddd4';
const quiet = { log: () => {}, error: () => {}, exit: () => {} };
const ctxFor = (configPath: string, cfg: Record<string, unknown> = {}): HealthCheckContext => ({ mode: 'lint', runtime: quiet, cfg, configPath, env: {} });

/** The gateway's own config with two shapes 2026.9.6 rejects: a host address as bind, auth.type. */
function breakConfig(file: string): void {
  const cfg = JSON.parse(fs.readFileSync(file, 'utf8'));
  cfg.gateway.bind = '127.0.0.1';
  cfg.gateway.auth = { type: 'token', token: cfg.gateway.auth.token };
  fs.writeFileSync(file, JSON.stringify(cfg, null, 2), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

const CODES = ['auth-config-shape/auth-type-key', 'port-bind/bind-host-alias'];
const ours = (fs: readonly HealthFinding[]) => fs.filter((f) => CODES.includes(f.errorCode ?? '')).map((f) => `${f.checkId} ${f.errorCode} ${f.path}`).sort();

beforeAll(async () => {
  const dir = await ensureOpenclaw(LATEST_VERSION);
  sdk = (await import(pathToFileURL(path.join(dir, 'node_modules', 'openclaw', 'dist', 'plugin-sdk', 'health.js')).href)) as HealthSdk;
});
afterAll(killAllStarted);

describe(`openclaw@${LATEST_VERSION} runDoctorLintChecks with createHealthChecks()`, () => {
  it('returns the clawkit findings of a broken config with OpenClaw\'s exit code; --only selects one check', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckd-oc-health-'));
    const file = path.join(dir, 'openclaw.json');
    fs.writeFileSync(file, JSON.stringify(gatewayConfig(LATEST_VERSION, 18789, TOKEN, dir), null, 2), { mode: 0o600 });
    const checks = createHealthChecks();
    const clean = await sdk.runDoctorLintChecks(ctxFor(file), { checks });
    expect(clean.checksRun).toBe(checks.length);
    expect(ours(clean.findings)).toEqual([]);
    expect(sdk.exitCodeFromFindings(clean.findings, 'error')).toBe(0);

    breakConfig(file);
    const broken = await sdk.runDoctorLintChecks(ctxFor(file), { checks });
    expect(ours(broken.findings)).toEqual(['clawkit/auth-config-shape auth-config-shape/auth-type-key gateway.auth.type', 'clawkit/port-bind port-bind/bind-host-alias gateway.bind']);
    for (const f of broken.findings) expect(f).toMatchObject({ source: 'clawkit-doctor', checkId: expect.stringMatching(/^clawkit\//) });
    expect(broken.findings.find((f) => f.errorCode === 'port-bind/bind-host-alias')).toMatchObject({ severity: 'error', line: expect.any(Number), column: expect.any(Number), fixHint: expect.any(String) });
    expect(JSON.stringify(broken.findings)).not.toContain(TOKEN);
    expect(sdk.exitCodeFromFindings(broken.findings)).toBe(1);

    const only = await sdk.runDoctorLintChecks(ctxFor(file), { checks, onlyIds: ['clawkit/port-bind'] });
    expect(only.checksRun).toBe(1);
    expect(ours(only.findings)).toEqual(['clawkit/port-bind port-bind/bind-host-alias gateway.bind']);
  });

  it('a repair round trip leaves a config the real gateway starts with', async () => {
    const checks = createHealthChecks();
    const gw = await startGateway({
      version: LATEST_VERSION,
      token: TOKEN,
      prepareConfig: async (file) => {
        breakConfig(file);
        let ctx = ctxFor(file);
        const lint = await sdk.runDoctorLintChecks(ctx, { checks });
        expect(ours(lint.findings)).toHaveLength(2);
        // What doctor --fix does per check: repair, adopt the returned config, re-detect scoped.
        for (const check of checks) {
          const mine = lint.findings.filter((f) => f.checkId === check.id && CODES.includes(f.errorCode ?? ''));
          if (!mine.length) continue;
          const res = await check.repair!({ ...ctx, mode: 'fix' }, mine);
          expect(res.status, res.reason).toBe('repaired');
          ctx = { ...ctx, cfg: res.config! };
          expect(await check.detect(ctx, { findings: mine, paths: mine.map((f) => f.path!) })).toEqual([]);
        }
        // Doctor's writer persists the adopted config.
        fs.writeFileSync(file, JSON.stringify(ctx.cfg, null, 2), { mode: 0o600 });
        expect(ours((await sdk.runDoctorLintChecks(ctxFor(file), { checks })).findings)).toEqual([]);
      },
    });
    try {
      const cfg = JSON.parse(fs.readFileSync(gw.configPath, 'utf8'));
      expect(cfg.gateway).toMatchObject({ bind: 'loopback', auth: { mode: 'token', token: TOKEN } });
      // The HTTP stage is under test here: a 30 s deadline widens its cap (1.2 s at the default 4 s) for a loaded box.
      const f = await probeGw(gw, { token: TOKEN, timeoutMs: 30_000 });
      expect(f.http).toMatchObject({ ready: true });
      expect(f.outcome).toBe('connected');
    } finally {
      await gw.stop();
      cleanup(gw);
    }
  });
});
