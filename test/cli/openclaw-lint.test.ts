// `clawkit-doctor openclaw-lint` when OpenClaw's own lint cannot run: the answer says so, lists
// clawkit's findings anyway, exits 2 (a check could not run) and never prints the config's token.
// The run against the real openclaw 2026.9.6 is test/real-gateway/openclaw-lint.test.ts. Through
// main() in this process (runInProcess: no signal, stdin or start-up environment is tested here;
// the program it runs is still a child); test/cli/parity.test.ts runs the first case both ways.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './run.js';

const TOKEN = 'tok-lint-cafebabe0123456789ab';
const dir = mkdtempSync(join(tmpdir(), 'ckd-oclint-'));
const config = join(dir, 'openclaw.json');
writeFileSync(config, `{ gateway: { mode: "local", bind: "127.0.0.1", auth: { mode: "token", token: "${TOKEN}" } } }\n`);
chmodSync(config, 0o600);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Doc {
  schemaVersion: number;
  ok: boolean;
  checksRun: number;
  findings: Array<{ checkId: string; severity: string; errorCode?: string; path?: string; source?: string }>;
}

async function lint(...args: string[]): Promise<{ code: number | null; doc: Doc; stdout: string }> {
  const r = await runInProcess(['openclaw-lint', '--config', config, '--json', ...args], '', { HOME: dir }, { homedir: dir });
  expect(r.stderr).toBe('');
  return { code: r.code, doc: JSON.parse(r.stdout) as Doc, stdout: r.stdout };
}

describe('openclaw-lint without a working OpenClaw CLI', () => {
  it('OpenClaw not installed: says so, still lists clawkit findings, exit 2', async () => {
    const { code, doc, stdout } = await lint('--openclaw', join(dir, 'no-such-openclaw'));
    expect(code).toBe(2);
    expect(doc).toMatchObject({ schemaVersion: 1, ok: false, checksRun: 16 });
    expect(doc.findings[0]).toMatchObject({ checkId: 'clawkit/openclaw-lint', severity: 'error', source: 'clawkit-doctor' });
    expect(doc.findings.map((f) => f.errorCode)).toContain('port-bind/bind-host-alias');
    expect(stdout).not.toContain(TOKEN);
  });

  it('a program that prints no lint document is not taken for a clean result', async () => {
    const { code, doc } = await lint('--openclaw', '/bin/false');
    expect(code).toBe(2);
    expect(JSON.stringify(doc.findings[0])).toContain('printed no lint document');
  });

  it('an unknown --severity-min is a usage error', async () => {
    const r = await runInProcess(['openclaw-lint', '--config', config, '--severity-min', 'fatal'], '', { HOME: dir }, { homedir: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--severity-min must be info, warning or error');
  });
});
