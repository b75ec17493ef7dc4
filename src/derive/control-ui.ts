// gateway.controlUi: browser origins on a network bind, and the insecure-auth switches.
import { isObj, locator, type DeriveContext, type Obj } from './context.js';
import type { NetworkFacts } from './network.js';

export interface ControlUiFacts {
  /** Network bind, Control UI on, no allowedOrigins and no host-header fallback. */
  nonLoopbackControlUiNoOrigins?: boolean;
  /** The allowedOrigins the user wrote ([] or "*"), as JSON: no fix overwrites it. */
  allowedOriginsExisting?: string;
  /** The origins the gateway seeds itself (loopback only). */
  allowedOriginsLoopbackSeed?: string[];
  allowInsecureAuth?: boolean;
  allowInsecureAuthAt?: string;
  dangerouslyDisableDeviceAuth?: boolean;
  dangerouslyDisableDeviceAuthAt?: string;
}

export function deriveControlUi(gw: Obj, ctx: DeriveContext, net: NetworkFacts): ControlUiFacts {
  const d: ControlUiFacts = {};
  const cui = isObj(gw.controlUi) ? gw.controlUi : undefined;
  const cuiEnabled = cui?.enabled !== false;
  const origins = cui?.allowedOrigins;
  const originsMissing = !Array.isArray(origins) || origins.filter((o) => typeof o === 'string' && o.trim() !== '').length === 0;
  const hostFallback = cui?.dangerouslyAllowHostHeaderOriginFallback === true;
  if (net.nonLoopbackBind && cuiEnabled && originsMissing && !hostFallback) {
    d.nonLoopbackControlUiNoOrigins = true;
    const port = net.effectivePort;
    // A list the user wrote ([] or a bare "*") is theirs: no fix proposes to overwrite it.
    if (origins !== undefined) d.allowedOriginsExisting = JSON.stringify(origins);
    // What the gateway seeds itself; it never cures a LAN browser, so it is no suggestion on its own
    // (the cross-source stage adds the browser's own origin when one is known).
    else d.allowedOriginsLoopbackSeed = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  }
  if (cui?.allowInsecureAuth !== undefined) {
    d.allowInsecureAuth = cui.allowInsecureAuth === true;
    const at = locator(ctx, '/gateway/controlUi/allowInsecureAuth', true);
    if (at) d.allowInsecureAuthAt = at;
  }
  if (cui?.dangerouslyDisableDeviceAuth !== undefined) {
    d.dangerouslyDisableDeviceAuth = cui.dangerouslyDisableDeviceAuth === true;
    const at = locator(ctx, '/gateway/controlUi/dangerouslyDisableDeviceAuth', true);
    if (at) d.dangerouslyDisableDeviceAuthAt = at;
  }
  return d;
}
