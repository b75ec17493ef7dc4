// `--proxy-ip ADDR`: the address the reverse proxy connects to the gateway from, as the gateway sees
// it (its log's `remote=` on a connection with `fwd=`). The derive stage trusts only evidence for this
// address (src/derive/cross.ts findProxyIp), so a CIDR in gateway.trustedProxies can be narrowed to
// it; a value that is not one IP address is a usage error, never a guess.
import ipaddr from 'ipaddr.js';
import { UsageError } from '../../shared/errors.js';
import { stripBrackets } from '../../shared/net/hosts.js';

export function proxyIpFlag(raw: string): string {
  const ip = stripBrackets(raw.trim());
  // Four-part IPv4 or IPv6 only: `1` and `0x7f.1` parse as addresses, but no log prints them.
  if (!ipaddr.IPv4.isValidFourPartDecimal(ip) && !(ipaddr.IPv6.isValid(ip) && !ip.includes('%'))) {
    throw new UsageError(`--proxy-ip ${JSON.stringify(raw)}: not an IP address (the proxy's own address as the gateway log shows it, e.g. 172.18.0.5)`);
  }
  return ip;
}
