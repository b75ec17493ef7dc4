// `rules validate` refuses a pattern that would run on V8's linear-time engine (issue #9 part 2):
// more ways to match from one start than MAX_BACKTRACK_PATHS and no split into bounded pieces.
// Built-in and user rules (`--rules DIR`) go through the same semanticErrors. A shape, not a timing.
import { describe, expect, it } from 'vitest';
import { semanticErrors } from '../../src/rules/validate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { needsLinearEngine } from '../../src/shared/regex/plan.js';
import { backtrackPaths, MAX_BACKTRACK_PATHS } from '../../src/shared/regex/linear.js';
import { walkConditions } from '../../src/shared/conditions.js';
import type { Rule } from '../../src/types.js';

const rule = (regex: string): Rule => ({ id: 'x/y', category: 'other', severity: 'error', title: 't', message: 'm', facts: ['paste'], when: { paste: { regex } }, specificity: 50, fix: { tier: 'manual', steps: ['s'] } }) as unknown as Rule;

describe('patterns that need the linear engine are refused', () => {
  it('refuses the shapes that ran on it: a group repeated 16 times, a long digit run before a gap', () => {
    const flags = '(?:npm|pnpm|bun|yarn) (?:i|install|add|update|upgrade|up)(?: -g| --global| global){1,16} openclaw';
    const digits = '(?:installer|setup)[^\\n]{0,120}?Node(?:\\.js)? v?\\d{1,16}(?:\\.\\d{1,16}){0,2}\\+?[^\\n]{0,40}?(?:unsupported|too old)';
    for (const bad of [flags, digits]) {
      expect(backtrackPaths(bad)).toBeGreaterThan(MAX_BACKTRACK_PATHS);
      expect(needsLinearEngine(bad, true), bad).toBe(true);
      expect(semanticErrors(rule(bad)).join(' '), bad).toMatch(/ways to match from one start .* linear-time engine/);
    }
  });

  it('accepts their rewrites, and a pattern over the path limit whose plan bounds every piece', () => {
    const good = [
      '(?:npm|pnpm|bun|yarn) (?:i|install|add|update|upgrade|up)(?: -g| --global| global){1,3} openclaw',
      '(?:installer|setup)[^\\n]{0,120}?Node(?:\\.js)? v?\\d[^\\n]{0,90}?(?:unsupported|too old)',
    ];
    for (const g of good) expect(semanticErrors(rule(g)), g).toEqual([]);
    // Over the limit as a whole (a long gap × the rest), yet each piece is bounded: a scan from the head.
    const planned = 'https[^\\n]{0,20}(?:页面|网页)[^\\n]{0,40}(?:拦截|阻止)[^\\n]{0,30}ws://';
    expect(backtrackPaths(planned)).toBeGreaterThan(MAX_BACKTRACK_PATHS);
    expect(needsLinearEngine(planned, true)).toBe(false);
    expect(semanticErrors(rule(planned))).toEqual([]);
  });

  it('no built-in pattern needs the linear engine', async () => {
    const needs: string[] = [];
    for (const r of await loadBuiltinRules())
      for (const c of walkConditions(r.when)) if ('paste' in c && c.paste.regex !== undefined && needsLinearEngine(c.paste.regex, !c.paste.caseSensitive)) needs.push(`${r.id}: ${c.paste.regex.slice(0, 80)}`);
    expect(needs).toEqual([]);
  });
});
