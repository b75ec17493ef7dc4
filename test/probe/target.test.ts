// Target and credential resolution, classification helpers, static judgements (no network beyond
// a refused loopback port).
import { describe, expect, it } from 'vitest';
import { classifyClose, classifyReject, classifyTlsError, collectProbe, judgeBrowserUrl, resolveTarget } from '../../src/collectors/probe/index.js';
import { formatProbeChecklist } from '../../src/report/probe-checklist.js';
import { browserUrlFlags, parseHeaders, parseTimeout } from '../../src/collectors/probe/wire.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { rulesOfArea } from '../helpers/rule-areas.js';

describe('resolveTarget', () => {
  it('--url wins; http(s) maps to ws(s); default ports; secrets stripped from the URL', () => {
    expect(resolveTarget({ url: 'http://127.0.0.1:18789' }).url).toBe('ws://127.0.0.1:18789');
    const t = resolveTarget({ url: 'https://gw.example.net/?token=sekret', config: { gateway: { mode: 'remote', remote: { url: 'wss://other:1' } } } });
    expect(t.url).toBe('wss://gw.example.net:443');
    expect(t.targetSource).toBe('--url');
    expect(t.url).not.toContain('sekret');
    expect(resolveTarget({ url: '[::1]:19000' }).url).toBe('ws://[::1]:19000');
    expect(resolveTarget({ url: 'ftp://x' }).error).toMatch(/unsupported scheme/);
  });

  it('remote mode uses gateway.remote.url; local uses OPENCLAW_GATEWAY_PORT, gateway.port, 18789', () => {
    expect(resolveTarget({ config: { gateway: { mode: 'remote', remote: { url: 'wss://gw.ts.net' } } } })).toMatchObject({ url: 'wss://gw.ts.net:443', targetSource: 'gateway.remote.url' });
    expect(resolveTarget({ config: { gateway: { port: 19001 } }, env: { OPENCLAW_GATEWAY_PORT: '19002' } })).toMatchObject({ url: 'ws://127.0.0.1:19002', targetSource: 'OPENCLAW_GATEWAY_PORT' });
    expect(resolveTarget({ config: { gateway: { port: 19001 } } })).toMatchObject({ url: 'ws://127.0.0.1:19001', targetSource: 'gateway.port' });
    expect(resolveTarget({})).toMatchObject({ url: 'ws://127.0.0.1:18789', targetSource: 'default port 18789' });
    expect(resolveTarget({ config: { gateway: { mode: 'remote' } } }).targetSource).toMatch(/remote\.url is missing/);
  });

  it('credential precedence: flag, env, remote (remote mode) or auth (local mode); names the source', () => {
    const config = { gateway: { auth: { mode: 'token', token: 'cfg-tok' }, remote: { token: 'remote-tok' } } };
    expect(resolveTarget({ token: 'flag-tok', config, env: { OPENCLAW_GATEWAY_TOKEN: 'env-tok' } }).credentialSource).toBe('--token');
    expect(resolveTarget({ config, env: { OPENCLAW_GATEWAY_TOKEN: 'env-tok' } }).credentialSource).toBe('OPENCLAW_GATEWAY_TOKEN');
    expect(resolveTarget({ config }).credentialSource).toBe('gateway.auth.token');
    expect(resolveTarget({ config: { gateway: { ...config.gateway, mode: 'remote', remote: { url: 'wss://x', token: 'r' } } } }).credentialSource).toBe('gateway.remote.token');
    expect(resolveTarget({ config: { gateway: { auth: { mode: 'password', password: 'pw' } } } })).toMatchObject({ credentialSource: 'gateway.auth.password', credential: { kind: 'password' } });
    expect(resolveTarget({ config: { gateway: { auth: { token: '${MY_TOK}' } } }, env: { MY_TOK: 'abc' } }).credential?.secret).toBe('abc');
    expect(resolveTarget({ config: { gateway: { auth: { token: '${MY_TOK}' } } } }).credentialNote).toMatch(/environment variable/);
    expect(resolveTarget({ config: { gateway: { auth: { token: { source: 'file', id: '/x' } } } } }).credentialNote).toMatch(/SecretRef/);
  });

  it('a stale env token shadowing gateway.auth.token is named, never shown', () => {
    const t = resolveTarget({ config: { gateway: { auth: { token: 'new' } } }, env: { OPENCLAW_GATEWAY_TOKEN: 'old' } });
    expect(t.shadowed).toEqual(['gateway.auth.token']);
    expect(resolveTarget({ config: { gateway: { auth: { token: 'same' } } }, env: { OPENCLAW_GATEWAY_TOKEN: 'same' } }).shadowed).toBeUndefined();
  });
});

