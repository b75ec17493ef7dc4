// Global setup: every test run gets its own temp root, removed at the end, so a run leaves nothing
// behind in the system temp dir even when a test forgets to clean up (or is killed half-way).
// Workers and the processes tests spawn inherit TMPDIR, and os.tmpdir() reads it on every call.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ckd-test-run-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.CLAWKIT_KEEP_TEST_TMP) {
      process.stderr.write(`test temp dir kept: ${root}\n`);
      return;
    }
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
