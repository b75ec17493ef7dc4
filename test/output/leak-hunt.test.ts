// The leak hunt (hostile-input 2bx, helper leak27): a distinct canary secret planted in every input a user
// gives — the config (token, passwords, a `${ENV}` ref, an `$include`d file, a JSON5 comment, channel and
// provider keys), the environment (gateway token/password, proxy URLs with credentials, `*_API_KEY`) and the
// paste (one shape per line: headers, URLs, JSON log lines, curl, CJK, ANSI, bare words); the inputs are in
// leak-hunt.helpers.ts. Here: the Redactor on each shape found, the library API, the --follow windows and the
// run's keys. Every shape through every output form (human, --json, markdown, SARIF, github, the --dry-run diff,
// --follow, stderr; ~230 CLI runs) is the sweep, in the slow job: leak-hunt.sweep.test.ts (notes/hostile-input.md, 2cr).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/api/index.js';
import { Redactor } from '../../src/shared/redact.js';
import { followRuns, runInHere } from './helpers.js';
import { NEIGHBOURS, workdir } from './leak-hunt.helpers.js';

/** Each [input, want] redacts to want; each kept line comes back unchanged. */
function expectRedactor(masked: Array<[string, string]>, kept: string[]): void {
  const r = new Redactor();
  for (const [input, want] of masked) expect(r.redact(input)).toBe(want);
  for (const k of kept) expect(r.redact(k)).toBe(k);
}

describe('leak hunt: every planted canary is masked in every output', () => {
  it('the shapes leak27 found are masked by the Redactor, their neighbours kept', () => {
    expectRedactor([
      ['curl -u alice:s3cretPw http://x/', 'curl -u alice:*** http://x/'],
      ['curl --user bob:pw12345 x', 'curl --user bob:*** x'],
      ['curl -U carol:Pxy9z -x p', 'curl -U carol:*** -x p'],
      ['令牌 Abc123def 连接失败', '令牌 *** 连接失败'],
      ['token "Zq8Xw3Ev5" x', 'token "***" x'],
      ['password is hunter2', 'password is ***'],
      ['device token 8dF3k2Lm9 rejected', 'device token *** rejected'],
    ], ['journalctl -u openclaw-gateway -f', 'systemctl --user restart openclaw-gateway', 'token mismatch', 'the token is expired', 'set the token OPENCLAW_GATEWAY_TOKEN first', 'token gateway.auth.token', 'password mode', 'token missing/mismatch', 'token 1008', 'cloudflared access token -app=<gateway-url>', 'sudo chown -R $(id -u):$(id -g) ~/.openclaw', 'gateway token mismatch，令牌是什么']);
  });

  it('mend27f: review27f\'s leaks masked whole, its over-masks (user:group, word=…, versions) kept readable', () => {
    expectRedactor([
      ['token abc/def123+xyz= rejected', 'token *** rejected'],
      ['token abc.def123.ghi', 'token ***'],
      ['device token abc123. then', 'device token ***. then'],
      ['{"name":"x-openclaw-token","value":"harXhdrTok5R2t"}', '{"name":"x-openclaw-token","value":"***"}'],
      ['{ "name": "Authorization", "value": "Token a b" }', '{ "name": "Authorization", "value": "***" }'],
      ["openclaw tui --password 'quoted spaced pw'", "openclaw tui --password '***'"],
      ['openclaw config set gateway.auth.password "my secret pass words"', 'openclaw config set gateway.auth.password "***"'],
      ['网关token是zhTokWordR5e3', '网关token是***'],
      ['token为zhTok2WordR5e3 x', 'token为*** x'],
      ['curl -u 1000:s3cretPw x', 'curl -u 1000:*** x'],
      // review27h: an all-digit password, a tab before the quoted value, HAR pairs single-quoted or value first.
      ['curl -u alice:12345678 http://127.0.0.1:18789/', 'curl -u alice:*** http://127.0.0.1:18789/'],
      ['curl --user admin:2468013579 x', 'curl --user admin:*** x'],
      ['openclaw tui --password\t"tab spaced pw7"', 'openclaw tui --password\t"***"'],
      ["openclaw tui --password\t'tab spaced pw7'", "openclaw tui --password\t'***'"],
      ['openclaw config\tset gateway.auth.password\t"tab words 9"', 'openclaw config\tset gateway.auth.password\t"***"'],
      ["{'name':'x-openclaw-token','value':'harSq5R2t'}", "{'name':'x-openclaw-token','value':'***'}"],
      ['{"value":"harRev5R2t","name":"x-openclaw-token"}', '{"value":"***","name":"x-openclaw-token"}'],
    ], ['docker run -u 0:0 img', 'WWW-Authenticate: Bearer realm="openclaw"', 'WWW-Authenticate: Basic realm="gateway"', '{"value":"text/html","name":"Accept"}', 'docker run -u 1000:1000 img', 'docker exec -u node:node c', 'podman run --user=node:node x', 'sudo -u openclaw:openclaw openclaw status',
      'auth=token payload=v3 claimedPlatform=linux', 'auth=token mode=shared1', 'token v2026.9.6', 'token 2026.9.6', 'token是什么', '{"name":"Accept","value":"text/html"}']);
  });
});

