#!/usr/bin/env node
'use strict';
// Launcher (CommonJS: see bin/package.json). The compiled CLI is one CommonJS file (dist/cli.cjs, no TypeScript at run time). It is
// compiled through vm.Script with a V8 code cache kept in the user's cache directory, so a run
// restores compiled code instead of parsing and compiling ~700 KB again: the doctor is run when
// people are stuck and must answer at once (notes/perf.md has the figures). Anything wrong with
// the cache (absent, stale, corrupt, unwritable, another owner) only means a normal compile.
// CLAWKIT_DOCTOR_NO_CACHE=1 (or Node's NODE_DISABLE_COMPILE_CACHE=1) turns it off;
// CLAWKIT_DOCTOR_CACHE_DIR moves it; CLAWKIT_DOCTOR_CACHE_DEBUG=1 says on stderr what it did.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
// V8's linear-time fallback for regular expressions (src/shared/regex/engine.ts; ReDoS). Set here,
// before the bundle is compiled: V8 keys its code cache on its flags, so setting it later would
// make every run reject the cache.
// --no-regexp-tier-up: a regular expression is compiled to machine code at its first use, instead of
// to interpreter bytecode first and to machine code again at its second use (V8's default). A run
// uses hundreds of patterns a few times each, most of them twice or more: compiling once is
// ~5 ms less CPU on a small paste on Node 22/24 and no slower on large logs (notes/perf.md, seventh
// pass). Matches are the same (both tiers implement one semantics; the linear fallback above works
// from machine code too).
// --no-minor-gc-task: V8 posts a task to scavenge the young generation once it is ~80 % full, run
// when the event loop is next idle. In a run that ends soon after, that idle moment is the end of
// the run: a scavenge whose only effect is on a heap about to be thrown away (2-3 ms of CPU on
// Node 20/22 when the environment collector runs, notes/perf.md, ninth pass). Without the task
// the young generation is collected when it is full, as it always is when the task has not run.
// The flags are set through V8's binding: `require('node:v8')` also loads internal/heap_utils and with
// it all of node:stream (~3 ms of a small paste on Node 20/22; a diagnosis writing to a pipe or a
// file never loads stream otherwise). Node 20/22 still reach that binding as process.binding('v8')
// (runtime-deprecated, DEP0111: the warning is silenced for this one call; the flags are the same);
// Node 24 removed it and the permission model refuses it: then node:v8, as before.
const v8 = binding('v8', 'setFlagsFromString') || require('node:v8');
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
v8.setFlagsFromString('--no-regexp-tier-up');
v8.setFlagsFromString('--no-minor-gc-task');
// Optimising compilers 10x later: V8 sends a function to TurboFan (and, on Node 22/24, to Maglev) once
// it has run about a fixed amount of bytecode. A small paste runs ~50 ms and crosses that line with a
// few per-character helpers (redaction's run gates, node:path's normalizeString) and loops: 9 TurboFan
// jobs on Node 22, ~24 Maglev jobs on Node 24, each compiled on a background thread whose CPU the run
// pays and whose code it barely uses before it exits (~10 % of a small paste's CPU on Node 20/22/24,
// notes/perf.md Round 28h). A large log's scanning loops still cross the raised line within
// milliseconds. Node 20's V8 (11.x) names the TurboFan budget --interrupt-budget (default 66 KiB of
// bytecode) and knows no --invocation-count-for-turbofan (setting it prints "unrecognized flag" on every
// run); V8 11.8 (Node 21) and later count invocations and no longer know --interrupt-budget. No Node
// release ships a V8 between 11.3 and 11.8, so major.minor picks the names this V8 knows (V8 offers no
// cheap way to ask; `node --v8-options` is a subprocess). Like the flags above, set before the bundle is
// compiled (the code cache is keyed on them). Each one is left alone when the user gave node that same
// flag (by its exact name, `-` or `_`): the user's TurboFan budget does not keep Maglev's at V8's default.
const [v8Major, v8Minor] = process.versions.v8.split('.').map(Number);
const budgets = v8Major > 11 || (v8Major === 11 && v8Minor >= 8) ? ['invocation-count-for-turbofan=30000', 'invocation-count-for-maglev=4000'] : ['interrupt-budget=675840'];
for (const flag of budgets) {
  const name = `--${flag.slice(0, flag.indexOf('='))}`;
  if (!process.execArgv.some((a) => a.replace(/_/g, '-').split('=')[0] === name)) v8.setFlagsFromString(`--${flag}`);
}

