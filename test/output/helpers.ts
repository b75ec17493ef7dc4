// Shared by the output-format tests: run the built CLI in a chosen directory (paths in SARIF and
// GitHub annotations are relative to it) and validate documents against a vendored JSON Schema.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { BIN, ROOT, runInProcess, type Run } from '../cli/run.js';

/** A CLI process started in `cwd` with HOME=cwd: the contract a CI job sees (one per format is kept). */
export function runIn(cwd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const raw = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1', HOME: cwd, ...opts.env },
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: raw.status, stdout: raw.stdout, stderr: raw.stderr, raw };
}

/** The same run through the built CLI's `main()` in this process (cwd and HOME as `runIn` gives them). */
export function runInHere(cwd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Omit<Run, 'raw'>> {
  return runInProcess(args, opts.input, { HOME: cwd, ...opts.env }, { cwd, homedir: cwd });
}

/**
 * A validator for a draft-07 schema in the repository, with the formats SARIF uses checked for
 * real; `refs` are schemas it refers to (by their $id).
 */
export function schemaValidator(relPath: string, refs: string[] = []): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const r of refs) ajv.addSchema(JSON.parse(readFileSync(`${ROOT}${r}`, 'utf8')) as object);
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(JSON.parse(readFileSync(`${ROOT}${relPath}`, 'utf8')) as object);
}

/**
 * A heartbeat log of `total` lines with `lines` (1-based) replaced, written to `dir/file` and run with --follow
 * (no probe, no environment) once per entry of `extras` (default: human and --json): each run's output.
 */
export async function followRuns(dir: string, file: string, total: number, lines: Record<number, string>, extras: string[][] = [['--follow'], ['--follow', '--json']]): Promise<Array<[string, string]>> {
  const log = Array.from({ length: total }, (_x, i) => lines[i + 1] ?? `2026-12-07T08:00:00Z [gateway] heartbeat ok seq=${i + 1}`);
  writeFileSync(join(dir, file), log.join('\n') + '\n');
  const out: Array<[string, string]> = [];
  for (const extra of extras) {
    const r = await runInHere(dir, ['--log', file, '--no-probe', '--no-env', '--openclaw-version', '2026.9.6', ...extra]);
    out.push([extra.join(' '), r.stdout + r.stderr]);
  }
  return out;
}
