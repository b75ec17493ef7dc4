// `clawkit-doctor --no-probe --json` lists the environment facts (and the unknown ones) in inputs.env.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/run.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'clawkit-env-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('CLI wiring of the environment collector', () => {
  it('reports env facts with the unknown list, and masks a service token', async () => {
    mkdirSync(path.join(home, '.config/systemd/user'), { recursive: true });
    writeFileSync(path.join(home, '.config/systemd/user/openclaw-gateway.service'), '[Service]\nEnvironment=OPENCLAW_GATEWAY_TOKEN=zz-unit-secret-123 OPENCLAW_SERVICE_VERSION=2026.2.22\n');
    const r = await runInProcess(['--no-probe', '--json'], '', { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), OPENCLAW_STATE_DIR: path.join(home, '.openclaw') }, { homedir: home });
    expect(r.code === 0 || r.code === 1).toBe(true);
    expect(r.stdout).not.toContain('zz-unit-secret-123');
    const report = JSON.parse(r.stdout) as { inputs: { env: Record<string, unknown> | null } };
    const env = report.inputs.env!;
    expect(env).toBeTruthy();
    expect(env.node).toBe(process.version);
    expect(Array.isArray(env.unknown)).toBe(true);
    expect(env.services).toEqual([expect.objectContaining({ name: 'openclaw-gateway.service', token: '***', serviceVersion: '2026.2.22' })]);
    expect(typeof (env.timings as { totalMs: number }).totalMs).toBe('number');
  });

  it('--no-env leaves inputs.env null and says why', async () => {
    const r = await runInProcess(['--no-probe', '--no-env', '--json'], '', { HOME: home }, { homedir: home });
    const report = JSON.parse(r.stdout) as { inputs: { env: unknown; notCollected: Array<{ source: string; why: string }> } };
    expect(report.inputs.env).toBeNull();
    expect(report.inputs.notCollected).toContainEqual({ source: 'env', why: 'skipped (--no-env)' });
  });
});
