#!/usr/bin/env node
// Calibration of the possible-causes ranker (lexicon/model.json threshold) on the TUNED corpora only
// (never holdout5-*): paste facts + the stated version, rules evaluated in-process, then the fallback.
// Prints, per threshold, how many negatives would get a candidate (must be 0) and how many
// connection cases gain a top-3 hit.
//   node scripts/calibrate-fallback.mjs [--dump] [--readable] [--dominance=X] [--no-notes]
import { answerFallback, corpusCases, lexicon, loadBuiltinRules, needsFallback } from './lib/corpus-fallback.mjs';
const { buildIndexFromFiles } = lexicon;
const { notGatewayNotes } = await import('../dist/engine/fallback/recognise.js');

const TUNED = [
  '../shared/corpus/cases.jsonl',
  '../shared/corpus/cases-2.jsonl',
  'fixtures/corpus/holdout.jsonl',
  'fixtures/corpus/holdout2.jsonl',
  'fixtures/corpus/holdout3.jsonl',
  'fixtures/corpus/holdout4-a.jsonl',
  'fixtures/corpus/holdout4-b.jsonl',
  'fixtures/corpus/holdout4-c.jsonl',
  // --readable: the tuned-adjacent sets too (their negatives are the ranker's honest test; never
  // the measurement-only holdout5-a/5-b/7/18).
  ...(process.argv.includes('--readable') ? ['6', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17'].map((n) => `fixtures/corpus/holdout${n}.jsonl`) : []),
];
const rules = await loadBuiltinRules();
const base = buildIndexFromFiles(rules);
const dominance = Number(process.argv.find((a) => a.startsWith('--dominance='))?.slice(12) ?? base.model.dominance);
// --no-notes: without the notGateway regexes, how well the lexical model alone keeps negatives out.
const index = { ...base, model: { ...base.model, dominance }, ...(process.argv.includes('--no-notes') ? { notGateway: [] } : {}) };
console.log(`dominance ${dominance}`);
const rows = [];
for await (const { c, file: f, facts, out } of corpusCases(TUNED, rules)) {
  const paste = facts.paste;
  const accept = Array.isArray(c.accept) && c.accept.length ? c.accept : [c.category];
  const realCats = [...new Set(out.findings.map((x) => x.category))];
  const fb = needsFallback(facts, out, index.model.strongSpecificity);
  const notes = fb ? notGatewayNotes(paste.kept, index) : [];
  // Every candidate the fallback would give at threshold 0 (one per category, best first).
  const answer = fb ? answerFallback(rules, facts, out, { ...index, model: { ...index.model, threshold: 0, maxCandidates: 16 } }) : { candidates: [] };
  const exact = answer.candidates.filter((x) => x.candidate.kind === 'exact').map((x) => x.category);
  const lexical = answer.candidates.filter((x) => x.candidate.kind === 'lexical');
  const best = lexical.map((x) => [x.category, x.candidate.score]);
  rows.push({ id: c.id, file: f, neg: c.category === 'not-connection', accept, realCats, fb, notes: notes.length, exact, best, words: lexical[0]?.candidate.words ?? [] });
}
if (process.argv.includes('--dump')) for (const r of rows) console.log(JSON.stringify(r));
const negs = rows.filter((r) => r.neg);
const conns = rows.filter((r) => !r.neg);
console.log(`tuned cases: ${conns.length} connection, ${negs.length} negatives; fallback runs on ${conns.filter((r) => r.fb).length} / ${negs.filter((r) => r.fb).length}`);
// A negative with a notGateway note gets no lexical candidate; exact hits count whatever the threshold.
const negTop = negs.filter((r) => r.fb && !r.notes).map((r) => ({ id: r.id, top: r.best[0]?.[1] ?? 0, cat: r.best[0]?.[0] })).sort((a, b) => b.top - a.top);
console.log('highest negative scores:', negTop.slice(0, 8).map((n) => `${n.id}:${n.cat}:${n.top}`).join('  '));
console.log('negatives with exact hits:', negs.filter((r) => r.exact.length).map((r) => r.id).join(', ') || 'none');
const max = index.model.maxCandidates;
for (const t of [6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 36, 44]) {
  const fpNeg = negs.filter((r) => r.fb && (r.exact.length || (!r.notes && (r.best[0]?.[1] ?? 0) >= t))).length;
  let gain3 = 0;
  let gain1 = 0;
  let silentBefore = 0;
  let silentAfter = 0;
  for (const r of conns) {
    const cats = [...r.realCats];
    if (r.fb) {
      for (const e of r.exact) if (!cats.includes(e)) cats.push(e);
      if (!r.notes) for (const [cat, s] of r.best) if (s >= t && !cats.includes(cat) && cats.length - r.realCats.length < max) cats.push(cat);
    }
    const before3 = r.realCats.slice(0, 3).some((x) => r.accept.includes(x));
    const after3 = cats.slice(0, 3).some((x) => r.accept.includes(x));
    if (!before3 && after3) gain3++;
    if (!r.accept.includes(r.realCats[0]) && r.accept.includes(cats[0])) gain1++;
    if (!r.realCats.length) silentBefore++;
    if (!cats.length) silentAfter++;
  }
  console.log(`threshold ${String(t).padStart(2)}: negatives with a candidate ${fpNeg}/${negs.length}; top-3 gained ${gain3}, top-1 gained ${gain1}; silent ${silentBefore} -> ${silentAfter}`);
}
