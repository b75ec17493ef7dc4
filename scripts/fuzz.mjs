#!/usr/bin/env node
// Fuzz campaign (issue #9 part 5). Generated inputs, by family, through the real code in-process:
//   config, paste, mixed, encoding, longline  → the `diagnose` command (probe and environment off),
//                                                rotating through all five output formats
//   fix                                        → --fix (apply, yes) on a temp copy (scripts/fuzz/fix.mjs)
//   frames                                     → the live probe against a generated fake gateway
//                                                (scripts/fuzz/frames.mjs)
// Canary secrets are planted where OpenClaw keeps secrets. A run fails on a crash (the code threw),
// a stack trace or an echoed canary in any output, an exit code outside 0–3, machine output that
// does not parse, an input using more than --hang-ms of CPU (a probe: wall time past its own deadline + --margin-ms), a
// probe outcome without a named stage, or a fix outcome that is not valid (scripts/fuzz/fix.mjs).
// The rules, lexicon and schemas load once per process (the loaders cache them), so the campaign is
// bound by matching, not start-up. Long lines (past the 64 KiB examined prefix) are the slow path
// of matching: the other families cap lines at --max-line; the "longline" family has them alone.
// Deterministic: each family's generator is seeded from --seed, so a failure replays.
//
//   npm run fuzz                                      # 100 000 inputs, split across the families
//   node scripts/fuzz.mjs --n 300 --seed 7 --json
//   node scripts/fuzz.mjs --family frames,fix --n 200 --seed 3
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import JSON5 from 'json5';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable, Writable } from 'node:stream';
import { rng, configText, pasteText, longLinePaste, encodePaste } from './fuzz/gen.mjs';
import { fuzzFix, fixableConfig } from './fuzz/fix.mjs';
import { fuzzFrame } from './fuzz/frames.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(join(root, 'dist', p));
const { diagnose } = await dist('commands/diagnose.js');

const args = process.argv.slice(2);
const val = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const N = Number(val('--n', 100_000));
const SEED = Number(val('--seed', 1));
const HANG_MS = Number(val('--hang-ms', 10_000));
const MAX_LINE = Number(val('--max-line', 1024));
const LONG_MAX = Number(val('--long-max', 400_000));
const PROBE_MS = Number(val('--probe-timeout', 3000));
const MARGIN_MS = Number(val('--margin-ms', 10_000));
const CONCURRENCY = Number(val('--concurrency', 8));
const ONLY = val('--family', undefined);
// Each run's result is also written here as JSON (a campaign is many runs, one seed each).
const OUT = val('--out', undefined);
// Where failing diagnose inputs are written (config, paste), to replay them with the CLI.
const DUMP = val('--dump', undefined);

// Share of the inputs per family (a --family run gives it all of --n).
const SHARES = { config: 0.3, paste: 0.25, mixed: 0.15, encoding: 0.14, fix: 0.1, frames: 0.05, longline: 0.01 };
const families = ONLY ? ONLY.split(',') : Object.keys(SHARES);
for (const f of families) if (!(f in SHARES)) throw new Error(`unknown family ${f} (${Object.keys(SHARES).join(', ')})`);
// --n split by the families' shares (at least one input each).
const total = families.reduce((a, f) => a + SHARES[f], 0);
const plan = Object.fromEntries(families.map((f) => [f, Math.max(1, Math.round((N * SHARES[f]) / total))]));
const seedOf = (family) => (Math.imul(SEED, 7919) + Object.keys(SHARES).indexOf(family) + 1) >>> 0;

const FAILURE_KINDS = ['crashes', 'stacks', 'badExit', 'badJson', 'leaks', 'hangs', 'unnamed', 'fixInvalid', 'fixErrors'];
const result = { seed: SEED, inputs: 0, families: {}, ...Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])), failures: [] };
const STACK_RE = /\n\s+at .+:\d+:\d+\)?/;

