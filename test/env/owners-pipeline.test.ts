// The deferred listener → process walk, wired end to end (src/commands/pipeline.ts settleOwners,
// src/commands/diagnose.ts, src/api/diagnose.ts): a real listener on a free loopback port owned by a
// PID this test started (never 18789: other runs share it), the gateway port pointed at it with
// OPENCLAW_GATEWAY_PORT. A bind error needs the owner (walk, pid in inputs.env, finding present); a
// plain paste does not (skipped, and the report says so); every run that may evaluate again (--fix,
// --repair, --dry-run, the library's fix planning) walks at once. Linux only: the walk reads /proc.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, type IO } from '../../src/commands/diagnose.js';
import { diagnose as apiDiagnose, planFixes } from '../../src/api/index.js';
import { ownerWalks, readsOwners } from '../../src/collectors/env/owners.js';
import { startListener, stopListener, type Listener } from '../helpers/listener.js';

const linux = process.platform === 'linux' && existsSync('/proc/net/tcp');
const SKIPPED = 'listeners.pid (skipped: no check needed the process)';
let listener: Listener | undefined;
let child: ChildProcess | undefined;
let port = 0;
let root = '';

/** A user rule directory holding one rule (custom/<name>.json). */
function ruleDir(name: string, when: unknown): string {
  const dir = path.join(root, `rules-${name}`);
  mkdirSync(path.join(dir, 'custom'), { recursive: true });
  const rule = { $schema: '../../schema/rule.schema.json', id: `custom/${name}`, title: `User rule ${name}`, category: 'port-bind', severity: 'error', when, band: 'proven', specificity: 90, message: 'Held.', fix: { tier: 'manual', summary: 'Stop it.', steps: ['Stop it.'] } };
  writeFileSync(path.join(dir, 'custom', `${name}.json`), JSON.stringify(rule));
  return dir;
}
// A user rule reading the owners through a `*` (loader-accepted: env.derived is open).
const starRule = () => ruleDir('owner-star', { all: [{ fact: { path: 'env.derived.*', op: 'regex', value: 'mylistener' } }] });
// True only once the config's port is a number (after the fixer's change) and a foreign process holds the port.
const cfgOwnerRule = () => ruleDir('cfg-owner', { all: [{ fact: { path: 'config.value.gateway.port', op: 'type', value: 'number' } }, { fact: { path: 'env.derived.portForeignCommand', op: 'exists' } }] });

interface Doc {
  findings: Array<{ ruleId: string }>;
  summary: { notChecked: Array<{ missing: string; rules: number }> };
  inputs: { env: { listeners?: Array<{ port: number; pid?: number }>; unknown?: string[]; ownersNotLookedUp?: boolean } };
  fix?: { introduced?: string[] };
}

/** A home with a config whose gateway port is a string (the fixer makes it a number). */
function home(tag: string): string {
  const h = path.join(root, `home-${tag}`);
  mkdirSync(path.join(h, '.openclaw'), { recursive: true });
  writeFileSync(path.join(h, '.openclaw', 'openclaw.json'), JSON.stringify({ gateway: { port: String(port) } }));
  return h;
}

