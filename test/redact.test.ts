import { describe, expect, it } from 'vitest';
import { Redactor } from '../src/shared/redact.js';

const r = new Redactor(['my-super-secret-gateway-token']);

describe('redaction: a value after `to` (review30f, mend30d)', () => {
  const r0 = new Redactor();
  it.each([
    ['all good now, fixed by setting gateway.auth.token to Zk4qP9xWm2Lr7TbN8vYc3Hd6Jf5Sg1Ka', 'all good now, fixed by setting gateway.auth.token to ***'],
    ['I set OPENCLAW_GATEWAY_TOKEN to abc123def456 and restarted', 'I set OPENCLAW_GATEWAY_TOKEN to *** and restarted'],
    ['changed the password to hunter22x', 'changed the password to ***'],
    ['the token was set to "Zk4qP9xWm2Lr7Tb" yesterday', 'the token was set to "***" yesterday'],
    ['gateway.remote.token is set to AbCdEfGhIjKlMnOp', 'gateway.remote.token is set to ***'],
  ])('masks %j', (input, want) => expect(r0.redact(input)).toBe(want));
  it.each([
    'set the token to the one in the config',
    'changed the token to match',
    'set gateway.auth.token to auto',
    'set the token to env',
    'set gateway.auth.mode to token',
    'set the token to OPENCLAW_GATEWAY_TOKEN',
    'set gateway.auth.token to gateway.remote.token',
    'upgraded the token to v2026.9.6',
    'maxTokens to 4096',
    'switched the password to something simpler',
  ])('keeps prose %j', (text) => expect(r0.redact(text)).toBe(text));
});

// out31 (mend30d's and mend28b's Left): the verbs after the key, `has been set to`, letters-only values a sentence
// assigns, and a one-case letters-only tail of a wrapped token — with the prose around them kept.
describe('redaction: rotated/updated/has been set to, letters-only values, one-case tails (out31)', () => {
  const r0 = new Redactor();
  it.each([
    ['the token was rotated to Zk4qP9xWm2Lr7TbN8vYc', 'the token was rotated to ***'],
    ['gateway token rotated to abc123def456 at 10:00', 'gateway token rotated to *** at 10:00'],
    ['OPENCLAW_GATEWAY_TOKEN updated to q7w8e9r0t1y2', 'OPENCLAW_GATEWAY_TOKEN updated to ***'],
    ['password has been set to hunter22x', 'password has been set to ***'],
    ['the gateway.auth.token has been changed to "Zk4qP9xWm2Lr"', 'the gateway.auth.token has been changed to "***"'],
    ['I set the gateway token to hunterpass and restarted', 'I set the gateway token to *** and restarted'],
    ['changed the password to hunterpass.', 'changed the password to ***.'],
    ['set OPENCLAW_GATEWAY_TOKEN to hunterpass', 'set OPENCLAW_GATEWAY_TOKEN to ***'],
    ['the password was changed to hunterpass', 'the password was changed to ***'],
    ['token updated to qwhzkxplmvbn', 'token updated to ***'],
    ['set gateway.auth.token to “correcthorse”, then restarted', 'set gateway.auth.token to “***”, then restarted'],
  ])('masks %j', (input, want) => expect(r0.redact(input)).toBe(want));
  it.each([
    'token set to expire in 30 days',
    'the token was changed to something simpler',
    'the password has been set to required',
    'password was reset to default',
    'token rotated to invalidate old sessions',
    'set the token to authenticate the dashboard',
    'I set up the gateway token to authenticate.',
    'the token has been updated to v2026.9.6',
    'token updated to OPENCLAW_GATEWAY_TOKEN',
    'token has been set to gateway.remote.token',
    'The token was set to expired.',
    'set gateway.auth.mode to password',
    'maxTokens updated to 8192',
    'token limit was changed to 4096 tokens',
    'Token rotation updated to daily',
    'the token is set to rotate weekly',
    'password reset to blank',
    'update the token to the new one',
    '> PR: rotate the token to a new value on restart',
    'feature request: let the password be changed to something longer',
    // mend31e (review31e): an ordinary word is no value.
    'set the token to secure',
    'the token was rotated to automatically',
    'the token was updated to latest',
    'set the device token to paired',
    'set the bot token to blocked',
    'set the token to gateway',
    'set the token to telegram',
    'set the password to docker',
    'set the secret to production',
    'I changed the token to localhost',
    'Set The Token To Secure',
  ])('keeps prose %j', (text) => expect(r0.redact(text)).toBe(text));
  // mend31e: the word list spares words only — a random or chosen letters-only value is still masked.
  it.each([
    ['set the token to pastelettrsqz', 'set the token to ***'],
    ['set the password to securely', 'set the password to ***'],
    ['set the token to dockerhunter', 'set the token to ***'],
  ])('still masks %j', (input, want) => expect(r0.redact(input)).toBe(want));
  // TO_WORD: a placeholder word after `to` is kept (remove TO_WORD and these are masked).
  it.each(['the password was changed to placeholder', 'token has been set to whatever', 'set the token to mismatch'])('keeps the placeholder word %j', (text) => expect(r0.redact(text)).toBe(text));
  it('a one-case letters-only tail of a wrapped mixed-case token is masked; words on the next line are kept', () => {
    const prev = '2026-12-07T08:00:00Z [ws] client connect: Authorization: Bearer Zk4qP9wL2mX7vB3nR8tY5jH6';
    const next = (t: string) => new Redactor().tellLines((n) => [prev, t][n - 1]).redactJson({ source: 'paste', line: 2, text: t }).text;
    expect(['wpqzrtmkvyxq unauthorized', 'QWRTZPLKMNBV closed', 'xkcdvbnmqwrt'].map(next)).toEqual(['*** unauthorized', '*** closed', '***']);
    // mend31e (review31e): German words and `strftime` (consonant runs, few vowels) are kept too.
    const words = ['unauthorized', 'disconnected from gateway', 'restarting gateway', 'heartbeat ok', 'connection refused', 'reconnecting', 'gateway closed', 'systemctl restart', 'durchschnittlich langsam', 'deutschland', 'strftime failed', 'Verbindung abgelehnt'];
    expect(words.map(next)).toEqual(words);
  });
});

