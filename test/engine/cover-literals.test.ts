// The rules bundle stores each built-in rule's cover literals (scripts/bundle-rules.mjs), so the
// engine's one pass over a large paste does not parse every body (src/engine/cover-literals.ts).
// They must be exactly what the body gives, a parsed (possibly changed) rule must be read from its
// conditions again, and a large paste's answers must be those of rules whose bodies were all parsed.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, BUNDLE_FILE, loadBuiltinRules } from '../../src/rules/load.js';
import { isParsed, materialise } from '../../src/rules/lazy.js';
import { coverLiterals, ruleCoverLiterals } from '../../src/engine/cover-literals.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { coverPass } from '../../src/engine/conditions.js';
import { LITERAL_SEARCH_MAX_CHARS } from '../../src/engine/literal-set.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import type { Condition, Facts, Rule } from '../../src/types.js';
import { expectSameResults } from './same-results.js';
import { walkConditions } from '../../src/shared/conditions.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The built-in rules from a copy of the bundle: rule objects of their own, every body unread. */
async function freshRules(): Promise<Rule[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ckd-cover-lits-'));
  dirs.push(dir);
  for (const f of ['rules.bundle.json', 'literals.bin']) copyFileSync(join(dirname(BUNDLE_FILE), f), join(dir, f));
  const rules = await loadBuiltinRules(BUILTIN_RULES_DIR, process.platform, join(dir, 'rules.bundle.json'));
  expect(rules.every((r) => !isParsed(r))).toBe(true);
  return rules;
}

describe('cover literals from the rules bundle', () => {
  it('are, for every built-in rule, what its parsed body gives (same literals, same order)', async () => {
    const rules = await freshRules();
    let withLits = 0;
    for (const r of rules) {
      const fromIndex = ruleCoverLiterals(r);
      expect(isParsed(r)).toBe(false);
      expect(fromIndex).toEqual(coverLiterals(materialise(r).when));
      if (fromIndex.length) withLits++;
    }
    expect(withLits).toBeGreaterThan(200);
  });

  it('a parsed rule whose conditions changed is read from its conditions, not the index', async () => {
    const rules = await freshRules();
    const r = rules.find((x) => ruleCoverLiterals(x).length > 0)!;
    const when: Condition = { paste: { contains: 'made up here', cover: [['made up here']] } };
    r.when = when;
    expect(ruleCoverLiterals(r)).toEqual(['made up here']);
  });

  it('a paste past the literal search: the pass leaves bodies unread, and the answers are those of fully parsed rules', async () => {
    const lines = [
      'gateway connect failed: Error: pairing required',
      'gateway closed (1008): pairing required',
      'Error: listen EADDRINUSE: address already in use 127.0.0.1:18789',
      'unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)',
    ];
    const filler = Array.from({ length: Math.ceil((2 * LITERAL_SEARCH_MAX_CHARS) / 60) }, (_, i) => `2026-03-04T16:29:35.301Z [telegram] polling cycle ok offset=${i}`);
    const text = [...filler.slice(0, 300), ...lines, ...filler.slice(300)].join('\n');
    const lazy = await freshRules();
    const full = (await freshRules()).map((r) => materialise(r));
    const paste = await pasteFromString(text);
    const a = evaluate(lazy, { flags: {}, paste } as Facts);
    expect(coverPass(paste)).toBeDefined();
    const unread = lazy.filter((r) => !isParsed(r)).length;
    expect(unread).toBeGreaterThan(lazy.length / 2);
    const paste2 = await pasteFromString(text);
    const b = evaluate(full, { flags: {}, paste: paste2 } as Facts);
    expect(a.findings.length).toBeGreaterThan(0);
    expectSameResults(a, b);
  });

  it("hold a case-insensitive matcher's same-line exclusion's cover literals too, not a case-sensitive exclusion's", () => {
    const when: Condition = {
      all: [
        { paste: { regex: 'gateway.{0,9}closed', cover: [['gateway', 'closed']], notOnLine: '\\[telegram\\]', notOnLineMatcher: { regex: '\\[telegram\\]', cover: [['[telegram]']] } } },
        { paste: { regex: 'bind failed', cover: [['bind failed']], notOnLine: 'Slack', notOnLineMatcher: { regex: 'Slack', caseSensitive: true, cover: [['Slack']] } } },
      ],
    };
    expect(coverLiterals(when)).toEqual(['gateway', 'closed', '[telegram]', 'bind failed']);
  });

  it("every built-in exclusion's walkable cover literal is walked by the pass (its places never an indexOf over a long line)", async () => {
    const rules = await freshRules();
    const filler = Array.from({ length: Math.ceil((2 * LITERAL_SEARCH_MAX_CHARS) / 60) }, (_, i) => `2026-03-04T16:29:35.301Z [telegram] polling cycle ok offset=${i}`);
    const paste = await pasteFromString(filler.join('\n'));
    evaluate(rules, { flags: {}, paste } as Facts);
    const w = coverPass(paste)?.set.builtinWalk();
    expect(w).toBeDefined();
    // What window.ts walks: three or more characters, none the automaton never reports.
    const walkable = /^[^\x00-\x08\n\x0b\x0c\x0e-\x1f\x7f]{3,}$/;
    const lits = new Set<string>();
    for (const r of rules) for (const c of walkConditions(materialise(r).when)) if ('paste' in c && !c.paste.caseSensitive) for (const conj of c.paste.notOnLineMatcher?.cover ?? []) for (const l of conj) if (walkable.test(l)) lits.add(l);
    expect(lits.size).toBeGreaterThan(200);
    const unwalked = [...lits].filter((l) => {
      const id = w!.index.get(l);
      return id === undefined || !w!.tries.keep(id);
    });
    expect(unwalked).toEqual([]);
  });
});
