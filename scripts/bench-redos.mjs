#!/usr/bin/env node
// ReDoS bench (issue #9 part 2; measured, not asserted in tests): adversarial lines built from every
// rule's own literals (the build-time covers) and the characters its repeats consume.
//  1. per line: the worst 64 KiB line, timed through the engine as the CLI runs it (one pass for
//     every cover literal, then each regex only on lines holding one of its literal sets, compiled
//     as validation chose), in this process; also every regex on every line with no literal check;
//  2. end to end: a 20 000-line adversarial paste through `clawkit-doctor --no-probe --json --log FILE`.
//
//   npm run bench:redos
//   node scripts/bench-redos.mjs --lines 20000 --line-kib 64
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const LINES = opt('--lines', 20000);
const LINE_KIB = opt('--line-kib', 64);
const bundle = JSON.parse(readFileSync(join(root, 'dist', 'rules.bundle.json'), 'latin1'));
const lib = (p) => import(pathToFileURL(join(root, 'dist', 'shared', 'regex', p)).href);
const { execLine } = await lib('exec.js'); // sets V8's linear-time fallback flag, as the CLI does
const { pasteRunner } = await lib('compile.js');
const { MatchBudget } = await lib('budget.js');
const dist = (p) => import(pathToFileURL(join(root, 'dist', ...p.split('/'))).href);
const { evaluate } = await dist('engine/evaluate.js');
const { pasteFromString } = await dist('collectors/paste/read.js');
const { loadBuiltinRules } = await dist('rules/load.js');
const rules = await loadBuiltinRules();

// Every paste regex as the loader prepared it (bounded, linear rewrite or plan) and the literals of its cover.
const matchers = new Map();
const visit = (c, id) => {
  if (!c || typeof c !== 'object') return;
  if (Array.isArray(c)) return c.forEach((x) => visit(x, id));
  if (c.paste?.regex !== undefined) {
    const key = `${c.paste.caseSensitive ? 's' : 'i'}:re:${c.paste.regex}`;
    const cover = bundle.covers?.[key];
    matchers.set(key, { id, m: { ...c.paste, ...(cover ? { cover } : {}) }, literals: (cover ?? []).flat() });
  }
  for (const v of Object.values(c)) visit(v, id);
};
for (const r of bundle.rules) visit(r.when, r.id);
const compiled = [...matchers.values()].map((x) => ({ ...x, run: pasteRunner(x.m) }));
const literals = [...new Set(compiled.flatMap((m) => m.literals))].filter((l) => l.length > 0);

const FILL = [' ', 'a', '-', ':', '/', '.', '0', '=', '"', '\t', 'x1', ' :', 'aa '];
/** A line of `len` chars: one rule's literals, each followed by a run of one repeat character. */
function adversarial(seed, len) {
  const lits = compiled[seed % compiled.length].literals.length ? compiled[seed % compiled.length].literals : literals;
  const fill = FILL[seed % FILL.length];
  const run = [1, 8, 64, 512, 4096][seed % 5];
  let s = '';
  for (let i = 0; s.length < len; i++) s += lits[i % lits.length] + fill.repeat(Math.max(1, Math.floor(run / fill.length)));
  return s.slice(0, len);
}

