// A rule's `ranksAfter` (notes/holdout.md Round 37d): its finding is a side note reported after a
// no-milder finding of the named categories/rules that fires beside it, whatever the authored numbers
// say; nothing is hidden. The catalogue's one user: the service manager being unavailable (the gateway
// "may be fine or not running at all") after the gateway's own answer to a connect (pairing required).
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { BUILTIN_RULES_DIR, readAndValidateDir } from '../../src/rules/load.js';
import { CATEGORIES, type Finding, type PasteStory, type Rule } from '../../src/types.js';
import { rankFindings, toldAside } from '../../src/engine/rank.js';

function rule(partial: Partial<Rule> & Pick<Rule, 'id' | 'when'>): Rule {
  return { title: partial.id, category: 'other', severity: 'error', specificity: 10, message: 'm', fix: { tier: 'manual', steps: ['s'] }, ...partial };
}

const ids = (fs: readonly Finding[]) => fs.map((f) => f.ruleId);
const run = async (rules: Rule[], text: string) => evaluate(rules, { paste: await pasteFromString(text) });

const SIDE = 'Gateway service install not supported on freebsd';
const ANSWER = 'disconnected (1008): pairing required';
const side = rule({ id: 'gateway-down/side', category: 'gateway-down', specificity: 62, ranksAfter: ['pairing'], when: { paste: { contains: SIDE } } });
const answer = rule({ id: 'pairing/answer', category: 'pairing', specificity: 40, when: { paste: { contains: 'pairing required' } } });
const other = rule({ id: 'port-bind/other', category: 'port-bind', specificity: 50, when: { paste: { contains: 'EADDRINUSE' } } });

describe('ranksAfter', () => {
  it('puts the side note after a finding of a named category, both still reported', async () => {
    const out = await run([side, answer], `${SIDE}\n${ANSWER}\n`);
    expect(ids(out.findings)).toEqual(['pairing/answer', 'gateway-down/side']);
    expect(out.suppressed).toEqual([]);
  });

  it('without the relation the authored numbers decide (the side note first)', async () => {
    const plain = { ...side, ranksAfter: undefined };
    expect(ids((await run([plain, answer], `${SIDE}\n${ANSWER}\n`)).findings)).toEqual(['gateway-down/side', 'pairing/answer']);
  });

  it('names a rule id as well as a category', async () => {
    const byId = { ...side, ranksAfter: ['pairing/answer'] };
    expect(ids((await run([byId, answer], `${SIDE}\n${ANSWER}\n`)).findings)).toEqual(['pairing/answer', 'gateway-down/side']);
  });

  it('moves the side note down, not the named one up: a finding authored between them still comes before the named one', async () => {
    const out = await run([side, answer, other], `Error: listen EADDRINUSE\n${SIDE}\n${ANSWER}\n`);
    expect(ids(out.findings)).toEqual(['port-bind/other', 'pairing/answer', 'gateway-down/side']);
  });

  it('does not wait for a milder finding (a warning or a note does not pass an error)', async () => {
    const mild = { ...answer, severity: 'warning' as const };
    expect(ids((await run([side, mild], `${SIDE}\n${ANSWER}\n`)).findings)).toEqual(['gateway-down/side', 'pairing/answer']);
  });

  it('does not wait for a generic-band finding (a string several causes share, below band exact)', async () => {
    const generic = { ...answer, specificity: 39 };
    expect(ids((await run([side, generic], `${SIDE}\n${ANSWER}\n`)).findings)).toEqual(['gateway-down/side', 'pairing/answer']);
  });

  it('a cycle falls back to the comparator order instead of looping', async () => {
    const back = { ...answer, ranksAfter: ['gateway-down'] };
    expect(ids((await run([side, back], `${SIDE}\n${ANSWER}\n`)).findings)).toEqual(['gateway-down/side', 'pairing/answer']);
  });
});

