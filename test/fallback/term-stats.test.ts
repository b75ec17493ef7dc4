// Frozen term statistics of the possible-causes ranker (lexicon/stats/term-stats.json): the word
// weights and the length norm come from a pinned document set, so a rule document added later
// changes no other document's score; the shipped file is checked against the inputs it states.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { UNSEEN_DF, buildLexiconIndex, documentTerms, readsPaste, termStats } from '../../src/engine/fallback/index-build.js';
import { rankCandidates, scoreRules } from '../../src/engine/fallback/rank.js';
import type { LexiconFile, ModelParams, TermStats } from '../../src/engine/fallback/types.js';
import { FREEZE_COMMAND, LEXICON_DIR, buildIndexFromFiles, fingerprintServes, freezeTermStats, indexServes, lexiconFingerprint, readLexicons, readTermStats, termStatsDrift } from '../../src/rules/lexicon.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { LineRef, Rule } from '../../src/types.js';
import { ROOT } from '../cli/run.js';

let rules: Rule[];
let lexicons: LexiconFile[];
let model: ModelParams;
let frozen: TermStats;

beforeAll(async () => {
  rules = await loadBuiltinRules();
  ({ lexicons, model } = readLexicons());
  frozen = termStats(documentTerms(rules, lexicons, model).docs);
});

/** A rule about something no existing rule talks about (its words are new to the index). */
function unrelatedRule(id: string, words: string): Rule {
  return {
    id,
    title: `the ${words} refuses the gateway`,
    category: 'other',
    severity: 'error',
    when: { paste: { regex: 'zorblax' } },
    specificity: 50,
    message: `${words} ${words} connection gateway token`,
    fix: { tier: 'manual', steps: ['remove it'] },
  } as Rule;
}

/** Pasted reports of the dev corpus that reach the ranker with some score (the fixed set of rankings). */
async function corpusPastes(): Promise<LineRef[][]> {
  const out: LineRef[][] = [];
  for (const line of readFileSync(`${ROOT}fixtures/corpus/cases.jsonl`, 'utf8').split('\n').filter((l) => l.trim())) {
    const c = JSON.parse(line) as { log?: string };
    out.push((await pasteFromString(c.log ?? '')).kept);
  }
  return out;
}

const scoresOf = (index: ReturnType<typeof buildLexiconIndex>, lines: LineRef[]) =>
  Object.fromEntries(scoreRules(index, lines).map((c) => [c.ruleId, c.score]));

