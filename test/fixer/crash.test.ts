// Crash safety: a child process runs `--fix --yes` and is SIGKILLed at random moments, hundreds of
// times. Every time, the config must be exactly the old or the new text, parseable, with its mode,
// and every backup must hold the complete original. A later run must finish the job.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { APPLY_YES, configRules, fix, ROOT, tempDir, writeConfig } from './helpers.js';

const RUNS = Number(process.env.CLAWKIT_CRASH_RUNS ?? 240);
const CONCURRENCY = 6;
const STEP_DELAY_MS = 4;

const OLD = `// OpenClaw config for the home server
{
  "gateway": {
    "mode": "local",
    "port": "18789",
    "bind": "0.0.0.0",
    // token auth, as the guide said
    "auth": "my-token",
    "token": "my-token",
    "trustedProxies": ["172.17.0.0/16"],
    "controlUi": { "allowedOrigins": ["https://claw.example.com"] }
  },
  "meta": { "lastTouchedVersion": "2026.2.12" }
}
`;

let work: string;
let childJs: string;
let rulesJson: string;
let NEW: string;

beforeAll(async () => {
  work = tempDir('ckd-crash-');
  childJs = path.join(work, 'child.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'test/fixer/crash-child.ts')],
    outfile: childJs,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  rulesJson = path.join(work, 'rules.json');
  writeFileSync(rulesJson, JSON.stringify(await configRules()));
  // The expected result, computed in-process by the same code.
  const dir = tempDir('ckd-crash-ref-');
  const p = writeConfig(dir, OLD);
  const r = await fix(p, APPLY_YES);
  expect(r.status).toBe('written');
  NEW = readFileSync(p, 'utf8');
  expect(NEW).not.toBe(OLD);
}, 120_000);

interface Outcome {
  state: 'old' | 'new';
  killedAfterReady: boolean;
  finished: boolean;
}

function runChild(configPath: string, killAfterReadyMs: number | undefined, killAtStartMs: number | undefined): Promise<{ finished: boolean; ready: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, configPath, rulesJson, String(STEP_DELAY_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let ready = false;
    let readyAt = 0;
    const kill = () => child.kill('SIGKILL');
    if (killAtStartMs !== undefined) setTimeout(kill, killAtStartMs);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (!ready && out.includes('R\n')) {
        ready = true;
        readyAt = performance.now();
        if (killAfterReadyMs !== undefined) setTimeout(kill, killAfterReadyMs);
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ finished: out.includes('D written'), ready, ms: ready ? performance.now() - readyAt : 0 }));
  });
}

function checkState(dir: string, configPath: string): 'old' | 'new' {
  const text = readFileSync(configPath, 'utf8');
  expect([OLD, NEW]).toContain(text);
  expect(() => JSON5.parse(text)).not.toThrow();
  expect(statSync(configPath).mode & 0o777).toBe(0o600);
  for (const n of readdirSync(dir)) {
    if (n === 'openclaw.json') continue;
    if (n.startsWith('openclaw.json.clawkit-bak-')) {
      // A backup, when it exists under its final name, is always the complete original.
      expect(readFileSync(path.join(dir, n), 'utf8')).toBe(OLD);
      expect(statSync(path.join(dir, n)).mode & 0o777).toBe(0o600);
      continue;
    }
    // Only our own temp files may be left behind by a kill; the next run removes them.
    expect(n).toMatch(/^\.openclaw\.json\.clawkit-tmp-\d+-[0-9a-f]+$/);
  }
  return text === OLD ? 'old' : 'new';
}

describe('crash safety of --fix', () => {
  it(`SIGKILL at random moments (${RUNS} runs): the config is always the old or the new text`, async () => {
    // Calibrate: how long does a fix take once the child is ready?
    const calib: number[] = [];
    for (let i = 0; i < 3; i++) {
      const dir = tempDir('ckd-crash-cal-');
      const p = writeConfig(dir, OLD);
      const r = await runChild(p, undefined, undefined);
      expect(r.finished).toBe(true);
      expect(readFileSync(p, 'utf8')).toBe(NEW);
      calib.push(r.ms);
    }
    const window = Math.max(...calib) * 1.15;

    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= RUNS) return;
        const dir = tempDir('ckd-crash-run-');
        const p = writeConfig(dir, OLD);
        // 90%: somewhere inside the fix (after start-up); 10%: during start-up.
        const inFix = i % 10 !== 0;
        const r = await runChild(p, inFix ? Math.random() * window : undefined, inFix ? undefined : Math.random() * 150);
        const state = checkState(dir, p);
        outcomes.push({ state, killedAfterReady: r.ready, finished: r.finished });
        // Whatever the kill left, the next run finishes the job and cleans up.
        const again = await fix(p, APPLY_YES);
        expect(['written', 'nothing-to-fix']).toContain(again.status);
        expect(readFileSync(p, 'utf8')).toBe(NEW);
        expect(readdirSync(dir).filter((n) => n.includes('clawkit-tmp'))).toEqual([]);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const summary = {
      runs: outcomes.length,
      old: outcomes.filter((o) => o.state === 'old').length,
      new: outcomes.filter((o) => o.state === 'new').length,
      killedInsideFix: outcomes.filter((o) => o.killedAfterReady && !o.finished).length,
      finishedBeforeKill: outcomes.filter((o) => o.finished).length,
      windowMs: Math.round(window),
    };
    console.log(`crash-safety: ${JSON.stringify(summary)}`);
    expect(summary.runs).toBe(RUNS);
    // The kills really landed on both sides of the rename, and inside the fix.
    expect(summary.old).toBeGreaterThan(RUNS / 10);
    expect(summary.new).toBeGreaterThan(0);
    expect(summary.killedInsideFix).toBeGreaterThan(RUNS / 2);
  }, 600_000);
});
