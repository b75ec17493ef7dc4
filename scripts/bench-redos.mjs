#!/usr/bin/env node
// ReDoS bench (issue #9 part 2; measured, not asserted in tests): adversarial lines built from every
// rule's own literals (the build-time covers) and the characters its repeats consume.
//  1. per line: the worst 64 KiB line, timed through the engine as the CLI runs it (one pass for
//     every cover literal, then each regex only on lines holding one of its literal sets, compiled
//     as validation chose), in this process; also every regex on every line with no literal check.
//     The lines: one pattern's literals each (per seed), then lines mixing many rules' literals
//     (mixedLines: every cover literal, every k-th, the 50 heaviest rules', the reader's anchors,
//     every cover literal with a dense `\"` escape);
//  2. crafted lines (scripts/lib/redos-attacks.mjs): per pattern, lines that pump each of its
//     repeats; the worst per pattern (by the regex alone at 4 KiB, then at full size) timed through
//     evaluate(), and run once more in a child with V8's trace to count patterns that trip its
//     backtrack limit (then re-run on the automaton engine, ~0.5 µs per character);
//  3. end to end: a 20 000-line adversarial paste through `clawkit-doctor --no-probe --json --log FILE`.
//
//   npm run bench:redos
//   node scripts/bench-redos.mjs --lines 20000 --line-kib 64
//   node scripts/bench-redos.mjs --crafted-only        (section 2 alone)
//   node scripts/bench-redos.mjs --reader-only         (section 0: the reader's own regexes, alone)
//   node scripts/bench-redos.mjs --groups-only         (section 0b: the HEAD-group attack lines, alone)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const CRAFTED_ONLY = args.includes('--crafted-only');
const READER_ONLY = args.includes('--reader-only');
const GROUPS_ONLY = args.includes('--groups-only');
const READER_ROOT = args.includes('--reader-root') ? resolve(args[args.indexOf('--reader-root') + 1]) : undefined;
const bundle = JSON.parse(readFileSync(join(root, 'dist', 'rules.bundle.json'), 'latin1'));
const lib = (p) => import(pathToFileURL(join(root, 'dist', 'shared', 'regex', p)).href);
const { execLine } = await lib('exec.js'); // sets V8's linear-time fallback flag, as the CLI does
const { pasteRunner } = await lib('compile.js');
const { MatchBudget } = await lib('budget.js');
const dist = (p) => import(pathToFileURL(join(root, 'dist', ...p.split('/'))).href);
const { evaluate } = await dist('engine/evaluate.js');
const { pasteFromString, inputAnchors } = await dist('collectors/paste/read.js');
const { loadBuiltinRules } = await dist('rules/load.js');
const { craftedLines, groupLines } = await import(pathToFileURL(join(root, 'scripts', 'lib', 'redos-attacks.mjs')).href);
const { benchPatterns, mixedLines: mixedLinesOf } = await import(pathToFileURL(join(root, 'scripts', 'lib', 'mixed-lines.mjs')).href);
const rules = await loadBuiltinRules();

// Child mode (section 2): run each crafted line once through its pattern, a marker before each, so
// V8's --trace-experimental-regexp-engine lines can be attributed to a pattern.
const tripChild = args.indexOf('--trip-child');
if (tripChild >= 0) {
  const { writeSync } = await import('node:fs');
  const jobs = JSON.parse(readFileSync(args[tripChild + 1], 'utf8'));
  for (const [i, j] of jobs.entries()) {
    writeSync(1, `@@ ${i}\n`);
    pasteRunner(j.m).exec(j.line);
  }
  writeSync(1, '@@ end\n');
  process.exit(0);
}

const { compiled, literals } = benchPatterns(bundle, pasteRunner);

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

async function mixedLines(len) {
  return mixedLinesOf({ compiled, literals }, (await inputAnchors(rules)).flatMap((a) => a.literals ?? []), len);
}

/**
 * CPU clocks. process.cpuUsage() is the whole process: V8's background compile and GC threads are
 * charged to whatever line runs while they work (measured: 2.8 of 3.9 ms on one garbage-heavy
 * millisecond of work). process.threadCpuUsage() (Node 22.23 and 24 here, not 20) is this thread
 * alone, but on Linux it reads the scheduler's runtime without bringing the running thread's up to
 * date: it moves in steps of a tick or a context switch (0.3–4 ms measured; 0.37 ms of work read
 * as 0), too coarse for a per-line figure. The deciding clock is therefore the main thread's CPU as
 * the process clock (exact for the calling thread) minus every other thread's runtime
 * (/proc/self/task/<tid>/schedstat, read outside the timed span); the process clock alone where
 * /proc is missing. Both are reported; the output names the deciding clock.
 */