describe('frozen term statistics: a new rule document moves no other ranking', () => {
  it('adding unrelated rule documents leaves every existing document score and every ranking unchanged', async () => {
    const extra = [unrelatedRule('other/zorblax-a', 'zorblax proxy'), unrelatedRule('other/zorblax-b', 'quuxmesh tunnel gateway connection refused'), unrelatedRule('other/zorblax-c', 'websocket closed token mismatch')];
    const before = buildLexiconIndex(rules, lexicons, model, 'a', frozen);
    const after = buildLexiconIndex([...rules, ...extra], lexicons, model, 'b', frozen);
    const pastes = await corpusPastes();
    let compared = 0;
    for (const lines of pastes) {
      const a = scoresOf(before, lines);
      const b = scoresOf(after, lines);
      for (const id of extra.map((r) => r.id)) delete b[id];
      expect(b).toEqual(a);
      const keep = (id: string) => !id.startsWith('other/zorblax');
      expect(rankCandidates(after, lines, new Set(), keep)).toEqual(rankCandidates(before, lines, new Set(), keep));
      compared += Object.keys(a).length;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('with live statistics the same addition does move existing scores (what the frozen table prevents)', async () => {
    const extra = [unrelatedRule('other/zorblax-b', 'quuxmesh tunnel gateway connection refused')];
    const before = buildLexiconIndex(rules, lexicons, model, 'a');
    const after = buildLexiconIndex([...rules, ...extra], lexicons, model, 'b');
    expect(before.termStats).toBe('live');
    let moved = 0;
    for (const lines of await corpusPastes()) {
      const a = scoresOf(before, lines);
      const b = scoresOf(after, lines);
      moved += Object.keys(a).filter((id) => a[id] !== b[id]).length;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('frozen statistics of the indexed documents themselves score exactly as live ones', async () => {
    const live = buildLexiconIndex(rules, lexicons, model, 'a');
    const pinned = buildLexiconIndex(rules, lexicons, model, 'b', frozen);
    expect(pinned.termStats).toBe('frozen');
    expect(pinned.df).toEqual({});
    for (const lines of (await corpusPastes()).slice(0, 30)) expect(scoresOf(pinned, lines)).toEqual(scoresOf(live, lines));
  });

  it("new rules' own words weigh as words of one document until the next freeze, and such a rule can be suggested", async () => {
    const rule = unrelatedRule('other/zorblax-a', 'zorblax proxy');
    const index = buildLexiconIndex([...rules, rule, unrelatedRule('other/zorblax-b', 'zorblax')], lexicons, model, 'a', frozen);
    expect(index.postings.zorblax!.length / 2).toBe(2);
    expect(index.df.zorblax).toBe(UNSEEN_DF);
    expect(index.n).toBe(frozen.docs);
    const { kept } = await pasteFromString('the zorblax proxy refuses the gateway connection, zorblax keeps closing it');
    expect(rankCandidates(index, kept)[0]?.ruleId).toBe('other/zorblax-a');
  });

  it('the lexical opt-out still holds: a `lexical: false` rule adds no document under frozen statistics', () => {
    const out = unrelatedRule('other/zorblax-off', 'zorblax');
    out.lexical = false;
    expect(readsPaste(out)).toBe(false);
    const index = buildLexiconIndex([...rules, out], lexicons, model, 'a', frozen);
    expect(index.docs.some((d) => d.id === out.id)).toBe(false);
  });
});

describe('the shipped table (lexicon/stats/term-stats.json) against its stated inputs', () => {
  it(`is not stale: no pinned document changed or is gone (else run \`${FREEZE_COMMAND}\` and measure before/after)`, () => {
    const drift = termStatsDrift(rules);
    expect({ changed: drift.changed, removed: drift.removed }).toEqual({ changed: [], removed: [] });
  });

  it('equals the statistics computed now from the documents it lists (rules and lexicon files added since are left out)', () => {
    const shipped = readTermStats();
    expect(shipped).toBeDefined();
    const docs = documentTerms(rules, lexicons, model).docs.filter((d) => Object.hasOwn(shipped!.inputs, d.id));
    expect(docs.length).toBe(Object.keys(shipped!.inputs).length);
    const now = termStats(docs);
    expect({ docs: now.docs, avgLen: now.avgLen, df: { ...now.df } }).toEqual({ docs: shipped!.docs, avgLen: shipped!.avgLen, df: shipped!.df });
    // What the freeze writes now, over the same documents (the rules it lists), is the shipped file —
    // asserted on every run, also between freezes when newer rules are left out of the table.
    expect(freezeTermStats(rules.filter((r) => Object.hasOwn(shipped!.inputs, r.id)))).toEqual(shipped);
  });

  it('a table missing a statistic is refused when read, not scored as NaN weights', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-term-stats-'));
    mkdirSync(join(dir, 'stats'));
    const shipped = readTermStats()!;
    const write = (v: unknown) => writeFileSync(join(dir, 'stats', 'term-stats.json'), JSON.stringify(v));
    write(shipped);
    expect(readTermStats(dir)?.docs).toBe(shipped.docs);
    for (const broken of [{ ...shipped, avgLen: undefined }, { ...shipped, docs: '200' }, { ...shipped, df: { gateway: null } }, { ...shipped, inputs: undefined }]) {
      write(broken);
      expect(() => readTermStats(dir)).toThrow(/not a term-statistics table/);
    }
  });

  it('the drift check names a changed and a removed pinned document, and a new one as added', () => {
    const shipped = readTermStats()!;
    const pinnedRule = rules.find((r) => Object.hasOwn(shipped.inputs, r.id))!;
    const other = rules.find((r) => r !== pinnedRule && Object.hasOwn(shipped.inputs, r.id))!;
    const edited = { ...pinnedRule, title: `${pinnedRule.title} with a new word zorblax` } as Rule;
    const changedSet = rules.filter((r) => r !== pinnedRule && r !== other).concat(edited, unrelatedRule('other/zorblax-new', 'zorblax'));
    const drift = termStatsDrift(changedSet);
    expect(drift.changed).toEqual([pinnedRule.id]);
    expect(drift.removed).toEqual([other.id]);
    expect(drift.added).toContain('other/zorblax-new');
  });
});

describe('the shipped index serves an installed package', () => {
  it('checks only the rule part of the fingerprint there (npm pack resets the lexicon files\' mtimes), both parts in a working tree', () => {
    const want = lexiconFingerprint(rules);
    const [files, ids] = want.split('.');
    expect(files).toMatch(/^[0-9a-f]{16}$/);
    expect(ids).toMatch(/^[0-9a-f]{16}$/);
    const otherFiles = `${'0'.repeat(16)}.${ids}`;
    expect(fingerprintServes(otherFiles, want, true)).toBe(true);
    expect(fingerprintServes(otherFiles, want, false)).toBe(false);
    expect(fingerprintServes(want, want, false)).toBe(true);
    // Another rule set (a --rules directory) is never served by the shipped index.
    const fewer = lexiconFingerprint(rules.filter((r) => r.id !== rules.find(readsPaste)!.id));
    expect(fewer.split('.')[1]).not.toBe(ids);
    expect(fingerprintServes(want, fewer, true)).toBe(false);
  });

  it('in a working tree, new mtimes without an edit keep the built index (its content digest decides); an edit or another rule set does not', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ckd-lexicon-copy-')), 'lexicon');
    cpSync(LEXICON_DIR, dir, { recursive: true });
    const built = buildIndexFromFiles(rules, dir);
    expect(built.contentDigest).toMatch(/^[0-9a-f]{32}$/);
    expect(indexServes(built, lexiconFingerprint(rules, dir), dir, false)).toBe(true);
    // A copy or checkout: every file gets a new mtime, the bytes stay.
    const later = new Date(Date.now() + 3_600_000);
    for (const f of ['en.json', 'model.json', join('stats', 'term-stats.json')]) utimesSync(join(dir, f), later, later);
    const touched = lexiconFingerprint(rules, dir);
    expect(touched).not.toBe(built.fingerprint);
    expect(fingerprintServes(built.fingerprint, touched, false)).toBe(false);
    expect(indexServes(built, touched, dir, false)).toBe(true);
    // Without a content digest (an index from an older build) the stat check alone decides, as before.
    expect(indexServes({ fingerprint: built.fingerprint }, touched, dir, false)).toBe(false);
    // Another rule set is never served, whatever the files.
    const fewer = lexiconFingerprint(rules.filter((r) => r.id !== rules.find(readsPaste)!.id), dir);
    expect(indexServes(built, fewer, dir, false)).toBe(false);
    // An edit to a lexicon file makes it stale.
    const en = join(dir, 'en.json');
    writeFileSync(en, readFileSync(en, 'utf8').replace('"', ' "'));
    expect(indexServes(built, lexiconFingerprint(rules, dir), dir, false)).toBe(false);
  });
});
