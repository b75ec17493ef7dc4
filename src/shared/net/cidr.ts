// Address and CIDR coverage, written once: whether an allow-list (gateway.trustedProxies) covers an
// address under a release's matching rules, and whether one range lies within another (a fix may
// narrow an allow-list, never widen it). IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are their
// IPv4 address; `::ffff:a.b.c.d/N` entries never match (OpenClaw issue #137665).
import ipaddr from 'ipaddr.js';
import { stripBrackets } from './hosts.js';

/** How a release matches an address against CIDR entries: not at all, IPv4 only, or fully. */
export type CidrMatching = 'exact' | 'ipv4-cidr' | 'cidr';

export function normalizeIp(ip: string): string {
  let s = stripBrackets(ip.trim().toLowerCase());
  if (s.startsWith('::ffff:') && ipaddr.IPv4.isValid(s.slice(7))) s = s.slice(7);
  return s;
}

/** Whether any entry (an address or a CIDR) covers `ip`, matching as `matching` says (default: fully). */
export function addressCovered(ip: string, entries: readonly string[], matching: CidrMatching = 'cidr'): boolean {
  const target = normalizeIp(ip);
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(target);
  } catch {
    return entries.some((e) => normalizeIp(e) === target);
  }
  for (const raw of entries) {
    const e = raw.trim();
    if (!e.includes('/')) {
      if (normalizeIp(e) === target) return true;
      continue;
    }
    if (matching === 'exact' || !ipaddr.isValidCIDR(e)) continue;
    const [net, prefix] = ipaddr.parseCIDR(e);
    if (matching === 'ipv4-cidr' && net.kind() !== 'ipv4') continue;
    if (net.kind() === 'ipv6' && /^::ffff:/i.test(e)) continue;
    if (net.kind() !== addr.kind()) continue;
    if (addr.match([net, prefix] as [typeof addr, number])) return true;
  }
  return false;
}

/**
 * Whether every address `inner` (an address or CIDR) names is also named by `outer` (an address or
 * CIDR): replacing outer by inner in an allow-list never lets anyone new in.
 */
export function cidrWithin(inner: string, outer: string): boolean {
  const range = (s: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined => {
    try {
      if (s.includes('/')) return ipaddr.parseCIDR(s);
      const a = ipaddr.parse(s);
      return [a, a.kind() === 'ipv4' ? 32 : 128];
    } catch {
      return undefined;
    }
  };
  const i = range(inner);
  const o = range(outer);
  if (!i || !o || i[0].kind() !== o[0].kind() || i[1] < o[1]) return false;
  return i[0].match(o as [ipaddr.IPv4, number]);
}

/** A private IPv4 address (RFC 1918): what a container bridge's gateway looks like. */
export function isPrivateIpv4(ip: string): boolean {
  try {
    const a = ipaddr.parse(ip);
    return a.kind() === 'ipv4' && a.range() === 'private';
  } catch {
    return false;
  }
}
