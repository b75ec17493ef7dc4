// Where the gateway listens and where the CLI connects: gateway.mode, port, bind and remote.url,
// resolved the way OpenClaw resolves them (env port first, bind aliases, custom bind host).
import ipaddr from 'ipaddr.js';
import { classifyHost, isLoopbackKind, stripBrackets } from '../shared/net/hosts.js';
import { DEFAULT_GATEWAY_PORT } from '../shared/net/ports.js';
import { GATEWAY_PORT_ENV } from '../shared/config/env.js';
import { envValue, isObj, locator, nonEmptyStr, type DeriveContext, type Env, type Obj } from './context.js';

export interface NetworkFacts {
  modeUnset?: boolean;
  gatewayMode?: unknown;
  modeRemoteNoUrl?: boolean;
  modeUnsetWithRemoteUrl?: boolean;
  modeAt?: string;
  portAt?: string;
  portIsString?: boolean;
  portNumeric?: number;
  portOutOfRange?: boolean;
  portWrongType?: boolean;
  /** The port the gateway listens on: OPENCLAW_GATEWAY_PORT, then gateway.port, then 18789. */
  effectivePort: number;
  /** gateway.bind as written. */
  bind?: unknown;
  bindAt?: string;
  bindAlias?: string;
  bindIsAddress?: boolean;
  bindAddressIpv4?: string;
  bindInvalid?: boolean;
  bindCustomNoHost?: boolean;
  /** The bind mode in effect: auto, lan, loopback, custom or tailnet. */
  effectiveBind: string;
  /** The gateway listens on an address other hosts can reach. */
  nonLoopbackBind?: boolean;
  remoteUrl?: string;
  remoteUrlAt?: string;
  remoteUrlInvalid?: boolean;
  remoteUrlHost?: string;
  /** The port `gateway.remote.url` names (its scheme's default when it names none). */
  remoteUrlPort?: number;
  remoteUrlLoopback?: boolean;
  remotePlaintextNonLoopback?: boolean;
  remotePlaintextPrivate?: boolean;
  remoteTokenAt?: string;
  remoteTokenDiffers?: boolean;
  /** remote.token differs from the gateway's token while remote.* describes this very gateway. */
  remoteTokenDiffersSameGateway?: boolean;
}

const BIND_MODES = ['auto', 'lan', 'loopback', 'custom', 'tailnet'];
/** OpenClaw's own migration `gateway.bind.host-alias->bind-mode` (by 2026.3.2). */
export const BIND_ALIASES: Record<string, string> = {
  '0.0.0.0': 'lan',
  '::': 'lan',
  '[::]': 'lan',
  '*': 'lan',
  '127.0.0.1': 'loopback',
  localhost: 'loopback',
  '::1': 'loopback',
  '[::1]': 'loopback',
};

export function portFromEnv(env: Env): number | undefined {
  const raw = envValue(env, ...GATEWAY_PORT_ENV);
  if (!raw) return undefined;
  const n = Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** No `gateway` object: OpenClaw's defaults. */
export function defaultNetwork(env: Env): NetworkFacts {
  return { modeUnset: true, effectiveBind: 'loopback', effectivePort: portFromEnv(env) ?? DEFAULT_GATEWAY_PORT };
}

function derivePort(gw: Obj, ctx: DeriveContext, d: Partial<NetworkFacts>): number {
  const port = gw.port;
  if (port !== undefined) {
    const at = locator(ctx, '/gateway/port');
    if (at) d.portAt = at;
  }
  if (typeof port === 'string') {
    d.portIsString = true;
    if (/^\s*\d+\s*$/.test(port)) {
      const n = Number(port.trim());
      if (n >= 1 && n <= 65535) d.portNumeric = n;
      else d.portOutOfRange = true;
    }
  } else if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < 1 || port > 65535) d.portOutOfRange = true;
  } else if (port !== undefined) d.portWrongType = true;
  const cfgPort = typeof port === 'number' && Number.isInteger(port) && port > 0 ? port : undefined;
  return portFromEnv(ctx.env) ?? cfgPort ?? DEFAULT_GATEWAY_PORT;
}

