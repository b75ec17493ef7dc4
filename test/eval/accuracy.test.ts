// The accuracy targets of the rule catalogue on the development corpus, run through the CLI like
// `npm run eval` (the shared corpus when present, else the copy in fixtures/corpus). `--in-process`:
// the same argv through the CLI's main() in the eval process, not one Node start per case (same
// reports, ~1/6 of the CPU; the process-level contract has its own tests in test/cli).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';

describe('dev corpus accuracy', () => {
  it('meets top-1 >= 85 %, top-3 >= 95 %, no false positives, no doctor failures', () => {
    const r = spawnSync(process.execPath, [`${ROOT}scripts/eval.mjs`, '--json', '--in-process'], { encoding: 'utf8', timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { top1: number; top3: number; falsePositives: number; doctorFailures: number; connectionCases: number; misses: unknown[] };
    expect(s.connectionCases).toBeGreaterThanOrEqual(80);
    expect(s.doctorFailures).toBe(0);
    expect(s.falsePositives).toBe(0);
    expect(s.top1, JSON.stringify(s.misses, null, 1)).toBeGreaterThanOrEqual(0.85);
    expect(s.top3, JSON.stringify(s.misses, null, 1)).toBeGreaterThanOrEqual(0.95);
  }, 600_000);
});
