#!/usr/bin/env node
// Fuzz campaign (issue #9 part 5): generated configs and pastes through the real `diagnose` command,
// in-process (no network: probe and environment off), in every output format. Each input plants
// canary secrets where OpenClaw keeps secrets (config token/password, `?token=`, bearer headers,
// JSON token fields); a run fails on a crash (the command threw), an exit code outside 0–3, a
// machine output that does not parse, a canary in any output, or an input slower than --hang-ms.
// Deterministic: --seed picks the generator's sequence, so a failure is replayed with the same seed.
//
//   npm run fuzz                          # 100 000 inputs, seed 1
//   node scripts/fuzz.mjs --n 300 --seed 7 --json
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable, Writable } from 'node:stream';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { diagnose } = await import(join(root, 'dist/commands/diagnose.js'));

const args = process.argv.slice(2);
const val = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const N = Number(val('--n', 100_000));
const SEED = Number(val('--seed', 1));
const HANG_MS = Number(val('--hang-ms', 10_000));
// Long lines (past the 64 KiB examined prefix) are the slow path of matching (notes/hostile-input.md);
// the smoke run in `npm test` keeps them short so that it stays quick on a loaded machine.
const MAX_LINE = Number(val('--max-line', 400_000));

// ---------------------------------------------------------------- a small seeded generator (mulberry32)
let state = SEED >>> 0;
const rnd = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rnd() * n);
const pick = (a) => a[int(a.length)];
const chance = (p) => rnd() < p;
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');

const KEYS = ['gateway', 'mode', 'bind', 'port', 'auth', 'token', 'password', 'controlUi', 'allowedOrigins', 'trustedProxies', 'tls', 'enabled', 'tailscale', 'remote', 'url', 'meta', 'lastTouchedVersion', '$include', 'agents', 'defaults', 'hooks', 'type', 'trustedProxy', 'userHeader', 'allowLoopback', 'customBindHost', '__proto__', 'constructor', 'ключ', '键', ''];
const STRINGS = ['local', 'remote', 'lan', 'loopback', 'tailnet', 'custom', 'auto', '0.0.0.0', 'localhost', '18789', '${OPENCLAW_GATEWAY_TOKEN}', '${PORT}', 'token', 'password', 'none', 'trusted-proxy', '*', 'http://192.168.1.10:18789', 'ws://127.0.0.1:18789', '10.0.0.0/8', '::1', '2026.9.6', '2026.2.12', '\u202e', '\ud83e\udd9e', 'a'.repeat(300), '"quoted"', '\\', '\n'];
const LINES = [
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

function canary() {
  return `CANARY${hex(24)}`;
}

function value(depth, secrets) {
  if (depth > 6 && chance(0.7)) return pick([1, 0, -1, 65536, 1e308, true, false, null, pick(STRINGS)]);
  const r = int(10);
  if (r < 3) return pick(STRINGS);
  if (r < 4) return pick([18789, 0, -5, 1.5, 99999999999, NaN]);
  if (r < 5) return pick([true, false, null]);
  if (r < 7) return Array.from({ length: int(4) }, () => value(depth + 1, secrets));
  return object(depth + 1, secrets);
}

function object(depth, secrets) {
  const o = {};
  for (let i = int(5); i >= 0; i--) {
    const k = pick(KEYS);
    if ((k === 'token' || k === 'password') && chance(0.6)) {
      const s = canary();
      secrets.push(s);
      o[k] = s;
    } else o[k] = value(depth, secrets);
  }
  return o;
}

function deep(n) {
  return '{"gateway":'.repeat(n) + '{}' + '}'.repeat(n);
}

/** A config file's text: mostly JSON5 around a random object, sometimes broken or hostile. */
function configText(secrets) {
  const r = int(20);
  if (r === 0) return deep(1000 + int(200_000));
  if (r === 1) return Buffer.from(Array.from({ length: int(4096) }, () => int(256))).toString('latin1');
  if (r === 2) return '';
  const doc = object(0, secrets);
  if (chance(0.5)) {
    const s = canary();
    secrets.push(s);
    doc.gateway = { mode: 'local', auth: { mode: pick(['token', 'password']), [pick(['token', 'password'])]: s }, ...(chance(0.5) ? { bind: pick(STRINGS) } : {}) };
  }
  let text = JSON.stringify(doc, null, chance(0.5) ? 2 : 0);
  if (chance(0.2)) text = text.replace(/"([A-Za-z_$][\w$]*)":/g, '$1:'); // unquoted keys
  if (chance(0.2)) text = text.replace(/\n/g, '\r\n');
  if (chance(0.1)) text = '\ufeff' + text;
  if (chance(0.2)) text = '// fuzz\n' + text.replace(/}$/, ',}');
  if (chance(0.1)) text = text.slice(0, int(text.length)); // truncated
  return text;
}

