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

  it('a missing capture or fact is unresolved, naming what it needs', () => {
    expect(planPatch([{ op: 'replace', path: '/gateway/trustedProxies/{{i}}', value: 'x' }], facts, {})).toEqual({ unresolved: expect.stringMatching(/needs i\b/), needs: ['i'] });
    expect(planPatch([{ op: 'replace', path: '/gateway/trustedProxies/0', valueFrom: 'config.derived.trustedProxiesCidrReplacement' }], facts, {})).toMatchObject({ needs: ['trustedProxiesCidrReplacement'] });
  });

  it('a malformed patch is an error, not unresolved', () => {
    const r = planPatch([{ op: 'replace', path: 'gateway/bind', value: 'loopback' }], facts, {});
    expect(r).toEqual({ error: 'not a JSON pointer: gateway/bind' });
  });
});
