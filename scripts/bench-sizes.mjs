#!/usr/bin/env node
// Speed by input size (issue #13), every figure next to its reference, run in turn (A B A B …):
//   doctor  `clawkit-doctor --no-probe --json --log FILE` (`--bin PATH`: another build's launcher)
//   grep    GNU grep -c -i -E with 20 everyday connection-error patterns (LC_ALL=C)
//   rg      ripgrep -c -i with the doctor's own pattern set (its anchors for that file, as regexes;
//           scripts/lib/pattern-set.mjs), when found: `--rg PATH`, $CLAWKIT_BENCH_RG, or rg on PATH
//           (`npm pack @vscode/ripgrep-linux-x64` holds one in package/bin/rg)
//   cat     the floor (cat FILE > /dev/null)
//   node    `node -e 0` on each installed Node (this one, plus --node PATH …)
// CPU time (user + sys) and peak RSS of each child (os.wait4, via python3), wall; medians of --runs (≥ 5).
// Every child writes to a file, not /dev/null: GNU grep stops at the first match when its output is
// /dev/null, which made it look 10× faster than it is.
// The log is generated (seeded): many line templates, ISO timestamps, plain and JSON lines, errors
// at random places, and literals that are rare early and common later (a gateway going bad).
// Logs over 100 MB are deleted afterwards (--keep keeps them).
//
//   node scripts/bench-sizes.mjs                    # 38 B … 200 MB
//   node scripts/bench-sizes.mjs --huge             # … and 1 GB (or CLAWKIT_BENCH_HUGE=1)
//   node scripts/bench-sizes.mjs --sizes 38,2e6 --runs 5 --node /path/to/node22 --rg /tmp/rg
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const RUNS = Math.max(5, Number(opt('--runs', '5')));
const HUGE = args.includes('--huge') || process.env.CLAWKIT_BENCH_HUGE === '1';
const SIZES = opt('--sizes', `38,20000,500000,1900000,2100000,20000000,200000000${HUGE ? ',1000000000' : ''}`).split(',').map(Number);
const NODES = [process.execPath, ...args.flatMap((a, i) => (a === '--node' ? [args[i + 1]] : []))];
const workDir = join(root, '.cache', 'bench');
mkdirSync(workDir, { recursive: true });
const bin = resolve(opt('--bin', join(root, 'bin', 'clawkit-doctor.js')));
const outFile = join(workDir, 'child-output.txt');

const PATTERNS = [
  'ECONNREFUSED', 'ETIMEDOUT', 'EADDRINUSE', 'ENOTFOUND', 'ECONNRESET', 'connection refused',
  'unauthorized', 'token mismatch', 'pairing required', 'origin not allowed', 'device identity',
  'closed before connect', 'code=1008', '1006', 'self.signed certificate', 'handshake timeout',
  'gateway failed to start', 'address already in use', 'permission denied', 'socket hang up',
];

// ---------------------------------------------------------------- the log
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}
const SUBSYSTEMS = ['gateway', 'ws', 'agent/embedded', 'telegram', 'discord', 'cron', 'canvas', 'browser', 'plugins', 'heartbeat'];
const PLAIN = [
  (r, ts, i) => `${ts} [gateway] heartbeat ok agents=${i % 5} queue=${i % 7} uptimeMs=${i * 31}`,
  (r, ts, i) => `${ts} [ws] webchat connected conn=${(i * 2654435761 >>> 0).toString(16)} remote=127.0.0.1 client=openclaw-control-ui`,
  (r, ts, i) => `${ts} [telegram] polling cycle ok updates=${i % 3} offset=${i}`,
  (r, ts, i) => `${ts} [cron] job tick name=digest next=2026-03-05T08:00:00Z run=${i}`,
  (r, ts, i) => `${ts} [agent/embedded] run ${i} model=anthropic/claude tokens=${(i * 37) % 9000} durationMs=${i % 900}`,
  (r, ts, i) => `${ts} [plugins] loaded ${['memory', 'voice', 'browser'][i % 3]} in ${i % 40}ms`,
  (r, ts, i) => `${ts} [canvas] host listening on http://127.0.0.1:18793 (${i % 2 ? 'reused' : 'fresh'})`,
];
const JSONL = (r, ts, i) => JSON.stringify({ 0: JSON.stringify({ subsystem: SUBSYSTEMS[i % SUBSYSTEMS.length] }), 1: `embedded run done: runId=${i} durationMs=${i % 900}`, _meta: { logLevelName: i % 11 ? 'DEBUG' : 'INFO' }, time: ts });
const ERRORS = [
  (ts, i) => `${ts} [ws] closed before connect conn=${i.toString(16)} remote=172.18.0.1 fwd=n/a origin=http://192.168.1.20:18789 code=1008 reason=control ui requires device identity (use HTTPS or localhost secure context)`,
  (ts, i) => `${ts} [ws] unauthorized conn=${i.toString(16)} remote=127.0.0.1 client=cli cli v2026.9.6 reason=token_mismatch`,
  (ts) => `gateway connect failed: Error: unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)`,
  (ts, i) => JSON.stringify({ 0: '{"subsystem":"gateway/ws"}', 1: `closed before connect conn=${i} remote=203.0.113.9 fwd=n/a code=1008 reason=pairing required`, _meta: { logLevelName: 'WARN' }, time: ts }),
  (ts) => `${ts} [gateway] Gateway failed to start: Error: listen EADDRINUSE: address already in use 127.0.0.1:18789`,
];

