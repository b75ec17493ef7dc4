// The matching budget's bound (src/engine/budget-bound.ts): gates may decide rules on a paste only
// when a full evaluation could not use up what is left of the budget, so the bound must never count
// less than a full evaluation can spend — the budget is what keeps a hostile paste's regex work
// linear and bounded (issue #9 §2). Checked here against the rule bodies (not the bundle's index it
// is read from) and against what full evaluations spend, and with gates deciding, the answers and
// the lines left unexamined must be a full evaluation's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, BUNDLE_FILE, loadBuiltinRules } from '../../src/rules/load.js';
import { evaluate, evaluateRule, gatesDecide } from '../../src/engine/evaluate.js';
import { patternTerms, spendBound } from '../../src/engine/budget-bound.js';
import { budgetWeight } from '../../src/engine/gate.js';
import { coverPass, keptChars, scanCoverLiterals } from '../../src/engine/conditions.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { budgetFor, budgetOf } from '../../src/shared/regex/budget.js';
import { runWeight } from '../../src/shared/regex/compile.js';
import { matcherKey } from '../../src/shared/regex/anchors.js';
import { walkConditions } from '../../src/shared/conditions.js';
import { builtinAutomaton } from '../../src/shared/literals/builtin.js';
import { numberedCovers } from '../../src/shared/literals/numbered.js';
import type { Facts, PasteMatcher, Rule } from '../../src/types.js';
import { expectSameResults } from './same-results.js';

/** A budget no paste here can use up (finite: the budget's `spent` is total minus what is left). */
const UNLIMITED = 2 ** 50;

/** Each rule's distinct regex matchers (by matcher key), in the order its `when` is walked. */
function bodyPatterns(r: Rule): PasteMatcher[] {
  const out = new Map<string, PasteMatcher>();
  for (const c of walkConditions(r.when)) if ('paste' in c && c.paste.regex !== undefined && !out.has(matcherKey(c.paste))) out.set(matcherKey(c.paste), c.paste);
  return [...out.values()];
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const FILL = [' ', 'a', '-', ':', '/', '.', '0', '=', '"', '\t', 'x1', ' :', 'aa '];

/** A line of `len` characters built as the ReDoS bench builds its own: one pattern's cover literals, each followed by a run of one filler. */
function literalLine(lits: readonly string[], r: () => number, len: number): string {
  const fill = FILL[Math.floor(r() * FILL.length)]!;
  const run = [1, 8, 64, 512][Math.floor(r() * 4)]!;
  let s = '';
  for (let i = 0; s.length < len; i++) s += (lits[i % lits.length] ?? 'x') + fill.repeat(Math.max(1, Math.floor(run / fill.length)));
  return s.slice(0, len);
}

function casePastes(): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) visit(join(d, e.name));
      else if (e.name.endsWith('.cases.json')) {
        const c = JSON.parse(readFileSync(join(d, e.name), 'utf8')) as Record<string, Array<{ paste?: unknown }> | undefined>;
        for (const x of [...(c.positive ?? []), ...(c.negative ?? [])]) if (typeof x.paste === 'string') out.push(x.paste);
      }
    }
  };
  visit(BUILTIN_RULES_DIR);
  return out;
}

/** Pastes the bound decides on its candidate lines or on all kept characters, from the rules' own literals and the rule cases (made once). */
let made: Array<{ name: string; text: string }> | undefined;
async function pastes(rules: Rule[]): Promise<Array<{ name: string; text: string }>> {
  return (made ??= makePastes(rules));
}

function makePastes(rules: Rule[]): Array<{ name: string; text: string }> {
  const covers = [...new Map(rules.flatMap(bodyPatterns).map((m) => [matcherKey(m), m.cover ?? []])).values()];
  const r = rng(97);
  const pick = () => covers[Math.floor(r() * covers.length)]!.flat();
  const out: Array<{ name: string; text: string }> = [];
  for (let k = 0; k < 2; k++) out.push({ name: `one 64 KiB line (${k})`, text: literalLine(pick(), r, 65536) });
  out.push({ name: 'eight 16 KiB lines', text: Array.from({ length: 8 }, () => literalLine(pick(), r, 16384)).join('\n') });
  out.push({ name: '400 lines of 100–2,000 characters', text: Array.from({ length: 400 }, () => literalLine(pick(), r, 100 + Math.floor(r() * 1900))).join('\n') });
  // Every pattern's first conjunction on each line: every pattern reads every line (the bound on all kept characters is then what a full evaluation spends, less the patterns that match).
  const firsts = covers.map((cover) => (cover[0] ?? []).join(' '));
  out.push({ name: "two lines holding one conjunction of every pattern's cover", text: `${firsts.join(' ; ')}\n${[...firsts].reverse().join(' , ')}` });
  const cases = casePastes();
  out.push({ name: `the rule cases' ${cases.length} pastes, joined`, text: cases.join('\n') });
  return out;
}