const MAIN_TID = String(process.pid);
const othersMs = () => {
  let ns = 0;
  try {
    for (const t of readdirSync('/proc/self/task')) {
      if (t === MAIN_TID) continue;
      try {
        ns += Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'latin1').split(' ')[0]);
      } catch {
        // the thread ended between the listing and the read
      }
    }
  } catch {
    return NaN;
  }
  return ns / 1e6;
};
const MAIN_CLOCK = Number.isFinite(othersMs());
const CLOCK = MAIN_CLOCK ? "main-thread CPU (process.cpuUsage minus the other threads' /proc schedstat runtime)" : "process CPU (process.cpuUsage: V8's background threads included; no /proc)";
const procMs = (c0) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
/** CPU ms of f() on the deciding clock; lastProc: the same on the whole-process clock. */
let lastProc = 0;
const cpuOf = (f) => {
  const o0 = MAIN_CLOCK ? othersMs() : 0;
  const c0 = process.cpuUsage();
  f();
  lastProc = procMs(c0);
  return MAIN_CLOCK ? Math.max(0, lastProc - (othersMs() - o0)) : lastProc;
};

// 0. The reader's own regexes (scripts/lib/reader-regexes.mjs: paste reader, structured readers,
// recognisers, redaction, lexicon line patterns), each alone on its crafted lines: 1 KiB, then
// 4 KiB, then the worst 3 at 64 KiB (least CPU of 3); a pattern over 10 ms at a size is counted
// superlinear and not run larger. `--reader-root DIR` reads the patterns of another checkout.
{
  const { readerRegexes } = await import(pathToFileURL(join(root, 'scripts', 'lib', 'reader-regexes.mjs')).href);
  const { patterns } = readerRegexes(READER_ROOT);
  // The story words (lexicon/story/*.json, {gw} substituted) run only on lines up to the story's line
  // cap (src/derive/story.ts STORY_MAX_LINE_CHARS): timed at that cap, so raising it shows here.
  const storyRoot = READER_ROOT ?? root;
  const { sourcesOf, storyFiles } = await import(pathToFileURL(join(storyRoot, 'dist', 'shared', 'story-words.js')).href);
  const { STORY_MAX_LINE_CHARS } = await import(pathToFileURL(join(storyRoot, 'dist', 'derive', 'story.js')).href);
  for (const [fi, f] of storyFiles(join(storyRoot, 'lexicon', 'story')).entries()) {
    const s = sourcesOf(f);
    const lists = [['notState', s.notState], ['runs', s.runs], ...['gatewayState', 'actor', 'action', 'supervisor', 'after'].flatMap((d) => s[d].map(([is, l]) => [`${d}.${is}`, l])),
      // The shared phrase list (Round 32a): fix statements' parts, denials, quoting lines.
      ...Object.entries(s.resolved ?? {}).map(([part, l]) => [`resolved.${part}`, l]), ...['denied', 'quoted', 'quotedBlock', 'quotedBlockEnd', 'denialStop', 'placeholder', 'genericDenied'].map((k) => [k, s[k] ?? []])];
    for (const [name, list] of lists) for (const [i, source] of list.entries()) patterns.push({ where: `lexicon/story file ${fi} ${name}[${i}]`, source, flags: 'i', cap: STORY_MAX_LINE_CHARS });
  }
  const rows = [];
  for (const p of patterns) {
    const re = new RegExp(p.source, p.flags.replace(/[gy]/g, ''));
    const ic = p.flags.includes('i');
    const size = (n) => Math.min(n, p.cap ?? n);
    const timed = (lines) => lines.map((l) => ({ ...l, ms: (re.exec(l.line), Math.min(cpuOf(() => re.exec(l.line)), cpuOf(() => re.exec(l.line)))) })).sort((a, b) => b.ms - a.ms);
    let worst = timed(craftedLines(p.source, ic, size(1024)));
    if (!worst.length) continue;
    if (worst[0].ms > 10) { rows.push({ ...p, ms: Infinity, at: '1 KiB', first: worst[0].ms }); continue; }
    worst = timed(craftedLines(p.source, ic, size(4096)));
    if (worst[0].ms > 10) { rows.push({ ...p, ms: Infinity, at: '4 KiB', first: worst[0].ms }); continue; }
    const kinds = new Set(worst.slice(0, 3).map((w) => w.kind));
    const full = craftedLines(p.source, ic, size(LINE_KIB * 1024)).filter((l) => kinds.has(l.kind));
    let ms = 0;
    let first = 0;
    for (const l of full) {
      const once = cpuOf(() => re.exec(l.line));
      first = Math.max(first, once);
      ms = Math.max(ms, Math.min(once, cpuOf(() => re.exec(l.line)), cpuOf(() => re.exec(l.line))));
    }
    rows.push({ ...p, ms, first });
  }
  const finite = rows.filter((r) => r.ms !== Infinity).map((r) => r.ms).sort((a, b) => a - b);
  const q = (f) => finite[Math.min(finite.length - 1, Math.floor(f * finite.length))] ?? NaN;
  const over = rows.filter((r) => r.ms > 5).sort((a, b) => b.ms - a.ms);
  console.log(`reader regexes (clock: ${MAIN_CLOCK ? 'main-thread' : 'process'} CPU): ${rows.length} of ${patterns.length} with a repeat to pump, alone on their crafted ${LINE_KIB} KiB lines, least of 3: median ${q(0.5).toFixed(2)} / p95 ${q(0.95).toFixed(2)} / worst ${finite.length ? finite.at(-1).toFixed(2) : '—'} ms; ${over.length} over 5 ms (${rows.length - finite.length} superlinear: over 10 ms at 1 or 4 KiB) (target ≤ 5 ms); story words: ${patterns.filter((p) => p.cap).length}, timed at their ${STORY_MAX_LINE_CHARS}-char line cap`);
  for (const r of over) console.log(`  ${r.where} ${r.ms === Infinity ? `superlinear (${r.first.toFixed(1)} ms at ${r.at})` : `${r.ms.toFixed(2)} ms`}  /${r.source.slice(0, 100)}${r.source.length > 100 ? '…' : ''}/${r.flags}`);
  if (READER_ONLY) process.exit(0);
}

