// planPatch's three outcomes: concrete ops; `unresolved` (a value the patch needs was not collected:
// nothing is guessed); `error` (the patch itself is malformed). Callers branch on the shape, not on text.
import { describe, expect, it } from 'vitest';
import { planPatch } from '../../src/fixer/plan.js';
import type { Facts } from '../../src/types.js';

const facts = { config: { path: '/c/openclaw.json', reason: 'test', found: true, value: {}, derived: { secrets: [], trustedProxiesCidrFirst: '10.0.0.0/8' } } } as Facts;

describe('planPatch', () => {
  it('makes ops from templates and fact paths', () => {
    expect(planPatch([{ op: 'replace', path: '/gateway/trustedProxies/{{i}}', valueFrom: 'config.derived.trustedProxiesCidrFirst' }], facts, { i: '0' })).toEqual({
      ops: [{ op: 'replace', path: '/gateway/trustedProxies/0', value: '10.0.0.0/8' }],
    });
  });

  it('a missing capture or fact is unresolved; `needs` names what it needs', () => {
    expect(planPatch([{ op: 'replace', path: '/gateway/trustedProxies/{{i}}', value: 'x' }], facts, {})).toEqual({ unresolved: expect.stringMatching(/^which entry of gateway\.trustedProxies\[\u2026\] to edit/), needs: ['i'] });
    expect(planPatch([{ op: 'replace', path: '/gateway/trustedProxies/0', valueFrom: 'config.derived.trustedProxiesCidrReplacement' }], facts, {})).toMatchObject({ needs: ['trustedProxiesCidrReplacement'] });
  });

  it('an unresolved patch says which config place it could not fill, in the user\'s words, never a fact or template name (audit23 F14)', () => {
    const value = planPatch([{ op: 'replace', path: '/gateway/trustedProxies/{{i}}', valueFrom: 'config.derived.trustedProxiesCidrReplacement' }], facts, { i: '0' });
    expect(value).toEqual({ unresolved: 'the value to write at gateway.trustedProxies[0] is not known from this config or the rest of the input', needs: ['trustedProxiesCidrReplacement'] });
    const place = planPatch([{ op: 'replace', path: '/gateway/trustedProxies/{{index}}', value: 'x' }], facts, {});
    expect(place).toEqual({ unresolved: 'which entry of gateway.trustedProxies[\u2026] to edit is not known from this config or the rest of the input', needs: ['index'] });
    const templated = planPatch([{ op: 'add', path: '/gateway/trustedProxies/-', value: '{{address}}' }], facts, {});
    expect(templated).toMatchObject({ unresolved: 'the value to write at gateway.trustedProxies (a new entry) is not known from this config or the rest of the input' });
    for (const r of [value, place, templated]) expect(JSON.stringify(r)).not.toMatch(/unresolved":"[^"]*(?:trustedProxiesCidrReplacement|index|address|config\.derived)/);
  });

  it('a malformed patch is an error, not unresolved', () => {
    const r = planPatch([{ op: 'replace', path: 'gateway/bind', value: 'loopback' }], facts, {});
    expect(r).toEqual({ error: 'not a JSON pointer: gateway/bind' });
  });
});
