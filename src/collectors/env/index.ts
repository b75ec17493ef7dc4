// The environment collector (issue #5): facts about the machine the doctor runs on. Read-only,
// every fact group bounded in time, and every fact it could not determine named in `unknown`
// instead of guessed. Runs against a fake filesystem root for tests (`root`).
// Over ~300 lines on purpose: one job — start every fact group under one deadline and record what could not be read; the groups' readers are their own modules.
import { execFileGroup } from '../../shared/exec-group.js';
import os from 'node:os';
import path from 'node:path';
import type { EnvFacts } from '../../types.js';
import { normalizeVersion } from '../../shared/version/calver.js';
import { get } from '../../shared/json/get.js';
import { Deadline, TIMED_OUT, makeFsRoot, within, type FsRoot } from './fsroot.js';
import { bridgeAddresses, flattenInterfaces, parseProcNetTcp, parseRouteTable, summariseRoutes } from './network.js';
import { deferOwners, ownersOf, type Listeners } from './owners.js';
import { collectOpenClaw, type ExecFn, type OpenClawEnv } from './openclaw.js';
import { readGatewayCmd, readLaunchdPlists, readSystemdUnits, type ServiceFact } from './services.js';
import { describeOs, detectContainer, detectWsl } from './system.js';

export type { ExecFn } from './openclaw.js';

export interface CollectEnvOptions {
  env: Record<string, string | undefined>;
  homedir: string;
  /** Filesystem root for fixtures; default `/`. */
  root?: string;
  /** Gateway port to look up listeners on (default: OPENCLAW_GATEWAY_PORT, gateway.port, 18789). */
  port?: number;
  /** The parsed config document (for version stamps, tokens, trustedProxies). */
  configValue?: Record<string, unknown>;
  /** Total budget in ms (default 1200, capped at `capMs`). */
  timeoutMs?: number;
  /**
   * The cap on the budget (default 1500: the environment must never delay a diagnosis) and on one
   * spawned command (default 800). Raised only by callers that accept a slower answer, e.g. tests on
   * a stalled machine, where a healthy `openclaw --version` can take longer than 800 ms to run.
   */
  capMs?: number;
  execCapMs?: number;
  /** Runs `openclaw --version`; `false` never spawns. Default: child_process.execFile. */
  exec?: ExecFn | false;
  /** Overrides for tests / fixtures. */
  platform?: string;
  release?: string;
  nodeVersion?: string;
  nodeExecPath?: string;
  networkInterfaces?: () => Record<string, os.NetworkInterfaceInfo[] | undefined>;
  hostname?: string;
  /**
   * Leave the listeners' processes (the walk over every /proc/<pid>/fd, ~7–8 ms on a busy host) for
   * `lookUpListenerOwners` (./owners.ts), run once the rules show one could read them. Default: look now.
   */
  deferOwners?: boolean;
}

const DEFAULT_PORT = 18789;
const HARD_CAP_MS = 1500;

export const defaultExec: ExecFn = (file, args, opts) =>
  new Promise((resolve) => {
    // Its own process group, killed whole at the deadline (src/shared/exec-group.ts).
    execFileGroup(file, args, { timeoutMs: opts.timeoutMs, maxBuffer: 64 * 1024, windowsHide: true, env: opts.env as NodeJS.ProcessEnv }, (err, stdout, stderr, timedOut) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      resolve({ stdout, stderr, code: e ? (typeof e.code === 'number' ? e.code : null) : 0, timedOut });
    });
  });

export function resolveGatewayPort(opts: Pick<CollectEnvOptions, 'port' | 'env' | 'configValue'>): number {
  if (opts.port && opts.port > 0) return opts.port;
  const fromEnv = Number(opts.env.OPENCLAW_GATEWAY_PORT ?? opts.env.CLAWDBOT_GATEWAY_PORT);
  if (Number.isInteger(fromEnv) && fromEnv > 0 && fromEnv < 65536) return fromEnv;
  const fromCfg = get(opts.configValue, 'gateway', 'port');
  if (typeof fromCfg === 'number' && Number.isInteger(fromCfg) && fromCfg > 0 && fromCfg < 65536) return fromCfg;
  return DEFAULT_PORT;
}

