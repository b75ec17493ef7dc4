// Never widen trust silently (#11 item 5): whatever tier a rule declares, --fix never applies a patch
// that lets more clients in; it is reported as a manual step that says what it would open.
import { describe, expect, it } from 'vitest';
import { widensTrust } from '../../src/rules/trust.js';
import { semanticErrors } from '../../src/rules/validate.js';
import type { Rule } from '../../src/types.js';
import { cidrWithin } from '../../src/shared/net/cidr.js';
import { findProxyIp } from '../../src/derive/cross.js';
import type { Facts } from '../../src/types.js';

describe('widensTrust', () => {
  it('names what a widening patch opens', () => {
    expect(widensTrust([{ op: 'add', path: '/gateway/trustedProxies/-', value: '192.0.2.1' }])).toMatch(/192\.0\.2\.1.*trustedProxies/);
    expect(widensTrust([{ op: 'add', path: '/gateway/controlUi/allowedOrigins', value: ['http://localhost:18789'] }])).toMatch(/browser origin/);
    expect(widensTrust([{ op: 'replace', path: '/gateway/auth', value: { mode: 'none' } }])).toMatch(/"none"/);
    expect(widensTrust([{ op: 'add', path: '/gateway/auth/mode', value: 'trusted-proxy' }])).toMatch(/trusted-proxy/);
    expect(widensTrust([{ op: 'add', path: '/gateway/controlUi/dangerouslyDisableDeviceAuth', value: true }])).toMatch(/safety bypass/);
    expect(widensTrust([{ op: 'add', path: '/gateway/auth/trustedProxy/allowLoopback', value: true }])).toMatch(/allowLoopback/);
    expect(widensTrust([{ op: 'add', path: '/gateway/bind', value: 'lan' }])).toMatch(/network/);
    expect(widensTrust([{ op: 'move', from: '/gateway/trustedProxie', path: '/gateway/trustedProxies' }])).toMatch(/trustedProxies/);
    expect(widensTrust([{ op: 'add', path: '/gateway/controlUi/allowInsecureAuth', value: true }])).toMatch(/allowInsecureAuth/);
    expect(widensTrust([{ op: 'add', path: '/gateway/controlUi/allowedOrigins/-', value: '*' }])).toMatch(/origin/);
    // the same, hidden inside a larger object written in one operation
    expect(widensTrust([{ op: 'replace', path: '/gateway', value: { mode: 'local', auth: { mode: 'none' } } }])).toMatch(/"none"/);
    expect(widensTrust([{ op: 'add', path: '/gateway/controlUi', value: { allowInsecureAuth: true } }])).toMatch(/allowInsecureAuth/);
    expect(widensTrust([{ op: 'replace', path: '/gateway', value: { trustedProxies: ['10.0.0.0/8'] } }])).toMatch(/trustedProxies/);
  });

  it('lets through what opens nothing new', () => {
    // a CIDR cut to the one host it meant (narrower), an alias renamed to its mode, a loopback bind, removals
    expect(widensTrust([{ op: 'test', path: '/gateway/trustedProxies/0', value: '172.17.0.0/16' }, { op: 'replace', path: '/gateway/trustedProxies/0', value: '172.17.0.1' }])).toBeUndefined();
    expect(widensTrust([{ op: 'test', path: '/gateway/bind', value: '0.0.0.0' }, { op: 'replace', path: '/gateway/bind', value: 'lan' }])).toBeUndefined();
    expect(widensTrust([{ op: 'add', path: '/gateway/bind', value: 'loopback' }])).toBeUndefined();
    expect(widensTrust([{ op: 'remove', path: '/gateway/controlUi/dangerouslyDisableDeviceAuth' }])).toBeUndefined();
    expect(widensTrust([{ op: 'add', path: '/gateway/mode', value: 'local' }])).toBeUndefined();
    // widening by replacement is still widening
    expect(widensTrust([{ op: 'test', path: '/gateway/trustedProxies/0', value: '172.17.0.1' }, { op: 'replace', path: '/gateway/trustedProxies/0', value: '172.17.0.0/16' }])).toBeDefined();
    expect(widensTrust([{ op: 'test', path: '/gateway/bind', value: 'loopback' }, { op: 'replace', path: '/gateway/bind', value: 'lan' }])).toBeDefined();
  });

  it('cidrWithin compares address sets', () => {
    expect(cidrWithin('172.17.0.1', '172.17.0.0/16')).toBe(true);
    expect(cidrWithin('172.17.0.0/16', '172.17.0.1')).toBe(false);
    expect(cidrWithin('10.0.0.0/8', '172.17.0.0/16')).toBe(false);
    expect(cidrWithin('::1', '127.0.0.1')).toBe(false);
    expect(cidrWithin('not-an-ip', '10.0.0.0/8')).toBe(false);
  });
});

describe('the proxy address', () => {
  it('is never guessed from a container\'s default route, only taken from evidence', () => {
    const env = { container: { kind: 'docker' }, defaultGateway: '192.0.2.1' } as unknown as Facts['env'];
    expect(findProxyIp({ flags: {}, env } as Facts)).toBeUndefined();
    const paste = { kept: [{ line: 3, text: '[ws] closed before connect conn=1 remote=172.18.0.5 fwd=203.0.113.7 code=1008' }] } as unknown as Facts['paste'];
    expect(findProxyIp({ flags: {}, env, paste } as Facts)).toEqual({ ip: '172.18.0.5', source: 'pasted log line 3' });
    expect(findProxyIp({ flags: { proxyIp: '10.0.0.9' }, env } as Facts)?.ip).toBe('10.0.0.9');
  });
});

describe('rules validate', () => {
  const rule = (tier: string, patch: unknown[]): Rule =>
    ({ id: 'config/x', category: 'other', severity: 'error', title: 't', message: 'm', facts: ['config'], when: { fact: { path: 'config.value.gateway', op: 'exists' } }, specificity: 50, fix: { tier, steps: ['s'], patch } }) as unknown as Rule;

  it('rejects a safe or prompt fix that widens trust as written, and accepts it as manual', () => {
    const add = [{ op: 'add', path: '/gateway/trustedProxies/-', valueFrom: 'config.derived.proxyIp' }];
    expect(semanticErrors(rule('prompt', add)).join(' ')).toMatch(/must not widen trust/);
    expect(semanticErrors(rule('safe', [{ op: 'add', path: '/gateway/auth/mode', value: 'none' }])).join(' ')).toMatch(/must not widen trust/);
    expect(semanticErrors(rule('manual', add))).toEqual([]);
    // a templated replace may narrow: judged by the fixer once resolved
    expect(semanticErrors(rule('safe', [{ op: 'test', path: '/gateway/trustedProxies/{{index}}', value: '{{cidr}}' }, { op: 'replace', path: '/gateway/trustedProxies/{{index}}', value: '{{address}}' }])).join(' ')).not.toMatch(/widen trust/);
  });
});
