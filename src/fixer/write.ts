// Writing a repaired config without ever losing the user's file:
//   1. resolve symlinks (write the target; the link stays a link),
//   2. refuse read-only files and unwritable directories before touching anything,
//   3. back up the exact original bytes beside the target (temp file + fsync + link: the backup
//      name either does not exist or holds the complete original; never overwritten),
//   4. write the new text to a temp file in the same directory with the original mode and owner,
//      fsync, rename over the target, fsync the directory.
// A crash (even SIGKILL) at any point leaves the target as either the old or the new text.
import { promises as fsp, constants as fsc } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { acquireConfigLock, ConfigLockedError, type LockOptions } from './lock.js';
import { octalMode } from '../shared/fs/mode.js';

export class FixWriteError extends Error {
  constructor(
    message: string,
    readonly code: 'read-only' | 'dir-not-writable' | 'changed' | 'io' | 'not-a-file' | 'locked' | 'too-large' | 'linked',
  ) {
    super(message);
  }
}

export interface SafeWriteOptions {
  /** The bytes the fix was computed from; the write is refused if the file no longer has them. */
  expected: Buffer;
  now?: Date;
  /** Test hook: pause between steps so crash tests can land inside each one. */
  stepDelayMs?: number;
  /** Observability hook: called as each step completes (crash tests log where a kill landed). */
  onStep?: (step: WriteStep) => void;
  /** How long to wait for OpenClaw's config lock (tests shorten it). */
  lock?: LockOptions;
}

export type WriteStep = 'start' | 'backup-written' | 'backup-linked' | 'new-written' | 'renamed' | 'done';

export interface SafeWriteResult {
  target: string;
  backupPath: string;
  mode: number;
}

const TMP_MARK = '.clawkit-tmp-';

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

async function pause(ms: number | undefined): Promise<void> {
  if (ms && ms > 0) await new Promise((r) => setTimeout(r, ms));
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await fsp.open(dir, fsc.O_RDONLY);
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some platforms (Windows) cannot open directories; the rename is still atomic there.
  }
}