/** A paste: OpenClaw-ish lines, mutated, with secrets where logs carry them. */
function pasteText(secrets) {
  const lines = [];
  for (let i = int(30); i >= 0; i--) {
    let l = pick(LINES);
    const r = int(12);
    if (r === 0) {
      const s = canary();
      secrets.push(s);
      l = `${l} ws://127.0.0.1:18789/?token=${s}`;
    } else if (r === 1) {
      const s = canary();
      secrets.push(s);
      l = `Authorization: Bearer ${s}`;
    } else if (r === 2) {
      const s = canary();
      secrets.push(s);
      l = `{"gateway":{"auth":{"token":"${s}"}}}`;
    } else if (r === 3) l = l.repeat(1 + int(3000)); // long lines, past 64 KiB sometimes
    else if (r === 4) l = Array.from({ length: int(200) }, () => String.fromCharCode(int(0x3000))).join('');
    else if (r === 5) l = l.split('').reverse().join('');
    lines.push(l);
  }
  return lines.join(chance(0.2) ? '\r\n' : '\n');
}

function sink() {
  const chunks = [];
  const w = new Writable({
    write(c, _e, cb) {
      chunks.push(Buffer.from(c));
      cb();
    },
  });
  w.isTTY = false;
  w.columns = 100;
  return { w, text: () => Buffer.concat(chunks).toString('utf8') };
}

const dir = mkdtempSync(join(tmpdir(), 'ckd-fuzz-'));
const formats = ['json', 'human', 'sarif', 'markdown', 'github'];
const result = { seed: SEED, inputs: 0, crashes: 0, badExit: 0, badJson: 0, leaks: 0, hangs: 0, maxMs: 0, exitCodes: {}, failures: [] };
const fail = (kind, i, detail) => {
  result[kind]++;
  if (result.failures.length < 20) result.failures.push({ kind, input: i, detail: String(detail).slice(0, 300) });
};

try {
  for (let i = 0; i < N; i++) {
    const secrets = [];
    const withConfig = chance(0.6);
    const withPaste = !withConfig || chance(0.5);
    const cfgPath = join(dir, `c${i % 4}.json`);
    if (withConfig) writeFileSync(cfgPath, configText(secrets), { mode: 0o600 });
    const paste = withPaste ? pasteText(secrets) : '';
    const format = formats[i % formats.length];
    const out = sink();
    const err = sink();
    const io = { stdin: Readable.from([Buffer.from(paste, 'utf8')]), stdout: out.w, stderr: err.w, env: { NO_COLOR: '1', CI: '1' }, cwd: dir, homedir: dir };
    const opts = { probe: false, env: false, log: '-', format, config: withConfig ? cfgPath : join(dir, 'none.json'), failOn: 'error', rules: [], only: [], skip: [] };
    if (!withConfig) delete opts.config;
    const t0 = performance.now();
    let code;
    try {
      code = await diagnose(opts, io);
    } catch (e) {
      // A usage error (exit 2) is an answer; anything else is a crash.
      if (e && /UsageError|InputError/.test(e.constructor?.name ?? '')) code = 2;
      else fail('crashes', i, e?.stack ?? e);
    }
    const ms = performance.now() - t0;
    result.maxMs = Math.max(result.maxMs, Math.round(ms));
    if (ms > HANG_MS) fail('hangs', i, `${Math.round(ms)} ms (${format}; paste ${paste.length} chars, longest line ${Math.max(0, ...paste.split('\n').map((l) => l.length))}; config ${withConfig ? 'yes' : 'no'})`);
    if (code !== undefined) {
      result.exitCodes[code] = (result.exitCodes[code] ?? 0) + 1;
      if (![0, 1, 2, 3].includes(code)) fail('badExit', i, code);
    }
    const text = out.text() + err.text();
    if (format === 'json' || format === 'sarif') {
      try {
        if (code !== 2) JSON.parse(out.text());
      } catch (e) {
        fail('badJson', i, e.message);
      }
    }
    for (const s of secrets) if (text.includes(s)) fail('leaks', i, `${format}: ${s} in output`);
    result.inputs++;
    if (!args.includes('--json') && i > 0 && i % 1000 === 0) process.stderr.write(`fuzz: ${i} inputs, ${result.crashes + result.badExit + result.badJson + result.leaks + result.hangs} failures\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const failures = result.crashes + result.badExit + result.badJson + result.leaks + result.hangs;
if (args.includes('--json')) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
else {
  console.log(`fuzz (seed ${SEED}): ${result.inputs} inputs; crashes ${result.crashes}, bad exit ${result.badExit}, bad JSON ${result.badJson}, secrets echoed ${result.leaks}, over ${HANG_MS} ms ${result.hangs}; slowest ${result.maxMs} ms; exit codes ${JSON.stringify(result.exitCodes)}`);
  for (const f of result.failures) console.log(`  ${f.kind} #${f.input}: ${f.detail}`);
}
process.exit(failures ? 1 : 0);
