// The leak hunt's planted inputs (config, environment, paste shapes with their canaries) and its output runs,
// shared by leak-hunt.test.ts (the Redactor's units, the library API, the --follow windows) and
// leak-hunt.sweep.test.ts (every shape through every output form, in the slow job; notes/hostile-input.md, 2cr).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runInHere } from './helpers.js';

const CONFIG = `{
  // old token was cmtTokR7yK2mN5, rotated
  gateway: {
    bind: "lan", port: 18789,
    $include: "./inc.json5",
    remote: { url: "wss://remUsr:remUrlPwH3jL9vQ@127.0.0.1:18789", token: "remTokB6nX1cV3", password: "remPwdT8sG4kD2" },
  },
  env: { OPENAI_API_KEY: "envCfgKeyP5mZ7qL1" },
  channels: { telegram: { botToken: "123456:tgBotAAF9xWq2Lk7", enabled: true }, discord: { token: "\${DISCORD_BOT_TOKEN}" } },
  models: { providers: { openai: { apiKey: "sk-prov-ModelKeyN4bR8tY2", baseUrl: "http://127.0.0.1:9" } } },
  hooks: { token: "hookTokJ2vC9xM4" },
}
`;
const INCLUDE = '{ auth: { mode: "token", token: "incTokQ4wP8rZ2" } }\n';
export const ENV = {
  OPENCLAW_GATEWAY_TOKEN: 'envGwTokF2gH8jK4',
  OPENCLAW_GATEWAY_PASSWORD: 'envGwPwdY3uI9oP1',
  HTTPS_PROXY: 'http://proxyUsr:envProxyPwZ6xC1v@127.0.0.1:3128',
  ALL_PROXY: 'dave:envProxyNoSchemeW4e@127.0.0.1:1080',
  ANTHROPIC_API_KEY: 'sk-ant-envAnthKeyQ7w',
  DISCORD_BOT_TOKEN: 'envDiscordRefK9mN2b',
};
export const CONFIG_AND_ENV = ['cmtTokR7yK2mN5', 'remUrlPwH3jL9vQ', 'remTokB6nX1cV3', 'remPwdT8sG4kD2', 'envCfgKeyP5mZ7qL1', 'tgBotAAF9xWq2Lk7', 'ModelKeyN4bR8tY2', 'hookTokJ2vC9xM4', 'incTokQ4wP8rZ2', 'envGwTokF2gH8jK4', 'envGwPwdY3uI9oP1', 'envProxyPwZ6xC1v', 'envProxyNoSchemeW4e', 'envAnthKeyQ7w', 'envDiscordRefK9mN2b'];

