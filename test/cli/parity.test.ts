// The CLI-contract tests run the built CLI's main() in the test's own process (test/cli/run.ts
// `runInProcess`: the entry bin/clawkit-doctor.js calls, with in-memory stdin/stdout/stderr), and
// keep real processes where the process is what is tested (exit status, stdin descriptors, signals,
// pipes, locks between processes, the launcher's code cache). This file runs a sample of the
// in-process cases — one from each file that moved to main() — both ways, and asserts the same
// exit code, stdout and stderr: what the in-process runs assert holds for the bin.
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fixer/helpers.js';
import { ROOT, run, runInProcess } from './run.js';

/** A copy of the "Done when" config (test/config/cli.test.ts, test/qa/fix-flow.test.ts). */
function doneWhen(): string {
  const file = path.join(tempDir('ckd-parity-cfg-'), 'openclaw.json');
  copyFileSync(path.join(ROOT, 'fixtures/config/done-when.json5'), file);
  chmodSync(file, 0o600);
  return file;
}

/** A user rule directory with one invalid rule file (test/cli/cli.test.ts). */
function badRules(): string {
  const dir = tempDir('ckd-parity-rules-');
  mkdirSync(path.join(dir, 'x'));
  writeFileSync(path.join(dir, 'x', 'bad.json'), JSON.stringify({ id: 'x/bad', title: 'bad', category: 'nope', severity: 'error', facts: ['paste'], when: { paste: { contains: 'a' } }, specificity: 1, message: 'm', fix: { tier: 'manual', steps: ['s'] }, surprise: 1 }));
  return dir;
}

async function bothWays(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}, where: { homedir?: string } = {}) {
  const p = run(args, input, env);
  expect(p.raw.error, 'the process must finish').toBeUndefined();
  const h = await runInProcess(args, input, env, where);
  expect({ code: h.code, stdout: h.stdout, stderr: h.stderr }, `clawkit-doctor ${args.join(' ')}`).toEqual({ code: p.code, stdout: p.stdout, stderr: p.stderr });
  return p;
}

describe('the same output in a process and through main() in this process', () => {
  it('usage errors and an invalid rule file (exit 2), rules validate (exit 1)', async () => {
    expect((await bothWays(['--bogus-flag'])).code).toBe(2);
    const dir = badRules();
    expect((await bothWays(['--no-probe', '--rules', dir, '--log', '-'], 'x')).stderr).toMatch(/invalid rule file/);
    expect((await bothWays(['rules', 'validate', dir])).code).toBe(1);
    const home = tempDir('ckd-parity-home-');
    expect((await bothWays(['--no-probe', '--no-env', '--profile', 'no/pe'], '', { HOME: home })).stderr).toMatch(/Invalid --profile/);
  });

  it('pastes on stdin: UTF-16 without a BOM, a line over 64 KiB', async () => {
    const le = Buffer.from('OpenClaw 2026.3.13\r\ndisconnected (1008): unauthorized: gateway token mismatch\r\n', 'utf16le');
    expect((await bothWays(['--no-probe', '--no-env', '--log', '-'], le)).stdout).toContain('token-auth/gateway-token-mismatch');
    const long = `${'x'.repeat(70_000)} gateway closed (1008): unauthorized: gateway token mismatch\n`;
    expect((await bothWays(['--no-probe', '--no-env', '--log', '-'], long)).stdout).toMatch(/Not fully examined \(paste\)/);
  });

  it('a config: the findings with file:line:col, and --dry-run\'s diff', async () => {
    const file = doneWhen();
    expect((await bothWays(['--no-probe', '--no-env', '--config', file])).stdout).toContain(`${file}:8:13`);
    expect((await bothWays(['--no-probe', '--no-env', '--config', file, '--dry-run', '--yes'])).stdout).toMatch(/dry run, nothing written/);
  });

  it('openclaw-lint without OpenClaw (test/cli/openclaw-lint.test.ts); weak secrets from the paste, --token and the environment (test/qa/redact.test.ts)', async () => {
    const home = tempDir('ckd-parity-lint-');
    const config = path.join(home, 'openclaw.json');
    writeFileSync(config, '{ gateway: { mode: "local", bind: "127.0.0.1", auth: { mode: "token", token: "tok-parity-0123456789abcdef" } } }\n');
    chmodSync(config, 0o600);
    const lint = await bothWays(['openclaw-lint', '--config', config, '--json', '--openclaw', path.join(home, 'no-such-openclaw')], '', { HOME: home }, { homedir: home });
    expect(lint.code).toBe(2);
    const paste = 'OPENCLAW_GATEWAY_TOKEN=qaenvword openclaw status\ndisconnected (1008): unauthorized: gateway token mismatch; retried with --token qaflagword\n';
    const masked = await bothWays(['--no-probe', '--no-env', '--log', '-', '--token', 'qaflagword', '--json'], paste, { OPENCLAW_GATEWAY_TOKEN: 'qaenvword' });
    expect(masked.stdout).not.toContain('qaenvword');
  });
});
