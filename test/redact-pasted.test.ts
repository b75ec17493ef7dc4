// audit23 F0: secrets pasted from another machine (not in this machine's config/env, so not masked as
// known values) in forms OpenClaw documents or users type: `openclaw config set … token <v>`, onboard's
// --gateway-token, full-width colon and 令牌/密码, any Authorization scheme, URL-encoded, short
// assignment names, cookies, JWTs, and quoted values with spaces (masked whole). Ordinary words stay.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../src/shared/redact.js';
import { runInProcess } from './cli/run.js';

const r = new Redactor();

describe('pasted secrets in the forms audit23 F0 found leaking', () => {
  it.each([
    ['openclaw config set gateway.remote.token s3cr3tvalueAUDIT1 && openclaw gateway status', 'openclaw config set gateway.remote.token *** && openclaw gateway status'],
    ['openclaw config set gateway.auth.password hunter', 'openclaw config set gateway.auth.password ***'],
    ['openclaw config set gateway.auth.token "abc"', 'openclaw config set gateway.auth.token "***"'],
    ['openclaw onboard --gateway-token abcDEF123456', 'openclaw onboard --gateway-token ***'],
    ['openclaw onboard --gateway-password=hunter', 'openclaw onboard --gateway-password=***'],
    ['gateway token mismatch，令牌：abcAUDIT2DEF123456，重启也不行', 'gateway token mismatch，令牌：***，重启也不行'],
    ['gateway password mismatch 密码: hunter2AUDIT3', 'gateway password mismatch 密码: ***'],
    ['令牌是 abcdef', '令牌是 ***'],
    ['密钥：xyz987abc', '密钥：***'],
    ['token：abcdef123', 'token：***'],
    ['password hunter2', 'password ***'],
    ['curl -H "Authorization: Token AUDIT5abcdef123456" http://127.0.0.1:18789/', 'curl -H "Authorization: Token ***" http://127.0.0.1:18789/'],
    ['Authorization: Digest qwerty1', 'Authorization: Digest ***'],
    ['authorization=Bearer%20AUDITabcdef123', 'authorization=Bearer%20***'],
    ['/?x=1&token%3DAUDITabc123', '/?x=1&token%3D***'],
    ['tok=abcdef1 pass=hunter2 pwd=hunter3', 'tok=*** pass=*** pwd=***'],
    ['Set-Cookie: session=AUDITcook1; Path=/; HttpOnly', 'Set-Cookie: ***'],
    ['you sent: GET / | Cookie: a=AUDIT1; b=AUDIT2 | X: y', 'you sent: GET / | Cookie: ***| X: y'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt ***'],
    ['key AIzaSyA1234567890abcdefghijklmnopqrstuv', 'key ***'],
    ['password: "correct horse battery staple"', 'password: "***"'],
    ['OPENCLAW_GATEWAY_TOKEN="abc def"', 'OPENCLAW_GATEWAY_TOKEN="***"'],
    ["gateway.auth.password: 'correct horse battery staple'", "gateway.auth.password: '***'"],
  ])('masks %s', (input, expected) => {
    expect(r.redact(input)).toBe(expected);
  });

  it.each([
    'unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)',
    'disconnected (1008): unauthorized: gateway password mismatch',
    '令牌是什么？密码错误',
    'token: the one from the dashboard',
    'auth: { mode: "token" }',
    'pass: 12 tests, fail: 0',
    'the password for the gateway',
    'password auth is enabled',
    'Authorization header missing',
    'cookies: disabled',
    'hello-ok: protocol 3, server 2026.9.6',
    'openclaw config set gateway.mode local',
    'openclaw config get gateway.auth.token',
    'token-auth/weak-token: gateway.auth.token is short',
  ])('keeps %s', (text) => {
    expect(r.redact(text)).toBe(text);
  });

  it('end to end: no pasted value reaches human, --json or markdown output (the audit repro)', async () => {
    const paste = [
      '$ openclaw config set gateway.remote.token s3cr3tvalueAUDIT1 && openclaw gateway status → disconnected (1008): unauthorized: gateway token mismatch',
      '控制台报错 unauthorized: gateway token mismatch，令牌：abcAUDIT2DEF123456，重启也不行',
      'disconnected (1008): unauthorized: gateway password mismatch 密码: hunter2AUDIT3',
      'curl -H "Authorization: Token AUDIT5abcdef123456" http://127.0.0.1:18789/ → disconnected (1008): unauthorized: gateway token mismatch',
    ].join('\n');
    for (const extra of [[], ['--json'], ['--format', 'markdown']]) {
      const o = await runInProcess(['--no-probe', '--no-env', '--log', '-', ...extra], paste, { HOME: '/nonexistent-sec17' });
      expect(o.code).toBe(1);
      expect(o.stdout).toContain('***');
      for (const s of ['s3cr3tvalueAUDIT1', 'abcAUDIT2DEF123456', 'hunter2AUDIT3', 'AUDIT5abcdef123456']) expect(o.stdout + o.stderr).not.toContain(s);
    }
  });
});
