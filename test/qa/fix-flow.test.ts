// QA regressions in the --fix flow: the report after a write describes the repaired file (it used
// to list every fixed problem as an error right under "fix: applied"), EOF at a TTY prompt means
// "no" (it used to exit 0 silently, writing nothing and printing no report), and a fix that was not
// written does not talk about findings "after the fix".
import { copyFileSync, chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/run.js';
import { ROOT, tempDir } from '../fixer/helpers.js';
import { createTtyAsk, formatFixReport, type FixReport } from '../../src/fixer/index.js';

const FX = path.join(ROOT, 'fixtures/config');

function doneWhen(): { dir: string; file: string } {
  const dir = tempDir('ckd-qa-fix-');
  const file = path.join(dir, 'openclaw.json');
  copyFileSync(path.join(FX, 'done-when.json5'), file);
  chmodSync(file, 0o600);
  return { dir, file };
}

const base = (file: string) => ['--no-probe', '--no-env', '--config', file];

describe('qa: the report after --fix describes the repaired config', () => {
  it('human: fixed findings are gone from the report; summary and exit code agree', async () => {
    const { file } = doneWhen();
    const before = await runInProcess(base(file));
    expect(before.stdout).toContain('auth-config-shape/auth-string');
    const r = await runInProcess([...base(file), '--fix']);
    expect(r.stdout).toMatch(/fix: applied .*\n\s+- \[safe\] auth-config-shape\/auth-string/);
    // The fix report comes first, then the diagnosis report with its header line.
    const start = r.stdout.indexOf('\nclawkit-doctor ');
    expect(start).toBeGreaterThan(0);
    const report = r.stdout.slice(start);
    expect(report).toContain('re-read after --fix');
    // The finding that was just fixed is not reported again as a problem.
    expect(report).not.toMatch(/^✖ \d+\. .*auth-config-shape\/auth-string/m);
    const errors = (report.match(/^✖ /gm) ?? []).length;
    expect(report).toMatch(new RegExp(`Summary: ${errors} error`));
    expect(r.code).toBe(errors > 0 ? 1 : 0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('--json: findings, summary and exit code are those of the file on disk after the write', async () => {
    const { file } = doneWhen();
    const r = await runInProcess([...base(file), '--fix', '--yes', '--json']);
    const doc = JSON.parse(r.stdout) as {
      fix: { status: string; applied: Array<{ ruleId: string }>; remaining: string[] };
      findings: Array<{ ruleId: string; severity: string }>;
      summary: { exitCode: number; findings: number };
    };
    expect(doc.fix.status).toBe('written');
    const fixed = doc.fix.applied.map((a) => a.ruleId);
    expect(fixed).toContain('auth-config-shape/auth-string');
    for (const id of fixed) expect(doc.findings.map((f) => f.ruleId)).not.toContain(id);
    expect(doc.findings.map((f) => f.ruleId).sort()).toEqual([...doc.fix.remaining].sort());
    expect(doc.summary.findings).toBe(doc.findings.length);
    expect(doc.summary.exitCode).toBe(r.code);
    expect(doc.summary.exitCode).toBe(doc.findings.some((f) => f.severity === 'error') ? 1 : 0);
  });

  it('--dry-run and a failed write keep the findings of the file as it is', async () => {
    const { dir, file } = doneWhen();
    const dry = JSON.parse((await runInProcess([...base(file), '--dry-run', '--yes', '--json'])).stdout) as { findings: Array<{ ruleId: string }> };
    expect(dry.findings.map((f) => f.ruleId)).toContain('auth-config-shape/auth-string');
    chmodSync(file, 0o400);
    const ro = await runInProcess([...base(file), '--fix', '--yes']);
    expect(ro.code).toBe(3); // the fix failed, which is not the same as findings remaining
    expect(ro.stdout).toMatch(/read-only \(mode 0400\); nothing was changed/);
    expect(ro.stdout).not.toMatch(/after the fix/);
    expect(ro.stdout).toContain('auth-config-shape/auth-string');
    expect(readdirSync(dir)).toEqual(['openclaw.json']);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(FX, 'done-when.json5'), 'utf8'));
  });
});

describe('qa: fix report wording', () => {
  const r = (over: Partial<FixReport>): FixReport => ({
    status: 'error',
    path: '/x/openclaw.json',
    applied: [{ ruleId: 'config/a', title: 'A', tier: 'safe', ops: [], step: 1 }],
    skipped: [],
    notCleared: ['config/b'],
    introduced: ['config/c'],
    remaining: [],
    diff: '',
    changedLines: [],
    insertedAfter: [],
    steps: 1,
    stoppedBecause: 'clean',
    error: 'read-only',
    ...over,
  });
  it('nothing written: no "after the fix" warnings', () => {
    const t = formatFixReport(r({}));
    expect(t).toMatch(/planned \(NOT written\)/);
    expect(t).not.toMatch(/after the fix|new findings/);
  });
  it('dry run: "after these changes"; written: "after the fix"', () => {
    expect(formatFixReport(r({ status: 'dry-run', error: undefined }))).toMatch(/new findings after these changes: config\/c/);
    expect(formatFixReport(r({ status: 'written', error: undefined, verified: true, target: '/x/openclaw.json', backupPath: '/x/b' }))).toMatch(/new findings after the fix: config\/c/);
  });
});

describe('qa: EOF at the TTY prompt answers no', () => {
  const q = { ruleId: 'config/x', title: 'X', tier: 'prompt' as const, diff: '--- a\n+++ b\n' };

  it('Ctrl-D resolves false at once, and every later question too', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString()));
    const ask = createTtyAsk(input, output);
    const first = ask(q);
    setTimeout(() => input.end(), 20);
    await expect(first).resolves.toBe(false);
    await expect(ask(q)).resolves.toBe(false);
    expect(shown).toMatch(/no answer: not applied/);
  });

  it('"y" still applies and an empty line still declines', async () => {
    const input = new PassThrough();
    const ask = createTtyAsk(input, new PassThrough());
    const a = ask(q);
    input.write('y\n');
    await expect(a).resolves.toBe(true);
    const b = ask(q);
    input.write('\n');
    await expect(b).resolves.toBe(false);
  });
});

describe('qa: --fix keeps a UTF-8 byte order mark', () => {
  it('a BOM-prefixed config (PowerShell Out-File) keeps its BOM; the write is verified; a second run changes nothing', async () => {
    const dir = tempDir('ckd-qa-bom-');
    const file = path.join(dir, 'openclaw.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{ gateway: { mode: "local", auth: "qa-Secret-123456789" } }\n')]));
    chmodSync(file, 0o600);
    const r = await runInProcess([...base(file), '--fix']);
    expect(r.stdout).toMatch(/re-read and verified/);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toContain('mode: "token"');
    const again = await runInProcess([...base(file), '--fix']);
    expect(again.stdout).toMatch(/no automatic config fix applies/);
    expect(readdirSync(dir).filter((n) => n.includes('clawkit-bak'))).toHaveLength(1);
  });
});