describe('redaction', () => {
  it.each([
    ['http://192.168.1.100:18789/?token=abc123def456', 'http://192.168.1.100:18789/?token=***'],
    ['https://host/#token=abc123def456&x=1', 'https://host/#token=***&x=1'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload', 'Authorization: Bearer ***'],
    ['"token": "s3cr3t-value"', '"token": "***"'],
    // JSON inside a JSON string (a log line's escaped payload): backslashes sit between the key and ':' (review24c).
    ['\\"token\\":\\"Abc123Secret999\\" gateway token mismatch', '\\"token\\":\\"***\\" gateway token mismatch'],
    ['\\\\\\"token\\\\\\":\\\\\\"Abc123Secret999\\\\\\" x', '\\\\\\"token\\\\\\":\\\\\\"***\\\\\\" x'],
    ["\\'password\\':\\'Abc123Secret999\\' x", "\\'password\\':\\'***\\' x"],
    ['\\"password\\":\\"correct horse battery\\" x', '\\"password\\":\\"***\\" x'],
    ["\\'password\\': \\'correct horse battery\\' x", "\\'password\\': \\'***\\' x"],
    ['{\\"auth\\": {\\"deviceToken\\": \\"dtok_ABCdef123456\\"}}', '{\\"auth\\": {\\"deviceToken\\": \\"***\\"}}'],
    ['{"auth":{"mode":"token","password":"hunter22"}}', '{"auth":{"mode":"token","password":"***"}}'],
    ['OPENCLAW_GATEWAY_TOKEN=abcdef123456', 'OPENCLAW_GATEWAY_TOKEN=***'],
    ['openclaw gateway --token abcdef123456', 'openclaw gateway --token ***'],
    ['deviceToken: "dtok_ABCdef123456"', 'deviceToken: "***"'],
    ['token 0123456789abcdef0123456789abcdef0123456789abcdef', 'token ***'],
    ['key sk-ant-api03-AAAAAAAAAAAAAAAAAAAA', 'key ***'],
    // Channel config keys ending in Secret/Key (Feishu, LINE, OAuth-style snake_case).
    ['{ appId: "cli_a1b2c3", appSecret: "AppSECRETxyz987", encryptKey: "EncSECRETk3y" }', '{ appId: "cli_a1b2c3", appSecret: "***", encryptKey: "***" }'],
    ['LINE channelSecret: "LineSECRETabc123"', 'LINE channelSecret: "***"'],
    ['"client_secret": "cs-plain-value", "encoding_key": "abcdefg"', '"client_secret": "***", "encoding_key": "***"'],
    // Unquoted YAML / compose keys that name a secret by their ending (these leaked before).
    ['channels:\n  telegram:\n    botToken: 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', 'channels:\n  telegram:\n    botToken: ***'],
    ['    appSecret: AppSECRETxyz987\n    encryptKey: EncSECRETk3y', '    appSecret: ***\n    encryptKey: ***'],
    ['environment:\n  OPENCLAW_GATEWAY_TOKEN: 3f9c2a7b81d4e6f0\n  DISCORD_BOT_TOKEN: MTIzNDU2Nzg5.GhIjKl.abcdef', 'environment:\n  OPENCLAW_GATEWAY_TOKEN: ***\n  DISCORD_BOT_TOKEN: ***'],
    ['client_secret: cs-plain-value', 'client_secret: ***'],
    ['deviceToken: dtok_ABCdef123456', 'deviceToken: ***'],
  ])('masks %s', (input, expected) => {
    expect(r.redact(input)).toBe(expected);
  });

  it('masks every match of a shape in a string, and each string of a run from its start', () => {
    // Each pattern is scanned with exec from index 0 on every string (no state left from the last).
    const long = 'a?token=abc123def456 then b?token=zzz999yyy888 and Bearer eyJhbGciOiJIUzI1NiJ9.payload';
    expect(r.redact(long)).toBe('a?token=*** then b?token=*** and Bearer ***');
    expect(r.redact('?token=qqq111www222')).toBe('?token=***');
    expect(r.redactJson({ a: long, b: ['?token=qqq111www222', 'token 0123456789abcdef0123456789abcdef0123456789abcdef'] })).toEqual({
      a: 'a?token=*** then b?token=*** and Bearer ***',
      b: ['?token=***', 'token ***'],
    });
  });

  it('masks the password of a proxy setting written without a scheme; keeps proxies without credentials (review26b)', () => {
    expect(r.redact('Environment=HTTPS_PROXY=alice:S3cretPassw0rd@proxy.corp.lan:3128')).toBe('Environment=HTTPS_PROXY=alice:***@proxy.corp.lan:3128');
    expect(r.redact('export https_proxy="bob:hunter2hunter@10.0.0.5:8080"')).toBe('export https_proxy="bob:***@10.0.0.5:8080"');
    expect(r.redact('"httpsProxy": "carol:pa55word@proxy:3128"')).toBe('"httpsProxy": "carol:***@proxy:3128"');
    expect(r.redact('HTTPS_PROXY=http://dave:Zz9secretzz@proxy:3128')).toBe('HTTPS_PROXY=http://dave:***@proxy:3128');
    for (const keep of ['HTTPS_PROXY=proxy.corp.lan:3128', 'NO_PROXY=localhost,127.0.0.1,::1', 'HTTP_PROXY=proxy:3128 mail admin@example.com', 'the proxy: host:3128']) expect(r.redact(keep)).toBe(keep);
  });

  it('masks known secrets wherever they appear', () => {
    expect(r.redact('mismatch: got my-super-secret-gateway-token')).toBe('mismatch: got ***');
  });

  it('keeps ordinary words that merely contain key/token readable', () => {
    const keep = ['"monkey": "banana"', '"keyboard": "us-intl"', '"tokens": "1024"', '"maxTokens": "4096"', 'hotkey: "ctrl-k"', 'maxTokens: 4096', 'hotkey: ctrl-k', 'deviceToken: missing', 'appSecret: see below'];
    for (const s of keep) expect(r.redact(s)).toBe(s);
  });

  it('keeps request ids, placeholders and error words readable', () => {
    const keep = [
      'openclaw devices approve 84e47b07-9c1a-4a57-b7a2-0f6a3a4b5c6d',
      'unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)',
      '"token": "your-secret-token-here"',
      'reason=token_mismatch',
      'gateway.auth.token is the string "undefined"',
    ];
    for (const k of keep) expect(r.redact(k)).toBe(k);
  });

  it('keeps file paths that merely look like base64 readable, and still masks base64 tokens', () => {
    for (const k of [
      '--config /tmp/ckd-test-run-hDhsTk/ckd-cli-O5yJuE/openclaw.json',
      'File: /home/JohnDoe2/Projects/Openclaw/configs2026/openclaw.json',
    ])
      expect(r.redact(k)).toBe(k);
    expect(r.redact('key Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZkdISUpL/x9Qw')).toBe('key ***');
  });

  it('redacts every string of a JSON document, and secret-named keys whole', () => {
    const doc = r.redactJson({ a: ['?token=abcdef123456'], nested: { token: 'x1', note: 'ok' } });
    expect(doc).toEqual({ a: ['?token=***'], nested: { token: '***', note: 'ok' } });
    // Any key ending in a secret's name, whatever its value looks like (a Telegram bot token is `digits:…`).
    const ch = r.redactJson({ telegram: { botToken: '123456:AAHx', enabled: true }, feishu: { appSecret: 'abc', client_secret: 'def' }, maxTokens: '4096', tokens: '12' });
    expect(ch).toEqual({ telegram: { botToken: '***', enabled: true }, feishu: { appSecret: '***', client_secret: '***' }, maxTokens: '4096', tokens: '12' });
  });
});

describe('redaction in prose', () => {
  it('masks secret-shaped values after token:, leaves ordinary words', () => {
    const r2 = new Redactor();
    expect(r2.redact('token: the one from the dashboard')).toBe('token: the one from the dashboard');
    expect(r2.redact('token: my-token')).toBe('token: ***');
    expect(r2.redact('password=Hunter2')).toBe('password=***');
  });

  it('a known secret that is also a word does not unmask a secret found by its shape (fuzz, seed 2)', () => {
    // A config whose token is literally "token": masking it first used to turn `?token=<secret>`
    // into `?***=<secret>`, which no shape matched any more.
    const r3 = new Redactor(['token']);
    expect(r3.redact('ws://127.0.0.1:18789/?token=CANARY4b914525b99e786f9b26740a')).toBe('ws://127.0.0.1:18789/?***=***');
    expect(r3.redact('Authorization: Bearer abcdef123456 token')).toBe('Authorization: Bearer *** ***');
  });

  it('overlapping known and shaped secrets are masked once, whole', () => {
    const r4 = new Redactor(['abc123def456-long-known']);
    expect(r4.redact('?token=abc123def456-long-known&x=1')).toBe('?token=***&x=1');
    expect(r4.redact('x abc123def456-long-known y')).toBe('x *** y');
  });
});

describe('certificate fingerprints are public', () => {
  const fp = 'ab'.repeat(32);
  it('stay readable after "fingerprint"/"SHA-256" labels and in the pin command', () => {
    expect(r.redact(`presents its own certificate (SHA-256 ${fp}).`)).toContain(fp);
    expect(r.redact(`openclaw config set gateway.remote.tlsFingerprint "${fp}"`)).toContain(fp);
  });
  it('stay readable under a *fingerprint* key in JSON, but a known secret is still masked there', () => {
    expect(r.redactJson({ tls: { fingerprint: fp } }).tls.fingerprint).toBe(fp);
    const withSecret = new Redactor([fp]);
    expect(withSecret.redactJson({ tls: { fingerprint: fp } }).tls.fingerprint).toBe('***');
    expect(withSecret.redact(`SHA-256 ${fp}`)).not.toContain(fp);
  });
  it('a bare 64-hex value without a fingerprint label is still masked', () => {
    expect(r.redact(`token ${fp}`)).toBe('token ***');
    expect(r.redact(`value ${fp}`)).not.toContain(fp);
  });
});
