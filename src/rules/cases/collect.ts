// A rule case's raw inputs (pasted text, config text, a machine snapshot, CLI flags, a recorded
// gateway answer) run through the real collectors and their glue in the pipeline's order
// (src/commands/pipeline.ts collectFacts): config → env → paste link → probe → version → config
// refresh. Nothing a case writes becomes a fact without a collector having parsed it.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pickVersion, type VersionInputs } from '../../facts.js';
import { pasteFromString } from '../../collectors/paste/read.js';
import { wireConfig } from '../../collectors/config/wire.js';
import { deriveFacts } from '../../derive/index.js';
import { wireEnv } from '../../collectors/env/wire.js';
import type { CollectEnvOptions, ExecFn } from '../../collectors/env/index.js';
import { startProbe, type ProbeFlags } from '../../collectors/probe/wire.js';
import { resolveTarget } from '../../collectors/probe/target.js';
import { isLoopbackKind } from '../../shared/net/hosts.js';
import type { Facts } from '../../types.js';
import type { CaseConfig, CaseGateway, CaseMachine, RawCase } from './inputs.js';
import { recordedClient } from './recordings.js';
import { startReplay, type CaseCa, type RecordingClient } from './replay-gateway.js';

/** The user's home inside the case's filesystem root, unless the machine says otherwise. */
const DEFAULT_HOME = '/home/user';

function writeTree(root: string, home: string, files: Record<string, string>): void {
  for (const [logical, text] of Object.entries(files)) {
    const real = path.join(root, logical.replace(/^~(?=\/)/, home));
    mkdirSync(path.dirname(real), { recursive: true });
    writeFileSync(real, text);
  }
}

function octal(mode: string | undefined): number | undefined {
  return mode === undefined ? undefined : parseInt(mode, 8);
}

/** Write the config (and its included files) where OpenClaw looks for it; the path the collector is given. */
function writeConfig(root: string, home: string, cfg: CaseConfig): string | undefined {
  const c = typeof cfg === 'string' ? { text: cfg } : cfg;
  const stateDir = path.join(root, home, '.openclaw');
  mkdirSync(stateDir, { recursive: true });
  const mode = octal(c.stateDirMode);
  if (mode !== undefined) chmodSync(stateDir, mode);
  if (c.files) writeTree(root, home, Object.fromEntries(Object.entries(c.files).map(([p, t]) => [p.startsWith('/') || p.startsWith('~/') ? p : `~/.openclaw/${p}`, t])));
  const file = path.join(root, (c.path ?? '~/.openclaw/openclaw.json').replace(/^~(?=\/)/, home));
  mkdirSync(path.dirname(file), { recursive: true });
  if (c.directory) {
    mkdirSync(file);
    return c.path ? file : undefined;
  }
  if (c.text === undefined && c.size === undefined) return undefined; // no config file (found: false)
  writeFileSync(file, c.text ?? '');
  if (c.size !== undefined) truncateSync(file, c.size); // sparse: no 40 MB in a cases file or on disk
  chmodSync(file, octal(c.mode) ?? 0o600);
  return c.path ? file : undefined;
}

/** `openclaw --version` answers with the recorded output; no other command runs. */
function recordedExec(output: string | undefined): ExecFn | false {
  if (output === undefined) return false;
  return async () => ({ stdout: output, stderr: '', code: 0, timedOut: false });
}

function machineOptions(root: string, home: string, m: CaseMachine): Partial<CollectEnvOptions> {
  if (m.files) writeTree(root, home, m.files);
  for (const [link, target] of Object.entries(m.symlinks ?? {})) {
    const real = path.join(root, link);
    mkdirSync(path.dirname(real), { recursive: true });
    symlinkSync(target, real);
  }
  const interfaces = m.interfaces ?? {};
  return {
    root,
    exec: recordedExec(m.versionOutput),
    platform: m.platform ?? 'linux',
    release: m.release ?? '6.8.0',
    nodeVersion: m.node ?? 'v22.12.0',
    hostname: m.hostname ?? 'workstation',
    networkInterfaces: () =>
      Object.fromEntries(
        Object.entries(interfaces).map(([name, list]) => [
          name,
          list.map((a) => ({ address: a.address, netmask: a.netmask ?? '255.255.255.0', family: a.address.includes(':') ? 'IPv6' : 'IPv4', mac: '00:00:00:00:00:00', internal: name === 'lo', cidr: a.cidr ?? null })),
        ]),
      ) as ReturnType<NonNullable<CollectEnvOptions['networkInterfaces']>>,
    // A snapshot is local files: the deadline only measures how busy the machine is, and a
    // collector that times out under load would change the case's answer (seen at load 27).
    timeoutMs: REPLAY_TIMEOUT_MS,
    capMs: REPLAY_TIMEOUT_MS,
    execCapMs: REPLAY_TIMEOUT_MS,
  };
}

/** The probe's deadline for a replayed case that names none (see probeCase). */
const REPLAY_TIMEOUT_MS = 30_000;

/** A loopback address and port to replay on: the case's port on a fresh 127.x address when free. */
async function replayAddress(port: number): Promise<{ host: string; port: number }> {
  for (let i = 0; i < 5; i++) {
    const host = `127.${1 + Math.floor(Math.random() * 254)}.${1 + Math.floor(Math.random() * 254)}.${1 + Math.floor(Math.random() * 254)}`;
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, host, () => srv.close(() => resolve(true)));
    });
    if (free) return { host, port };
  }
  throw new Error(`no free loopback address for port ${port}`);
}

