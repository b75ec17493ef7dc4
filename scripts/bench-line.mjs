#!/usr/bin/env node
// Paired long-line timing (issue #9 part 2's "any line up to 64 KiB ≤ 5 ms"): evaluate() on the
// ReDoS bench's mixed 64 KiB lines (scripts/lib/mixed-lines.mjs, as bench-redos.mjs makes them) and
// two references (64 KiB of random letters, a one-line paste), for one or more built trees
// in this one process, the trees alternated run by run (ABBA), so load that comes and goes falls on
// both alike. Prints per line and tree the least and median CPU (process.cpuUsage: every thread of
// the process) and a hash of the first two answers, which must agree across trees for an exact change.
//
//   npm run bench:line                                   (this tree, built, 9 runs)
//   node scripts/bench-line.mjs                          (this tree as built, 9 runs)
//   node scripts/bench-line.mjs --trees A,B --runs 15    (A and B: roots of built trees)
//   node scripts/bench-line.mjs --trees A,B --only 0,5   (lines by index, as listed)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const trees = (opt('--trees') ?? here).split(',').map((t) => resolve(t));
const RUNS = Number(opt('--runs') ?? 9);
const only = opt('--only')?.split(',').map(Number);
const LEN = 64 * 1024;

async function load(root) {
  const dist = (p) => import(pathToFileURL(join(root, 'dist', ...p.split('/'))).href);
  await dist('shared/regex/exec.js'); // sets V8's linear-time fallback flag, as the CLI does
  const { pasteRunner } = await dist('shared/regex/compile.js');
  const { evaluate } = await dist('engine/evaluate.js');
  const { pasteFromString, inputAnchors } = await dist('collectors/paste/read.js');
  const { loadBuiltinRules } = await dist('rules/load.js');
  const rules = await loadBuiltinRules();
  const bundle = JSON.parse(readFileSync(join(root, 'dist', 'rules.bundle.json'), 'latin1'));
  return { pasteRunner, evaluate, pasteFromString, inputAnchors, rules, bundle };
}
const T = [];
for (const root of trees) T.push(await load(root));

// The lines, from the first tree's bundle (the same text for every tree).
const { benchPatterns, mixedLines } = await import(pathToFileURL(join(here, 'scripts', 'lib', 'mixed-lines.mjs')).href);
const patterns = benchPatterns(T[0].bundle, T[0].pasteRunner);
const anchors = (await T[0].inputAnchors(T[0].rules)).flatMap((a) => a.literals ?? []);
// Lower-case letters and spaces from a fixed generator, too irregular for a prefix read: a line of few literals.
let x = 1;
let plain = '';
while (plain.length < LEN) {
  x = (x * 1103515245 + 12345) & 0x7fffffff;
  plain += (x & 7) === 0 ? ' ' : String.fromCharCode(97 + ((x >> 16) % 26));
}
let lines = [
  ...mixedLines(patterns, anchors, LEN),
  { label: '64 KiB of random letters and spaces', line: plain },
  { label: 'a one-line paste', line: 'gateway connect failed: Error: unauthorized: gateway token mismatch' },
];
lines = lines.map((l, i) => ({ ...l, i }));
if (only) lines = lines.filter((l) => only.includes(l.i));
const held = patterns.literals.filter((l) => plain.includes(l.toLowerCase()));
if (held.length > 0) console.log(`note: the random-letters line holds ${held.length} cover literal(s): ${held.slice(0, 5).join(', ')}`);

const cpu = (f) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const hash = (o) => createHash('sha1').update(JSON.stringify(o)).digest('hex').slice(0, 10);
const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(1)} / ${s[s.length >> 1].toFixed(1)}`;
};
console.log(`load ${loadavg().map((v) => v.toFixed(1)).join(' ')}, node ${process.version}, ${RUNS} runs per tree, least / median CPU ms; trees: ${trees.join(', ')}`);
let differ = false;
for (const { i, label, line } of lines) {
  const ms = T.map(() => []);
  const hs = T.map(() => new Set());
  for (let r = 0; r < RUNS; r++) {
    for (let j = 0; j < T.length; j++) {
      const k = r % 2 === 0 ? j : T.length - 1 - j;
      const t = T[k];
      const paste = await t.pasteFromString(line, { source: 'stdin' });
      let out;
      ms[k].push(cpu(() => (out = t.evaluate(t.rules, { flags: {}, paste }))));
      if (r < 2) hs[k].add(hash(out));
    }
  }
  const answers = hs.map((h) => [...h].join(','));
  if (new Set(answers).size > 1) differ = true;
  console.log(`${String(i).padStart(2)} ${label.padEnd(48)} ${T.map((_, j) => `${stat(ms[j])} [${answers[j]}]`).join('  |  ')}`);
}
if (differ) console.log('ANSWERS DIFFER between trees');
process.exit(differ ? 1 : 0);
