import { mkdtempSync, writeFileSync, mkdirSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, runInProcess, SAMPLE_RULES } from './run.js';

// The sample rules keep these tests independent of the catalogue; --only narrows to them.
const demo = ['--no-probe', '--rules', SAMPLE_RULES, '--only', 'demo/'];

function noStack(s: string): void {
  expect(s).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

// The process's own exit status, --help/--version, binary stdin and the huge file start a real
// process; the usage errors, rule-file errors and UTF-16 reads go through the built CLI's main() in
// this process (test/cli/run.ts), and test/cli/parity.test.ts runs a sample of them both ways.
describe('cli: exit codes and errors', () => {
  it('--help and --version exit 0', () => {
    const h = run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--fail-on');
    expect(h.stdout).toContain('--log');
    const v = run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exit 1 when a finding is at or above --fail-on, 0 otherwise', async () => {
    // The process's exit status for both outcomes; the --fail-on thresholds are main()'s return value.
    expect(run([...demo, '--log', '-'], 'disconnected (1008): pairing required\n').code).toBe(1);
    expect(run([...demo, '--log', '-'], 'nothing to see\n').code).toBe(0);
    expect((await runInProcess([...demo, '--log', '-'], 'closed: slow consumer\n')).code).toBe(0);
    expect((await runInProcess([...demo, '--log', '-', '--fail-on', 'warning'], 'closed: slow consumer\n')).code).toBe(1);
    expect((await runInProcess([...demo, '--log', '-', '--fail-on', 'none'], 'pairing required\n')).code).toBe(0);
  });

  it.each([
    [['--bogus-flag'], /unknown option/],
    [['--fail-on', 'fatal'], /fail-on/],
    [['--no-probe', '--log', '/nonexistent/file.log'], /cannot read log file \/nonexistent\/file\.log: ENOENT/],
    [['--no-probe', '--only', 'no-such/rule'], /no rule matches "no-such\/rule"/],
    [['explain', 'no-such/rule'], /unknown rule/],
  ])('exit 2 with a one-line reason for %j', async (args, re) => {
    const r = await runInProcess(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    noStack(r.stderr);
  });

  it('`--log --json` reads a file named --json: a human error saying so, no JSON document on stdout', async () => {
    const r = await runInProcess(['--no-probe', '--log', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read log file --json: ENOENT \(the word after --log is its file; for stdin use --log -/);
    expect(r.stdout).toBe('');
    // Asked for with a real --json, the error is still one JSON document.
    const j = await runInProcess(['--no-probe', '--json', '--log', '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error.message).toMatch(/cannot read log file --json/);
  });

  it('exit 2 on an invalid rule file, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-rules-'));
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'bad.json'), JSON.stringify({ id: 'x/bad', title: 'bad', category: 'nope', severity: 'error', facts: ['paste'], when: { paste: { contains: 'a' } }, specificity: 1, message: 'm', fix: { tier: 'manual', steps: ['s'] }, surprise: 1 }));
    const r = await runInProcess(['--no-probe', '--rules', dir, '--log', '-'], 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid rule file .*bad\.json/);
    noStack(r.stderr);
    const v = await runInProcess(['rules', 'validate', dir]);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/category/);
    expect(v.stderr).toMatch(/surprise/);
  });

  it('exit 2 on binary stdin, without a stack trace', () => {
    const r = run(['--no-probe', '--log', '-'], Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/binary/);
    noStack(r.stderr);
  });

  it('diagnoses a UTF-16 log without a BOM (LE and BE) instead of refusing it as binary', async () => {
    const le = Buffer.from('OpenClaw 2026.3.13\r\ndisconnected (1008): unauthorized: gateway token mismatch\r\n', 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const buf of [le, be]) {
      const r = await runInProcess(['--no-probe', '--json', '--log', '-'], buf);
      expect(r.code, r.stderr).toBe(1);
      const rep = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> };
      expect(rep.findings.map((f) => f.ruleId)).toContain('token-auth/gateway-token-mismatch');
    }
  });
});

