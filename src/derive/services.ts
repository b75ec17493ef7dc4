// Services OpenClaw starts beside the gateway: Tailscale serve/funnel, and the managed outbound
// proxy. What each requires or breaks (a loopback bind; password auth for funnel; loopbackMode) is
// written in the rules' conditions.
import { envValue, isObj, nonEmptyStr, str, type DeriveContext, type Obj } from './context.js';

export interface ServiceFacts {
  /** gateway.tailscale.mode when it is serve or funnel. */
  tailscaleMode?: 'serve' | 'funnel';
}

export interface ManagedProxyFacts {
  /**
   * Where the managed proxy's URL comes from: `proxy.proxyUrl`, else OPENCLAW_PROXY_URL in the
   * doctor's environment (the shell the user runs OpenClaw commands from). OpenClaw's startProxy
   * reads the two in this order (proxy-lifecycle's resolveProxyUrl: 2026.5.12, loopbackMode's first
   * release, and 2026.6.11–2026.9.6 dist).
   */
  managedProxyUrlFrom?: 'config' | 'env';
}

export function deriveManagedProxy(value: Obj, ctx: DeriveContext): ManagedProxyFacts {
  const proxy = isObj(value.proxy) ? value.proxy : undefined;
  if (nonEmptyStr(proxy?.proxyUrl)) return { managedProxyUrlFrom: 'config' };
  return envValue(ctx.env, 'OPENCLAW_PROXY_URL') ? { managedProxyUrlFrom: 'env' } : {};
}

export function deriveServices(gw: Obj): ServiceFacts {
  const ts = isObj(gw.tailscale) ? gw.tailscale : undefined;
  const tsMode = str(ts?.mode);
  return tsMode === 'serve' || tsMode === 'funnel' ? { tailscaleMode: tsMode } : {};
}
