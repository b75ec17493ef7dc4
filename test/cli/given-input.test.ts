// audit23 F12/F6: never "no problem found" about input that was given but not read — a repeated
// --log/--config, a piped stdin beside --log FILE, an empty --log. Real processes where stdin's kind
// (pipe, file, /dev/null) is what is tested; the two usage errors through main() in this process
// (test/cli/run.ts; parity.test.ts holds a usage error to the bin's output).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runInProcess } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'clawkit-given-'));
const err = join(dir, 'err.log');
const clean = join(dir, 'clean.log');
const blank = join(dir, 'blank.log');
writeFileSync(err, 'disconnected (1008): pairing required\r\n');
writeFileSync(clean, 'hello world\n');
writeFileSync(blank, '\n\n  \n');
const BASE = ['--no-probe', '--no-env'];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Through sh, so stdin is what a user's shell gives (a pipe for `|`, a file for `<`). */
function sh(cmd: string) {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1', DOCTOR: `${process.execPath} ${BIN} ${BASE.join(' ')}` }, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('given input is read or said to be unread (audit23 F12, F6)', () => {
  it('--log twice is a usage error (exit 2), never the last one alone', async () => {
    const r = await runInProcess([...BASE, '--log', err, '--log', clean]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--log was given twice');
    expect(r.stdout).not.toContain('No connection problem');
  });

  it('--config twice is a usage error, also as a JSON document', async () => {
    const r = await runInProcess([...BASE, '--json', '--config', 'a.json', '--config=b.json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toContain('--config was given twice');
  });

  it('a pipe on stdin beside --log FILE: said on stderr to be unread; the gate follows the log (a CI runner may pipe its own script)', () => {
    const r = sh(`cat '${err}' | $DOCTOR --log '${clean}'`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('stdin is a pipe and was not read');
    const bad = sh(`cat '${clean}' | $DOCTOR --log '${err}'`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('stdin is a pipe and was not read');
  });

  it('a non-empty file on stdin beside --log FILE, in JSON too', () => {
    const r = sh(`$DOCTOR --json --log '${clean}' < '${err}'`);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).inputs.unexamined[0].what).toContain('stdin is a file and was not read');
  });

  it('/dev/null on stdin beside --log FILE is no input: a clean log stays clean', () => {
    const r = sh(`$DOCTOR --log '${clean}' < /dev/null`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔');
  });

  it.each([
    ['--log /dev/null', `$DOCTOR --log /dev/null`],
    ['a blank file', `$DOCTOR --log '${blank}' < /dev/null`],
    ['a failed producer piped to --log -', `false | $DOCTOR --log -`],
  ])('an empty given log (%s) is not examined: exit 1, never ✔', (_, cmd) => {
    const r = sh(cmd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('is empty: nothing was diagnosed from it');
    expect(r.stdout).not.toContain('✔');
  });

  it('an empty given log under --fail-on none: said, exit 0; recorded in JSON', () => {
    const r = sh(`$DOCTOR --json --fail-on none --log /dev/null`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).inputs.unexamined).toEqual([expect.objectContaining({ source: 'paste', what: expect.stringContaining('is empty') })]);
  });
});
