#!/usr/bin/env node
// Accuracy of the rule catalogue on real reports. For each corpus case, run the CLI exactly as a
// user would (`--json --no-probe --no-env --log -`, plus `--openclaw-version` when the case states one)
// and compare the top findings' categories with the established root cause. A case may list every
// category that names its cause in `accept` (cases-2.jsonl, holdout5-*); otherwise `category` alone.
// "silent" counts connection cases with no finding at all (the worst answer a user can get).
// `--no-env`: a report comes from the reporter's machine, not this one. With this machine's
// environment, a gateway or another session listening here on 18789 moved single cases between runs.
//
//   npm run eval                       # ../shared/corpus/cases.jsonl (fallback: fixtures/corpus)
//   node scripts/eval.mjs --cases F    # another corpus
//   node scripts/eval.mjs --check      # exit 1 when below the targets
//   node scripts/eval.mjs --json       # machine-readable result
//   node scripts/eval.mjs --in-process # the CLI's main() in this process (the accuracy test)
//
// --in-process runs the same argv through the same entry the launcher calls (dist/cli.cjs `main`),
// one case after another with in-memory stdin/stdout, instead of starting Node once per case: the
// same reports for ~1/6 of the CPU (notes/hostile-input.md, "fast job"). The default stays one
// process per case, as a user runs it.
import { spawn } from 'node:child_process';
import { caseArgv } from './lib/eval-args.mjs';
import { runCliInProcess } from './lib/cli-in-process.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const valueOf = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const TARGETS = { top1: 0.85, top3: 0.95, falsePositives: 0 };
const candidates = [valueOf('--cases'), join(root, '..', 'shared', 'corpus', 'cases.jsonl'), join(root, 'fixtures', 'corpus', 'cases.jsonl')].filter(Boolean);
const casesFile = candidates.find((f) => existsSync(f));
if (!casesFile) {
  console.error(`eval: no corpus found (looked in ${candidates.join(', ')})`);
  process.exit(2);
}
const cases = readFileSync(casesFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

const bin = join(root, 'bin', 'clawkit-doctor.js');

function runCase(c) {
  return new Promise((resolvePromise) => {
    const argv = [bin, ...caseArgv(c)];
    const child = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      let report;
      try {
        report = JSON.parse(out);
      } catch {
        report = undefined;
      }
      resolvePromise({ c, code, report, err });
    });
    child.stdin.end(c.log);
  });
}

async function runCaseInProcess(c) {
  const { code, stdout, stderr } = await runCliInProcess(root, caseArgv(c), c.log);
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    report = undefined;
  }
  return { c, code, report, err: stderr };
}

async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

const started = Date.now();
// In process one at a time: main() runs are independent, but their CPU is the same one process.
const results = flag('--in-process') ? await pool(cases, 1, runCaseInProcess) : await pool(cases, 4, runCase);
const conn = results.filter((r) => r.c.category !== 'not-connection');
const neg = results.filter((r) => r.c.category === 'not-connection');
let top1 = 0;
let top3 = 0;
let crashes = 0;
let silent = 0;
// Silent cases the report still answers: what was recognised and the commands to run next.
let silentGuided = 0;
const misses = [];
const perCategory = {};
for (const r of conn) {
  const cat = r.c.category;
  perCategory[cat] ??= { n: 0, top1: 0, top3: 0 };
  perCategory[cat].n++;
  if (!r.report?.findings || r.code === 2) {
    crashes++;
    misses.push({ id: r.c.id, expected: cat, got: [`(doctor failed: ${r.err.trim().split('\n')[0]})`] });
    continue;
  }
  const cats = [];
  for (const f of r.report.findings) if (!cats.includes(f.category)) cats.push(f.category);
  const ids = r.report.findings.slice(0, 3).map((f) => `${f.category}:${f.ruleId}`);
  const accept = Array.isArray(r.c.accept) && r.c.accept.length ? r.c.accept : [cat];
  if (!cats.length) silent++;
  if (!cats.length && r.report.undiagnosed?.next?.length) silentGuided++;
  const hit1 = accept.includes(cats[0]);
  const hit3 = cats.slice(0, 3).some((c) => accept.includes(c));
  if (hit1) {
    top1++;
    perCategory[cat].top1++;
  }
  if (hit3) {
    top3++;
    perCategory[cat].top3++;
  }
  if (!hit1) misses.push({ id: r.c.id, expected: accept.join('|'), got: ids.length ? ids : ['(no finding)'], top3: hit3 });
}
const falsePositives = neg
  .filter((r) => !r.report?.findings || r.report.findings.length > 0)
  .map((r) => ({ id: r.c.id, got: r.report?.findings ? r.report.findings.map((f) => `${f.category}:${f.ruleId}`) : ['(doctor failed)'] }));

const summary = {
  corpus: casesFile,
  cases: cases.length,
  connectionCases: conn.length,
  negativeCases: neg.length,
  top1: top1 / conn.length,
  top3: top3 / conn.length,
  silent,
  silentGuided,
  falsePositives: falsePositives.length,
  doctorFailures: crashes,
  seconds: (Date.now() - started) / 1000,
  targets: TARGETS,
};
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const met = summary.top1 >= TARGETS.top1 && summary.top3 >= TARGETS.top3 && summary.falsePositives <= TARGETS.falsePositives && crashes === 0;

if (flag('--json')) {
  console.log(JSON.stringify({ ...summary, met, perCategory, misses, falsePositiveCases: falsePositives }, null, 2));
} else {
  if (flag('--verbose') || flag('-v')) {
    for (const m of misses) console.log(`miss  ${m.id.padEnd(24)} expected ${m.expected.padEnd(17)} got ${m.got.join(', ')}${m.top3 ? '  (in top-3)' : ''}`);
    for (const f of falsePositives) console.log(`FP    ${f.id.padEnd(24)} got ${f.got.join(', ')}`);
    console.log('');
    for (const [cat, s] of Object.entries(perCategory).sort()) console.log(`  ${cat.padEnd(18)} ${s.top1}/${s.n} top-1, ${s.top3}/${s.n} top-3`);
    console.log('');
  }
  console.log(`corpus: ${casesFile} (${conn.length} connection cases, ${neg.length} negatives) in ${summary.seconds.toFixed(1)} s`);
  console.log(`top-1 category accuracy: ${pct(summary.top1)} (${top1}/${conn.length}; target ≥ ${pct(TARGETS.top1)})`);
  console.log(`top-3 category accuracy: ${pct(summary.top3)} (${top3}/${conn.length}; target ≥ ${pct(TARGETS.top3)})`);
  console.log(`silent (no finding at all) on connection cases: ${silent}/${conn.length} (${pct(silent / conn.length)}); of these, ${silentGuided} get what was recognised + next commands`);
  console.log(`false positives on not-connection cases: ${falsePositives.length}/${neg.length} (target ${TARGETS.falsePositives})`);
  if (crashes) console.log(`doctor failures (exit 2 / no JSON): ${crashes}`);
  console.log(met ? 'targets: met' : 'targets: NOT met (run with --verbose for the misses)');
}
process.exit(flag('--check') && !met ? 1 : 0);