function familyStats(f) {
  return (result.families[f] ??= { seed: seedOf(f), inputs: 0, failures: 0, ms: 0, maxMs: 0, exitCodes: {} });
}
function fail(family, kind, i, detail) {
  result[kind]++;
  familyStats(family).failures++;
  if (result.failures.length < 30) result.failures.push({ family, kind, input: i, detail: String(detail).slice(0, 300) });
}
function done(family, ms) {
  const st = familyStats(family);
  st.inputs++;
  st.ms += ms;
  st.maxMs = Math.max(st.maxMs, Math.round(ms));
  result.inputs++;
  if (!args.includes('--json') && result.inputs % 2000 === 0) process.stderr.write(`fuzz: ${result.inputs} inputs, ${FAILURE_KINDS.reduce((a, k) => a + result[k], 0)} failures\n`);
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

/** One diagnose run on generated input; returns its wall time. */
async function diagnoseOne(family, i, { config, paste, secrets, flags = {} }) {
  const cfgPath = join(dir, `c${i % 4}.json`);
  if (config !== undefined) writeFileSync(cfgPath, config, { mode: 0o600 });
  const format = formats[i % formats.length];
  const out = sink();
  const err = sink();
  const io = { stdin: Readable.from([paste ?? Buffer.alloc(0)]), stdout: out.w, stderr: err.w, env: { NO_COLOR: '1', CI: '1' }, cwd: dir, homedir: dir };
  const opts = { probe: false, env: false, log: '-', format, failOn: 'error', rules: [], only: [], skip: [], ...flags };
  if (config !== undefined) opts.config = cfgPath;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let code;
  try {
    code = await diagnose(opts, io);
  } catch (e) {
    // A usage error (exit 2) is an answer; anything else is a crash.
    if (e && /UsageError|InputError/.test(e.constructor?.name ?? '')) code = 2;
    else fail(family, 'crashes', i, e?.stack ?? e);
  }
  const ms = performance.now() - t0;
  // A hang is judged on CPU time: on a shared machine at nice 19 wall time measures the neighbours.
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  const longest = paste ? Math.max(0, ...paste.toString('latin1').split('\n').map((l) => l.length)) : 0;
  if (cpuMs > HANG_MS) fail(family, 'hangs', i, `${Math.round(cpuMs)} ms CPU, ${Math.round(ms)} ms wall (${format}; paste ${paste?.length ?? 0} bytes, longest line ${longest}; config ${config === undefined ? 'no' : `${config.length} chars`})`);
  if (code !== undefined) {
    const codes = familyStats(family).exitCodes;
    codes[code] = (codes[code] ?? 0) + 1;
    if (![0, 1, 2, 3].includes(code)) fail(family, 'badExit', i, code);
  }
  const text = out.text() + err.text();
  const before = familyStats(family).failures;
  if ((format === 'json' || format === 'sarif') && code !== 2) {
    try {
      JSON.parse(out.text());
    } catch (e) {
      fail(family, 'badJson', i, e.message);
    }
  }
  if (STACK_RE.test(text)) fail(family, 'stacks', i, `${format}: ${STACK_RE.exec(text)[0]}`);
  for (const s of secrets) if (text.includes(s)) fail(family, 'leaks', i, `${format}: ${s} in output`);
  if (DUMP && familyStats(family).failures > before) {
    mkdirSync(DUMP, { recursive: true });
    if (config !== undefined) writeFileSync(join(DUMP, `${family}-${i}.config.json`), config);
    if (paste) writeFileSync(join(DUMP, `${family}-${i}.paste.txt`), paste);
    writeFileSync(join(DUMP, `${family}-${i}.${format}.out`), text);
  }
  if (flags.fix && config !== undefined) {
    // The CLI's own --fix: whatever it wrote must still be a JSON5 config with its mode.
    const after = readFileSync(cfgPath, 'utf8');
    try {
      JSON5.parse(after.replace(/^\ufeff/, ''));
    } catch (e) {
      fail(family, 'fixInvalid', i, `CLI --fix left a config that does not parse: ${e.message}`);
    }
    if ((statSync(cfgPath).mode & 0o777) !== 0o600) fail(family, 'fixInvalid', i, 'CLI --fix changed the mode');
  }
  return ms;
}

const utf8 = (s) => Buffer.from(s, 'utf8');
const GENERATORS = {
  config: (r, secrets) => ({ config: configText(r, secrets) }),
  paste: (r, secrets) => ({ paste: utf8(pasteText(r, secrets, MAX_LINE)) }),
  mixed: (r, secrets) => ({ config: configText(r, secrets), paste: utf8(pasteText(r, secrets, MAX_LINE)) }),
  encoding: (r, secrets) => {
    const e = encodePaste(r, pasteText(r, secrets, MAX_LINE));
    // A canary in UTF-16 or cut by noise is no longer the ASCII text we search for: keep only the
    // ones still present as ASCII bytes (they must be masked like any other).
    const ascii = e.bytes.toString('latin1');
    return { paste: e.bytes, secrets: secrets.filter((s) => ascii.includes(s)) };
  },
  longline: (r, secrets) => ({ paste: utf8(longLinePaste(r, secrets, LONG_MAX)) }),
};

async function runDiagnoseFamily(family) {
  const r = rng(seedOf(family));
  for (let i = 0; i < plan[family]; i++) {
    const secrets = [];
    const input = GENERATORS[family](r, secrets);
    const ms = await diagnoseOne(family, i, { ...input, secrets: input.secrets ?? secrets });
    done(family, ms);
  }
}

async function runFixFamily() {
  const [{ collectConfig }, { deriveFacts }, { evaluate }, { runFix, formatFixReport }, { loadBuiltinRules }] = await Promise.all([dist('collectors/config/index.js'), dist('derive/index.js'), dist('engine/evaluate.js'), dist('fixer/index.js'), dist('rules/load.js')]);
  const api = { collectConfig, deriveFacts, evaluate, runFix, formatFixReport, rules: await loadBuiltinRules() };
  const r = rng(seedOf('fix'));
  const st = familyStats('fix');
  st.applied = 0;
  st.withFix = 0;
  for (let i = 0; i < plan.fix; i++) {
    const secrets = [];
    const text = fixableConfig(r, secrets);
    const file = join(dir, `fix${i % 4}.json`);
    rmSync(file, { force: true });
    writeFileSync(file, text);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      const out = await fuzzFix(r, file, text, secrets, api);
      for (const [kind, detail] of out.failures) fail('fix', kind, i, `${detail} [${text.replace(/\s+/g, ' ').slice(0, 200)}]`);
      st.applied += out.applied;
      if (out.applied) st.withFix++;
    } catch (e) {
      fail('fix', 'crashes', i, e?.stack ?? e);
    }
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if ((c.user + c.system) / 1000 > HANG_MS) fail('fix', 'hangs', i, `${Math.round((c.user + c.system) / 1000)} ms CPU, ${Math.round(ms)} ms wall`);
    // The same input through the CLI's --fix --yes, in each output format in turn.
    await diagnoseOne('fix', i, { config: text, secrets, flags: { fix: true, yes: true } });
    done('fix', ms);
  }
}

