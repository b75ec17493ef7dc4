// The order of the possible causes (src/engine/fallback/rank.ts): candidates tied within one typical
// word of the first go in the order of their category's evidence — the best rule plus the further
// rules' own words, discounted — and the order never changes which categories are suggested.
// Synthetic catalogues of nonsense words keep the scores under the test's control.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { buildLexiconIndex, readsPaste } from '../../src/engine/fallback/index-build.js';
import { categoryEvidence, rankCandidates, scoreRules } from '../../src/engine/fallback/rank.js';
import type { LexiconIndex, ModelParams } from '../../src/engine/fallback/types.js';
import { buildIndexFromFiles, LEXICON_DIR } from '../../src/rules/lexicon.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Category, LineRef, Rule } from '../../src/types.js';
import { ROOT } from '../cli/run.js';

const MODEL: ModelParams = {
  k1: 1.2,
  b: 0.75,
  weights: { title: 2, message: 1, notes: 0.5, phrases: 2 },
  threshold: 0,
  minTerms: 3,
  dominance: 1.5,
  corroboration: 0.5,
  catchAllCategories: ['other'],
  maxCandidates: 3,
  strongSpecificity: 40,
};

function rule(id: string, category: Category, words: string): Rule {
  return { id, title: words, category, severity: 'error', when: { paste: { regex: 'x' } }, specificity: 50, message: words, fix: { tier: 'manual', steps: ['-'] } } as Rule;
}

/** Unrelated documents, so that every word of the test is rare in the collection. */
const FILLER = Array.from({ length: 12 }, (_, i) => rule(`gateway-down/filler-${i}`, 'gateway-down', `fa${i} fb${i} fc${i} fd${i} fe${i}`));

function indexOf(rules: Rule[], model: Partial<ModelParams> = {}): LexiconIndex {
  return buildLexiconIndex([...rules, ...FILLER], [], { ...MODEL, ...model }, 'test');
}

async function lines(text: string): Promise<LineRef[]> {
  return (await pasteFromString(text)).kept;
}

const order = (index: LexiconIndex, kept: LineRef[]) => rankCandidates(index, kept).map((c) => c.category);
const PASTE = 'kaw lim mor nup ras sot tuv';

describe('candidates tied with the first go in the order of their category’s evidence', () => {
  // port-bind's rule has the four words; tls's best rule has them too in a longer document (a little
  // lower, less than one word behind) and a second tls rule has three words of its own (in a long
  // document: it scores lower than both).
  const PAD = 'ya yb yc yd ye yf yg yh';
  const lead = rule('port-bind/p1', 'port-bind', 'kaw lim mor nup');
  const near = rule('tls/t1', 'tls', 'kaw lim mor nup xa');
  const ownWords = rule('tls/t2', 'tls', `ras sot tuv ${PAD}`);

  it('a second rule of the category with its own pasted words puts the category first', async () => {
    const kept = await lines(PASTE);
    const index = indexOf([lead, near, ownWords]);
    const scored = scoreRules(index, kept);
    // The preconditions the order is about: port-bind's rule scores higher on its own, by less than one word.
    const [p1, t1] = [scored.find((c) => c.ruleId === 'port-bind/p1')!, scored.find((c) => c.ruleId === 'tls/t1')!];
    expect(p1.score).toBeGreaterThan(t1.score);
    expect(p1.score - t1.score).toBeLessThan(p1.score / 4);
    expect(order(index, kept)).toEqual(['tls', 'port-bind']);
    // The shown candidate is still the category's best rule.
    expect(rankCandidates(index, kept)[0]!.ruleId).toBe('tls/t1');
  });

  it('without corroboration the rules’ own scores decide (the principle is what moves it)', async () => {
    const kept = await lines(PASTE);
    expect(order(indexOf([lead, near, ownWords], { corroboration: 0 }), kept)).toEqual(['port-bind', 'tls']);
    expect(order(indexOf([lead, near, ownWords], { corroboration: undefined }), kept)).toEqual(['port-bind', 'tls']);
  });

  it('a further rule that matches only words a better rule of its category had adds nothing', async () => {
    const kept = await lines(PASTE);
    const sameWords = rule('tls/t2', 'tls', `kaw lim mor ${PAD}`);
    expect(order(indexOf([lead, near, sameWords]), kept)).toEqual(['port-bind', 'tls']);
    const index = indexOf([lead, near, sameWords]);
    const evidence = categoryEvidence(scoreRules(index, kept), new Set(['tls']), () => true, 0.5);
    expect(evidence.get('tls')).toBe(scoreRules(index, kept).find((c) => c.ruleId === 'tls/t1')!.score);
  });

  it('the catch-all category is its best rule alone (its rules are unrelated causes)', async () => {
    const kept = await lines(PASTE);
    const catchAll = [rule('other/o1', 'other', 'kaw lim mor nup xa'), rule('other/o2', 'other', `ras sot tuv ${PAD}`)];
    expect(order(indexOf([lead, ...catchAll]), kept)).toEqual(['port-bind', 'other']);
    // The same two rules in a cause area do corroborate.
    expect(order(indexOf([lead, ...catchAll], { catchAllCategories: [] }), kept)).toEqual(['other', 'port-bind']);
  });

  it('a rule that may not be suggested here (`fits`) corroborates nothing', async () => {
    const kept = await lines(PASTE);
    const index = indexOf([lead, near, ownWords]);
    expect(rankCandidates(index, kept, new Set(), (id) => id !== 'tls/t2').map((c) => c.category)).toEqual(['port-bind', 'tls']);
  });

  it('a rule that may not be suggested itself (`suggest`: lexicon `needs` … `rules`) still corroborates its category', async () => {
    const kept = await lines(PASTE);
    const index = indexOf([lead, near, ownWords]);
    // t2 is not suggested, and its own words still put tls first (left out of `fits` instead, tls falls behind: above).
    const ranked = rankCandidates(index, kept, new Set(), () => true, (id) => id !== 'tls/t2');
    expect(ranked.map((c) => c.ruleId)).toEqual(['tls/t1', 'port-bind/p1']);
  });

  it('each further rule counts at a discount: many rules of one category do not outweigh a clear lead', async () => {
    const kept = await lines('kaw lim mor nup ovo ras sot tuv qa qb qc qd qe qf');
    // The lead is two words ahead: no tie, whatever tls's further rules add.
    const clear = rule('port-bind/p1', 'port-bind', 'kaw lim mor nup ovo');
    const tls = [rule('tls/t1', 'tls', 'kaw lim mor'), rule('tls/t2', 'tls', 'ras sot tuv'), rule('tls/t3', 'tls', 'qa qb qc'), rule('tls/t4', 'tls', 'qd qe qf')];
    const index = indexOf([clear, ...tls]);
    const scored = scoreRules(index, kept);
    const evidence = categoryEvidence(scored, new Set(['tls', 'port-bind']), () => true, 0.5);
    // tls's evidence passes port-bind's: only the tie rule keeps the clear lead first.
    expect(evidence.get('tls')!).toBeGreaterThan(evidence.get('port-bind')!);
    expect(order(index, kept)).toEqual(['port-bind', 'tls']);
    // The discount is geometric, in the category's own order (t2, t3, t4 score alike; t1, on the
    // words port-bind shares, lowest): the fourth rule adds an eighth of its words' weight.
    const part = (id: string) => scored.find((c) => c.ruleId === id)!.score;
    expect(scored.filter((c) => c.category === 'tls').map((c) => c.ruleId)).toEqual(['tls/t2', 'tls/t3', 'tls/t4', 'tls/t1']);
    expect(evidence.get('tls')!).toBeCloseTo(part('tls/t2') + part('tls/t3') / 2 + part('tls/t4') / 4 + part('tls/t1') / 8, 1);
  });
});