function generate(file, bytes) {
  const r = rng(13);
  const fd = openSync(file, 'w');
  let written = 0;
  let chunk = '';
  let t = Date.parse('2026-03-04T08:00:00Z');
  for (let i = 0; written < bytes; i++) {
    t += Math.floor(r() * 200);
    const ts = new Date(t).toISOString();
    // Errors: rare in the first half, ten times more common later.
    const pErr = written < bytes / 2 ? 0.00002 : 0.0002;
    let line = r() < pErr ? ERRORS[Math.floor(r() * ERRORS.length)](ts, i) : r() < 0.3 ? JSONL(r, ts, i) : PLAIN[Math.floor(r() * PLAIN.length)](r, ts, i);
    if (written + line.length + 1 > bytes) line = line.slice(0, Math.max(0, bytes - written - 1));
    chunk += line + '\n';
    written += Buffer.byteLength(line) + 1;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

// ---------------------------------------------------------------- measuring
// python3's os.wait4 gives CPU time in microseconds (/usr/bin/time rounds to 10 ms: grep on a few
// MB would read as 0).
const WAIT4 = 'import os,sys,time\nt=time.monotonic()\np=os.fork()\nif p==0:\n  n=os.open(os.devnull,os.O_RDWR); os.dup2(n,0)\n  o=os.open(sys.argv[1],os.O_WRONLY|os.O_CREAT|os.O_TRUNC,0o644); os.dup2(o,1)\n  os.execvp(sys.argv[2],sys.argv[2:])\n_,st,ru=os.wait4(p,0)\nprint(ru.ru_utime+ru.ru_stime,time.monotonic()-t,ru.ru_maxrss)';
function run(cmd, argv, env = {}) {
  const r = spawnSync('python3', ['-c', WAIT4, outFile, cmd, ...argv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NO_COLOR: '1', LC_ALL: 'C', ...env } });
  const [cpu, wall, kb] = r.stdout.trim().split(' ').map(Number);
  return { cpu: cpu * 1000, wall: wall * 1000, rss: kb / 1024 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (spawnSync('python3', ['-c', '0']).status !== 0) {
  console.error('bench-sizes: python3 is needed (CPU time of each child via os.wait4)');
  process.exit(2);
}
const rgPath = opt('--rg', process.env.CLAWKIT_BENCH_RG ?? 'rg');
const rg = spawnSync(rgPath, ['--version']).status === 0 ? rgPath : undefined;
if (!rg) console.log(`(no ripgrep at ${rgPath}: the rg columns are left out)`);
const { patternSet } = await import('./lib/pattern-set.mjs');
const grepArgs = PATTERNS.flatMap((p) => ['-e', p]);

// node -e 0 per Node, interleaved with the doctor on a small paste on the same Node.
const small = join(workDir, 'sizes-38.log');
generate(small, 38);
console.log(`| Node | node -e 0 CPU ms | doctor, 38 B paste, CPU ms | ratio |`);
console.log(`|---|---|---|---|`);
for (const node of NODES) {
  run(node, [bin, '--no-probe', '--json', '--log', small]); // warm the code cache
  const a = [];
  const b = [];
  for (let k = 0; k < RUNS; k++) {
    b.push(run(node, ['-e', '0']));
    a.push(run(node, [bin, '--no-probe', '--json', '--log', small]));
  }
  const v = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const ratios = a.map((x, k) => x.cpu / b[k].cpu);
  console.log(`| ${v} | ${median(b.map((x) => x.cpu)).toFixed(0)} | ${median(a.map((x) => x.cpu)).toFixed(0)} | ${median(ratios).toFixed(2)}× |`);
}

// Sizes up to MID_MAX also run the 38 B paste in each round: the "vs 38 B" column is the median of
// the per-round ratios (issue #13's mid-size target is against the small paste, paired).
const MID_MAX = 2.2e6;
console.log(`\n| size | doctor CPU ms | vs 38 B paste, paired | wall ms | peak MiB | stdin (cat FILE \\| doctor) peak MiB | grep (20 patterns) CPU ms | doctor/grep speed | ${rg ? "rg (doctor's patterns) CPU ms | doctor/rg speed | " : ''}cat CPU ms |`);
console.log(`|---|---|---|---|---|---|---|---|${rg ? '---|---|' : ''}---|`);
for (const size of SIZES) {
  const file = join(workDir, `sizes-${size}.log`);
  if (!existsSync(file) || statSync(file).size !== size) generate(file, size);
  const rows = { doc: [], small: [], pipe: [], grep: [], rg: [], cat: [] };
  const rgFile = join(workDir, `sizes-${size}.rg`);
  if (rg) writeFileSync(rgFile, (await patternSet(root, file)).rust.join('\n') + '\n');
  run(process.execPath, [bin, '--no-probe', '--json', '--log', file]);
  for (let k = 0; k < RUNS; k++) {
    rows.doc.push(run(process.execPath, [bin, '--no-probe', '--json', '--log', file]));
    if (size <= MID_MAX) rows.small.push(run(process.execPath, [bin, '--no-probe', '--json', '--log', small]));
    // Through a pipe: wait4's peak RSS of the shell is the largest of its children (the doctor).
    rows.pipe.push(run('sh', ['-c', 'cat "$1" | "$2" "$3" --no-probe --json', 'sh', file, process.execPath, bin]));
    rows.grep.push(run('grep', ['-c', '-i', '-E', ...grepArgs, file]));
    if (rg) rows.rg.push(run(rg, ['-c', '-i', '-f', rgFile, file]));
    rows.cat.push(run('cat', [file]));
  }
  const m = (xs, f = 'cpu') => median(xs.map((x) => x[f]));
  // Speed ratio pair by pair: reference CPU / doctor CPU (≥ 1: the doctor is as fast or faster).
  const vs = (ref) => median(rows.doc.map((d, k) => ref[k].cpu / d.cpu)).toFixed(2);
  const vsSmall = rows.small.length ? `${median(rows.doc.map((d, k) => d.cpu / rows.small[k].cpu)).toFixed(2)}× (${((x) => (x >= 0 ? '+' : '') + x.toFixed(0))(median(rows.doc.map((d, k) => d.cpu - rows.small[k].cpu)))} ms)` : '—';
  const label = size >= 1e6 ? `${(size / 1e6).toFixed(1)} MB` : size >= 1e3 ? `${(size / 1e3).toFixed(0)} KB` : `${size} B`;
  if (size > 100e6 && !args.includes('--keep')) rmSync(file, { force: true });
  console.log(`| ${label} | ${m(rows.doc).toFixed(0)} | ${vsSmall} | ${m(rows.doc, 'wall').toFixed(0)} | ${m(rows.doc, 'rss').toFixed(0)} | ${m(rows.pipe, 'rss').toFixed(0)} | ${m(rows.grep).toFixed(0)} | ${vs(rows.grep)}× | ${rg ? `${m(rows.rg).toFixed(0)} | ${vs(rows.rg)}× | ` : ''}${m(rows.cat).toFixed(0)} |`);
}