export async function collectEnv(opts: CollectEnvOptions): Promise<EnvFacts> {
  const t0 = Date.now();
  const budget = Math.min(opts.timeoutMs ?? 1200, opts.capMs ?? HARD_CAP_MS);
  const deadline = new Deadline(budget);
  const fs = makeFsRoot(opts.root ?? '/');
  const isRealRoot = fs.root === path.parse(fs.root).root;
  const env = opts.env;
  const homedir = opts.homedir;
  const platform = opts.platform ?? (isRealRoot ? process.platform : 'linux');
  const unknown: string[] = [];
  const timings: Record<string, number> = {};
  const facts: EnvFacts = {};

  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    const s = Date.now();
    const r = await within(work(), deadline.remaining());
    timings[name] = Date.now() - s;
    if (r === TIMED_OUT) {
      unknown.push(`${name} (timed out)`);
      return undefined;
    }
    return r;
  };

  // ---- OS and Node: from the running process (or the fixture's overrides)
  facts.platform = platform;
  facts.node = opts.nodeVersion ?? process.version;
  const hostname = opts.hostname ?? (isRealRoot ? safeHostname() : undefined);
  if (hostname) facts.hostname = hostname;
  const gatewayPort = resolveGatewayPort(opts);
  facts.gatewayPort = gatewayPort;
  const stateDir = env.OPENCLAW_STATE_DIR ?? path.posix.join(homedir, '.openclaw');

  const tasks = await Promise.all([
    timed('os', () => describeOs(fs, platform, opts.release ?? (isRealRoot ? os.release() : ''))),
    timed('container', () => detectContainer(fs, env)),
    timed('wsl', () => detectWsl(fs, env, platform)),
    timed('routes', async () => fs.readTextOrError('/proc/net/route', 64 * 1024)),
    timed('openclaw', () =>
      collectOpenClaw(fs, {
        env,
        homedir,
        platform,
        nodeExecPath: opts.nodeExecPath ?? (isRealRoot ? process.execPath : undefined),
        exec: opts.exec === false ? undefined : (opts.exec ?? defaultExec),
        execTimeoutMs: Math.max(100, Math.min(opts.execCapMs ?? 800, deadline.remaining() - 100)),
      }),
    ),
    timed('services', () => collectServices(fs, env, homedir, stateDir)),
    timed('listeners', () => collectListeners(fs, gatewayPort, deadline, opts.deferOwners === true)),
    timed('legacy', () => collectLegacyDirs(fs, env, homedir)),
  ]);
  const [osInfo, container, wsl, routes, oc, services, listeners, legacyDirs] = tasks as [
    Awaited<ReturnType<typeof describeOs>> | undefined,
    Awaited<ReturnType<typeof detectContainer>> | undefined,
    Awaited<ReturnType<typeof detectWsl>> | undefined,
    { text?: string; error?: string } | undefined,
    OpenClawEnv | undefined,
    Awaited<ReturnType<typeof collectServices>> | undefined,
    Awaited<ReturnType<typeof collectListeners>> | undefined,
    string[] | undefined,
  ];

  if (osInfo) {
    facts.os = osInfo.os;
    if (osInfo.distro) facts.distro = osInfo.distro;
  }

  if (container?.container) facts.container = container.container;
  else if (container) unknown.push('container');

  if (wsl && wsl.wsl !== undefined) {
    facts.wsl = wsl.wsl;
    if (wsl.version) facts.wslVersion = wsl.version;
  } else if (wsl) unknown.push('wsl');

  // ---- routing table and interfaces
  if (routes?.text !== undefined) {
    const summary = summariseRoutes(parseRouteTable(routes.text));
    if (summary.defaultGateway) facts.defaultGateway = summary.defaultGateway;
    else unknown.push('defaultGateway (no default route)');
    if (summary.defaultInterface) facts.defaultInterface = summary.defaultInterface;
    facts.networks = summary.networks;
  } else if (routes) {
    unknown.push(routes.error ? `defaultGateway (/proc/net/route: ${routes.error})` : 'defaultGateway');
  }
  try {
    const provider = opts.networkInterfaces ?? (isRealRoot ? () => os.networkInterfaces() : undefined);
    if (provider) {
      const addrs = flattenInterfaces(provider());
      facts.addresses = addrs.map((a) => a.address);
      const bridges = bridgeAddresses(addrs).map((a) => (a.cidr ? { iface: a.iface, address: a.address, cidr: a.cidr } : { iface: a.iface, address: a.address }));
      if (bridges.length) facts.bridges = bridges;
    } else unknown.push('addresses');
  } catch {
    unknown.push('addresses');
  }

  // ---- OpenClaw installs
  const secrets: string[] = [];
  if (oc) {
    const ocFacts: NonNullable<EnvFacts['openclaw']> = {};
    // The binary on PATH is what the user runs: its package, else its --version output, else the
    // only install found.
    const single = oc.installs.length === 1 ? oc.installs[0] : undefined;
    const active = oc.active ?? (oc.versionCommand?.version ? undefined : single);
    const cliVersion = active?.version ?? oc.versionCommand?.version;
    if (cliVersion) ocFacts.cliVersion = cliVersion;
    const cliPath = oc.pathBinaryResolved ?? oc.pathBinary ?? active?.root;
    if (cliPath) ocFacts.cliPath = cliPath;
    const commit = active?.commit ?? oc.versionCommand?.commit;
    if (commit) ocFacts.buildCommit = commit;
    // The package the PATH binary runs (a service running another one is stale after an update).
    if (oc.active?.root) ocFacts.activeRoot = oc.active.root;
    ocFacts.installs = oc.installs.map((i) => {
      const o: { root: string; version?: string; commit?: string; builtAt?: string; via: string } = { root: i.root, via: i.via };
      if (i.version) o.version = i.version;
      if (i.commit) o.commit = i.commit;
      if (i.builtAt) o.builtAt = i.builtAt;
      return o;
    });
    ocFacts.pathBinaries = oc.pathBinaries;
    if (oc.versionCommand) {
      const vc: { ran: boolean; ms?: number; output?: string; version?: string; error?: string } = { ran: oc.versionCommand.ran };
      if (oc.versionCommand.ms !== undefined) vc.ms = oc.versionCommand.ms;
      if (oc.versionCommand.output) vc.output = oc.versionCommand.output;
      if (oc.versionCommand.version) vc.version = oc.versionCommand.version;
      if (oc.versionCommand.error) vc.error = oc.versionCommand.error;
      ocFacts.versionCommand = vc;
    }
    ocFacts.installed = oc.installs.length > 0 || oc.pathBinaries.length > 0;
    facts.openclaw = ocFacts;
    unknown.push(...oc.unknown);
  } else {
    unknown.push('openclaw');
  }

  // ---- version stamps in the config
  if (opts.configValue) {
    const cv: NonNullable<EnvFacts['configVersions']> = {};
    const touched = get(opts.configValue, 'meta', 'lastTouchedVersion');
    const wiz = get(opts.configValue, 'wizard', 'lastRunVersion');
    const cmd = get(opts.configValue, 'wizard', 'lastRunCommand');
    if (typeof touched === 'string') cv.lastTouchedVersion = normalizeVersion(touched) ?? touched;
    if (typeof wiz === 'string') cv.lastRunVersion = normalizeVersion(wiz) ?? wiz;
    if (typeof cmd === 'string') cv.lastRunCommand = cmd;
    facts.configVersions = cv;
  } else {
    unknown.push('configVersions (no config)');
  }

  // ---- services
  if (services) {
    facts.services = services.services.map((s) => toServiceFact(s));
    facts.services.forEach((s, i) => {
      if (s.token) secrets.push(`services.${i}.token`);
      if (s.password) secrets.push(`services.${i}.password`);
    });
    for (const u of services.unreadable) unknown.push(`services (${u} unreadable)`);
  } else {
    unknown.push('services');
  }

  // ---- listeners on the gateway port
  if (listeners) {
    if (listeners.readable) {
      facts.listeners = listeners.listeners;
      if (listeners.pidUnknown) unknown.push('listeners.pid (other users\u2019 processes are not readable)');
      // The late walk gets its own deadline: it runs after the paste is read (stdin may take seconds),
      // so the collection's would often be spent. Worst case, the environment's I/O takes twice the
      // budget (2 x 1200 ms by default, 2 x 1500 ms at the cap): the collection, then the walk.
      if (listeners.pending) deferOwners(facts, () => listeners.pending!(budget));
    } else unknown.push('listeners');
  }

  // ---- legacy clawdbot / moltbot traces
  const legacy: string[] = [...(legacyDirs ?? [])];
  for (const s of facts.services ?? []) if (s.product && s.product !== 'openclaw') legacy.push(`${s.kind} service ${s.name} (${s.path})`);
  for (const i of oc?.legacyInstalls ?? []) legacy.push(`global package ${i.name}${i.version ? `@${i.version}` : ''} (${i.root})`);
  const legacyEnv = Object.keys(env).filter((k) => /^(CLAWDBOT|MOLTBOT)_/.test(k));
  if (legacyEnv.length) legacy.push(`deprecated environment variables: ${legacyEnv.sort().join(', ')}`);
  if (!legacyDirs) unknown.push('legacy');
  facts.legacy = legacy;

  facts.secrets = secrets;
  timings.totalMs = Date.now() - t0;
  facts.timings = timings;
  facts.unknown = unknown;
  return facts;
}

