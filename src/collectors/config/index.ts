// Config collector (issue #3): find the file OpenClaw reads, read it safely, parse it with
// positions and derive the facts rules need. A missing or unreadable config is a fact (found:false
// or readError/parseError), never an exception; only a bad --profile value throws (usage error).
import { closeSync, constants as fsc, fstatSync, lstatSync, openSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ConfigFacts } from '../../types.js';
import { analyzeConfigText, MAX_CONFIG_BYTES } from './analyze.js';
import { resolveConfigPath, type Env } from './resolve.js';
import { tlsFileFacts } from './tls-files.js';
import { resolveIncludes } from './includes.js';
import { readPipe } from './read-pipe.js';
import { octalMode } from '../../shared/fs/mode.js';

export { analyzeConfigText, parseConfigText, MAX_CONFIG_BYTES } from './analyze.js';
export { resolveConfigPath, effectiveHome, ConfigUsageError } from './resolve.js';

export interface CollectConfigOptions {
  configPath?: string;
  profile?: string;
  env: Env;
  homedir: string;
  cwd?: string;
  /** How long a pipe's writer gets to finish (tests shorten it). */
  pipeDeadlineMs?: number;
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Reject files that are not text: NUL bytes or invalid UTF-8. */
export function decodeConfigBytes(buf: Buffer): { text?: string; error?: string } {
  if (buf.subarray(0, 8192).includes(0)) return { error: 'the file is binary (contains NUL bytes), not a JSON5 config' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf) };
  } catch {
    return { error: 'the file is not valid UTF-8 text' };
  }
}

