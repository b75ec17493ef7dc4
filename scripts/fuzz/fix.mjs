// The "fix" family: configs built around defects that have safe or prompted fixes (quoted port,
// auth as a string, legacy keys, CIDR entries, misplaced keys), with random comments, neighbours,
// CRLF and file modes; --fix (apply, yes) runs on a temp copy. After the fix the file must parse
// as JSON5, equal the original with exactly the planned edits applied (JSON Patch ops), keep every
// comment the edits did not delete, keep its mode, and keep secrets out of the report.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import JSON5 from 'json5';
import { canary } from './gen.mjs';

const DEFECTS = [
  (r, g) => (g.port = r.pick(['"18789"', '"8080"', '" 18789"'])),
  (r, g, s) => (g.auth = JSON.stringify(s())),
  (r, g) => (g.bind = r.pick(['"0.0.0.0"', '"127.0.0.1"', '"localhost"', '"::"'])),
  (r, g, s) => (g.token = JSON.stringify(s())),
  (r, g) => (g.trustedProxies = r.pick(['"10.0.0.5"', '["10.0.0.0/8"]', '["::ffff:10.0.0.5/128"]', '["10.0.0.5/32"]', '"192.168.1.0/24"'])),
  (r, g) => (g.controlUi = r.pick(['{ allowInsecureAuth: true }', '{ dangerouslyDisableDeviceAuth: true }', '{ enabled: true }'])),
  (r, g) => (g.tailscale = r.pick(['{ mode: "serve", resetOnExit: true }', '{ mode: "serve" }'])),
  (r, g) => (g.webchat = '{ enabled: true }'),
  (r, g, s) => (g.auth = `{ type: "token", token: ${JSON.stringify(s())} }`),
  (r, g) => delete g.mode,
  (r, g, s) => (g.remote = `{ url: "ws://10.0.0.2:18789", token: ${JSON.stringify(s())} }`),
];

/** A JSON5 config text (comments on most members) with 1–3 fixable defects; secrets planted. */
export function fixableConfig(r, secrets) {
  const s = () => {
    const c = canary(r);
    secrets.push(c);
    return c;
  };
  const g = { mode: '"local"', port: '18789', auth: `{ mode: "token", token: ${JSON.stringify(s())} }` };
  for (let i = 1 + r.int(3); i > 0; i--) r.pick(DEFECTS)(r, g, s);
  const nl = r.chance(0.2) ? '\r\n' : '\n';
  const members = Object.entries(g).map(([k, v]) => `${r.chance(0.5) ? `    // about ${k} ${r.hex(4)}${nl}` : ''}    ${r.chance(0.5) ? JSON.stringify(k) : k}: ${v},${r.chance(0.3) ? ` // trailing ${r.hex(4)}` : ''}`);
  const root = [`  gateway: {${nl}${members.join(nl)}${nl}  },`];
  if (r.chance(0.3)) root.unshift(`  ${r.pick(['bind', 'port'])}: ${r.pick(['"lan"', '18789'])}, // at the root`);
  if (r.chance(0.3)) root.push(`  agents: { defaults: { model: "x" }${r.chance(0.3) ? ', gateway: { mode: "local" }' : ''} },`);
  if (r.chance(0.3)) root.push(`  meta: { lastTouchedVersion: ${JSON.stringify(r.pick(['2026.2.12', '2026.3.13', '2026.9.6']))} },`);
  return `${r.chance(0.1) ? '\ufeff' : ''}// generated ${r.hex(6)}${nl}{${nl}${root.join(nl)}${nl}}${nl}`;
}

// ---------------------------------------------------------------- RFC 6902 on plain JSON values
const unescape = (t) => t.replace(/~1/g, '/').replace(/~0/g, '~');
const split = (p) => (p === '' ? [] : p.slice(1).split('/').map(unescape));
function parentOf(doc, p) {
  const parts = split(p);
  const last = parts.pop();
  let node = doc;
  for (const k of parts) node = node[Array.isArray(node) ? Number(k) : k];
  return [node, last];
}
const get = (doc, p) => split(p).reduce((n, k) => n[Array.isArray(n) ? Number(k) : k], doc);
function put(doc, p, v) {
  const [node, k] = parentOf(doc, p);
  if (Array.isArray(node)) node.splice(k === '-' ? node.length : Number(k), 0, v);
  else node[k] = v;
}
function del(doc, p) {
  const [node, k] = parentOf(doc, p);
  if (Array.isArray(node)) node.splice(Number(k), 1);
  else delete node[k];
}
export function applyOps(doc, ops) {
  for (const o of ops) {
    if (o.op === 'test') continue;
    if (o.op === 'add') put(doc, o.path, structuredClone(o.value));
    else if (o.op === 'replace') {
      del(doc, o.path);
      put(doc, o.path, structuredClone(o.value));
    } else if (o.op === 'remove') del(doc, o.path);
    else if (o.op === 'move' || o.op === 'copy') {
      const v = structuredClone(get(doc, o.from));
      if (o.op === 'move') del(doc, o.from);
      put(doc, o.path, v);
    }
  }
  return doc;
}

/** The first path where two JSON values differ, with both sides (for a readable failure). */
function firstDiff(a, b, at = '') {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDiff(a[k], b[k], `${at}/${k}`);
      if (d) return d;
    }
  }
  return `${at || '/'}: expected ${JSON.stringify(a)?.slice(0, 80)}, found ${JSON.stringify(b)?.slice(0, 80)}`;
}

