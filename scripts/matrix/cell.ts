// One matrix cell = one (release, scenario), run as its own process, normally inside a private
// network namespace (`unshare -rn`): only the namespace's own loopback and veth interfaces exist,
// nothing outside is reachable. It writes the scenario's files, starts `openclaw gateway --port N`
// with an isolated HOME/state, waits for it (or for its exit), probes it with the project's own
// probe as 2–4 client kinds (recording a protocol transcript of each), runs OpenClaw's own CLI
// commands where asked, stops every process it started (SIGTERM, SIGKILL after 10 s) and writes a
// raw CellResult JSON. Normalisation happens in main.ts.
//
//   node cell.mjs <spec.json> <result.json>
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { collectProbe, type ProbeOptions, type ProbeTranscript } from '../../src/collectors/probe/index.js';
import type { CellResult, CellSpec, ClientResult, ClientSpec, CliResult, GatewayResult } from './types.js';
import { summarise } from './summary.js';
import { isAlive, stopPid } from '../real-gateway/pids.js';
import { LAN_IP, TAILNET_IP } from './scenarios.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const now = () => Date.now();

function log(msg: string): void {
  if (!process.env.CLAWKIT_MATRIX_QUIET) process.stderr.write(`[cell] ${msg}\n`);
}

// ---------------------------------------------------------------------------- network namespace

const NS_IFACES = new Set(['lo', 'eth0', 'eth0p', 'tailscale0', 'ts0p']);

/** Set up the private namespace's interfaces and refuse to go on if this is not one. */
function setupNamespace(tailnet: boolean): void {
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // Safety first: a fresh namespace has only `lo`. Anything else means we are on a real network.
  const before = Object.keys(os.networkInterfaces());
  const links = execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(':')[1]!.trim().split('@')[0]!);
  if (links.some((l) => l !== 'lo') || before.some((i) => i !== 'lo')) {
    throw new Error(`cell: not in a fresh private network namespace (interfaces: ${links.join(', ')}); refusing to run`);
  }
  ip('link', 'set', 'lo', 'up');
  // A LAN interface that exists only inside this namespace (a veth pair whose both ends are here).
  ip('link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0p');
  ip('addr', 'add', `${LAN_IP}/24`, 'dev', 'eth0');
  ip('link', 'set', 'eth0', 'up');
  ip('link', 'set', 'eth0p', 'up');
  if (tailnet) {
    ip('link', 'add', 'tailscale0', 'type', 'veth', 'peer', 'name', 'ts0p');
    ip('addr', 'add', `${TAILNET_IP}/32`, 'dev', 'tailscale0');
    ip('link', 'set', 'tailscale0', 'up');
    ip('link', 'set', 'ts0p', 'up');
  }
  const after = Object.keys(os.networkInterfaces());
  if (after.some((i) => !NS_IFACES.has(i))) throw new Error(`cell: unexpected interface in the namespace: ${after.join(', ')}`);
  // No default route: nothing outside the namespace is reachable.
  const routes = execFileSync('ip', ['route'], { encoding: 'utf8' });
  if (/^default /m.test(routes)) throw new Error('cell: the namespace has a default route; refusing to run');
}

function isLoopbackHost(h: string): boolean {
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

// ---------------------------------------------------------------------------- processes

/** All descendants of pid (inclusive), from /proc. */
function processTree(root: number): number[] {
  const kids = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = kids.get(ppid) ?? [];
      list.push(Number(d));
      kids.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(kids.get(p) ?? []));
  }
  return out;
}

