// The advisory write lock beside a config file. It is OpenClaw's own lock (2026.9.x
// `withConfigWriteLock` → `@openclaw/fs-safe` sidecar): `<config>.lock`, created exclusively (0600)
// and holding `{ pid, createdAt }`; a lock whose owner is dead or that is older than 30 s is stale.
// Taking the same file means `--fix` never interleaves with `openclaw config set`, the gateway's own
// config writes, or another `clawkit-doctor --fix`.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const LOCK_STALE_MS = 30_000;

export class ConfigLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly ownerPid: number | undefined,
  ) {
    super(
      `another program${ownerPid ? ` (pid ${ownerPid})` : ''} is writing this config — OpenClaw or another clawkit-doctor --fix holds ${lockPath}; nothing was changed. Run the fix again when it has finished.`,
    );
  }
}

export interface LockOptions {
  /** How many times to try again while a live owner holds the lock (backoff 25 → 250 ms, as OpenClaw). */
  retries?: number;
  staleMs?: number;
  now?: () => number;
}

interface Payload {
  pid?: unknown;
  createdAt?: unknown;
}

function ownerAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock nobody can still be using: its owner is gone, it is too old, or it never got a payload. */
function isStale(raw: string, ageMs: number, staleMs: number): { stale: boolean; pid?: number } {
  let payload: Payload | undefined;
  try {
    payload = JSON.parse(raw) as Payload;
  } catch {
    // An empty or torn payload: the owner died between create and write, or is writing right now.
    return { stale: ageMs > staleMs };
  }
  const pid = typeof payload?.pid === 'number' && Number.isInteger(payload.pid) && payload.pid > 0 ? payload.pid : undefined;
  if (pid !== undefined && pid !== process.pid && !ownerAlive(pid)) return { stale: true, pid };
  return { stale: ageMs > staleMs, pid };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Create the lock with its payload in one step: write a private temp file, then hard-link it to the
 * lock name (EEXIST when taken). A kill can then never leave an empty lock that nobody can judge
 * (the crash test found one: the next --fix waited out the 30 s staleness). Filesystems without
 * hard links get the plain exclusive create.
 */
async function createComplete(lockPath: string, payload: string): Promise<void> {
  // Named like the fixer's other temp files, so a kill's leftover is cleaned by the next run.
  const target = lockPath.slice(0, -'.lock'.length);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.clawkit-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await fsp.writeFile(tmp, payload, { mode: 0o600, flag: 'wx' });
  try {
    await fsp.link(tmp, lockPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw err;
    const fh = await fsp.open(lockPath, 'wx', 0o600);
    try {
      await fh.writeFile(payload, 'utf8');
    } finally {
      await fh.close();
    }
  } finally {
    await fsp.unlink(tmp).catch(() => undefined);
  }
}

export async function acquireConfigLock(target: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
  const lockPath = `${target}.lock`;
  const retries = opts.retries ?? 80;
  const staleMs = opts.staleMs ?? LOCK_STALE_MS;
  const now = opts.now ?? Date.now;
  const mine = JSON.stringify({ pid: process.pid, createdAt: new Date(now()).toISOString(), owner: 'clawkit-doctor' });
  let lastPid: number | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      await createComplete(lockPath, mine);
      return async () => {
        // Release only our own lock: a lock taken over as stale belongs to someone else now.
        const raw = await fsp.readFile(lockPath, 'utf8').catch(() => undefined);
        if (raw === mine) await fsp.unlink(lockPath).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // Bounded whatever happens below (a stale lock we cannot remove, a lock that keeps changing hands).
    if (attempt >= retries) throw new ConfigLockedError(lockPath, lastPid);
    const [raw, st] = await Promise.all([fsp.readFile(lockPath, 'utf8').catch(() => undefined), fsp.lstat(lockPath).catch(() => undefined)]);
    if (raw === undefined || !st) continue; // released between our open and our read: try again at once
    const verdict = isStale(raw, now() - st.mtimeMs, staleMs);
    lastPid = verdict.pid;
    if (verdict.stale) {
      // Remove it only if it is still the lock we judged (another waiter may have replaced it).
      const again = await fsp.readFile(lockPath, 'utf8').catch(() => undefined);
      if (again === raw) await fsp.unlink(lockPath).catch(() => undefined);
      continue;
    }
    await sleep(Math.min(250, 25 * 1.2 ** attempt) * (0.5 + Math.random() / 2));
  }
}

export async function withConfigLock<T>(target: string, fn: () => Promise<T>, opts?: LockOptions): Promise<T> {
  const release = await acquireConfigLock(target, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}
