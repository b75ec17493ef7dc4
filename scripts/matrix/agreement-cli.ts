// `npm run matrix -- --agreement [--verbose] [--json] [--release R] [--scenario S]`: the doctor's
// verdict on every recorded cell against what the real gateway did (agreement.ts). Exit 1 below
// the floor the fast test holds. Bundled by matrix.mjs under dist/ (the doctor finds its rules from there).
import path from 'node:path';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { pkgPath } from '../../src/shared/paths.js';
import { AGREEMENT_FLOOR, formatAgreement, loadRecordings, runAgreement, summarise } from './agreement.js';

const argv = process.argv.slice(2);
const list = (name: string): string[] | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? (argv[i + 1] ?? '').split(',').filter(Boolean) : undefined;
};
const releases = list('--release');
const scenarios = list('--scenario');
const recs = loadRecordings(pkgPath('fixtures', 'matrix')).filter(
  (r) => (!releases || releases.includes(r.release)) && (!scenarios || scenarios.includes(r.scenario)),
);
const results = await runAgreement(recs, await loadBuiltinRules());
const s = summarise(results);
if (argv.includes('--json')) console.log(JSON.stringify({ ...s, floor: AGREEMENT_FLOOR, disagreements: results.filter((r) => !r.agree) }, null, 2));
else console.log(formatAgreement(results, argv.includes('--verbose')) + `\nfloor ${(AGREEMENT_FLOOR * 100).toFixed(1)} %`);
const filtered = Boolean(releases || scenarios);
if (!filtered && s.rate < AGREEMENT_FLOOR) process.exitCode = 1;
