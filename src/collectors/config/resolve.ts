// Which config file OpenClaw reads, resolved exactly the way OpenClaw does it
// (src/config/paths.ts `resolveConfigPathCandidate`, src/infra/home-dir.ts, src/cli/profile.ts):
//   --config (ours) > OPENCLAW_CONFIG_PATH / CLAWDBOT_CONFIG_PATH > --profile > the first existing
//   candidate among $OPENCLAW_STATE_DIR/{openclaw,clawdbot,moldbot,moltbot}.json and then
//   ~/.openclaw, ~/.clawdbot, ~/.moldbot, ~/.moltbot with the same names > <stateDir>/openclaw.json.
// The home directory honours OPENCLAW_HOME (2026.2.9+), then HOME, USERPROFILE, os.homedir().
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CONFIG_FILENAME = 'openclaw.json';
export const LEGACY_CONFIG_FILENAMES = ['clawdbot.json', 'moldbot.json', 'moltbot.json'] as const;
export const NEW_STATE_DIRNAME = '.openclaw';
export const LEGACY_STATE_DIRNAMES = ['.clawdbot', '.moldbot', '.moltbot'] as const;

export type Env = Record<string, string | undefined>;

export interface ResolveOptions {
  configPath?: string;
  profile?: string;
  env: Env;
  homedir: string;
  /** Injected for tests; defaults to fs.existsSync. */
  exists?: (p: string) => boolean;
  cwd?: string;
}

export interface ResolvedConfigPath {
  path: string;
  reason: string;
  /** The state dir OpenClaw would use (where permissions matter); unknown for an unrelated --config file. */
  stateDir?: string;
  /** Which rule picked the file. */
  via: 'flag' | 'env' | 'env-legacy' | 'profile' | 'state-dir' | 'default' | 'legacy-dir' | 'legacy-name' | 'fallback';
  /** Every candidate looked at, in order (for `--verbose`). */
  candidates: string[];
}

export class ConfigUsageError extends Error {}

const PROFILE_RE = /^[A-Za-z0-9_-]+$/;