describe('collectProbe: static judgements and secrecy', () => {
  it('never puts the secret in facts', async () => {
    const f = await collectProbe({ url: 'ws://127.0.0.1:9', token: 'SUPER-SECRET-TOKEN-123', timeoutMs: 1000 });
    expect(JSON.stringify(f)).not.toContain('SUPER-SECRET-TOKEN-123');
    expect(f.credentialSource).toBe('--token');
    expect(f.credentialKind).toBe('token');
  });

  it('a LAN ws:// URL is judged statically and never connected to', async () => {
    const f = await collectProbe({ url: 'ws://192.168.1.100:18789', token: 'x', timeoutMs: 4000 });
    // No DNS, TCP or any other stage ran: only the static target judgement.
    expect(f.outcome).toBe('not-probed');
    expect(f.stages).toHaveLength(1);
    expect(f.target).toMatchObject({ hostKind: 'private', plaintextNonLoopback: true, loopback: false });
    const rules = await rulesOfArea('probe');
    const out = evaluate(rules, { flags: {}, probe: f });
    expect(out.findings.map((x) => x.ruleId)).toEqual(['tls/plaintext-ws-lan']);
    expect(out.findings[0]!.category).toBe('tls');
    expect(out.findings[0]!.message).toContain('ws://192.168.1.100:18789');
  });

  it('public wss:// is not connected to under vitest either', async () => {
    const f = await collectProbe({ url: 'wss://203.0.113.9', timeoutMs: 4000 });
    expect(f.outcome).toBe('not-probed');
    expect(f.target?.plaintextNonLoopback).toBe(false);
  });

  it('a localhost name (app.localhost, localhost.) is 127.0.0.1 in loopback-only mode: no DNS query leaves the machine (audit23 F15)', async () => {
    for (const url of ['ws://app.localhost:9', 'ws://localhost.:9']) {
      const f = await collectProbe({ url, timeoutMs: 1000, loopbackOnly: true });
      // Before: the system resolver was asked (dns-not-found from a non-loopback DNS server here).
      expect(f.stages[1]).toMatchObject({ stage: 'dns', ok: true });
      expect(f.stages[1]!.detail).toMatch(/RFC 6761/);
      expect(f.dns).toEqual({ addresses: ['127.0.0.1'], kinds: ['loopback'] });
      expect(f).toMatchObject({ outcome: 'refused', failedStage: 'tcp' });
    }
  });

  it('refused loopback port: tcp stage, checklist lines', async () => {
    const f = await collectProbe({ url: 'ws://127.0.0.1:9', timeoutMs: 1000 });
    expect(f).toMatchObject({ outcome: 'refused', failedStage: 'tcp', reached: 'dns' });
    const lines = formatProbeChecklist(f, { ascii: true });
    expect(lines[0]).toContain('ws://127.0.0.1:9');
    expect(lines.some((l) => l.includes('[x] TCP connect'))).toBe(true);
  });

  it('port mismatch against gateway.port is precomputed for the rules', async () => {
    const f = await collectProbe({ url: 'ws://127.0.0.1:9', config: { gateway: { port: 18789 } }, timeoutMs: 1000 });
    expect(f.target).toMatchObject({ portMismatch: true, expectedPort: 18789, expectedPortSource: 'gateway.port' });
  });
});

describe('classification', () => {
  it('details codes win; old versions are matched on text', () => {
    expect(classifyReject({ detailsCode: 'AUTH_TOKEN_MISMATCH', message: 'whatever' })).toBe('token-mismatch');
    expect(classifyReject({ message: 'unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)' })).toBe('token-mismatch');
    expect(classifyReject({ message: 'unauthorized: device token mismatch (rotate/reissue device token)' })).toBe('device-token-mismatch');
    expect(classifyReject({ message: 'control ui requires HTTPS or localhost (secure context)' })).toBe('control-ui-device-identity-required');
    expect(classifyReject({ message: 'pairing required' })).toBe('pairing-required');
    expect(classifyReject({ code: 'UNAVAILABLE', message: 'gateway starting; retry shortly' })).toBe('gateway-starting');
    expect(classifyReject({ closeCode: 1002, closeReason: 'protocol mismatch' })).toBe('protocol-mismatch');
    expect(classifyReject({ message: 'unauthorized: too many failed authentication attempts (retry later)' })).toBe('rate-limited');
    expect(classifyClose(1000, '')).toBe('handshake-timeout');
    expect(classifyClose(1013, 'gateway starting')).toBe('gateway-starting');
    expect(classifyClose(4999, 'x')).toBe('closed-unknown');
  });

  it('TLS error codes', () => {
    expect(classifyTlsError('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('tls-self-signed');
    expect(classifyTlsError('CERT_HAS_EXPIRED')).toBe('tls-expired');
    expect(classifyTlsError('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('tls-name-mismatch');
    expect(classifyTlsError('ERR_SSL_WRONG_VERSION_NUMBER')).toBe('tls-not-tls');
    expect(classifyTlsError('ECONNRESET')).toBe('tls-handshake-failed');
  });
});

describe('secure context of --browser-url (static)', () => {
  it.each([
    ['https://gw.tail1.ts.net', true],
    ['http://localhost:18789', true],
    ['http://app.localhost:18789', true],
    ['http://127.0.0.1:18789', true],
    ['http://127.9.9.9:18789', true],
    ['http://[::1]:18789', true],
    ['http://192.168.1.100:18789', false],
    ['http://100.101.102.103:18789', false],
    ['http://my-nas.local:18789', false],
  ])('%s secure=%s', (url, secure) => {
    expect(judgeBrowserUrl(url).secureContext).toBe(secure);
  });

  it('fires secure-context/browser-url-insecure with the alternative, without any probe facts', async () => {
    const rules = await rulesOfArea('probe');
    const flags = browserUrlFlags('http://192.168.1.100:18789');
    const out = evaluate(rules, { flags });
    expect(out.findings.map((f) => f.ruleId)).toEqual(['secure-context/browser-url-insecure']);
    expect(out.findings[0]!.category).toBe('secure-context');
    expect(out.findings[0]!.fix.steps.join(' ')).toContain('http://127.0.0.1:18789/');
    expect(evaluate(rules, { flags: browserUrlFlags('http://localhost:18789') }).findings).toEqual([]);
  });
});

describe('flag parsing', () => {
  it('timeout and headers', () => {
    expect(parseTimeout(undefined)).toBe(4000);
    expect(parseTimeout('2500')).toBe(2500);
    expect(() => parseTimeout('abc')).toThrow(/--timeout/);
    expect(parseHeaders(['X-Forwarded-For: 203.0.113.7'])).toEqual({ 'X-Forwarded-For': '203.0.113.7' });
    expect(() => parseHeaders(['nocolon'])).toThrow(/--header/);
  });
});
