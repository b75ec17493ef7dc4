// Which OpenClaw is installed here: global package roots (npm, pnpm, bun, nvm, install-cli.sh
// prefix), the `openclaw` on PATH, package.json + dist/build-info.json, and — only when the PATH
// binary cannot be mapped to a package we read — `openclaw --version` with a short timeout.
import path from 'node:path';
import { normalizeVersion, parseVersionOutput } from '../../shared/version/calver.js';
import { expandHome, type FsRoot } from './fsroot.js';

export interface InstallFact {
  /** Package directory, e.g. /usr/lib/node_modules/openclaw. */
  root: string;
  /** Package name: openclaw, or a legacy clawdbot/moltbot. */
  name: string;
  version?: string;
  commit?: string;
  builtAt?: string;
  /** How it was found: npm-prefix, npmrc, pnpm, bun, nvm, install-cli, path. */
  via: string;
}

export type ExecFn = (
  file: string,
  args: string[],
  opts: { timeoutMs: number; env: Record<string, string | undefined> },
) => Promise<{ stdout: string; stderr: string; code: number | null; timedOut?: boolean }>;

export interface OpenClawEnv {
  installs: InstallFact[];
  legacyInstalls: InstallFact[];
  /** `openclaw` found on PATH (first hit), as written and resolved. */
  pathBinary?: string;
  pathBinaryResolved?: string;
  /** All `openclaw` binaries on PATH (duplicates point at different installs). */
  pathBinaries: string[];
  /** The install the PATH binary belongs to. */
  active?: InstallFact;
  versionCommand?: { ran: boolean; ms?: number; output?: string; version?: string; commit?: string; error?: string };
  unknown: string[];
}

interface RootCandidate {
  dir: string;
  via: string;
}

export function candidateRoots(opts: {
  env: Record<string, string | undefined>;
  homedir: string;
  platform: string;
  nodeExecPath?: string;
  npmrcPrefix?: string;
}): RootCandidate[] {
  const { env, homedir } = opts;
  const out: RootCandidate[] = [];
  const add = (dir: string | undefined, via: string) => {
    if (dir && !out.some((c) => c.dir === dir)) out.push({ dir, via });
  };
  const prefixRoot = (prefix: string) =>
    opts.platform === 'win32' ? path.posix.join(prefix, 'node_modules') : path.posix.join(prefix, 'lib', 'node_modules');
  for (const key of ['npm_config_prefix', 'NPM_CONFIG_PREFIX', 'PREFIX']) {
    const v = env[key];
    if (v) add(prefixRoot(expandHome(v, homedir)), `env ${key}`);
  }
  if (opts.npmrcPrefix) add(prefixRoot(expandHome(opts.npmrcPrefix, homedir)), '~/.npmrc prefix');
  if (opts.nodeExecPath) add(prefixRoot(path.posix.dirname(path.posix.dirname(opts.nodeExecPath))), 'node prefix');
  if (env.NVM_BIN) add(prefixRoot(path.posix.dirname(env.NVM_BIN)), 'nvm');
  add('/usr/lib/node_modules', 'system');
  add('/usr/local/lib/node_modules', 'system');
  add('/opt/homebrew/lib/node_modules', 'homebrew');
  add(path.posix.join(homedir, '.npm-global/lib/node_modules'), 'install.sh prefix');
  add(path.posix.join(homedir, '.openclaw/lib/node_modules'), 'install-cli.sh prefix');
  add(path.posix.join(homedir, '.local/lib/node_modules'), 'npm prefix ~/.local');
  if (env.PNPM_HOME) add(path.posix.join(env.PNPM_HOME, 'global/5/node_modules'), 'pnpm');
  add(path.posix.join(homedir, '.local/share/pnpm/global/5/node_modules'), 'pnpm');
  add(path.posix.join(homedir, 'Library/pnpm/global/5/node_modules'), 'pnpm');
  add(path.posix.join(homedir, '.bun/install/global/node_modules'), 'bun');
  if (env.APPDATA) add(path.posix.join(env.APPDATA.replace(/\\/g, '/'), 'npm/node_modules'), 'npm (Windows)');
  return out;
}

async function readPackage(fs: FsRoot, dir: string, name: string, via: string): Promise<InstallFact | undefined> {
  const pkgText = await fs.readText(path.posix.join(dir, 'package.json'), 256 * 1024);
  if (pkgText === undefined) return undefined;
  const fact: InstallFact = { root: dir, name, via };
  try {
    const pkg = JSON.parse(pkgText) as { version?: unknown; gitHead?: unknown };
    if (typeof pkg.version === 'string') fact.version = normalizeVersion(pkg.version) ?? pkg.version;
    if (typeof pkg.gitHead === 'string') fact.commit = pkg.gitHead.slice(0, 7);
  } catch {
    /* unreadable package.json: an install without a version */
  }
  const bi = await fs.readText(path.posix.join(dir, 'dist/build-info.json'), 16 * 1024);
  if (bi) {
    try {
      const info = JSON.parse(bi) as { version?: unknown; commit?: unknown; builtAt?: unknown };
      if (!fact.version && typeof info.version === 'string') fact.version = normalizeVersion(info.version) ?? info.version;
      if (typeof info.commit === 'string') fact.commit = info.commit.slice(0, 7);
      if (typeof info.builtAt === 'string') fact.builtAt = info.builtAt;
    } catch {
      /* ignore */
    }
  }
  return fact;
}

