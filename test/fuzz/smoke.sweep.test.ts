// A bounded smoke run of `npm run fuzz` (issue #9 part 5): every family but "longline" (lines past
// the 64 KiB examined prefix are the slow path of matching; `npm run fuzz` runs them) through the
// real code: configs, pastes, both, pastes in other encodings, --fix outcomes (parse, planned
// edits only, comments, mode) and the probe against generated fake gateways. Any crash, stack
// trace, exit code outside 0–3, unparseable machine output, echoed canary secret, unnamed probe
// stage or invalid fix fails it. Time is not asserted (load would break it): hang limits are off.
// A sweep (test/helpers/sweep.ts): 15 of the 60 inputs in the fast job, all 60 in the slow one. Each
// family's generator is seeded on its own, so the 15 are the first inputs of the same 60; the
// floors scale with the share run (notes/hostile-input.md, 2aw).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';
import { floorFor, fullSweep, sweepName } from '../helpers/sweep.js';

const FAMILIES = ['config', 'paste', 'mixed', 'encoding', 'fix', 'frames'];

interface FamilyStats {
  inputs: number;
  failures: number;
  exitCodes: Record<string, number>;
  withFix?: number;
  outcomes?: Record<string, number>;
  reachedHello?: number;
}

describe('fuzz smoke', () => {
  const FULL = 60;
  const n = fullSweep() ? FULL : FULL / 4;
  it(sweepName('60 generated inputs over six families: no crash, leak, stack trace, bad exit, bad JSON, unnamed stage or invalid fix', 4), () => {
    const r = spawnSync(process.execPath, [`${ROOT}scripts/fuzz.mjs`, '--n', String(n), '--seed', '20261203', '--family', FAMILIES.join(','), '--hang-ms', '1e12', '--margin-ms', '1e12', '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const result = JSON.parse(r.stdout) as { inputs: number; families: Record<string, FamilyStats>; failures: unknown[] } & Record<string, number>;
    expect(result.failures).toEqual([]);
    for (const k of ['crashes', 'stacks', 'badExit', 'badJson', 'leaks', 'unnamed', 'fixInvalid', 'fixErrors']) expect(result[k], k).toBe(0);
    expect(Object.keys(result.families)).toEqual(FAMILIES);
    for (const f of FAMILIES) expect(result.families[f]!.inputs, f).toBeGreaterThan(0);
    expect(result.inputs).toBe(FAMILIES.reduce((a, f) => a + result.families[f]!.inputs, 0));
    // The generators reach real answers, not only empty input: findings, applied fixes, probe stages.
    expect(result.families.config!.exitCodes['1']).toBeGreaterThan(floorFor(5, n, FULL));
    expect(result.families.fix!.withFix).toBeGreaterThan(0);
    expect(Object.keys(result.families.frames!.outcomes ?? {}).length).toBeGreaterThan(0);
    // Some generated gateways follow the protocol to hello-ok, so the probe's post-hello paths run.
    expect(result.families.frames!.reachedHello).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  });
});
