// Secrets never leave the doctor: every rendered string (human report, JSON, quoted evidence)
// passes through here. Known secret values (from the config or service units) are masked
// exactly; everything else by shape.
// Over ~300 lines on purpose: one job, masking secrets — the shape patterns, the known-secret scan
// and the JSON walk (with the catalogue's own words for word secrets) feed one list of ranges.

import { commonWords } from './common-words.js';

const MASK = '***';

/** What the redaction loop needs of a pattern: a global `RegExp`, or an exact stand-in for one. */
interface GlobalExec {
  lastIndex: number;
  exec(text: string): RegExpExecArray | null;
}

interface Pattern {
  re: GlobalExec;
  /** Index of the capture group holding the secret; the rest of the match is kept. */
  group: number;
  /** Only mask values that look like a credential (digits, mixed case, punctuation, or long). */
  secretShaped?: boolean;
  /** A value this pattern never masks (an environment variable's name after a bare `token`). */
  notValue?: (value: string, prefix: string) => boolean;
  /**
   * Necessary for a match (checked first, so a report's ~60 strings compile and run only the patterns that
   * may match): one of `any` and each of `all` in the lower-cased text, or a run of `min` characters `run`
   * accepts (the long-token shapes, no literal), tested natively by `has`: a run's first character (after
   * the start or a character outside the class), then the class `{min}`, so each run is read once (a bare
   * `class{min}` tried again at every character of a shorter run: ~5x the old per-character loop on near misses).
   * test/redact-gates.test.ts checks them against each cover, and `has` against `run` and `min`.
   */
  gate: { any: readonly string[]; all?: readonly string[] } | { min: number; run: (c: number) => boolean; has: RegExp };
}

/**
 * A letters-only value that reads as random rather than as words (leak28): 10+ letters whose case flips at least
 * four times, with a lone lower-case letter between capitals (`AbCdEf…`) or capitals inside a word (`abCDef`).
 * `OpenClaw`, `getAccessTokenForUser`, `MyGateway` stay words.
 */
export function randomLetters(v: string): boolean {
  if (!/^[A-Za-z]{10,256}$/.test(v)) return false;
  let flips = 0;
  for (let i = 1; i < v.length; i++) if (/[A-Z]/.test(v[i - 1]!) !== /[A-Z]/.test(v[i]!)) flips++;
  if (flips < 4 || !/[A-Z][a-z][A-Z]|[a-z][A-Z]{2,256}[a-z]/.test(v)) return false;
  // mend28b: an identifier made of words and an acronym (`MyOAuthToken`, `getOAuthAccessToken`, `iOSAppDevice`)
  // splits into words of 3+ letters but for one or two; a random string into many pieces of 1–2 letters.
  const parts = v.match(/[A-Z]{1,256}(?=[A-Z][a-z])|[A-Z]?[a-z]{1,256}|[A-Z]{1,256}/g) ?? [];
  const short = parts.filter((w) => w.length <= 2).length;
  return short >= 3 && short * 2 >= parts.length;
}

/**
 * Names that follow the word `token` in reports and are never a credential (leak28, 2bz Left 3): a hash or
 * cipher, a runtime, platform or encoding with its version (`sha256`, `node22`, `utf-8`, `x64`), and a model
 * name of a known family made of its version and known words only (`gpt-4o-mini`, `claude-3-5-sonnet`, `o3`,
 * `qwen2.5`): each segment is a version or a listed word, so a random string after a family name is no model.
 */
const RUNTIME_NAME = /^(?:sha3?|md|blake|hs|rs|es|ps|ed|x|p|rsa|aes|chacha|tls|http|ipv|v|arm|aarch|amd|i|win|node|bun|deno|python|py|utf|ucs|latin|base|crc)[-_.]?\d{1,4}(?:[-_.]\d{1,4}){0,3}[a-z]{0,3}$/i;
const MODEL_HEAD = /^(?:gpt|claude|gemini|gemma|llama|qwen|mistral|mixtral|deepseek|kimi|glm|grok|phi|o)(?:\d{1,8}[a-z]?)?$/i;
const MODEL_PART = /^(?:\d{1,8}[a-z]?|\d{1,3}b|mini|nano|pro|flash|lite|sonnet|opus|haiku|turbo|preview|instruct|chat|latest|large|small|medium|coder|vision|codex|high|low|exp|thinking|r1|v\d|k\d)$/i;
function namedNotToken(v: string): boolean {
  if (v.length > 64) return false;
  if (RUNTIME_NAME.test(v)) return true;
  const parts = v.split(/[-.:]/);
  return parts.length <= 8 && MODEL_HEAD.test(parts[0]!) && parts.slice(1).every((p) => MODEL_PART.test(p));
}

/** A config key path (`gateway.auth.token`). */
const configPath = (v: string) => {
  const parts = v.split('.');
  return parts.length >= 2 && parts.length <= 9 && parts.every((p) => /^[a-z][a-zA-Z]{0,64}$/.test(p));
};
/** An environment variable's name (`OPENCLAW_GATEWAY_TOKEN`). */
const envName = (v: string) => /^[A-Z][A-Z0-9_]{0,256}$/.test(v) && v.includes('_');
/** Config words a YAML secret key takes as its value (a mode or a SecretRef source), never a credential. */
const CONFIG_WORD = /^(?:auto|env|file|exec|generated?|random|prompt|keychain|inline|default|none|off|secretref)$/i;
/** leak29: a state a log or status line gives a secret key (`deviceToken: expired`), never the credential. */
const STATUS_WORD = /^(?:expired|rejected|revoked|configured|present|absent|ok|valid|provided|changed|rotated|enabled|disabled|on|yes|no|optional|stale|pending|accepted|denied|ignored|skipped|loaded|used|not|the|is|was|from|via|for|see|use|must|should|can|will|and|or|only)$/i;

/** mend30d: not a value after `<key> … to` (a digit or random-looking letters is one; names, paths, versions are not). */
const toNotValue = (v: string) => (!/\d/.test(v) && !randomLetters(v)) || !/[A-Za-z]/.test(v) || (/^[A-Z]/.test(v) && v.includes('_') && !/[^A-Z0-9_]/.test(v)) || configPath(v) || /^[A-Za-z_][\w-]{0,63}=[^=]/.test(v) || /^v[\d.]{1,40}$/.test(v) || namedNotToken(v);
/** out31: words a sentence sets a secret "to" that are no credential (placeholders, states, the key's own names). */
const TO_WORD = /^(?:something|anything|nothing|whatever|another|different|default|defaults|empty|blank|null|undefined|unset|true|false|random|required|optional|correct|invalid|expire|expired|match|matching|reflect|prevent|secret|password|passwords|token|tokens|value|string|placeholder|redacted|hidden|masked|manual|automatic|mismatch)$/i;
/** mend31e (review31e): an ordinary word (`secure`, `latest`, `docker`) is prose; a chosen letters-only value is not one. */
const lettersNotValue = (v: string) => CONFIG_WORD.test(v) || STATUS_WORD.test(v) || TO_WORD.test(v) || commonWords().has(v.toLowerCase());

function looksLikeSecret(v: string): boolean {
  // A config path in prose ("password: gateway.auth.password or …") is not a secret.
  if (/^[a-z][a-zA-Z]*(?:\.[a-z][a-zA-Z]*)+$/.test(v)) return false;
  return v.length >= 16 || /\d|[-_.+/=]|[A-Z]/.test(v);
}

