// QA regressions: assignments and flags that are never prose are masked whatever the value looks
// like (a lowercase `token=…`, `--token mytok`, `*_PASSWORD=simple`, `gateway.auth.token: word`
// all used to leak because only "secret-shaped" values were masked), while placeholders and rule
// texts stay readable. The end-to-end case runs main() in this process (runInProcess: the token
// comes through io.env, as the bin passes process.env); test/cli/parity.test.ts runs it both ways.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/shared/redact.js';
import { runInProcess } from '../cli/run.js';

const r = new Redactor();

describe('qa: redaction of weak-looking secrets in unambiguous positions', () => {
  it.each([
    ['pairing required (requestId: 3f2a1b4c-1111-2222-3333-444455556666) token=envtokenabcdef', 'pairing required (requestId: 3f2a1b4c-1111-2222-3333-444455556666) token=***'],
    ['openclaw dashboard --token mytok', 'openclaw dashboard --token ***'],
    ['openclaw gateway --password=hunter', 'openclaw gateway --password=***'],
    ['OPENCLAW_GATEWAY_PASSWORD=simple openclaw gateway', 'OPENCLAW_GATEWAY_PASSWORD=*** openclaw gateway'],
    ['Environment=OPENCLAW_GATEWAY_TOKEN=old', 'Environment=OPENCLAW_GATEWAY_TOKEN=***'],
    ['gateway.auth.token: simplepass', 'gateway.auth.token: ***'],
    ['remote.password = "abc"', 'remote.password = "***"'],
    ['deviceToken=plainword', 'deviceToken=***'],
    ['connect to wss://admin:hunter@gw.example.net:443/', 'connect to wss://admin:***@gw.example.net:443/'],
  ])('masks %s', (input, expected) => {
    expect(r.redact(input)).toBe(expected);
  });

  it.each([
    'reason=token_mismatch',
    'token=missing',
    'openclaw --url ws://openclaw-gateway:18789 --token <gateway token>',
    'openclaw gateway --token $OPENCLAW_GATEWAY_TOKEN',
    'confirms `OPENCLAW_GATEWAY_TOKEN=undefined`',
    'open the tokenized URL (http://…/#token=…; older builds used ?token=) or paste it',
    "Check the gateway's password: gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD in the service environment",
    'gateway.auth.token is the string "undefined"',
    'open http://127.0.0.1:18789/ or ws://[::1]:18789 and mailto:someone@example.com',
    'unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)',
  ])('keeps %s', (text) => {
    expect(r.redact(text)).toBe(text);
  });
});

describe('qa: end to end, no weak secret reaches any output', () => {
  it('paste, --token and OPENCLAW_GATEWAY_TOKEN values are masked in human and JSON output', async () => {
    const paste = [
      'pairing required: device is not approved yet (requestId: 3f2a1b4c-1111-2222-3333-444455556666) token=qaweaksecret',
      'OPENCLAW_GATEWAY_TOKEN=qaenvword openclaw status',
      'disconnected (1008): unauthorized: gateway token mismatch; retried with --token qaflagword',
      'disconnected (1008): unauthorized: gateway token mismatch (the client sent qaenvword)',
    ].join('\n');
    const env = { OPENCLAW_GATEWAY_TOKEN: 'qaenvword' };
    for (const extra of [[], ['--json']]) {
      const o = await runInProcess(['--no-probe', '--no-env', '--log', '-', '--token', 'qaflagword', ...extra], paste, env);
      expect(o.code).toBe(1);
      for (const s of ['qaweaksecret', 'qaflagword', 'qaenvword']) expect(o.stdout + o.stderr).not.toContain(s);
    }
  });
});
