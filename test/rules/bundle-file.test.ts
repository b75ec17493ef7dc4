// The rules bundle read by range (src/rules/bundle-file.ts, src/rules/lazy.ts): a read that fails
// leaves the rule readable later (never an empty rule), and a damaged file is named with its fix.
import { describe, expect, it } from 'vitest';
import { isParsed, lazyRule, lazyRulePrototype, type BodySource } from '../../src/rules/lazy.js';
import type { Rule } from '../../src/types.js';

describe('lazy rule bodies', () => {
  it('a body read that throws leaves the rule pending: the next read parses it', () => {
    const body = '{"id":"r1","when":{"paste":{"regex":"x"}}}';
    let fail = true;
    const source: BodySource = {
      text: (start, end) => {
        if (fail) throw new Error('read failed');
        return body.slice(start, end);
      },
    };
    const keys = new Set(['id', 'when', 'file']);
    const rule = lazyRule(lazyRulePrototype(keys), source, 0, body.length, 'r1', '/rules/r1.json', keys) as Rule;
    expect(() => rule.when).toThrow('read failed');
    expect(isParsed(rule)).toBe(false);
    fail = false;
    expect(rule.when).toEqual({ paste: { regex: 'x' } });
    expect(isParsed(rule)).toBe(true);
  });
});
