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
 * adds only its start-up; what needs a real process (its stdin descriptor, a closed pipe, HOME,
 * signals, the launcher's code cache) keeps `run`.
 */
export async function runInProcess(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}): Promise<Omit<Run, 'raw'>> {
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
    stdin: Readable.from([Buffer.from(input ?? '')]),
    stdout,
    stderr,
    env: { ...process.env, NO_COLOR: '1', CI: '1', ...env },
    cwd: process.cwd(),
    homedir: homedir(),
  };
  const code = await cliModule.main([process.execPath, BIN, ...args], io);
  await new Promise((r) => setImmediate(r)); // the streams' last 'data' events
  return { code, stdout: stdout.text, stderr: stderr.text };
}
