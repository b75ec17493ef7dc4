// QA regressions: exit 2 paths (one line on stderr, one JSON document on stdout under --json),
// flag values checked even with --no-probe, subcommand errors, closed pipes, redacted errors.
// Exit codes and output come from the built CLI's main() in process (`runInProcess`); stdin, HOME
// and a closed pipe need a real process (`run`, `spawn`).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, run, runInProcess } from '../cli/run.js';
import { tempDir } from '../fixer/helpers.js';

const quiet = ['--no-probe', '--no-env'];

function noStack(s: string): void {
  expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(s).not.toMatch(/node:internal|Unhandled 'error' event/);
}

async function oneLineExit2(args: string[], re: RegExp, input = ''): Promise<void> {
  const r = await runInProcess(args, input);
  expect(r.code, `${args.join(' ')} → ${r.stderr}`).toBe(2);
  expect(r.stderr).toMatch(re);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^clawkit-doctor: /);
  noStack(r.stderr);
}

describe('qa: bad flag values are exit 2, not silently ignored', () => {
  it.each([
    [['--url', 'ftp://gateway'], /--url "ftp:\/\/gateway": unsupported scheme ftp/],
    [['--url', ''], /--url "": empty/],
    [['--url', 'not a url'], /--url "not a url": not a URL/],
    [['--url', 'ws://127.0.0.1:0'], /port 0/],
    [['--url', 'ws://127.0.0.1:99999'], /port 99999 is out of range/],
    [['--timeout', 'abc'], /--timeout/],
    [['--timeout', '5'], /--timeout/],
    [['--browser-url', '::::'], /--browser-url "::::": not a URL/],
    [['--openclaw-version', 'banana'], /--openclaw-version.*not an OpenClaw version/],
    // Before: ws/undici threw mid-probe → "unexpected failure: … (please report this)".
    [['--header', 'Bad Name: x'], /--header name "Bad Name" is not a valid HTTP header name/],
    [['--header', 'X-A: b\r\nX-Evil: c'], /--header "X-A": the value contains a line break/],
    [['--origin', 'http://a\r\nX: y'], /--origin .* line break/],
  ])('%j (with --no-probe too, and with a probe)', async (args, re) => {
    // Before: --url ftp://… and --openclaw-version banana ended "No connection problem found", exit 0.
    await oneLineExit2([...quiet, ...(args as string[])], re);
    // With the probe on (loopback only under vitest; a refused port, nothing else contacted).
    const a = args as string[];
    await oneLineExit2(['--no-env', ...(a.includes('--url') ? a : ['--url', 'ws://127.0.0.1:1', ...a])], re);
  });

  it('--config naming a file that does not exist is exit 2 (discovered paths stay a finding)', async () => {
    const dir = tempDir('ckd-qa-');
    await oneLineExit2([...quiet, '--config', path.join(dir, 'openclaw.jsno')], /--config ".*openclaw\.jsno": no such file/);
    const home = tempDir('ckd-qa-home-');
    const r = await runInProcess([...quiet, '--json'], '', { HOME: home, OPENCLAW_HOME: '', OPENCLAW_CONFIG_PATH: '', OPENCLAW_STATE_DIR: '' }, { homedir: home });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('config-parse/missing');
  });

  it('a valid --openclaw-version in any accepted spelling still works', async () => {
    const r = await runInProcess([...quiet, '--json', '--openclaw-version', 'v2026.3.2', '--log', '-'], 'hello\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).inputs.openclawVersion).toMatchObject({ value: '2026.3.2', source: 'flag' });
  });
});

describe('qa: subcommand errors use the same contract as the main command', () => {
  it.each([
    [['explain'], /missing required argument 'rule-id'/],
    [['rules', 'bogus'], /unknown command 'bogus'/],
    [['rules', 'list', '--bogus'], /unknown option '--bogus'/],
  ])('%j exits 2 with a clawkit-doctor: line', async (args, re) => {
    // Before: exit 1 and a bare "error: …" (subcommands did not inherit exitOverride/configureOutput).
    await oneLineExit2(args as string[], re);
  });

  it('`rules` without a subcommand shows its usage and exits 2', async () => {
    const r = await runInProcess(['rules']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: clawkit-doctor rules');
  });
});

describe('qa: --json on exit 2 still prints exactly one JSON document on stdout', () => {
  it.each([
    [['--json', '--bogus']],
    [['--json', '--fail-on', 'fatal']],
    [['--json', ...quiet, '--log', '/nonexistent/x.log']],
    [['--json', ...quiet, '--url', 'ftp://x']],
    [['--json', ...quiet, '--only', 'no-such/rule']],
    [['explain', 'no-such/rule', '--json']],
  ])('%j', async (args) => {
    const r = await runInProcess(args as string[]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { schemaVersion: number; tool: { name: string }; error: { exitCode: number; message: string } };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.tool.name).toBe('clawkit-doctor');
    expect(doc.error.exitCode).toBe(2);
    expect(r.stderr).toContain(doc.error.message);
  });

  it('binary stdin under --json: one JSON document, exit 2', () => {
    const r = run(['--json', ...quiet, '--log', '-'], Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/binary/);
  });

  it('without --json, exit 2 prints nothing on stdout', async () => {
    const r = await runInProcess([...quiet, '--url', 'ftp://x']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});

describe('qa: secrets in error messages are masked', () => {
  it('an echoed --url with ?token= and a --token value never reach stderr or the JSON error', async () => {
    const r = await runInProcess(['--json', ...quiet, '--url', 'ftp://gw/?token=QaSecretTok3nValue']);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).not.toContain('QaSecretTok3nValue');
    expect(r.stderr).toContain('?token=***');
    const u = await runInProcess([...quiet, '--url', 'ftp://me:QaUrlPassw0rd@gw/']);
    expect(u.code).toBe(2);
    expect(u.stderr).not.toContain('QaUrlPassw0rd');
    const t = await runInProcess([...quiet, '--token', 'plainword', '--url', 'ftp://plainword']);
    expect(t.code).toBe(2);
    expect(t.stderr).not.toContain('plainword');
  });
});

describe('qa: a closed pipe is not a crash', () => {
  it('`rules list | head -1`: no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'rules', 'list'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Close our end before the child writes anything, like a `head` that has already exited.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE/);
    noStack(stderr);
    expect(code).toBe(0);
  });
});

describe('qa: an unparseable rule file is named once', () => {
  it('"invalid rule file X: <reason>" without the prefix repeated', async () => {
    const dir = tempDir('ckd-qa-rules-');
    mkdirSync(path.join(dir, 'x'));
    writeFileSync(path.join(dir, 'x', 'a.json'), '{bad');
    const r = await runInProcess([...quiet, '--rules', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.match(/invalid rule file/g)).toHaveLength(1);
  });
});