// 0b. Patterns whose plan splits a HEAD by length into pieces sharing REST, stop and max (run as
// one group: src/shared/regex/piece-group.ts): lines dense with their HEADs (groupLines), each
// through its pattern's runner alone and through evaluate() (least CPU of 3).
if (!CRAFTED_ONLY) {
  const rows = [];
  for (const c of compiled) {
    if (!c.m.plan) continue;
    for (const l of groupLines(c.m.plan, !c.m.caseSensitive, LINE_KIB * 1024, (c.m.cover?.[0] ?? []).join(' '))) {
      c.run.exec(l.line);
      const alone = Math.min(cpuOf(() => c.run.exec(l.line)), cpuOf(() => c.run.exec(l.line)), cpuOf(() => c.run.exec(l.line)));
      const paste = await pasteFromString(l.line, { source: 'stdin' });
      let ms = Infinity;
      for (let k = 0; k < 3; k++) ms = Math.min(ms, cpuOf(() => evaluate(rules, { flags: {}, paste })));
      rows.push({ id: c.id, kind: l.kind, alone, ms });
    }
  }
  const q = (xs, f) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))] ?? NaN;
  const top = (k) => [...rows].sort((a, b) => b[k] - a[k]).slice(0, 3).map((r) => `${r.id} ${r[k].toFixed(2)} ms (${r.kind})`).join('; ');
  for (const [k, what] of [['alone', 'its runner alone'], ['ms', 'through evaluate()']])
    console.log(`HEAD-group attack lines (clock: ${MAIN_CLOCK ? 'main-thread' : 'process'} CPU): ${rows.length} lines, ${what}, least of 3: median ${q(rows.map((r) => r[k]), 0.5).toFixed(2)} / p95 ${q(rows.map((r) => r[k]), 0.95).toFixed(2)} ms; ${rows.filter((r) => r[k] > 5).length} over 5 ms; worst: ${top(k)}`);
  if (GROUPS_ONLY) process.exit(0);
}