const comments = (text) => [...text.matchAll(/\/\/[^\r\n]*/g)].map((m) => m[0]);
// Key order is not part of a config's meaning (a move appends): compare canonically.
const canon = (v) => (Array.isArray(v) ? v.map(canon) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v);

/** Run --fix on file (already written) and check the outcome. Returns failures and what was applied. */
export async function fuzzFix(r, file, text, secrets, api) {
  const mode = r.pick([0o600, 0o640, 0o644, 0o400]);
  chmodSync(file, mode);
  const failures = [];
  const config = await api.collectConfig({ configPath: file, env: {}, homedir: '/nonexistent' });
  const facts = api.deriveFacts({ config, flags: {} });
  const report = await api.runFix({ facts, rules: api.rules, evaluate: api.evaluate, mode: { apply: true, dryRun: false, yes: true, interactive: false }, env: {} });
  const after = readFileSync(file, 'utf8');
  // What reaches the user: the printed report and the (masked) diff. The report object itself
  // holds the real edits (the ops) for the writer and --patch-out; renderers never print them.
  const printed = `${api.formatFixReport(report)}\n${report.diff}\n${report.error ?? ''}`;
  for (const s of secrets) if (printed.includes(s)) failures.push(['leaks', 'the printed fix report carries a secret']);
  if (/\n\s+at .+:\d+:\d+\)?/.test(printed)) failures.push(['stacks', 'stack trace in the fix report']);
  if (report.status === 'error' && mode !== 0o400) failures.push(['fixErrors', report.error]);
  if ((statSync(file).mode & 0o777) !== mode) failures.push(['fixInvalid', `mode ${(statSync(file).mode & 0o777).toString(8)} after the fix, was ${mode.toString(8)}`]);
  const ops = report.applied.flatMap((a) => a.ops);
  if (report.status !== 'written') {
    // Nothing written (a read-only file is refused): the file must be byte for byte the same.
    if (after !== text) failures.push(['fixInvalid', `file changed although the fix reports ${report.status}`]);
    return { failures, applied: 0, status: report.status };
  }
  if (report.verified !== true) failures.push(['fixInvalid', 'written but not verified']);
  let parsed;
  try {
    parsed = JSON5.parse(after.replace(/^\ufeff/, ''));
  } catch (e) {
    failures.push(['fixInvalid', `does not parse after the fix: ${e.message}`]);
    return { failures, applied: report.applied.length, status: report.status };
  }
  try {
    const want = applyOps(JSON5.parse(text.replace(/^\ufeff/, '')), ops);
    if (JSON.stringify(canon(want)) !== JSON.stringify(canon(parsed))) failures.push(['fixInvalid', `not the original plus the planned edits (${report.applied.map((a) => a.ruleId).join(', ')}): ${firstDiff(canon(want), canon(parsed))}`]);
  } catch (e) {
    failures.push(['fixInvalid', `planned edits do not apply to the original: ${e.message}`]);
  }
  // A comment may go only with a member an edit removed or moved.
  const removes = ops.some((o) => o.op === 'remove' || o.op === 'move' || o.op === 'replace');
  const lost = comments(text).filter((c) => !after.includes(c));
  if (lost.length && !removes) failures.push(['fixInvalid', `comments lost: ${lost.join(' | ')}`]);
  if (lost.length > ops.filter((o) => o.op !== 'test').length * 2) failures.push(['fixInvalid', `${lost.length} comments lost for ${ops.length} edits`]);
  return { failures, applied: report.applied.length, status: report.status };
}