// review34d must-fix 1 and should-fix: the relation waits only for a live answer, and only while nothing of the
// side note's own category says the gateway is down. Findings by hand, the story marks as derive/story.ts writes them.
const finding = (ruleId: string, category: Finding['category'], specificity: number, lines: number[]): Finding => ({
  ruleId, category, severity: 'error', status: 'fail', title: ruleId, message: 'm', fix: { tier: 'manual', steps: ['s'] }, specificity,
  evidence: lines.map((line) => ({ source: 'paste' as const, line, text: 't' })),
});
const sideF = finding('gateway-down/side', 'gateway-down', 62, [1]);
const answerF = finding('pairing/answer', 'pairing', 40, [2]);
const rel = new Map([['gateway-down/side', ['pairing']]]);
const order = (fs: Finding[], story?: PasteStory) => ids(rankFindings(fs, undefined, rel, story));

describe('ranksAfter waits only for a live answer (the story marks)', () => {
  it('a live answer: the side note waits (no story, or marks on other lines)', () => {
    expect(order([sideF, answerF])).toEqual(['pairing/answer', 'gateway-down/side']);
    expect(order([sideF, answerF], { denied: [{ line: 3, at: 0, end: 5 }], quoted: [1], resolved: { line: 1, at: 0, end: 5 } })).toEqual(['pairing/answer', 'gateway-down/side']);
  });

  it('an answer whose line is denied, quoted, holds a quoted span, or is told before the fix statement: the authored order', () => {
    for (const story of [
      { denied: [{ line: 2, at: 4, end: 30 }] },
      { quoted: [2] },
      { quotedSpans: [{ line: 2, at: 0, end: 20 }] },
      { resolved: { line: 2, at: 50, end: 59 } },
      { resolved: { line: 3, at: 0, end: 9 } },
    ] satisfies PasteStory[]) expect(order([sideF, answerF], story), JSON.stringify(story)).toEqual(['gateway-down/side', 'pairing/answer']);
  });

  it('an answer told aside on one line but live on another still makes the side note wait', () => {
    const twice = finding('pairing/answer', 'pairing', 40, [2, 4]);
    expect(order([sideF, twice], { quoted: [2] })).toEqual(['pairing/answer', 'gateway-down/side']);
    expect(order([sideF, twice], { resolved: { line: 3, at: 0, end: 5 } })).toEqual(['pairing/answer', 'gateway-down/side']);
  });

  it('toldAside: never for a finding without a pasted line', () => {
    expect(toldAside({ ...answerF, evidence: [{ source: 'config', path: 'gateway.auth', text: 't' }] }, { quoted: [1, 2] })).toBe(false);
    expect(toldAside(answerF, undefined)).toBe(false);
  });

  it('a live finding of the side note\'s own category (connection refused: the gateway is down) keeps the authored order', () => {
    const refused = finding('gateway-down/refused', 'gateway-down', 50, [4]);
    expect(order([sideF, answerF, refused])).toEqual(['gateway-down/side', 'gateway-down/refused', 'pairing/answer']);
    // ... unless that finding is itself told aside (a refusal before the fix statement): the answer is live, the note waits
    // for it (the told-aside refusal keeps its authored place: only the side note moves).
    const refusedEarly = finding('gateway-down/refused', 'gateway-down', 50, [1]);
    expect(order([sideF, answerF, refusedEarly], { resolved: { line: 1, at: 40, end: 50 } })).toEqual(['gateway-down/refused', 'pairing/answer', 'gateway-down/side']);
  });
});

describe('ranksAfter in the catalogue', () => {
  it('names only existing categories or rules, never its own category, and forms no cycle', async () => {
    const { rules } = await readAndValidateDir(BUILTIN_RULES_DIR);
    const idSet = new Set(rules.map((r) => r.id));
    const categories = new Set<string>(CATEGORIES);
    const users = rules.filter((r) => r.ranksAfter?.length);
    expect(users.length).toBeGreaterThan(0);
    const bad = users.flatMap((r) => r.ranksAfter!.filter((t) => !(t.includes('/') ? idSet.has(t) : categories.has(t)) || t === r.category).map((t) => `${r.id} -> ${t}`));
    expect(bad).toEqual([]);
    // No two rules each ranked after the other (directly: the only cycles a rule author can write by hand).
    const after = (a: Rule, b: Rule) => (a.ranksAfter ?? []).some((t) => t === b.id || t === b.category);
    const cycles = users.flatMap((a) => rules.filter((b) => b !== a && after(a, b) && after(b, a)).map((b) => `${a.id} <-> ${b.id}`));
    expect(cycles).toEqual([]);
  });
});
