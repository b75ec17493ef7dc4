// Services the gateway starts beside itself: Tailscale serve/funnel.
import { isObj, str, type Obj } from './context.js';
import type { AuthFacts } from './auth.js';
import type { NetworkFacts } from './network.js';

export interface ServiceFacts {
  /** gateway.tailscale.mode when it is serve or funnel. */
  tailscaleMode?: 'serve' | 'funnel';
  /** Tailscale serve/funnel with a bind other than loopback (OpenClaw requires loopback). */
  tailscaleNeedsLoopback?: boolean;
  /** Funnel with an auth mode other than password (OpenClaw requires password). */
  tailscaleFunnelNeedsPassword?: boolean;
}

export function deriveServices(gw: Obj, net: NetworkFacts, auth: AuthFacts): ServiceFacts {
  const d: ServiceFacts = {};
  const ts = isObj(gw.tailscale) ? gw.tailscale : undefined;
  const tsMode = str(ts?.mode);
  if (tsMode === 'serve' || tsMode === 'funnel') {
    d.tailscaleMode = tsMode;
    if (net.effectiveBind !== 'loopback') d.tailscaleNeedsLoopback = true;
    if (tsMode === 'funnel' && auth.authMode !== 'password') d.tailscaleFunnelNeedsPassword = true;
  }
  return d;
}
