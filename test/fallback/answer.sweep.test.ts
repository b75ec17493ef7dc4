// Possible causes on the tuned corpora: never a candidate on a not-connection case, and top-3 lifted
// on connection cases. A sweep (test/helpers/sweep.ts): 1 case in 4 in the fast job, every case in the
// slow one; the floors scale with the share checked (notes/hostile-input.md, 2aw).
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';
import { categories, diagnose, loadAnswerRules } from './answer.helpers.js';

// The corpora the rules and the threshold were tuned on (never the holdout5 measurement sets).
const TUNED = ['fixtures/corpus/cases.jsonl', 'fixtures/corpus/holdout.jsonl', 'fixtures/corpus/holdout2.jsonl', 'fixtures/corpus/holdout3.jsonl', 'fixtures/corpus/holdout4-a.jsonl', 'fixtures/corpus/holdout4-b.jsonl', 'fixtures/corpus/holdout4-c.jsonl', '../shared/corpus/cases.jsonl', '../shared/corpus/cases-2.jsonl'];

interface Case {
  id: string;
  log: string;
  category: string;
  accept?: string[];
  version?: string;
}

/** Every tuned case once (the first file that holds an id wins), in file order. */
function tunedCases(): Case[] {
  const seen = new Set<string>();
  const out: Case[] = [];
  for (const file of TUNED.filter((f) => existsSync(`${ROOT}${f}`))) {
    for (const line of readFileSync(`${ROOT}${file}`, 'utf8').split('\n').filter((l) => l.trim())) {
      const c = JSON.parse(line) as Case;
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push(c);
    }
  }
  return out;
}

beforeAll(loadAnswerRules);

describe('possible causes on the tuned corpora', () => {
  const all = tunedCases();
  const every = 4;
  const cases = sweep(all, every);

  it(sweepName('never gives a candidate on a not-connection case, and lifts top-3 on connection cases', every), async () => {
    expect(all.filter((c) => c.category === 'not-connection').length).toBeGreaterThanOrEqual(40);
    let negatives = 0;
    let gained = 0;
    let lost = 0;
    for (const c of cases) {
      const version = String(c.version ?? '').match(/\d{4}\.\d{1,2}\.\d{1,2}(?:-\d+)?/)?.[0];
      const { findings, answer } = await diagnose(c.log, version);
      if (c.category === 'not-connection') {
        negatives++;
        expect(answer.candidates.map((f) => f.ruleId), c.id).toEqual([]);
        continue;
      }
      const accept = c.accept?.length ? c.accept : [c.category];
      const before = categories(findings.filter((f) => !f.candidate)).slice(0, 3).some((x) => accept.includes(x));
      const after = categories(findings).slice(0, 3).some((x) => accept.includes(x));
      if (after && !before) gained++;
      if (before && !after) lost++;
    }
    expect(negatives).toBeGreaterThanOrEqual(floorFor(40, cases.length, all.length));
    expect(lost).toBe(0);
    expect(gained).toBeGreaterThanOrEqual(floorFor(10, cases.length, all.length));
  });
});