function hexToIp4(h: string): string {
  const n = Buffer.from(h, 'hex');
  return `${n[3]}.${n[2]}.${n[1]}.${n[0]}`;
}
function hexToIp6(h: string): string {
  const b = Buffer.from(h, 'hex');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 4) {
    const w = Buffer.from([b[i + 3]!, b[i + 2]!, b[i + 1]!, b[i]!]);
    words.push(w.toString('hex').slice(0, 4), w.toString('hex').slice(4));
  }
  const full = words.map((w) => w.replace(/^0+(?=.)/, '')).join(':');
  if (full === '0:0:0:0:0:0:0:1') return '::1';
  if (full === '0:0:0:0:0:0:0:0') return '::';
  const m = /^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/.exec(full);
  if (m) {
    const a = parseInt(m[1]!, 16);
    const c = parseInt(m[2]!, 16);
    return `::ffff:${a >> 8}.${a & 255}.${c >> 8}.${c & 255}`;
  }
  return full.replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** Listening TCP sockets owned by the given processes, as "addr:port" ("[v6]:port"). */
function listeningSockets(pids: number[]): string[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const l = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(l);
        if (m) inodes.add(m[1]!);
      } catch {
        /* closed */
      }
    }
  }
  const out = new Set<string>();
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9]!)) continue;
      const [a, p] = f[1]!.split(':');
      const port = parseInt(p!, 16);
      out.add(v6 ? `[${hexToIp6(a!)}]:${port}` : `${hexToIp4(a!)}:${port}`);
    }
  }
  return [...out].sort();
}

interface Running {
  child: ChildProcess;
  pid: number;
  logFile: string;
  t0: number;
  exit?: { code: number | null; signal: string | null };
  exitMs?: number;
}

function startGateway(spec: CellSpec, env: NodeJS.ProcessEnv, logFile: string): Running {
  const fd = fs.openSync(logFile, 'a');
  const args = ['gateway', ...(spec.scenario.args ?? ['--port', String(spec.port)])];
  const child = spawn(spec.ocBin, args, { cwd: spec.stateDir, env, detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  if (!child.pid) throw new Error(`cell: could not spawn ${spec.ocBin}`);
  const r: Running = { child, pid: child.pid, logFile, t0: now() };
  fs.appendFileSync(path.join(spec.stateDir, 'matrix-pids'), `${child.pid}\n`);
  child.on('exit', (code, signal) => {
    r.exit = { code, signal };
    r.exitMs = now() - r.t0;
  });
  return r;
}

function httpGet(url: string, ms: number): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const mod = url.startsWith('https') ? https : http;
    const req = mod.get(url, { timeout: ms, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        if (body.length < 4096) body += d.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.slice(0, 4096) }));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(undefined);
    });
    req.on('error', () => resolve(undefined));
  });
}

interface WaitResult {
  started: boolean;
  ready: boolean;
  listening: string[];
  readyz?: { status: number; body: string };
  waitedFor: string;
  readyMs?: number;
  portMs?: number;
}