const unlimited = new MatchBudget(Infinity);
/** One line through every rule as the engine runs it (a fresh paste: nothing cached), or every regex alone. */
async function timeLine(line, each = false) {
  const paste = each ? undefined : await pasteFromString(line, { source: 'stdin' });
  const t0 = process.hrtime.bigint();
  lastCpu = cpuOf(() => {
    if (each) for (const c of compiled) c.run.exec(line);
    else evaluate(rules, { flags: {}, paste });
  });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
/** CPU time of the last timeLine (on a loaded machine wall time mostly measures the neighbours). */
let lastCpu = 0;

const RUNS = 3;
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const stats = (xs) => {
  const s = sorted(xs);
  return `median ${s[s.length >> 1].toFixed(2)} ms, p95 ${s[Math.floor(s.length * 0.95)].toFixed(2)} ms, worst ${s[s.length - 1].toFixed(1)} ms`;
};
if (!CRAFTED_ONLY) {
// 1. the worst 64 KiB line. CPU time per line twice: its first run (which also pays for compiling
// the regexes it is the first to reach, and any GC that falls on it) and the least of 3 runs (what
// the line itself costs). Wall time is printed too, but on a loaded box it mostly measures neighbours.
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
const steadyProc = [];
const eachLine = [];
const mixed = await mixedLines(LINE_KIB * 1024);
// Per-rule lines (seed < compiled.length: adversarial(seed)), then the mixed lines.
const lineOf = (seed) => (seed < compiled.length ? adversarial(seed, LINE_KIB * 1024) : mixed[seed - compiled.length].line);
const labelOf = (seed) => (seed < compiled.length ? `seed ${seed}` : mixed[seed - compiled.length].label);
const mixedCpu = [];
for (let seed = 0; seed < compiled.length + mixed.length; seed++) {
  const line = lineOf(seed);
  const ms = await timeLine(line);
  perLine.push(ms);
  perLineCpu.push(lastCpu);
  let least = lastCpu;
  let leastProc = lastProc;
  for (let k = 1; k < RUNS; k++) {
    await timeLine(line);
    least = Math.min(least, lastCpu);
    leastProc = Math.min(leastProc, lastProc);
  }
  steadyCpu.push(least);
  steadyProc.push(leastProc);
  if (seed >= compiled.length) mixedCpu.push({ label: labelOf(seed), ms: least, proc: leastProc });
  if (least > worstSteady.ms) worstSteady = { ms: least, seed };
  eachLine.push(await timeLine(line, true));
  if (ms > worst.ms) worst = { ms, seed };
}
/** Least CPU of two runs of each pattern alone on a line. */
const slowestOn = (seed) => {
  const line = lineOf(seed);
  return compiled
    .map((m) => {
      let least = Infinity;
      for (let k = 0; k < 2; k++) least = Math.min(least, cpuOf(() => execLine(m.m, { line: 1, text: line }, unlimited)));
      return { id: m.id, ms: least };
    })
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
};
const overSeeds = steadyCpu.flatMap((x, seed) => (x > 5 ? [`${labelOf(seed)} ${x.toFixed(1)} ms`] : []));
const over = overSeeds.length;
console.log(`${perLine.length} adversarial ${LINE_KIB} KiB lines (${compiled.length} of one pattern's literals each, ${mixed.length} mixing many rules' literals) × ${compiled.length} patterns, through evaluate() (target ≤ 5 ms); load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`  clock: ${CLOCK}`);
console.log(`  CPU, least of ${RUNS} runs: ${stats(steadyCpu)}; ${over} line(s) over 5 ms`);
if (over) console.log(`    over 5 ms (line, least CPU): ${overSeeds.join(', ')}`);
console.log(`  mixed lines, least of ${RUNS} (CPU${MAIN_CLOCK ? ' main thread / whole process' : ''}): ${mixedCpu.map((m) => `${m.label} ${m.ms.toFixed(1)}${MAIN_CLOCK ? ` / ${m.proc.toFixed(1)}` : ''} ms`).join(', ')}`);
if (MAIN_CLOCK) {
  const overProc = steadyProc.flatMap((x, seed) => (x > 5 ? [`${labelOf(seed)} ${x.toFixed(1)} ms`] : []));
  console.log(`  whole-process CPU (process.cpuUsage), least of ${RUNS} runs: ${stats(steadyProc)}; ${overProc.length} line(s) over 5 ms${overProc.length ? ` (${overProc.join(', ')})` : ''}`);
}
console.log(`  CPU, first run: ${stats(perLineCpu)}`);
console.log(`  wall, first run: ${stats(perLine)}`);
console.log(`  every regex on every line, no literal check (wall): ${stats(eachLine)}`);
console.log(`  worst line by least CPU: ${labelOf(worstSteady.seed)} (${worstSteady.seed < compiled.length ? `${compiled[worstSteady.seed].id}'s literals` : 'mixed'}); slowest patterns alone on it (CPU): ${slowestOn(worstSteady.seed).map((s) => `${s.id} ${s.ms.toFixed(2)} ms`).join(', ')}`);

}

// 2. crafted lines: for each pattern, every pump line at 4 KiB through the regex alone (as the
// engine runs it), the 3 worst at full size, and the worst of those through evaluate() (least CPU of
// 3). A pattern already over 10 ms at 4 KiB is superlinear: its full-size line is not run (it would
// take seconds) and it counts as over the target.
const craftedRows = [];
const trips = [];
for (const c of compiled) {
  const tail = (c.m.cover?.[0] ?? []).join(' ');
  const small = craftedLines(c.m.regex, !c.m.caseSensitive, 4096, tail).map((l) => ({ ...l, ms: (c.run.exec(l.line), Math.min(cpuOf(() => c.run.exec(l.line)), cpuOf(() => c.run.exec(l.line)))) }));
  small.sort((x, y) => y.ms - x.ms);
  if (!small.length) continue;
  if (small[0].ms > 10) {
    craftedRows.push({ id: c.id, re: c.m.regex, kind: small[0].kind, alone: Infinity, ms: Infinity, at4k: small[0].ms });
    trips.push({ m: c.m, id: c.id, line: craftedLines(c.m.regex, !c.m.caseSensitive, 4096, tail).find((l) => l.kind === small[0].kind).line });
    continue;
  }
  const full = craftedLines(c.m.regex, !c.m.caseSensitive, LINE_KIB * 1024, tail);
  let worstFull = { ms: -1 };
  for (const s of small.slice(0, 3)) {
    const l = full.find((f) => f.kind === s.kind);
    if (!l) continue;
    const ms = cpuOf(() => c.run.exec(l.line));
    if (ms > worstFull.ms) worstFull = { ms, kind: l.kind, line: l.line };
  }
  if (!worstFull.line) continue;
  const paste = await pasteFromString(worstFull.line, { source: 'stdin' });
  let least = Infinity;
  for (let k = 0; k < RUNS; k++) least = Math.min(least, cpuOf(() => evaluate(rules, { flags: {}, paste })));
  craftedRows.push({ id: c.id, re: c.m.regex, kind: worstFull.kind, alone: worstFull.ms, ms: least });
  trips.push({ m: c.m, id: c.id, line: worstFull.line });
}
// Trips of V8's backtrack limit, counted in a child with its trace on (one marker per line).
const jobsFile = join(root, '.cache', 'bench', 'redos-trips.json');
mkdirSync(dirname(jobsFile), { recursive: true });
writeFileSync(jobsFile, JSON.stringify(trips.map(({ m, line }) => ({ m, line }))));
const child = spawnSync(process.execPath, ['--enable-experimental-regexp-engine-on-excessive-backtracks', '--trace-experimental-regexp-engine', fileURLToPath(import.meta.url), '--trip-child', jobsFile], { encoding: 'utf8', maxBuffer: 64 << 20 });
const tripped = new Set();
let at = -1;
for (const l of child.stdout.split('\n')) {
  if (l.startsWith('@@ ')) at = Number(l.slice(3));
  else if (l.startsWith('Experimental execution') && at >= 0) tripped.add(trips[at].id + ' ' + trips[at].m.regex);
}
const finite = craftedRows.filter((r) => r.ms !== Infinity).map((r) => r.ms);
const overCrafted = craftedRows.filter((r) => r.ms > 5).sort((x, y) => y.ms - x.ms);
console.log(`crafted lines (clock: ${CLOCK}): ${craftedRows.length} patterns, worst pump line each (${LINE_KIB} KiB), through evaluate(), CPU least of ${RUNS}: ${finite.length ? stats(finite) : '—'}; ${overCrafted.length} pattern(s) over 5 ms (${craftedRows.length - finite.length} superlinear: over 10 ms at 4 KiB); ${tripped.size} trip V8's backtrack limit${child.status ? ` (trace child exit ${child.status})` : ''}`);
const alone = craftedRows.filter((r) => r.alone !== Infinity).map((r) => r.alone);
const overAlone = craftedRows.filter((r) => r.alone > 5).sort((x, y) => y.alone - x.alone);
console.log(`  the same lines, each through its own regex alone (the engine may stop a rule before it; CPU, first run): ${alone.length ? stats(alone) : '—'}; ${overAlone.length} over 5 ms${overAlone.length ? `: ${overAlone.slice(0, 12).map((r) => `${r.id} ${r.alone === Infinity ? 'superlinear' : `${r.alone.toFixed(1)} ms`}`).join(', ')}` : ''}`);
for (const r of overCrafted.slice(0, 40)) console.log(`    ${r.ms === Infinity ? `superlinear (${r.at4k.toFixed(1)} ms at 4 KiB)` : `${r.ms.toFixed(1)} ms (regex alone ${r.alone.toFixed(1)} ms)`} ${r.id}: ${r.kind}`);
if (overCrafted.length > 40) console.log(`    … ${overCrafted.length - 40} more`);
for (const t of tripped) console.log(`    trips: ${t.slice(0, 160)}`);

if (!CRAFTED_ONLY) {
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
}