// What the CLI prints and returns, through the built CLI's main() in process (test/cli/run.ts
// `runInProcess`); the exit-code, stdin and huge-file checks start a real process.
describe('cli: JSON contract', () => {
  it('prints one versioned document with inputs, summary and ordered findings', async () => {
    const r = await runInProcess([...demo, '--json', '--log', '-', '--openclaw-version', 'v2026.3.2'], 'hello\ndisconnected (1008): pairing required\nclosed: slow consumer\n');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.tool).toMatchObject({ name: 'clawkit-doctor' });
    expect(doc.inputs.paste).toMatchObject({ source: 'stdin', lines: 3 });
    expect(doc.inputs.openclawVersion).toMatchObject({ value: '2026.3.2', source: 'flag' });
    expect(doc.summary).toMatchObject({ findings: 2, failOn: 'error', exitCode: 1, bySeverity: { error: 1, warning: 1, info: 0 } });
    expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['demo/pairing-echo', 'demo/warn-only']);
    const f = doc.findings[0];
    for (const k of ['ruleId', 'category', 'severity', 'status', 'title', 'message', 'evidence', 'fix']) expect(f).toHaveProperty(k);
    expect(f.status).toBe('fail');
    expect(f.message).toBe('The gateway said pairing required on 2026.3.2.');
    expect(f.evidence[0]).toMatchObject({ source: 'paste', line: 2, text: 'disconnected (1008): pairing required' });
  });

  it('redacts secrets in JSON and human output, including echoed pasted text', async () => {
    const secret = 'c0ffee1234567890c0ffee1234567890c0ffee12';
    const paste = `pairing required http://192.168.1.100:18789/?token=${secret}\n`;
    const j = await runInProcess([...demo, '--json', '--log', '-'], paste);
    expect(j.stdout).not.toContain(secret);
    expect(j.stdout).toContain('?token=***');
    const h = await runInProcess([...demo, '--log', '-'], paste);
    expect(h.stdout).not.toContain(secret);
    expect(h.stdout).toContain('line 1:');
  });

  it('human output has title, why, evidence with line numbers and the fix', async () => {
    const r = await runInProcess([...demo, '--log', '-'], 'disconnected (1008): pairing required (requestId: 84e47b07-9c1a-4a57-b7a2-0f6a3a4b5c6d)\n');
    expect(r.stdout).toContain('Demo: pairing required');
    expect(r.stdout).toContain('Why:');
    expect(r.stdout).toContain('line 1: disconnected (1008)');
    expect(r.stdout).toContain('$ openclaw devices approve 84e47b07-9c1a-4a57-b7a2-0f6a3a4b5c6d');
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour under CI / NO_COLOR / non-TTY
  });

  it('reads --log FILE and reports the file as the input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-log-'));
    const f = join(dir, 'gw.log');
    writeFileSync(f, 'a\nb\ngateway closed (1008): pairing required\n');
    const doc = JSON.parse((await runInProcess([...demo, '--json', '--log', f])).stdout);
    expect(doc.inputs.paste).toMatchObject({ source: 'file', file: f, lines: 3 });
    expect(doc.findings[0].evidence[0].line).toBe(3);
  });
});

describe('cli: huge input', () => {
  it('diagnoses an error buried in a 60 MB log with bounded memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-big-'));
    const f = join(dir, 'big.log');
    const ws = createWriteStream(f);
    const filler = `${'2026-03-04T16:29:35.301Z [gateway] heartbeat ok '.padEnd(99, '.')}\n`;
    const block = filler.repeat(10_000);
    for (let i = 0; i < 60; i++) {
      if (i === 37) ws.write('gateway closed (1008): pairing required\n');
      if (!ws.write(block)) await new Promise((r) => ws.once('drain', r));
    }
    await new Promise((r) => ws.end(r));
    const r = run([...demo, '--json', '--log', f]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs.paste.sampled).toBe(true);
    expect(doc.findings[0].evidence[0].line).toBe(37 * 10_000 + 1);
  });
});

describe('cli: subcommands', () => {
  it('rules list / test / explain work on a rules dir', async () => {
    const l = await runInProcess(['rules', 'list', '--rules', SAMPLE_RULES]);
    expect(l.code).toBe(0);
    expect(l.stdout).toContain('demo/pairing-echo');
    // The sample rules' cases and one built-in rule's replayed TLS gateway (the bundled replay
    // server); the whole catalogue's cases run in test/rules/catalogue.test.ts.
    const t = await runInProcess(['rules', 'test', '--rules', SAMPLE_RULES, '--only', 'demo/,tls/tls-expired']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^rules: 3, cases: [1-9]\d*\n[1-9]\d* passed, 0 failed$/m);
    expect((await runInProcess(['rules', 'test', '--only', 'no-such/'])).stderr).toMatch(/no rule matches "no-such\/"/);
    const e = await runInProcess(['explain', 'demo/pairing-echo', '--rules', SAMPLE_RULES]);
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('category: pairing');
    expect((await runInProcess(['rules', 'validate', SAMPLE_RULES])).code).toBe(0);
  });
});

describe('cli: LAN URL judged statically with --no-probe', () => {
  it('reports plaintext ws:// to a LAN address without connecting', async () => {
    const r = await runInProcess(['--no-probe', '--no-env', '--json', '--url', 'ws://192.168.1.100:18789', '--only', 'probe/']);
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs.probe).toBeNull();
    expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['tls/plaintext-ws-lan-static']);
    expect(doc.findings[0].message).toContain('ws://192.168.1.100:18789');
  });
});
