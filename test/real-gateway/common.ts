// Shared helpers for the real-gateway suites: start one gateway per file, probe it directly
// (collectProbe) and end to end through the built CLI. Loopback only.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { collectProbe, type ProbeFactsExt, type ProbeOptions } from '../../src/collectors/probe/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { isProbeRule, rulesOfArea } from '../helpers/rule-areas.js';
import type { Facts, Finding, Rule } from '../../src/types.js';
import { cleanup, killAllStarted, type GatewayHandle } from '../../scripts/real-gateway/harness.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'clawkit-doctor.js');

export { startGateway, freePort, readLog, cleanup, killAllStarted, ensureOpenclaw, LATEST_VERSION, OLD_VERSION, type GatewayHandle } from '../../scripts/real-gateway/harness.js';

/** Stop a suite's gateway (if it started), remove its state, and reap anything else the file started. */
export async function stopSuiteGateway(gw: GatewayHandle | undefined): Promise<void> {
  if (gw) {
    await gw.stop();
    cleanup(gw);
  }
  killAllStarted();
}

let probeRules: Rule[] | undefined;
export async function rules(): Promise<Rule[]> {
  probeRules ??= await rulesOfArea('probe');
  return probeRules;
}

/** Probe directly; the deadline is generous because of the wrong-token tarpit on recent gateways. */
export async function probeGw(gw: GatewayHandle | { port: number }, opts: ProbeOptions = {}): Promise<ProbeFactsExt> {
  return collectProbe({ url: `ws://127.0.0.1:${gw.port}`, timeoutMs: 10_000, loopbackOnly: true, env: {}, ...opts });
}

/** Evaluate the probe rules on facts (as the CLI would) and return findings. */
export async function findingsFor(facts: Facts): Promise<Finding[]> {
  return evaluate(await rules(), { flags: {}, ...facts }).findings;
}

export interface CliReport {
  inputs: { probe: ProbeFactsExt | null; config: unknown; openclawVersion: { value: string } | null };
  findings: Finding[];
  summary: { exitCode: number };
}

const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ckd-rg-home-'));

/** The built CLI, like a user runs it; isolated HOME and no OPENCLAW_* variables from this shell. */
export function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}, o: { probeDefaults?: boolean } = {}): { code: number | null; report: CliReport; stderr: string } {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OPENCLAW_')) env[k] = v;
  Object.assign(env, { HOME: emptyHome, NO_COLOR: '1', CI: '1', CLAWKIT_PROBE_LOOPBACK_ONLY: '1' }, extraEnv);
  // The verdict is under test here, not the default 4 s deadline: on a loaded 2-core box a real
  // 2026.2.12 gateway took longer than that to answer (proof run 3: port-bind/port-silent instead of
  // device-identity-required). Tests of the deadline itself pass their own --timeout, or
  // `probeDefaults` (no --timeout at all, as a user runs it).
  const timeout = args.includes('--timeout') || o.probeDefaults ? [] : ['--timeout', '60000'];
  const r = spawnSync(process.execPath, [BIN, '--json', '--fail-on', 'none', ...timeout, ...args], { encoding: 'utf8', env, input: '', timeout: 180_000, maxBuffer: 32 * 1024 * 1024 });
  if (r.status !== 0 || !r.stdout.trim().startsWith('{')) {
    throw new Error(`clawkit-doctor ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}\n${r.stdout.slice(0, 2000)}`);
  }
  return { code: r.status, report: JSON.parse(r.stdout) as CliReport, stderr: r.stderr };
}

export function probeFindings(report: CliReport): Finding[] {
  return report.findings.filter((f) => isProbeRule(f.ruleId));
}

/** The top probe finding must be `ruleId` with `category`; returns it. */
export function expectTop(findings: Finding[], ruleId: string, category: string): Finding {
  const probe = findings.filter((f) => isProbeRule(f.ruleId));
  expect(probe.map((f) => f.ruleId), `probe findings`).toContain(ruleId);
  expect(probe[0]?.ruleId, `first probe finding among ${probe.map((f) => f.ruleId).join(', ')}`).toBe(ruleId);
  expect(probe[0]!.category).toBe(category);
  return probe[0]!;
}

/** Record what the gateway said and what the doctor reported, for notes/probe.md. */
export function record(file: string, scenario: string, f: ProbeFactsExt, findings: Finding[]): void {
  const dir = process.env.CLAWKIT_RG_RECORD;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const line = {
    scenario,
    outcome: f.outcome,
    failedStage: f.failedStage,
    error: f.error,
    close: f.close,
    upgrade: f.upgrade ? { status: f.upgrade.status, errorType: f.upgrade.errorType } : undefined,
    hello: f.hello,
    ms: f.timings.totalMs,
    findings: findings.filter((x) => isProbeRule(x.ruleId)).map((x) => `${x.ruleId} (${x.category})`),
  };
  fs.appendFileSync(path.join(dir, `${file}.jsonl`), JSON.stringify(line) + '\n');
}
