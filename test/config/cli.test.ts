// The "Done when", end to end through the built CLI: findings with file:line:col, then
// --fix repairing them with a diff that touches only those lines. The built CLI's main() in this
// process (test/cli/run.ts); test/cli/parity.test.ts runs some of these as processes too and
// asserts the same output.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/run.js';
import { ROOT, tempDir } from '../fixer/helpers.js';

const FX = path.join(ROOT, 'fixtures/config');

function doneWhen(): { dir: string; file: string } {
  const dir = tempDir('ckd-cli-');
  const file = path.join(dir, 'openclaw.json');
  copyFileSync(path.join(FX, 'done-when.json5'), file);
  chmodSync(file, 0o600);
  return { dir, file };
}

const base = (file: string) => ['--no-probe', '--no-env', '--config', file];

describe('clawkit-doctor on a broken config (issue #3 "Done when")', () => {
  it('reports gateway.auth as a string, the CIDR on 2026.2.12 and the legacy gateway.token, each with file:line:col', async () => {
    const { file } = doneWhen();
    const r = await runInProcess(base(file));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('auth-config-shape/auth-string');
    expect(r.stdout).toContain(`${file}:8:13`);
    expect(r.stdout).toContain('trusted-proxy/trusted-proxies-cidr-unsupported');
    expect(r.stdout).toContain(`${file}:11:23`);
    expect(r.stdout).toContain('token-auth/legacy-gateway-token-blocked');
    expect(r.stdout).toContain(`${file}:9:14`);
    expect(r.stdout).toContain('OpenClaw 2026.2.12 (from config)');
    expect(r.stdout).not.toContain('my-token');
  });

  it('--fix --yes repairs them with a diff that touches only those lines; a second --fix changes nothing', async () => {
    const { dir, file } = doneWhen();
    const r = await runInProcess([...base(file), '--fix', '--yes']);
    expect(r.stderr).toBe('');
    const diffLines = r.stdout.split('\n').filter((l) => /^[-+] /.test(l) || /^[-+]\s{2,}/.test(l));
    expect(diffLines).toEqual([
      '-    "auth": "***",',
      '-    "token": "***",',
      '+    "auth": {',
      '+      "mode": "token",',
      '+      "token": "***"',
      '+    },',
    ]);
    expect(r.stdout).toMatch(/changed lines 8, 9 of the original file/);
    // The CIDR is not narrowed: nothing recorded the proxy's address, and the doctor never guesses it.
    expect(r.stdout).toMatch(/skipped trusted-proxy\/trusted-proxies-cidr-unsupported: not enough information to build the patch/);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(FX, 'done-when.fixed.json5'), 'utf8'));
    expect(readdirSync(dir).filter((n) => n.includes('clawkit-bak'))).toHaveLength(1);
    expect(r.stdout).not.toContain('my-token');
    // The exit code describes the repaired config: the CIDR error is left for the user.
    expect(r.code).toBe(1);
    const again = await runInProcess([...base(file), '--fix', '--yes']);
    expect(again.stdout).toMatch(/no automatic config fix applies/);
    expect(readdirSync(dir).filter((n) => n.includes('clawkit-bak'))).toHaveLength(1);
  });

  it('--fix without --yes and without a terminal applies only the safe fixes and never asks', async () => {
    const { file } = doneWhen();
    const r = await runInProcess([...base(file), '--repair']);
    expect(r.stdout).toMatch(/skipped trusted-proxy\/trusted-proxies-cidr-unsupported: not enough information to build the patch/);
    expect(readFileSync(file, 'utf8')).toContain('"trustedProxies": ["172.17.0.0/16"]');
    expect(readFileSync(file, 'utf8')).toContain('"mode": "token"');
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const { dir, file } = doneWhen();
    const before = readFileSync(file, 'utf8');
    const r = await runInProcess([...base(file), '--dry-run', '--yes']);
    expect(r.stdout).toContain('+      "mode": "token",');
    expect(r.stdout).not.toContain('+    "trustedProxies"');
    expect(r.stdout).toMatch(/dry run, nothing written/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['openclaw.json']);
  });

  it('--json carries the fix report, redacted', async () => {
    const { file } = doneWhen();
    const r = await runInProcess([...base(file), '--fix', '--yes', '--json']);
    const doc = JSON.parse(r.stdout) as { fix: { status: string; applied: Array<{ ruleId: string }>; backupPath: string }; inputs: { config: { path: string; reason: string } } };
    expect(doc.fix.status).toBe('written');
    expect(doc.fix.applied.map((a) => a.ruleId)).toEqual(['auth-config-shape/auth-string', 'token-auth/legacy-gateway-token-duplicate']);
    expect(doc.inputs.config.reason).toBe(`--config ${file}`);
    expect(r.stdout).not.toContain('my-token');
  });

  it('a read-only config: clear error, nothing lost', async () => {
    const { dir, file } = doneWhen();
    const before = readFileSync(file, 'utf8');
    chmodSync(file, 0o444);
    const r = await runInProcess([...base(file), '--fix', '--yes']);
    expect(r.stdout).toMatch(/read-only \(mode 0444\); nothing was changed/);
    // A fix that was asked for and could not be written has its own exit code, the reason on stderr.
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/fix failed: .*read-only \(mode 0444\)/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['openclaw.json']);
  });

  it('--profile reads ~/.openclaw-<name>/openclaw.json; a bad profile name is a usage error', async () => {
    const home = tempDir('ckd-cli-home-');
    mkdirSync(path.join(home, '.openclaw-work'));
    writeFileSync(path.join(home, '.openclaw-work/openclaw.json'), '{ gateway: { mode: "local", port: "18789" } }');
    const r = await runInProcess(['--no-probe', '--no-env', '--profile', 'work', '--json'], '', { HOME: home, OPENCLAW_HOME: '', OPENCLAW_CONFIG_PATH: '', OPENCLAW_STATE_DIR: '' });
    const doc = JSON.parse(r.stdout) as { inputs: { config: { path: string; reason: string } }; findings: Array<{ ruleId: string }> };
    expect(doc.inputs.config.path).toBe(path.join(home, '.openclaw-work/openclaw.json'));
    expect(doc.inputs.config.reason).toMatch(/--profile work/);
    expect(doc.findings.map((f) => f.ruleId)).toContain('port-bind/port-string');
    const bad = await runInProcess(['--no-probe', '--no-env', '--profile', 'no/pe'], '', { HOME: home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid --profile/);
  });

  it('no config at all is a finding, not a crash', async () => {
    const home = tempDir('ckd-cli-empty-');
    const r = await runInProcess(['--no-probe', '--no-env', '--json'], '', { HOME: home, OPENCLAW_HOME: '', OPENCLAW_CONFIG_PATH: '', OPENCLAW_STATE_DIR: '' });
    const doc = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string }> };
    expect(r.code).toBe(0);
    expect(doc.findings.find((f) => f.ruleId === 'config-parse/missing')?.message).toContain(path.join(home, '.openclaw/openclaw.json'));
  });

  it('a config over the 2 MiB read limit: the limit is said to be the doctor\'s, not that OpenClaw cannot load it (audit23 F3)', async () => {
    // OpenClaw 2026.9.6 reads its config with readFileSync and no size check (dist/io.snapshot-*.mjs),
    // so a 3 MB file that is JSON5 loads there; only a directory or a device cannot.
    const dir = tempDir('ckd-cli-big-');
    const file = path.join(dir, 'openclaw.json');
    writeFileSync(file, `{ gateway: { mode: "local" }, notes: "${'x'.repeat(3 * 1024 * 1024)}" }\n`);
    chmodSync(file, 0o600);
    const r = await runInProcess([...base(file), '--json']);
    const doc = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string }> };
    expect(r.code).toBe(1);
    expect(doc.findings.map((f) => f.ruleId)).toEqual(['config-parse/config-over-read-limit']);
    const said = doc.findings[0]!.message;
    expect(said).toContain('reads at most 2097152 bytes');
    expect(said).toContain('The limit is clawkit-doctor\'s, not OpenClaw\'s');
    expect(said).not.toMatch(/cannot load/);
    // A directory at the path: OpenClaw cannot read a config from it (EISDIR), and the message says so.
    const adir = path.join(dir, 'adir');
    mkdirSync(adir);
    const d = JSON.parse((await runInProcess([...base(adir), '--json'])).stdout) as typeof doc;
    expect(d.findings.map((f) => f.ruleId)).toEqual(['config-parse/not-a-config-file']);
    expect(d.findings[0]!.message).toContain('it cannot load a config from it either');
  });

  it('a fix that cannot be built says which config place it could not fill, not a fact name (audit23 F14)', async () => {
    const dir = tempDir('ckd-cli-f14-');
    const file = path.join(dir, 'openclaw.json');
    writeFileSync(file, '{\n  "gateway": {\n    "trustedProxies": [\n      "172.17.0.0/16"\n    ]\n  }\n}\n');
    chmodSync(file, 0o600);
    const r = await runInProcess([...base(file), '--openclaw-version', '2026.2.12', '--fix', '--dry-run']);
    const skipped = r.stdout.split('\n').find((l) => l.includes('skipped trusted-proxy/trusted-proxies-cidr-unsupported'));
    expect(skipped).toContain('(the value to write at gateway.trustedProxies[0] is not known from this config or the rest of the input)');
    expect(r.stdout).not.toMatch(/trustedProxiesCidrReplacement|config\.derived/);
  });
});