/** Node's internal binding `name` when it has function `fn`, else undefined (removed, refused, or changed). */
function binding(name, fn) {
  // Under --no-deprecation Node makes noDeprecation read-only (true): then there is nothing to silence
  // and nothing to write (a write throws in strict code). Otherwise put it back as it was: absent.
  const quiet = process.noDeprecation;
  const own = Object.prototype.hasOwnProperty.call(process, 'noDeprecation');
  try {
    if (!quiet) process.noDeprecation = true;
    const b = process.binding(name);
    if (typeof b[fn] === 'function') return b;
  } catch {
    // removed (Node 24 for v8) or refused: the caller's fallback
  } finally {
    if (!quiet) {
      if (own) process.noDeprecation = quiet;
      else delete process.noDeprecation;
    }
  }
  return undefined;
}

/**
 * CRC-32 of the cached code (review23b: V8 checks a cache's version, flags and source length, not its
 * bytes — a flipped byte ran as code and crashed every run with "unreachable code"). zlib's binding
 * costs ~0.1 ms to reach and ~0.4 ms per MB; `require('node:zlib')` ~3 ms, the fallback. Undefined:
 * no way to check, so no cache.
 */
function crc32() {
  const b = binding('zlib', 'crc32');
  if (b) return (data) => b.crc32(data, 0) >>> 0;
  try {
    const z = require('node:zlib');
    if (typeof z.crc32 === 'function') return (data) => z.crc32(data) >>> 0;
  } catch {
    // no zlib
  }
  return undefined;
}

const BUNDLE = path.join(__dirname, '..', 'dist', 'cli.cjs');
const env = process.env;
const debug = env.CLAWKIT_DOCTOR_CACHE_DEBUG === '1' ? (m) => process.stderr.write(`clawkit-doctor cache: ${m}\n`) : () => {};

function cacheDir() {
  if (env.CLAWKIT_DOCTOR_CACHE_DIR) return env.CLAWKIT_DOCTOR_CACHE_DIR;
  const home = require('node:os').homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'clawkit-doctor', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'clawkit-doctor');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'clawkit-doctor');
}