export const TAIL = ' unauthorized: gateway token mismatch';
const E = '\u001b';
/** [paste line, its canary]: each is quoted by token-auth/gateway-token-mismatch when run alone. */
export const LINES: Array<[string, string]> = [
  ['curl -H "Authorization: Bearer pasteBearerK8dF3sA1" http://127.0.0.1:18789/ ->' + TAIL, 'pasteBearerK8dF3sA1'],
  ['curl -H "x-openclaw-token: pasteXhdrW5qE7rT9" http://127.0.0.1:18789/' + TAIL, 'pasteXhdrW5qE7rT9'],
  // Found by leak27: curl's user:password flags.
  ['curl -u alice:pasteCurlUQ2zX4 http://127.0.0.1:18789/' + TAIL, 'pasteCurlUQ2zX4'],
  ['curl --user=bob:pasteCurlLongR5t http://127.0.0.1:18789/' + TAIL, 'pasteCurlLongR5t'],
  ['curl -U carol:pasteProxyUsrM2k -x http://127.0.0.1:3128 http://127.0.0.1:18789/' + TAIL, 'pasteProxyUsrM2k'],
  ['Authorization: Basic YWxpY2U6cGFzdGVCYXNpYzk5' + TAIL, 'YWxpY2U6cGFzdGVCYXNpYzk5'],
  ['open http://127.0.0.1:18789/?token=pasteQueryV6bN2mL8' + TAIL, 'pasteQueryV6bN2mL8'],
  ['Dashboard URL: http://127.0.0.1:18789/#token=pasteDashR1tY7uI4 then disconnected (1008):' + TAIL, 'pasteDashR1tY7uI4'],
  ['{"level":"error","msg":"' + TAIL.trim() + '","gateway":{"auth":{"mode":"token","token":"pasteJsonLogG4hJ6kL2"}}}', 'pasteJsonLogG4hJ6kL2'],
  ['{"msg":"' + TAIL.trim() + ' {\\"gateway\\":{\\"auth\\":{\\"token\\":\\"pasteJsonEscP9oI8uY7\\"}}}"}', 'pasteJsonEscP9oI8uY7'],
  ['connecting to wss://bob:pasteWssPwM2nB5vC@gw.example.com failed:' + TAIL, 'pasteWssPwM2nB5vC'],
  ['gateway token a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6' + TAIL, 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6'],
  ['令牌：pasteZhTokQ1wE2rT3 连接失败' + TAIL, 'pasteZhTokQ1wE2rT3'],
  // Found by leak27: a bare value after the word (CJK without a colon, an ANSI-coloured one, quoted, after `is`).
  ['令牌 pasteZhTok2Q1wE2rT3 连接失败' + TAIL, 'pasteZhTok2Q1wE2rT3'],
  [`token past${E}[31meAnsiPw9Kx2${E}[0m` + TAIL, 'eAnsiPw9Kx2'],
  ['token "pasteQuotedTokM3nB7"' + TAIL, 'pasteQuotedTokM3nB7'],
  ['gateway.auth.password is pastePwdDotT9rE3wQ' + TAIL, 'pastePwdDotT9rE3wQ'],
  ['OPENCLAW_GATEWAY_TOKEN=pasteEnvLineH7gF6dS5' + TAIL, 'pasteEnvLineH7gF6dS5'],
  ['openclaw config set gateway.auth.token pasteCfgSetN3mB8vX1' + TAIL, 'pasteCfgSetN3mB8vX1'],
  ['ws://127.0.0.1:18789/?access_token=pasteAccTokP0o' + TAIL, 'pasteAccTokP0o'],
  ['Bearer%20pasteBearEncL3k' + TAIL, 'pasteBearEncL3k'],
  // Found by review27f (mend27f): a base64 value after the word, a HAR header pair, a quoted spaced password.
  ['device token pasteB64/tok9+Qx= rejected' + TAIL, 'pasteB64/tok9+Qx='],
  ['{"name":"x-openclaw-token","value":"pasteHarHdr5R2t"}' + TAIL, 'pasteHarHdr5R2t'],
  ["openclaw tui --password 'paste spaced Pw7'" + TAIL, 'paste spaced Pw7'],
  // Found by review30f (mend30d): the value after `to` ("setting gateway.auth.token to <v>").
  ['tried setting gateway.auth.token to pasteToKeyZk4qP9xW then' + TAIL, 'pasteToKeyZk4qP9xW'],
  ['I set OPENCLAW_GATEWAY_TOKEN to pasteToEnvM3nB7v2 and' + TAIL, 'pasteToEnvM3nB7v2'],
  // out31 (mend30d's Left): the verbs after the key, `has been set to`, a letters-only value the sentence assigns.
  ['the gateway token was rotated to pasteRotQ7w2E9x and' + TAIL, 'pasteRotQ7w2E9x'],
  ['password has been set to pasteBeenK4m8z then' + TAIL, 'pasteBeenK4m8z'],
  ['I set the gateway token to pastelettrsqz and' + TAIL, 'pastelettrsqz'],
];

export function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ckd-leak-hunt-'));
  writeFileSync(join(dir, 'openclaw.json'), CONFIG);
  writeFileSync(join(dir, 'inc.json5'), INCLUDE);
  return dir;
}

