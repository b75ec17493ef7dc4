// A user rule directory (--rules DIR) validated and analysed once: the result (the valid rules
// with their linear-time regexes, literal covers and required sources) is kept on disk under the
// directory's path and this build of the doctor, with a content hash (SHA-256) of its rule files.
// A hit returns exactly what a fresh validation would: any change to a file (one byte, same size,
// same mtime), an added or removed file, or another build of the doctor misses. Validating 500
// rules costs ~0.8 s (ajv compile, regex analysis). Reading and hashing 500 files costs ~15 ms,
// so each file's stat (size, mtime, ctime, inode) is recorded too: when every stat is unchanged
// and none was written within RACY_MS of the cache (a change inside one timestamp tick would not
// show: git's "racy clean" rule), the contents are not read again; otherwise they are hashed and
// compared. Only directories without problems are kept: invalid rules are reported on every run.
// Over ~300 lines on purpose: one on-disk format (stamp, integrity checks, read, write) whose reader and writer must agree on every field; splitting them would split that agreement.
import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FactSource, Rule } from '../types.js';
import { walkConditions } from '../shared/conditions.js';
import { fnv, fnvBytes } from '../shared/fnv.js';
import { toolVersion } from '../shared/version/tool.js';
import { presetGate, presetSources, sourcesOf } from '../engine/evaluate.js';
import { budgetWeight, compileGates, decodeGateCode, encodeGateCode, gateOf, numberedGate, type Gate, type GateTable } from '../engine/gate.js';
import { isPlainTable, presetPlainTable } from '../engine/literal-set.js';
import { lazyRules } from './lazy.js';
import { renamedFile } from './renamed.js';
import { pkgPath } from '../shared/paths.js';
import { KNOWLEDGE_FILE, RuleLoadError, readAndValidateDir, type LoadedRules } from './load.js';

/** Bumped when the cached shape or the analysis changes meaning. */
const FORMAT = 'clawkit-doctor user rules 5';
/** Files changed this close to the cache's writing are hashed again, whatever their stat says. */
const RACY_MS = 2000;
const CASES_SUFFIX = '.cases.json';

export interface RuleCacheOptions {
  /** Where the cache lives; false: no cache (CLAWKIT_DOCTOR_NO_CACHE=1). Default: as the launcher's code cache. */
  dir?: string | false;
  /** Tests: the racy window (default RACY_MS). */
  racyMs?: number;
}

/** hit: every stat unchanged; hit-content: stats changed, contents hashed and the same. */
export type CacheOutcome = 'hit' | 'hit-content' | 'miss' | 'off';

/** The cache file's first line (the body, on the next line, is parsed only on a hit). */
interface CacheHeader {
  format: string;
  dir: string;
  /** codeStamp(): the build of the doctor that validated. */
  stamp: string;
  /** Per rule file: relative path, size, mtime, ctime, inode. */
  stats: string;
  /** Date.now() when written. */
  written: number;
  /** SHA-256 of the rule files (contentKey). */
  content: string;
  /** fnv() of the index line: a changed byte there (a literal, a gate start) is a miss, never another answer. */
  sum: string;
}

/**
 * The second line: what a hit needs without parsing any rule (as the rules bundle's index, see
 * src/rules/lazy.ts): per rule its id, file (relative; left out when it is `<id>.json`), key list
 * (an index into `shapes`), body length, sources, where its literal gate starts in `gates` (-1:
 * none; literals numbered in `lits`) and budget weight. The gates are one compiled table, stored
 * as the bundle stores its own (base64 code): a hit neither parses ~500 gate trees nor compiles
 * them (~5 ms of a 500-rule start, issue #13). `litsPlain`: isPlainTable(lits), found when written.
 * The bodies follow, one a line (ASCII JSON), and are parsed when a rule is first read.
 */
interface CacheIndex {
  shapes: string[][];
  lits: string[];
  litsPlain?: 1;
  gates: { code: string; leaves: string[] };
  rules: Array<{ id: string; f?: string; k: number; n: number; s: FactSource[]; c: number; w: number }>;
}

/** The launcher's cache directory (bin/clawkit-doctor.js cacheDir, same environment variables). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | false {
  if (env.CLAWKIT_DOCTOR_NO_CACHE === '1') return false;
  if (env.CLAWKIT_DOCTOR_CACHE_DIR) return env.CLAWKIT_DOCTOR_CACHE_DIR;
  const home = homedir();
  if (process.platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'clawkit-doctor', 'Cache');
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'clawkit-doctor');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'clawkit-doctor');
}

/** Rule files under dir (relative, `/`-separated, sorted by code unit: no ICU collation at start-up). */
function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (abs: string, rel: string) => {
    for (const ent of readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) visit(`${abs}${sep}${ent.name}`, r);
      else if (ent.isFile() && ent.name.endsWith('.json') && !ent.name.endsWith(CASES_SUFFIX)) out.push(r);
    }
  };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RuleLoadError(`rules directory not found: ${dir}`);
  visit(dir, '');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Set by scripts/build.mjs in dist/cli.cjs: a hash of the bundle and the files that decide validation. */