async function cli(tag: string, pasteText: string, flags: Record<string, unknown>): Promise<{ code: number; doc: Doc }> {
  const h = home(tag);
  const log = path.join(root, `${tag}.log`);
  writeFileSync(log, pasteText);
  let out = '';
  const sink = { write: (s: string) => ((out += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
  const io: IO = { stdin: Readable.from([]) as IO['stdin'], stdout: sink, stderr: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream, env: { NO_COLOR: '1', HOME: h, OPENCLAW_GATEWAY_PORT: String(port), PATH: process.env.PATH }, cwd: h, homedir: h };
  const code = await diagnose({ json: true, log, ...flags }, io);
  return { code, doc: JSON.parse(out) as Doc };
}

const pidOf = (d: Doc) => d.inputs.env.listeners?.find((l) => l.port === port)?.pid;
const ids = (d: Doc) => d.findings.map((f) => f.ruleId);
const bindError = () => `Error: listen EADDRINUSE: address already in use :::${port}\n`;
const plain = () => `Error: connect ECONNREFUSED 127.0.0.1:${port}\n`;

beforeAll(async () => {
  if (!linux) return;
  root = mkdtempSync(path.join(os.tmpdir(), 'clawkit-owners-pipe-'));
  // A foreign process to the doctor (its command line does not name node or openclaw: argv0), with a
  // marker the `*` rule looks for.
  listener = await startListener({ argv0: 'mylistener', comment: 'mylistener' });
  ({ child, port } = listener);
});

afterAll(() => {
  stopListener(listener);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('readsOwners: segment by segment, `*` matching any segment', () => {
  it('the owner paths, their ancestors, their insides and `*` forms read the owners', () => {
    for (const p of ['env.derived.*', 'env.derived', 'env', '*', '*.derived.portForeignCommand', '*.listeners', 'env.*', 'env.listeners.*.pid', 'env.derived.portForeignCommand', 'env.unknown.0']) expect(readsOwners(p), p).toBe(true);
  });
  it('paths that cannot reach them do not', () => {
    for (const p of ['env.derived.portListenerCount', 'env.gatewayPort', 'config.value.gateway.port', 'paste.derived.*', '*.value.gateway', 'env.derived.portForeignListenerX']) expect(readsOwners(p), p).toBe(false);
  });
});

describe.runIf(linux)('the CLI pipeline with a real listener on the gateway port', () => {
  it('a bind error on the port: the walk runs, the pid is in inputs.env and the port-bind finding is there', async () => {
    const { code, doc } = await cli('bind', bindError(), {});
    expect(pidOf(doc)).toBe(child!.pid);
    expect(doc.inputs.env.unknown ?? []).not.toContain(SKIPPED);
    expect(ids(doc)).toContain('port-bind/port-conflict');
    expect(code).toBe(1);
  });

  it('a plain paste: the walk is skipped and the report says so', async () => {
    const { doc } = await cli('plain', plain(), {});
    expect(pidOf(doc)).toBeUndefined();
    expect(doc.inputs.env.ownersNotLookedUp).toBe(true);
    expect(doc.inputs.env.unknown).toContain(SKIPPED);
  });

  it('a user rule on env.derived.* makes the walk run, and finds the listener', async () => {
    const { code, doc } = await cli('star', plain(), { rules: [starRule()] });
    expect(pidOf(doc)).toBe(child!.pid);
    expect(ids(doc)).toContain('custom/owner-star');
    expect(code).toBe(1);
  });

  it('--follow: a bind error in the followed log gives port-conflict with the owner walked (the outcome, not when the walk ran)', async () => {
    // Only the rule that needs the owner, and no paste when the environment is collected (--follow reads the log
    // afterwards). diagnose.ts leaves deferOwners off under --follow, so the walk runs at once. Since Round 32g a deferred
    // walk would be skipped here (no paste yet and no probe: port-conflict cannot fire, pending.ts), so this test now
    // tells the two apart: it fails with the `!opts.follow` clause removed (checked, notes/perf.md 32g; review28d had
    // found it did not before).
    const h = home('follow');
    const log = path.join(root, 'follow.log');
    writeFileSync(log, bindError());
    let out = '';
    const sink = { write: (s: string) => ((out += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
    const io: IO = { stdin: Readable.from([]) as IO['stdin'], stdout: sink, stderr: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream, env: { NO_COLOR: '1', HOME: h, OPENCLAW_GATEWAY_PORT: String(port), PATH: process.env.PATH }, cwd: h, homedir: h };
    const code = await diagnose({ follow: true, json: true, log, probe: false, only: ['port-bind/port-conflict'] }, io);
    const events = out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; finding?: { ruleId: string } });
    expect(events.map((e) => e.finding?.ruleId)).toContain('port-bind/port-conflict');
    expect(events.at(-1)?.type).toBe('summary');
    expect(code).toBe(1);
  });

  // --no-probe: port-conflict's last `any` reads probe.outcome, unknown without the probe, so with a paste naming the
  // port but no bind error the rule can end only skip whatever the owners are: no walk (src/engine/pending.ts reads
  // which truths a rule may still have; before, "not false" was enough and this run walked). The rule is reported as
  // skipped with the facts it lacks, never as passed.
  it('--no-probe, a paste naming the port without a bind error: port-conflict cannot fire, no walk, the rule is skipped', async () => {
    const before = ownerWalks();
    const { doc } = await cli('noprobe-plain', `${plain()}gateway closed (1008): unauthorized: gateway token mismatch ws://127.0.0.1:${port}\n`, { probe: false, only: ['port-bind/'] });
    expect(ownerWalks() - before).toBe(0);
    expect(pidOf(doc)).toBeUndefined();
    expect(doc.inputs.env.unknown).toContain(SKIPPED);
    // port-conflict (multiple-gateways passes: a paste is given): a skip naming the owners and the probe, not a pass.
    expect(doc.summary.notChecked).toContainEqual({ missing: 'env.listeners.pid', rules: 1 });
    expect(doc.summary.notChecked).toContainEqual({ missing: 'probe', rules: expect.any(Number) });
    expect(ids(doc)).not.toContain('port-bind/port-conflict');
  });

  it('--no-probe, a bind error on the port: port-conflict can fire, one walk, the same finding as an eager walk', async () => {
    const before = ownerWalks();
    const { doc } = await cli('noprobe-bind', bindError(), { probe: false, only: ['port-bind/'] });
    expect(ownerWalks() - before).toBe(1);
    expect(pidOf(doc)).toBe(child!.pid);
    const eager = await cli('noprobe-bind', bindError(), { probe: false, only: ['port-bind/'], dryRun: true });
    expect(ownerWalks() - before).toBe(1);
    const conflict = (d: Doc) => d.findings.find((f) => f.ruleId === 'port-bind/port-conflict');
    expect(conflict(doc)).toBeDefined();
    expect(conflict(doc)).toEqual(conflict(eager.doc));
  });

  for (const mode of ['fix', 'repair', 'dryRun'] as const) {
    it(`--${mode === 'dryRun' ? 'dry-run' : mode}: the walk runs at once (the fixer evaluates again over the changed config)`, async () => {
      const { doc } = await cli(`mode-${mode}`, plain(), { [mode]: true, yes: true, rules: [cfgOwnerRule()] });
      expect(pidOf(doc)).toBe(child!.pid);
      expect(doc.inputs.env.unknown ?? []).not.toContain(SKIPPED);
      if (mode === 'dryRun') expect(doc.fix?.introduced).toContain('custom/cfg-owner');
      else expect(JSON.parse(readFileSync(path.join(root, `home-mode-${mode}`, '.openclaw', 'openclaw.json'), 'utf8')).gateway.port).toBe(port);
    });
  }
});

describe.runIf(linux)('the library API with a real listener on the gateway port', () => {
  it('diagnose walks at once, so planFixes sees the owner after the config change', async () => {
    const h = home('api');
    const r = await apiDiagnose({ paste: plain(), rules: [cfgOwnerRule()], homedir: h, processEnv: { HOME: h, OPENCLAW_GATEWAY_PORT: String(port), PATH: process.env.PATH } });
    expect((r.inputs.env as Doc['inputs']['env']).listeners?.find((l) => l.port === port)?.pid).toBe(child!.pid);
    const plan = await planFixes(r);
    expect(plan.introduced).toContain('custom/cfg-owner');
  });
});