/** 32-bit FNV-1a: a short, stable name for the bundle's path (not a security boundary). */
function fnv(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The cache file for this bundle on this Node. V8 checks only the source *length* and its own
 * version and flags, so the name carries what identifies the source: the package version, the
 * bundle's size and mtime (npm normalises mtimes, hence the version too).
 */
function cacheFile(dir, st) {
  let version = '0';
  try {
    version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
  } catch {
    // an unreadable package.json only makes the key weaker; size and mtime still change
  }
  const id = fnv(BUNDLE);
  return { id, file: path.join(dir, `${id}-${version}-${st.size}-${Math.floor(st.mtimeMs)}${nodeKey}`) };
}

/**
 * This Node, and the options node was started with: V8 rejects a cache made under other flags, so runs
 * that alternate `node --some-v8-flag …` with plain runs would each reject and rewrite one shared file
 * (review25b). Plain runs keep the plain name; other option sets get one file each.
 */
const nodeOptions = [...process.execArgv, env.NODE_OPTIONS || ''].join('\0');
const nodeKey = `-${process.version}-${process.arch}${nodeOptions === '' ? '' : `-o${fnv(nodeOptions)}`}.v8cache`;

/** Only a cache file in a directory this user owns: compiled code from someone else would run as us. */
function ownedByMe(p) {
  if (typeof process.getuid !== 'function') return true;
  const st = fs.statSync(p, { throwIfNoEntry: false });
  return !!st && st.uid === process.getuid();
}

/**
 * Owned by this user and writable by nobody else: a group- or world-writable cache file (or a
 * directory where others can swap it) is code another user could have written (audit23 F10).
 */
function onlyMine(p) {
  if (typeof process.getuid !== 'function') return true;
  const st = fs.statSync(p, { throwIfNoEntry: false });
  return !!st && st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/**
 * The largest cache file read: a few times the real one (the full cache of the ~1.3 MB bundle is
 * ~770 KB on Node 20). Anything larger is not ours to read whole (a sparse file, a runaway write).
 */
const CACHE_MAX = 8 * 1024 * 1024;

/**
 * The cache file's bytes, or why not (an error code or a reason: a miss, and the next save replaces the
 * entry by an atomic rename, never writing through it). One descriptor for every check (review27e): no
 * second path lookup between check and read. O_NOFOLLOW: a symlink (to /dev/zero, to another file) is
 * refused, not followed; O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; then
 * only a regular file, owned by this user and writable by nobody else (compiled code from someone else
 * would run as us, audit23 F10), of at most CACHE_MAX bytes, read for exactly its size.
 */
function readCache(file) {
  const c = fs.constants;
  let fd;
  try {
    fd = fs.openSync(file, c.O_RDONLY | (c.O_NONBLOCK || 0) | (c.O_NOFOLLOW || 0));
  } catch (err) {
    return (err && err.code) || 'unreadable';
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return 'not a regular file';
    if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return 'not owned by this user or writable by others';
    if (st.size > CACHE_MAX) return `larger than ${CACHE_MAX} bytes`;
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    for (let r; n < buf.length && (r = fs.readSync(fd, buf, n, buf.length - n, n)) > 0; ) n += r;
    return n === buf.length ? buf : buf.subarray(0, n);
  } catch (err) {
    return (err && err.code) || 'unreadable';
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Create the cache directory only below a directory this user owns: root running with another
 * user's HOME (sudo -E, a service) must not leave root-owned ~/.cache directories in that HOME.
 */
function mayCreate(dir) {
  let p = dir;
  while (!fs.existsSync(p)) {
    const up = path.dirname(p);
    if (up === p) return false;
    p = up;
  }
  return ownedByMe(p);
}

function load() {
  // The build writes it as ASCII: Latin-1 decoding is then exact, and cheaper than UTF-8.
  const bytes = fs.readFileSync(BUNDLE);
  const source = bytes.toString(require('node:buffer').isAscii(bytes) ? 'latin1' : 'utf8');
  const off = env.CLAWKIT_DOCTOR_NO_CACHE === '1' || env.NODE_DISABLE_COMPILE_CACHE === '1';
  const crc = off ? undefined : crc32();
  let cache;
  let cached; // { kind: 'F' (written after a diagnosis) | 'P', data }
  let corrupt = false;
  if (crc) {
    try {
      const dir = cacheDir();
      cache = { dir, ...cacheFile(dir, fs.statSync(BUNDLE)) };
      if (onlyMine(dir)) {
        // The file: a kind byte, the data's CRC-32 (little-endian), the data.
        const buf = readCache(cache.file);
        if (typeof buf === 'string') {
          if (buf !== 'ENOENT') debug(`not read: ${buf}`);
        } else if (buf.length > 5 && crc(buf.subarray(5)) === buf.readUInt32LE(1)) cached = { kind: String.fromCharCode(buf[0]), data: buf.subarray(5) };
        else corrupt = buf.length > 0;
      }
    } catch {
      // no home directory: compile normally
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData: cached && cached.data });
  const rejected = corrupt || (!!cached && script.cachedDataRejected === true);
  debug(off ? 'off' : rejected ? 'rejected' : !cached ? 'miss' : 'hit');
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE));
  const cli = mod.exports;
  cli.useImporter((specifier) => import(specifier));

  /** After the run: store compiled code when there is none, it was refused, or it predates a diagnosis. */
  const save = () => {
    if (!cache) return;
    const kind = cli.runInfo.diagnosed ? 'F' : 'P';
    if (cached && !rejected && !(cached.kind === 'P' && kind === 'F')) return;
    try {
      if (!mayCreate(cache.dir)) {
        debug(`not written: ${cache.dir} would be created inside a directory owned by another user`);
        return;
      }
      fs.mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
      if (!onlyMine(cache.dir)) {
        debug(`not written: ${cache.dir} is not owned by this user or is writable by others`);
        return;
      }
      const tmp = `${cache.file}.${process.pid}.tmp`;
      const data = script.createCachedData();
      const head = Buffer.alloc(5);
      head[0] = kind.charCodeAt(0);
      head.writeUInt32LE(crc(data), 1);
      try {
        fs.writeFileSync(tmp, Buffer.concat([head, data]), { mode: 0o600 });
        fs.renameSync(tmp, cache.file);
      } catch (err) {
        fs.rmSync(tmp, { force: true }); // a cut temporary file (disk full) is not left behind
        throw err;
      }
      // Caches of earlier builds of this same install, for this same Node and options, are dead weight
      // (another Node version, e.g. under nvm, or option set keeps its own).
      for (const name of fs.readdirSync(cache.dir)) {
        const p = path.join(cache.dir, name);
        if (name.startsWith(`${cache.id}-`) && name.endsWith(nodeKey) && p !== cache.file) fs.rmSync(p, { force: true });
      }
      debug(`wrote ${kind === 'F' ? 'full' : 'partial'} ${cache.file}`);
    } catch (err) {
      debug(`not written: ${err && err.code ? err.code : err}`);
    }
  };
  return { main: cli.main, save };
}

let cli;
try {
  cli = load();
} catch (err) {
  process.stderr.write(`clawkit-doctor: cannot start: ${err instanceof Error ? err.message : String(err)} (reinstall: npm i -g clawkit-doctor@latest)\n`);
  process.exit(2);
}

cli.main(process.argv).then(
  (code) => {
    process.exitCode = code;
    cli.save();
  },
  (err) => {
    // Last-resort guard: the doctor itself failed. One line, never a stack trace.
    process.stderr.write(`clawkit-doctor: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