export const BASE = ['--config', 'openclaw.json', '--log', 'paste.log', '--no-probe', '--openclaw-version', '2026.9.6'];


/**
 * leak28: [paste, canary, the canary's line]: shapes whose secret is told by the line beside it (a terminal's soft
 * wrap, a pretty-printed HAR pair), and one-line shapes 2bz/2ca left raw (letters-only, 密码为, a YAML key line).
 */
export const NEIGHBOURS: Array<[string, string, number]> = [
  ['Authorization: Bearer 8f3a9c2e1d7b4f6a0e5c9d8b7a6f5e4d3c2b\n1a09e8d7 unauthorized: gateway token mismatch', '1a09e8d7', 2],
  ['curl -H "x-openclaw-token: wrapTokA1b2C3d4E5f6G7h8I9j0K1l2m3N4o5P6q7\nR8s9T0wrapTail unauthorized: gateway token mismatch', 'R8s9T0wrapTail', 2],
  ['Authorization: Bearer\nwrapOpenQ7w2E9 unauthorized: gateway token mismatch', 'wrapOpenQ7w2E9', 2],
  ['      {\n        "name": "x-openclaw-token",\n        "value": "harSplitTok9Q2w unauthorized: gateway token mismatch"\n      }', 'harSplitTok9Q2w', 3],
  ['        "value": "harRevSplit8Z1x unauthorized: gateway token mismatch",\n        "name": "Authorization"', 'harRevSplit8Z1x', 1],
  ['device token AbCdEfGhIjKlMnOp unauthorized: gateway token mismatch', 'AbCdEfGhIjKlMnOp', 1],
  ['网关密码为zhPwdFor8Kq2 unauthorized: gateway token mismatch', 'zhPwdFor8Kq2', 1],
  // out31 (mend28b's Left `w8-lower`): a one-case letters-only tail of a wrapped mixed-case token.
  ['[ws] client connect: Authorization: Bearer Zk4qP9wL2mX7vB3nR8tY5jH6\nwpqzrtmkvyxq unauthorized: gateway token mismatch', 'wpqzrtmkvyxq', 2],
  // mend28b (review28a must-fix 1, 2): a wrap 1–2 characters into the value; a JSON string value cut at the line's end.
  ['[ws] connect: Authorization: Bearer Z\nk4qP9wL2mX7vB3nR8tY5jH6Qa9Wd2ExF7cV1bN8 unauthorized: gateway token mismatch', 'k4qP9wL2mX7vB3nR8tY5jH6', 2],
  ['[ws] client sent token=Zk\n4qP9wL2mX7vB3nR8tY5jH6Qa9 unauthorized: gateway token mismatch', '4qP9wL2mX7vB3nR8tY5jH6Qa9', 2],
  ['I used the gateway token Zk4qP\n9wL2mX7vB3nR8tY5jH6Qa9Wd2ExF7cV1bN8 unauthorized: gateway token mismatch', '9wL2mX7vB3nR8tY5jH6Qa9', 2],
  ['{"msg":"unauthorized: gateway token mismatch","auth":{"mode":"token","token":"Zk4qP9wL2mX7vB3nR8tY\n5jH6Qa9Wd2ExF7cV1bN8"}}', 'Zk4qP9wL2mX7vB3nR8tY', 1],
  ['{"level":"warn","auth":{"mode":"token","token":"Zk4qP9wL2mX7vB3nR8tY\n5jH6Qa9Wd2ExF7cV1bN8"}} unauthorized: gateway token mismatch', '5jH6Qa9Wd2ExF7cV1bN8', 2],
  ['{"msg":"unauthorized: gateway token mismatch {\\"password\\":\\"Pw9xQ7mL2kR8tY5jH6', 'Pw9xQ7mL2kR8tY5jH6', 1],
  // mend28b (review28a must-fix 3, 4): CJK with a full-width colon, Traditional, Japanese; util.inspect pairs; a quoted
  // spaced password after `is` or with an escaped quote; a YAML value before a comment; JSON5 inside braces.
  ['令牌为：zhR28aTok9 unauthorized: gateway token mismatch', 'zhR28aTok9', 1],
  ['密碼：zhR28aPw7x unauthorized: gateway token mismatch', 'zhR28aPw7x', 1],
  ['パスワードはjaR28aPw7xです unauthorized: gateway token mismatch', 'jaR28aPw7x', 1],
  ["{ name: 'x-openclaw-token', value: 'inspR28aTok9' } unauthorized: gateway token mismatch", 'inspR28aTok9', 1],
  ["  name: 'x-openclaw-token',\n  value: 'inspSplitR28a9 unauthorized: gateway token mismatch'", 'inspSplitR28a9', 2],
  ['password is "correct horse R28a" unauthorized: gateway token mismatch', 'correct horse R28a', 1],
  ['openclaw tui --password "pa\\"ss w0rd R28a" unauthorized: gateway token mismatch', 'ss w0rd R28a', 1],
  ['password: hunterpass # unauthorized: gateway token mismatch', 'hunterpass', 1],
  ['{ gateway: { auth: { password: hunterpass } } } unauthorized: gateway token mismatch', 'hunterpass', 1],
];

