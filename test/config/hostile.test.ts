// Config input that used to end in "no problem found" (issue #9 part 3): a crafted file deep
// enough to overflow every recursive walk, and any collector failure, are reported as such.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/report.js';
import { nestingDepth } from '../../src/collectors/config/analyze.js';
import { tempDir } from '../fixer/helpers.js';
import { run } from '../cli/run.js';

describe('hostile config input', () => {
  it('a config nested 100,000 levels deep is a finding, not a silent ✔ (it overflowed the stack before)', () => {
    const dir = tempDir();
    const p = path.join(dir, 'openclaw.json');
    writeFileSync(p, '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), { mode: 0o600 });
    const r = run(['--json', '--no-probe', '--no-env', '--config', p]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['config-parse/too-deeply-nested']);
    expect(doc.inputs.config.parseError.message).toBe('the config is nested more than 200 levels deep');
  });

  it('nesting depth is counted without recursion and stops early', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(nestingDepth(deep, 200)).toBe(201);
    expect(nestingDepth({ gateway: { auth: { mode: 'token' } }, list: [[1]] }, 200)).toBe(3);
  });

  it('a collector that failed makes the input "not fully examined" and the exit code 1, never ✔', () => {
    const report = buildReport({
      toolVersion: '0',
      facts: { flags: {} },
      output: { findings: [], suppressed: [], results: [] },
      failOn: 'error',
      inputs: { config: null, probe: null, env: null, rules: { count: 0, extraDirs: [] }, notCollected: [{ source: 'config', why: 'collector failed: boom' }] },
    });
    expect(report.inputs.unexamined).toEqual([{ source: 'config', what: expect.stringContaining('reading the config failed (boom)') }]);
    expect(report.summary.exitCode).toBe(1);
  });
});