declare const __CKD_BUILD_ID: string | undefined;

/**
 * The code that validated and analysed, the schema it validated against (src/rules/validate.ts
 * SCHEMA_DIR's, named here without loading the validator), the rename table and the knowledge it
 * resolved behaviour conditions against (knowledge/versions.json): another build, or an edited
 * schema or boundary, must not reuse its results. The build id tells apart packed builds whose
 * files have equal sizes and mtimes (npm pack sets one fixed mtime); the stats catch a file edited
 * after the build (and stand in for the id where it is not set: dist/*.js, the library).
 */
function codeStamp(): string {
  const stat = (file: string) => {
    try {
      const st = statSync(file);
      return `:${st.size}:${Math.floor(st.mtimeMs)}`;
    } catch {
      return ':-';
    }
  };
  const id = typeof __CKD_BUILD_ID === 'string' ? __CKD_BUILD_ID : '';
  return `${toolVersion()}:${id}${stat(fileURLToPath(import.meta.url))}${stat(KNOWLEDGE_FILE)}${stat(pkgPath('schema', 'rule.schema.json'))}${stat(renamedFile())}`;
}

/** SHA-256 of the rule files: every file's relative path, length and bytes. */
export function contentKey(dir: string, files: string[]): string {
  const h = createHash('sha256');
  for (const rel of files) {
    const bytes = readFileSync(dir + sep + rel);
    h.update(`${rel}\0${bytes.length}\0`).update(bytes);
  }
  return h.digest('hex');
}

/** The files' stats, and the latest change among them. */
function statLine(dir: string, files: string[]): { stats: string; latest: number } {
  let latest = 0;
  const parts: string[] = [];
  for (const rel of files) {
    const st = statSync(dir + sep + rel);
    latest = Math.max(latest, st.mtimeMs, st.ctimeMs);
    parts.push(`${rel}:${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`);
  }
  return { stats: parts.join('|'), latest };
}

/** Owned by this user (or no uids on this platform): a cache written by someone else is not read. */
function ownedByMe(p: string): boolean {
  if (typeof process.getuid !== 'function') return true;
  const st = statSync(p, { throwIfNoEntry: false });
  return !!st && st.uid === process.getuid();
}

/** The launcher's cache messages (CLAWKIT_DOCTOR_CACHE_DEBUG=1, bin/clawkit-doctor.js): why a cache was not used. */
const debug = (m: string) => {
  if (process.env.CLAWKIT_DOCTOR_CACHE_DEBUG === '1') process.stderr.write(`clawkit-doctor cache: ${m}\n`);
};

/**
 * A cache directory only this user can write to: owned by them, and not group- or world-writable
 * (another user could put a file or a symlink there). Where there are no uids, only ownership (true).
 */
function privateDir(dir: string, what: string): boolean {
  if (!ownedByMe(dir)) return false;
  if (typeof process.getuid !== 'function' || (statSync(dir).mode & 0o022) === 0) return true;
  debug(`${what}: ${dir} is writable by group or others`);
  return false;
}

/** Created only below a directory this user owns (root with another user's HOME: no root-owned dirs there). */
function mayCreate(dir: string): boolean {
  let p = dir;
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) return false;
    p = up;
  }
  return ownedByMe(p);
}

/** Give each paste matcher its literal cover (as the build does for built-in rules); loads the regex analyser. */
async function attachUserCovers(rules: Rule[]): Promise<void> {
  const { attachExclusionCover, matcherCover } = await import('../shared/regex/cover.js');
  for (const r of rules) {
    for (const c of walkConditions(r.when)) {
      if (!('paste' in c)) continue;
      // The same-line exclusion's own cover too (bundle-rules.mjs): read by windows on a long line.
      attachExclusionCover(c.paste);
      if (c.paste.cover) continue;
      const cover = matcherCover(c.paste);
      if (!cover.some((conj) => conj.length === 0)) c.paste.cover = cover;
    }
  }
}

/**
 * The largest cache file read or written: a few times a 500-rule directory's (~2 KB a rule: ~1 MB).
 * Larger is not ours to read whole (a sparse file, a runaway write): validating again is the answer.
 */