function safeHostname(): string | undefined {
  try {
    return os.hostname() || undefined;
  } catch {
    return undefined;
  }
}

function toServiceFact(s: ServiceFact): NonNullable<EnvFacts['services']>[number] {
  const { kind, name, path: p, ...rest } = s;
  return { kind, name, path: p, ...rest };
}

async function collectServices(
  fs: FsRoot,
  env: Record<string, string | undefined>,
  homedir: string,
  stateDir: string,
): Promise<{ services: ServiceFact[]; unreadable: string[] }> {
  const userDir = env.XDG_CONFIG_HOME ? path.posix.join(env.XDG_CONFIG_HOME, 'systemd/user') : path.posix.join(homedir, '.config/systemd/user');
  const [systemd, launchd, cmd] = await Promise.all([
    readSystemdUnits(
      fs,
      [
        { dir: userDir, scope: 'user' },
        { dir: '/etc/systemd/system', scope: 'system' },
      ],
      homedir,
    ),
    readLaunchdPlists(fs, [path.posix.join(homedir, 'Library/LaunchAgents'), '/Library/LaunchDaemons']),
    readGatewayCmd(fs, stateDir),
  ]);
  const services = [...systemd.services, ...launchd.services];
  if (cmd) services.push(cmd);
  return { services, unreadable: [...systemd.unreadable, ...launchd.unreadable] };
}

