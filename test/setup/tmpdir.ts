// Global setup: every test run gets its own temp root, removed at the end, so a run leaves nothing
// behind in the system temp dir even when a test forgets to clean up (or is killed half-way).
// Workers and the processes tests spawn inherit TMPDIR, and os.tmpdir() reads it on every call.
//
// The root lives in memory (/dev/shm) when the machine has a usable tmpfs there: the fast tests
// create and remove a few thousand small directories (every rule case with a config or a machine
// snapshot gets its own root), and on a disk shared with other jobs each `rmdir` waited ~27 ms
// (a config rule case: 58 ms on disk, 6 ms in memory; notes/hostile-input.md, "fast job").
// CLAWKIT_TEST_TMP names another base directory; without a usable tmpfs the system temp dir is used.
//
// The doctor's own caches (the launcher's V8 code cache, the user-rules cache) go under the same root
// unless the caller named a directory: every clone's bundle has its own cache key, so each test run
// had left ~260 KB files in ~/.cache/clawkit-doctor that nothing ever removed (632 on this machine).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Free space a memory-backed base must have: the slow project installs packed tarballs under it. */
const MIN_FREE = 2 * 1024 ** 3;

/** /dev/shm when it is a writable, executable tmpfs with room to spare; else undefined. */
export function memoryTmpBase(mounts = '/proc/mounts', dir = '/dev/shm'): string | undefined {
  let line: string | undefined;
  try {
    line = fs.readFileSync(mounts, 'utf8').split('\n').find((l) => l.split(' ')[1] === dir);
  } catch {
    return undefined; // not Linux
  }
  const [, , type, opts = ''] = line?.split(' ') ?? [];
  // Tests write small scripts (fake `openclaw`, `lsof`) into their temp dirs and run them.
  if (type !== 'tmpfs' || opts.split(',').some((o) => o === 'noexec' || o === 'ro')) return undefined;
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    const st = fs.statfsSync(dir);
    return st.bavail * st.bsize >= MIN_FREE ? dir : undefined;
  } catch {
    return undefined;
  }
}

export default function setup(): () => void {
  const base = process.env.CLAWKIT_TEST_TMP || memoryTmpBase() || os.tmpdir();
  const root = fs.mkdtempSync(path.join(base, 'ckd-test-run-'));
  const before = process.env.TMPDIR;
  const cacheBefore = process.env.CLAWKIT_DOCTOR_CACHE_DIR;
  process.env.TMPDIR = root;
  if (!cacheBefore) process.env.CLAWKIT_DOCTOR_CACHE_DIR = path.join(root, 'doctor-cache');
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (cacheBefore === undefined) delete process.env.CLAWKIT_DOCTOR_CACHE_DIR;
    else process.env.CLAWKIT_DOCTOR_CACHE_DIR = cacheBefore;
    if (process.env.CLAWKIT_KEEP_TEST_TMP) {
      process.stderr.write(`test temp dir kept: ${root}\n`);
      return;
    }
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
