// Read-only file access under a configurable filesystem root, so the whole environment collector
// can run against a fixture directory (`root`) exactly as it runs on `/`.
//
// The calls are synchronous behind an async interface. Everything read here is small local
// metadata (/proc, /etc, package.json files, unit files); a sync syscall costs microseconds where a
// libuv thread-pool round trip costs 0.1–0.5 ms, and the collector makes hundreds of them (a
// /proc/<pid>/fd walk when a gateway listens). Measured: env collection 18–20 ms -> a few ms on a
// plain diagnosis. A hung network mount would block either way (the config lookup already stats
// the same home directory synchronously); what can really hang, `openclaw --version`, stays async
// and time-bounded, and every loop checks the Deadline. readProcTable is synchronous too (it was
// read on the thread pool: starting the pool's threads cost ~0.7 ms of CPU per run, more than the
// reads, which stop after the listening section and skip an empty IPv6 table — index.ts).
import { closeSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export interface FsRoot {
  /** Absolute path of the filesystem root ('/' for the real machine). */
  root: string;
  /** Map a logical absolute path (`/proc/net/route`) to the real one under the root. */
  real(p: string): string;
  readText(p: string, maxBytes?: number): Promise<string | undefined>;
  /** Like readText but distinguishes "absent" from "could not read". */
  readTextOrError(p: string, maxBytes?: number): Promise<{ text?: string; error?: string }>;
  /**
   * A /proc table such as /proc/net/tcp. A read that reaches the end of the table walks the
   * kernel's whole socket hash table (~2 ms with a few thousand sockets, measured). A seq_file read returns less than a page only at the end of the
   * table (short reads mid-table stop at a full page), which saves the extra end-of-file read.
   * `listenersOnly`: stop after the page where the listening sockets end. Linux lists a TCP table's
   * listening sockets first (before 4.4 each followed by its SYN_RECV requests), then the connected
   * ones; a busy host has thousands of those (TIME_WAIT), and reading them costs ~1 ms of kernel
   * time per hundred, for lines that cannot be listeners.
   */
  readProcTable(p: string, maxBytes?: number, opts?: { listenersOnly?: boolean }): Promise<string | undefined>;
  exists(p: string): Promise<boolean>;
  isDir(p: string): Promise<boolean>;
  isSymlink(p: string): Promise<boolean>;
  readdir(p: string): Promise<string[] | undefined>;
  readlink(p: string): Promise<string | undefined>;
  /** Resolve symlinks, returning a logical path (root prefix removed). */
  realpath(p: string): Promise<string | undefined>;
}

const DEFAULT_MAX = 256 * 1024;
const CHUNK = 64 * 1024;
/** Below a page minus the longest /proc/net/tcp6 line: a seq_file read this short ended the table. */
const SEQ_FILE_SHORT_READ = 4096 - 512;

/** TCP states of a table's listening section: LISTEN, and SYN_RECV requests listed with it before Linux 4.4. */
const LISTENING_SECTION = new Set(['0A', '03']);

/** The chunk holds a socket line outside the listening section (the header line is skipped). */
function pastListeners(chunk: Buffer): boolean {
  for (const line of chunk.toString('latin1').split('\n')) {
    const st = line.trim().split(/\s+/)[3];
    if (st !== undefined && /^[0-9A-F]{2}$/.test(st) && !LISTENING_SECTION.has(st)) return true;
  }
  return false;
}

/** Read up to maxBytes. /proc files report size 0, so read until EOF or the cap. */
function readCapped(file: string, maxBytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const parts: Buffer[] = [];
    let total = 0;
    while (total < maxBytes) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      parts.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
    }
    return Buffer.concat(parts, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The value of f(), or `fallback` when it throws (absent, unreadable, not a directory…). */
function attempt<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

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
    try {
      return { text: readCapped(real(p), maxBytes) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return {};
      return { error: code ?? String(err) };
    }
  }

  return {
    root: abs,
    real,
    readTextOrError,
    async readProcTable(p, maxBytes = DEFAULT_MAX, opts) {
      let fd: number | undefined;
      try {
        fd = openSync(real(p), 'r');
        const parts: Buffer[] = [];
        let total = 0;
        while (total < maxBytes) {
          const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes - total));
          const n = readSync(fd, buf, 0, buf.length, null);
          if (n > 0) parts.push(buf.subarray(0, n));
          total += n;
          if (n < SEQ_FILE_SHORT_READ) break;
          if (opts?.listenersOnly && pastListeners(buf.subarray(0, n))) break;
        }
        return Buffer.concat(parts, total).toString('utf8');
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
    async readText(p, maxBytes) {
      return (await readTextOrError(p, maxBytes)).text;
    },
    async exists(p) {
      return attempt(() => lstatSync(real(p), { throwIfNoEntry: false }) !== undefined, false);
    },
    async isDir(p) {
      return attempt(() => statSync(real(p), { throwIfNoEntry: false })?.isDirectory() ?? false, false);
    },
    async isSymlink(p) {
      return attempt(() => lstatSync(real(p), { throwIfNoEntry: false })?.isSymbolicLink() ?? false, false);
    },
    async readdir(p) {
      return attempt<string[] | undefined>(() => readdirSync(real(p)), undefined);
    },
    async readlink(p) {
      return attempt<string | undefined>(() => readlinkSync(real(p)), undefined);
    },
    async realpath(p) {
      return attempt<string | undefined>(() => toLogical(realpathSync.native(real(p))), undefined);
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
