// gateway.trustedProxies: which entries are CIDRs (and of which kind), and how a release matches a
// proxy's address against them (exact, IPv4 CIDR only, or full CIDR: knowledge/versions.json).
import ipaddr from 'ipaddr.js';
import { stripBrackets } from '../shared/net/hosts.js';
import { addressCovered, type CidrMatching } from '../shared/net/cidr.js';
import { hasBehaviour } from '../shared/version/behaviours.js';
import { isObj, locator, type DeriveContext, type Obj } from './context.js';

export interface ProxyFacts {
  trustedProxiesAt?: string;
  /** auth.mode trusted-proxy with an empty trustedProxies list. */
  trustedProxyNoProxies?: boolean;
  /** Entries covering loopback (a same-host proxy), under trusted-proxy auth. */
  trustedProxiesLoopback?: string;
  trustedProxyAllowLoopback?: boolean;
  trustedProxiesCidrFirst?: string;
  trustedProxiesCidrFirstIndex?: number;
  trustedProxiesCidrAt?: string;
  trustedProxiesIpv6CidrFirst?: string;
  trustedProxiesIpv6CidrAt?: string;
  /** The first CIDR covering exactly one address (/32, /128), and that address. */
  trustedProxiesHostCidrFirst?: string;
  trustedProxiesHostCidrFirstIndex?: number;
  trustedProxiesHostCidrAddress?: string;
  /** The first `::ffff:a.b.c.d/N` entry (never matches, issue #137665) and its IPv4 form. */
  trustedProxiesMappedCidrFirst?: string;
  trustedProxiesMappedCidrFirstIndex?: number;
  trustedProxiesMappedCidrIpv4?: string;
  trustedProxiesInvalidFirst?: string;
  trustedProxiesInvalidAt?: string;
}

export interface ProxyEntry {
  index: number;
  entry: string;
  kind: 'ip' | 'cidr' | 'invalid';
  family?: 'ipv4' | 'ipv6';
  prefix?: number;
  /** A CIDR that covers exactly one address (/32, /128): the address itself. */
  hostAddress?: string;
  /** `::ffff:a.b.c.d/N` entries never match (issue #137665). */
  mappedCidr?: boolean;
}

export function classifyProxyEntry(raw: string, index: number): ProxyEntry {
  const entry = raw.trim();
  if (entry.includes('/')) {
    if (!ipaddr.isValidCIDR(entry)) return { index, entry: raw, kind: 'invalid' };
    const [addr, prefix] = ipaddr.parseCIDR(entry);
    const family = addr.kind();
    const out: ProxyEntry = { index, entry: raw, kind: 'cidr', family, prefix };
    if ((family === 'ipv4' && prefix === 32) || (family === 'ipv6' && prefix === 128)) {
      let a = addr;
      if (family === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
      out.hostAddress = a.toString();
    }
    if (family === 'ipv6' && /^::ffff:/i.test(entry)) out.mappedCidr = true;
    return out;
  }
  const bare = stripBrackets(entry);
  if (ipaddr.isValid(bare)) return { index, entry: raw, kind: 'ip', family: ipaddr.parse(bare).kind() };
  return { index, entry: raw, kind: 'invalid' };
}

/** How `isTrustedProxyAddress` matches in a release (knowledge/versions.json); an unknown release: fully. */
export function proxyMatching(version: string | undefined): CidrMatching {
  if (!version || hasBehaviour('trusted-proxies-ipv4-cidr', version) === undefined) return 'cidr';
  if (!hasBehaviour('trusted-proxies-ipv4-cidr', version)) return 'exact';
  return hasBehaviour('trusted-proxies-ipv6-cidr', version) ? 'cidr' : 'ipv4-cidr';
}

function entryFacts(tpRaw: unknown[], ctx: DeriveContext, d: ProxyFacts): void {
  const entries = tpRaw.map((e, i) => (typeof e === 'string' ? classifyProxyEntry(e, i) : ({ index: i, entry: String(e), kind: 'invalid' } as ProxyEntry)));
  const cidr = entries.filter((e) => e.kind === 'cidr');
  const atIndex = (i: number) => locator(ctx, `/gateway/trustedProxies/${i}`);
  const first = cidr[0];
  if (first) {
    d.trustedProxiesCidrFirst = first.entry;
    d.trustedProxiesCidrFirstIndex = first.index;
    const at = atIndex(first.index);
    if (at) d.trustedProxiesCidrAt = at;
  }
  const v6 = cidr.find((e) => e.family === 'ipv6');
  if (v6) {
    d.trustedProxiesIpv6CidrFirst = v6.entry;
    const at = atIndex(v6.index);
    if (at) d.trustedProxiesIpv6CidrAt = at;
  }
  const host = cidr.find((e) => e.hostAddress !== undefined);
  if (host) {
    d.trustedProxiesHostCidrFirst = host.entry;
    d.trustedProxiesHostCidrFirstIndex = host.index;
    d.trustedProxiesHostCidrAddress = host.hostAddress;
  }
  const mapped = cidr.find((e) => e.mappedCidr);
  if (mapped) {
    d.trustedProxiesMappedCidrFirst = mapped.entry;
    d.trustedProxiesMappedCidrFirstIndex = mapped.index;
    const m = /^::ffff:([0-9.]+)\/(\d+)$/i.exec(mapped.entry.trim());
    if (m && ipaddr.IPv4.isValid(m[1]!) && Number(m[2]) >= 96) d.trustedProxiesMappedCidrIpv4 = `${m[1]}/${Number(m[2]) - 96}`;
  }
  const invalid = entries.find((e) => e.kind === 'invalid');
  if (invalid) {
    d.trustedProxiesInvalidFirst = invalid.entry;
    const at = atIndex(invalid.index);
    if (at) d.trustedProxiesInvalidAt = at;
  }
}

export function deriveProxies(gw: Obj, ctx: DeriveContext): ProxyFacts {
  const d: ProxyFacts = {};
  const tpRaw = gw.trustedProxies;
  if (tpRaw !== undefined) {
    const at = locator(ctx, '/gateway/trustedProxies');
    if (at) d.trustedProxiesAt = at;
  }
  const tpList = Array.isArray(tpRaw) ? tpRaw.filter((x): x is string => typeof x === 'string') : [];
  const authObj = isObj(gw.auth) ? gw.auth : undefined;
  if (authObj?.mode === 'trusted-proxy') {
    if (tpList.length === 0) d.trustedProxyNoProxies = true;
    // A same-host proxy is refused as trusted_proxy_loopback_source unless
    // trustedProxy.allowLoopback is true (2026.4.22 on, recorded in the matrix).
    const loop = tpList.filter((e) => addressCovered('127.0.0.1', [e]) || addressCovered('::1', [e]));
    if (loop.length) d.trustedProxiesLoopback = loop.join(', ');
    if (isObj(authObj.trustedProxy) && authObj.trustedProxy.allowLoopback === true) d.trustedProxyAllowLoopback = true;
  }
  if (Array.isArray(tpRaw)) entryFacts(tpRaw, ctx, d);
  return d;
}
