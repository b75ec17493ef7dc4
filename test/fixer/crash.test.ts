// Crash safety: a child process runs `--fix --yes` and is SIGKILLed at random moments, hundreds of
// times. Every time, the config must be exactly the old or the new text, parseable, with its mode,
// and every backup must hold the complete original. A later run must finish the job.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLY_YES, configRules, fix, ROOT, tempDir, writeConfig } from './helpers.js';

const RUNS = Number(process.env.CLAWKIT_CRASH_RUNS ?? 200);
const CONCURRENCY = 6;
const STEP_DELAY_MS = 4;
/** Write steps the child reports; a kill armed on one lands after it (and usually before the next). */
const WRITE_STEPS = ['start', 'backup-written', 'backup-linked', 'new-written'] as const;
type KillAfter = 'spawn' | 'ready' | 'start' | { step: (typeof WRITE_STEPS)[number] };

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
let bundleDir: string;
let childJs: string;
let rulesJson: string;
let NEW: string;

beforeAll(async () => {
  work = tempDir('ckd-crash-');
  // The bundle lives inside the package (tmp/ is git-ignored), as the shipped bundles do: it finds
  // the package root by walking up from itself, and derive reads knowledge/versions.json there.
  mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
  bundleDir = mkdtempSync(path.join(ROOT, 'tmp', 'ckd-crash-'));
  childJs = path.join(bundleDir, 'child.mjs');
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
  /** The last write step the child reported before it died ('none': killed before writing). */
  lastStep: string;
  finished: boolean;
}

interface ChildRun {
  finished: boolean;
  lastStep: string;
  /** ms from "ready" to the start of the write, and from the start of the write to its end. */
  prepMs: number;
  writeMs: number;
}

/**
 * Run the child; kill it `killMs` after the event `killAfter` ('ready' = fix started, 'start' =
 * write started, 'spawn' = process start), or let it finish when killMs is undefined.
 */
function runChild(configPath: string, killAfter: KillAfter, killMs: number | undefined): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, configPath, rulesJson, String(STEP_DELAY_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let readyAt = 0;
    let startAt = 0;
    let doneAt = 0;
    let armed = false;
    const arm = () => {
      if (armed || killMs === undefined) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), killMs);
    };
    if (killAfter === 'spawn') arm();
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const now = performance.now();
      if (!readyAt && out.includes('R\n')) {
        readyAt = now;
        if (killAfter === 'ready') arm();
      }
      if (!startAt && out.includes('S start\n')) {
        startAt = now;
        if (killAfter === 'start') arm();
      }
      if (!doneAt && out.includes('S done\n')) doneAt = now;
      if (typeof killAfter === 'object' && out.includes(`S ${killAfter.step}\n`)) arm();
    });
    child.on('error', reject);
    child.on('exit', () => {
      const steps = [...out.matchAll(/^S (\S+)$/gm)].map((m) => m[1]!);
      resolve({
        finished: out.includes('D written'),
        lastStep: steps[steps.length - 1] ?? (readyAt ? 'none' : 'startup'),
        prepMs: startAt && readyAt ? startAt - readyAt : 0,
        writeMs: doneAt && startAt ? doneAt - startAt : 0,
      });
    });
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
    if (n === 'openclaw.json.lock') {
      // A kill while the config lock is held leaves it behind, naming a dead owner: the next
      // run (or OpenClaw) treats it as stale and takes it over.
      const owner = JSON.parse(readFileSync(path.join(dir, n), 'utf8') || '{}') as { pid?: number };
      if (owner.pid) expect(() => process.kill(owner.pid!, 0)).toThrow();
      continue;
    }
    // Only our own temp files may be left behind by a kill; the next run removes them.
    expect(n).toMatch(/^\.openclaw\.json\.clawkit-tmp-\d+-[0-9a-f]+$/);
  }
  return text === OLD ? 'old' : 'new';
}

describe('crash safety of --fix', () => {
  it(`SIGKILL at random moments (${RUNS} runs): the config is always the old or the new text`, async () => {
    // Calibrate the phases of one fix: preparing (read, rules, edits in memory) and writing.
    const prep: number[] = [];
    const write: number[] = [];
    for (let i = 0; i < 3; i++) {
      const dir = tempDir('ckd-crash-cal-');
      const p = writeConfig(dir, OLD);
      const r = await runChild(p, 'spawn', undefined);
      expect(r.finished).toBe(true);
      expect(readFileSync(p, 'utf8')).toBe(NEW);
      prep.push(r.prepMs);
      write.push(r.writeMs);
    }
    const prepWindow = Math.max(...prep) * 1.2;
    const writeWindow = Math.max(...write) * 1.3;

    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= RUNS) return;
        const dir = tempDir('ckd-crash-run-');
        const p = writeConfig(dir, OLD);
        // 40%: right after a given write step (each step in turn, so every step is hit whatever
        // the machine's speed); 30%: at a random moment inside the write (backup, temp file,
        // rename), swept evenly over the calibrated window; 20%: while preparing; 10%: start-up.
        const stratum = (Math.floor(i / 10) * 3 + (i % 10)) % 20;
        const r =
          i % 10 < 4
            ? await runChild(p, { step: WRITE_STEPS[Math.floor(i / 10 + i) % WRITE_STEPS.length]! }, Math.random() * STEP_DELAY_MS)
            : i % 10 < 7
            ? await runChild(p, 'start', ((stratum + Math.random()) / 20) * writeWindow)
            : i % 10 < 9
              ? await runChild(p, 'ready', Math.random() * prepWindow)
              : await runChild(p, 'spawn', Math.random() * 150);
        const state = checkState(dir, p);
        outcomes.push({ state, lastStep: r.lastStep, finished: r.finished });
        // Whatever the kill left, the next run finishes the job and cleans up.
        const again = await fix(p, APPLY_YES);
        expect(['written', 'nothing-to-fix']).toContain(again.status);
        expect(readFileSync(p, 'utf8')).toBe(NEW);
        expect(readdirSync(dir).filter((n) => n.includes('clawkit-tmp'))).toEqual([]);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const byStep: Record<string, number> = {};
    for (const o of outcomes) byStep[o.lastStep] = (byStep[o.lastStep] ?? 0) + 1;
    const summary = {
      runs: outcomes.length,
      old: outcomes.filter((o) => o.state === 'old').length,
      new: outcomes.filter((o) => o.state === 'new').length,
      finishedBeforeKill: outcomes.filter((o) => o.finished).length,
      lastStepBeforeKill: byStep,
      prepWindowMs: Math.round(prepWindow),
      writeWindowMs: Math.round(writeWindow),
    };
    console.log(`crash-safety: ${JSON.stringify(summary)}`);
    expect(summary.runs).toBe(RUNS);
    // The kills really landed on both sides of the rename and between the write steps.
    expect(summary.old).toBeGreaterThan(RUNS / 10);
    expect(summary.new).toBeGreaterThan(0);
    for (const step of WRITE_STEPS) expect(byStep[step] ?? 0, `kills after step ${step}`).toBeGreaterThan(0);
  }, 600_000);
});

afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));