/** Wait until the gateway listens on its port and says it is ready, or exits, or the deadline passes. */
async function waitForGateway(spec: CellSpec, g: Running, timeoutMs: number): Promise<WaitResult> {
  const deadline = g.t0 + timeoutMs;
  const port = spec.port;
  let portMs: number | undefined;
  let lastReadyz: { status: number; body: string } | undefined;
  let listening: string[] = [];
  const scheme = spec.scenario.tls ? 'https' : 'http';
  for (;;) {
    if (g.exit) {
      return {
        started: portMs !== undefined,
        ready: false,
        listening,
        ...(lastReadyz ? { readyz: lastReadyz } : {}),
        waitedFor: `the gateway exited (${g.exit.code ?? g.exit.signal}) after ${now() - g.t0} ms${portMs !== undefined ? ' (it had listened)' : ' without listening'}`,
        ...(portMs !== undefined ? { portMs } : {}),
      };
    }
    listening = listeningSockets(processTree(g.pid));
    const onPort = listening.filter((l) => l.endsWith(`:${port}`));
    if (onPort.length) {
      portMs ??= now() - g.t0;
      // Ask /readyz on an address it listens on (loopback first).
      const addr = onPort.find((l) => l.startsWith('127.')) ?? onPort.find((l) => l.startsWith('[::1]')) ?? onPort[0]!;
      let host = addr.slice(0, addr.lastIndexOf(':'));
      if (host === '0.0.0.0') host = '127.0.0.1';
      if (host === '[::]') host = '[::1]';
      const r = await httpGet(`${scheme}://${host}:${port}/readyz`, 1500);
      if (r) lastReadyz = r;
      // Recent releases answer 503 {"ready":false} until their sidecars are up; old ones have no
      // /readyz (the Control UI page for every path) — any non-503 answer means "serving".
      if (r && r.status !== 503) {
        return { started: true, ready: true, listening: listeningSockets(processTree(g.pid)), readyz: r, waitedFor: `/readyz answered ${r.status}`, readyMs: now() - g.t0, portMs };
      }
      if (now() - g.t0 - portMs > 45_000) {
        return { started: true, ready: false, listening, ...(lastReadyz ? { readyz: lastReadyz } : {}), waitedFor: `listening for 45 s but /readyz still ${r ? r.status : 'no answer'}`, portMs };
      }
    }
    if (now() > deadline) {
      return {
        started: false,
        ready: false,
        listening,
        waitedFor: `gave up after ${timeoutMs} ms waiting for a listening socket on port ${port} owned by the gateway (pid ${g.pid}) and /readyz`,
      };
    }
    await sleep(150);
  }
}

// ---------------------------------------------------------------------------- clients

function gatewayFingerprint(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = tls.connect({ host, port, rejectUnauthorized: false, servername: net.isIP(host) ? undefined : host } as tls.ConnectionOptions, () => {
      const c = s.getPeerCertificate();
      s.destroy();
      resolve(c?.fingerprint256 ? c.fingerprint256.replace(/:/g, '').toLowerCase() : undefined);
    });
    s.setTimeout(3000, () => {
      s.destroy();
      resolve(undefined);
    });
    s.on('error', () => resolve(undefined));
  });
}

async function runClient(spec: CellSpec, c: ClientSpec): Promise<ClientResult> {
  const sc = spec.scenario;
  const cred = c.credential === undefined ? (sc.credential ?? null) : c.credential;
  const scheme = c.scheme ?? (sc.tls ? 'wss' : 'ws');
  const host = c.host ?? '127.0.0.1';
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const url = `${scheme}://${hostForUrl}:${spec.port}`;
  const loopback = isLoopbackHost(host);
  if (!loopback && !spec.netns) throw new Error(`cell: client ${c.id} targets ${host}, which is only allowed inside a private namespace`);
  const transcript: ProbeTranscript = { events: [] };
  const opts: ProbeOptions = { url, ...(c.probeDefaults ? {} : { timeoutMs: spec.probeTimeoutMs }), loopbackOnly: loopback, allowLan: !loopback, env: {}, transcript };
  if (cred && 'token' in cred) opts.token = cred.token;
  if (cred && 'password' in cred) opts.password = cred.password;
  if (c.primeFailures) {
    const { transcript: _t, ...plain } = opts;
    await Promise.all(Array.from({ length: c.primeFailures }, () => collectProbe({ ...plain, timeoutMs: 30_000 })));
  }
  if (c.kind === 'control-ui') {
    opts.client = 'control-ui';
    opts.origin = c.origin ?? sc.browserOrigin ?? `${scheme === 'wss' ? 'https' : 'http'}://127.0.0.1:${spec.port}`;
  }
  if (c.kind === 'device') opts.device = true;
  if (c.headers) opts.headers = { ...c.headers };
  if (c.protocol) opts.protocol = { ...c.protocol };
  let pinned: string | undefined;
  if (c.pinGatewayCert) {
    pinned = await gatewayFingerprint(host, spec.port);
    if (pinned) opts.config = { gateway: { remote: { tlsFingerprint: pinned } } };
  }
  const facts = (await collectProbe(opts)) as unknown as Record<string, unknown>;
  const shown: Record<string, unknown> = { ...opts };
  delete shown.transcript;
  if (opts.token) shown.token = '<token>';
  if (opts.password) shown.password = '<password>';
  if (c.pinGatewayCert) shown.pinGatewayCert = true;
  if (c.primeFailures) shown.primeFailures = c.primeFailures;
  if (c.probeDefaults) shown.probeDefaults = true;
  return {
    id: c.id,
    kind: c.kind,
    description: c.description,
    options: shown,
    server: { tls: !!sc.tls },
    transcript: transcript.events,
    probeFacts: facts,
    summary: summarise(facts, transcript),
  };
}

