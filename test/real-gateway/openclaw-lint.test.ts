// `clawkit-doctor openclaw-lint` with the real openclaw 2026.9.6 CLI: OpenClaw's own lint findings
// and clawkit's in one document of OpenClaw's shape, OpenClaw's exit code rule, the token masked
// (OpenClaw itself does not mask findings). OpenClaw runs in a private HOME/state dir with the
// harness's config (its outbound calls off).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfig, nodeEnv } from '../../scripts/real-gateway/harness.js';
import { BIN } from '../cli/run.js';
import { ensureOpenclaw, LATEST_VERSION } from './common.js';

const TOKEN = 'tok-oclint-0123456789abcdef0123';
let openclaw = '';

interface Doc {
  schemaVersion: number;
  ok: boolean;
  checksRun: number;
  findings: Array<{ checkId: string; severity: string; errorCode?: string; path?: string; source?: string }>;
}

function setup(bind: string): { dir: string; config: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckd-oclint-real-'));
  fs.chmodSync(dir, 0o700);
  fs.mkdirSync(path.join(dir, 'home'));
  const config = path.join(dir, 'openclaw.json');
  // The harness's config for the release: update check, model-catalog refresh and shared logs off.
  fs.writeFileSync(config, JSON.stringify(gatewayConfig(LATEST_VERSION, 18999, TOKEN, dir, { bind }), null, 2), { mode: 0o600 });
  return { dir, config };
}

function lint(dir: string, config: string, ...args: string[]): { code: number | null; doc: Doc; stdout: string } {
  const home = path.join(dir, 'home');
  const env = nodeEnv({ HOME: home, OPENCLAW_HOME: home, OPENCLAW_STATE_DIR: dir, OPENCLAW_NO_AUTO_UPDATE: '1', NO_COLOR: '1' });
  const r = spawnSync(process.execPath, [BIN, 'openclaw-lint', '--openclaw', openclaw, '--config', config, '--json', ...args], { encoding: 'utf8', env, timeout: 300_000 });
  if (!r.stdout.trim().startsWith('{')) throw new Error(`openclaw-lint printed no document (exit ${r.status}):\n${r.stderr}`);
  return { code: r.status, doc: JSON.parse(r.stdout) as Doc, stdout: r.stdout };
}

beforeAll(async () => {
  openclaw = path.join(await ensureOpenclaw(LATEST_VERSION), 'node_modules', '.bin', 'openclaw');
}, 600_000);

describe(`openclaw-lint with the real openclaw@${LATEST_VERSION}`, () => {
  it("a config OpenClaw rejects: OpenClaw's finding and clawkit's for the same key, exit 1, token masked", () => {
    const { dir, config } = setup('127.0.0.1');
    try {
      const { code, doc, stdout } = lint(dir, config);
      expect(code).toBe(1);
      expect(doc).toMatchObject({ schemaVersion: 1, ok: false });
      const bind = doc.findings.filter((f) => f.path === 'gateway.bind').map((f) => f.checkId).sort();
      expect(bind).toEqual(['clawkit/port-bind', 'core/doctor/final-config-validation']);
      expect(doc.findings.find((f) => f.checkId === 'clawkit/port-bind')).toMatchObject({ errorCode: 'port-bind/bind-host-alias', severity: 'error', source: 'clawkit-doctor' });
      // OpenClaw's order: errors first.
      const ranks = doc.findings.map((f) => ({ error: 2, warning: 1, info: 0 })[f.severity as 'error'] ?? -1);
      expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
      expect(stdout).not.toContain(TOKEN);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a config both accept, errors only: ok, exit 0, both sets of checks counted', () => {
    const { dir, config } = setup('loopback');
    try {
      const { code, doc } = lint(dir, config, '--severity-min', 'error');
      expect(doc.findings).toEqual([]);
      expect(code).toBe(0);
      expect(doc.ok).toBe(true);
      expect(doc.checksRun).toBeGreaterThan(16); // OpenClaw's own checks ran beside clawkit's 16
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
