#!/usr/bin/env node
// Fragility of the possible-causes ranker: how many corpus cases change their possible-causes
// answer when ~10 rule documents are added to or removed from the ranker (notes/fallback.md,
// "Ranker stability"). Each trial draws a random subset S of the lexical rules (seeded) and compares
// the fallback's candidates with the index over every rule against the index without S (the same
// pair read the other way is "S added"). Rule findings are evaluated once per case with all rules.
//   changed    : the candidate list (rule ids, in order) differs
//   collateral : it differs and neither list holds a rule of S (only other documents' weights moved)
//   categories : the candidate categories (what eval scores) differ
// Counts only: no case text is printed. Run after `npm run build`.
//   node scripts/ranker-ablation.mjs [--trials=20] [--size=10] [--seed=1] [--stats=live|frozen|both] [FILE…]
import { answerFallback, corpusCases, lexicon as lexiconMod, loadBuiltinRules, needsFallback } from './lib/corpus-fallback.mjs';
const { buildLexiconIndex, readsPaste } = await import('../dist/engine/fallback/index-build.js');

const opt = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const trials = Number(opt('trials', 20));
const size = Number(opt('size', 10));
let seed = Number(opt('seed', 1));
const statsMode = opt('stats', 'both');
const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const CORPORA = files.length
  ? files
  : ['../shared/corpus/cases.jsonl', '../shared/corpus/cases-2.jsonl', ...['6', '8', '9', '10', '11'].map((n) => `fixtures/corpus/holdout${n}.jsonl`)];

// mulberry32: a seeded draw, so before and after compare the same subsets.
function rand() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const rules = await loadBuiltinRules();
const { lexicons, model } = lexiconMod.readLexicons();
const lexical = rules.filter(readsPaste).map((r) => r.id).sort();
const subsets = Array.from({ length: trials }, () => {
  const pool = [...lexical];
  const s = new Set();
  while (s.size < size) s.add(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  return s;
});

// Frozen term statistics (when the build has them): pinned once, the same for every variant.
const frozen = lexiconMod.readTermStats?.();
const modes = statsMode === 'both' ? ['live', 'frozen'] : [statsMode];
if (modes.includes('frozen') && !frozen) {
  console.error('ranker-ablation: this build has no frozen term statistics; measuring live only');
  modes.splice(modes.indexOf('frozen'), 1);
}
const indexOf = (rs, mode) => buildLexiconIndex(rs, lexicons, model, 'ablation', mode === 'frozen' ? frozen : undefined);

// Cases that reach the fallback, evaluated once.
const cases = [];
for await (const { file, facts, out } of corpusCases(CORPORA, rules)) {
  if (needsFallback(facts, out, model.strongSpecificity)) cases.push({ file, facts, out });
}

const answer = (c, index) => answerFallback(rules, c.facts, c.out, index).candidates.map((x) => ({ id: x.ruleId, cat: x.category }));
for (const mode of modes) {
  const full = indexOf(rules, mode);
  const base = cases.map((c) => answer(c, full));
  const per = new Map(CORPORA.map((f) => [f, { fallback: 0, changed: 0, collateral: 0, categories: 0, anyTrial: new Set() }]));
  for (const c of cases) per.get(c.file).fallback++;
  for (const s of subsets) {
    const index = indexOf(rules.filter((r) => !s.has(r.id)), mode);
    cases.forEach((c, i) => {
      const a = base[i];
      const b = answer(c, index);
      const ids = (l) => l.map((x) => x.id).join(',');
      if (ids(a) === ids(b)) return;
      const p = per.get(c.file);
      p.changed++;
      p.anyTrial.add(i);
      if (![...a, ...b].some((x) => s.has(x.id))) p.collateral++;
      if (a.map((x) => x.cat).join(',') !== b.map((x) => x.cat).join(',')) p.categories++;
    });
  }
  console.log(`\nstats ${mode}: ${trials} trials × ${size} rule documents removed/added (of ${lexical.length}); counts summed over trials`);
  console.log('corpus'.padEnd(40), 'fallback', 'changed', 'collateral', 'categories', 'cases-ever-changed');
  const tot = { fallback: 0, changed: 0, collateral: 0, categories: 0, ever: 0 };
  for (const [f, p] of per) {
    console.log(f.padEnd(40), String(p.fallback).padStart(8), String(p.changed).padStart(7), String(p.collateral).padStart(10), String(p.categories).padStart(10), String(p.anyTrial.size).padStart(18));
    tot.fallback += p.fallback;
    tot.changed += p.changed;
    tot.collateral += p.collateral;
    tot.categories += p.categories;
    tot.ever += p.anyTrial.size;
  }
  console.log('total'.padEnd(40), String(tot.fallback).padStart(8), String(tot.changed).padStart(7), String(tot.collateral).padStart(10), String(tot.categories).padStart(10), String(tot.ever).padStart(18));
}
