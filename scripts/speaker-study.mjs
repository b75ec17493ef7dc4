#!/usr/bin/env node
// Simulates holds on the speaker fact (src/derive/speaker.ts) over a per-case dump (scripts/speaker-dump.mjs):
// per set and per fold, FP removed vs connection top-1/top-3 lost and gained (notes/holdout.md Round 26e).
// Reads case texts and prints ids: never run it on a fresh set.
//
//   npm run build && node scripts/speaker-study.mjs DUMP.jsonl SET.jsonl... [--ids] [--fold-b holdout15,holdout16,...]
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { speakerSigns, deriveSpeaker } = await import(join(root, 'dist', 'derive', 'speaker.js'));
const args = process.argv.slice(2);
const showIds = args.includes('--ids');
const foldAt = args.indexOf('--fold-b');
const foldB = new Set(foldAt >= 0 ? args[foldAt + 1].split(',') : []);
const [dumpFile, ...files] = args.filter((a, i) => a.endsWith('.jsonl') && i !== foldAt + 1);

const dump = new Map(readFileSync(dumpFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((d) => [`${d.set}/${d.id}`, d]));
const rows = [];
for (const f of files) {
  const set = basename(f, '.jsonl');
  for (const c of readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l))) {
    const d = dump.get(`${set}/${c.id}`);
    if (!d) continue;
    const lines = String(c.log ?? '').split('\n').map((text, i) => ({ line: i + 1, text }));
    const s = speakerSigns(lines);
    const sp = deriveSpeaker(lines).speaker;
    rows.push({ ...d, n: { ...Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.length])), notReporting: sp !== undefined && sp !== 'reporting' } });
  }
}

/** Decision rules: is the speaker clearly not reporting? */
const other = (n) => n.describing + n.proposing + n.tracking;
const RULES = {
  // The shipped judgement (deriveSpeaker: distinct lines, NOT_REPORTING_MIN / NOT_REPORTING_RATIO).
  speaker: (n) => n.notReporting,
  noRep_k1: (n) => n.reporting === 0 && n.log === 0 && other(n) >= 1,
  noRep_k2: (n) => n.reporting === 0 && n.log === 0 && other(n) >= 2,
  noRep_k3: (n) => n.reporting === 0 && n.log === 0 && other(n) >= 3,
  bal_2x: (n) => other(n) >= 2 && other(n) >= 2 * (n.reporting + n.log),
  bal_3x: (n) => other(n) >= 3 && other(n) >= 3 * (n.reporting + n.log),
  prop_or_track_noRep: (n) => n.reporting === 0 && n.log === 0 && n.proposing + n.tracking >= 1,
  prop_or_track_k2: (n) => n.reporting === 0 && n.log === 0 && n.proposing + n.tracking >= 2,
  prop_k2_bal: (n) => n.proposing + n.tracking >= 2 && n.proposing + n.tracking > n.reporting + n.log,
  // A fix PR that names the mechanism is labelled a connection case in every set: proposing counts against a hold.
  guide_k1: (n) => n.describing >= 1 && n.reporting + n.log + n.proposing === 0,
  guide_k2: (n) => n.describing >= 2 && n.reporting + n.log + n.proposing === 0,
  guide_k1_notrack: (n) => n.describing >= 1 && n.reporting + n.log + n.proposing + n.tracking === 0,
  guide_bal: (n) => n.describing >= 2 && n.describing > 2 * (n.reporting + n.log + n.proposing),
};
const HOLDS = {
  lexical: (f) => f.lexical,
  pasteOnly: (f) => f.pasteOnly,
};

const cats = (fs) => [...new Set(fs.map((f) => f.cat))];
function score(r, fs) {
  const c = cats(fs);
  if (r.category === 'not-connection') return { fp: c.length > 0 };
  return { t1: r.accept.includes(c[0]), t3: c.slice(0, 3).some((x) => r.accept.includes(x)), silent: c.length === 0 };
}
const fold = (set) => (foldB.has(set) ? 'B' : 'A');
for (const [rn, rule] of Object.entries(RULES)) {
  for (const [hn, hold] of Object.entries(HOLDS)) {
    const agg = { A: { fp: 0, t1: 0, t3: 0, t1g: 0, sil: 0, fires: 0 }, B: { fp: 0, t1: 0, t3: 0, t1g: 0, sil: 0, fires: 0 } };
    const ids = [];
    for (const r of rows) {
      if (!rule(r.n)) continue;
      const a = agg[fold(r.set)];
      a.fires++;
      const before = score(r, r.findings);
      const after = score(r, r.findings.filter((f) => !hold(f)));
      if (before.fp && !after.fp) (a.fp++, ids.push(`FP- ${r.set}/${r.id}`));
      if (before.t1 && !after.t1) (a.t1++, ids.push(`T1- ${r.set}/${r.id} ${r.category}`));
      if (!before.t1 && after.t1) a.t1g++;
      if (before.t3 && !after.t3) a.t3++;
      if (!before.silent && after.silent) a.sil++;
    }
    const p = (x) => `fires ${x.fires} FP-${x.fp} top1-${x.t1} (+${x.t1g}) top3-${x.t3} silent+${x.sil}`;
    console.log(`${rn.padEnd(20)} ${hn.padEnd(9)} A: ${p(agg.A)} | B: ${p(agg.B)}`);
    if (showIds) for (const i of ids) console.log('   ', i);
  }
}
// Class counts on negatives that are FP vs right connection cases.
const by = (pred) => rows.filter(pred);
const mean = (xs, k) => (xs.reduce((s, r) => s + (r.n[k] > 0 ? 1 : 0), 0) / Math.max(1, xs.length)).toFixed(2);
const fpRows = by((r) => r.category === 'not-connection' && r.findings.length);
const okRows = by((r) => r.category !== 'not-connection' && r.findings.length && r.accept.includes(r.findings[0].cat));
for (const k of ['reporting', 'log', 'describing', 'proposing', 'tracking']) console.log(`share with ${k.padEnd(10)} FP ${mean(fpRows, k)} (${fpRows.length})  right top-1 ${mean(okRows, k)} (${okRows.length})`);
