// Seeded generators for the fuzz campaign (scripts/fuzz.mjs): a hand-written property generator
// (fast-check is not a dependency; mulberry32 keeps every input replayable from its seed).
// Every generator plants canary secrets where OpenClaw keeps secrets and returns them.

/** A seeded random source with the few combinators the generators need. */
export function rng(seed) {
  let state = seed >>> 0;
  const rnd = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(rnd() * n);
  return {
    rnd,
    int,
    pick: (a) => a[int(a.length)],
    chance: (p) => rnd() < p,
    hex: (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join(''),
    bytes: (n) => Buffer.from(Array.from({ length: n }, () => int(256))),
  };
}

const KEYS = ['gateway', 'mode', 'bind', 'port', 'auth', 'token', 'password', 'controlUi', 'allowedOrigins', 'trustedProxies', 'tls', 'enabled', 'tailscale', 'remote', 'url', 'meta', 'lastTouchedVersion', '$include', 'agents', 'defaults', 'hooks', 'type', 'trustedProxy', 'userHeader', 'allowLoopback', 'customBindHost', '__proto__', 'constructor', 'ключ', '键', ''];
const STRINGS = ['local', 'remote', 'lan', 'loopback', 'tailnet', 'custom', 'auto', '0.0.0.0', 'localhost', '18789', '${OPENCLAW_GATEWAY_TOKEN}', '${PORT}', 'token', 'password', 'none', 'trusted-proxy', '*', 'http://192.168.1.10:18789', 'ws://127.0.0.1:18789', '10.0.0.0/8', '::1', '2026.9.6', '2026.2.12', '\u202e', '\ud83e\udd9e', 'a'.repeat(300), '"quoted"', '\\', '\n'];
// OpenClaw's own messages (atlas) and common neighbours; mutated below.
const PROTO_WORDS = ['constructor', '__proto__', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'toLocaleString', 'propertyIsEnumerable'];

export const LINES = [
  'disconnected (1008): pairing required',
  'gateway closed (1008): unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)',
  'Error: listen EADDRINUSE: address already in use 127.0.0.1:18789',
  'Gateway start blocked: set gateway.mode=local (current: unset)',
  'Invalid config at /root/.openclaw/openclaw.json:\n- gateway.auth: Invalid input: expected object, received string',
  'origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)',
  'systemctl start failed: Job for openclaw-gateway.service failed because start-limit-hit',
  '{"ok":false,"checks":[{"checkId":"core/doctor/final-config-validation","level":"error","message":"Invalid config"}]}',
  'connect ECONNREFUSED 127.0.0.1:18789',
  '[telegram] 409 Conflict: terminated by other getUpdates request',
  'OpenClaw 2026.3.13 (61d171a)',
  '网关连接失败：令牌不匹配',
  'gateway closed (4000): tick timeout',
  'GET /?token=%s HTTP/1.1',
];

export const canary = (r) => `CANARY${r.hex(24)}`;

function value(r, depth, secrets) {
  if (depth > 6 && r.chance(0.7)) return r.pick([1, 0, -1, 65536, 1e308, true, false, null, r.pick(STRINGS)]);
  const k = r.int(10);
  if (k < 3) return r.pick(STRINGS);
  if (k < 4) return r.pick([18789, 0, -5, 1.5, 99999999999, NaN]);
  if (k < 5) return r.pick([true, false, null]);
  if (k < 7) return Array.from({ length: r.int(4) }, () => value(r, depth + 1, secrets));
  return object(r, depth + 1, secrets);
}

export function object(r, depth, secrets) {
  const o = {};
  for (let i = r.int(5); i >= 0; i--) {
    const k = r.pick(KEYS);
    if ((k === 'token' || k === 'password') && r.chance(0.6)) {
      const s = canary(r);
      secrets.push(s);
      o[k] = s;
    } else o[k] = value(r, depth, secrets);
  }
  return o;
}

const deep = (n) => '{"gateway":'.repeat(n) + '{}' + '}'.repeat(n);

/** A config file's text: mostly JSON5 around a random object, sometimes broken or hostile. */
export function configText(r, secrets) {
  const k = r.int(20);
  if (k === 0) return deep(1000 + r.int(200_000));
  if (k === 1) return r.bytes(r.int(4096)).toString('latin1');
  if (k === 2) return r.pick(['', '[1,2]', '42', 'null', '"str"', '{', '\ufeff{}']);
  const doc = object(r, 0, secrets);
  if (r.chance(0.5)) {
    const s = canary(r);
    secrets.push(s);
    doc.gateway = { mode: 'local', auth: { mode: r.pick(['token', 'password']), [r.pick(['token', 'password'])]: s }, ...(r.chance(0.5) ? { bind: r.pick(STRINGS) } : {}) };
  }
  let text = JSON.stringify(doc, null, r.chance(0.5) ? 2 : 0);
  if (r.chance(0.2)) text = text.replace(/"([A-Za-z_$][\w$]*)":/g, '$1:'); // unquoted keys
  if (r.chance(0.2)) text = text.replace(/\n/g, '\r\n');
  if (r.chance(0.1)) text = '\ufeff' + text;
  if (r.chance(0.2)) text = '// fuzz\n' + text.replace(/}$/, ',}');
  if (r.chance(0.1)) text = text.slice(0, r.int(text.length)); // truncated
  return text;
}

