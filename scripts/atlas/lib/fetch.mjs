// Fetch published openclaw releases with `npm pack` (the npm registry is the only host contacted) and unpack
// the parts the atlas reads (dist/ and package.json) into .cache/atlas/<version>/pkg. Idempotent: a release
// whose pkg/.unpacked marker exists is not fetched again.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function compareVersions(a, b) {
  const pa = a.split('-');
  const pb = b.split('-');
  const na = pa[0].split('.').map(Number);
  const nb = pb[0].split('.').map(Number);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? 0) - (nb[i] ?? 0);
    if (d) return d;
  }
  if (pa.length !== pb.length) return pa.length > pb.length ? -1 : 1; // prerelease sorts first
  return pa.slice(1).join('-').localeCompare(pb.slice(1).join('-'), 'en', { numeric: true });
}

export const isStable = (v) => /^\d+\.\d+\.\d+$/.test(v);

/** All published versions: `npm view openclaw versions --json`, cached in .cache/atlas/versions.json. */
export async function listVersions(cacheDir, { offline = false } = {}) {
  const cacheFile = path.join(cacheDir, 'versions.json');
  if (!offline) {
    try {
      const { stdout } = await run(NPM, ['view', 'openclaw', 'versions', '--json'], { maxBuffer: 16 << 20, timeout: 120_000 });
      const versions = JSON.parse(stdout);
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(cacheFile, JSON.stringify(versions) + '\n');
      return versions;
    } catch (e) {
      process.stderr.write(`atlas: npm view failed (${e.message.split('\n')[0]}); using the cached version list\n`);
    }
  }
  if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  return undefined;
}

/**
 * Default release set: the latest stable release of every minor line (2026.M) since 2026.1, plus the
 * releases the team's notes single out (2026.2.12, 2026.3.13, 2026.4.22).
 */
export const EXTRA_DEFAULT_RELEASES = ['2026.2.12', '2026.3.13', '2026.4.22'];
export function defaultReleases(versions) {
  const latest = new Map();
  for (const v of versions.filter(isStable)) {
    const [y, m] = v.split('.').map(Number);
    if (y < 2026) continue;
    const line = `${y}.${m}`;
    if (!latest.has(line) || compareVersions(v, latest.get(line)) > 0) latest.set(line, v);
  }
  const set = new Set([...latest.values(), ...EXTRA_DEFAULT_RELEASES.filter((v) => versions.includes(v))]);
  return [...set].sort(compareVersions);
}

export function releaseDir(cacheDir, version) {
  return path.join(cacheDir, version);
}

/** Ensure .cache/atlas/<v>/pkg is unpacked. Returns the pkg dir. */
export async function ensureRelease(cacheDir, version, { offline = false, log = () => {} } = {}) {
  if (!/^[0-9][0-9A-Za-z.+-]*$/.test(version)) throw new Error(`atlas: not a version: ${version}`);
  const dir = releaseDir(cacheDir, version);
  const pkg = path.join(dir, 'pkg');
  if (fs.existsSync(path.join(pkg, '.unpacked'))) return pkg;
  fs.mkdirSync(dir, { recursive: true });
  const tgz = path.join(dir, `openclaw-${version}.tgz`);
  if (!fs.existsSync(tgz)) {
    if (offline) throw new Error(`atlas: ${version} is not cached and --offline was given`);
    log(`packing openclaw@${version}`);
    await run(NPM, ['pack', `openclaw@${version}`, '--pack-destination', dir, '--silent'], { maxBuffer: 16 << 20, timeout: 600_000 });
    if (!fs.existsSync(tgz)) throw new Error(`atlas: npm pack did not produce ${tgz}`);
  }
  log(`unpacking ${version}`);
  fs.rmSync(pkg, { recursive: true, force: true });
  fs.mkdirSync(pkg, { recursive: true });
  // Only dist/ and package.json; skip precompressed copies, images, fonts and type declarations.
  await run(
    'tar',
    [
      '-xzf', tgz, '-C', pkg, '--strip-components=1',
      '--wildcards', '--exclude=*.br', '--exclude=*.gz', '--exclude=*.d.ts', '--exclude=*.d.mts', '--exclude=*.png',
      '--exclude=*.webp', '--exclude=*.jpg', '--exclude=*.woff', '--exclude=*.woff2', '--exclude=*.ttf', '--exclude=*.ico',
      '--exclude=*.wasm', '--exclude=*.node',
      'package/dist', 'package/package.json',
    ],
    { maxBuffer: 16 << 20, timeout: 600_000 },
  );
  fs.writeFileSync(path.join(pkg, '.unpacked'), new Date().toISOString() + '\n');
  return pkg;
}

/** Run async jobs with at most `limit` in flight (npm pack: 2 at a time on this 2-core machine). */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}