/**
 * leak29 (2cf Left): a docker compose prefix before the wrapped piece, a prefixed YAML key with a letters-only value,
 * a HAR `"comment"` line between the name and the value, the middle line of a three-line wrap shorter than 40, a
 * short line (a narrow pane) ending in a long value right after `token=`.
 */
export const LEFT29: Array<[string, string, number]> = [
  ['openclaw-gateway-1  | client sent Authorization: Bearer Zk4qP9wL2mX7vB3nR8tY\nopenclaw-gateway-1  | 5jH6Qa9Wd2Ex unauthorized: gateway token mismatch', '5jH6Qa9Wd2Ex', 2],
  ['  gatewayToken: hunterpass unauthorized: gateway token mismatch', 'hunterpass', 1],
  ['        {\n          "name": "x-openclaw-token",\n          "comment": "",\n          "value": "harCmtL29W3 unauthorized: gateway token mismatch"\n        }', 'harCmtL29W3', 4],
  ['2026-12-07T08:01:02.345Z [gateway/ws] client sent token=Zk4qP9wL2mX7vB3nR8tY5jH6Qa9Wd2Ex\nF7cV1bN8mK3lP0oI9uY6tR5eW4qA2sD1fG0hJ\n8kL7zX6 unauthorized: gateway token mismatch', '8kL7zX6', 3],
  ['tok sent: token=Zk4qP9wL2mX7vB3nR\n8tY5jH6Qa9Wd unauthorized: gateway token mismatch', '8tY5jH6Qa9Wd', 2],
];


/** Each paste run in human, --json, --follow, markdown and SARIF: the canary's line quoted, the leaks found. */
export async function quotedLeaks(table: ReadonlyArray<[string, string, number]>): Promise<string[]> {
  const dir = workdir();
  const leaks: string[] = [];
  for (const [paste, canary, line] of table) {
    writeFileSync(join(dir, 'paste.log'), paste + '\n');
    for (const extra of [[], ['--json'], ['--follow'], ['--format', 'markdown'], ['--format', 'sarif']]) {
      const r = await runInHere(dir, [...BASE, ...extra], { env: ENV });
      const out = r.stdout + r.stderr;
      // Masking, not omission: the canary's line is quoted (SARIF names it as its region's startLine).
      expect(out, `${paste} ${extra}`).toMatch(new RegExp(`paste\\.log line ${line}\\b|"line": ${line}\\b|"startLine": ${line}\\b|paste\\.log:${line}\\b`));
      for (const c of [canary, ...CONFIG_AND_ENV]) if (out.includes(c)) leaks.push(`${paste.slice(0, 24)} ${extra.join(' ') || 'human'}: ${c}`);
    }
  }
  return leaks;
}
