// Fills an atlas message's template holes (`${<compiled expression>}`) with plausible values, so the
// text reads like what a user would paste. The value is chosen from the expression's last name
// (port → 18789, pid → 4242, …); a hole that wraps a string literal (formatCliCommand("openclaw
// setup")) prints that literal. Unknown names become a neutral word, never an empty string.

const BY_NAME = [
  [/cli(command|cmd)|command/i, 'openclaw gateway status'],
  [/channel/i, 'telegram'],
  [/credentialkind|authmode/i, 'token'],
  [/port/i, '18789'],
  // gateway-lock.ts: `ownerPid = lastPayload?.pid ? \` (pid ${pid})\` : ""`
  [/ownerpid/i, ' (pid 4242)'],
  [/pid/i, '4242'],
  [/(close)?code$|status(code)?$/i, '1008'],
  [/exit/i, '1'],
  [/wsurl|gatewayurl|^url$|url$|endpoint/i, 'ws://127.0.0.1:18789'],
  [/origin/i, 'http://192.168.1.20:18789'],
  [/host|address|ip$|remote/i, '127.0.0.1'],
  [/bind/i, 'lan'],
  [/mode/i, 'token'],
  [/requestid/i, 'req-7f3a'],
  [/deviceid|device/i, 'dev-3c9e'],
  [/user(name)?$|account/i, 'alice'],
  [/path|file|dir/i, '/home/alice/.openclaw/openclaw.json'],
  [/version|release/i, '2026.9.6'],
  [/ms$|timeout|delay|elapsed|duration|waited/i, '10000'],
  [/count|attempts|limit|max|min|total|size|bytes|seconds|minutes/i, '3'],
  [/service|label|unit/i, 'openclaw-gateway.service'],
  [/scope/i, 'operator.admin'],
  [/role/i, 'operator'],
  [/key|token|secret|password/i, '<redacted>'],
  [/name/i, 'main'],
  [/reason|detail|message|msg|err|error|hint|cause/i, 'connect failed'],
];

/** The value printed for one hole. */
export function holeValue(expr) {
  const literal = expr.match(/^[\w.$]+\(\s*["'`]([^"'`]{1,80})["'`]/);
  if (literal) return literal[1];
  // `cond ? "a" : "b"` prints its first branch.
  const ternary = expr.match(/\?\s*["'`]([^"'`$]{1,200})["'`]\s*:/);
  if (ternary) return ternary[1];
  // `cond ? `…${x}…` : `…`` (template branches) prints its last branch, the default case, filled.
  const lastTemplate = expr.match(/:\s*`((?:[^`\\]|\\.)*)`\s*$/);
  if (lastTemplate && /\?/.test(expr)) return fillHoles(lastTemplate[1]);
  const bare = expr.match(/^\s*["']([^"']{1,80})["']\s*$/);
  if (bare) return bare[1];
  const names = expr.match(/[A-Za-z_$][\w$]*/g) ?? [];
  // Constants that hold an environment variable's name print that name (GATEWAY_ENV_TOKEN).
  const envConst = names.find((n) => /^[A-Z][A-Z0-9_]*ENV_(TOKEN|PASSWORD)$/.test(n));
  if (envConst) return `OPENCLAW_GATEWAY_${envConst.endsWith('TOKEN') ? 'TOKEN' : 'PASSWORD'}`;
  const last = names.filter((n) => !/^(String|Number|JSON|stringify|trim|join|map|toString|formatErrorMessage|this|e|t|n|r|i|o|a|s)$/.test(n)).pop() ?? '';
  for (const [re, value] of BY_NAME) if (re.test(last)) return value;
  return 'main';
}

/** The message text with every hole filled; nested holes are handled by scanning braces. */
export function fillHoles(text) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, start);
    let depth = 0;
    let j = start + 1;
    for (; j < text.length; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}' && --depth === 0) break;
    }
    // A chat channel's pairing code (src/pairing: 8 characters of CODE_ALPHABET, no 0/1) — the
    // generic `code` → 1008 below would turn `Pairing code: ${code}` into a close code.
    out += /(?:pairing code:|pairing approve \S+) $/i.test(out) ? 'HAMW3CS7' : holeValue(text.slice(start + 2, j));
    i = j + 1;
  }
  return out;
}

/**
 * What a user would paste for one atlas entry. A close reason never reaches a user bare: the CLI
 * prints it as `gateway closed (<code>): <reason>` (src/gateway/call.ts), so it is pasted that way.
 */
export function pasteFor(message) {
  const text = fillHoles(message.text);
  const code = message.codes?.close;
  return message.kind === 'close-reason' && code !== undefined ? `gateway closed (${code}): ${text}` : text;
}
