// The CLI's main() run in this process (dist/cli.cjs, as bin/clawkit-doctor.js loads it), one call
// after another with in-memory stdin/stdout: eval.mjs --in-process and fallback-rule-precision.mjs.
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';

let cli;
/** The launcher's entry, loaded once: its V8 flag first, then the bundle. */
async function load(root) {
  if (!cli) {
    (await import('node:v8')).default.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
    cli = createRequire(import.meta.url)(join(root, 'dist', 'cli.cjs'));
    cli.useImporter((specifier) => import(specifier));
  }
  return cli;
}

/** Runs `argv` (after the node and script paths) on `input` as stdin: `{ code, stdout, stderr }`. */
export async function runCliInProcess(root, argv, input, cwd = process.cwd()) {
  const main = await load(root);
  const sink = () => {
    const s = new PassThrough();
    s.text = '';
    s.on('data', (d) => (s.text += d));
    return s;
  };
  const stdout = sink();
  const stderr = sink();
  const io = { stdin: Readable.from([Buffer.from(input)]), stdout, stderr, env: { ...process.env, NO_COLOR: '1' }, cwd, homedir: homedir() };
  const code = await main.main([process.execPath, join(root, 'bin', 'clawkit-doctor.js'), ...argv], io);
  await new Promise((r) => setImmediate(r)); // the streams' last 'data' events
  return { code, stdout: stdout.text, stderr: stderr.text };
}
