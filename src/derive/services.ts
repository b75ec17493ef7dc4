// Services the gateway starts beside itself: Tailscale serve/funnel. What each mode requires (a
// loopback bind; password auth for funnel) is written in the tailscale rules' conditions.
import { isObj, str, type Obj } from './context.js';

export interface ServiceFacts {
  /** gateway.tailscale.mode when it is serve or funnel. */
  tailscaleMode?: 'serve' | 'funnel';
}

export function deriveServices(gw: Obj): ServiceFacts {
  const ts = isObj(gw.tailscale) ? gw.tailscale : undefined;
  const tsMode = str(ts?.mode);
  return tsMode === 'serve' || tsMode === 'funnel' ? { tailscaleMode: tsMode } : {};
}