function norm(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/** OpenClaw's effective home dir: OPENCLAW_HOME, HOME, USERPROFILE, os.homedir(). */
export function effectiveHome(env: Env, homedir: string): { home: string; source: string } {
  const explicit = norm(env.OPENCLAW_HOME);
  const fallback = norm(env.HOME) ?? norm(env.USERPROFILE) ?? homedir;
  if (explicit) {
    if (explicit === '~' || explicit.startsWith('~/') || explicit.startsWith('~\\')) {
      return { home: path.resolve(explicit.replace(/^~(?=$|[\\/])/, fallback)), source: 'OPENCLAW_HOME' };
    }
    return { home: path.resolve(explicit), source: 'OPENCLAW_HOME' };
  }
  if (norm(env.HOME)) return { home: path.resolve(norm(env.HOME)!), source: 'HOME' };
  if (norm(env.USERPROFILE)) return { home: path.resolve(norm(env.USERPROFILE)!), source: 'USERPROFILE' };
  return { home: path.resolve(homedir), source: 'home directory' };
}

function userPath(input: string, home: string, cwd: string): string {
  const t = input.trim();
  if (t === '~' || t.startsWith('~/') || t.startsWith('~\\')) return path.resolve(cwd, path.normalize(t.replace(/^~(?=$|[\\/])/, home)));
  return path.resolve(cwd, t);
}

export function resolveConfigPath(opts: ResolveOptions): ResolvedConfigPath {
  const exists = opts.exists ?? ((p: string) => existsSync(p));
  const cwd = opts.cwd ?? process.cwd();
  const env: Env = { ...opts.env };
  const { home, source: homeSource } = effectiveHome(env, opts.homedir);
  const homeNote = homeSource === 'OPENCLAW_HOME' ? ` (home from OPENCLAW_HOME=${env.OPENCLAW_HOME})` : '';
  const candidates: string[] = [];

  // --profile fills OPENCLAW_STATE_DIR / OPENCLAW_CONFIG_PATH without overriding explicit env values.
  let profileNote = '';
  if (opts.profile !== undefined) {
    const profile = opts.profile.trim();
    if (!profile) throw new ConfigUsageError('--profile requires a value');
    if (!PROFILE_RE.test(profile)) throw new ConfigUsageError('Invalid --profile (use letters, numbers, "_", "-" only)');
    const profileDir = path.join(home, profile.toLowerCase() === 'default' ? NEW_STATE_DIRNAME : `${NEW_STATE_DIRNAME}-${profile}`);
    const stateDir = norm(env.OPENCLAW_STATE_DIR) ? userPath(env.OPENCLAW_STATE_DIR!, home, cwd) : profileDir;
    if (!norm(env.OPENCLAW_STATE_DIR)) env.OPENCLAW_STATE_DIR = stateDir;
    if (!norm(env.OPENCLAW_CONFIG_PATH)) {
      env.OPENCLAW_CONFIG_PATH = path.join(stateDir, CONFIG_FILENAME);
      profileNote = `--profile ${profile}`;
    }
  }

  const stateOverride = norm(env.OPENCLAW_STATE_DIR) ?? norm(env.CLAWDBOT_STATE_DIR);
  const newDir = path.join(home, NEW_STATE_DIRNAME);
  const legacyDirs = LEGACY_STATE_DIRNAMES.map((d) => path.join(home, d));
  let stateDir: string;
  if (stateOverride) stateDir = userPath(stateOverride, home, cwd);
  else if (exists(newDir)) stateDir = newDir;
  else stateDir = legacyDirs.find((d) => exists(d)) ?? newDir;

  if (opts.configPath !== undefined && opts.configPath.trim() !== '') {
    const p = userPath(opts.configPath, home, cwd);
    // The state dir only matters when the file lives in it (a copy elsewhere has no state dir).
    const sd = path.dirname(p) === stateDir ? stateDir : undefined;
    return { path: p, reason: `--config ${opts.configPath}`, stateDir: sd, via: 'flag', candidates: [p] };
  }

  const explicit = norm(env.OPENCLAW_CONFIG_PATH);
  const explicitLegacy = norm(env.CLAWDBOT_CONFIG_PATH);
  if (explicit || explicitLegacy) {
    const raw = (explicit ?? explicitLegacy)!;
    const p = userPath(raw, home, cwd);
    const reason = profileNote
      ? `${profileNote} (${path.join(stateDir, CONFIG_FILENAME)})`
      : explicit
        ? `OPENCLAW_CONFIG_PATH=${raw}`
        : `CLAWDBOT_CONFIG_PATH=${raw} (legacy variable)`;
    return { path: p, reason, stateDir, via: profileNote ? 'profile' : explicit ? 'env' : 'env-legacy', candidates: [p] };
  }

  const names = [CONFIG_FILENAME, ...LEGACY_CONFIG_FILENAMES];
  const dirs: Array<{ dir: string; kind: 'state-dir' | 'default' | 'legacy-dir' }> = [];
  if (stateOverride) dirs.push({ dir: userPath(stateOverride, home, cwd), kind: 'state-dir' });
  dirs.push({ dir: newDir, kind: 'default' });
  for (const d of legacyDirs) dirs.push({ dir: d, kind: 'legacy-dir' });
  for (const { dir, kind } of dirs) {
    for (const name of names) {
      const p = path.join(dir, name);
      candidates.push(p);
      if (!exists(p)) continue;
      const legacyName = name !== CONFIG_FILENAME;
      const stateVar = norm(env.OPENCLAW_STATE_DIR) ? 'OPENCLAW_STATE_DIR' : 'CLAWDBOT_STATE_DIR';
      let reason: string;
      let via: ResolvedConfigPath['via'];
      if (kind === 'state-dir') {
        reason = `${stateVar}=${stateOverride} and ${name} exists there`;
        via = 'state-dir';
      } else if (kind === 'default') {
        reason = stateOverride
          ? `no config in ${stateVar}=${stateOverride}; first existing default candidate`
          : `default location${homeNote}`;
        via = 'default';
      } else {
        reason = `legacy state dir ${path.basename(dir)}: no config in ${stateOverride ? `${stateVar} or ` : ''}~/.openclaw${homeNote}`;
        via = 'legacy-dir';
      }
      if (legacyName) {
        reason += `; legacy file name ${name}`;
        if (via === 'default') via = 'legacy-name';
      }
      return { path: p, reason, stateDir: kind === 'legacy-dir' ? dir : stateDir, via, candidates };
    }
  }

  const p = path.join(stateDir, CONFIG_FILENAME);
  const why = stateOverride ? `OPENCLAW_STATE_DIR=${stateOverride}` : stateDir === newDir ? `default location${homeNote}` : `legacy state dir ${path.basename(stateDir)}`;
  return { path: p, reason: `${why}; no config file exists (OpenClaw would create ${p})`, stateDir, via: 'fallback', candidates };
}
