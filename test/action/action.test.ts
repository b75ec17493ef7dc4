// action.yml's steps, run as the Actions runner runs them (no GitHub, no network): the install step
// against a stand-in npm, then the diagnosis in each format, the outputs and the step's exit code.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../cli/run.js';
import { readAction, runAction } from './runner.js';

const action = readAction(readFileSync(`${ROOT}action.yml`, 'utf8'));
const VERSION = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
const LOG = 'OpenClaw 2026.3.13 (61d171a)\ndisconnected (1008): unauthorized: gateway token mismatch (set gateway.remote.token)\n';

let fakeBin: string;
beforeAll(() => {
  // A stand-in `npm` that "installs" this checkout's CLI where the real one would put it.
  fakeBin = mkdtempSync(join(tmpdir(), 'ckd-action-bin-'));
  writeFileSync(
    join(fakeBin, 'npm'),
    `#!/usr/bin/env bash
set -e
echo "$*" >> "$NPM_LOG"
prefix=""; while [ $# -gt 0 ]; do if [ "$1" = --prefix ]; then prefix="$2"; shift; fi; shift; done
mkdir -p "$prefix/node_modules/.bin"
printf '#!/usr/bin/env bash\\nexec node %q "$@"\\n' ${JSON.stringify(BIN)} > "$prefix/node_modules/.bin/clawkit-doctor"
chmod +x "$prefix/node_modules/.bin/clawkit-doctor"
`,
  );
  chmodSync(join(fakeBin, 'npm'), 0o755);
});

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'ckd-action-ws-'));
  mkdirSync(join(ws, 'logs'));
  writeFileSync(join(ws, 'logs', 'gateway.log'), LOG);
  copyFileSync(`${ROOT}fixtures/config/corpus-tp-25293.json5`, join(ws, 'openclaw.json'));
  return ws;
}

function run(inputs: Record<string, string>, ws = workspace()) {
  const npmLog = join(ws, 'npm.log');
  const result = runAction(action, { actionPath: ROOT, workspace: ws, inputs, env: { PATH: `${fakeBin}:${process.env.PATH}`, NPM_LOG: npmLog, CLAWKIT_DOCTOR: '', NO_COLOR: '1', CI: '1' } });
  let npm = '';
  try {
    npm = readFileSync(npmLog, 'utf8');
  } catch {
    /* npm not called */
  }
  return { ...result, npm, ws };
}

describe('action.yml', () => {
  it('declares the documented inputs, with annotations as the default format', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['log', 'config', 'fail-on', 'format', 'openclaw-version']));
    expect(action.inputs.format!.default).toBe('github');
    expect(action.inputs['fail-on']!.default).toBe('error');
    expect(action.steps.map((s) => s.shell)).toEqual(action.steps.map(() => 'bash'));
  });

  it('installs this version and annotates a log: errors fail the step, the summary gets a table', () => {
    const r = run({ log: 'logs/gateway.log' });
    expect(r.npm).toMatch(new RegExp(`install --prefix \\S+ --no-save .*clawkit-doctor@${VERSION.replace(/\./g, '\\.')}\\n`));
    expect(r.steps.map((s) => s.code)).toEqual([0, 1]);
    expect(r.code).toBe(1);
    const diagnose = r.steps[1]!.stdout;
    expect(diagnose).toMatch(/^::error file=logs\/gateway\.log,line=2,title=Gateway token mismatch \[token-auth\/gateway-token-mismatch\]::/m);
    expect(r.summary).toContain('| error | Gateway token mismatch | `token-auth/gateway-token-mismatch` | logs/gateway.log:2 |');
    expect(r.outputs).toEqual({ 'exit-code': '1', report: '' });
  });

  it('fail-on none passes the step with the findings still reported', () => {
    const r = run({ log: 'logs/gateway.log', 'fail-on': 'none' });
    expect(r.code).toBe(0);
    expect(r.steps[1]!.stdout).toMatch(/^::error /m);
    expect(r.outputs['exit-code']).toBe('0');
  });

  it('format sarif writes the report file for an upload step; the log gets the human report', () => {
    const r = run({ config: 'openclaw.json', format: 'sarif', 'openclaw-version': '2026.3.13' });
    expect(r.code).toBe(1); // gateway.mode unset blocks start-up: an error (issue #11, from the matrix)
    expect(r.outputs).toEqual({ 'exit-code': '1', report: 'clawkit-doctor.sarif' });
    const sarif = JSON.parse(readFileSync(join(r.ws, 'clawkit-doctor.sarif'), 'utf8')) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toContain('gateway-down/mode-unset');
    expect(r.steps[1]!.stdout).toMatch(/^clawkit-doctor \S+ — /);
    expect(r.steps[1]!.stdout).toContain('OpenClaw 2026.3.13 (from flag)');
  });

  it('a doctor already installed is used as it is (no npm)', () => {
    const ws = workspace();
    const r = runAction(action, { actionPath: ROOT, workspace: ws, inputs: { log: 'logs/gateway.log', format: 'markdown', output: 'report.md' }, env: { PATH: `${fakeBin}:${process.env.PATH}`, NPM_LOG: join(ws, 'npm.log'), CLAWKIT_DOCTOR: BIN } });
    expect(r.steps[0]!.stdout).toContain(`using ${BIN}`);
    expect(r.code).toBe(1);
    expect(readFileSync(join(ws, 'report.md'), 'utf8')).toMatch(/^## clawkit-doctor report/);
    expect(r.outputs.report).toBe('report.md');
  });

  it('a bad input is exit 2 from the doctor, not a silent pass', () => {
    const r = run({ log: 'logs/gateway.log', 'fail-on': 'sometimes' });
    expect(r.code).toBe(2);
    expect(r.steps[1]!.stderr).toMatch(/clawkit-doctor: .*fail-on/);
  });
});
