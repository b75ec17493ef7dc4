// Config facts that need other sources: the OpenClaw version (keys too new for it, CIDR matching
// semantics, the release's exact schema), the pasted log (the proxy's address), the environment
// (this host's addresses) and flags. Pure: returns the facts, writes nothing.
import ipaddr from 'ipaddr.js';
import type { ConfigFacts, Facts } from '../types.js';
import { compareOrEqual } from '../shared/version/calver.js';
import { classifyHost } from '../shared/net/hosts.js';
import { releaseSchemaFacts, type ReleaseSchemaFacts } from '../collectors/config/release-schema-facts.js';
import { isObj } from './context.js';
import { keysTooNew } from './keys.js';
import { proxyMatching, type ProxyFacts } from './proxies.js';
import { addressCovered } from '../shared/net/cidr.js';
import type { NetworkFacts } from './network.js';
import type { ControlUiFacts } from './control-ui.js';

export interface CrossSourceFacts extends ReleaseSchemaFacts {
  /** The reverse proxy's address as the gateway sees it, and where it was learnt. */
  proxyIp?: string;
  proxyIpSource?: string;
  /** Whether this release's matching trusts proxyIp with gateway.trustedProxies. */
  proxyCovered?: boolean;
  proxyNotCovered?: boolean;
  /** A single address to write instead of the first CIDR (for releases without CIDR matching). */
  trustedProxiesCidrReplacement?: string;
  trustedProxiesCidrReplacementSource?: string;
  /** The first CIDR is a Docker network's /16 and no proxy address was learnt (the step says where to look). */
  trustedProxiesCidrDockerNetwork?: boolean;
  keyTooNewFirst?: string;
  keyTooNewSince?: string;
  keyTooNewList?: string;
  remoteUrlIsThisHost?: boolean;
  /** The origin the browser opens the Control UI at (--browser-url or a pasted URL). */
  browserOrigin?: string;
  allowedOriginsSuggested?: string[];
}

/** What this stage reads of the config-only facts. */
type Basis = Partial<Pick<NetworkFacts, 'effectivePort' | 'remoteUrlHost'>> & ProxyFacts & Pick<ControlUiFacts, 'allowedOriginsLoopbackSeed'>;


/** The reverse proxy's address, as seen by the gateway: flag, then pasted gateway log lines (evidence only). */
export function findProxyIp(facts: Facts): { ip: string; source: string } | undefined {
  const flag = facts.flags?.proxyIp;
  if (typeof flag === 'string' && ipaddr.isValid(flag.trim())) return { ip: flag.trim(), source: '--proxy-ip' };
  for (const ln of facts.paste?.kept ?? []) {
    // `closed before connect conn=… remote=172.18.0.5 fwd=203.0.113.7 …`: the socket peer sent
    // forwarding headers, so it is the proxy.
    const m = /\bremote=\[?([0-9a-fA-F.:]+?)\]?(?::\d+)?\s+fwd=(?!n\/a\b)(\S+)/.exec(ln.text);
    if (m && ipaddr.isValid(m[1]!)) return { ip: m[1]!, source: `pasted log line ${ln.line}` };
  }
  // Never guessed from the container's default route (#11): on a gateway probed directly that is not
  // the proxy, and trusting it would let anything behind the bridge claim any client.
  return undefined;
}

function proxyFacts(facts: Facts, gw: Record<string, unknown> | undefined, b: Basis, d: CrossSourceFacts): void {
  const semantics = proxyMatching(facts.version?.value);
  const proxy = findProxyIp(facts);
  if (proxy) {
    d.proxyIp = proxy.ip;
    d.proxyIpSource = proxy.source;
    if (gw && Array.isArray(gw.trustedProxies)) {
      const entries = (gw.trustedProxies as unknown[]).filter((x): x is string => typeof x === 'string');
      d.proxyCovered = addressCovered(proxy.ip, entries, semantics);
      if (!d.proxyCovered) d.proxyNotCovered = true;
    }
  }
  const firstCidr = b.trustedProxiesCidrFirst;
  if (!firstCidr) return;
  if (b.trustedProxiesHostCidrAddress !== undefined && b.trustedProxiesHostCidrFirstIndex === b.trustedProxiesCidrFirstIndex) {
    d.trustedProxiesCidrReplacement = b.trustedProxiesHostCidrAddress;
    d.trustedProxiesCidrReplacementSource = `${firstCidr} covers exactly one address`;
  } else if (proxy && addressCovered(proxy.ip, [firstCidr])) {
    d.trustedProxiesCidrReplacement = proxy.ip;
    d.trustedProxiesCidrReplacementSource = `the proxy address from ${proxy.source}`;
  } else if (/^\s*172\.(?:1[6-9]|2\d|3[01])\.0\.0\/16\s*$/.test(firstCidr)) {
    // A Docker network range with no recorded proxy address: never guess one (x.y.0.1, the network's
    // gateway, is only right for a proxy on the host). The step says where to find it.
    d.trustedProxiesCidrDockerNetwork = true;
  }
}

function browserOriginOf(facts: Facts, port: number | undefined): string | undefined {
  const browserUrl = facts.flags?.browserUrl;
  if (typeof browserUrl === 'string') {
    try {
      const u = new URL(browserUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
    } catch {
      // not a URL: ignore
    }
  }
  const u = facts.paste?.urls.find((x) => (x.scheme === 'http' || x.scheme === 'https') && x.port === port && classifyHost(x.host) !== 'loopback');
  return u ? `${u.scheme}://${u.host}${u.port ? `:${u.port}` : ''}` : undefined;
}

function originFacts(facts: Facts, b: Basis, d: CrossSourceFacts): void {
  const origin = browserOriginOf(facts, b.effectivePort);
  if (!origin) return;
  d.browserOrigin = origin;
  const seed = b.allowedOriginsLoopbackSeed;
  let host = '';
  try {
    host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
  } catch {
    // not a URL: no suggestion
  }
  // Only an origin the user opens the UI at from elsewhere cures the network-bind problem.
  if (seed && host && classifyHost(host) !== 'loopback') d.allowedOriginsSuggested = [origin, ...seed.filter((o) => o !== origin)];
}

export function deriveCrossSource(cfg: ConfigFacts & { value: Record<string, unknown> }, b: Basis, facts: Facts): CrossSourceFacts {
  const gw = isObj(cfg.value.gateway) ? cfg.value.gateway : undefined;
  const version = facts.version?.value;
  const d: CrossSourceFacts = { ...releaseSchemaFacts(cfg, facts.version) };
  proxyFacts(facts, gw, b, d);
  if (version && gw) {
    const tooNew = keysTooNew(gw, version, compareOrEqual);
    const first = tooNew[0];
    if (first) {
      d.keyTooNewFirst = first.path;
      d.keyTooNewSince = first.since;
      d.keyTooNewList = tooNew.map((t) => `${t.path} (${t.since}+)`).join(', ');
    }
  }
  const host = b.remoteUrlHost;
  if (host !== undefined && Array.isArray(facts.env?.addresses) && facts.env!.addresses.some((a) => a.toLowerCase() === host.toLowerCase())) d.remoteUrlIsThisHost = true;
  originFacts(facts, b, d);
  return d;
}


