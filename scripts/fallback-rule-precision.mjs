#!/usr/bin/env node
// Per rule, how its possible-cause suggestions (lexical candidates, src/engine/fallback/rank.ts) did on
// corpus reports, run as eval.mjs runs them (dist/cli.cjs `main` in process, `--json --no-probe --no-env`).
// For each rule among a report's first three categories as a lexical candidate:
//   FP    the report is a negative (not a connection problem)
//   TP    the report's cause is the rule's category
//   W     a connection report of another cause
//   Wonly a connection report whose findings are all candidates and none is right (holding the
//         rule could leave it with no finding at all)
// `--held` prints the rules that meet lexicon/model.json `heldRules`' criterion on the files given:
// never a TP, at least one FP, never a W (a wrong answer on a connection report) — on a build whose model.json lists no `heldRules` (a held rule is
// never a candidate, so it is not counted). Build first (`npm run build`).
//
//   node scripts/fallback-rule-precision.mjs [--fold tune|check] [--held] [FILE…]
//
// Folds (notes/holdout.md Round 29c): `tune` = the dev corpus, cases-2 and holdout … holdout24, `check` =
// holdout25 … holdout30. The measurement-only sets (the fresh one, 5-a, 5-b, 7) are never read.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseArgv } from './lib/eval-args.mjs';
import { runCliInProcess } from './lib/cli-in-process.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const fold = args.includes('--fold') ? args[args.indexOf('--fold') + 1] : undefined;
const NEVER = /^holdout(?:5-a|5-b|7|3[1-9])\.jsonl$/;
// ../shared/corpus beside the repository, or CLAWKIT_SHARED (a worktree elsewhere), as scripts/lib/corpus-fallback.mjs.
const shared = (f) => join(process.env.CLAWKIT_SHARED ?? join(root, '..', 'shared'), 'corpus', f);
const holdout = (n) => join(root, 'fixtures', 'corpus', `holdout${n}.jsonl`);
const FOLDS = {
  tune: [shared('cases.jsonl'), shared('cases-2.jsonl'), holdout(''), ...['2', '3', '4-a', '4-b', '4-c', '6', '8', '9', ...Array.from({ length: 15 }, (_, i) => String(i + 10))].map(holdout)],
  check: ['25', '26', '27', '28', '29', '30'].map(holdout),
};
const named = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--fold');
const files = (named.length ? named : FOLDS[fold ?? 'tune'] ?? []).filter((f) => existsSync(f) && !NEVER.test(basename(f)));
if (!files.length) {
  console.error('fallback-rule-precision: no corpus file (--fold tune|check or FILE…)');
  process.exit(2);
}

async function report(c) {
  try {
    return JSON.parse((await runCliInProcess(root, caseArgv(c), c.log, root)).stdout);
  } catch {
    return undefined;
  }
}

const stats = new Map();
const bump = (id, k) => {
  const s = stats.get(id) ?? { FP: 0, TP: 0, W: 0, Wonly: 0 };
  s[k]++;
  stats.set(id, s);
};
for (const file of files) {
  for (const line of readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())) {
    const c = JSON.parse(line);
    const findings = (await report(c))?.findings ?? [];
    const accept = Array.isArray(c.accept) && c.accept.length ? c.accept : [c.category];
    const neg = c.category === 'not-connection';
    const wrongOnly = !neg && findings.length > 0 && findings.every((f) => f.candidate) && !findings.some((f) => accept.includes(f.category));
    const seen = [];
    for (const f of findings) {
      if (seen.includes(f.category)) continue;
      seen.push(f.category);
      if (seen.length > 3) break;
      if (f.candidate?.kind !== 'lexical') continue;
      bump(f.ruleId, neg ? 'FP' : accept.includes(f.category) ? 'TP' : 'W');
      if (wrongOnly) bump(f.ruleId, 'Wonly');
    }
  }
}
const rows = [...stats].sort((a, b) => b[1].FP - b[1].TP - (a[1].FP - a[1].TP) || a[0].localeCompare(b[0]));
if (args.includes('--held')) {
  for (const [id, s] of rows) if (s.TP === 0 && s.FP > 0 && s.W === 0) console.log(`${id}\tFP ${s.FP} W ${s.W}`);
} else {
  console.log(`files: ${files.map((f) => basename(f, '.jsonl')).join(' ')}`);
  for (const [id, s] of rows) console.log(`${id.padEnd(60)} FP ${s.FP}  TP ${s.TP}  W ${s.W}  Wonly ${s.Wonly}`);
}