/** The rest of a URL password after the scheme: `://host:` then the secret up to an `@`. */
const URL_REST = /:\/\/[^/\s:@"'<>]{1,256}:([^@\s/"'<>]{1,1024})(?=@)/g;
const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLetterCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** `[a-z0-9+.-]` under `i`: ASCII letters, digits, `+`, `.`, `-`. */
const isSchemeCode = (c: number) => isLetterCode(c) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45;

/**
 * Exactly `/(\b[a-z][a-z0-9+.-]{0,32}:\/\/[^/\s:@"'<>]{1,256}:)([^@\s/"'<>]{1,1024})(?=@)/gi` (same matches,
 * captures, index and lastIndex; test/redact-url-password.test.ts), found from its `://` instead of from every
 * word start: that regex walked up to 33 scheme characters from each word start of a line (`a-a-a-…`, 4.5–6.7 ms
 * on 64 KiB). The scheme class holds no `:`, so a start's scheme ends at one place, the first `:` after it; the
 * rest (URL_REST, whose gaps hold no `/`) is the same for every start before that `://`, and the leftmost start
 * is the first word-start letter of the scheme run within 33 characters before it, at or after lastIndex.
 */
export function urlPassword(): GlobalExec {
  return {
    lastIndex: 0,
    exec(text: string): RegExpExecArray | null {
      const from = this.lastIndex;
      URL_REST.lastIndex = from;
      for (let r = URL_REST.exec(text); r !== null; r = URL_REST.exec(text)) {
        const c = r.index;
        let p = c;
        while (p > from && p > c - 33 && isSchemeCode(text.charCodeAt(p - 1))) p--;
        while (p < c && !(isLetterCode(text.charCodeAt(p)) && (p === 0 || !isWordCode(text.charCodeAt(p - 1))))) p++;
        if (p < c) {
          const end = c + r[0].length;
          const secret = r[1]!;
          this.lastIndex = end;
          return Object.assign([text.slice(p, end), text.slice(p, end - secret.length), secret], { index: p, input: text, groups: undefined }) as RegExpExecArray;
        }
        URL_REST.lastIndex = c + 1;
      }
      this.lastIndex = 0;
      return null;
    },
  };
}

// Each pattern captures (prefix)(secret). Request ids and connection ids are UUIDs and stay
// visible: users need them for `openclaw devices approve <id>`.
const isHexCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
/** `[A-Za-z0-9+/_-]` */
const isBase64Code = (c: number) => isLetterCode(c) || (c >= 47 && c <= 57) || c === 43 || c === 95 || c === 45;


const holds = (lower: string, g: { any: readonly string[]; all?: readonly string[] }) => g.any.some((w) => lower.includes(w)) && (g.all ?? []).every((w) => lower.includes(w));
/** Exported for test/redact-gates.test.ts. */
export const PATTERNS: readonly Pattern[] = [
  // ?token=… / #token=… / &password=… in URLs
  { re: /([?#&](?:token|access_token|password|auth|key)=)([^&#\s"'<>]+)/gi, group: 2, gate: { any: ['token=', 'password=', 'auth=', 'key='] } },
  // user:password@ in URLs (wss://me:hunter2@gateway.example/): urlPassword below
  { re: urlPassword(), group: 2, gate: { any: ['://'] } },
  // user:password@ in a proxy setting written without a scheme (`HTTPS_PROXY=alice:pw@proxy.corp:3128`,
  // `"httpsProxy": "alice:pw@host"`): undici rejects it at start, so it is exactly what a report of that
  // failure quotes (review26b). With a scheme the URL pattern above masks it; here the value's first
  // segment has no `/`, so a `http://…` value never matches.
  { re: /(\b[A-Za-z_]{0,24}proxy["']?[ \t]{0,4}[=:][ \t]{0,4}["']?[^\s:@"'/<>]{1,256}:)([^@\s/"'<>]{1,1024})(?=@)/gi, group: 2, gate: { any: ['proxy'] } },
  // Authorization: Bearer …, Basic …
  // Not a credential: a challenge's `realm=` (`WWW-Authenticate: Bearer realm="openclaw"`, review27h).
  { re: /(\b(?:bearer|basic)\s+)([A-Za-z0-9._~+/=-]{6,})/gi, group: 2, notValue: (v) => /^realm=/i.test(v), gate: { any: ['bearer', 'basic'] } },
  // "token": "…", "password": "…", "deviceToken": "…" (JSON / JSON5); also JSON inside a JSON string, where
  // backslashes sit before the quotes (`\"token\":\"…\"`, `\\\"token\\\"`, `\'token\'`).
  {
    re: /(\\{0,3}["']?\b(?:[A-Za-z]*token|password|passwd|secret|apiKey|api_key|x-openclaw-token|authorization)\\{0,3}["']?\s*:\s*\\{0,3}["'])([^"'\s]{3,}?)(?=\\{0,3}["'])/gi,
    group: 2,
    gate: { any: ['token', 'password', 'passwd', 'secret', 'apikey', 'api_key', 'authorization'], all: [':'] },
  },
  // mend28b (review28a must-fix 2): a JSON string value cut at the line's end by a wrap (`{"auth":{"token":"Zk4qP9…`,
  // `\"password\":\"Pw9x…`): no closing quote on this line.
  {
    re: /(\\{0,3}["']\b(?:[A-Za-z]{0,24}token|password|passwd|secret|apiKey|api_key)\\{0,3}["'][ \t]{0,4}:[ \t]{0,4}\\{0,3}["'])([^"'\s\\]{1,1024})$/gim,
    group: 2,
    gate: { any: ['token', 'password', 'passwd', 'secret', 'apikey', 'api_key'], all: [':'] },
  },
  // camelCase / snake_case keys ending in Secret/Key/Password: appSecret, encryptKey, LINE
  // channelSecret, client_secret. Case-sensitive on purpose, so "monkey"/"keyboard" stay visible.
  {
    // Bounded for the reader-regex shape test; a value over 256 characters is left to the long-token shapes.
    re: /(["']?\b(?:[A-Za-z0-9]{1,24}(?:Secret|Key|Password)|[A-Za-z0-9]{1,24}[_-](?:secret|key|password|SECRET|KEY|PASSWORD))["']? ?: ?["'])([^"'\s]{3,256})(?=["'])/g,
    group: 2,
    gate: { any: ['secret', 'key', 'password'] },
  },
  // Assignments that are never prose: OPENCLAW_GATEWAY_PASSWORD=…, token=…, deviceToken=…,
  // --token …, gateway.auth.token: … — masked whatever the value looks like (`token=abcdefgh`
  // and `--token mytok` used to leak because they were not "secret-shaped").
  {
    re: /(\b(?:[A-Z_]*TOKEN|[A-Z_]*PASSWORD|[A-Z_]*SECRET|[A-Z_]*API_KEY|passwd)=["']?|--(?:token|password)[ =]["']?|\b(?:auth|remote)\.(?:token|password)\s*[=:]\s*["']?)([^\s"'`()<>&,;]{3,})/gi,
    group: 2,
    gate: { any: ['token=', 'password=', 'secret=', 'api_key=', 'passwd=', '--token', '--password', '.token', '.password'] },
  },
  // token: …, password = … (possibly prose)
  {
    re: /(\b(?:[A-Z_]*TOKEN|[A-Z_]*PASSWORD|[A-Z_]*SECRET|[A-Z_]*API_KEY)\s*=\s*["']?|\b(?:token|password|passwd|secret|api[-_]?key)\s*[=:]\s*["']?)([^\s"'&,;]{3,})/gi,
    group: 2,
    // In prose ("token: use the one from the dashboard") only values shaped like a secret are masked.
    secretShaped: true,
    gate: { any: ['token', 'password', 'passwd', 'secret', 'api_key', 'apikey', 'api-key'] },
  },
  // YAML / JSON5 / compose keys without quotes that name a secret by their ending: `botToken: 123456:AAH…`,
  // `appSecret: …`, `client_secret: …`, `OPENCLAW_GATEWAY_TOKEN: …` (compose `environment:`). The patterns
  // above need quotes, `=`, or a bare `token:`; these leaked. Case-sensitive endings, so `maxTokens: 4096`,
  // `hotkey: ctrl-k` and `monkey: …` stay readable; only secret-shaped values, as in prose.
  // Two patterns (camelCase, snake/UPPER) to keep each one's backtracking paths under the reader bound; a
  // camelCase key needs a character before its ending, so the header `Sec-WebSocket-Key: …` is not one.
  { re: /(\b[A-Za-z0-9]{1,24}(?:Token|Secret|Password|Passwd|Key) ?: ?["']?)([^\s"'&,;]{3,256})/g, group: 2, secretShaped: true, gate: { any: ['token:', 'token :', 'secret:', 'secret :', 'password:', 'password :', 'passwd:', 'passwd :', 'key:', 'key :'] } },
  { re: /(\b[A-Za-z0-9_]{0,24}_(?:TOKEN|SECRET|PASSWORD|KEY|token|secret|password|key) ?: ?["']?)([^\s"'&,;]{3,256})/g, group: 2, secretShaped: true, gate: { any: ['_token:', '_token :', '_secret:', '_secret :', '_password:', '_password :', '_key:', '_key :'] } },
  // Forms OpenClaw itself documents or users paste from other machines (audit23 F0): masked whatever the
  // value looks like, since a pasted secret is not in this machine's config/env to be masked exactly.
  // `openclaw config set gateway.auth.token <v>` (also remote.token, auth.password, hooks.token); not a
  // placeholder (`"$(openssl rand -hex 24)"`, `<token>`).
  { re: /(\bconfig {1,4}set {1,4}["']?(?:[\w-]{1,40}\.){0,6}(?:token|password|passwd|secret|apiKey|api_key|botToken|appSecret)["']? {1,4}["']?)([^\s"'`$<][^\s"'`]{0,1023})/gi, group: 2, gate: { any: ['config '], all: [' set '] } },
  // `--gateway-token <v>`, `--gateway-password=<v>` (openclaw onboard)
  { re: /(--gateway-(?:token|password)[ =]["']?)([^\s"'`]{1,1024})/gi, group: 2, gate: { any: ['--gateway-'] } },
  // `token：v` (full-width colon; the ASCII one is the prose pattern below), 令牌/密码/密钥/口令/秘钥 with `:`,
  // `：`, `=`, 是 or 为 (leak28: `密码为hunter` went out raw): an ASCII value (令牌是什么 stays).
  {
    // mend28b (review28a must-fix 3): `令牌为：v`, Traditional (`密碼：v`), Japanese (`パスワード：v`, `パスワードはvです`): below.
    re: /((?:\b(?:token|password|passwd|secret)[ \t]{0,4}(?:：|是|为)|(?:令牌|密码|密钥|口令|秘钥)[ \t]{0,4}(?:[:：=]|是|为))[ \t]{0,4}["'“「]?)([!#-&(-+\--:<-~]{1,1024})/gi,
    group: 2,
    // mend28b: a config path or an environment variable's name is no value (`令牌为 gateway.auth.token 的值`).
    notValue: (v) => configPath(v) || envName(v),
    gate: { any: ['token', 'password', 'passwd', 'secret', '令牌', '密码', '密钥', '口令', '秘钥'] },
  },
  // mend28b: 是/为/為/は then a full-width colon, and the Traditional and Japanese words (a pattern of their own: the
  // reader's path bound).
  { re: /((?:(?:\b(?:token|password|passwd|secret)|令牌|密码|密钥|口令|秘钥)[ \t]{0,4}(?:是|为|為|は)：|(?:密碼|密鑰|金鑰|秘鑰|パスワード|トークン)[ \t]{0,4}(?:[:：=]|是|為|は))[ \t]{0,4}["'“「]?)([!#-&(-+\--:<-~]{1,1024})/gi, group: 2, notValue: (v) => configPath(v) || envName(v), gate: { any: ['：', '密碼', '密鑰', '金鑰', '秘鑰', 'パスワード', 'トークン'] } },
  // `password hunter2`: a bare value after the word, only when secret-shaped ("password mismatch" stays; no
  // `.`/`?`/`!` in it, so "password instead." stays).
  { re: /(\b(?:password|passwd|passphrase)[ \t]{1,4})([^\s"'`()<>&,;:.!?]{3,256})/gi, group: 2, secretShaped: true, gate: { any: ['password', 'passwd', 'passphrase'] } },
  // A bare credential after the word, its `is`, or a quote: `token 8dF3k2Lm9`, `password is hunter2x`, `token "v"`,
  // `令牌 v` (leak27: these went out raw). Only a run of a token's characters with a letter and a digit, ending
  // there (`token missing/mismatch`, `token 1008`, `token OPENCLAW_GATEWAY_TOKEN` stay).
  {
    // mend27f: `/` and `.` inside the value are part of it (`openssl rand -base64`, dotted tokens), masked whole
    // rather than the match dropped; a `.`/`/` not followed by a token character ends it (`token abc123.`).
    // Not a value: `word=…` (OpenClaw's own audit line `auth=token payload=v3`), a version (`v2026.9.6`).
    re: /((?:\b(?:password|passwd|passphrase|token)|令牌|密码|密碼|密钥|密鑰|金鑰|口令|秘钥|秘鑰|パスワード|トークン)[ \t]{1,4}(?:(?:is|was)[ \t]{1,4})?["'“「]?)([A-Za-z0-9_~+=/.-]{5,255}[A-Za-z0-9_~+=-])(?![A-Za-z0-9_~+=-]|[/.][A-Za-z0-9_~+=-])/gi,
    group: 2,
    // leak28: a letters-only value is one when its case flips like a random string's (`token AbCdEfGhIjKlMnOp`);
    // a hash, runtime or model name is not (`token sha256:…`, `token node22`, `token gpt-4o-mini`).
    notValue: (v) => (!/\d/.test(v) && !randomLetters(v)) || !/[A-Za-z]/.test(v) || (/^[A-Z]/.test(v) && v.includes('_') && !/[^A-Z0-9_]/.test(v)) || /^[A-Za-z_][\w-]{0,63}=[^=]/.test(v) || /^v[\d.]{1,40}$/.test(v) || namedNotToken(v),
    gate: { any: ['password', 'passwd', 'passphrase', 'token', '令牌', '密码', '密碼', '密钥', '密鑰', '金鑰', '口令', '秘钥', '秘鑰', 'パスワード', 'トークン'] },
  },
  // mend30d (review30f 4): a credential key path, env name or word, then `to` and the value: `setting
  // gateway.auth.token to Zk4q…`, `OPENCLAW_GATEWAY_TOKEN set to …`, `changed the password to hunter22x`. The value
  // is judged as after a bare `token` (a digit or random-looking letters): prose stays (`token to the one in the
  // config`, `token to match`, `token to auto`, `to env`, `to OPENCLAW_GATEWAY_TOKEN`, `to v2026.9.6`).
  {
    re: /((?:password|passwd|passphrase|token|secret)["'`]?[ \t]{1,4}(?:(?:is|was) )?(?:(?:set|changed|reset) )?to[ \t]{1,4}["'`“「]?)([A-Za-z0-9_~+=/.-]{5,255}[A-Za-z0-9_~+=-])(?![A-Za-z0-9_~+=-]|[/.][A-Za-z0-9_~+=-])/gi,
    group: 2,
    notValue: toNotValue,
    gate: { any: ['password', 'passwd', 'passphrase', 'token', 'secret'] },
  },
  // out31 (mend30d's Left): the verbs that multiplied that pattern's paths, each form a pattern of its own (the reader's
  // 65,536-path bound): `token rotated|updated|regenerated to <v>` (after is/was/got too), `has been set to <v>`.
  { re: /((?:password|passwd|passphrase|token|secret)["'`]? (?:(?:is|was|got) )?(?:updated|rotated|regenerated) to ["'`“「]?)([A-Za-z0-9_~+=/.-]{5,255}[A-Za-z0-9_~+=-])(?![A-Za-z0-9_~+=-]|[/.][A-Za-z0-9_~+=-])/gi, group: 2, notValue: toNotValue, gate: { any: ['password', 'passwd', 'passphrase', 'token', 'secret'], all: [' to '] } },
  { re: /((?:password|passwd|passphrase|token|secret)["'`]? (?:has|have) been (?:set|changed|reset|updated|rotated|regenerated) to ["'`“「]?)([A-Za-z0-9_~+=/.-]{5,255}[A-Za-z0-9_~+=-])(?![A-Za-z0-9_~+=-]|[/.][A-Za-z0-9_~+=-])/gi, group: 2, notValue: toNotValue, gate: { any: ['password', 'passwd', 'passphrase', 'token', 'secret'], all: [' been '] } },
  // out31: a letters-only value (`hunterpass`) where the sentence assigns it: a verb between the key and `to`
  // (`password was changed to hunterpass`) or before the key (`set the gateway token to hunterpass`), and the value
  // ends the clause (end, punctuation, and/then/but): `token set to expire in 30 days`, `changed the token to
  // something simpler` are prose, as are config, status and placeholder words.
  { re: /((?:password|passwd|passphrase|token|secret)["'`]? (?:(?:has|have) been |(?:is|was|got) )?(?:updated|rotated|regenerated|set|changed|reset) to ["'`“「]?)([A-Za-z]{6,32}\b)(?![-_/~+=.]\w|[ \t](?!and\b|then\b|but\b)[a-z])/gi, group: 2, notValue: lettersNotValue, gate: { any: ['password', 'passwd', 'passphrase', 'token', 'secret'], all: [' to '] } },
  { re: /((?<=\b(?:set|changed?|updated?|rotated?|reset) (?:(?:the|my|our|your|a|new|gateway|remote|auth|device|bot|api|admin) ){0,3}[\w.-]{0,40})(?:password|passwd|passphrase|token|secret)["'`]? to ["'`“「]?)([A-Za-z]{6,32}\b)(?![-_/~+=.]\w|[ \t](?!and\b|then\b|but\b)[a-z])/gi, group: 2, notValue: lettersNotValue, gate: { any: ['password', 'passwd', 'passphrase', 'token', 'secret'], all: [' to '] } },
  // curl's `-u user:pw`, `--user user:pw`, `-U`/`--proxy-user user:pw` (leak27): the password after the user.
  // Not a password (mend27f): a uid:gid or user:group pair (`docker run -u 1000:1000`, `sudo -u node:node`).
  { re: /((?<![\w-])(?:-[uU]|--(?:proxy-)?user)(?:[ \t]{1,4}|=)?["']?[\w.@+%-]{1,256}:)([^\s"'@$][^\s"'@]{0,1023})/g, group: 2, gate: { any: ['-u'] },
    // review27h: an all-digit value is kept only after an all-digit user (`-u 0:0`), never `curl -u alice:12345678`.
    notValue: (v, prefix) => {
      const user = /([\w.@+%-]{1,256}):$/.exec(prefix)?.[1];
      return user === v || (/^\d{1,10}$/.test(v) && /^\d{1,10}$/.test(user ?? ''));
    } },
  // mend27f: a quoted value with spaces after a credential flag or `config set` key path, whole
  // (`--password 'a b c'`, `config set gateway.auth.password "a b c"`); the patterns above stop at a space.
  { re: /((?:--(?:gateway-)?(?:token|password)|\bconfig[ \t]{1,4}set[ \t]{1,4}(?:[\w-]{1,40}\.){0,5}(?:token|password|passwd|secret))(?:[ \t]{1,4}|=)")((?:[^"\\\r\n$<]|\\[^\r\n])(?:[^"\\\r\n]|\\[^\r\n]){0,511}?)(?=")/gi, group: 2, gate: { any: ['--token', '--password', '--gateway-', 'config'], all: ['"'] } },
  { re: /((?:--(?:gateway-)?(?:token|password)|\bconfig[ \t]{1,4}set[ \t]{1,4}(?:[\w-]{1,40}\.){0,5}(?:token|password|passwd|secret))(?:[ \t]{1,4}|=)')([^'\r\n$<][^'\r\n]{0,511}?)(?=')/gi, group: 2, gate: { any: ['--token', '--password', '--gateway-', 'config'], all: ["'"] } },
  // A HAR / JSON header pair whose name is a credential header: `{"name":"x-openclaw-token","value":"v"}`.
  { re: /("name"[ \t]{0,8}:[ \t]{0,8}"(?:x-openclaw-(?:token|password)|x-(?:auth|access|api)-token|x-api-key|api-key|token|(?:proxy-)?authorization|(?:set-)?cookie)"[ \t]{0,8},[ \t]{0,8}"value"[ \t]{0,8}:[ \t]{0,8}")([^"\r\n]{1,1024})(?=")/gi, group: 2, gate: { any: ['"name"'] } },
  // review27h: single-quoted, and the value before the name (`{"value":"v","name":"x-openclaw-token"}`).
  { re: /('name'[ \t]{0,8}:[ \t]{0,8}'(?:x-openclaw-(?:token|password)|x-(?:auth|access|api)-token|x-api-key|api-key|token|(?:proxy-)?authorization|(?:set-)?cookie)'[ \t]{0,8},[ \t]{0,8}'value'[ \t]{0,8}:[ \t]{0,8}')([^'\r\n]{1,1024})(?=')/gi, group: 2, gate: { any: ["'name'"] } },
  // mend28b (review28a must-fix 4): util.inspect's unquoted keys (`{ name: 'x-openclaw-token', value: 'v' }`).
  { re: /(\bname[ \t]{0,8}:[ \t]{0,8}["'](?:x-openclaw-(?:token|password)|x-(?:auth|access|api)-token|x-api-key|api-key|token|(?:proxy-)?authorization|(?:set-)?cookie)["'][ \t]{0,8},[ \t]{0,8}value[ \t]{0,8}:[ \t]{0,8}["'])([^"'\r\n]{1,1024})(?=["'])/gi, group: 2, gate: { any: ['name'], all: ['value'] } },
  { re: /("value"[ \t]{0,8}:[ \t]{0,8}")([^"\r\n]{1,1024})(?="[ \t]{0,8},[ \t]{0,8}"name"[ \t]{0,8}:[ \t]{0,8}"(?:x-openclaw-(?:token|password)|x-(?:auth|access|api)-token|x-api-key|api-key|token|(?:proxy-)?authorization|(?:set-)?cookie)")/gi, group: 2, gate: { any: ['"value"'] } },
  // leak28: a YAML line that is only a secret key and its value (`    password: hunter`, `- token: abcdef`): masked
  // whatever the value looks like (prose has more words on its line; `password: required` is NOT_SECRET).
  // mend28b: not a value, a config word (`token: auto`, `secret: env`, `password: file`, `token: generate`).
  { re: /^([ \t]{0,16}(?:- )?(?:token|password|passwd|secret) ?: ?)([^\s"'#\\]{3,64})(?=[ \t]{0,8}$|[ \t]{1,8}#)/gim, group: 2, notValue: (v) => CONFIG_WORD.test(v), gate: { any: ['token', 'password', 'passwd', 'secret'] } },
  // leak29 (2cb Left): the same with a key that names a secret by its ending (`gatewayToken: hunterpass`,
  // `gateway_token: …`, compose's `OPENCLAW_GATEWAY_TOKEN: …`): the shapes above mask those only when secret-shaped.
  // Case-sensitive endings (`maxTokens: 4096` is no secret key); not a value, a config or status word. The key at
  // the line's start (after an indent) is the shape: text may follow the value (`gatewayToken: hunterpass (from .env)`).
  {
    re: /^([ \t]{0,16}(?:- )?(?:[a-z][A-Za-z0-9]{0,23}(?:Token|Password|Passwd|Secret)|[a-z][a-z0-9]{0,23}_(?:token|password|passwd|secret)|[A-Z][A-Z0-9]{0,23}_(?:[A-Z0-9]{1,24}_)?(?:TOKEN|PASSWORD|PASSWD|SECRET)) ?: ?)([^\s"'#\\]{3,64})(?=[ \t]|$)/gm,
    group: 2,
    notValue: (v) => CONFIG_WORD.test(v) || STATUS_WORD.test(v),
    gate: { any: ['token', 'password', 'passwd', 'secret'], all: [':'] },
  },
  // `Authorization: <any scheme> <v>` (Token, Digest, custom); Bearer/Basic are above.
  { re: /(\b(?:proxy-)?authorization["']?[ \t]{0,4}[:=][ \t]{0,4}["']?[A-Za-z][\w-]{0,31}[ \t]{1,4})([^\s"',;]{3,1024})/gi, group: 2, gate: { any: ['authorization'] } },
  // URL-encoded: `token%3Dv`, `authorization=Bearer%20v`
  { re: /((?:token|password|passwd|secret|auth|key)%3D|\b(?:bearer|basic|token)%20)([A-Za-z0-9._~+/-]{3,1024})/gi, group: 2, gate: { any: ['%3d', '%20'] } },
  // Short assignment names: tok=, pass=, pwd=
  { re: /(\b(?:tok|pass|pwd)=["']?)([^\s"'`&,;]{3,1024})/gi, group: 2, gate: { any: ['tok=', 'pass=', 'pwd='] } },
  // Cookie / Set-Cookie header values, whole (several cookies, attributes): a session cookie is a credential.
  { re: /(\b(?:set-)?cookie["']?[ \t]{0,4}:[ \t]{0,4})([^\s"'|][^\r\n"'|]{0,1023})/gi, group: 2, gate: { any: ['cookie'] } },
  // A quoted value after a secret key runs to its closing quote, spaces included ("correct horse battery staple").
  // mend28b (review28a must-fix 4): after `is`/`was` too (`password is "correct horse R28a"`).
  { re: /(\b(?:password|passwd|passphrase|token)[ \t]{1,4}(?:is|was)[ \t]{1,4}")([^"\r\n]{1,512}?)(?=")/gi, group: 2, gate: { any: ['password', 'passwd', 'passphrase', 'token'], all: ['"'] } },
  // mend28b: a JSON5 key without quotes and its bare value inside braces (`{ password: hunterpass }`).
  { re: /([{,][ \t]{0,8}(?:token|password|passwd|secret)[ \t]{0,4}:[ \t]{0,4})([^\s"'{}[\],:#]{3,256})(?=[ \t]{0,8}[,}])/gi, group: 2, notValue: (v) => CONFIG_WORD.test(v), gate: { any: ['token', 'password', 'passwd', 'secret'], all: [':'] } },
  { re: /(\b(?:[A-Za-z]{1,20}[_.]){0,5}(?:token|password|passwd|secret)\\{0,3}["']?[ \t]{0,4}[:=][ \t]{0,4}\\{0,3}")([^"\r\n]{1,512}?)(?=\\{0,3}")/gi, group: 2, gate: { any: ['token', 'password', 'passwd', 'secret'], all: ['"'] } },
  { re: /(\b(?:[A-Za-z]{1,20}[_.]){0,5}(?:token|password|passwd|secret)\\{0,3}["']?[ \t]{0,4}[:=][ \t]{0,4}\\{0,3}')([^'\r\n]{1,512}?)(?=\\{0,3}')/gi, group: 2, gate: { any: ['token', 'password', 'passwd', 'secret'], all: ["'"] } },
  // JWT: header.payload.signature, both base64url JSON objects (`eyJ`). Starts only at the start of a
  // base64url run (`\b` also started inside `a-eyJ-eyJ-…`: 103 ms on the ReDoS bench's 64 KiB line).
  { re: /()((?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,2048}\.eyJ[A-Za-z0-9_-]{2,4096}\.[A-Za-z0-9_-]{0,2048})/g, group: 2, gate: { any: ['eyj'] } },
  // Provider keys
  { re: /()(\b(?:sk|ghp|gho|xox[bap]|AKIA)[-_][A-Za-z0-9_-]{12,})/g, group: 2, gate: { any: ['sk-', 'sk_', 'ghp', 'gho', 'xox', 'akia'] } },
  { re: /()(\bAIza[0-9A-Za-z_-]{30,64})/g, group: 2, gate: { any: ['aiza'] } },
  // Long hex (>= 32) and long base64/base64url (>= 40 with mixed case and digits): tokens, keys.
  { re: /()(?<![0-9a-fA-F-])([0-9a-fA-F]{32,})(?![0-9a-fA-F-])/g, group: 2, gate: { min: 32, run: isHexCode, has: /(?:^|[^0-9a-fA-F])[0-9a-fA-F]{32}/ } },
  { re: /()(?<![A-Za-z0-9+/_-])((?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*\d)[A-Za-z0-9+/_-]{40,}={0,2})(?![A-Za-z0-9+/_-])/g, group: 2, gate: { min: 40, run: isBase64Code, has: /(?:^|[^A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{40}/ } },
];

/**
 * A known secret made only of letters ("gateway", "local", "token") is also a word of the report's own
 * identifiers: masked as a substring it turned `gateway-down/mode-unset` into `***-down/mode-unset` in
 * JSON/SARIF ruleIds and the pattern of stars told the reader the token (audit23 F17). Such a secret is
 * masked only where it stands as a token of its own, not inside an id or path (`-`, `_`, or `.`/`/` between
 * word characters). Any other known secret is masked wherever it occurs (`%3D<secret>` too).
 */
const WORD_SECRET = /^[A-Za-z]{1,256}$/;
const isIdCode = (c: number) => isWordCode(c) || c === 45;
/** `.` or `/` joins id segments only between word characters (`gateway.mode`, `a-b/mode`; not `ftp://word`, `word.`). */
const isJoin = (c: number) => c === 46 || c === 47;
function standsAlone(text: string, start: number, end: number): boolean {
  const b = text.charCodeAt(start - 1);
  const a = text.charCodeAt(end);
  if (isIdCode(b) || isIdCode(a)) return false;
  if (isJoin(b) && isIdCode(text.charCodeAt(start - 2))) return false;
  return !(isJoin(a) && isIdCode(text.charCodeAt(end + 1)));
}

/**
 * A template slot filled by a capture typed KEY (a config key or key path: src/rules/fact-shape.ts): the
 * template's literal text right before and after it, and whether that text reaches the template's start or
 * end. A word secret is kept inside the slot when the text there is one of the run's keys (hostile-input 2bq).
 */
export interface KeySlot {
  pre: string;
  post: string;
  atStart: boolean;
  atEnd: boolean;
}

/**
 * Whether a slot can keep a key at all: anchored at the field's start/end where the template is, with at least
 * PIECE_CONTEXT characters of literal text on the unanchored sides (a short literal could stand inside a captured
 * value as well). A rule with a slot that cannot keeps no KEY evidence either (review26a 1: never shown in one
 * place and masked in another); test/redact-config-keys.test.ts holds the catalogue to keepable slots.
 */
export function slotKeepable(sl: KeySlot): boolean {
  return (sl.atStart ? PIECE_CONTEXT : sl.pre.length) + (sl.atEnd ? PIECE_CONTEXT : sl.post.length) >= PIECE_CONTEXT;
}

/** A rule's public words: the literal parts of its prose templates, and the slots its KEY captures fill. */
export interface RuleProse {
  pieces: readonly string[];
  slots: readonly KeySlot[];
}

/**
 * The rule catalogue's public prose, by rule id (public-prose.ts); `keyPath` says which evidence paths are
 * facts typed KEY (their value is kept when it is one of the run's keys).
 */
export interface PublicProse {
  (ruleId: string): RuleProse | undefined;
  keyPath?: (path: string) => boolean;
}

/** A finding's fields rendered from its rule's prose templates (`fix.summary`, `fix.steps` … below a finding). */
const PROSE_KEY = new Set(['title', 'message', 'summary', 'steps', 'commands']);

/** The literal pieces of templates (what `{{…}}` leaves), those with a letter. */
export function templatePieces(templates: Iterable<string | undefined>): string[] {
  const out = new Set<string>();
  for (const t of templates) if (t) for (const p of t.split(/\{\{[^{}\n]{0,200}\}\}/)) if (/[A-Za-z]/.test(p)) out.add(p);
  return [...out];
}

/**
 * A rule's piece keeps a word secret only with this many characters of its own around it: a short
 * piece (` gateway `, between two captures) could stand inside a captured value as well.
 */
const PIECE_CONTEXT = 12;

/** Where the pieces occur in text: spans of the rule's own words. */
function publicSpans(text: string, pieces: readonly string[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const p of pieces) for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) spans.push([i, i + p.length]);
  return spans;
}

const isKeyCode = (c: number) => isWordCode(c) || c === 36 || c === 45;

/**
 * The keys of a config diff (or of config lines with a diff's column), by where each starts → where it ends:
 * a string or bare word that a JSON5 lexer reads as code (not inside a comment or a string), after `{`, `,` or
 * the hunk's start, and followed by `:`. The one place a word secret is kept in a diff, the same place the
 * evidence keeps it (an object's keys are never masked, every string value is), so comparing the two tells
 * nothing (review25a). Each side of a hunk (old: ` ` and `-` lines, new: ` ` and `+`) is read on its own; a
 * context line's key counts only if both sides read it as one. A hunk whose first `*\/` comes before its first
 * `/*` starts inside a block comment. Not a key: the comment `/* token "zebra" : … *\/`, the value
 * `"the token is 'zebra': keep it"`, a key's value (`"mode": "local"`: masked, and the diff does not apply).
 */
function configKeys(text: string): Map<number, number> {
  const lines: Array<[number, number]> = [];
  for (let at = 0; at <= text.length; ) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    lines.push([at, end]);
    at = end + 1;
  }
  const keys = new Map<number, number>();
  let hunk: Array<[number, number]> = [];
  let inHunk = false;
  const flush = () => {
    const old = sideKeys(text, hunk, '-');
    const neu = sideKeys(text, hunk, '+');
    for (const [k, e] of old) if (text[lineStartOf(text, k)] === '-' || neu.get(k) === e) keys.set(k, e);
    for (const [k, e] of neu) if (text[lineStartOf(text, k)] === '+') keys.set(k, e);
    hunk = [];
  };
  for (const [a, b] of lines) {
    if (text.startsWith('@@', a)) {
      flush();
      inHunk = true;
      continue;
    }
    if (!inHunk && (text.startsWith('--- ', a) || text.startsWith('+++ ', a))) continue;
    hunk.push([a, b]);
  }
  flush();
  return keys;
}

function lineStartOf(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

/** One side's keys: the lines of a hunk that side reads (its column or a context line), lexed in order. */
function sideKeys(text: string, hunk: ReadonlyArray<[number, number]>, side: '-' | '+'): Map<number, number> {
  const mine = hunk.filter(([a, b]) => b > a && (text[a] === side || text[a] === ' '));
  const keys = new Map<number, number>();
  const body = mine.map(([a, b]) => text.slice(a + 1, b)).join('\n');
  const close = body.indexOf('*/');
  const open = body.indexOf('/*');
  let mode: 'code' | 'block' | 'str' = close !== -1 && (open === -1 || close < open) ? 'block' : 'code';
  let quote = '';
  /** The last code character before a token: `{`, `,`, or '' at the hunk's start (unknown). */
  let prev = '';
  for (const [a, b] of mine) {
    let i = a + 1;
    while (i < b) {
      if (mode === 'block') {
        const e = text.indexOf('*/', i);
        if (e === -1 || e >= b) break;
        mode = 'code';
        i = e + 2;
        continue;
      }
      if (mode === 'str') {
        while (i < b && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
        if (i >= b) break;
        mode = 'code';
        prev = 'v';
        i++;
        continue;
      }
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      if (c === '/' && text[i + 1] === '/') break;
      if (c === '/' && text[i + 1] === '*') {
        mode = 'block';
        i += 2;
        continue;
      }
      let start = -1;
      let end = -1;
      if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < b && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
        if (j >= b) {
          // Continued over the line (JSON5 `\⏎`) or unterminated: never a key.
          mode = 'str';
          quote = c;
          i = b;
          continue;
        }
        start = i + 1;
        end = j;
        i = j + 1;
      } else if (isKeyCode(c.charCodeAt(0))) {
        start = i;
        while (i < b && isKeyCode(text.charCodeAt(i))) i++;
        end = i;
      } else {
        prev = c;
        i++;
        continue;
      }
      let j = i;
      while (j < b && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === ':' && (prev === '' || prev === '{' || prev === ',')) keys.set(start, end);
      prev = 'v';
    }
    // A string left open at a line's end without a continuation is not JSON5: read on as code.
    if (mode === 'str' && text[b - 1] !== '\\') mode = 'code';
  }
  return keys;
}

/**
 * A known secret split by JSON5 line continuations (`"zeb\⏎ra"`, in a diff `"zeb\⏎ ra"`): the pieces, as
 * ranges, for every place the secret continues over a backslash-newline (and a diff's column). Each piece
 * is masked, so neither `zeb` nor `ra` prints (review25a).
 */
function continuedRanges(text: string, s: string, ranges: Array<[number, number]>): void {
  for (let i = text.indexOf(s[0]!); i !== -1; i = text.indexOf(s[0]!, i + 1)) {
    const pieces: Array<[number, number]> = [];
    let at = i;
    let from = i;
    let k = 0;
    let broke = false;
    while (k < s.length) {
      if (text[at] === s[k]) {
        at++;
        k++;
        continue;
      }
      if (k > 0 && text[at] === '\\') {
        let n = at + 1;
        if (text[n] === '\r') n++;
        if (text[n] === '\n' || text[n] === '\u2028' || text[n] === '\u2029') {
          n++;
          if (text[n] === '-' || text[n] === '+' || text[n] === ' ') n++;
          pieces.push([from, at]);
          at = n;
          from = n;
          broke = true;
          continue;
        }
      }
      break;
    }
    if (k === s.length && broke) {
      pieces.push([from, at]);
      for (const r of pieces) if (r[1] > r[0]) ranges.push(r);
    }
  }
}

/** Report fields that are identifiers from the rule catalogue, never user data: not redacted. */
const IDENTIFIER_KEY = new Set(['ruleId', 'category', 'severity']);

/** Words that look like values after `token:` but are not secrets. */
const NOT_SECRET = /^(?:\*+|<.*|\.\.\.|\u2026|your[-_a-z]*|undefined|null|true|false|none|missing|mismatch|required|invalid|set|unset|empty|\$\{[A-Z_]+\}|\$[A-Z_][A-Z0-9_]*|redacted|\[redacted\]|x+)?[)\].,;:!?`]*$/i;

/** A JSON key whose string value is a secret whole: `token`, `botToken`, `appSecret`, `client_secret`, `apiKey`. */
const SECRET_KEY = /(?:token|password|passwd|secret|api_?key)$/i;

/**
 * What one run tells its Redactor (never module state: two runs in one process, e.g. the library API, must
 * not see each other's): the fixer diffs it shows, and the config keys its facts hold.
 */
interface RunMarks {
  /**
   * The fixer's shown diffs (FixReport.diff, FixQuestion.diff, already masked by `redactDiff`): the only
   * strings `redactJson` masks in diff mode. Chosen by where the string came from, not by its key: a user's
   * config key named `diff` is user data (review25a: `"diff": "zebra: 1"` printed the token).
   */
  diffs: Set<string>;
  /** The run's config keys (`runKeysOf`): a KEY fact's value or slot text is kept only when it is one of them. */
  keys: Set<string>;
  /** Keys holding a word secret, by secret (filled on first use). */
  holding: Map<string, string[]>;
  /**
   * Word secrets the run's user text other than the config (the paste) shows standing alone: masked there as
   * user data, so masked as a key too, everywhere in the run (review26a 3: a paste's `Unrecognized key: "***"`
   * beside config findings that showed the key told the token).
   */
  notKeys: Set<string>;
  /**
   * The run's paste lines by number (`tellLines`): a quoted paste line is masked with its neighbours in view (a
   * token soft-wrapped onto it, a HAR pair's `"value"` line under its `"name"` line: leak28).
   */
  lineAt?: (line: number, side: -1 | 1) => string | undefined;
}

/** A paste evidence item: its line number and text (and where in it the engine's pattern matched). */
interface PasteLine {
  source: 'paste';
  line: number;
  text: string;
  at?: number;
}

/**
 * #9/#13: a pasted line longer than this is quoted as a window of this many characters around the match (a
 * minified or JSON log line of 64 KiB quoted whole by every finding made the report megabytes). The match starts
 * QUOTE_LEAD characters into the window, so a pattern's usual length (under 180) is in view.
 */
export const QUOTE_WINDOW = 300;
const QUOTE_LEAD = 120;
/** Marks each end a quote was cut at. */
export const QUOTE_CUT = '…';
/** Long lines whose ranges a Redactor keeps (a long-lived one, `defaultRedactor`, does not grow without end). */
const QUOTE_MEMO_MAX = 64;
const isPasteLine = (v: object): v is PasteLine => {
  const o = v as Partial<PasteLine>;
  return o.source === 'paste' && typeof o.line === 'number' && typeof o.text === 'string';
};

/** A terminal wraps a line at its width: shorter lines that end in a secret are not taken as wrapped. */
const WRAP_MIN = 40;
/** A secret's characters at the start of the line a wrap continues on (`.`/`/` not last: `abc123.` ends a sentence). */
const WRAP_PIECE = /^[A-Za-z0-9_~+/=.%-]{0,1023}[A-Za-z0-9_~+=%-]/;
/** The end of a line whose value is on the next one: `Authorization: Bearer`, `OPENCLAW_GATEWAY_TOKEN=`. */
const OPEN_VALUE = /(?:\b(?:bearer|basic)|(?:token|password|passwd|secret|api[-_]?key)["']?[ \t]{0,4}[=:])[ \t]{0,4}["']?$/i;
/**
 * mend28b (review28a must-fix 1): the end of a line a wrap cut 1–24 characters into a value (one a shape does not mask alone) (`Authorization: Bearer Z`,
 * `…TOKEN=9f`, `gateway token Zk4qP`): the partial value is group 1.
 */
const OPEN_PARTIAL = /(?:\b(?:bearer|basic)|\b(?:token|password|passwd))[ \t]{1,4}([A-Za-z0-9_~+/=.-]{1,24})$/i;
/** The same after `=`/`:` (`…TOKEN=9f`): longer values there are masked by the assignment shapes already. */
const OPEN_PARTIAL_SET = /(?:token|password|passwd|secret|api[-_]?key)["']?[ \t]{0,4}[=:][ \t]{0,4}["']?([A-Za-z0-9_~+/=.-]{1,2})$/i;
/** The partial value found, but a word (`the token is`, `token Expired`, `Bearer token`). */
function openPartial(text: string): string | undefined {
  const set = OPEN_PARTIAL_SET.exec(text);
  if (set) return set[1]!;
  const m = OPEN_PARTIAL.exec(text);
  if (!m) return undefined;
  const v = m[1]!;
  const bearer = /(?:bearer|basic)[ \t]{1,4}$/i.test(text.slice(0, text.length - v.length));
  return (bearer ? /^[A-Za-z][a-z]{2,23}$/ : /^[A-Za-z][a-z]{0,23}$/).test(v) ? undefined : v;
}
/** leak29: a line's end that is a long value right after its credential word (a short line's wrap: see secretAtEnd). */
const ASSIGNED_END = /(?:\b(?:bearer|basic)[ \t]{1,4}|(?:token|password|passwd|secret|api[-_]?key)["']?[ \t]{0,4}[=:][ \t]{0,4}["']?)([A-Za-z0-9_~+/=.-]{16,1024})$/i;
/** A HAR header pair's name line alone (pretty-printed HAR: the value is on the line after it, or before). */
const HAR_NAME = /^[ \t]{0,80}["']?name["']?[ \t]{0,8}:[ \t]{0,8}["'](?:x-openclaw-(?:token|password)|x-(?:auth|access|api)-token|x-api-key|api-key|token|(?:proxy-)?authorization|(?:set-)?cookie)["'][ \t]{0,8},?[ \t]{0,8}$/i;
const HAR_VALUE = /^([ \t]{0,80}["']?value["']?[ \t]{0,8}:[ \t]{0,8}(["']))([^"'\r\n]{1,1024})(?=\2)/;
/** leak29: a HAR header's `"comment": ""` line, which may stand between its name and value lines. */
const HAR_COMMENT = /^[ \t]{0,80}["']?comment["']?[ \t]{0,8}:[ \t]{0,8}(?:"[^"\r\n]{0,1024}"|'[^'\r\n]{0,1024}')[ \t]{0,8},?[ \t]{0,8}$/i;
/**
 * leak29: a docker compose log prefix (`openclaw-gateway-1  | `): compose puts it before each line of a container's
 * output, so a wrapped token's next piece stands after it. Counted only when the neighbour line has the same one.
 */
const COMPOSE_PREFIX = /^[A-Za-z0-9][\w.-]{0,63}[ \t]{1,16}\|[ \t]?/;
/** The length of the compose prefix `line` shares with `other` (0 if none). */
function composeCut(line: string, other: string): number {
  const m = COMPOSE_PREFIX.exec(line);
  return m && other.startsWith(m[0]) ? m[0].length : 0;
}

/**
 * A wrapped secret's next piece, not a log line's own start: a date or time (`2026-12-07T…`), a word, a number
 * (unless the secret before it is hex, as OpenClaw's generated tokens are) are not.
 * Exported for test/redact-wrap-lazy.test.ts (mayWrap agrees with it).
 */
export function wrapPiece(piece: string, before: string, after: string): boolean {
  if (NOT_SECRET.test(piece) || /^\d{4}-\d\d-\d\d/.test(piece) || isUuid(piece)) return false;
  // mend28b: a label or a clock (`step2:`, `12:00:01`), not a token's tail.
  if (after === ':') return false;
  const hex = /^[0-9a-f]{8,1024}$/i.test(before);
  if (hex && /^[0-9a-f]{1,1024}$/i.test(piece)) {
    // A hex token's tail makes it a generated token's length (`openssl rand -hex 16|20|24|32`, OpenClaw's 48);
    // otherwise a number (`1008`, `404`, an epoch) or a short hash (`3f2a9c1`) is the line's own start.
    if (HEX_LENGTHS.has(before.length + piece.length)) return true;
    return piece.length >= 8 && /[a-f]/i.test(piece);
  }
  if (/^\d{1,1024}$/.test(piece)) return false;
  if (/^[A-Za-z]{1,1024}$/.test(piece)) return randomLetters(piece) || (!hex && /[a-z]/.test(before) && /[A-Z]/.test(before) && (randomTail(piece) || oneCaseRandom(piece)));
  // mend28b: a base64url tail without digits (`vfsRDO-I`, `E-bwRTrg`, `ZxqU_ZaGAVrb…`): letters split by `-`/`_`, a
  // lower-case letter before a capital inside a part (`Content-Type`, `X-Request-Id` have none).
  if (/^[A-Za-z_-]{1,1024}$/.test(piece) && !hex) return /[-_]/.test(piece) && (randomLetters(piece.replace(/[-_]/g, '')) || piece.split(/[-_]/).some((w) => /[a-z][A-Z]/.test(w)));
  // A short hash after a token that is not hex: its tail would hold other letters.
  if (/^[0-9a-f]{1,12}$/i.test(piece)) return false;
  return /[A-Za-z]/.test(piece) && /\d/.test(piece) && !namedNotToken(piece) && !/^v[\d.]{1,40}$/.test(piece) && !WORD_ID.test(piece);
}

/**
 * Whether some secret before could make `piece` its wrapped next piece (`wrapPiece` true for some `before`): false
 * only where wrapPiece is false whatever `before` is — the checks it makes of the piece alone, and the two shapes
 * whose answer `before` can only turn off (a letters-only piece with a letter past `f`; letters with `-`/`_`).
 * Lets a caller skip finding `before`, which masks the line before. test/redact-wrap-lazy.test.ts checks the two agree.
 */
export function mayWrap(piece: string, after: string): boolean {
  if (NOT_SECRET.test(piece) || /^\d{4}-\d\d-\d\d/.test(piece) || isUuid(piece) || after === ':') return false;
  if (/^[A-Za-z]{1,1024}$/.test(piece) && /[g-z]/i.test(piece)) return randomLetters(piece) || randomTail(piece) || oneCaseRandom(piece);
  // Letters with `-`/`_` (`openclaw-gateway`): never hex and no digit, so only wrapPiece's base64url branch can hold.
  if (/^[A-Za-z_-]{1,1024}$/.test(piece) && /[-_]/.test(piece)) return randomLetters(piece.replace(/[-_]/g, '')) || piece.split(/[-_]/).some((w) => /[a-z][A-Z]/.test(w));
  return true;
}

/**
 * mend28b: a short letters-only tail of a mixed-case token (`BWftmhQ`, `ZXJrbDlok`): 4+ letters, case flipping twice,
 * not words and acronyms of 3+ letters (`OpenClaw`, `WebSocket`, `XMLHttpRequest`; an acronym of up to 4).
 */
function randomTail(v: string): boolean {
  if (v.length < 4 || v.length > 256) return false;
  let flips = 0;
  for (let i = 1; i < v.length; i++) if (/[A-Z]/.test(v[i - 1]!) !== /[A-Z]/.test(v[i]!)) flips++;
  if (flips < 2) return false;
  const parts = v.match(/[A-Z]{1,256}(?=[A-Z][a-z])|[A-Z]?[a-z]{1,256}|[A-Z]{1,256}/g) ?? [];
  return !parts.every((w) => w.length >= 3 && !/^[A-Z]{5}/.test(w));
}

/**
 * out31 (mend28b's Left `w8-lower`): a one-case letters-only tail of a mixed-case token (`wpqzrtmkvyxq`): 6+ letters
 * that do not read as a word, with few vowels (under 1 in 6, `y` counted). Words keep
 * their vowels (`unauthorized`, `disconnected`, `restarting`); `strengths`-like runs are rare at a wrapped line's start.
 */
function oneCaseRandom(v: string): boolean {
  if (v.length < 6 || v.length > 256 || !(/^[a-z]{6,256}$/.test(v) || /^[A-Z]{6,256}$/.test(v))) return false;
  const l = v.toLowerCase();
  const vowels = l.length - l.replace(/[aeiouy]/g, '').length;
  // mend31e (review31e): under 1 in 6, and no consonant-run test: `strftime`, `deutschland`, `durchschnittlich` have
  // 5+ consonants in a row or 1 vowel in 5 and are words; a wrapped tail this test misses stays as it was before out31.
  return vowels * 6 < l.length;
}

/** The lengths of generated hex tokens. */
const HEX_LENGTHS = new Set([32, 40, 48, 64, 128]);
/**
 * A word with its number or an id, not a random tail: `OAuth2`, `macOS14`, `Ubuntu22`, `token2`, `h2`, `IPv6`,
 * `e2e`, `k8s`, `x86_64`, `req_7f3a9c2e`.
 */
const WORD_ID = /^(?:(?:[a-z]{1,12}|[A-Z][a-z]{1,11}|[A-Z]{1,5}[a-z]{0,5}|[a-z]{1,5}[A-Z]{1,5})\d{1,4}|[a-z]\d[a-z]|[a-z]{1,8}\d{1,4}(?:[_.-]\d{1,4}){1,3}|[a-z]{2,12}_[0-9a-f]{4,64})$/;

export class Redactor {
  private readonly known: string[];
  /** Known secrets of 1–3 characters ("pw"): masked only as a whole quoted value (`password: "pw"` in a diff). */
  private readonly short: string[];
  private readonly run: RunMarks;
  /** A long quoted line's merged mask ranges, by its line number and text (quoteLine). */
  private readonly quoteRanges = new Map<string, Array<[number, number]>>();

  constructor(knownSecrets: Iterable<string> = [], run?: RunMarks) {
    const all = [...new Set([...knownSecrets].filter((s) => typeof s === 'string' && s.length > 0))];
    // Longest first so a secret containing another is masked whole.
    this.known = all.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
    this.short = all.filter((s) => s.length < 4);
    this.run = run ?? { diffs: new Set(), keys: new Set(), holding: new Map(), notKeys: new Set() };
  }

  /** The same run (its diffs and keys) with more known secrets: the fixer's, for its one pass over a diff. */
  withSecrets(more: Iterable<string>): Redactor {
    return new Redactor([...this.known, ...this.short, ...more], this.run);
  }

  /** Whether a known secret is a plain word: only then do keys matter (callers skip collecting them). */
  get hasWordSecret(): boolean {
    return this.known.some((s) => WORD_SECRET.test(s));
  }

  /** Tell this run's config keys (`runKeysOf(facts)`, src/rules/key-facts.ts); read only when a secret is a word. */
  tellKeys(keys: () => Iterable<string>, shown?: () => Iterable<string>): this {
    if (!this.hasWordSecret) return this;
    for (const k of keys()) this.run.keys.add(k);
    this.run.holding.clear();
    // `shown`: the run's other user text (`runUserTextOf`); a word secret standing alone there is never kept as a key.
    if (shown)
      for (const t of shown())
        for (const s of this.known)
          if (WORD_SECRET.test(s) && !this.run.notKeys.has(s))
            for (let i = t.indexOf(s); i !== -1; i = t.indexOf(s, i + 1))
              if (standsAlone(t, i, i + s.length)) {
                this.run.notKeys.add(s);
                break;
              }
    return this;
  }

  /**
   * No word secret keeps a key exemption in this run (`--follow`: its paste, which may show the word standing
   * alone, arrives after the events that would keep it): as if the run's user text showed each one.
   */
  keysUnproven(): this {
    for (const s of this.known) if (WORD_SECRET.test(s)) this.run.notKeys.add(s);
    return this;
  }

  /**
   * Tell this run's paste lines (`runLinesOf(facts)`, src/rules/key-facts.ts): a quoted paste line is then masked
   * with the lines beside it in view — the rest of a token a terminal wrapped onto it, the value of a HAR header
   * pair whose name is on the line before (or after) it.
   */
  tellLines(lineAt: (line: number, side: -1 | 1) => string | undefined): this {
    this.run.lineAt = lineAt;
    // The quote memo's ranges include the neighbours' (review32h): new neighbours, new ranges.
    this.quoteRanges.clear();
    return this;
  }

  /** Ranges of a paste line's text that its neighbours show to be a secret's (see `tellLines`). */
  private neighbourRanges(text: string, line: number, depth = 0): Array<[number, number]> {
    const at = this.run.lineAt!;
    const out: Array<[number, number]> = [];
    const prev = at(line - 1, -1);
    if (prev !== undefined) {
      // leak29: after a compose prefix both lines share (`gateway-1  | `), the piece starts after it.
      const cut = composeCut(text, prev);
      const body = cut ? text.slice(cut) : text;
      // Another container's prefix is that line's own start, not a tail (`openclaw-cli-1  | …`).
      const own = !cut && COMPOSE_PREFIX.test(text);
      // The line before is masked only when some secret before could make this line's start its wrapped piece
      // (line26: most lines start with a word, and masking the lines before was half of a long paste's redaction).
      const start = depth < 2 && !own ? WRAP_PIECE.exec(body)?.[0] : undefined;
      const before = start !== undefined && mayWrap(start, body.charAt(start.length)) ? this.secretAtEnd(prev.replace(/\r$/, ''), line - 1, depth + 1) : undefined;
      const piece = before !== undefined ? start! : '';
      if (piece && wrapPiece(piece, before!, body.charAt(piece.length))) out.push([cut, cut + piece.length]);
      // leak29: a HAR `"comment"` line may stand between the name and the value.
      if (HAR_NAME.test(prev) || (HAR_COMMENT.test(prev) && HAR_NAME.test(at(line - 2, -1) ?? ''))) this.harValue(text, out);
    }
    const next = at(line + 1, 1);
    if (next !== undefined && (HAR_NAME.test(next) || (HAR_COMMENT.test(next) && HAR_NAME.test(at(line + 2, 1) ?? '')))) this.harValue(text, out);
    // mend28b: a value's first 1–8 characters at this line's end, its rest wrapped onto the next line.
    const partial = next !== undefined && depth === 0 ? openPartial(text) : undefined;
    if (partial !== undefined) {
      const cut = composeCut(next!, text);
      const piece = WRAP_PIECE.exec(next!.slice(cut))?.[0];
      if (piece && wrapPiece(piece, partial, next!.charAt(cut + piece.length))) out.push([text.length - partial.length, text.length]);
    }
    return out;
  }

  private harValue(text: string, out: Array<[number, number]>): void {
    const m = HAR_VALUE.exec(text);
    if (m && !NOT_SECRET.test(m[3]!)) out.push([m[1]!.length, m[1]!.length + m[3]!.length]);
  }

  /**
   * The secret a (previous) line ends in, as a wrap would cut it: a masked range reaching the line's end (the
   * value, or '' when the line ends in an open value such as `Authorization: Bearer`); undefined if none.
   */
  private secretAtEnd(text: string, line: number, depth: number): string | undefined {
    if (OPEN_VALUE.test(text)) return '';
    const partial = openPartial(text);
    if (partial !== undefined) return partial;
    // leak29: a shorter line is taken as wrapped only when it is all the next piece of a secret wrapped from the line
    // before (the middle line of a three-line wrap, `w-3lines`): its own length says nothing then.
    const short = text.length < WRAP_MIN;
    if (short && depth >= 2) return undefined;
    const prev = this.run.lineAt!(line - 1, -1);
    const cut = prev !== undefined ? composeCut(text, prev) : 0;
    // Or when it ends in a value of 16+ characters right after its credential word (`tok sent: token=Zk4qP9wL2mX7vB3nR`,
    // a narrow pane): a shorter value there reads as a whole one.
    const assigned = short ? ASSIGNED_END.exec(text) : null;
    if (short && !assigned && WRAP_PIECE.exec(text.slice(cut))?.[0] !== text.slice(cut)) return undefined;
    const ranges = this.rangesOf(text, true, this.neighbourRanges(text, line, depth));
    const end = ranges.find((r) => r[1] === text.length);
    if (!end) return undefined;
    // mend28b: a line that is all a wrapped piece carries the secret's start from the line before (its length counts).
    if (end[0] === cut && depth < 2) {
      const head = prev !== undefined && WRAP_PIECE.exec(text.slice(cut))?.[0] === text.slice(cut) ? this.secretAtEnd(prev.replace(/\r$/, ''), line - 1, depth + 1) : undefined;
      if (head !== undefined) return head + text.slice(cut);
    }
    if (short && !(assigned && end[0] <= text.length - assigned[1]!.length)) return undefined;
    return text.slice(end[0], end[1]);
  }

  /** Mark a diff the fixer shows, so `redactJson` masks it as a diff wherever this run's report carries it. */
  markFixerDiff(diff: string): string {
    this.run.diffs.add(diff);
    return diff;
  }

  /**
   * Every range to mask is found on the original text, then masked at once: masking known values
   * first used to break the context a shape needs (a config secret "token" turned
   * `?token=<secret>` into `?***=<secret>`, and the query secret went out unmasked).
   */
  redact(text: string): string {
    return this.mask(text, true);
  }

  /**
   * `redact` for text whose every word-secret occurrence was already judged (a report rendered from
   * its redacted JSON, redactJson with the catalogue's prose): a known secret made only of letters is
   * left alone; every other known secret and every pattern is masked as by `redact`.
   */
  redactRendered(text: string): string {
    return this.mask(text, false);
  }

  /**
   * `redact` for a unified diff of a config file (`--fix --dry-run`): a word secret ("gateway") is masked
   * as the secret's value, and kept where the config text shows it is not one (a key, another field's
   * value), so the printed diff still applies; every other known secret and every pattern as by `redact`.
   */
  redactDiff(text: string): string {
    return this.mask(text, 'config');
  }

  /**
   * `redactDiff` for config text without a diff's column (SARIF's replacement content: review keys26 found it
   * printing `"***": "lan"` beside a diff showing the key): read as one hunk of context lines.
   */
  redactConfig(text: string): string {
    const masked = this.mask(' ' + text.replace(/\n/g, '\n '), 'config');
    return masked.slice(1).replace(/\n /g, '\n');
  }

  /**
   * words: mask a word secret where it stands alone (true), nowhere (false), or where it stands alone
   * outside every occurrence of these public pieces of a rule's templates (audit23 F17: "the *** token"
   * in a rule's own sentence told the reader that the token is "gateway"; a captured value between the
   * pieces is still masked).
   */
  private mask(text: string, words: boolean | 'config' | 'pointer' | 'key' | RuleProse, extra?: Array<[number, number]>): string {
    const ranges = this.rangesOf(text, words, extra ?? []);
    if (!ranges.length) return text;
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let out = '';
    let at = 0;
    for (const [start, end] of ranges) {
      if (end <= at) continue;
      if (start >= at) {
        out += text.slice(at, start) + MASK;
      }
      at = end;
    }
    return out + text.slice(at);
  }

  /**
   * A long paste line quoted as a window around `at` (its start when unknown), masked before it is cut: the
   * ranges are found on the whole line, and an edge that falls inside one moves out to take it whole, so a
   * secret the window cuts shows none of its characters. The ranges of a line are found once per Redactor
   * (52 findings quoting one 64 KiB line masked it 52 times: line25's profile).
   */
  private quoteLine(text: string, line: number, words: boolean | RuleProse, extra: Array<[number, number]>, at: number | undefined): string {
    const memo = words === true;
    const key = `${line}\0${text}`;
    let ranges = memo ? this.quoteRanges.get(key) : undefined;
    if (!ranges) {
      ranges = merged(this.rangesOf(text, words, [...extra]));
      if (memo) {
        if (this.quoteRanges.size >= QUOTE_MEMO_MAX) this.quoteRanges.clear();
        this.quoteRanges.set(key, ranges);
      }
    }
    const start = Math.min(Math.max(0, at ?? 0), text.length);
    let a = Math.max(0, start - QUOTE_LEAD);
    let b = Math.min(text.length, a + QUOTE_WINDOW);
    if (b === text.length) a = Math.max(0, b - QUOTE_WINDOW);
    // A secret across an edge is taken whole. Belt and braces (review32h): the whole line is masked before the
    // cut, so such a secret is one mask already; this keeps a cut from ever landing inside one.
    for (const [s, e] of ranges) {
      if (s < a && e > a) a = s;
      if (s < b && e > b) b = e;
    }
    // Not between the halves of a surrogate pair.
    if (a > 0 && /[\udc00-\udfff]/.test(text.charAt(a))) a--;
    if (b < text.length && /[\ud800-\udbff]/.test(text.charAt(b - 1))) b++;
    let out = '';
    let i = a;
    for (const [s, e] of ranges) {
      if (e <= a || s >= b) continue;
      out += text.slice(i, s) + MASK;
      i = e;
    }
    return (a > 0 ? QUOTE_CUT : '') + out + text.slice(i, b) + (b < text.length ? QUOTE_CUT : '');
  }

  /** What `mask` masks in text: its ranges, unsorted, after those in `ranges`. */
  private rangesOf(text: string, words: boolean | 'config' | 'pointer' | 'key' | RuleProse, ranges: Array<[number, number]>): Array<[number, number]> {
    for (const s of this.short)
      for (const q of ['"', "'"]) for (let i = text.indexOf(q + s + q); i !== -1; i = text.indexOf(q + s + q, i + 1)) ranges.push([i + 1, i + 1 + s.length]);
    let open: Array<[number, number]> | undefined;
    let keys: Map<number, number> | undefined;
    const continued = text.includes('\\\n') || text.includes('\\\r\n') || text.includes('\\\u2028') || text.includes('\\\u2029');
    for (const s of this.known) {
      // Split by a line continuation the secret is a secret's value whatever its letters: masked in every mode.
      if (continued) continuedRanges(text, s, ranges);
      const word = WORD_SECRET.test(s);
      // A word the run's other user text shows (masked there) is not kept as a key anywhere in the run.
      const keyable = word && !this.run.notKeys.has(s);
      if (word && (words === false || (words === 'key' && keyable))) continue;
      for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + s.length)) {
        // A pointer's joined segment (`/gateway/bind`) beside a masked `from` would tell a word not kept as a key.
        if (word && !standsAlone(text, i, i + s.length) && (keyable || words !== 'pointer' || !isSegment(text, i, s))) continue;
        if (keyable && words === 'config' && (keys ??= configKeys(text)).get(i) === i + s.length) continue;
        if (word && typeof words === 'object' && (open ??= publicSpans(text, words.pieces)).some(([a, b]) => a <= i && i + s.length <= b && b - a >= s.length + PIECE_CONTEXT)) continue;
        if (keyable && typeof words === 'object' && words.slots.length && this.inKeySlot(text, i, s, words.slots)) continue;
        if (keyable && words === 'pointer' && this.isKeySegment(text, i, s)) continue;
        ranges.push([i, i + s.length]);
      }
    }
    let lower: string | undefined;
    for (const { re, group, secretShaped, notValue, gate } of PATTERNS) {
      if ('min' in gate ? !gate.has.test(text) : !holds((lower ??= text.toLowerCase()), gate)) continue;
      // What text.matchAll(re) yields, without its per-call copy of the regex (9 patterns on every
      // string of a report: the copies were most of a small report's redaction). The patterns are
      // global, private to this module and at lastIndex 0 between calls; the loop body cannot throw.
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0] === '') re.lastIndex++;
        const secret = m[group];
        if (!secret || NOT_SECRET.test(secret) || secret === MASK || isUuid(secret)) continue;
        if (secretShaped && !looksLikeSecret(secret)) continue;
        const prefix = m[1] ?? '';
        if (notValue?.(secret, prefix)) continue;
        if (!prefix && isPathLike(secret)) continue;
        if (isNamedFingerprint(secret, text, m.index + prefix.length)) continue;
        // Every pattern is (prefix)(secret): the secret starts right after the prefix.
        const start = m.index + prefix.length;
        ranges.push([start, start + secret.length]);
      }
    }
    return ranges;
  }

  /** A copy of a user value with each object key masked as `maskNotKeys` does. */
  private renameKeys(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((x) => this.renameKeys(x));
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[this.maskNotKeys(k)] = this.renameKeys(x);
    return out;
  }

  /** A word secret the run masks as a key too (`notKeys`), where it stands alone in `text`. */
  private maskNotKeys(text: string): string {
    let out = text;
    for (const s of this.run.notKeys) {
      if (!out.includes(s)) continue;
      let next = '';
      let at = 0;
      for (let i = out.indexOf(s); i !== -1; i = out.indexOf(s, i + s.length))
        if (standsAlone(out, i, i + s.length)) {
          next += out.slice(at, i) + MASK;
          at = i + s.length;
        }
      out = next + out.slice(at);
    }
    return out;
  }

  /** The run's keys that hold the word secret `s`. */
  private keysHolding(s: string): string[] {
    let got = this.run.holding.get(s);
    if (!got) this.run.holding.set(s, (got = [...this.run.keys].filter((k) => k.includes(s))));
    return got;
  }

  /**
   * The occurrence of `s` at `i` lies in a KEY slot: one of the run's keys stands there with the slot's literal
   * text around it — anchored at the text's start or end where the template's is, and with at least
   * PIECE_CONTEXT characters of literal text on the unanchored sides (a short literal could stand inside a
   * captured value as well).
   */
  private inKeySlot(text: string, i: number, s: string, slots: readonly KeySlot[]): boolean {
    for (const k of this.keysHolding(s))
      for (let o = k.indexOf(s); o !== -1; o = k.indexOf(s, o + 1)) {
        const j = i - o;
        if (j < 0 || !text.startsWith(k, j)) continue;
        for (const sl of slots) {
          const a = j - sl.pre.length;
          const b = j + k.length;
          if (a < 0 || !text.startsWith(sl.pre, a) || !text.startsWith(sl.post, b)) continue;
          if ((sl.atStart && a !== 0) || (sl.atEnd && b + sl.post.length !== text.length)) continue;
          if (slotKeepable(sl)) return true;
        }
      }
    return false;
  }

  /** In a JSON pointer (a fix's op path): the occurrence is a whole segment and one of the run's keys. */
  private isKeySegment(text: string, i: number, s: string): boolean {
    return isSegment(text, i, s) && this.run.keys.has(s);
  }

  /** Only the exact known secrets (a value that is public by its key, e.g. a certificate fingerprint). */
  private maskKnown(text: string): string {
    let out = text;
    for (const s of this.known) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  }

  /**
   * Deep-redact every string in a JSON value. With `prose`, a finding's fields rendered from its
   * rule's templates (PROSE_KEY, below an object with that `ruleId`) keep a word secret where it is
   * part of the rule's own words; evidence and everything else is masked as by `redact`.
   */
  redactJson<T>(value: T, prose?: PublicProse): T {
    return this.walk(value, prose, undefined) as T;
  }

  private walk(v: unknown, prose: PublicProse | undefined, pieces: RuleProse | undefined): unknown {
    if (typeof v === 'string') return this.mask(v, pieces ?? true);
    if (Array.isArray(v)) return v.map((x) => this.walk(x, prose, pieces));
    if (v && typeof v === 'object') {
      if (isPasteLine(v)) {
        const extra = this.run.lineAt ? this.neighbourRanges(v.text, v.line) : [];
        const long = v.text.length > QUOTE_WINDOW;
        // The match offset is the engine's, for this quote only: it never reaches an output.
        if (extra.length || long || v.at !== undefined) {
          const { at, ...rest } = v;
          const text = long ? this.quoteLine(v.text, v.line, pieces ?? true, extra, at) : this.mask(v.text, pieces ?? true, extra);
          return { ...(this.walk({ ...rest, text: '' }, prose, pieces) as object), text };
        }
      }
      const out: Record<string, unknown> = {};
      const o = v as { ruleId?: unknown };
      const own = prose && typeof o.ruleId === 'string' ? prose(o.ruleId) : undefined;
      for (const [k, x] of Object.entries(v)) {
        if (IDENTIFIER_KEY.has(k) && typeof x === 'string') out[k] = x;
        else if (/fingerprint/i.test(k) && typeof x === 'string' && FINGERPRINT.test(x)) out[k] = this.maskKnown(x);
        else if (SECRET_KEY.test(k) && typeof x === 'string' && x.length > 0) out[k] = MASK;
        // The fixer's config diff (FixReport.diff, FixQuestion.diff): a word secret kept only as a key.
        else if (typeof x === 'string' && this.run.diffs.has(x)) out[k] = this.mask(x, 'config');
        // A fixer skip's `<key.path> is set in <file>` (reason included-file): its head is a pointer's segments.
        else if (k === 'detail' && typeof x === 'string' && (v as { reason?: unknown }).reason === 'included-file') out[k] = this.maskIncludedDetail(x);
        // A finding's own evidence items (never an object inside an evidence value: review26a 2).
        else if (own && k === 'evidence' && Array.isArray(x)) out[k] = x.map((e) => this.walkEvidence(e, prose!, own.slots.every(slotKeepable)));
        // A fix's operations (FixReport.applied[].ops): their JSON pointers are made of the config's keys.
        else if (own && k === 'ops' && Array.isArray(x)) out[k] = x.map((op) => this.walkOp(op));
        // A finding's own prose (title, message, fix): its rule's pieces; `fix` passes them on to its
        // summary and steps; any other field (evidence, facts) is user data.
        else if (own && (PROSE_KEY.has(k) || k === 'fix')) out[k] = this.walk(x, prose, own);
        else if (pieces && PROSE_KEY.has(k)) out[k] = this.walk(x, prose, pieces);
        else out[k] = this.walk(x, prose, undefined);
      }
      return out;
    }
    return v;
  }

  /** One evidence item of a finding: a fact typed KEY (`config.derived.rootGatewayKey = bind`) keeps a value that is one of the run's keys. */
  private walkEvidence(e: unknown, prose: PublicProse, keepable: boolean): unknown {
    const o = e as { path?: unknown; value?: unknown } | null;
    const keyValue =
      keepable &&
      !!o && typeof o === 'object' && typeof o.path === 'string' && typeof o.value === 'string' && prose.keyPath?.(o.path) === true && this.run.keys.has(o.value) && !this.run.notKeys.has(o.value);
    if (!keyValue) {
      // An object value's keys (`config.value = {"bind":"lan",…}`) hold a word the run masks as a key too.
      if (!this.run.notKeys.size || !o || typeof o !== 'object' || !o.value || typeof o.value !== 'object') return this.walk(e, prose, undefined);
      const out = this.walk({ ...o, value: '' }, prose, undefined) as Record<string, unknown>;
      out.value = this.walk(this.renameKeys(o.value), prose, undefined);
      return out;
    }
    const out = this.walk({ ...o, value: '' }, prose, undefined) as Record<string, unknown>;
    out.value = this.mask(o.value as string, 'key');
    return out;
  }

  /**
   * The fixer's `<key.path> is set in <file>` (src/fixer/index.ts includedTarget: the path is an op pointer's
   * segments joined by `.`): a word secret kept in the path as in a pointer (a whole segment and one of the
   * run's keys, 2bq Left), the rest masked as any text.
   */
  private maskIncludedDetail(text: string): string {
    const at = text.indexOf(' is set in ');
    if (at <= 0 || /\s/.test(text.slice(0, at))) return this.mask(text, true);
    return this.mask('/' + text.slice(0, at).split('.').join('/'), 'pointer').slice(1).split('/').join('.') + this.mask(text.slice(at), true);
  }

  /** One fix operation: `path` and `from` are JSON pointers (keys); `value` and the rest are values. */
  private walkOp(op: unknown): unknown {
    if (!op || typeof op !== 'object' || Array.isArray(op)) return this.walk(op, undefined, undefined);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(op)) out[k] = (k === 'path' || k === 'from') && typeof x === 'string' ? this.mask(x, 'pointer') : this.walk(x, undefined, undefined);
    return out;
  }
}

/** Mask ranges sorted and joined where they overlap (as `mask` reads them: touching ones stay two masks). */
function merged(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of ranges) {
    const last = out[out.length - 1];
    if (last && s < last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** In a JSON pointer: the occurrence of `s` at `i` is a whole segment. */
function isSegment(text: string, i: number, s: string): boolean {
  const end = i + s.length;
  return text[i - 1] === '/' && (end === text.length || text[end] === '/');
}

/**
 * A bare shape match that is really a file path (`/tmp/ckd-run-hDhsTk/ckd-cli-O5yJuE/x`): base64
 * uses `+` and `/`, base64url `-` and `_`, so `/` mixed with `-`/`_` is not one token; and a path
 * has word-like segments (`home`, `Users`, `openclaw`). Known secret values are still masked exactly.
 */
function isPathLike(s: string): boolean {
  if (!s.includes('/')) return false;
  if (/[-_]/.test(s)) return true;
  return s.split('/').some((seg) => /^(?:[a-z]{3,}|[A-Z][a-z]{2,})$/.test(seg));
}

/** A SHA-256 certificate fingerprint: 64 hex digits, optionally in colon-separated pairs. */
const FINGERPRINT = /^(?:sha-?256[:=]?)?(?:[0-9a-f]{64}|(?:[0-9a-f]{2}:){31}[0-9a-f]{2})$/i;
/** Text just before a value that names it a certificate fingerprint ("SHA-256 …", "tlsFingerprint \"…"). */
const FINGERPRINT_LABEL = /(?:fingerprint|sha-?256)[\s:=]*(?:(?:is|of|to)\s+)?["'`(]?$/i;

/**
 * A certificate fingerprint is public (it identifies a certificate, it grants nothing): a 64-hex
 * value right after "fingerprint"/"SHA-256" stays readable so the pin command can be copied.
 * Known secrets are masked by their own ranges whatever precedes them, so a secret is never shown this way.
 */
function isNamedFingerprint(value: string, whole: string, offset: number): boolean {
  if (!/^[0-9a-f]{64}$/i.test(value)) return false;
  return FINGERPRINT_LABEL.test(whole.slice(Math.max(0, offset - 40), offset));
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

export const defaultRedactor = new Redactor();