async function runClients(spec: CellSpec, errors: string[]): Promise<ClientResult[]> {
  const out: ClientResult[] = [];
  for (const c of spec.scenario.clients ?? []) {
    try {
      out.push(await runClient(spec, c));
    } catch (e) {
      errors.push(`client ${c.id}: ${(e as Error).stack ?? String(e)}`);
    }
    await sleep(150);
  }
  return out;
}

// ---------------------------------------------------------------------------- OpenClaw's own CLI

function runCli(spec: CellSpec, env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const t0 = now();
    const child = spawn(spec.ocBin, args, { cwd: spec.stateDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout!.on('data', (d: Buffer) => {
      if (out.length < 256_000) out += d.toString('utf8');
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (err.length < 256_000) err += d.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) void stopPid(child.pid);
    }, 90_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Drain: stdout/stderr may still be flushing.
      setTimeout(() => {
        const r: CliResult = { cmd: ['openclaw', ...args], exitCode: code, signal, stdout: out, stderr: err, ms: now() - t0 };
        if (timedOut) r.timedOut = true;
        const json = parseJsonOutput(out);
        if (json !== undefined) r.json = json;
        // Children of the CLI (if any) must not outlive it.
        if (child.pid) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* group empty */
          }
        }
        resolve(r);
      }, 50);
    });
  });
}

function parseJsonOutput(s: string): unknown {
  const t = s.trim();
  if (!t) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    /* maybe a banner first */
  }
  const i = t.search(/^[{[]/m);
  if (i > 0) {
    try {
      return JSON.parse(t.slice(i));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------- files

function writeFiles(spec: CellSpec): void {
  fs.mkdirSync(path.join(spec.stateDir, 'home'), { recursive: true });
  fs.mkdirSync(spec.tmpDir, { recursive: true });
  if (spec.configText !== null) fs.writeFileSync(path.join(spec.stateDir, 'openclaw.json'), spec.configText);
  for (const [rel, text] of Object.entries(spec.files)) {
    const p = path.join(spec.stateDir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  const t = spec.scenario.tlsFiles;
  if (t) {
    const cert = path.join(spec.stateDir, t.cert);
    const key = path.join(spec.stateDir, t.key);
    fs.mkdirSync(path.dirname(cert), { recursive: true });
    fs.mkdirSync(path.dirname(key), { recursive: true });
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '3650', '-subj', `/CN=${t.cn}`, '-addext', `subjectAltName=DNS:${t.cn},IP:127.0.0.1`],
      { stdio: 'ignore' },
    );
  }
}

/** The config file, its siblings (openclaw.json.bak…, *.json5 includes) and the scenario's own files. */
function snapshotFiles(dir: string, declared: string[]): Map<string, string> {
  const m = new Map<string, string>();
  const names = fs.readdirSync(dir).filter((n) => /^openclaw\.json/.test(n) || /\.json5$/.test(n));
  for (const r of new Set([...names, ...declared])) {
    try {
      if (fs.statSync(path.join(dir, r)).isFile()) m.set(r, fs.readFileSync(path.join(dir, r), 'utf8').slice(0, 64_000));
    } catch {
      /* absent */
    }
  }
  return m;
}

// ---------------------------------------------------------------------------- main

async function occupyPort(port: number): Promise<http.Server> {
  const srv = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Another app</title><p>Some other web app owns this port.</p>\n');
  });
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ port, host: '127.0.0.1' }, () => resolve());
  });
  return srv;
}

