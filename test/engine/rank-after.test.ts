// A rule's `ranksAfter` (notes/holdout.md Round 37d): its finding is a side note reported after a
// no-milder finding of the named categories/rules that fires beside it, whatever the authored numbers
// say; nothing is hidden. The catalogue's one user: the service manager being unavailable (the gateway
// "may be fine or not running at all") after the gateway's own answer to a connect (pairing required).
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { BUILTIN_RULES_DIR, readAndValidateDir } from '../../src/rules/load.js';
import { CATEGORIES, type Finding, type Rule } from '../../src/types.js';

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
