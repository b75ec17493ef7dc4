#!/usr/bin/env node
// Converts rule cases that give collected facts (`facts.config`, `facts.probe`, `facts.version`,
// `facts.flags`) into raw inputs (config text, CLI flags, a recorded gateway answer, the version
// flag), then checks each converted case with the real collectors: a conversion is kept only when
// the rule still answers as the case says (fire / pass) and the probe ends with the stored
// outcome. Cases it cannot convert are listed; they are fixed by hand (or explained with
// `factsBecause`). Needs `npx tsc -p tsconfig.json` first (it imports dist/).
//
//   node scripts/codemods/raw-cases.mjs [--write] [rules/dir …]
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { factsForCase } = await import(path.join(ROOT, 'dist/rules/test-runner.js'));
const { evaluateRule } = await import(path.join(ROOT, 'dist/engine/evaluate.js'));
const { loadRuleSet } = await import(path.join(ROOT, 'dist/commands/rule-selection.js'));

const write = process.argv.includes('--write');
const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const rules = new Map((await loadRuleSet([])).map((r) => [r.id, r]));

const MATRIX = path.join(ROOT, 'fixtures/matrix');
const TOKEN = 'case-token-5f1c9a7e2b4d';

/** Every matrix client by outcome, newest release first. */
function matrixIndex() {
  const out = new Map();
  for (const rel of readdirSync(MATRIX).sort().reverse()) {
    const d = path.join(MATRIX, rel);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).sort()) {
      const rec = JSON.parse(readFileSync(path.join(d, f), 'utf8'));
      for (const c of rec.clients) {
        const o = c.options ?? {};
        if (!/127\.0\.0\.1/.test(String(o.url))) continue;
        const key = c.summary.outcome;
        if (!out.has(key)) out.set(key, []);
        out.get(key).push({ ref: `${rel}/${f}#${c.id}`, o, rec: c });
      }
    }
  }
  return out;
}
const matrix = matrixIndex();

const octal = (n) => '0' + (n & 0o7777).toString(8).padStart(3, '0');

