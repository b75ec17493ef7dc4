// The rules bundle stores a same-line exclusion's analysed matcher (notOnLineMatcher) without its regex, which
// is its matcher's notOnLine to the letter (src/shared/regex/exclusion-pack.ts); the readers put it back.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FILE, loadBuiltinRules } from '../../src/rules/load.js';
import { materialise } from '../../src/rules/lazy.js';
import { walkConditions } from '../../src/shared/conditions.js';
import { fullMatcher, planReader } from '../../src/shared/regex/anchor-plan.js';
import { pastePlan } from '../../src/shared/regex/plan.js';
import { packExclusions, restoreExclusion } from '../../src/shared/regex/exclusion-pack.js';
import type { PasteMatcher } from '../../src/types.js';

/** Every object of a JSON value holding a notOnLineMatcher. */
function holders(v: unknown, out: PasteMatcher[] = []): PasteMatcher[] {
  if (typeof v !== 'object' || v === null) return out;
  if ('notOnLineMatcher' in v) out.push(v as PasteMatcher);
  for (const x of Object.values(v)) holders(x, out);
  return out;
}

describe("an exclusion's matcher in the rules bundle", () => {
  it('is stored without its regex in the rule bodies and the anchor plan, and read back with it', async () => {
    const doc = JSON.parse(readFileSync(BUNDLE_FILE, 'latin1')) as { rules: unknown; anchorMatchers: unknown };
    for (const part of [doc.rules, doc.anchorMatchers]) {
      const stored = holders(part);
      expect(stored.length).toBeGreaterThan(5);
      let planned = 0;
      for (const m of stored) {
        expect(m.notOnLine).toEqual(expect.any(String));
        expect(m.notOnLineMatcher!.regex).toBeUndefined();
        // The analysis the build made is kept (the plan it runs by, where the pattern has one: annotate.ts sets it only
        // for a pattern pastePlan splits, and `\b(?:hook|push|webhook)[- ]?tokens?\b` has none) and, in the bodies and the plan alike, its cover.
        const plan = pastePlan(m.notOnLine!, !m.caseSensitive);
        expect(m.notOnLineMatcher!.plan).toEqual(plan === undefined ? undefined : JSON.parse(JSON.stringify(plan)));
        if (plan) planned++;
        expect(m.notOnLineMatcher!.cover).toBeDefined();
      }
      // Most exclusions have a plan: a build that dropped them all fails here.
      expect(planned).toBeGreaterThan(stored.length / 2);
    }
    const rules = await loadBuiltinRules();
    let read = 0;
    for (const r of rules) {
      materialise(r);
      for (const c of walkConditions(r.when)) {
        if (!('paste' in c) || c.paste.notOnLine === undefined) continue;
        read++;
        expect(c.paste.notOnLineMatcher?.regex).toBe(c.paste.notOnLine);
      }
    }
    expect(read).toBeGreaterThan(5);
  });

  it("the anchor plan's whole matcher gets its exclusion's regex back", () => {
    const packed = JSON.stringify({ regex: 'a+b', notOnLine: 'c+d', notOnLineMatcher: { regex: 'c+d', bounded: true } }, packExclusions);
    expect(packed).not.toContain('"regex":"c+d"');
    const part = `[${packed}]`;
    const reader = planReader(() => ({ contentHash: 'h', matchers: [{ regex: 'a+b', notOnLine: 'c+d' }], at: [1, part.length], rules: [0] }), (from, to) => part.slice(from, to), 1, 'h');
    const when = reader(0) as { paste: PasteMatcher };
    const m = fullMatcher(when.paste);
    expect(m).not.toBe(when.paste);
    expect(m.notOnLineMatcher).toEqual({ regex: 'c+d', bounded: true });
  });

  it('restoring leaves a matcher that carries its regex, or has no exclusion, as it is', () => {
    const own: PasteMatcher = { regex: 'a', notOnLine: 'b', notOnLineMatcher: { regex: 'b', bounded: true } };
    restoreExclusion(own);
    expect(own.notOnLineMatcher).toEqual({ regex: 'b', bounded: true });
    const none: PasteMatcher = { regex: 'a' };
    restoreExclusion(none);
    expect(none).toEqual({ regex: 'a' });
  });
});