/** One paste line: an OpenClaw line, mutated, or a secret where logs carry one. maxLine caps its length. */
const protoProse = (r) => `my client cannot connect to the gateway after ${r.pick(PROTO_WORDS)} ${r.pick(PROTO_WORDS)} ${r.pick(PROTO_WORDS)}`;

function pasteLine(r, secrets, maxLine) {
  let l = r.pick(LINES);
  const k = r.int(12);
  if (k === 0) {
    const s = canary(r);
    secrets.push(s);
    l = `${l} ws://127.0.0.1:18789/?token=${s}`;
  } else if (k === 1) {
    const s = canary(r);
    secrets.push(s);
    l = `Authorization: Bearer ${s}`;
  } else if (k === 2) {
    const s = canary(r);
    secrets.push(s);
    l = `{"gateway":{"auth":{"token":"${s}"}}}`;
  } else if (k === 3) l = l.repeat(1 + r.int(Math.max(1, Math.floor(maxLine / l.length))));
  else if (k === 4) l = Array.from({ length: r.int(200) }, () => String.fromCharCode(r.int(0x3000))).join('');
  else if (k === 5) l = l.split('').reverse().join('');
  else if (k === 6) l = l.replace(/[a-z]/g, (c) => (r.chance(0.1) ? c.toUpperCase() : c));
  // Words that name JavaScript's own object members, in prose that reaches the possible-causes ranker
  // (its index is parsed JSON: `constructor` once crashed it).
  else if (k === 7) l = protoProse(r);
  // A secret is never cut (it must stay recognisable to be masked); other lines are capped.
  return k <= 2 ? l : l.slice(0, maxLine);
}

/** A paste: OpenClaw-ish lines, every line at most maxLine characters. */
export function pasteText(r, secrets, maxLine) {
  // Alone, so nothing else matches and the paste reaches the possible-causes ranker.
  if (r.chance(0.05)) return protoProse(r);
  const lines = [];
  for (let i = r.int(30); i >= 0; i--) lines.push(pasteLine(r, secrets, maxLine));
  return lines.join(r.chance(0.2) ? '\r\n' : '\n');
}

/** A paste with one line of 1 KiB up to maxLine (the "longline" family; 64 KiB is the examined prefix). */
export function longLinePaste(r, secrets, maxLine) {
  const lines = pasteText(r, secrets, 400).split('\n');
  const long = r.pick(LINES);
  // Log-uniform from 1 KiB (the other families' cap) to maxLine: past the 64 KiB examined prefix often.
  const len = Math.round(1024 * Math.exp(r.rnd() * Math.log(Math.max(1, maxLine / 1024))));
  const filler = r.pick([long, 'a', 'fail ', ' ', '\t', 'mode: trusted-proxy ', '\u00e9']);
  lines.splice(r.int(lines.length + 1), 0, filler.repeat(Math.ceil(len / filler.length)).slice(0, len) + (r.chance(0.5) ? ` ${long}` : ''));
  return lines.join('\n');
}

/** The same text as bytes in another encoding (UTF-16LE/BE with BOM, Latin-1, CRLF, binary noise). */
export function encodePaste(r, text) {
  const k = r.int(7);
  const utf16le = (t) => Buffer.from(t, 'utf16le');
  const swap = (b) => {
    const c = Buffer.from(b);
    for (let i = 0; i + 1 < c.length; i += 2) [c[i], c[i + 1]] = [c[i + 1], c[i]];
    return c;
  };
  switch (k) {
    case 0:
      return { name: 'utf16le-bom', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(text)]) };
    case 1:
      return { name: 'utf16be-bom', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), swap(utf16le(text))]) };
    case 2:
      return { name: 'utf16le', bytes: utf16le(text) };
    case 3:
      return { name: 'latin1', bytes: Buffer.from(text.replace(/[^\x00-\xff]/g, '\u00e9'), 'latin1') };
    case 4:
      return { name: 'utf8-bom-crlf', bytes: Buffer.from('\ufeff' + text.replace(/\r?\n/g, '\r\n'), 'utf8') };
    case 5: {
      // binary noise around the text, NULs included
      const noise = r.bytes(r.int(2048));
      return { name: 'binary', bytes: Buffer.concat([noise, Buffer.from(text, 'utf8'), r.bytes(r.int(512))]) };
    }
    default: {
      // a valid text cut mid-character
      const b = Buffer.from(text, 'utf8');
      return { name: 'utf8-cut', bytes: b.subarray(0, Math.max(0, b.length - 1 - r.int(3))) };
    }
  }
}