const CACHE_MAX = 16 * 1024 * 1024;

/**
 * The cache file's bytes, or why not (an error code or a reason: a miss; the next write replaces the
 * entry by an atomic rename, never writing through it). Every check on one descriptor (review27e): no
 * second path lookup between check and read. O_NOFOLLOW refuses a symlink (to /dev/zero, to another
 * file); O_NONBLOCK opens a FIFO at once instead of waiting for a writer; then only a regular file owned
 * by this user, of at most CACHE_MAX bytes, read for exactly its size.
 */
function readBounded(file: string): Buffer | string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'unreadable';
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not a regular file';
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return 'not owned by this user';
    if (st.size > CACHE_MAX) return `larger than ${CACHE_MAX} bytes`;
    const bytes = Buffer.allocUnsafe(st.size);
    let n = 0;
    for (let r; n < bytes.length && (r = readSync(fd, bytes, n, bytes.length - n, n)) > 0; ) n += r;
    return n === bytes.length ? bytes : bytes.subarray(0, n);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'unreadable';
  } finally {
    closeSync(fd);
  }
}

function readHeader(file: string): { header: CacheHeader; bytes: Buffer; rest: number } | undefined {
  try {
    if (!privateDir(dirname(file), 'not read')) return undefined;
    const bytes = readBounded(file);
    if (typeof bytes === 'string') {
      if (bytes !== 'ENOENT') debug(`not read: ${bytes}`);
      return undefined;
    }
    const nl = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.toString('latin1', 0, nl)) as CacheHeader;
    return header.format === FORMAT ? { header, bytes, rest: nl + 1 } : undefined;
  } catch {
    return undefined; // absent or corrupt: validate again
  }
}

/**
 * The rules of a cache file's index, each body parsed on first use; undefined when the index is
 * corrupt or the bodies do not fill the file exactly (a cut file: it is written whole and renamed).
 */
function readRules(bytes: Buffer, rest: number, base: string, sum: string): Rule[] | undefined {
  try {
    const nl = bytes.indexOf(0x0a, rest);
    if (nl < 0) return undefined;
    if (fnvBytes(bytes, rest, nl) !== sum) return undefined;
    const index = JSON.parse(bytes.toString('latin1', rest, nl)) as CacheIndex;
    if (!Array.isArray(index.rules) || !Array.isArray(index.shapes) || !Array.isArray(index.lits) || typeof index.gates?.code !== 'string' || !Array.isArray(index.gates.leaves)) return undefined;
    let at = nl + 1;
    for (const e of index.rules) {
      if (bytes[at + e.n] !== 0x0a || !index.shapes[e.k]) return undefined;
      at += e.n + 1;
    }
    if (at !== bytes.length) return undefined;
    const fileOf = (e: CacheIndex['rules'][number]) => {
      const f = e.f ?? `${e.id}.json`;
      return base + (sep === '/' ? f : f.split('/').join(sep));
    };
    // One gate table for the file: its rules share their leaves' answers.
    const table: GateTable = { code: decodeGateCode(index.gates.code), leaves: index.gates.leaves };
    // A gate starts inside the table (-1: none), whatever the checksum let through.
    if (!index.rules.every((e) => Number.isInteger(e.c) && e.c >= -1 && e.c < table.code.length)) return undefined;
    if (index.litsPlain === 1) presetPlainTable(index.lits);
    return lazyRules(bytes, nl + 1, index.shapes, index.rules, fileOf, (rule, e) => {
      presetSources(rule, e.s);
      presetGate(rule, table, e.c, index.lits, e.w);
    });
  } catch {
    return undefined;
  }
}

/** The index and bodies of validated rules (`file` relative), as readRules reads them. */
function cacheText(rules: Rule[], sources: FactSource[][]): { sum: string; text: string } {
  const shapes: string[][] = [];
  const shapeIds = new Map<string, number>();
  const lits: string[] = [];
  const litIds = new Map<string, number>();
  const bodies: string[] = [];
  const gates: Array<Gate<number> | null> = [];
  const entries = rules.map((r, i) => {
    const keys = Object.keys(r);
    const shape = keys.join('\0');
    let k = shapeIds.get(shape);
    if (k === undefined) {
      shapeIds.set(shape, (k = shapes.length));
      shapes.push(keys);
    }
    const body = ascii(r);
    bodies.push(body);
    const gate = gateOf(r.when);
    gates.push(gate && numberedGate(gate, lits, litIds));
    return { id: r.id, ...(r.file === `${r.id}.json` ? {} : { f: r.file! }), k, n: body.length, s: sources[i]! };
  });
  const { table, at } = compileGates(gates);
  const index: CacheIndex = {
    shapes,
    lits,
    ...(isPlainTable(lits) ? { litsPlain: 1 as const } : {}),
    gates: { code: encodeGateCode(table.code), leaves: [...table.leaves] },
    rules: entries.map((e, i) => ({ ...e, c: at[i]!, w: budgetWeight(rules[i]!.when) })),
  };
  const line = ascii(index);
  return { sum: fnvBytes(Buffer.from(line, 'latin1')), text: `${line}\n${bodies.map((b) => `${b}\n`).join('')}` };
}

