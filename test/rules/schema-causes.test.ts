// The published rule schema lists the catalogue's cause ids (generated from rules/causes.json by
// scripts/schema-causes.mjs): the two must not drift, and the schema stays valid JSON Schema that
// still lets a --rules directory register causes of its own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pkgPath } from '../../src/shared/paths.js';
import { schemaErrorsForRule } from '../../src/rules/validate.js';
import { readCauseRegistry } from '../../src/rules/causes.js';
import { causeIds, withCauses } from '../../scripts/schema-causes.mjs';

const schemaText = () => readFileSync(pkgPath('schema', 'rule.schema.json'), 'utf8');
const rule = (cause: string) => ({
  id: 'other/x',
  title: 'x happened',
  category: 'other',
  severity: 'info',
  when: { paste: { contains: 'x' } },
  band: 'exact',
  specificity: 50,
  message: 'x happened',
  fix: { tier: 'manual', summary: 'do y', steps: ['do y'] },
  cause,
});

describe('cause ids in the rule schema', () => {
  it('are exactly the registry ids (run node scripts/schema-causes.mjs after editing rules/causes.json)', () => {
    const schema = JSON.parse(schemaText()) as { definitions: { cause: { enum: string[] } } };
    expect(schema.definitions.cause.enum).toEqual(Object.keys(readCauseRegistry(pkgPath('rules'))!).sort());
    expect(withCauses(schemaText(), causeIds())).toBe(schemaText());
  });

  it('drift is detected: a registry id missing from the schema changes the generated text', () => {
    expect(withCauses(schemaText(), causeIds().slice(1))).not.toBe(schemaText());
  });

  it('accepts a registered cause and a well-formed cause of a user directory, rejects a malformed one', () => {
    expect(schemaErrorsForRule(rule(causeIds()[0]!))).toBeUndefined();
    expect(schemaErrorsForRule(rule('my-area/my-cause'))).toBeUndefined();
    expect(schemaErrorsForRule(rule('Not A Cause'))).toMatch(/cause/);
  });
});
