// Comparisons between lines of the paste itself: the port a client aims at against the port the
// gateway listens on, when the paste shows both (issue #12, "client aimed at the wrong endpoint").
// Pure: reads the collector's `endpoints`, returns facts.
import type { LineRef, PasteDerivedFacts, PasteEndpoint, PasteFacts } from '../types.js';
import { classifyHost } from '../shared/net/hosts.js';

const HOW: Record<string, string> = {
  'gateway-target': 'the CLI\'s "Gateway target:" line',
  'probe-target': '"Probe target:" in gateway status',
  'cli-config-port': 'the CLI\'s own config ("CLI config resolves gateway port=")',
  'cli-url': 'the --url the client was given',
  'ssh-forward': 'the far end of the SSH -L forward',
  'http-api': 'the URL an HTTP API client calls',
  listening: 'the gateway\'s "listening on" line',
  'gateway-flag': 'the gateway command\'s --port',
  'gateway-port-flag': '--gateway-port',
  'status-port': 'gateway status "Gateway: … port="',
};

/** How a line named the port, in words for a finding. */
export function endpointHow(e: PasteEndpoint): string {
  return `${HOW[e.how] ?? e.how} (line ${e.line})`;
}

export function derivePaste(paste: Pick<PasteFacts, 'endpoints'>): PasteDerivedFacts {
  const eps = paste.endpoints ?? [];
  const gateway = eps.filter((e) => e.role === 'gateway');
  if (gateway.length === 0) return {};
  const ports = [...new Set(gateway.map((e) => e.port))];
  // Only a client aiming at this machine is compared: a remote, published (Docker -p), proxied or
  // Serve'd address legitimately carries another port than the gateway's own listener.
  const off = eps.find((e) => e.role === 'client' && (e.host === undefined || classifyHost(e.host) === 'loopback') && !ports.includes(e.port));
  if (!off) return {};
  const g = gateway[0]!;
  return {
    targetPortDiffers: true,
    line: off.line,
    targetPort: off.port,
    targetHow: endpointHow(off),
    gatewayPort: g.port,
    gatewayPorts: ports.join(', '),
    gatewayHow: endpointHow(g),
    gatewayLine: g.line,
  };
}

/** OpenClaw's warning when the gateway's foreground Serve/Funnel claim ends (src/gateway/server-tailscale.ts, 2026.8.2+). */
const CLAIM_EXITED = /\b(?:serve|funnel) route claim exited\b/i;
/** What a gateway logs when it claims the route (at start): `[tailscale] serve enabled: https://<host>/ (WS via wss://…)`. */
const CLAIM_ENABLED = /\b(?:serve|funnel) enabled: https:\/\//i;

/**
 * Which came last (review24a p18): the lost Serve/Funnel claim, or a claim made again after it (the gateway
 * restarted and logged `serve enabled:`): a line-by-line regex cannot tell. Set only when the paste holds
 * the claim-exited warning; `tailscaleServeReclaimedLine` is the first claim line after its last occurrence.
 */
export function deriveServeClaim(lines: readonly LineRef[]): Pick<PasteDerivedFacts, 'tailscaleServeReclaimed' | 'tailscaleServeReclaimedLine'> {
  let reclaimed: number | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (CLAIM_ENABLED.test(l.text)) reclaimed = l.line;
    else if (CLAIM_EXITED.test(l.text)) return reclaimed === undefined ? { tailscaleServeReclaimed: false } : { tailscaleServeReclaimed: true, tailscaleServeReclaimedLine: reclaimed };
  }
  return {};
}