function deriveBind(gw: Obj, ctx: DeriveContext, d: Partial<NetworkFacts>): void {
  const bind = gw.bind;
  if (bind !== undefined) {
    d.bind = bind;
    const at = locator(ctx, '/gateway/bind');
    if (at) d.bindAt = at;
  }
  let effectiveBind = 'loopback';
  let bindHost: string | undefined;
  if (typeof bind === 'string') {
    const b = bind.trim();
    const alias = BIND_ALIASES[b.toLowerCase()];
    if (BIND_MODES.includes(b)) effectiveBind = b;
    else if (alias) {
      d.bindAlias = alias;
      effectiveBind = alias;
    } else if (ipaddr.isValid(stripBrackets(b))) {
      d.bindIsAddress = true;
      effectiveBind = 'custom';
      bindHost = stripBrackets(b);
      if (ipaddr.IPv4.isValid(bindHost)) d.bindAddressIpv4 = bindHost;
    } else d.bindInvalid = true;
  } else if (bind !== undefined) d.bindInvalid = true;
  if (effectiveBind === 'custom' && !bindHost) {
    const h = nonEmptyStr(gw.customBindHost);
    if (h) bindHost = h.trim();
    else if (bind === 'custom') d.bindCustomNoHost = true;
  }
  d.effectiveBind = effectiveBind;
  d.nonLoopbackBind =
    effectiveBind === 'lan' || effectiveBind === 'tailnet' || (effectiveBind === 'custom' && (!bindHost || classifyHost(bindHost) !== 'loopback'));
}

function deriveRemote(gw: Obj, remote: Obj, ctx: DeriveContext, d: Partial<NetworkFacts>, port: number): void {
  const remoteUrl = nonEmptyStr(remote.url);
  // Whether remote.* describes this gateway (then remote.token must match its token).
  let sameGateway = false;
  if (remoteUrl) {
    d.remoteUrl = remoteUrl;
    const at = locator(ctx, '/gateway/remote/url');
    if (at) d.remoteUrlAt = at;
    let u: URL | undefined;
    try {
      u = new URL(remoteUrl.trim());
    } catch {
      d.remoteUrlInvalid = true;
    }
    if (u) {
      const scheme = u.protocol.replace(/:$/, '').toLowerCase();
      const host = stripBrackets(u.hostname);
      const kind = classifyHost(host);
      d.remoteUrlHost = host;
      const rport = u.port ? Number(u.port) : scheme === 'wss' || scheme === 'https' ? 443 : 80;
      d.remoteUrlPort = rport;
      const loop = isLoopbackKind(kind);
      d.remoteUrlLoopback = loop;
      if (scheme === 'ws' && !loop) {
        d.remotePlaintextNonLoopback = true;
        if (kind === 'private' || kind === 'link-local') d.remotePlaintextPrivate = true;
      }
      // A loopback URL on this gateway's own port, while in local mode.
      if (loop && rport === port && gw.mode !== 'remote') sameGateway = true;
    }
  } else if (gw.mode !== 'remote' && remote.token !== undefined) {
    // No URL: the CLI talks to the local gateway, so remote.token describes this gateway.
    sameGateway = true;
  }
  const rt = nonEmptyStr(remote.token);
  const at = rt ? locator(ctx, '/gateway/remote/token') : undefined;
  if (at) d.remoteTokenAt = at;
  const authToken = nonEmptyStr(isObj(gw.auth) ? gw.auth.token : undefined);
  if (rt && authToken && rt !== authToken) {
    d.remoteTokenDiffers = true;
    if (sameGateway) d.remoteTokenDiffersSameGateway = true;
  }
}

export function deriveNetwork(gw: Obj, ctx: DeriveContext): NetworkFacts {
  const d: Partial<NetworkFacts> = {};
  if (gw.mode === undefined) d.modeUnset = true;
  else d.gatewayMode = gw.mode;
  const remote = isObj(gw.remote) ? gw.remote : undefined;
  const remoteUrl = nonEmptyStr(remote?.url);
  if (gw.mode === 'remote' && !remoteUrl) d.modeRemoteNoUrl = true;
  if (gw.mode === undefined && remoteUrl) d.modeUnsetWithRemoteUrl = true;
  if (gw.mode !== undefined) {
    const at = locator(ctx, '/gateway/mode');
    if (at) d.modeAt = at;
  }
  const port = derivePort(gw, ctx, d);
  d.effectivePort = port;
  deriveBind(gw, ctx, d);
  if (remote) deriveRemote(gw, remote, ctx, d, port);
  return d as NetworkFacts;
}