describe('leak28: a secret told by its neighbour line, letters-only, 密码为 — masked in every output form', () => {
  it('the Redactor masks a wrapped piece and a HAR pair\'s value with the lines beside it in view', () => {
    // review28a must-fix 6: line 1 ends in a secret, so only the date guard keeps line 2's timestamp.
    const lines = ['2026-12-07T07:00:00Z some more text to wrap before the token=abc123def456xyz', '2026-12-07T070001Z next', 'x'.repeat(40) + ' OPENCLAW_GATEWAY_TOKEN=8f3a9c2e1d7b4f6a0e5c8f3a9c2e1d7b4f6a0e5c12', '9d8b7a OpenClaw', 'OPENCLAW_GATEWAY_TOKEN=8f3a9c2e1d7b4f6a0e5c9d8b7a6f5e4d3c2b1a0e9f8a7b', 'OpenClaw gateway'];
    const r = new Redactor().tellLines((n) => lines[n - 1]);
    const quote = (line: number) => r.redactJson({ source: 'paste', line, text: lines[line - 1]! }).text;
    // A log line's own start (a timestamp) and a word are never taken for a wrapped piece.
    expect(quote(2)).toBe('2026-12-07T070001Z next');
    expect(quote(6)).toBe('OpenClaw gateway');
    expect(quote(4)).toBe('*** OpenClaw');
    // A token wrapped over three lines: the middle line is all secret, and tells the third.
    const three = ['x'.repeat(30) + ' OPENCLAW_GATEWAY_TOKEN=8f3a9c2e1d7b4f6a0e5c', '9d8b7a6f5e4d3c2b1a0e9f8a7b6c5d4e3f2a1b0c', 'c7d6 unauthorized'];
    const r3 = new Redactor().tellLines((n) => three[n - 1]);
    expect([2, 3].map((line) => r3.redactJson({ source: 'paste', line, text: three[line - 1]! }).text)).toEqual(['***', '*** unauthorized']);
    // review28a must-fix 6: a middle line no shape masks alone (lower case and digits, not hex) is masked only as a
    // wrap of line 1, and only so does it tell line 3 (the depth recursion).
    const deep = ['x'.repeat(30) + ' Authorization: Bearer Zk4qP9wL2mX7vB3nR8tY', 'q9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h4j3k2l1z0', 'x7c6v5 unauthorized'];
    const rd = new Redactor().tellLines((n) => deep[n - 1]);
    expect([2, 3].map((line) => rd.redactJson({ source: 'paste', line, text: deep[line - 1]! }).text)).toEqual(['***', '*** unauthorized']);
    // A line shorter than WRAP_MIN that ends in a secret is not taken as wrapped.
    const short = ['token=abc123def456', 'x9y8z7 started'];
    expect(new Redactor().tellLines((n) => short[n - 1]).redactJson({ source: 'paste', line: 2, text: short[1]! }).text).toBe('x9y8z7 started');
    // A pretty-printed HAR pair, its name line before or after the value line (unit, not only through the CLI).
    const har = ['  "name": "x-openclaw-token",', '  "value": "harUnitTok7Q2w"'];
    const rh = new Redactor().tellLines((n) => har[n - 1]);
    expect(rh.redactJson({ source: 'paste', line: 2, text: har[1]! }).text).toBe('  "value": "***"');
    const harRev = ['  "value": "harUnitRev7Q2w",', '  "name": "Authorization"'];
    expect(new Redactor().tellLines((n) => harRev[n - 1]).redactJson({ source: 'paste', line: 1, text: harRev[0]! }).text).toBe('  "value": "***",');
    const harOther = ['  "name": "Accept",', '  "value": "text/html"'];
    expect(new Redactor().tellLines((n) => harOther[n - 1]).redactJson({ source: 'paste', line: 2, text: harOther[1]! }).text).toBe('  "value": "text/html"');
    // mend28b: the partial value at a line's end is masked too when the next line continues it; `the token is` is no value.
    const part = ['[ws] connect: Authorization: Bearer Zk', '4qP9wL2mX7vB3nR8tY5jH6Qa9Wd2 unauthorized'];
    expect(new Redactor().tellLines((n) => part[n - 1]).redactJson({ source: 'paste', line: 1, text: part[0]! }).text).toBe('[ws] connect: Authorization: Bearer ***');
    const prose = ['I was told the token is', 'abc123 on the dashboard'];
    expect([1, 2].map((line) => new Redactor().tellLines((n) => prose[n - 1]).redactJson({ source: 'paste', line, text: prose[line - 1]! }).text)).toEqual(prose);
    // Base64url tails without digits, letters only or split by `-`/`_`, after a mixed-case token.
    for (const tail of ['BWftmhQ', 'ZXJrbDlok', 'vfsRDO-I', 'E-bwRTrg']) {
      const l = ['2026-12-07T08:00:00Z [ws] client connect: Authorization: Bearer Zk4qP9wL2mX7vB3nR8tY5jH6', `${tail} unauthorized`];
      expect(new Redactor().tellLines((n) => l[n - 1]).redactJson({ source: 'paste', line: 2, text: l[1]! }).text).toBe('*** unauthorized');
    }
    // Without the neighbours (no tellLines), as before.
    expect(new Redactor().redactJson({ source: 'paste', line: 4, text: '9d8b7a OpenClaw' }).text).toBe('9d8b7a OpenClaw');
  });

  it('mend28b: a line after a masked value keeps its own start when that is a word with its number, an id, a time, a short number', () => {
    const prevs = ['2026-12-07T08:00:00Z [gateway] client connected with OPENCLAW_GATEWAY_TOKEN=8f3a9c2e1d7b4f6a0e5c9d8b', '2026-12-07T08:00:00Z [ws] handshake sent x-openclaw-token: Zk4qP9wL2mX7vB3nR8tY5jH6'];
    const kept = ['e2e tests failed', 'k8s pod restarted', 'OAuth2 login ok', 'IPv6 disabled', 'macOS14 host', 'x86_64 build', 'req_7f3a9c2e started', 'a1b2c3d4-e5f6-7890-abcd-ef0123456789 session', '3f2a9c1 fix: reconnect', '1008 unauthorized', '12:00:01 retry', '1733558400 epoch', '404 not found', 'token2 from the dashboard', 'Ubuntu22 server', 'h2 upgrade', 'step2: restart'];
    const got: string[] = [];
    for (const p of prevs)
      for (const n of kept) {
        const lines = [p, n];
        const t = new Redactor().tellLines((i) => lines[i - 1]).redactJson({ source: 'paste', line: 2, text: n }).text;
        if (t !== n) got.push(`${n} -> ${t}`);
      }
    expect(got).toEqual([]);
    // The tail of a generated hex token (48 = 24 + 24) is still masked, and so is a mixed tail.
    const hexTail = [prevs[0]!, '7a6f5e4d3c2b1a09e8d7c6b5 unauthorized'];
    expect(new Redactor().tellLines((i) => hexTail[i - 1]).redactJson({ source: 'paste', line: 2, text: hexTail[1]! }).text).toBe('*** unauthorized');
    const mixed = [prevs[1]!, 'Qa9Wd2ExF7cV1bN8 unauthorized'];
    expect(new Redactor().tellLines((i) => mixed[i - 1]).redactJson({ source: 'paste', line: 2, text: mixed[1]! }).text).toBe('*** unauthorized');
  });

  it('mend28b: identifiers with an acronym, a config name after 为, a YAML config word stay readable', () => {
    expectRedactor([
      ['token AbCdEfGhIjKlMnOp', 'token ***'],
      ['token aBCdEfGHijKLmnOP', 'token ***'],
      ['令牌为 Abc123def', '令牌为 ***'],
      ['  token: autoQ7x', '  token: ***'],
      // review28a must-fix 2: a JSON string value with no closing quote on its line.
      ['{"auth":{"token":"Zk4qP9wL2mX7vB3nR8tY', '{"auth":{"token":"***'],
      ['{\\"password\\":\\"Pw9xQ7mL2kR8', '{\\"password\\":\\"***'],
      ['令牌为：zhR28aTok9', '令牌为：***'],
      ['密码是：zhR28aPw7x', '密码是：***'],
      ['トークン: jaR28aTok9', 'トークン: ***'],
      ['パスワード：jaR28aPw7x', 'パスワード：***'],
      ["{ name: 'x-openclaw-token', value: 'inspR28aTok9' }", "{ name: 'x-openclaw-token', value: '***' }"],
      ['--password "pa\\"ss w0rd R28a"', '--password "***"'],
      ['  password: hunterpass # old', '  password: *** # old'],
    ], ['{ auth: { mode: token, token: env } }', 'the token is "invalid"', '令牌是什么', 'token MyOAuthToken', 'refresh token getOAuthAccessToken', 'missing token OpenAIApiKey', 'push token iOSAppDevice', '令牌为 gateway.auth.token 的值', '密码为 gateway.auth.password', '令牌为 OPENCLAW_GATEWAY_TOKEN', '令牌是 gateway.auth.token', '  token: auto', '  secret: env', '  password: file', '  token: generate']);
  });

  it('the library API tells its Redactor the paste lines too', async () => {
    const [paste, canary, line] = NEIGHBOURS[0]!;
    const doc = await diagnose({ probe: false, env: false, paste: paste + '\n' });
    const quoted = doc.findings.flatMap((f) => f.evidence).filter((e) => e.source === 'paste' && e.line === line);
    expect(quoted.length).toBeGreaterThan(0);
    expect(JSON.stringify(doc)).not.toContain(canary);
  });

  it('keeps names after `token` that are no credential (2bz Left 3), masks random letters', () => {
    expectRedactor([
      ['token AbCdEfGhIjKlMnOp', 'token ***'],
      ['密码为abc12345', '密码为***'],
      ['密码为 hunter', '密码为 ***'],
      ['    password: hunter', '    password: ***'],
      ['- token: abcdef', '- token: ***'],
      ['  password: hunter  ', '  password: ***  '],
      // Near a name, still a secret: a family name followed by a random string, a runtime name with letters after.
      ['token gpt-abc123x', 'token ***'],
      ['token o3a9f2e1d7b4', 'token ***'],
      ['token node22abc99', 'token ***'],
      // A setup code (`/pair`, `openclaw qr`) is base64url JSON holding a bootstrap token: a secret (OpenClaw's own
      // reply says "If this code leaks…"). A DM pairing code is what the owner approves: no credential, kept.
      ['Setup code: eyJ1cmwiOiJ3c3M6Ly9ndy5leGFtcGxlLnRzLm5ldCIsImJvb3RzdHJhcFRva2VuIjoiYWJjZDEyMzRlZmdoNTY3OCJ9', 'Setup code: ***'],
    ], ['openclaw pairing approve telegram ABCD2345', 'token sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'token node22', 'token gpt-4o', 'token gpt-4o-mini', 'token claude-3-5-sonnet', 'token claude-sonnet-4-5-20250929', 'token o3-mini', 'token qwen2.5', 'token utf-8', 'token OpenClaw', 'token getAccessTokenForUser', 'tokens: 1234', 'password: required', 'pairing code ABCD1234']);
  });
});

describe('leak29: a compose prefix, a prefixed YAML key, a HAR comment, a short middle line — masked in every output form', () => {
  it('the Redactor masks them and keeps their look-alikes', () => {
    const quote = (lines: string[], line: number) => new Redactor().tellLines((n) => lines[n - 1]).redactJson({ source: 'paste', line, text: lines[line - 1]! }).text;
    const dc = 'openclaw-gateway-1  | client sent Authorization: Bearer Zk4qP9wL2mX7vB3nR8tY';
    expect(quote([dc, 'openclaw-gateway-1  | 5jH6Qa9Wd2Ex unauthorized'], 2)).toBe('openclaw-gateway-1  | *** unauthorized');
    // The partial at the line's end, the piece after the next line's prefix.
    expect(quote(['openclaw-gateway-1  | client sent Authorization: Bearer Zk', 'openclaw-gateway-1  | 4qP9wL2mX7vB3nR8tY5jH6 x'], 1)).toBe('openclaw-gateway-1  | client sent Authorization: Bearer ***');
    // Another container's line, a log line's own start after the prefix: kept.
    expect(quote([dc, 'openclaw-cli-1      | 5jH6Qa9Wd2Ex unauthorized'], 2)).toBe('openclaw-cli-1      | 5jH6Qa9Wd2Ex unauthorized');
    expect(quote([dc, 'openclaw-gateway-1  | 2026-12-07T08:01:03Z listening'], 2)).toBe('openclaw-gateway-1  | 2026-12-07T08:01:03Z listening');
    expect(quote([dc, 'openclaw-gateway-1  | OAuth2 login ok'], 2)).toBe('openclaw-gateway-1  | OAuth2 login ok');
    const har = ['  "name": "x-openclaw-token",', '  "comment": "",', '  "value": "harCmtUnit7Q"'];
    expect(quote(har, 3)).toBe('  "value": "***"');
    expect(quote(['  "value": "harCmtRev7Q",', '  "comment": "",', '  "name": "Authorization"'], 1)).toBe('  "value": "***",');
    expect(quote(['  "name": "Accept",', '  "comment": "",', '  "value": "text/html"'], 3)).toBe('  "value": "text/html"');
    // A short line is a wrap's middle only when it is all the piece: a short line ending in a token is not wrapped.
    const three = ['2026-12-07T08:01:02.345Z [gateway/ws] client sent token=Zk4qP9wL2mX7vB3nR8tY5jH6Qa9Wd2Ex', 'F7cV1bN8mK3lP0oI9uY6tR5eW4qA2sD1fG0hJ', '8kL7zX6 unauthorized'];
    expect(quote(three, 3)).toBe('*** unauthorized');
    expect(quote(['token=abc123def456', 'Zk4qP9wL2m', 'x9y8z7 started'], 3)).toBe('x9y8z7 started');
    // A short line ending in a value of 16+ characters right after its credential word: a narrow pane's wrap.
    expect(quote(['tok sent: token=Zk4qP9wL2mX7vB3nR', '8tY5jH6Qa9Wd unauthorized'], 2)).toBe('*** unauthorized');
    expect(quote(['sent: Bearer Zk4qP9wL2mX7vB3nR', '8tY5jH6Qa9Wd unauthorized'], 2)).toBe('*** unauthorized');
    // A shorter value, or a long one with no credential word before it, reads as whole.
    expect(quote(['tok sent: token=Zk4qP9wL2mX7', '8tY5jH6Qa9Wd unauthorized'], 2)).toBe('8tY5jH6Qa9Wd unauthorized');
    expect(quote(['id c0ffee12badc0de34feedface56789ab', '8tY5jH6Qa9Wd unauthorized'], 2)).toBe('8tY5jH6Qa9Wd unauthorized');
    expectRedactor([
      ['  gatewayToken: hunterpass', '  gatewayToken: ***'],
      ['  gateway_token: hunterpass', '  gateway_token: ***'],
      ['      OPENCLAW_GATEWAY_TOKEN: hunterpass', '      OPENCLAW_GATEWAY_TOKEN: ***'],
      ['- deviceToken: hunterpass # old', '- deviceToken: *** # old'],
    ], ['  maxTokens: 4096', '  gatewayToken: auto', '  deviceToken: expired', '  gatewayToken: not configured', '  authToken: missing', '  useToken: true', 'the gatewayToken: hunterpass', '  GATEWAY_TOKEN: ${OPENCLAW_GATEWAY_TOKEN}']);
  });
});

const BEARER_START = '2026-12-07T08:10:00Z [ws] client connect: Authorization: Bearer Zk4qP9wL2mX7vB3nR8tY5jH6';

describe('review28a must-fix 5: --follow tells each window its lines, past the first window', () => {
  it('a token wrapped at lines 850/851 of a 900-line log is masked in --follow (human and --json)', async () => {
    for (const [extra, out] of await followRuns(workdir(), 'paste.log', 900, { 850: BEARER_START, 851: 'Qa9Wd2ExF7cV1bN8 unauthorized: gateway token mismatch' })) {
      expect(out, extra).toMatch(/paste\.log line 851\b|"line": ?851\b/);
      expect(out, extra).not.toContain('Qa9Wd2ExF7cV1bN8');
      expect(out, extra).not.toContain('Zk4qP9wL2mX7vB3nR8tY5jH6');
    }
  });
});

describe('--follow: a token wrapped across a window\'s edge (review30d)', () => {
  it('a rule first firing in the window whose first line is the piece still masks it (human and --json)', async () => {
    // The unrecognized-key rule needs the "Invalid config" line at 450: the window 1–400 lacks it, the window from
    // line 201 holds both, and its first line is the token's second piece (the first slid out with line 200).
    const lines = { 200: BEARER_START, 201: 'Qa9Wd2ExF7cV1bN8 Unrecognized keys: "gatewayx"', 450: 'Invalid config at /root/.openclaw/openclaw.json' };
    for (const [extra, out] of await followRuns(workdir(), 'wrap.log', 700, lines)) {
      expect(out, extra).toMatch(/wrap\.log line 201\b|"line": ?201\b/);
      expect(out, extra).toContain('Unrecognized keys');
      expect(out, extra).not.toContain('Qa9Wd2ExF7cV1bN8');
    }
  });
});

describe('a fixer skip\'s detail names a key path (2bq Left): a word token kept there only as one of the run\'s keys', () => {
  const skip = (detail: string, reason = 'included-file') => ({ skipped: [{ ruleId: 'network/bind-lan', title: 't', tier: 'prompt', reason, detail }] });
  const detailOf = (r: Redactor, d: string, reason?: string) => r.redactJson(skip(d, reason)).skipped[0]!.detail;
  it('keeps a one-segment key the run holds, masks it as a value, a non-key, or a word the paste shows', () => {
    const told = () => new Redactor(['bind']).tellKeys(() => ['bind', 'gateway']);
    expect(detailOf(told(), 'bind is set in /cfg/inc.json5')).toBe('bind is set in /cfg/inc.json5');
    expect(detailOf(told(), 'gateway.bind is set in /cfg/bind.json5')).toBe('gateway.bind is set in /cfg/bind.json5');
    // The file part is text: a word standing alone there is masked.
    expect(detailOf(told(), 'bind is set in /cfg/my bind x.json5')).toBe('bind is set in /cfg/my *** x.json5');
    // Not a run key, another reason's detail, or a word the paste shows standing alone: masked.
    expect(detailOf(new Redactor(['bind']).tellKeys(() => ['gateway']), 'bind is set in /cfg/inc.json5')).toBe('*** is set in /cfg/inc.json5');
    expect(detailOf(told(), 'bind is set in /cfg/inc.json5', 'cannot-apply')).toBe('*** is set in /cfg/inc.json5');
    const shown = new Redactor(['bind']).tellKeys(() => ['bind'], () => ['Unrecognized key: "bind"']);
    expect(detailOf(shown, 'bind is set in /cfg/inc.json5')).toBe('*** is set in /cfg/inc.json5');
    // A secret that is not a word is masked in the key path as anywhere.
    expect(detailOf(new Redactor(['s3cr3t-Tok']).tellKeys(() => ['s3cr3t-Tok']), 's3cr3t-Tok is set in /c')).toBe('*** is set in /c');
  });
});

describe('a word token that is a config key, once the run masks it as a key (2bs Left)', () => {
  const CONFIG_BIND = '{\n  "bind": "lan",\n  "gateway": { "auth": { "mode": "token", "token": "bind" } }\n}\n';
  const standing = (out: string) => out.match(/(?<![\w./-])bind(?![\w-]|[./][\w])/g) ?? [];
  it('--follow keeps no word token as a key: its paste arrives after the events that would', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'openclaw.json'), CONFIG_BIND);
    writeFileSync(join(dir, 'paste.log'), '');
    const r = await runInHere(dir, ['--config', 'openclaw.json', '--log', 'paste.log', '--no-probe', '--no-env', '--openclaw-version', '2026.9.6', '--follow']);
    expect(r.stdout).toContain('config.derived.rootGatewayKey = ***');
    expect(standing(r.stdout + r.stderr)).toEqual([]);
  });
  it('an evidence value\'s object keys are masked as the paste\'s word (`config.value = {"bind":"lan"}`)', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'openclaw.json'), CONFIG_BIND);
    writeFileSync(join(dir, 'paste.log'), 'Invalid config at openclaw.json:\n- <root>: Unrecognized key: "bind"\n');
    for (const format of ['human', 'json']) {
      const r = await runInHere(dir, ['--config', 'openclaw.json', '--log', 'paste.log', '--no-probe', '--no-env', '--openclaw-version', '2026.9.6', '--format', format]);
      expect(r.stdout).toMatch(/\{\s*"\*\*\*": "lan"|\{"\*\*\*":"lan"/);
      expect(standing(r.stdout + r.stderr)).toEqual([]);
    }
  });
});
