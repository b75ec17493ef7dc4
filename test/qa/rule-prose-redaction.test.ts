// Second QA pass: the Redactor runs over every rendered report, so a rule's own prose must come out of it
// unchanged. "pass --token/--password too" became "pass --token/--password ***", and "a stale
// {{credentialSource}} hides the right value" (credentialSource = --token) became "a stale --token *** the
// right value" — in the human report, JSON, SARIF and every other format.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { Redactor } from '../../src/shared/redact.js';
import { renderTemplate, templateNames } from '../../src/engine/template.js';
import type { Rule } from '../../src/types.js';

// The values the probe puts in probe.credentialSource (src/collectors/probe/target.ts), and config paths.
const FLAG_LIKE = ['--token', '--password', 'OPENCLAW_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD', 'gateway.auth.token', 'gateway.remote.password'];

function prose(rule: Rule): string[] {
  return [rule.title, rule.message, rule.fix.summary, ...rule.fix.steps].filter((t): t is string => typeof t === 'string');
}

describe('rule prose survives redaction', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });

  it('no built-in rule text is masked by the Redactor, whatever credential source fills its templates', () => {
    const redactor = new Redactor([]);
    const masked: string[] = [];
    for (const rule of rules) {
      for (const text of prose(rule)) {
        for (const source of FLAG_LIKE) {
          // Other names keep their defaults: only the credential source is a flag-like word in prose.
          const values = Object.fromEntries(templateNames(text).filter((n) => n === 'credentialSource').map((n) => [n, source]));
          const rendered = renderTemplate(text, values);
          if (redactor.redact(rendered) !== rendered) masked.push(`${rule.id}: ${redactor.redact(rendered)}`);
        }
      }
    }
    expect([...new Set(masked)]).toEqual([]);
  });

  it('still masks a --token value in a paste (the check above is not vacuous)', () => {
    const redactor = new Redactor([]);
    expect(redactor.redact('openclaw gateway status --token hides')).toBe('openclaw gateway status --token ***');
  });

  it("OpenClaw's own \"gateway.auth.token: Invalid input\" stays readable, a value after it is still masked", () => {
    const redactor = new Redactor([]);
    expect(redactor.redact('gateway.auth.token: Invalid input: expected string')).toBe('gateway.auth.token: Invalid input: expected string');
    expect(redactor.redact('gateway.auth.token: Invalidtok3n')).toBe('gateway.auth.token: ***');
  });
});