/** `prefix=/home/u/.npm-global` from ~/.npmrc. */
export function npmrcPrefix(text: string | undefined): string | undefined {
  return text?.match(/^\s*prefix\s*=\s*(.+?)\s*$/m)?.[1];
}

/** Search PATH for `openclaw` (logical paths under the root). */
async function findOnPath(fs: FsRoot, env: Record<string, string | undefined>, platform: string): Promise<string[]> {
  const sep = platform === 'win32' ? ';' : ':';
  const names = platform === 'win32' ? ['openclaw.cmd', 'openclaw.exe', 'openclaw'] : ['openclaw'];
  const out: string[] = [];
  for (const dir of (env.PATH ?? env.Path ?? '').split(sep).filter(Boolean)) {
    for (const n of names) {
      const p = path.posix.join(dir.replace(/\\/g, '/'), n);
      if (!out.includes(p) && (await fs.exists(p))) out.push(p);
    }
  }
  return out;
}

export async function collectOpenClaw(
  fs: FsRoot,
  opts: {
    env: Record<string, string | undefined>;
    homedir: string;
    platform: string;
    nodeExecPath?: string;
    exec?: ExecFn;
    execTimeoutMs: number;
  },
): Promise<OpenClawEnv> {
  const out: OpenClawEnv = { installs: [], legacyInstalls: [], pathBinaries: [], unknown: [] };
  const npmrc = npmrcPrefix(await fs.readText(path.posix.join(opts.homedir, '.npmrc'), 32 * 1024));
  const roots = candidateRoots({ env: opts.env, homedir: opts.homedir, platform: opts.platform, nodeExecPath: opts.nodeExecPath, npmrcPrefix: npmrc });

  // nvm keeps one global root per Node version.
  const nvmDir = opts.env.NVM_DIR ?? path.posix.join(opts.homedir, '.nvm');
  for (const v of ((await fs.readdir(path.posix.join(nvmDir, 'versions/node'))) ?? []).sort()) {
    roots.push({ dir: path.posix.join(nvmDir, 'versions/node', v, 'lib/node_modules'), via: `nvm ${v}` });
  }

  const seenReal = new Map<string, InstallFact>();
  for (const cand of roots) {
    for (const name of ['openclaw', 'clawdbot', 'moltbot']) {
      const dir = path.posix.join(cand.dir, name);
      // Most candidates do not exist: one lstat, instead of a realpath and a package.json read
      // that fail (and build an exception each). Absent, neither could have found a package.
      if (!(await fs.exists(dir))) continue;
      const realDir = (await fs.realpath(dir)) ?? dir;
      if (seenReal.has(realDir)) continue;
      const fact = await readPackage(fs, dir, name, cand.via);
      if (!fact) continue;
      seenReal.set(realDir, fact);
      (name === 'openclaw' ? out.installs : out.legacyInstalls).push(fact);
    }
  }

  out.pathBinaries = await findOnPath(fs, opts.env, opts.platform);
  const bin = out.pathBinaries[0];
  if (bin) {
    out.pathBinary = bin;
    const resolved = await fs.realpath(bin);
    if (resolved) out.pathBinaryResolved = resolved;
    // <pkg>/openclaw.mjs or <pkg>/bin/... -> the package that owns it.
    let dir = resolved ? path.posix.dirname(resolved) : undefined;
    for (let i = 0; dir && i < 4; i++, dir = path.posix.dirname(dir)) {
      const match = seenReal.get(dir) ?? out.installs.find((f) => f.root === dir);
      if (match) {
        out.active = match;
        break;
      }
      if (path.posix.basename(dir) === 'openclaw' && (await fs.exists(path.posix.join(dir, 'package.json')))) {
        const fact = await readPackage(fs, dir, 'openclaw', 'path');
        if (fact) {
          out.installs.push(fact);
          out.active = fact;
        }
        break;
      }
      if (dir === '/') break;
    }
  }

  // Only spawn when the PATH binary could not be mapped to a package (wrapper scripts, pnpm shims).
  if (bin && !out.active?.version && opts.exec) {
    const t0 = Date.now();
    try {
      const r = await opts.exec(fs.real(bin), ['--version'], {
        timeoutMs: opts.execTimeoutMs,
        env: { ...opts.env, NO_COLOR: '1', OPENCLAW_NO_AUTO_UPDATE: '1' },
      });
      const output = (r.stdout || r.stderr).trim().slice(0, 300);
      const parsed = parseVersionOutput(output);
      out.versionCommand = { ran: true, ms: Date.now() - t0, output };
      if (r.timedOut) out.versionCommand.error = `timed out after ${opts.execTimeoutMs} ms`;
      if (parsed) {
        out.versionCommand.version = parsed.version;
        if (parsed.commit) out.versionCommand.commit = parsed.commit;
      }
    } catch (err) {
      out.versionCommand = { ran: true, ms: Date.now() - t0, error: err instanceof Error ? err.message : String(err) };
    }
  } else if (bin) {
    out.versionCommand = { ran: false };
  }

  const haveVersion = out.active?.version ?? out.versionCommand?.version ?? (out.installs.length === 1 ? out.installs[0]!.version : undefined);
  if ((bin || out.installs.length > 0) && !haveVersion) out.unknown.push('openclaw.cliVersion');
  return out;
}