async function runFramesFamily() {
  const { collectProbe } = await dist('collectors/probe/index.js');
  const r = rng(seedOf('frames'));
  const st = familyStats('frames');
  st.outcomes = {};
  st.reachedHello = 0;
  let next = 0;
  const worker = async () => {
    while (next < plan.frames) {
      const i = next++;
      // Each input draws its own generator from the family's, so concurrency does not change inputs.
      const out = await fuzzFrame(rng(r.int(2 ** 31)), collectProbe, { timeoutMs: PROBE_MS, marginMs: MARGIN_MS });
      for (const [kind, detail] of out.failures) fail('frames', kind, i, detail);
      const key = `${out.handshake} → ${out.stage ?? '?'}/${out.outcome ?? 'threw'}`;
      st.outcomes[key] = (st.outcomes[key] ?? 0) + 1;
      if (out.hello) st.reachedHello++;
      done('frames', out.ms);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const started = performance.now();
const cpu0 = process.cpuUsage();
try {
  for (const f of families) {
    familyStats(f);
    if (f === 'fix') await runFixFamily();
    else if (f === 'frames') await runFramesFamily();
    else await runDiagnoseFamily(f);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const cpu = process.cpuUsage(cpu0);
result.wallS = Math.round((performance.now() - started) / 1000);
result.cpuS = Math.round((cpu.user + cpu.system) / 1e6);
for (const st of Object.values(result.families)) {
  st.avgMs = st.inputs ? Math.round((st.ms / st.inputs) * 10) / 10 : 0;
  st.ms = Math.round(st.ms);
}

const failures = FAILURE_KINDS.reduce((a, k) => a + result[k], 0);
if (OUT) writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
if (args.includes('--json')) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
else {
  console.log(`fuzz (seed ${SEED}): ${result.inputs} inputs in ${result.wallS} s wall, ${result.cpuS} s CPU; ${FAILURE_KINDS.map((k) => `${k} ${result[k]}`).join(', ')}`);
  for (const [f, st] of Object.entries(result.families)) console.log(`  ${f} (seed ${st.seed}): ${st.inputs} inputs, avg ${st.avgMs} ms, max ${st.maxMs} ms, ${st.failures} failures${st.withFix !== undefined ? `, ${st.withFix} with fixes applied (${st.applied} fixes)` : ''}${Object.keys(st.exitCodes).length ? `, exit codes ${JSON.stringify(st.exitCodes)}` : ''}`);
  const fr = result.families.frames;
  if (fr?.outcomes) console.log(`    reached hello-ok: ${fr.reachedHello} of ${fr.inputs} (${((100 * fr.reachedHello) / Math.max(1, fr.inputs)).toFixed(1)} %)`);
  if (result.families.frames?.outcomes) for (const [k, n] of Object.entries(result.families.frames.outcomes).sort((a, b) => b[1] - a[1])) console.log(`    ${n} × ${k}`);
  for (const f of result.failures) console.log(`  ${f.kind} [${f.family} #${f.input}]: ${f.detail}`);
}
process.exit(failures ? 1 : 0);
