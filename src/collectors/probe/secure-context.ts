// Static secure-context judgement for the address a user opens the Control UI at (`--browser-url`).
// No connection is made: a browser grants crypto.subtle (needed for the Control UI's device
// identity) only on https, localhost, *.localhost, 127.0.0.0/8 and [::1].
import type { HostKind } from '../../types.js';
import { classifyHost, isSecureContextUrl, parseUserUrl } from '../../shared/net/hosts.js';

export interface BrowserUrlJudgement {
  url: string;
  scheme: string;
  host: string;
  port?: number;
  hostKind: HostKind;
  secureContext: boolean;
  /** Why it is (not) a secure context. */
  why: string;
  /** What to open instead, when it is not secure. */
  suggestion?: string;
  /** The Origin a browser would send from this page (for gateway.controlUi.allowedOrigins). */
  origin?: string;
  error?: string;
}

export function judgeBrowserUrl(raw: string): BrowserUrlJudgement {
  const u = parseUserUrl(raw, 'http');
  if (!u) {
    return { url: raw, scheme: '', host: '', hostKind: 'name', secureContext: false, why: 'not a URL', error: `not a URL: ${raw}` };
  }
  const scheme = u.protocol.replace(':', '').toLowerCase();
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const hostKind = classifyHost(host);
  const port = u.port ? Number(u.port) : undefined;
  const base: BrowserUrlJudgement = { url: `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`, scheme, host, hostKind, secureContext: false, why: '', origin: u.origin };
  if (port) base.port = port;
  // The decision itself is shared with the paste extractor (src/net/hosts.ts); only the wording is here.
  if (isSecureContextUrl(scheme, host)) {
    if (scheme === 'https' || scheme === 'wss') return { ...base, secureContext: true, why: 'https is a secure context' };
    return { ...base, secureContext: true, why: `${host} is a loopback address, which browsers treat as a secure context even over http` };
  }
  const p = port ?? 18789;
  return {
    ...base,
    secureContext: false,
    why: `http://${host} is not a secure context (${hostKind} address): the browser hides crypto.subtle, so the Control UI cannot create a device identity`,
    suggestion: `open http://127.0.0.1:${p}/ on the gateway host (or tunnel it: ssh -N -L ${p}:127.0.0.1:${p} <gateway-host>, then http://localhost:${p}/), or serve the Control UI over https (e.g. tailscale serve)`,
  };
}
