// Facts about this machine that rules read as `env.derived.*`: comparisons between what the
// environment collector recorded (services, installs, listeners, bridges) and the config. Pure;
// runs in the derive stage (src/derive/index.ts), after every collector.
import type { EnvFacts } from '../types.js';
import { compareOrEqual, normalizeVersion } from '../shared/version/calver.js';
import { addressCovered, isPrivateIpv4 } from '../shared/net/cidr.js';
import { get } from '../shared/json/get.js';

type Services = NonNullable<EnvFacts['services']>;

/** A literal secret in the config (not a SecretRef object, not a `${VAR}` reference). */
function literalSecret(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '' || /\$\{[^}]+\}/.test(v)) return undefined;
  return v;
}

/** The environment's derived facts, given the config's value when one was parsed. */
export function deriveEnv(env: EnvFacts, configValue?: Record<string, unknown>): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  const services: Services = env.services ?? [];
  const ocServices = services.filter((s) => (s.product ?? 'openclaw') === 'openclaw');
  const legacyServices = services.filter((s) => s.product && s.product !== 'openclaw');
  const activeInstallRoot = env.openclaw?.activeRoot;

  d.gatewayPort = env.gatewayPort;
  d.inContainer = env.container ? ['docker', 'podman', 'kubernetes'].includes(env.container.kind) : undefined;
  d.legacyServicePresent = legacyServices.length > 0;

  // The address a gateway in this container sees for clients NAT'd through the bridge, or the
  // host's own bridge address when the doctor runs on the Docker host.
  if (d.inContainer && env.defaultGateway && isPrivateIpv4(env.defaultGateway)) {
    d.bridgeGateway = env.defaultGateway;
    const net = env.networks?.find((n) => n.iface === env.defaultInterface && addressCovered(env.defaultGateway!, [n.cidr]));
    if (net) d.bridgeCidr = net.cidr;
  } else if (env.bridges?.[0]) {
    d.bridgeGateway = env.bridges[0].address;
    const net = env.networks?.find((n) => n.iface === env.bridges![0]!.iface);
    if (net) d.bridgeCidr = net.cidr;
  }

  // ---- tokens: service vs config vs this shell
  const cfgToken = literalSecret(get(configValue, 'gateway', 'auth', 'token'));
  const bakedTokens = ocServices.filter((s) => s.token);
  d.serviceTokenBaked = bakedTokens.length > 0;
  if (bakedTokens.length && cfgToken !== undefined) {
    const bad = bakedTokens.filter((s) => s.token !== cfgToken);
    d.serviceTokenMismatch = bad.length > 0;
    if (bad[0]) d.serviceTokenMismatchService = bad[0].name;
  }

  // ---- versions: CLI vs service vs config stamps
  const cli = env.openclaw?.cliVersion;
  const svcVersion = ocServices.map((s) => s.serviceVersion && normalizeVersion(s.serviceVersion)).find(Boolean);
  if (cli) d.cliVersion = cli;
  if (svcVersion) d.serviceVersion = svcVersion;
  if (cli && svcVersion) {
    d.cliServiceVersionSkew = cli !== svcVersion;
    if (cli !== svcVersion) d.cliNewerThanService = compareOrEqual(cli, svcVersion) > 0;
  }
  const touched = env.configVersions?.lastTouchedVersion;
  if (cli && touched) {
    d.configWrittenByNewer = compareOrEqual(touched, cli) > 0;
    if (d.configWrittenByNewer) d.configLastTouchedVersion = touched;
  }
  d.multipleInstalls = (env.openclaw?.installs ?? []).length > 1;

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
  // Owners not looked up (no rule could read them on this run): what depends on them stays unknown.
  if (env.ownersNotLookedUp) return trustedProxies(d, configValue);
  const pids = [...new Set(listeners.map((l) => l.pid).filter((p): p is number => typeof p === 'number'))];
  d.portListenerPids = pids.length;
  d.portMultipleProcesses = pids.length > 1;
  const foreign = listeners.find((l) => l.command && !/openclaw|clawdbot|moltbot|node(\s|$)|\/node\b/i.test(l.command));
  d.portForeignListener = Boolean(foreign);
  if (foreign?.command) d.portForeignCommand = foreign.command.slice(0, 120);
  const legacyListener = listeners.find((l) => l.command && /clawdbot|moltbot|moldbot/i.test(l.command));
  d.portLegacyListener = Boolean(legacyListener);
  return trustedProxies(d, configValue);
}

/** trustedProxies vs the bridge address. */
function trustedProxies(d: Record<string, unknown>, configValue?: Record<string, unknown>): Record<string, unknown> {
  const tp = get(configValue, 'gateway', 'trustedProxies');
  if (Array.isArray(tp) && typeof d.bridgeGateway === 'string') {
    const entries = tp.filter((e): e is string => typeof e === 'string');
    d.trustedProxiesCoverBridge = addressCovered(d.bridgeGateway, entries);
  } else if (configValue && typeof d.bridgeGateway === 'string' && d.inContainer) {
    d.trustedProxiesCoverBridge = false;
  }
  return d;
}