async function collectListeners(
  fs: FsRoot,
  port: number,
  deadline: Deadline,
  defer: boolean,
): Promise<{ readable: boolean; listeners: Listeners; pidUnknown: boolean; pending?: (budgetMs: number) => Promise<boolean> }> {
  const [v4, inUse6] = await Promise.all([fs.readProcTable('/proc/net/tcp', 1024 * 1024, { listenersOnly: true }), tcp6InUse(fs)]);
  // No IPv6 TCP socket at all (the kernel's own count): /proc/net/tcp6 would list none, and reading
  // it would walk the whole socket hash table to find that out (~2 ms of kernel time with a few
  // thousand IPv4 sockets). Read when the count is unknown or not 0, or when the IPv4 table could
  // not be read (whether the listeners are readable at all then depends on this table).
  const v6 = v4 !== undefined && inUse6 === 0 ? '' : await fs.readProcTable('/proc/net/tcp6', 1024 * 1024, { listenersOnly: true });
  if (v4 === undefined && v6 === undefined) return { readable: false, listeners: [], pidUnknown: false };
  const sockets = [...parseProcNetTcp(v4 ?? '', 'IPv4', port), ...parseProcNetTcp(v6 ?? '', 'IPv6', port)];
  if (!sockets.length) return { readable: true, listeners: [], pidUnknown: false };
  const listeners: Listeners = sockets.map((s) => ({ port: s.port, address: s.address, family: s.family, inode: s.inode }));
  if (defer) return { readable: true, listeners, pidUnknown: false, pending: (budgetMs) => ownersOf(fs, listeners, new Deadline(budgetMs)) };
  return { readable: true, listeners, pidUnknown: await ownersOf(fs, listeners, deadline) };
}

/**
 * IPv6 TCP sockets in use in this network namespace (`TCP6: inuse N` of /proc/net/sockstat6: kernel
 * counters, no table walk; a listening socket is always counted), or undefined when not known.
 */
async function tcp6InUse(fs: FsRoot): Promise<number | undefined> {
  const m = (await fs.readText('/proc/net/sockstat6', 4096))?.match(/^TCP6: inuse (\d+)$/m);
  return m ? Number(m[1]) : undefined;
}

async function collectLegacyDirs(fs: FsRoot, env: Record<string, string | undefined>, homedir: string): Promise<string[]> {
  const out: string[] = [];
  const dirs = ['.clawdbot', '.moltbot', '.moldbot'].map((d) => path.posix.join(homedir, d));
  if (env.CLAWDBOT_STATE_DIR) dirs.push(env.CLAWDBOT_STATE_DIR);
  for (const d of dirs) {
    if (!(await fs.exists(d))) continue;
    if (await fs.isSymlink(d)) {
      const target = await fs.readlink(d);
      out.push(`state dir ${d} -> ${target ?? '?'} (symlink left by the migration)`);
    } else out.push(`state dir ${d}`);
  }
  return out;
}