const facts = async (text: string, total?: number): Promise<Facts> => {
  const paste = (await pasteFromString(text, { source: 'stdin' }))!;
  if (total !== undefined) budgetFor(paste, total);
  return { flags: {}, paste, version: { value: '2026.3.13', source: 'paste' } };
};

/**
 * What a full evaluation without a limit spent on a paste, kept by the test that works it out: the
 * count depends on the rules and the text only, and the gate test below needs it again for two pastes
 * (worked out there when that test runs alone, `-t`).
 */
const unlimitedSpent = new Map<string, { rules: Rule[]; spent: number }>();

/** What a full evaluation (no rule decided by its gate: evaluateRule) spends, and its results. */
function fullEvaluation(rules: Rule[], f: Facts) {
  scanCoverLiterals(rules, f); // as evaluate() does: one pass for every cover literal, not one per matcher
  const results = rules.map((r) => evaluateRule(r, f));
  return { results, spent: budgetOf(f.paste!)?.spent ?? 0, skipped: [...(budgetOf(f.paste!)?.skipped ?? [])] };
}

describe('the matching budget bound (src/engine/budget-bound.ts)', () => {
  it("is read from the bundle's index, which lists each rule body's distinct patterns with their run weights and their own covers", async () => {
    const rules = await loadBuiltinRules();
    const whole = JSON.parse(readFileSync(BUNDLE_FILE, 'latin1')) as { index: { budget: { w: number[]; c: number[]; r: number[][] } }; covers: Record<string, string[][]> };
    const { w, c, r } = whole.index.budget;
    expect(r).toHaveLength(rules.length);
    const keyOf = new Map<number, string>();
    const idOf = new Map<string, number>();
    const weights = new Map<string, number>();
    const coverKeys = Object.keys(whole.covers);
    const a = builtinAutomaton()!.automaton;
    const numbered = numberedCovers(a)!;
    const coverAt = (i: number) =>
      Array.from({ length: numbered.coverStart[i + 1]! - numbered.coverStart[i]! }, (_, j) => {
        const conj = numbered.coverStart[i]! + j;
        return Array.from(numbered.conjIds.subarray(numbered.conjStart[conj]!, numbered.conjStart[conj + 1]!), (id) => a.literals[id]);
      });
    for (const [i, rule] of rules.entries()) {
      const body = bodyPatterns(rule);
      expect(r[i]!.length, rule.id).toBe(body.length);
      for (const [k, m] of body.entries()) {
        const id = r[i]![k]!;
        const key = matcherKey(m);
        // One key per pattern number and one number per key: counting a number once counts each pattern once.
        expect(keyOf.get(id) ?? key, rule.id).toBe(key);
        expect(idOf.get(key) ?? id, rule.id).toBe(id);
        keyOf.set(id, key);
        idOf.set(key, id);
        weights.set(key, Math.max(weights.get(key) ?? 0, runWeight(m)));
        if (m.cover && !m.caseSensitive && m.cover.every((conj) => conj.length > 0)) {
          expect(coverKeys[c[id]!], rule.id).toBe(key);
          expect(coverAt(c[id]!), rule.id).toEqual(m.cover);
        } else expect(c[id], rule.id).toBe(-1);
      }
    }
    for (const [key, id] of idOf) expect(w[id], key).toBe(weights.get(key));
    expect(w).toHaveLength(idOf.size);
  });

  it('never counts less than a full evaluation can spend: per pattern (its weight on its candidate lines) and in total', async () => {
    const rules = await loadBuiltinRules();
    const body = [...new Map(rules.flatMap(bodyPatterns).map((m) => [matcherKey(m), m])).values()];
    const checked = { patterns: 0, candidates: 0 };
    for (const { name, text } of await pastes(rules)) {
      const f = await facts(text, UNLIMITED);
      const paste = f.paste!;
      scanCoverLiterals(rules, f);
      // The most a pattern can cost: its run weight on every line holding all literals of one
      // conjunction of its cover (which lines hold a literal: the engine's pass, checked against
      // `includes` in test/engine/literal-set.test.ts).
      const pass = coverPass(paste)!;
      const listOf = new Map(pass.set.literals.map((l, k) => [l, pass.lines[k]!]));
      const setOf = new Map(pass.set.literals.map((l, k) => [l, new Set(pass.lines[k])]));
      const holdingAll = (conj: readonly string[]) => {
        const [first, ...rest] = [...conj].sort((x, y) => listOf.get(x)!.length - listOf.get(y)!.length);
        return listOf.get(first!)!.filter((k) => rest.every((l) => setOf.get(l)!.has(k)));
      };
      const terms = patternTerms(rules, paste);
      expect(terms, name).toHaveLength(body.length);
      const uncovered = (m: PasteMatcher) => !m.cover || m.caseSensitive || m.cover.some((conj) => conj.length === 0);
      for (const [i, m] of body.entries()) {
        const candidates = uncovered(m) ? paste.kept.map((_, k) => k) : [...new Set(m.cover!.flatMap(holdingAll))];
        const most = candidates.reduce((n, k) => n + paste.kept[k]!.text.length, 0);
        expect(terms[i]!.weight, `${name}: ${m.regex}`).toBeGreaterThanOrEqual(runWeight(m));
        expect(terms[i]!.chars, `${name}: ${m.regex}`).toBeGreaterThanOrEqual(most);
        checked.patterns++;
        if (most > 0) checked.candidates++;
      }
      const { spent, skipped } = fullEvaluation(rules, f);
      unlimitedSpent.set(text, { rules, spent });
      expect(skipped, name).toEqual([]);
      // With less left than that, the bound says "over" (on all kept characters or on candidate lines).
      expect(spendBound(rules, paste, spent - 1, (r) => budgetWeight(r.when)), name).toBeGreaterThan(spent - 1);
      expect(terms.reduce((n, t) => n + t.weight * t.chars, 0), name).toBeGreaterThanOrEqual(spent);
    }
    // Every pattern met at least one paste holding its literals.
    expect(checked.candidates).toBeGreaterThan(body.length);
  });

  it('counts a rule the bundle did not describe (a --rules directory) by its budgetWeight on every kept character, beside the bundle\'s', async () => {
    const bundled = await loadBuiltinRules();
    // Plain copies: no index entry. Half of them beside the other half from the bundle.
    const copies = JSON.parse(JSON.stringify(bundled)) as Rule[];
    const mixed = [...bundled.slice(0, 200), ...copies.slice(200)];
    for (const { name, text } of (await pastes(bundled)).filter((p) => p.name.startsWith('two lines') || p.name.startsWith('eight'))) {
      for (const rules of [copies, mixed]) {
        const f = await facts(text, UNLIMITED);
        const { spent } = fullEvaluation(rules, f);
        expect(spendBound(rules, f.paste!, spent - 1, (r) => budgetWeight(r.when)), name).toBeGreaterThan(spent - 1);
        expect(spendBound(rules, f.paste!, Infinity, (r) => budgetWeight(r.when)), name).toBeGreaterThanOrEqual(keptChars(f.paste!) * copies.slice(200).reduce((n, r) => n + budgetWeight(r.when), 0));
      }
    }
  });

  it('lets gates decide on any one line up to 64 KiB and on larger pastes when their candidate lines fit, with the answers of a full evaluation', async () => {
    const rules = await loadBuiltinRules();
    let decidedOn = 0;
    for (const { name, text } of await pastes(rules)) {
      const gated = await facts(text);
      const full = await facts(text);
      if (keptChars(gated.paste!) <= 65536) expect(gatesDecide(rules, gated), name).toBe(true);
      if (gatesDecide(rules, gated)) decidedOn++;
      const out = evaluate(rules, gated);
      const want = fullEvaluation(rules, full);
      expectSameResults(out.results, want.results);
      expect([...(budgetOf(gated.paste!)?.skipped ?? [])], name).toEqual(want.skipped);
    }
    // The multi-line pastes too (the bound on candidate lines, not every kept character).
    expect(decidedOn).toBeGreaterThanOrEqual(4);
  });

  it('keeps gates off whenever a full evaluation could run the budget out, and then the same lines go unexamined', async () => {
    const rules = await loadBuiltinRules();
    for (const { name, text } of (await pastes(rules)).slice(2, 4)) {
      const known = unlimitedSpent.get(text);
      const spent = known?.rules === rules ? known.spent : fullEvaluation(rules, await facts(text, UNLIMITED)).spent;
      expect(spent, name).toBeGreaterThan(0);
      for (const total of [spent - 1, spent]) {
        const gated = await facts(text, total);
        const on = gatesDecide(rules, gated);
        // On means the bound fits what is left: a full evaluation spends at most that.
        if (total < spent) expect(on, `${name}, budget ${total}`).toBe(false);
        const out = evaluate(rules, gated);
        const want = fullEvaluation(rules, await facts(text, total));
        expectSameResults(out.results, want.results);
        expect([...(budgetOf(gated.paste!)?.skipped ?? [])], `${name}, budget ${total}`).toEqual(want.skipped);
        if (total < spent) expect(want.skipped.length, name).toBeGreaterThan(0);
      }
    }
  });
});
