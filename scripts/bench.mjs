#!/usr/bin/env node
// Speed, measured (not asserted in unit tests):
//  1. a 200 MB synthetic gateway log with a few real errors buried in it: MB/s and peak RSS of
//     `clawkit-doctor --no-probe --json --log FILE`, next to `grep -E -c -i` with the same
//     pattern set (the anchors the doctor scans this file with, translated to ERE) on the same file;
//  2. a small paste diagnosed end to end vs `node -e 0` (median of N runs);
//  3. the live probe figures, when scripts/bench-probe.mjs is present (real gateway);
//  4. scripts/bench-startup.mjs: per installed Node (20/22/24), the small paste vs node -e 0,
//     --rules DIR with 500 rules, and a refused local port (--no-startup skips it);
//  5. scripts/bench-sizes.mjs: every size 38 B … 200 MB (--huge: 1 GB) with its references
//     (--no-sizes skips it; --node PATH adds a Node for the `node -e 0` pairs).
//
//   npm run bench                 # all
//   node scripts/bench.mjs --mb 50 --runs 5 --no-probe-bench
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const MB = Number(opt('--mb', '200'));
const RUNS = Number(opt('--runs', '21'));
const workDir = join(root, '.cache', 'bench');
mkdirSync(workDir, { recursive: true });
const bin = join(root, 'bin', 'clawkit-doctor.js');

// ---------------------------------------------------------------- the synthetic log
const BURIED = [
  '2026-03-04T16:29:35.303Z [ws] closed before connect conn=dd356872 remote=172.18.0.1 fwd=n/a origin=http://192.168.1.20:18789 host=192.168.1.20:18789 code=1008 reason=control ui requires device identity (use HTTPS or localhost secure context)',
  '2026-03-04T16:31:02.101Z [ws] unauthorized conn=9a1 remote=127.0.0.1 client=cli cli v2026.3.13 reason=token_mismatch',
  'gateway connect failed: Error: unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)',
  '{"0":"{\\"subsystem\\":\\"gateway/ws\\"}","1":"closed before connect conn=77 remote=203.0.113.9 fwd=n/a code=1008 reason=pairing required","_meta":{"logLevelName":"WARN"}}',
  'Gateway failed to start: Error: non-loopback Control UI requires gateway.controlUi.allowedOrigins (set explicit origins), or set gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true',
];
const FILLER = [
  (i) => `2026-03-04T16:${String(i % 60).padStart(2, '0')}:35.301Z [gateway] heartbeat ok agents=3 queue=${i % 7} uptimeMs=${i * 31}`,
  (i) => `{"0":"{\\"subsystem\\":\\"agent/embedded\\"}","1":"embedded run done: runId=${(i * 2654435761) >>> 0} durationMs=${i % 900}","_meta":{"logLevelName":"DEBUG"},"time":"2026-03-04T16:29:35.301Z"}`,
  (i) => `2026-03-04T16:29:35.301Z [telegram] polling cycle ok updates=${i % 3} offset=${i}`,
  (i) => `2026-03-04T16:29:35.301Z [ws] webchat connected conn=${i.toString(16)} remote=127.0.0.1 client=openclaw-control-ui`,
  (i) => `2026-03-04T16:29:35.301Z [cron] job tick name=digest next=2026-03-05T08:00:00Z run=${i}`,
];

async function generateLog(file, megabytes) {
  const target = megabytes * 1024 * 1024;
  const buriedAt = new Set(BURIED.map((_, k) => Math.floor(((k + 1) * target) / (BURIED.length + 1))));
  const ws = createWriteStream(file);
  let written = 0;
  let i = 0;
  let chunk = '';
  const at = [...buriedAt].sort((a, b) => a - b);
  let next = 0;
  while (written < target) {
    let line = FILLER[i % FILLER.length](i);
    if (next < at.length && written >= at[next]) line = BURIED[next++];
    chunk += line + '\n';
    written += line.length + 1;
    i++;
    if (chunk.length > 1 << 20) {
      if (!ws.write(chunk)) await new Promise((r) => ws.once('drain', r));
      chunk = '';
    }
  }
  ws.write(chunk);
  await new Promise((r) => ws.end(r));
}

// ---------------------------------------------------------------- the grep pattern set
// (scripts/lib/pattern-set.mjs: the doctor's anchors for this file, as ERE; shared with bench-sizes.mjs)
import { patternSet } from './lib/pattern-set.mjs';