function rawConfig(cfg) {
  if (!cfg.found) return cfg.stateDirMode !== undefined ? { stateDirMode: octal(cfg.stateDirMode) } : {};
  if (cfg.value === undefined) return undefined; // parse/read errors: the text is needed (by hand)
  const out = { text: JSON.stringify(cfg.value, null, 2) + '\n' };
  if (cfg.mode !== undefined && (cfg.mode & 0o777) !== 0o600) out.mode = octal(cfg.mode);
  if (cfg.stateDirMode !== undefined) out.stateDirMode = octal(cfg.stateDirMode);
  if (cfg.path && !/\/\.openclaw\/openclaw\.json$/.test(cfg.path)) out.path = cfg.path.replace(/^\/home\/[^/]+\//, '~/');
  return Object.keys(out).length === 1 ? out.text : out;
}

/** The client the probe presented, as CLI flags. */
function probeFlags(p, hasConfig) {
  const cli = {};
  if (p.url && (p.targetSource === '--url' || !hasConfig)) cli.url = p.url;
  if (p.credentialSource === '--token' || (p.credentialKind === 'token' && !hasConfig && p.credentialSource !== 'OPENCLAW_GATEWAY_TOKEN')) cli.token = TOKEN;
  if (p.credentialSource === '--password') cli.password = 'case-password-81d3';
  const c = p.client ?? {};
  if (c.mode === 'webchat' || c.id === 'openclaw-control-ui') cli.probeClient = 'control-ui';
  if (c.origin) cli.origin = c.origin;
  if (c.device) cli.device = true;
  if (c.headerNames?.length) cli.header = c.headerNames.map((h) => `${h}: ${/forwarded-for|real-ip/i.test(h) ? '203.0.113.7' : /proto/i.test(h) ? 'https' : 'alice@example.com'}`);
  return cli;
}

const CHALLENGE = { kind: 'recv', frame: { type: 'event', event: 'connect.challenge', payload: { nonce: '<nonce>', ts: 1 } } };
const HTTP_OK = [
  { kind: 'tcp', ok: true },
  { kind: 'http', path: '/readyz', status: 200, contentType: 'application/json; charset=utf-8', body: '{"ready":true}' },
  { kind: 'http', path: '/healthz', status: 200, contentType: 'application/json; charset=utf-8', body: '{"ok":true,"status":"live"}' },
  { kind: 'upgrade', status: 101 },
];

/** What a gateway says to produce the stored rejection: error res (code, message, details) and close. */
function synthesised(p) {
  const e = p.error ?? {};
  const close = p.close ?? (e.message ? { code: 1008, reason: e.message.slice(0, 120) } : undefined);
  if (!e.code && !e.message && !close) return undefined;
  const t = [...HTTP_OK, CHALLENGE, { kind: 'send', frame: { type: 'req', method: 'connect' } }];
  if (e.code || e.message) {
    const error = { code: e.code ?? 'INVALID_REQUEST', message: e.message ?? close?.reason ?? 'rejected' };
    if (e.detailsCode) error.details = { code: e.detailsCode };
    t.push({ kind: 'recv', frame: { type: 'res', id: '<probe-req-id>', ok: false, error } });
  }
  if (close) t.push({ kind: 'close', code: close.code, reason: close.reason ?? '' });
  return { transcript: t };
}

function gatewayCandidates(p, cli) {
  const out = [];
  if (p.outcome === 'refused') out.push({ transcript: [{ kind: 'tcp', ok: false, code: 'ECONNREFUSED' }] });
  const mode = cli.probeClient === 'control-ui' ? 'control-ui' : 'cli';
  for (const m of matrix.get(p.outcome) ?? []) {
    const mMode = m.o.client === 'control-ui' ? 'control-ui' : 'cli';
    if (mMode === mode && !!m.o.device === !!cli.device && !!m.o.headers === !!cli.header) out.push({ recording: m.ref });
    if (out.length > 3) break;
  }
  const s = synthesised(p);
  if (s) out.push(s);
  return out;
}

function relRecording(g, casesDir) {
  if (!g.recording) return g;
  const [f, id] = g.recording.split('#');
  return { recording: `${path.relative(casesDir, path.join(MATRIX, f))}#${id}` };
}

/** What a replay must reproduce: the outcome, the machine code, the close code, what the probe reached. */
function probeSignature(p) {
  return { outcome: p?.outcome, detailsCode: p?.error?.detailsCode ?? null, close: p?.close?.code ?? null, failedStage: p?.failedStage };
}

/** Hand-written probe facts often left the error empty: then any machine code a real gateway sends will do. */
function wanted(p) {
  const w = probeSignature(p);
  if (!p.error?.message) delete w.detailsCode;
  if (!p.close?.reason || p.close.reason.length < 3) delete w.close;
  return w;
}

function matches(got, want) {
  return Object.entries(want).every(([k, v]) => got[k] === v);
}

async function verdict(rule, c, kind, dir, want) {
  try {
    const facts = await factsForCase(c, dir);
    if (want) {
      const got = probeSignature(facts.probe);
      if (!matches(got, want)) return `probe ended ${JSON.stringify(got)}, stored ${JSON.stringify(want)}`;
    }
    const r = evaluateRule(rule, facts);
    if (kind === 'positive' ? r.status === 'fail' : r.status === 'pass') return undefined;
    return `${r.status}${r.reason ? ` (${r.reason})` : ''}`;
  } catch (err) {
    return `error: ${err.message}`;
  }
}

async function convertCase(rule, c, kind, dir) {
  const f = c.facts;
  const base = Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'facts'));
  const rest = Object.keys(f).filter((k) => !['config', 'probe', 'version', 'flags'].includes(k));
  if (rest.length) return { why: `facts.${rest.join(', facts.')} need a machine snapshot (by hand)` };
  if (f.version?.value && !base.openclawVersion) base.openclawVersion = f.version.value;
  if (f.flags) {
    const cli = {};
    if (f.flags.browserUrl) cli.browserUrl = f.flags.browserUrl;
    if (f.flags.target?.url) cli.url = f.flags.target.url;
    base.cli = cli;
  }
  if (f.config) {
    const cfg = rawConfig(f.config);
    if (cfg === undefined) return { why: 'config with a parse/read error: its text is needed (by hand)' };
    base.config = cfg;
  }
  if (!f.probe) {
    const bad = await verdict(rule, base, kind, dir);
    return bad ? { why: bad } : { c: base };
  }
  const cli = { ...(base.cli ?? {}), ...probeFlags(f.probe, !!f.config) };
  if (Object.keys(cli).length) base.cli = cli;
  const tries = [];
  for (const g of gatewayCandidates(f.probe, cli)) {
    const cand = { ...base, gateway: relRecording(g, dir) };
    const bad = await verdict(rule, cand, kind, dir, wanted(f.probe));
    if (!bad) return { c: cand };
    tries.push(bad);
  }
  return { why: `probe ${f.probe.outcome}: ${tries.join('; ') || 'no recording or transcript'}` };
}

let converted = 0;
const left = [];
for (const d of dirs.length ? dirs : readdirSync(path.join(ROOT, 'rules')).map((x) => path.join('rules', x))) {
  const dir = path.resolve(ROOT, d);
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.cases.json')).sort()) {
    const file = path.join(dir, name);
    const rc = JSON.parse(readFileSync(file, 'utf8'));
    const rule = rules.get(rc.rule);
    let changed = false;
    for (const kind of ['positive', 'negative']) {
      for (let i = 0; i < rc[kind].length; i++) {
        const c = rc[kind][i];
        if (!c.facts || c.factsBecause) continue;
        const r = await convertCase(rule, c, kind, dir);
        if (r.c) {
          rc[kind][i] = r.c;
          converted++;
          changed = true;
        } else left.push(`${rc.rule} ${kind}[${i}] "${c.name ?? ''}": ${r.why}`);
      }
    }
    if (changed && write) writeFileSync(file, JSON.stringify(rc, null, 2) + '\n');
  }
}
console.log(left.join('\n'));
console.log(`${converted} cases converted${write ? '' : ' (dry run: --write to save)'}, ${left.length} left`);
process.exit(0);