function gatewayClient(g: CaseGateway, dir: string): RecordingClient {
  if ('recording' in g) return recordedClient(g.recording, dir);
  return { server: { tls: !!g.tls }, transcript: g.transcript };
}

/**
 * The facts the doctor would collect from the case's inputs; `dir` is the cases file's folder
 * (recordings are relative to it). `inNamespace`: this process runs in the case's own network
 * namespace (src/rules/cases/netns.ts), so the probe is not confined to loopback; `trustedCa`: an
 * authority this process trusts, for a replayed certificate the recording says was trusted.
 */
export async function collectCaseFacts(c: RawCase, dir: string, opts: NamespaceOptions = {}): Promise<Facts> {
  // Most cases are pasted text only: no files to write, so no temporary root.
  if (c.config === undefined && !c.machine) return collectIn(undefined, c, dir, opts);
  const root = mkdtempSync(path.join(os.tmpdir(), 'clawkit-case-'));
  try {
    return await collectIn(root, c, dir, opts);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export interface NamespaceOptions {
  inNamespace?: boolean;
  trustedCa?: CaseCa;
}

async function collectIn(root: string | undefined, c: RawCase, dir: string, ns: NamespaceOptions): Promise<Facts> {
  const facts: Facts = { flags: {} };
  const vars: NodeJS.ProcessEnv = { ...(c.vars ?? {}) };
  const notCollected: Array<{ source: string; why: string }> = [];
  const knownSecrets: string[] = [];
  const versionInputs: VersionInputs = {};
  if (c.openclawVersion) versionInputs.flag = c.openclawVersion;
  const inputs = { config: null, env: null, probe: null } as { config: null | Record<string, unknown>; env: null | Record<string, unknown>; probe: null | Record<string, unknown> };
  const home = c.machine?.home ?? DEFAULT_HOME;
  // The machine's files first: the config written below may land in the snapshot's home.
  if (root && c.machine?.fixture) cpSync(path.resolve(dir, c.machine.fixture), root, { recursive: true, verbatimSymlinks: true });
  const homedir = root ? path.join(root, home) : home;
  if (root) mkdirSync(homedir, { recursive: true });

  if (root && c.config !== undefined) {
    const explicit = writeConfig(root, home, c.config);
    await wireConfig(explicit ? { config: explicit } : {}, facts, { env: vars, homedir, cwd: homedir, inputs, notCollected, knownSecrets, versionInputs });
  }
  if (c.paste !== undefined) facts.paste = await pasteFromString(c.paste);
  if (root && c.machine) {
    // The environment collector reads the snapshot as `/`; the config it sees is the one above.
    await wireEnv({}, facts, { env: vars, homedir: home, inputs, notCollected, knownSecrets, versionInputs, collect: machineOptions(root, home, c.machine) });
  }
  if (c.cli || c.gateway || (ns.inNamespace && c.netns)) await probeCase(c, dir, facts, vars, ns, { inputs, notCollected, knownSecrets, versionInputs });
  const version = pickVersion(facts, versionInputs);
  if (version) facts.version = version;
  // The pipeline's one derive stage, after every collector.
  deriveFacts(facts);
  return facts;
}

async function probeCase(c: RawCase, dir: string, facts: Facts, vars: NodeJS.ProcessEnv, ns: NamespaceOptions, ctx: Pick<Parameters<typeof startProbe>[2], 'inputs' | 'notCollected' | 'knownSecrets' | 'versionInputs'>): Promise<void> {
  // Without a recorded gateway nothing is contacted: the target is judged as with --no-probe.
  // A replayed gateway answers at once; the default 4 s deadline only measures how busy the machine
  // running the cases is (a loaded CI box once timed out a replay mid-handshake). Cases about a
  // deadline name their own --timeout. In the case's own network namespace the probe always runs:
  // what answers there (an address, a route, a name, a recorded gateway) is the case's input.
  const netns = ns.inNamespace ? c.netns : undefined;
  const flags: ProbeFlags = { timeout: REPLAY_TIMEOUT_MS, ...(c.cli ?? {}), json: true, probe: !!c.gateway || !!netns };
  let close: (() => Promise<void>) | undefined;
  if (c.gateway) {
    // The URL the user probes (flag, config, default) keeps its port; only the host moves to a
    // fresh loopback address where the recorded gateway answers.
    const target = resolveTarget({ url: flags.url, env: vars, ...(facts.config?.value ? { config: facts.config.value } : {}) });
    // In a namespace a gateway on the LAN answers at its own address (or a name's /etc/hosts entry).
    const own = netns && !target.error ? (net.isIP(target.host) ? target.host : netns.hosts?.[target.host]) : undefined;
    if (own && !isLoopbackKind(target.hostKind)) {
      const replay = await startReplay(gatewayClient(c.gateway, dir), { listen: { host: own, port: target.port }, ...(ns.trustedCa ? { trustedCa: ns.trustedCa } : {}) });
      close = replay.close;
    } else if (!target.error && (target.hostKind === 'loopback' || target.hostKind === 'localhost-name')) {
      const replay = await startReplay(gatewayClient(c.gateway, dir), { listen: await replayAddress(target.port) });
      close = replay.close;
      const u = new URL(flags.url ?? target.url);
      u.host = new URL(replay.url).host;
      flags.url = u.toString().replace(/\/$/, u.pathname === '/' && !(flags.url ?? target.url).endsWith('/') ? '' : '/');
    }
  }
  try {
    // Env facts are already collected here, so the answer is filed at once.
    (await startProbe(flags, facts, { ...ctx, env: vars, stderr: process.stderr, loopbackOnly: !netns }))();
  } finally {
    await close?.();
  }
}