// ---------------------------------------------------------------- measuring
function timed(cmd, argv, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...argv], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rssKb = Number((r.stderr.trim().split('\n').pop() ?? '0').trim());
  return { ms, rssMb: rssKb / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

if (!existsSync('/usr/bin/time')) {
  console.error('bench: /usr/bin/time is needed for peak RSS (apt-get install time)');
  process.exit(2);
}

const logFile = join(workDir, `gateway-${MB}mb.log`);
if (!existsSync(logFile) || statSync(logFile).size < MB * 1024 * 1024) {
  process.stdout.write(`generating ${MB} MB synthetic gateway log… `);
  await generateLog(logFile, MB);
  console.log('done');
}
const sizeMb = statSync(logFile).size / (1024 * 1024);
const { total, ere, exact, literals } = await patternSet(root, logFile);
const patFile = join(workDir, 'patterns.ere');
writeFileSync(patFile, ere.join('\n') + '\n');

// Warm the page cache so both tools read from memory.
spawnSync('cat', [logFile], { stdio: ['ignore', 'ignore', 'ignore'] });

const exactFile = join(workDir, 'patterns-exact.ere');
writeFileSync(exactFile, exact.join('\n') + '\n');
const grepRuns = [];
const grepExactRuns = [];
let grepCount = '';
for (let k = 0; k < 3; k++) {
  const g = timed('grep', ['-E', '-c', '-i', '-f', patFile, logFile], { env: { ...process.env, LC_ALL: 'C' } });
  grepRuns.push(g.ms);
  grepCount = g.stdout.trim();
  grepExactRuns.push(timed('grep', ['-E', '-c', '-i', '-f', exactFile, logFile], { env: { ...process.env, LC_ALL: 'C' } }).ms);
}
const docRuns = [];
let docRss = 0;
let found = 0;
for (let k = 0; k < 3; k++) {
  const d = timed(process.execPath, [bin, '--no-probe', '--json', '--log', logFile], { env: { ...process.env, NO_COLOR: '1' } });
  docRuns.push(d.ms);
  docRss = Math.max(docRss, d.rssMb);
  try {
    found = JSON.parse(d.stdout).findings.length;
  } catch {
    console.error(`bench: the doctor failed: ${d.stderr.trim().split('\n')[0]}`);
    process.exit(2);
  }
}
const grepMs = median(grepRuns);
const grepExactMBs = sizeMb / (median(grepExactRuns) / 1000);
const docMs = median(docRuns);
const grepMBs = sizeMb / (grepMs / 1000);
const docMBs = sizeMb / (docMs / 1000);

// Small paste end to end vs node -e 0.
const paste = join(workDir, 'small-paste.log');
writeFileSync(paste, 'gateway connect failed: Error: pairing required\ngateway closed (1008): pairing required\nGateway target: ws://127.0.0.1:18789\n');
// What `npx clawkit-doctor` runs: the packed tarball installed into a scratch dir (no working-tree
// staleness check of the rule bundle). Falls back to the working tree if packing fails.
function installedBin() {
  const dir = join(workDir, 'installed');
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], { cwd: root, encoding: 'utf8' });
  if (pack.status !== 0) return undefined;
  const tgz = join(workDir, JSON.parse(pack.stdout)[0].filename);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}');
  const inst = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tgz], { cwd: dir, encoding: 'utf8' });
  return inst.status === 0 ? join(dir, 'node_modules', 'clawkit-doctor', 'bin', 'clawkit-doctor.js') : undefined;
}
const instBin = installedBin();
// The launcher keeps a V8 code cache (bin/clawkit-doctor.js); start from none, so the first run
// (what a user's very first `npx clawkit-doctor` costs) is measured apart from the warm runs.
const cacheDir = join(workDir, 'v8cache');
rmSync(cacheDir, { recursive: true, force: true });
const smallEnv = { env: { ...process.env, NO_COLOR: '1', CLAWKIT_DOCTOR_CACHE_DIR: cacheDir } };
const smallArgs = (b) => [b, '--no-probe', '--json', '--log', paste];
const firstRunMs = timed(process.execPath, smallArgs(bin), smallEnv).ms;
if (instBin) timed(process.execPath, smallArgs(instBin), smallEnv);
const instRuns = [];
const nodeRuns = [];
const smallRuns = [];
for (let k = 0; k < RUNS; k++) {
  nodeRuns.push(timed(process.execPath, ['-e', '0']).ms);
  smallRuns.push(timed(process.execPath, smallArgs(bin), smallEnv).ms);
  if (instBin) instRuns.push(timed(process.execPath, smallArgs(instBin), smallEnv).ms);
}
const nodeMs = median(nodeRuns);
const smallMs = median(smallRuns);

