import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

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

type CliModule = { main(argv: string[], io: unknown): Promise<number>; useImporter(f: (s: string) => Promise<unknown>): void };
let cliModule: CliModule | undefined;

/**
 * The same built CLI in this process: `main(argv, io)` of dist/cli.cjs, the entry the launcher
 * (bin/clawkit-doctor.js) calls, with the launcher's V8 flag, in-memory stdin/stdout/stderr and the
 * environment `run` gives a child. For checks of what the CLI prints and returns, where a process
 * adds only its start-up; what needs a real process (its stdin descriptor, a closed pipe, signals,
 * the launcher's code cache) keeps `run`. HOME is not one of them: it reaches the code through
 * `io.env` and `where.homedir` (config resolve's effectiveHome, the env collector).
 */
let inDir = false;

/**
 * `where.cwd`: run as if started in that directory (io.cwd, and the process's cwd for the paths the
 * CLI opens relative to it, such as `--log FILE`), restored afterwards; one such run at a time
 * (tests that use it must not run concurrently in one worker). `where.homedir`: io.homedir.
 */
export async function runInProcess(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}, where: { cwd?: string; homedir?: string } = {}): Promise<Omit<Run, 'raw'>> {
  if (!cliModule) {
    setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
    cliModule = createRequire(import.meta.url)(`${ROOT}dist/cli.cjs`) as CliModule;
    cliModule.useImporter((s) => import(s));
  }
  const sink = () => Object.assign(new PassThrough(), { isTTY: false, text: '' });
  const stdout = sink();
  const stderr = sink();
  stdout.on('data', (d: Buffer) => (stdout.text += d.toString()));
  stderr.on('data', (d: Buffer) => (stderr.text += d.toString()));
  const io = {
    // No input is a stdin that ends at once, as `run` gives a child: no chunk at all (an empty one
    // would be read as a 0-line paste; test/cli/parity.test.ts found the difference).
    stdin: Readable.from(input?.length ? [Buffer.from(input)] : []),
    stdout,
    stderr,
    env: { ...process.env, NO_COLOR: '1', CI: '1', ...env },
    cwd: where.cwd ?? process.cwd(),
    homedir: where.homedir ?? homedir(),
  };
  const before = process.cwd();
  if (where.cwd) {
    if (inDir) throw new Error('runInProcess: another run with its own cwd is in progress');
    inDir = true;
    process.chdir(where.cwd);
  }
  try {
    const code = await cliModule.main([process.execPath, BIN, ...args], io);
    await new Promise((r) => setImmediate(r)); // the streams' last 'data' events
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    if (where.cwd) {
      process.chdir(before);
      inDir = false;
    }
  }
}
