// Comparisons rules need, computed once so rules stay declarative (`env.derived.x`).
import ipaddr from 'ipaddr.js';
import type { EnvFacts } from '../../types.js';
import { compareVersions, normalizeVersion } from '../../shared/version/calver.js';

type Services = NonNullable<EnvFacts['services']>;

/** A nested value of a plain JSON object, or undefined. */
export function get(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** A literal secret in the config (not a SecretRef object, not a `${VAR}` reference). */
function literalSecret(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '' || /\$\{[^}]+\}/.test(v)) return undefined;
  return v;
}

/** Does a trustedProxies entry cover an address (exact IP or CIDR, IPv4-mapped normalised)? */
export function proxyEntryCovers(entry: string, address: string): boolean {
  const norm = (s: string) => s.trim().toLowerCase().replace(/^::ffff:/, '');
  const a = norm(address);
  const e = norm(entry);
  if (!e.includes('/')) return e === a;
  try {
    const addr = ipaddr.parse(a);
    const [range, bits] = ipaddr.parseCIDR(e);
    if (addr.kind() !== range.kind()) return false;
    return addr.match(range, bits);
  } catch {
    return false;
  }
}

function cidrCovers(cidr: string, ip: string): boolean {
  return proxyEntryCovers(cidr, ip);
}

export function isPrivateBridgeLike(ip: string): boolean {
  try {
    const a = ipaddr.parse(ip);
    return a.kind() === 'ipv4' && a.range() === 'private';
  } catch {
    return false;
  }
}

export interface DeriveInput {
  env: EnvFacts;
  configValue?: Record<string, unknown>;
  processEnv: Record<string, string | undefined>;
  activeInstallRoot?: string;
}

export function deriveEnv({ env, configValue, processEnv, activeInstallRoot }: DeriveInput): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  const services: Services = env.services ?? [];
  const ocServices = services.filter((s) => (s.product ?? 'openclaw') === 'openclaw');
  const legacyServices = services.filter((s) => s.product && s.product !== 'openclaw');

  d.gatewayPort = env.gatewayPort;
  d.inContainer = env.container ? ['docker', 'podman', 'kubernetes'].includes(env.container.kind) : undefined;
  d.serviceCount = ocServices.length;
  d.legacyServicePresent = legacyServices.length > 0;
  d.legacyPresent = (env.legacy?.length ?? 0) > 0;

  // The address a gateway in this container sees for clients NAT'd through the bridge, or the
  // host's own bridge address when the doctor runs on the Docker host.
  if (d.inContainer && env.defaultGateway && isPrivateBridgeLike(env.defaultGateway)) {
    d.bridgeGateway = env.defaultGateway;
    const net = env.networks?.find((n) => n.iface === env.defaultInterface && cidrCovers(n.cidr, env.defaultGateway!));
    if (net) d.bridgeCidr = net.cidr;
  } else if (env.bridges?.[0]) {
    d.bridgeGateway = env.bridges[0].address;
    const net = env.networks?.find((n) => n.iface === env.bridges![0]!.iface);
    if (net) d.bridgeCidr = net.cidr;
  }

  // ---- tokens: service vs config vs this shell
  const cfgToken = literalSecret(get(configValue, 'gateway', 'auth', 'token'));
  const cfgPassword = literalSecret(get(configValue, 'gateway', 'auth', 'password'));
  const bakedTokens = ocServices.filter((s) => s.token);
  d.serviceTokenBaked = bakedTokens.length > 0;
  if (bakedTokens.length && cfgToken !== undefined) {
    const bad = bakedTokens.filter((s) => s.token !== cfgToken);
    d.serviceTokenMismatch = bad.length > 0;
    if (bad[0]) d.serviceTokenMismatchService = bad[0].name;
  }
  const bakedPasswords = ocServices.filter((s) => s.password);
  if (bakedPasswords.length && cfgPassword !== undefined) d.servicePasswordMismatch = bakedPasswords.some((s) => s.password !== cfgPassword);
  const shellToken = processEnv.OPENCLAW_GATEWAY_TOKEN;
  d.shellTokenSet = Boolean(shellToken);
  if (shellToken && cfgToken !== undefined) d.shellTokenMismatch = shellToken !== cfgToken;

  // ---- versions: CLI vs service vs config stamps
  const cli = env.openclaw?.cliVersion;
  const svcVersion = ocServices.map((s) => s.serviceVersion && normalizeVersion(s.serviceVersion)).find(Boolean);
  if (cli) d.cliVersion = cli;
  if (svcVersion) d.serviceVersion = svcVersion;
  if (cli && svcVersion) {
    d.cliServiceVersionSkew = cli !== svcVersion;
    if (cli !== svcVersion) d.cliNewerThanService = safeCompare(cli, svcVersion) > 0;
  }
  const touched = env.configVersions?.lastTouchedVersion;
  if (cli && touched) {
    d.configWrittenByNewer = safeCompare(touched, cli) > 0;
    if (d.configWrittenByNewer) d.configLastTouchedVersion = touched;
  }
  const installs = env.openclaw?.installs ?? [];
  d.installCount = installs.length;
  d.multipleInstalls = installs.length > 1;
  if (installs.length > 1) d.installVersions = installs.map((i) => i.version ?? '?').join(', ');

  // A service whose ExecStart runs an openclaw package other than the one on PATH (stale after
  // `openclaw update` upgraded a different install).
  if (activeInstallRoot) {
    const stale = ocServices.find((s) => s.execStart && /node_modules[\\/]openclaw\b/.test(s.execStart) && !s.execStart.includes(activeInstallRoot));
    d.serviceEntrypointMismatch = Boolean(stale);
    if (stale) d.serviceEntrypoint = stale.execStart;
  }

  // ---- the gateway port
  const listeners = env.listeners ?? [];
  d.portListenerCount = listeners.length;
  const pids = [...new Set(listeners.map((l) => l.pid).filter((p): p is number => typeof p === 'number'))];
  d.portListenerPids = pids.length;
  d.portMultipleProcesses = pids.length > 1;
  const foreign = listeners.find((l) => l.command && !/openclaw|clawdbot|moltbot|node(\s|$)|\/node\b/i.test(l.command));
  d.portForeignListener = Boolean(foreign);
  if (foreign?.command) d.portForeignCommand = foreign.command.slice(0, 120);
  const legacyListener = listeners.find((l) => l.command && /clawdbot|moltbot|moldbot/i.test(l.command));
  d.portLegacyListener = Boolean(legacyListener);

  // ---- trustedProxies vs the bridge address
  const tp = get(configValue, 'gateway', 'trustedProxies');
  if (Array.isArray(tp) && typeof d.bridgeGateway === 'string') {
    const entries = tp.filter((e): e is string => typeof e === 'string');
    d.trustedProxiesCoverBridge = entries.some((e) => proxyEntryCovers(e, d.bridgeGateway as string));
  } else if (configValue && typeof d.bridgeGateway === 'string' && d.inContainer) {
    d.trustedProxiesCoverBridge = false;
  }
  return d;
}

function safeCompare(a: string, b: string): number {
  try {
    return compareVersions(a, b);
  } catch {
    return 0;
  }
}