// Synchronous file calls: a config is a few KB on a local disk, and fs.promises costs a module load
// plus a thread-pool round trip per call at every start (issue #13).
export async function collectConfig(opts: CollectConfigOptions): Promise<ConfigFacts> {
  const r = resolveConfigPath({ configPath: opts.configPath, profile: opts.profile, env: opts.env, homedir: opts.homedir, cwd: opts.cwd });
  const base: ConfigFacts = { path: r.path, reason: r.reason, found: false };
  if (r.stateDir) base.stateDir = r.stateDir;

  let stateDirMode: number | undefined;
  if (r.stateDir) {
    try {
      const st = statSync(r.stateDir);
      if (st.isDirectory()) {
        stateDirMode = st.mode & 0o7777;
        base.stateDirMode = stateDirMode;
      }
    } catch {
      // no state dir yet: nothing to judge
    }
  }

  let lst;
  try {
    lst = lstatSync(r.path);
  } catch (err) {
    const missing: ConfigFacts = { ...base, derived: { missing: true, candidates: r.candidates, secrets: [] } };
    if (errCode(err) !== 'ENOENT') missing.readError = `cannot stat: ${(err as Error).message}`;
    return missing;
  }
  let realPath: string | undefined;
  if (lst.isSymbolicLink()) {
    try {
      realPath = realpathSync(r.path);
    } catch {
      // /dev/fd/N and /proc/self/fd/N link to `pipe:[…]`, which is no path, yet they open: only
      // a link that does not open either is broken.
      const opens = statSync(r.path, { throwIfNoEntry: false }) !== undefined;
      if (!opens) return { ...base, readError: 'the config is a symlink whose target does not exist', derived: { missing: true, brokenSymlink: true, secrets: [] } };
    }
  }
  let st;
  try {
    st = statSync(r.path);
  } catch (err) {
    return { ...base, readError: `cannot stat: ${(err as Error).message}`, derived: { secrets: [] } };
  }
  const mode = st.mode & 0o7777;
  const found: ConfigFacts = { ...base, found: true, mode };
  if (realPath) found.realPath = realPath;
  const failWith = (msg: string, notConfigFile = false, stoppedReading = false): ConfigFacts => ({
    ...found,
    readError: msg,
    parseError: { message: msg, line: 1, column: 1, hint: 'point --config at the OpenClaw JSON5 config (usually ~/.openclaw/openclaw.json)' },
    // notConfigFile: nothing here was examined as a config (a directory, a device, megabytes): reported
    // as a wrong path, not as a JSON5 syntax error (rules/config-parse/not-a-config-file.json).
    // stoppedReading: the doctor's own size or time limit stopped the read, not the file: OpenClaw has
    // neither limit (2026.9.6 reads the whole file, readFileSync, and loads it if it is JSON5), so
    // whether OpenClaw can load it is unknown (rules/config-parse/config-over-read-limit.json).
    derived: {
      parseErrorAt: `${r.path}:1:1`,
      parseErrorHint: 'point --config at the OpenClaw JSON5 config',
      secrets: [],
      ...(notConfigFile ? { notConfigFile: true } : {}),
      ...(stoppedReading ? { stoppedReading: true } : {}),
    },
  });
  if (st.isDirectory()) return failWith('the config path is a directory, not a file', true);
  if (st.isFIFO()) return analyzePipe(r.path, found, failWith, opts);
  if (!st.isFile()) return failWith('the config path is not a regular file', true);
  if (st.size > MAX_CONFIG_BYTES) {
    return failWith(`the file is ${st.size} bytes; an OpenClaw config is a few KB, so clawkit-doctor reads at most ${MAX_CONFIG_BYTES} bytes`, true, true);
  }

  let buf: Buffer;
  try {
    // Non-blocking open: a path swapped for a FIFO since the stat must not hang the process.
    const fd = openSync(r.path, fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0));
    try {
      if (!fstatSync(fd).isFile()) throw new Error('the config path is no longer a regular file');
      buf = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const code = errCode(err);
    const msg = code === 'EACCES' || code === 'EPERM' ? 'permission denied reading the config (run as the user that owns it)' : `cannot read: ${(err as Error).message}`;
    return { ...found, readError: msg, derived: { unreadable: true, secrets: [], configMode: octalMode(mode) } };
  }
  if (buf.length > MAX_CONFIG_BYTES) return failWith(`the file is ${buf.length} bytes; an OpenClaw config is a few KB, so clawkit-doctor reads at most ${MAX_CONFIG_BYTES} bytes`, true, true);
  const dec = decodeConfigBytes(buf);
  if (dec.error) return failWith(dec.error);

  const facts = analyzeConfigText(dec.text!, {
    path: r.path,
    reason: r.reason,
    env: opts.env,
    mode,
    stateDir: r.stateDir,
    stateDirMode,
    includes: (v) => resolveIncludes(v, realPath ?? r.path),
  });
  if (realPath) {
    facts.realPath = realPath;
    if (facts.derived) facts.derived.configIsSymlink = true;
  }
  // OpenClaw's CONFIG_DIR: OPENCLAW_STATE_DIR, else the config file's directory.
  if (facts.derived && facts.value) Object.assign(facts.derived, await tlsFileFacts(facts.value, r.stateDir ?? path.dirname(r.path), opts.homedir));
  return facts;
}

/** A pipe (`--config <(cat file)`, a named FIFO): its bytes, within the same cap as a file, or why not. */
async function analyzePipe(path: string, found: ConfigFacts, failWith: (msg: string, notConfigFile?: boolean, stoppedReading?: boolean) => ConfigFacts, opts: CollectConfigOptions): Promise<ConfigFacts> {
  let read;
  try {
    read = await readPipe(path, MAX_CONFIG_BYTES, opts.pipeDeadlineMs);
  } catch (err) {
    return { ...found, readError: `cannot read the pipe: ${(err as Error).message}`, derived: { unreadable: true, secrets: [] } };
  }
  if (read.overCap) return failWith(`more than ${MAX_CONFIG_BYTES} bytes arrived on the pipe; an OpenClaw config is a few KB, so clawkit-doctor reads at most ${MAX_CONFIG_BYTES} bytes`, true, true);
  if (read.timedOut) return failWith(`the config is a pipe and its writer did not finish in time (${read.buf.length} bytes arrived)`, true, true);
  const dec = decodeConfigBytes(read.buf);
  if (dec.error) return failWith(dec.error);
  // No mode passed: a pipe's mode (bash makes them 0600) says nothing about the config file's.
  return analyzeConfigText(dec.text!, { path, reason: found.reason, env: opts.env, stateDir: found.stateDir, stateDirMode: found.stateDirMode });
}