const unlimited = new MatchBudget(Infinity);
/** One line through every rule as the engine runs it (a fresh paste: nothing cached), or every regex alone. */
async function timeLine(line, each = false) {
  const paste = each ? undefined : await pasteFromString(line, { source: 'stdin' });
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  if (each) for (const c of compiled) c.run.exec(line);
  else evaluate(rules, { flags: {}, paste });
  const c = process.cpuUsage(c0);
  lastCpu = (c.user + c.system) / 1000;
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
/** CPU time of the last timeLine (on a loaded machine wall time mostly measures the neighbours). */
let lastCpu = 0;

// 1. the worst 64 KiB line. CPU time per line twice: its first run (which also pays for compiling
// the regexes it is the first to reach, and any GC that falls on it) and the least of 3 runs (what
// the line itself costs). Wall time is printed too, but on a loaded box it mostly measures neighbours.
const RUNS = 3;
// The engine's own code is compiled by V8 on its first evaluations (~50 ms, once per process,
// whatever the input): paid here on ordinary lines, so it is not charged to the first seed.
// V8 also compiles each regex on its first use and tiers it up after a few: a one-time cost per
// process, paid here on every seed's line cut to 8 KiB so it is not charged to whichever 64 KiB
// line reaches a pattern first (the "first run" column below still shows the cold figures).
for (const text of ['gateway closed (1008): unauthorized: gateway token mismatch', 'Error: connect ECONNREFUSED 127.0.0.1:18789', 'x'.repeat(4096)])
  for (let k = 0; k < 3; k++) evaluate(rules, { flags: {}, paste: await pasteFromString(text, { source: 'stdin' }) });
for (let seed = 0; seed < compiled.length; seed++)
  for (let k = 0; k < 3; k++) evaluate(rules, { flags: {}, paste: await pasteFromString(adversarial(seed, 8192), { source: 'stdin' }) });
let worst = { ms: 0, seed: -1 };
let worstSteady = { ms: 0, seed: -1 };
const perLine = [];
const perLineCpu = [];
const steadyCpu = [];
const eachLine = [];
for (let seed = 0; seed < compiled.length; seed++) {
  const line = adversarial(seed, LINE_KIB * 1024);
  const ms = await timeLine(line);
  perLine.push(ms);
  perLineCpu.push(lastCpu);
  let least = lastCpu;
  for (let k = 1; k < RUNS; k++) {
    await timeLine(line);
    least = Math.min(least, lastCpu);
  }
  steadyCpu.push(least);
  if (least > worstSteady.ms) worstSteady = { ms: least, seed };
  eachLine.push(await timeLine(line, true));
  if (ms > worst.ms) worst = { ms, seed };
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const stats = (xs) => {
  const s = sorted(xs);
  return `median ${s[s.length >> 1].toFixed(2)} ms, p95 ${s[Math.floor(s.length * 0.95)].toFixed(2)} ms, worst ${s[s.length - 1].toFixed(1)} ms`;
};
/** Least CPU of two runs of each pattern alone on a line. */
const slowestOn = (seed) => {
  const line = adversarial(seed, LINE_KIB * 1024);
  return compiled
    .map((m) => {
      let least = Infinity;
      for (let k = 0; k < 2; k++) {
        const c0 = process.cpuUsage();
        execLine(m.m, { line: 1, text: line }, unlimited);
        const c = process.cpuUsage(c0);
        least = Math.min(least, (c.user + c.system) / 1000);
      }
      return { id: m.id, ms: least };
    })
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
};
const overSeeds = steadyCpu.flatMap((x, seed) => (x > 5 ? [`${seed} ${x.toFixed(1)} ms`] : []));
const over = overSeeds.length;
console.log(`${perLine.length} adversarial ${LINE_KIB} KiB lines × ${compiled.length} patterns, through evaluate() (target ≤ 5 ms); load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`  CPU, least of ${RUNS} runs: ${stats(steadyCpu)}; ${over} line(s) over 5 ms`);
if (over) console.log(`    over 5 ms (seed, least CPU): ${overSeeds.join(', ')}`);
console.log(`  CPU, first run: ${stats(perLineCpu)}`);
console.log(`  wall, first run: ${stats(perLine)}`);
console.log(`  every regex on every line, no literal check (wall): ${stats(eachLine)}`);
console.log(`  worst line by least CPU: seed ${worstSteady.seed} (${compiled[worstSteady.seed % compiled.length].id}'s literals); slowest patterns alone on it (CPU): ${slowestOn(worstSteady.seed).map((s) => `${s.id} ${s.ms.toFixed(2)} ms`).join(', ')}`);

// 2. a 20 000-line adversarial paste, end to end
const dir = join(root, '.cache', 'bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'redos-paste.log');
const lines = [];
for (let i = 0; i < LINES; i++) lines.push(adversarial(i * 7 + 3, 100 + ((i * 397) % 3900)));
writeFileSync(file, lines.join('\n') + '\n');
const t0 = process.hrtime.bigint();
/** CPU seconds of reaped children (Linux /proc; clock ticks at 100 Hz), or NaN elsewhere. */
const childCpu = () => {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return NaN;
  }
};
const cpuChildren0 = childCpu();
const r = spawnSync(process.execPath, [join(root, 'bin', 'clawkit-doctor.js'), '--no-probe', '--json', '--log', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
const wall = Number(process.hrtime.bigint() - t0) / 1e6;
const childCpuS = childCpu() - cpuChildren0;
let examined = '';
try {
  const rep = JSON.parse(r.stdout);
  examined = `${rep.findings?.length ?? 0} finding(s)${rep.notes?.length ? `, notes: ${rep.notes.map((n) => n.id ?? n).join(', ')}` : ''}`;
} catch {
  examined = `no JSON (exit ${r.status})`;
}
const mb = (Buffer.byteLength(lines.join('\n')) / 1048576).toFixed(1);
console.log(`${LINES}-line adversarial paste (${mb} MB): ${(wall / 1000).toFixed(2)} s wall (${childCpuS.toFixed(2)} s CPU), exit ${r.status}, ${examined} (target ≤ 2 s)`);
