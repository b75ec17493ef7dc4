#!/usr/bin/env node
// Ranking principles measured honestly (issue #12; notes/holdout.md Round 23e). Runs every case of the
// given corpus files in-process through a built tree's dist/cli.cjs (as eval.mjs --in-process), keeps
// each finding with its evidence, then re-ranks rule findings offline by `specificity + bonus` for each
// principle and knob K, and reports the top-1/top-3 change in-sample and leave-one-set-out (K chosen on
// every set but one, measured on that one). Possible causes keep their place after the rule findings.
//
//   node scripts/rank-study.mjs [--root DIR] [--save F | --reports F] [--near] corpus.jsonl…
//
// --root: the tree whose code runs and whose rules bundle gives each finding's specificity, saved with it
// (default this one; a first-contact tree: `git archive <commit> | tar -x`, node_modules linked,
// `npx tsc -p tsconfig.json && node scripts/build.mjs`; --save per set, then concatenate the files and
// pass them as --reports for the leave-one-set-out over first contacts). --near lists each near-miss
// (right category 2nd/3rd) with both findings' features — never for the fresh or aggregate-only sets.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { caseArgv } from './lib/eval-args.mjs';

const args = process.argv.slice(2);
const opt = (n) => { const i = args.indexOf(n); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const root = resolve(opt('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const save = opt('--save');
const saved = opt('--reports');
const near = args.includes('--near') && args.splice(args.indexOf('--near'), 1);
/** Sets nobody reads case by case (fresh or measurement-only): aggregates only. */
const AGGREGATE_ONLY = /^holdout(22|23|24|5-a|5-b|7)$/;

const bundle = JSON.parse(readFileSync(join(root, 'dist', 'rules.bundle.json'), 'utf8'));
const rules = new Map((bundle.rules ?? bundle).map((r) => [r.id, r]));

async function collect(files) {
  (await import('node:v8')).default.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  const cli = createRequire(import.meta.url)(join(root, 'dist', 'cli.cjs'));
  cli.useImporter((s) => import(s));
  const rows = [];
  for (const f of files) {
    for (const c of readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l))) {
      const sink = () => Object.assign(new PassThrough(), { text: '' });
      const stdout = sink();
      stdout.on('data', (d) => (stdout.text += d));
      const io = { stdin: Readable.from([Buffer.from(c.log)]), stdout, stderr: sink(), env: { ...process.env, NO_COLOR: '1' }, cwd: root, homedir: homedir() };
      await cli.main([process.execPath, join(root, 'bin', 'clawkit-doctor.js'), ...caseArgv(c)], io);
      await new Promise((r) => setImmediate(r));
      let findings = null;
      try { findings = JSON.parse(stdout.text).findings ?? null; } catch { /* counted as no answer, as eval.mjs does */ }
      for (const f of findings ?? []) {
        const r = rules.get(f.ruleId);
        if (r) Object.assign(f, { _sp: r.specificity, _gated: JSON.stringify(r.when ?? {}).includes('"version"') });
      }
      rows.push({ set: basename(f, '.jsonl'), id: c.id, category: c.category, accept: c.accept?.length ? c.accept : [c.category], findings });
    }
  }
  return rows;
}

const rows = saved ? readFileSync(saved, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : await collect(args);
if (save) writeFileSync(save, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

const ERR = /\b(?:error|fail(?:ed|ure|s)?|refused|denied|required|unauthori[sz]ed|forbidden|invalid|mismatch|timed? ?out|timeout|closed|disconnected|rejected|cannot|unable|exit(?:ed)?|crash\w*|EADDRINUSE|ECONNREFUSED|1006|1008|401|403|502|503)\b/i;
const SEV = { info: 0, warning: 1, error: 2 };
function feat(f) {
  const r = rules.get(f.ruleId) ?? {};
  const ev = f.evidence.filter((e) => e.source === 'paste' && typeof e.line === 'number');
  const lines = [...new Set(ev.map((e) => e.line))].sort((a, b) => a - b);
  return {
    f, id: f.ruleId, cat: f.category, sev: SEV[f.severity], sp: f._sp ?? r.specificity ?? 0, lines, first: lines[0] ?? Infinity, last: lines.at(-1) ?? -1,
    err: [...new Set(ev.filter((e) => ERR.test(e.text ?? '')).map((e) => e.line))],
    ver: f.evidence.some((e) => e.source === 'version'),
    // The rule names releases (a version condition outside `not`, read from the condition's text: an approximation).
    gated: f._gated ?? JSON.stringify(r.when ?? {}).includes('"version"'),
  };
}
for (const r of rows) r.xs = (r.findings ?? []).filter((f) => !f.candidate).map(feat);

const supOf = (x, y) => y.lines.length && y.lines.length < x.lines.length && y.lines.every((l) => x.lines.includes(l));
const maxOf = (xs, g) => Math.max(...xs.map(g));
const PRINCIPLES = {
  lastLine: (x, xs) => (x.last >= 0 && x.last === maxOf(xs, (y) => y.last) ? 1 : 0),
  lastError: (x, xs) => { const m = maxOf(xs, (y) => Math.max(-1, ...y.err)); return m >= 0 && x.err.includes(m) ? 1 : 0; },
  firstError: (x, xs) => { const m = -maxOf(xs, (y) => -Math.min(1e9, ...y.err)); return m < 1e9 && x.err.includes(m) ? 1 : 0; },
  mostLines: (x, xs) => (x.lines.length === maxOf(xs, (y) => y.lines.length) ? 1 : 0),
  mostErrors: (x, xs) => (x.err.length && x.err.length === maxOf(xs, (y) => y.err.length) ? 1 : 0),
  supersetWins: (x, xs) => (xs.some((y) => y.cat !== x.cat && supOf(x, y)) ? 1 : 0),
  subsetWins: (x, xs) => (xs.some((y) => y.cat !== x.cat && supOf(y, x)) ? 1 : 0),
  severityFirst: (x) => x.sev,
  versionGatedLower: (x) => (x.gated ? -1 : 0),
  sameLinesReleaseFits: (x, xs) => (x.ver && xs.some((y) => y.cat !== x.cat && !y.ver && y.lines.length && y.lines.join() === x.lines.join()) ? 1 : 0),
  releaseUnknownLower: (x) => (x.gated && !x.ver ? -1 : 0),
};
const KS = [0, 3, 5, 8, 10, 15, 20, 25, 30, 40];

function firstCats(r, bonus) {
  const xs = r.xs;
  const s = new Map(xs.map((x) => [x, x.sp + (xs.length > 1 ? bonus(x, xs) : 0)]));
  const order = [...xs].sort((a, b) => s.get(b) - s.get(a) || b.sev - a.sev || a.first - b.first || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const cats = [];
  for (const f of [...order.map((x) => x.f), ...r.findings.filter((f) => f.candidate)]) if (!cats.includes(f.category)) cats.push(f.category);
  return cats;
}
function score(bonus) {
  const per = {};
  for (const r of rows) {
    if (r.category === 'not-connection') continue;
    const s = (per[r.set] ??= { t1: 0, t3: 0 });
    if (!r.findings) continue;
    const cats = firstCats(r, bonus);
    s.t1 += r.accept.includes(cats[0]) ? 1 : 0;
    s.t3 += cats.slice(0, 3).some((c) => r.accept.includes(c)) ? 1 : 0;
  }
  return per;
}
const sets = [...new Set(rows.map((r) => r.set))];
const sum = (sc, keep = () => true) => sets.filter(keep).reduce((a, s) => [a[0] + sc[s].t1, a[1] + sc[s].t3], [0, 0]);
const base = score(() => 0);
const [b1, b3] = sum(base);
console.log(`${rows.filter((r) => r.category !== 'not-connection').length} connection cases in ${sets.length} sets; top-1 ${b1}, top-3 ${b3}`);
console.log('principle              K=10 top-1/top-3   best K (top-1)   LOSO held-out top-1/top-3');
for (const [name, p] of Object.entries(PRINCIPLES)) {
  const byK = new Map(KS.map((k) => [k, score((x, xs) => k * p(x, xs))]));
  const at10 = sum(byK.get(10));
  const best = KS.reduce((bk, k) => (sum(byK.get(k))[0] > sum(byK.get(bk))[0] ? k : bk), 0);
  let h1 = 0, h3 = 0;
  for (const held of sets) {
    const rest = (s) => s !== held;
    const k = KS.reduce((bk, k2) => { const [a1, a3] = sum(byK.get(k2), rest), [c1, c3] = sum(byK.get(bk), rest); return a1 * 1e4 + a3 > c1 * 1e4 + c3 ? k2 : bk; }, 0);
    h1 += byK.get(k)[held].t1 - base[held].t1;
    h3 += byK.get(k)[held].t3 - base[held].t3;
  }
  const d = (n) => (n > 0 ? `+${n}` : `${n}`);
  console.log(`${name.padEnd(22)} ${d(at10[0] - b1).padStart(4)} / ${d(at10[1] - b3).padEnd(12)} ${String(best).padStart(3)} (${d(sum(byK.get(best))[0] - b1)})        ${d(h1)} / ${d(h3)}`);
}
if (near) {
  for (const r of rows) {
    if (r.category === 'not-connection' || !r.findings || AGGREGATE_ONLY.test(r.set)) continue;
    const cats = firstCats(r, () => 0);
    const pos = cats.findIndex((c) => r.accept.includes(c));
    if (pos < 1 || pos > 2) continue;
    const show = (f) => (f.candidate ? `possible cause ${f.ruleId}` : ((x) => `${x.id} sp${x.sp} L${x.lines.join(',')}${x.ver ? ' +release' : ''}${x.gated ? ' gated' : ''} err${x.err.length}`)(feat(f)));
    console.log(`[${r.set}] ${r.id} rank ${pos + 1}\n   first ${show(r.findings[0])}\n   right ${show(r.findings.find((f) => r.accept.includes(f.category)))}`);
  }
}
