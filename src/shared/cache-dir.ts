// The doctor's on-disk caches (the launcher's code cache, user rule directories, a large log's
// anchors) live in one per-user directory with one set of rules: read only from a directory this
// user owns and nobody else may write to, created only below a directory this user owns (root with
// another user's HOME leaves no root-owned directory there), written whole under a temporary name
// and renamed. Any failure only means computing again.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The launcher's cache directory (bin/clawkit-doctor.js cacheDir, same environment variables); false: caches off. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | false {
  if (env.CLAWKIT_DOCTOR_NO_CACHE === '1') return false;
  if (env.CLAWKIT_DOCTOR_CACHE_DIR) return env.CLAWKIT_DOCTOR_CACHE_DIR;
  const home = homedir();
  if (process.platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'clawkit-doctor', 'Cache');
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'clawkit-doctor');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'clawkit-doctor');
}

/** Owned by this user (or no uids on this platform): a cache written by someone else is not read. */
export function ownedByMe(p: string): boolean {
  if (typeof process.getuid !== 'function') return true;
  const st = statSync(p, { throwIfNoEntry: false });
  return !!st && st.uid === process.getuid();
}

/** The launcher's cache messages (CLAWKIT_DOCTOR_CACHE_DEBUG=1, bin/clawkit-doctor.js): why a cache was not used. */
export const cacheDebug = (m: string): void => {
  if (process.env.CLAWKIT_DOCTOR_CACHE_DEBUG === '1') process.stderr.write(`clawkit-doctor cache: ${m}\n`);
};

/**
 * A cache directory only this user can write to: owned by them, and not group- or world-writable
 * (another user could put a file or a symlink there). Where there are no uids, only ownership (true).
 */
export function privateDir(dir: string, what: string): boolean {
  if (!ownedByMe(dir)) return false;
  if (typeof process.getuid !== 'function' || (statSync(dir).mode & 0o022) === 0) return true;
  cacheDebug(`${what}: ${dir} is writable by group or others`);
  return false;
}

/** Created only below a directory this user owns (root with another user's HOME: no root-owned dirs there). */
export function mayCreate(dir: string): boolean {
  let p = dir;
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) return false;
    p = up;
  }
  return ownedByMe(p);
}

/** A cache file's bytes when it is this user's, in a private directory; undefined otherwise (or absent). */
export function readCacheFile(file: string): Buffer | undefined {
  try {
    if (!privateDir(dirname(file), 'not read') || !ownedByMe(file)) return undefined;
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes a cache file whole (a temporary name, then renamed), creating a private cache directory if allowed. */
export function writeCacheFile(cacheDir: string, file: string, text: string): void {
  try {
    if (!mayCreate(cacheDir)) {
      cacheDebug(`not written: ${cacheDir} would be created inside a directory owned by another user`);
      return;
    }
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    if (!privateDir(cacheDir, 'not written')) return;
    const tmp = `${file}.${process.pid}.tmp`;
    // wx: a file (or a planted symlink) already at the temporary name is an error, never followed.
    writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
  } catch (err) {
    // an unwritable cache only means computing again next time
    cacheDebug(`not written: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

/** JSON with every non-ASCII character escaped, so a cache file reads back as Latin-1 (exact, cheaper than UTF-8). */
export const asciiJson = (v: unknown): string => JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
