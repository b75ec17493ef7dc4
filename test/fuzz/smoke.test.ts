// A bounded smoke run of `npm run fuzz` (issue #9 part 5): generated configs (valid, broken, deep,
// binary, BOM/CRLF) and pastes (mutated OpenClaw lines, CJK, secrets where logs carry them) through
// the real diagnose command in every output format. Any crash, exit code outside 0–3, unparseable
// machine output or echoed canary secret fails it. Time is not asserted here (load would break it);
// `npm run fuzz` reports inputs slower than --hang-ms.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';

describe('fuzz smoke', () => {
  it('40 generated inputs: no crash, no bad exit code, no bad JSON, no secret echoed', () => {
    const r = spawnSync(process.execPath, [`${ROOT}scripts/fuzz.mjs`, '--n', '40', '--seed', '20261203', '--max-line', '4096', '--hang-ms', '1e12', '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const result = JSON.parse(r.stdout) as { inputs: number; crashes: number; badExit: number; badJson: number; leaks: number; exitCodes: Record<string, number>; failures: unknown[] };
    expect(result.failures).toEqual([]);
    expect(result.inputs).toBe(40);
    expect({ crashes: result.crashes, badExit: result.badExit, badJson: result.badJson, leaks: result.leaks }).toEqual({ crashes: 0, badExit: 0, badJson: 0, leaks: 0 });
    // The generator reaches both verdicts (it is not feeding only empty input).
    expect(result.exitCodes['1']).toBeGreaterThan(10);
    expect(r.status).toBe(0);
  });
});
