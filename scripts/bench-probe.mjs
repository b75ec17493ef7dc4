#!/usr/bin/env node
// Probe bench (issue #4): needs `npm run build` first (uses dist/).
//   1. full probe of a local healthy REAL gateway (target ≤ 250 ms once it is up)
//   2. unreachable loopback targets answer within --timeout + 10 % (refused port; a port that
//      accepts TCP and never answers, the worst case)
//
//   node scripts/bench-probe.mjs [--version 2026.9.6] [--runs 20] [--timeout 4000] [--json] [--no-gateway]
// Loopback only. Starts one gateway (cached install, see scripts/real-gateway/harness.ts) and stops
// it by PID at the end. Exit 1 when a target is missed.
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    version: { type: 'string' },
    runs: { type: 'string', default: '20' },
    timeout: { type: 'string', default: '4000' },
    json: { type: 'boolean', default: false },
    'no-gateway': { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(values.runs));
const timeoutMs = Number(values.timeout);
const { collectProbe } = await import(path.join(root, 'dist/collectors/probe/index.js'));

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return { n: s.length, min: s[0], median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const r1 = (n) => Math.round(n * 10) / 10;
const results = { healthy: null, unreachable: [] };
let failed = false;

// ------------------------------------------------------------ unreachable targets
async function unreachable(label, port, t) {
  const t0 = performance.now();
  const f = await collectProbe({ url: `ws://127.0.0.1:${port}`, timeoutMs: t, loopbackOnly: true, env: {} });
  const wall = performance.now() - t0;
  const limit = t * 1.1;
  const ok = wall <= limit;
  if (!ok) failed = true;
  results.unreachable.push({ label, timeoutMs: t, wallMs: r1(wall), limitMs: limit, outcome: f.outcome, ok });
}
{
  const free = net.createServer();
  await new Promise((r) => free.listen(0, '127.0.0.1', r));
  const refusedPort = free.address().port;
  await new Promise((r) => free.close(r));
  const silent = net.createServer(() => undefined); // accepts, never answers
  const held = new Set();
  silent.on('connection', (s) => {
    held.add(s);
    s.on('error', () => undefined);
  });
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  const silentPort = silent.address().port;
  for (const t of [1000, timeoutMs]) {
    await unreachable('refused port', refusedPort, t);
    await unreachable('accepts TCP, never answers', silentPort, t);
  }
  for (const s of held) s.destroy();
  await new Promise((r) => silent.close(r));
}

// ------------------------------------------------------------ healthy real gateway
if (!values['no-gateway']) {
  const { runnerImport } = await import('vite');
  const { module: h } = await runnerImport(path.join(root, 'scripts/real-gateway/harness.ts'));
  const version = values.version ?? h.LATEST_VERSION;
  process.env.CLAWKIT_OC_QUIET ??= values.json ? '1' : '';
  const gw = await h.startGateway({ version });
  try {
    const url = `ws://127.0.0.1:${gw.port}`;
    const probeOnce = () => collectProbe({ url, token: gw.token, timeoutMs, loopbackOnly: true, env: {} });
    const first = await probeOnce(); // first probe right after the gateway is up
    if (first.outcome !== 'connected') throw new Error(`healthy gateway probe failed: ${first.outcome} ${JSON.stringify(first.error ?? first.close ?? {})}`);
    const totals = [];
    const stageSums = {};
    for (let i = 0; i < runs; i++) {
      const f = await probeOnce();
      if (f.outcome !== 'connected') throw new Error(`probe ${i} failed: ${f.outcome}`);
      totals.push(f.timings.totalMs);
      for (const s of f.stages) (stageSums[s.stage] ??= []).push(s.ms);
    }
    const st = stats(totals);
    const ok = st.median <= 250 && first.timings.totalMs <= 250;
    if (!ok) failed = true;
    results.healthy = {
      version,
      gatewayReadyMs: gw.readyMs,
      firstProbeMs: first.timings.totalMs,
      firstProbeStagesMs: Object.fromEntries(first.stages.map((x) => [x.stage, x.ms])),
      totalMs: st,
      stageMedianMs: Object.fromEntries(Object.entries(stageSums).map(([k, v]) => [k, stats(v).median])),
      targetMs: 250,
      ok,
    };
  } finally {
    await gw.stop();
    h.cleanup(gw);
  }
}

if (values.json) {
  console.log(JSON.stringify({ bench: 'probe', ...results, ok: !failed }));
} else {
  console.log('probe bench (loopback only)');
  if (results.healthy) {
    const h = results.healthy;
    console.log(`  healthy openclaw@${h.version} (ready after ${h.gatewayReadyMs} ms): first probe ${h.firstProbeMs} ms; ${h.totalMs.n} probes min ${h.totalMs.min} / median ${h.totalMs.median} / p95 ${h.totalMs.p95} / max ${h.totalMs.max} ms  (target ≤ ${h.targetMs} ms) ${h.ok ? 'OK' : 'MISSED'}`);
    console.log(`    first probe stages: ${Object.entries(h.firstProbeStagesMs).map(([k, v]) => `${k} ${v}`).join(', ')} ms`);
    console.log(`    stage medians: ${Object.entries(h.stageMedianMs).map(([k, v]) => `${k} ${v}`).join(', ')} ms`);
  }
  for (const u of results.unreachable) {
    console.log(`  ${u.label.padEnd(28)} --timeout ${String(u.timeoutMs).padStart(5)}: answered in ${String(u.wallMs).padStart(7)} ms (limit ${u.limitMs} ms) → ${u.outcome} ${u.ok ? 'OK' : 'MISSED'}`);
  }
}
process.exitCode = failed ? 1 : 0;
