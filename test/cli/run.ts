import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/clawkit-doctor.js`;
export const SAMPLE_RULES = `${ROOT}fixtures/rules-sample`;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  raw: SpawnSyncReturns<string>;
}

/** Run the built CLI like a user would. The built-in catalogue is skipped with --only when asked. */
export function run(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}): Run {
  const raw = spawnSync(process.execPath, [BIN, ...args], {
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1', ...env },
    // Only stops a hung CLI: `rules test` over the whole catalogue took 70–105 s at load 35 on 2 cores.
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: raw.status, stdout: raw.stdout, stderr: raw.stderr, raw };
}