export async function runCell(spec: CellSpec): Promise<CellResult> {
  const t0 = now();
  const sc = spec.scenario;
  const errors: string[] = [];
  if (spec.netns) setupNamespace(!!sc.tailnet);
  writeFiles(spec);
  const declared = [...Object.keys(spec.files), ...(sc.tlsFiles ? [sc.tlsFiles.cert, sc.tlsFiles.key] : [])];
  const before = snapshotFiles(spec.stateDir, declared);
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: `${spec.nodeBinDir}:/usr/local/bin:/usr/bin:/bin`,
    HOME: path.join(spec.stateDir, 'home'),
    OPENCLAW_HOME: path.join(spec.stateDir, 'home'),
    OPENCLAW_STATE_DIR: spec.stateDir,
    OPENCLAW_CONFIG_PATH: path.join(spec.stateDir, 'openclaw.json'),
    OPENCLAW_NO_AUTO_UPDATE: '1',
    NODE_COMPILE_CACHE: spec.compileCache,
    TMPDIR: spec.tmpDir,
    TZ: 'UTC',
    LANG: 'C.UTF-8',
  };
  const gwEnv = { ...baseEnv, ...(sc.env ?? {}) };
  const result: CellResult = {
    release: spec.release,
    scenario: sc.id,
    netns: spec.netns,
    nodeVersion: process.version,
    port: spec.port,
    stateDir: spec.stateDir,
    configWritten: spec.configText,
    files: spec.files,
    gateway: null,
    clients: [],
    cli: [],
    wallMs: 0,
    errors,
  };
  const toStop: Running[] = [];
  let occupier: http.Server | undefined;
  try {
    if (sc.pre === 'occupy-port') {
      occupier = await occupyPort(spec.port);
      result.pre = { kind: 'occupy-port', detail: { listening: `127.0.0.1:${spec.port}`, answers: 'HTTP 200 text/html (another web app)' } };
    } else if (sc.pre === 'first-instance') {
      const first = startGateway(spec, gwEnv, path.join(spec.stateDir, 'first-instance.log'));
      toStop.push(first);
      const w = await waitForGateway(spec, first, spec.readyTimeoutMs);
      result.pre = { kind: 'first-instance', detail: { started: w.started, ready: w.ready, listening: w.listening, waitedFor: w.waitedFor, readyMs: w.readyMs } };
      if (!w.ready) errors.push(`first instance not ready: ${w.waitedFor}`);
    }
    if (sc.pre !== 'no-gateway') {
      const logFile = path.join(spec.stateDir, 'gateway.out');
      log(`${spec.release} ${sc.id}: starting openclaw gateway ${(sc.args ?? ['--port', String(spec.port)]).join(' ')}`);
      const g = startGateway(spec, gwEnv, logFile);
      toStop.push(g);
      const timeout = sc.pre ? Math.min(spec.readyTimeoutMs, 45_000) : spec.readyTimeoutMs;
      const w = await waitForGateway(spec, g, timeout);
      log(`${spec.release} ${sc.id}: ${w.waitedFor}`);
      const gr: GatewayResult = {
        started: w.started,
        exit: g.exit ?? null,
        stoppedByUs: false,
        listening: w.listening,
        ready: w.ready,
        ...(w.readyz ? { readyz: w.readyz } : {}),
        waitedFor: w.waitedFor,
        output: '',
        outputLines: 0,
        ...(w.readyMs !== undefined ? { readyMs: w.readyMs } : {}),
        ...(w.portMs !== undefined ? { portMs: w.portMs } : {}),
        configRewritten: false,
        filesAfter: [],
      };
      result.gateway = gr;
      // A gateway that is up but not ready gets a moment more; the clients record what it says meanwhile.
      if (!g.exit) await sleep(300);
    }
    result.clients.push(...(await runClients(spec, errors)));
    for (const other of spec.sharing ?? []) {
      // Same gateway, the next scenario's clients (credential, origins and headers are theirs).
      const errs: string[] = [];
      log(`${spec.release} ${other.id}: clients against the gateway started for ${sc.id}`);
      (result.shared ??= []).push({ scenario: other.id, clients: await runClients({ ...spec, scenario: other }, errs), errors: errs });
    }
    if (spec.cliCommands.length || spec.extraCli?.length) {
      // On the host (no namespace) the port is not the default: tell OpenClaw's CLI where it is.
      const cliEnv = { ...baseEnv, ...(spec.port !== 18789 ? { OPENCLAW_GATEWAY_PORT: String(spec.port) } : {}), ...(sc.clientEnv ?? {}) };
      for (const args of spec.cliCommands) {
        log(`${spec.release} ${sc.id}: openclaw ${args.join(' ')}`);
        result.cli.push(await runCli(spec, cliEnv, args));
      }
      for (const e of spec.extraCli ?? []) {
        log(`${spec.release} ${sc.id}: ${Object.keys(e.env ?? {}).join(' ')} openclaw ${e.args.join(' ')}`);
        const r = await runCli(spec, { ...cliEnv, ...(e.env ?? {}) }, e.args);
        result.cli.push(e.env ? { ...r, env: e.env } : r);
      }
    }
  } catch (e) {
    errors.push((e as Error).stack ?? String(e));
  } finally {
    const main = toStop[toStop.length - 1];
    for (const r of [...toStop].reverse()) {
      const wasRunning = !r.exit;
      await stopPid(r.pid);
      if (r === main && result.gateway) {
        result.gateway.stoppedByUs = wasRunning;
        if (!wasRunning && r.exitMs !== undefined) result.gateway.exitMs = r.exitMs;
        if (!result.gateway.exit && !wasRunning && r.exit) result.gateway.exit = r.exit;
      }
    }
    if (occupier) await new Promise<void>((r) => occupier!.close(() => r()));
  }
  // Output (after the stop, so shutdown lines are in) and what the gateway did to its files.
  if (result.gateway) {
    const out = fs.readFileSync(path.join(spec.stateDir, 'gateway.out'), 'utf8');
    result.gateway.output = out.length > 2_000_000 ? out.slice(0, 1_000_000) + '\n…\n' + out.slice(-1_000_000) : out;
    const after = snapshotFiles(spec.stateDir, declared);
    const changed: Record<string, string | null> = {};
    for (const [k, v] of after) if (before.get(k) !== v) changed[k] = v;
    for (const k of before.keys()) if (!after.has(k)) changed[k] = null;
    result.gateway.filesAfter = [...after.keys()].sort();
    result.gateway.configRewritten = 'openclaw.json' in changed;
    if (result.gateway.configRewritten) result.gateway.configAfter = changed['openclaw.json'] ?? null;
    delete changed['openclaw.json'];
    if (Object.keys(changed).length) result.gateway.changedFiles = changed;
  }
  if (sc.pre === 'first-instance' && result.pre) {
    try {
      (result.pre.detail as Record<string, unknown>).output = fs.readFileSync(path.join(spec.stateDir, 'first-instance.log'), 'utf8').slice(0, 200_000);
    } catch {
      /* none */
    }
  }
  result.wallMs = now() - t0;
  return result;
}

// Entry point when run as `node cell.mjs spec.json result.json`.
const [specPath, outPath] = process.argv.slice(2);
if (specPath && outPath && process.env.CLAWKIT_MATRIX_CELL === '1') {
  const spec = JSON.parse(fs.readFileSync(specPath, 'utf8')) as CellSpec;
  runCell(spec)
    .then((r) => {
      fs.writeFileSync(outPath, JSON.stringify(r, null, 1));
      process.exit(0);
    })
    .catch((e: unknown) => {
      process.stderr.write(`cell failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    });
}