const ratio = docMBs / grepMBs;
const results = {
  log: { file: logFile, sizeMb: Number(sizeMb.toFixed(1)), buriedErrors: BURIED.length },
  patterns: { anchors: total, translatedToEre: ere.length, scannerLiterals: literals },
  grep: { medianMs: Math.round(grepMs), mbPerS: Math.round(grepMBs), matchingLines: Number(grepCount) },
  grepExactSubset: { patterns: exact.length, mbPerS: Math.round(grepExactMBs) },
  doctor: { medianMs: Math.round(docMs), mbPerS: Math.round(docMBs), peakRssMb: Math.round(docRss), findings: found },
  throughputRatio: Number(ratio.toFixed(2)),
  smallPaste: { medianMs: Math.round(smallMs), nodeE0MedianMs: Math.round(nodeMs), ratio: Number((smallMs / nodeMs).toFixed(2)), runs: RUNS, firstRunMs: Math.round(firstRunMs) },
  targets: { throughputRatio: '>= 0.5', peakRssMb: '< 100', smallPasteRatio: '<= 2' },
};
console.log(`log: ${results.log.sizeMb} MB, ${BURIED.length} real errors buried; pattern set: the doctor's ${total} anchors (${ere.length} as ERE, lookarounds dropped)`);
console.log(`grep -E -c -i : ${results.grep.mbPerS} MB/s (${results.grep.medianMs} ms, ${grepCount} matching lines, LC_ALL=C)`);
console.log(`clawkit-doctor: ${results.doctor.mbPerS} MB/s (${results.doctor.medianMs} ms), peak RSS ${results.doctor.peakRssMb} MB, ${found} findings`);
console.log(`  (grep with only the ${exact.length} anchors without lookarounds: ${results.grepExactSubset.mbPerS} MB/s; doctor/that = ${(docMBs / grepExactMBs).toFixed(2)}x)`);
console.log(`throughput vs grep: ${results.throughputRatio}x (target >= 0.5x)   peak RSS target < 100 MB: ${docRss < 100 ? 'met' : 'NOT met'}`);
console.log(`small paste end to end: ${results.smallPaste.medianMs} ms vs node -e 0 ${results.smallPaste.nodeE0MedianMs} ms = ${results.smallPaste.ratio}x (target <= 2x; median of ${RUNS}, code cache warm; the very first run, which writes it: ${results.smallPaste.firstRunMs} ms)`);
if (instRuns.length) {
  const m = median(instRuns);
  results.smallPaste.installedMedianMs = Math.round(m);
  results.smallPaste.installedRatio = Number((m / nodeMs).toFixed(2));
  console.log(`small paste, installed package (what npx runs): ${Math.round(m)} ms = ${results.smallPaste.installedRatio}x node -e 0`);
}

const probeBench = join(root, 'scripts', 'bench-probe.mjs');
if (!args.includes('--no-probe-bench') && existsSync(probeBench)) {
  console.log('\nlive probe:');
  const r = spawnSync(process.execPath, [probeBench], { stdio: 'inherit' });
  if (r.status !== 0) console.log(`(probe bench exited ${r.status})`);
}
if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));

// Start-up per installed Node (20/22/24): small paste vs node -e 0, --rules DIR of 500 rules, refused port.
if (!args.includes('--no-startup')) {
  console.log('\nstart-up (scripts/bench-startup.mjs):');
  spawnSync(process.execPath, [join(root, 'scripts', 'bench-startup.mjs'), ...args.filter((a, i) => a === '--node' || args[i - 1] === '--node')], { stdio: 'inherit' });
}

// Every size from 38 B to 200 MB (1 GB with --huge) against node -e 0, grep, ripgrep and cat.
if (!args.includes('--no-sizes')) {
  console.log('\nby input size (scripts/bench-sizes.mjs):');
  const passOn = args.filter((a, i) => ['--huge', '--node'].includes(a) || args[i - 1] === '--node');
  spawnSync(process.execPath, [join(root, 'scripts', 'bench-sizes.mjs'), ...passOn], { stdio: 'inherit' });
}