/** ASCII only, so a hit decodes it as Latin-1 (as the rules bundle). */
const ascii = (v: unknown) => JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function writeCache(cacheDir: string, file: string, header: CacheHeader, body: string): void {
  try {
    if (!mayCreate(cacheDir)) {
      debug(`not written: ${cacheDir} would be created inside a directory owned by another user`);
      return;
    }
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    if (!privateDir(cacheDir, 'not written')) return;
    const text = `${ascii(header)}\n${body}`;
    // Latin-1 (ASCII): one byte a character. A file the reader would refuse is not written.
    if (text.length > CACHE_MAX) {
      debug(`not written: larger than ${CACHE_MAX} bytes`);
      return;
    }
    const tmp = `${file}.${process.pid}.tmp`;
    // wx: a file (or a planted symlink) already at the temporary name is an error, never followed.
    try {
      writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
      renameSync(tmp, file);
    } catch (err) {
      // A cut temporary file (disk full) is not left behind; one that was there first is not ours.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(tmp, { force: true });
      throw err;
    }
  } catch (err) {
    // an unwritable cache only means validating again next time
    debug(`not written: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

/** A matcher compiled as written (bounded) never uses its linear rewrite: not worth a third of the file. */
function withoutUnusedLinear(rule: Rule): Rule {
  const copy = JSON.parse(JSON.stringify(rule)) as Rule;
  for (const c of walkConditions(copy.when)) if ('paste' in c && c.paste.bounded) delete c.paste.linear;
  return copy;
}

/**
 * The rules of one user directory: from the cache when it holds this content, else validated
 * (and, when valid, cached). Problems are returned, not thrown, as readAndValidateDir does.
 */
export async function loadUserDir(dirArg: string, opts: RuleCacheOptions = {}): Promise<LoadedRules & { cache: CacheOutcome }> {
  const dir = resolve(dirArg);
  const cacheDir = opts.dir === undefined ? defaultCacheDir() : opts.dir;
  if (cacheDir === false) return { ...(await analysed(dir)), cache: 'off' };
  const files = ruleFiles(dir);
  const stamp = codeStamp();
  // Named without node:crypto (~5 ms to load), which only a changed directory needs; the header
  // repeats dir and stamp, so two directories with one name only evict each other.
  const file = join(cacheDir, `rules-${fnv(`${stamp}\0${dir}`)}${fnv(`${dir}\0${stamp}`)}.json`);
  const { stats, latest } = statLine(dir, files);
  const cached = readHeader(file);
  let content: string | undefined;
  if (cached) {
    const h = cached.header;
    const same = h.dir === dir && h.stamp === stamp;
    const unchanged = same && h.stats === stats && latest < h.written - (opts.racyMs ?? RACY_MS);
    if (same && !unchanged) content = contentKey(dir, files);
    const rules = unchanged || (same && h.content === content) ? readRules(cached.bytes, cached.rest, dir.endsWith(sep) ? dir : dir + sep, h.sum) : undefined;
    if (rules) {
      // Same content, other stats (touched, copied back): record them, so the next run skips the hash.
      if (!unchanged) writeCache(cacheDir, file, { ...h, stats, written: Date.now() }, cached.bytes.toString('latin1', cached.rest));
      return { rules, problems: [], cache: unchanged ? 'hit' : 'hit-content' };
    }
  }
  content ??= contentKey(dir, files);
  const loaded = await analysed(dir);
  if (!loaded.problems.length) {
    const rules = loaded.rules.map((r) => ({ ...withoutUnusedLinear(r), file: relative(dir, r.file!).split(sep).join('/') }));
    const { sum, text } = cacheText(rules, loaded.rules.map((r) => sourcesOf(r)));
    writeCache(cacheDir, file, { format: FORMAT, dir, stamp, stats, written: Date.now(), content, sum }, text);
  }
  return { ...loaded, cache: 'miss' };
}

/** Validated rules with their covers: what a hit returns, computed. */
async function analysed(dir: string): Promise<LoadedRules> {
  const loaded = await readAndValidateDir(dir);
  await attachUserCovers(loaded.rules);
  return loaded;
}
