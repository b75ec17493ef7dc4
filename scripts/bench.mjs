#!/usr/bin/env node
// Speed, measured (not asserted in unit tests):
//  1. a 200 MB synthetic gateway log with a few real errors buried in it: MB/s and peak RSS of
//     `clawkit-doctor --no-probe --json --log FILE`, next to `grep -E -c -i` with the same
//     pattern set (the rules' paste patterns, translated to ERE) on the same file;
//  2. a small paste diagnosed end to end vs `node -e 0` (median of N runs);
//  3. the live probe figures, when scripts/bench-probe.mjs is present (real gateway).
//
//   npm run bench                 # all
//   node scripts/bench.mjs --mb 50 --runs 5 --no-probe-bench
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const MB = Number(opt('--mb', '200'));
const RUNS = Number(opt('--runs', '11'));
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
function jsToEre(src) {
  if (/\(\?[=!<][^>]|\\k<|\(\?<[=!]/.test(src)) return undefined; // lookarounds / backrefs: no ERE equivalent
  return src
    .replace(/\(\?<[A-Za-z_]\w*>/g, '(')
    .replace(/\(\?:/g, '(')
    .replace(/\\d/g, '[0-9]')
    .replace(/\\S/g, '[^[:space:]]')
    .replace(/\\s/g, '[[:space:]]')
    .replace(/\\w/g, '[[:alnum:]_]')
    .replace(/([*+?}])\?/g, '$1');
}

function patternSet() {
  const bundle = JSON.parse(readFileSync(join(root, 'dist', 'rules.bundle.json'), 'utf8'));
  const sources = [];
  const visit = (c) => {
    if (c.all) c.all.forEach(visit);
    else if (c.any) c.any.forEach(visit);
    else if (c.not) visit(c.not);
    else if (c.paste) sources.push(c.paste.regex ?? c.paste.contains.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  };
  for (const r of bundle.rules) visit(r.when);
  const unique = [...new Set(sources)];
  const ere = unique.map(jsToEre).filter(Boolean);
  return { total: unique.length, ere };
}

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
const { total, ere } = patternSet();
const patFile = join(workDir, 'patterns.ere');
writeFileSync(patFile, ere.join('\n') + '\n');

// Warm the page cache so both tools read from memory.
spawnSync('cat', [logFile], { stdio: ['ignore', 'ignore', 'ignore'] });

const grepRuns = [];
let grepCount = '';
for (let k = 0; k < 3; k++) {
  const g = timed('grep', ['-E', '-c', '-i', '-f', patFile, logFile]);
  grepRuns.push(g.ms);
  grepCount = g.stdout.trim();
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
const docMs = median(docRuns);
const grepMBs = sizeMb / (grepMs / 1000);
const docMBs = sizeMb / (docMs / 1000);

// Small paste end to end vs node -e 0.
const paste = join(workDir, 'small-paste.log');
writeFileSync(paste, 'gateway connect failed: Error: pairing required\ngateway closed (1008): pairing required\nGateway target: ws://127.0.0.1:18789\n');
const nodeRuns = [];
const smallRuns = [];
for (let k = 0; k < RUNS; k++) {
  nodeRuns.push(timed(process.execPath, ['-e', '0']).ms);
  smallRuns.push(timed(process.execPath, [bin, '--no-probe', '--json', '--log', paste], { env: { ...process.env, NO_COLOR: '1' } }).ms);
}
const nodeMs = median(nodeRuns);
const smallMs = median(smallRuns);

const ratio = docMBs / grepMBs;
const results = {
  log: { file: logFile, sizeMb: Number(sizeMb.toFixed(1)), buriedErrors: BURIED.length },
  patterns: { rulePatterns: total, translatedToEre: ere.length },
  grep: { medianMs: Math.round(grepMs), mbPerS: Math.round(grepMBs), matchingLines: Number(grepCount) },
  doctor: { medianMs: Math.round(docMs), mbPerS: Math.round(docMBs), peakRssMb: Math.round(docRss), findings: found },
  throughputRatio: Number(ratio.toFixed(2)),
  smallPaste: { medianMs: Math.round(smallMs), nodeE0MedianMs: Math.round(nodeMs), ratio: Number((smallMs / nodeMs).toFixed(2)), runs: RUNS },
  targets: { throughputRatio: '>= 0.5', peakRssMb: '< 100', smallPasteRatio: '<= 2' },
};
console.log(`log: ${results.log.sizeMb} MB, ${BURIED.length} real errors buried; pattern set: ${ere.length}/${total} rule patterns as ERE`);
console.log(`grep -E -c -i : ${results.grep.mbPerS} MB/s (${results.grep.medianMs} ms, ${grepCount} matching lines)`);
console.log(`clawkit-doctor: ${results.doctor.mbPerS} MB/s (${results.doctor.medianMs} ms), peak RSS ${results.doctor.peakRssMb} MB, ${found} findings`);
console.log(`throughput vs grep: ${results.throughputRatio}x (target >= 0.5x)   peak RSS target < 100 MB: ${docRss < 100 ? 'met' : 'NOT met'}`);
console.log(`small paste end to end: ${results.smallPaste.medianMs} ms vs node -e 0 ${results.smallPaste.nodeE0MedianMs} ms = ${results.smallPaste.ratio}x (target <= 2x)`);

const probeBench = join(root, 'scripts', 'bench-probe.mjs');
if (!args.includes('--no-probe-bench') && existsSync(probeBench)) {
  console.log('\nlive probe:');
  const r = spawnSync(process.execPath, [probeBench], { stdio: 'inherit' });
  if (r.status !== 0) console.log(`(probe bench exited ${r.status})`);
}
if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));
