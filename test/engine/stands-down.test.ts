// The engine's shared stand-down `{"not":{"standsDown":{}}}` (conditions.ts evalStandsDown) on a rule of its own, so each
// guard review29a found untested fails here when removed: a denial silences the rule only when NO hit of its failure
// condition lies outside a denied span (whichever pattern of that condition finds it, on any line); a quote silences it
// only when every line its patterns match anywhere in the paste is quoted (not only the few kept as evidence).
import { describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { deriveFacts } from '../../src/derive/index.js';
import type { Facts, Rule } from '../../src/types.js';

const LOCK = 'Gateway failed to start: failed to acquire gateway lock at /tmp/openclaw-1000/gateway.lock | EACCES: permission denied';
const rule = {
  id: 'demo/lock',
  title: 'lock',
  category: 'gateway-down',
  severity: 'error',
  specificity: 1,
  when: {
    all: [
      // One failure condition with two texts (review29a item 2: the denial names one, the log shows the other).
      { any: [{ paste: { regex: 'failed to acquire gateway lock' } }, { paste: { regex: 'gateway lock is held by pid' } }] },
      { not: { standsDown: {} } },
    ],
  },
  message: 'lock',
  fix: { tier: 'manual', steps: ['none'] },
} as unknown as Rule;
const fires = async (text: string): Promise<boolean> =>
  evaluate([rule], deriveFacts({ flags: {}, paste: await pasteFromString(text) } as Facts)).findings.some((f) => f.ruleId === 'demo/lock');

describe('standsDown: denied', () => {
  it('stands down on a denial alone, and the same line without the denial fires', async () => {
    expect(await fires(`mine never said ${LOCK}`)).toBe(false);
    expect(await fires(`mine said ${LOCK}`)).toBe(true);
  });
  it('a real failure line elsewhere keeps the rule, by the same pattern (M2) or by another of its condition (item 2)', async () => {
    expect(await fires(`mine never said ${LOCK}\n${LOCK}`)).toBe(true);
    expect(await fires(`I never get "failed to acquire gateway lock" from agent exec\nmy gateway log: gateway lock is held by pid 4242`)).toBe(true);
    // The same line: the error again after the denied span.
    expect(await fires(`mine does not say failed to acquire gateway lock at all, it says ${LOCK}`)).toBe(true);
  });
  it('a denial inside a condition is none (M3: conditional() in deriveDenied)', async () => {
    expect(await fires(`If the logs never show ${LOCK}, the lock is fine`)).toBe(true);
    expect(await fires(`The logs never show ${LOCK}, the lock is fine`)).toBe(false);
  });
});

describe('standsDown: quoted', () => {
  it('a quoted block stands down; a quote followed by the reporter\'s own block fires (M1: every, not some)', async () => {
    expect(await fires(`README excerpt:\n${LOCK}`)).toBe(false);
    expect(await fires(`README excerpt:\n${LOCK}\n\nmine:\n${LOCK}`)).toBe(true);
    expect(await fires(`fix(gateway): ${LOCK}`)).toBe(false);
    expect(await fires(`fix(gateway): ${LOCK}\n${LOCK}`)).toBe(true);
  });
  it('reads every line the patterns match, not the capped evidence (item 3)', async () => {
    expect(await fires(`From the docs:\n${LOCK}\n${LOCK}\n${LOCK}\n\nand here is mine:\n${LOCK}`)).toBe(true);
    expect(await fires(`## Troubleshooting\n${LOCK}\n${LOCK}\n${LOCK}\n## My logs\n${LOCK}\n${LOCK}\n${LOCK}\n${LOCK}`)).toBe(true);
    expect(await fires(`From the docs:\n${LOCK}\n${LOCK}\n${LOCK}\n${LOCK}`)).toBe(false);
  });
  it('a quoting phrase inside a line quotes only up to the reporter\'s own clause (item 4)', async () => {
    expect(await fires(`The docs say ${LOCK}`)).toBe(false);
    expect(await fires(`The docs say ${LOCK} but mine shows ${LOCK}`)).toBe(true);
    expect(await fires(`per docs I ran openclaw gateway run and got ${LOCK}`)).toBe(true);
    expect(await fires(`Changelog says this was fixed in 2026.9.6 but I still get ${LOCK}`)).toBe(true);
  });
});