describe('the order never changes what is suggested (real catalogue, tuned corpora)', () => {
  let real: LexiconIndex;
  beforeAll(async () => {
    real = buildIndexFromFiles(await loadBuiltinRules());
  });

  it('the candidates are those of the rules’ own order, and some pastes are reordered', async () => {
    // Explicit parameters: the property holds whatever lexicon/model.json ships.
    const off: LexiconIndex = { ...real, model: { ...real.model, corroboration: 0 } };
    const on: LexiconIndex = { ...real, model: { ...real.model, corroboration: MODEL.corroboration, catchAllCategories: MODEL.catchAllCategories } };
    let compared = 0;
    let reordered = 0;
    for (const file of ['fixtures/corpus/holdout8.jsonl', 'fixtures/corpus/holdout10.jsonl', 'fixtures/corpus/holdout11.jsonl', 'fixtures/corpus/holdout14.jsonl']) {
      for (const line of readFileSync(`${ROOT}${file}`, 'utf8').split('\n').filter((l) => l.trim())) {
        const kept = await lines((JSON.parse(line) as { log?: string }).log ?? '');
        const a = rankCandidates(off, kept);
        const b = rankCandidates(on, kept);
        expect(new Set(b.map((c) => c.ruleId))).toEqual(new Set(a.map((c) => c.ruleId)));
        compared += a.length;
        if (a.map((c) => c.ruleId).join() !== b.map((c) => c.ruleId).join()) reordered++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(reordered).toBeGreaterThan(0);
  });
});

// lexicon/model.json `heldRules` (notes/holdout.md Round 29c): rules the ranker never suggests from words,
// calibrated with scripts/fallback-rule-precision.mjs --held on the tuning fold. A held rule is skipped where it
// would be chosen (its category's next rule may take its place) and still counts as its category's evidence.
describe('a held rule is never suggested', () => {
  const best = rule('tls/t1', 'tls', 'kaw lim mor nup');
  const next = rule('tls/t2', 'tls', 'kaw lim mor ya yb yc');
  const other = rule('port-bind/p1', 'port-bind', 'kaw lim ras');
  const ids = async (heldRules?: string[]) => rankCandidates(indexOf([best, next, other], heldRules ? { heldRules } : {}), await lines('kaw lim mor nup ras')).map((c) => c.ruleId);

  it('its category’s next rule takes its place; the other candidates stay as they were', async () => {
    expect(await ids()).toEqual(['tls/t1', 'port-bind/p1']);
    expect(await ids(['tls/t1'])).toEqual(['tls/t2', 'port-bind/p1']);
    expect(await ids(['tls/t1', 'tls/t2'])).toEqual(['port-bind/p1']);
  });

  it('the shipped list names rules of the catalogue that the ranker indexes, once each', async () => {
    const held = (JSON.parse(readFileSync(join(LEXICON_DIR, 'model.json'), 'utf8')) as ModelParams).heldRules ?? [];
    expect(held.length).toBeGreaterThan(0);
    expect(new Set(held).size).toBe(held.length);
    const byId = new Map((await loadBuiltinRules()).map((r) => [r.id, r]));
    for (const id of held) expect(byId.has(id) && readsPaste(byId.get(id)!), id).toBe(true);
  });
});
