#!/usr/bin/env node
// Cost of the speaker judgement (src/derive/speaker.ts) in a fresh process: how many of its patterns a paste
// compiles (each only when a line holds one of its gate literals) and the first call's time, for a typical
// OpenClaw log, a prose report, and a hostile paste (20,000 lines pumped with the gates' words).
//
//   npm run build && node scripts/bench-speaker.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 5;
const PASTES = {
  'openclaw log (3 lines)': [
    '2026-03-14T09:12:01.332Z [gateway] listening on ws://127.0.0.1:18789 (PID 4121)',
    '2026-03-14T09:12:03.101Z [ws] unauthorized conn=7f3a remote=127.0.0.1 client=openclaw-control-ui webchat v2026.3.13 reason=token_mismatch',
    'disconnected (1008): unauthorized: gateway token mismatch (open the dashboard URL and paste the token in Control UI settings)',
  ].join('\n'),
  'prose report (3 lines)': ['Since the update my dashboard will not connect.', 'I get disconnected (1008): pairing required', 'The gateway runs under systemd on a VPS.'].join('\n'),
  // Lines pumped with the gates' words, and stack-frame lines whose bounded runs the pattern backtracks over.
  'hostile (20,000 lines)': Array.from({ length: 20000 }, (_, i) => (i % 2 ? `${' '.repeat(8)}at ${'a:'.repeat(450)}1:x` : `- [ ] ${'i we my our if you this error fix change test todo '.repeat(18)}${i}`)).join('\n'),
};
const child = `
const { deriveSpeaker, speakerWords } = await import(${JSON.stringify(join(root, 'dist', 'derive', 'speaker.js'))});
const text = (await import('node:fs')).readFileSync(process.env.PASTE_FILE, 'utf8');
const lines = text.split('\\n').map((t, i) => ({ line: i + 1, text: t }));
const t0 = performance.now();
const s = deriveSpeaker(lines);
const ms = performance.now() - t0;
const w = speakerWords();
const all = Object.values(w).flat();
console.log(JSON.stringify({ ms, compiled: all.filter((p) => p.compiled()).length, of: all.length, speaker: s.speaker ?? null }));`;
const dir = mkdtempSync(join(tmpdir(), 'bench-speaker-'));
for (const [name, text] of Object.entries(PASTES)) {
  const rs = [];
  const file = join(dir, 'paste.txt');
  writeFileSync(file, text);
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { env: { ...process.env, PASTE_FILE: file }, encoding: 'utf8' });
    rs.push(JSON.parse(r.stdout));
  }
  const ms = rs.map((r) => r.ms).sort((a, b) => a - b);
  console.log(`${name.padEnd(24)} median ${ms[Math.floor(ms.length / 2)].toFixed(2)} ms (min ${ms[0].toFixed(2)}, max ${ms.at(-1).toFixed(2)}), compiled ${rs[0].compiled}/${rs[0].of}, speaker ${rs[0].speaker}`);
}
rmSync(dir, { recursive: true, force: true });
