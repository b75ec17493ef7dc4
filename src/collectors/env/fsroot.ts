// Read-only, time-bounded file access under a configurable filesystem root, so the whole
// environment collector can run against a fixture directory (`root`) exactly as it runs on `/`.
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export interface FsRoot {
  /** Absolute path of the filesystem root ('/' for the real machine). */
  root: string;
  /** Map a logical absolute path (`/proc/net/route`) to the real one under the root. */
  real(p: string): string;
  readText(p: string, maxBytes?: number): Promise<string | undefined>;
  /** Like readText but distinguishes "absent" from "could not read". */
  readTextOrError(p: string, maxBytes?: number): Promise<{ text?: string; error?: string }>;
  exists(p: string): Promise<boolean>;
  isDir(p: string): Promise<boolean>;
  isSymlink(p: string): Promise<boolean>;
  readdir(p: string): Promise<string[] | undefined>;
  readlink(p: string): Promise<string | undefined>;
  /** Resolve symlinks, returning a logical path (root prefix removed). */
  realpath(p: string): Promise<string | undefined>;
}

const DEFAULT_MAX = 256 * 1024;

export function makeFsRoot(root = '/'): FsRoot {
  const abs = path.resolve(root);
  const isReal = abs === path.parse(abs).root;
  const real = (p: string): string => (isReal ? p : path.join(abs, p));
  const toLogical = (p: string): string => {
    if (isReal) return p;
    const rel = path.relative(abs, p);
    return rel.startsWith('..') ? p : '/' + rel.split(path.sep).join('/');
  };

  async function readTextOrError(p: string, maxBytes = DEFAULT_MAX): Promise<{ text?: string; error?: string }> {
    let fh: fsp.FileHandle | undefined;
    try {
      fh = await fsp.open(real(p), 'r');
      const buf = Buffer.alloc(maxBytes);
      let total = 0;
      // /proc files report size 0, so read until EOF or the cap.
      for (;;) {
        const { bytesRead } = await fh.read(buf, total, maxBytes - total, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total >= maxBytes) break;
      }
      return { text: buf.subarray(0, total).toString('utf8') };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return {};
      return { error: code ?? String(err) };
    } finally {
      await fh?.close().catch(() => undefined);
    }
  }

  return {
    root: abs,
    real,
    readTextOrError,
    async readText(p, maxBytes) {
      return (await readTextOrError(p, maxBytes)).text;
    },
    async exists(p) {
      try {
        await fsp.lstat(real(p));
        return true;
      } catch {
        return false;
      }
    },
    async isDir(p) {
      try {
        return (await fsp.stat(real(p))).isDirectory();
      } catch {
        return false;
      }
    },
    async isSymlink(p) {
      try {
        return (await fsp.lstat(real(p))).isSymbolicLink();
      } catch {
        return false;
      }
    },
    async readdir(p) {
      try {
        return await fsp.readdir(real(p));
      } catch {
        return undefined;
      }
    },
    async readlink(p) {
      try {
        return await fsp.readlink(real(p));
      } catch {
        return undefined;
      }
    },
    async realpath(p) {
      try {
        return toLogical(await fsp.realpath(real(p)));
      } catch {
        return undefined;
      }
    },
  };
}

/** `~`, `%h`, `$HOME` expansion for paths written in unit files and npmrc. */
export function expandHome(p: string, homedir: string): string {
  if (p === '~' || p.startsWith('~/')) return homedir + p.slice(1);
  return p.replace(/%h/g, homedir).replace(/\$\{?HOME\}?/g, homedir);
}

export class Deadline {
  readonly start = Date.now();
  constructor(readonly budgetMs: number) {}
  remaining(): number {
    return Math.max(0, this.budgetMs - (Date.now() - this.start));
  }
  expired(): boolean {
    return this.remaining() <= 0;
  }
}

export const TIMED_OUT = Symbol('timed-out');

/** Resolve to the promise's value, or TIMED_OUT after `ms` (the work is abandoned, not awaited). */
export async function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms));
    timer.unref?.();
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