function tmpName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Remove temp files left by an earlier run that was killed (only ours, only dead pids). */
export async function cleanStaleTemps(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}${TMP_MARK}`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(n.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (alive || pid === process.pid) continue;
    try {
      await fsp.unlink(path.join(dir, n));
      removed.push(n);
    } catch {
      // someone else cleaned it
    }
  }
  return removed;
}

async function chownLike(fh: fsp.FileHandle, uid: number, gid: number): Promise<void> {
  const myUid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const myGid = typeof process.getgid === 'function' ? process.getgid() : undefined;
  if (myUid === undefined || (uid === myUid && gid === myGid)) return;
  try {
    await fh.chown(uid, gid);
  } catch {
    // Not root: a new file is ours. Keeping the group may still work; ignore if it does not.
    try {
      if (gid !== myGid) await fh.chown(myUid, gid);
    } catch {
      // leave as is
    }
  }
}

/**
 * The fix writes a new file and renames it over the config (atomic): a config with other names (a
 * hard link) or mounted on its own (a single-file bind mount into a container) would keep the old
 * content under those names, so the fix would "apply" where nothing reads it (audit23 F13).
 */
async function refuseLinked(target: string, st: import('node:fs').Stats): Promise<void> {
  const by = '; nothing was changed. Make the change by hand in place (--dry-run shows it; --patch-out FILE writes an applicable patch), or fix the file through the name or mount OpenClaw reads.';
  if (st.nlink > 1) {
    throw new FixWriteError(`${target} has ${st.nlink} hard links: the fix replaces the file, so its other names would keep the old config (and whatever reads them, e.g. a container, would not see the fix)${by}`, 'linked');
  }
  const dir = await fsp.stat(path.dirname(target));
  if (dir.dev !== st.dev) {
    throw new FixWriteError(`${target} is a mount of its own (a single-file bind mount, e.g. docker -v …/openclaw.json:…): the fix replaces the file, so the other side of the mount would keep the old config${by}`, 'linked');
  }
}

/** Check that the fix can be written, without writing anything. */
export async function preflightWrite(file: string): Promise<{ target: string; mode: number }> {
  const target = await fsp.realpath(file);
  const st = await fsp.stat(target);
  if (!st.isFile()) throw new FixWriteError(`${target} is not a regular file`, 'not-a-file');
  await refuseLinked(target, st);
  const mode = st.mode & 0o7777;
  // Read-only is the owner's intent even when we run as root (who could write anyway).
  if ((mode & 0o200) === 0) {
    throw new FixWriteError(
      `${target} is read-only (mode ${octalMode(mode)}); nothing was changed. Make it writable (chmod u+w) to let the fix write it, or make the change by hand (--dry-run --patch-out FILE writes an applicable patch).`,
      'read-only',
    );
  }
  try {
    await fsp.access(target, fsc.W_OK);
  } catch {
    throw new FixWriteError(`${target} is not writable by this user; nothing was changed.`, 'read-only');
  }
  const dir = path.dirname(target);
  // Same rule for the directory: root can write into a read-only directory, but its owner said no.
  const dirMode = (await fsp.stat(dir)).mode & 0o777;
  if ((dirMode & 0o200) === 0) {
    throw new FixWriteError(
      `${dir} is read-only (mode ${octalMode(dirMode)}); the backup and the atomic write need to create files there, so nothing was changed. Make it writable (chmod u+w), or make the change by hand (--dry-run --patch-out FILE writes an applicable patch).`,
      'dir-not-writable',
    );
  }
  try {
    await fsp.access(dir, fsc.W_OK | fsc.X_OK);
  } catch {
    throw new FixWriteError(`cannot create files in ${dir} (needed for the backup and an atomic write); nothing was changed.`, 'dir-not-writable');
  }
  return { target, mode };
}

export async function safeWrite(file: string, next: string, opts: SafeWriteOptions): Promise<SafeWriteResult> {
  const { target } = await preflightWrite(file);
  // Everything from the re-read to the rename happens under OpenClaw's config lock: a concurrent
  // writer either finishes before we re-read (and we refuse: "changed") or waits for our rename.
  let release: () => Promise<void>;
  try {
    release = await acquireConfigLock(target, opts.lock);
  } catch (err) {
    if (err instanceof ConfigLockedError) throw new FixWriteError(`${target}: ${err.message}`, 'locked');
    throw new FixWriteError(`cannot take the config lock ${target}.lock: ${(err as Error).message}; nothing was changed.`, 'io');
  }
  try {
    return await writeLocked(target, next, opts);
  } finally {
    await release();
  }
}

async function writeLocked(target: string, next: string, opts: SafeWriteOptions): Promise<SafeWriteResult> {
  await cleanStaleTemps(target);
  const dir = path.dirname(target);
  const st = await fsp.stat(target);
  const mode = st.mode & 0o7777;

  const current = await fsp.readFile(target);
  if (!current.equals(opts.expected)) {
    throw new FixWriteError(`${target} was changed by another program while the fix was being prepared; nothing was written. Run the fix again to fix the file as it is now.`, 'changed');
  }

  // ------------------------------------------------------------ 1. backup (never overwritten)
  opts.onStep?.('start');
  const base = `${target}.clawkit-bak-${stamp(opts.now ?? new Date())}`;
  const tmpB = tmpName(target);
  let backupPath = '';
  try {
    const fh = await fsp.open(tmpB, 'wx', 0o600);
    try {
      await fh.chmod(0o600); // the backup holds the same secrets as the config
      await chownLike(fh, st.uid, st.gid);
      await fh.writeFile(current);
      await pause(opts.stepDelayMs);
      await fh.sync();
    } finally {
      await fh.close();
    }
    opts.onStep?.('backup-written');
    await pause(opts.stepDelayMs);
    for (let i = 0; i < 100 && !backupPath; i++) {
      const candidate = i === 0 ? base : `${base}-${i}`;
      try {
        await fsp.link(tmpB, candidate);
        backupPath = candidate;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // No hard links on this filesystem: fall back to a rename when the name is free.
        try {
          await fsp.access(candidate);
          continue;
        } catch {
          await fsp.rename(tmpB, candidate);
          backupPath = candidate;
        }
      }
    }
    if (!backupPath) throw new FixWriteError('could not find a free backup file name', 'io');
  } catch (err) {
    await fsp.unlink(tmpB).catch(() => undefined);
    if (err instanceof FixWriteError) throw err;
    throw new FixWriteError(`could not write the backup: ${(err as Error).message}; nothing was changed.`, 'io');
  }
  await fsp.unlink(tmpB).catch(() => undefined);
  await fsyncDir(dir);
  opts.onStep?.('backup-linked');
  await pause(opts.stepDelayMs);

  // ------------------------------------------------------------ 2. atomic replace
  const tmpN = tmpName(target);
  try {
    const fh = await fsp.open(tmpN, 'wx', mode & 0o777);
    try {
      await fh.chmod(mode); // the umask must not change the mode
      await chownLike(fh, st.uid, st.gid);
      await fh.writeFile(next, 'utf8');
      await pause(opts.stepDelayMs);
      await fh.sync();
    } finally {
      await fh.close();
    }
    opts.onStep?.('new-written');
    await pause(opts.stepDelayMs);
    await fsp.rename(tmpN, target);
    opts.onStep?.('renamed');
  } catch (err) {
    await fsp.unlink(tmpN).catch(() => undefined);
    throw new FixWriteError(`could not write ${target}: ${(err as Error).message}; the original is unchanged (backup: ${backupPath}).`, 'io');
  }
  await fsyncDir(dir);
  opts.onStep?.('done');
  return { target, backupPath, mode };
}

/** `--patch-out FILE`: a patch holding real secrets, so it is created 0600 and never through a link. */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  const st = await fsp.lstat(file).catch(() => undefined);
  if (st && !st.isFile()) throw new FixWriteError(`${file} exists and is not a regular file; the patch was not written`, 'not-a-file');
  const tmp = tmpName(path.resolve(file));
  const fh = await fsp.open(tmp, 'wx', 0o600);
  try {
    await fh.chmod(0o600);
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw err;
  }
}
