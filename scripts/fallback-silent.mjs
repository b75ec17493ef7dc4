#!/usr/bin/env node
// The silent connection reports of a corpus, seen from the possible-causes ranker (notes/fallback.md,
// Round 19d): for each report no rule answered, what the ranker scored, where the right category
// stood (rank among categories, score) and which gate held it — a notGateway note, the
// feature-text check, the threshold, the other-subsystem dominance, or the version/precondition
// filter. Per set: silent, silentGuided (eval.mjs's figures), rescued (no rule finding, the right
// category among the possible causes), wrong (possible causes, none right) and negatives given a
// possible cause — the calibration's "never on the negatives".
// Facts are collected as the CLI collects them (`--json --no-probe --no-env --log -`, plus the stated
// version as eval.mjs passes it): the same silent counts as eval.mjs.
//
//   node scripts/fallback-silent.mjs [--cases] [--model '{"threshold":10}'] FILE.jsonl…
//
// --model overrides lexicon/model.json fields for a trial (nothing is written). Per-case rows are not
// printed for the measurement-only sets (holdout5-a, 5-b, 7, 18): their aggregates only.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { caseVersion } from './lib/eval-args.mjs';
import { root } from './lib/corpus-fallback.mjs';

const dist = (p) => import(join(root, 'dist', p));
const { collectFacts } = await dist('commands/pipeline.js');
const { evaluate } = await dist('engine/evaluate.js');
const { pasteFromString } = await dist('collectors/paste/read.js');
const { answerFallback, needsFallback } = await dist('engine/fallback/answer.js');
const { scoreRules } = await dist('engine/fallback/rank.js');
const { loadLexiconIndex } = await dist('rules/lexicon.js');

const args = process.argv.slice(2);
const showCases = args.includes('--cases');
const modelAt = args.indexOf('--model');
const override = modelAt >= 0 ? JSON.parse(args[modelAt + 1]) : {};
const files = args.filter((a, i) => a.endsWith('.jsonl') && i !== modelAt + 1);
const MEASUREMENT_ONLY = /holdout(?:5-[ab]|7|18)\.jsonl$/;
if (!files.length) {
  console.error('usage: node scripts/fallback-silent.mjs [--cases] [--model JSON] FILE.jsonl…');
  process.exit(2);
}

let index;
const io = { env: { ...process.env, NO_COLOR: '1' }, cwd: root, homedir: homedir(), stderr: process.stderr };
const r1 = (x) => Math.round(x * 10) / 10;

/** The gate that held a report's ranking (`open`: the answer with no threshold and no dominance). */
function gateOf(real, open, top, model) {
  const notes = real.undiagnosed?.notGateway.length ?? 0;
  const lexical = open.candidates.filter((c) => c.candidate?.kind === 'lexical');
  if (!lexical.length) return notes ? 'note' : top ? 'feature/needs' : 'no words';
  const best = lexical[0].candidate.score;
  if (best < model.threshold) return top && top.score >= model.threshold ? 'version/needs' : 'threshold';
  return 'dominance';
}

for (const file of files) {
  const perCase = showCases && !MEASUREMENT_ONLY.test(file);
  const t = { conn: 0, silent: 0, guided: 0, rescued: 0, wrong: 0, neg: 0, negCandidate: 0 };
  for (const line of readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())) {
    const c = JSON.parse(line);
    const v = caseVersion(c);
    const opts = { json: true, probe: false, env: false, log: '-', ...(v ? { openclawVersion: v } : {}) };
    const { facts, rules } = await collectFacts(opts, io, { quiet: true, readPaste: () => pasteFromString(c.log ?? '') });
    if (!index) {
      index = loadLexiconIndex(rules);
      index = { ...index, model: { ...index.model, ...override } };
    }
    const out = evaluate(rules, facts);
    const fb = needsFallback(facts, out, index.model.strongSpecificity);
    const real = fb ? answerFallback(rules, facts, out, index) : { candidates: [] };
    const cats = [...new Set([...out.findings, ...real.candidates].map((f) => f.category))];
    if (c.category === 'not-connection') {
      t.neg++;
      if (real.candidates.length) t.negCandidate++;
      continue;
    }
    t.conn++;
    const accept = Array.isArray(c.accept) && c.accept.length ? c.accept : [c.category];
    if (!cats.length) {
      t.silent++;
      if (real.undiagnosed?.next.length) t.guided++;
    }
    if (!out.findings.length && real.candidates.length) {
      if (cats.slice(0, 3).some((x) => accept.includes(x))) t.rescued++;
      else t.wrong++;
    }
    if (!perCase || cats.length || !fb) continue;
    const open = answerFallback(rules, facts, out, { ...index, model: { ...index.model, threshold: 0, dominance: 0, maxCandidates: 20 } });
    const scored = scoreRules(index, facts.paste.kept);
    const other = scored.find((s) => s.category === 'not-connection');
    const byCat = scored.filter((s, i) => s.category !== 'not-connection' && scored.findIndex((x) => x.category === s.category) === i);
    const right = byCat.findIndex((s) => accept.includes(s.category));
    const gate = gateOf(real, open, byCat[0], index.model);
    console.log(
      [
        basename(file, '.jsonl'),
        c.id,
        accept.join('|'),
        gate,
        `top ${byCat.slice(0, 3).map((s) => `${s.category} ${r1(s.score)}`).join(', ') || '-'}`,
        `other ${other ? `${other.ruleId.replace(/^[^:]*:/, '')} ${r1(other.score)}` : '-'}`,
        right < 0 ? 'right: not scored' : `right #${right + 1} ${byCat[right].ruleId} ${r1(byCat[right].score)}`,
      ].join('\t'),
    );
  }
  console.log(`${basename(file, '.jsonl')}: connection ${t.conn}, silent ${t.silent} (guided ${t.guided}), rescued ${t.rescued}, wrong ${t.wrong}; negatives ${t.neg}, with a possible cause ${t.negCandidate}`);
}
