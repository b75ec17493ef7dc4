#!/usr/bin/env node
// Per set and per case, what a change did: two directories of `scripts/eval.mjs --json` outputs
// (one file per set, <set>.json), before and after. Sets are grouped into folds by where the change's
// words were written from (notes/holdout.md Round 24c): a fold's figures are held out only when its
// sets fed nothing. A fresh set (FRESH below) prints its aggregate only — never a case id.
//
//   node scripts/story-transfer.mjs BEFORE_DIR AFTER_DIR [--fold name=set1,set2 ...]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const FRESH = new Set(['holdout31', 'holdout32', 'holdout33']);
const [beforeDir, afterDir, ...rest] = process.argv.slice(2);
if (!beforeDir || !afterDir) {
  console.error('usage: story-transfer.mjs BEFORE_DIR AFTER_DIR [--fold name=set1,set2 ...]');
  process.exit(2);
}
const folds = [];
for (let i = 0; i < rest.length; i++) if (rest[i] === '--fold') {
  const [name, sets] = rest[++i].split('=');
  folds.push({ name, sets: new Set(sets.split(',')) });
}
const foldOf = (set) => folds.find((f) => f.sets.has(set))?.name ?? 'other';
const read = (dir, set) => JSON.parse(readFileSync(join(dir, `${set}.json`), 'utf8'));
const pct = (x) => (x * 100).toFixed(1);
const top1Ids = (j) => new Set(j.misses.map((m) => m.id));
const totals = {};
for (const f of readdirSync(afterDir).filter((n) => n.endsWith('.json')).sort()) {
  const set = f.replace(/\.json$/, '');
  if (!existsSync(join(beforeDir, f))) continue;
  const a = read(beforeDir, set);
  const b = read(afterDir, set);
  const fold = foldOf(set);
  const t = (totals[fold] ??= { conn: 0, top1: 0, top3: 0, silent: 0, fp: 0 });
  t.conn += b.connectionCases;
  t.top1 += Math.round((b.top1 - a.top1) * b.connectionCases);
  t.top3 += Math.round((b.top3 - a.top3) * b.connectionCases);
  t.silent += b.silent - a.silent;
  t.fp += b.falsePositives - a.falsePositives;
  const same = a.top1 === b.top1 && a.top3 === b.top3 && a.silent === b.silent && a.falsePositives === b.falsePositives;
  if (same) continue;
  console.log(`${set} [${fold}]\t${pct(a.top1)}/${pct(a.top3)}/${a.silent}/${a.falsePositives} -> ${pct(b.top1)}/${pct(b.top3)}/${b.silent}/${b.falsePositives}`);
  if (FRESH.has(set)) continue;
  const missA = top1Ids(a);
  const missB = top1Ids(b);
  for (const id of missA) if (!missB.has(id)) console.log(`  + top-1  ${id} (was ${a.misses.find((m) => m.id === id).got[0]})`);
  for (const id of missB) if (!missA.has(id)) console.log(`  - top-1  ${id} (now ${b.misses.find((m) => m.id === id).got[0]})`);
  const fpA = new Set(a.falsePositiveCases.map((x) => x.id));
  for (const x of b.falsePositiveCases) if (!fpA.has(x.id)) console.log(`  + FP     ${x.id} (${x.got[0]})`);
  for (const id of fpA) if (!b.falsePositiveCases.some((x) => x.id === id)) console.log(`  - FP     ${id}`);
}
console.log('\nby fold (connection cases; change in top-1 / top-3 / silent / FP counts):');
for (const [fold, t] of Object.entries(totals)) console.log(`  ${fold.padEnd(10)} n=${t.conn}\ttop-1 ${t.top1 >= 0 ? '+' : ''}${t.top1}\ttop-3 ${t.top3 >= 0 ? '+' : ''}${t.top3}\tsilent ${t.silent >= 0 ? '+' : ''}${t.silent}\tFP ${t.fp >= 0 ? '+' : ''}${t.fp}`);
