// Live CI subset of the behaviour matrix: ~12 loopback scenarios × {2026.9.6, 2026.2.12} run against
// real gateways (installed on demand into ~/.cache/clawkit-oc) and compared with the recordings in
// fixtures/matrix: the gateway's state (ready / not started + exit code) and every client's outcome
// (hello-ok, or outcome + close code / HTTP status) must be what was recorded. Writes nothing.
// Scenarios whose gateway starts from the very same config share one start (scripts/matrix/groups.ts):
// 14 gateway starts for the 24 cells instead of 22, and the 2 warm-up starts only after a fresh install.
// In the `slow` vitest project (vitest.config.ts). Takes ~5–15 min on 2 cores.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('the CI subset behaves live as recorded', () => {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OPENCLAW_') && k !== 'VITEST' && !k.startsWith('VITEST_')) env[k] = v;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'matrix', 'matrix.mjs'), '--live', '--subset', 'ci'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 45 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const tail = `${r.stdout}\n${(r.stderr ?? '').split('\n').filter((l) => l.startsWith('[matrix]')).slice(-40).join('\n')}`;
  expect(r.status, tail).toBe(0);
  const m = /matrix: (\d+) cell\(s\), (\d+) cell process\(es\)/.exec(r.stdout);
  expect(m, r.stdout).not.toBeNull();
  // Scenarios that start the very same gateway share one start (scripts/matrix/groups.ts).
  expect(Number(m![2]), r.stdout).toBeLessThan(Number(m![1]));
}, 50 * 60_000);
