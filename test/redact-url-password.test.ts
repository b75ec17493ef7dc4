import { describe, expect, it } from 'vitest';
import { urlPassword } from '../src/shared/redact.js';
import { defaultRedactor } from '../src/shared/redact.js';
import { all, OLD } from './redact-url-password.old.js';

// The sweep against the old regex on corpus and random lines is in redact-url-password.sweep.test.ts.
describe('redaction: the URL password pattern found from its `://`', () => {
  it('edges by hand: the scheme cap, a word start, a start at lastIndex, two URLs on a line', () => {
    const cases = [
      'wss://me:hunter2@gateway.example/',
      `${'k'.repeat(33)}://me:pw@h`,
      `${'k'.repeat(34)}://me:pw@h`,
      `a-${'k'.repeat(33)}://me:pw@h`,
      '_a://me:pw@h x-b://me:pw@h',
      'http://u:p@h http://v:q@h',
      'a://b:c@d://e:f@g',
      'x://h:s/@',
      '9http://u:p@h',
      'ab.cd://u:p@h',
    ];
    const now = urlPassword();
    for (const c of cases) expect([c, all(now, c)]).toEqual([c, all(OLD, c)]);
    // From any lastIndex, not only 0 and a previous match's end (which sits before an `@`, never a scheme character).
    for (const c of cases) {
      for (let at = 0; at <= c.length; at++) {
        now.lastIndex = OLD.lastIndex = at;
        const [a, b] = [now.exec(c), OLD.exec(c)];
        expect([c, at, a && [a.index, ...a], now.lastIndex]).toEqual([c, at, b && [b.index, ...b], OLD.lastIndex]);
      }
    }
    expect(all(now, cases[0]!)[0]).toEqual([0, ['wss://me:hunter2', 'wss://me:', 'hunter2'], 16]);
    expect(defaultRedactor.redact('see wss://me:hunter2@gateway.example/ now')).toBe('see wss://me:***@gateway.example/ now');
  });
});
