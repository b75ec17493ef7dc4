// Config facts that need other sources: the OpenClaw version (keys too new for it, CIDR matching
// semantics), the pasted log (the proxy's address), the environment (this host's addresses) and
// flags. Pure and idempotent: call it after every collector ran and facts.version is settled
// (and again whenever facts.config is replaced, as the fixer does between passes).
import type { Facts } from '../../types.js';
import { compareVersions } from '../../shared/version/calver.js';
import { classifyHost } from '../../shared/net/hosts.js';
import ipaddr from 'ipaddr.js';
import { keysTooNew, pointerOf, proxyCovered, proxySemantics } from './derive.js';
import { releaseSchemaFacts } from './release-schema-facts.js';

/** Every key this module writes, so a second call starts clean. */
const ENRICHED_KEYS = [
  'schemaRelease',
  'schemaIssueCount',
  'schemaIssueList',
  'schemaBasisNote',
  'schemaSkipped',
  'schemaCertain',
  'proxyIp',
  'proxyIpSource',
  'proxyMatchSemantics',
  'proxyCovered',
  'proxyNotCovered',
  'proxyInCidrFirst',
  'trustedProxiesCidrReplacement',
  'trustedProxiesCidrReplacementSource',
  'trustedProxiesCidrDockerNetwork',
  'keyTooNewFirst',
  'keyTooNewPointer',
  'keyTooNewSince',
  'keyTooNewList',
  'keyTooNewAt',
  'configNewerThanVersion',
  'remoteUrlIsThisHost',
  'browserOrigin',
] as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function cmp(a: string, b: string): number {
  try {
    return compareVersions(a, b);
  } catch {
    return 0;
  }
}

/** The reverse proxy's address, as seen by the gateway: flag, then pasted gateway log lines (evidence only). */
export function findProxyIp(facts: Facts): { ip: string; source: string } | undefined {
  const flag = facts.flags?.proxyIp;
  if (typeof flag === 'string' && ipaddr.isValid(flag.trim())) return { ip: flag.trim(), source: '--proxy-ip' };
  for (const ln of facts.paste?.kept ?? []) {
    // `closed before connect conn=… remote=172.18.0.5 fwd=203.0.113.7 …`: the socket peer sent
    // forwarding headers, so it is the proxy.
    const m = /\bremote=\[?([0-9a-fA-F.:]+?)\]?(?::\d+)?\s+fwd=(?!n\/a\b)(\S+)/.exec(ln.text);
    if (m && ipaddr.isValid(m[1]!)) return { ip: m[1]!, source: `pasted log line ${ln.line}` };
  }
  // Never guessed from the container's default route (#11): on a gateway probed directly that is not
  // the proxy, and trusting it would let anything behind the bridge claim any client.
  return undefined;
}

export function enrichConfigFacts(facts: Facts): Facts {
  const cfg = facts.config;
  if (!cfg?.derived || !cfg.value) return facts;
  const d = cfg.derived;
  for (const k of ENRICHED_KEYS) delete d[k];
  const gw = isObj(cfg.value.gateway) ? cfg.value.gateway : undefined;
  const version = facts.version?.value;

  // ---------------------------------------------------------------- the release's exact schema
  Object.assign(d, releaseSchemaFacts(cfg, facts.version));

  // ---------------------------------------------------------------- trusted proxies vs the proxy
  const semantics = proxySemantics(version, cmp);
  d.proxyMatchSemantics = version ? semantics : 'unknown-version';
  const proxy = findProxyIp(facts);
  const entries = Array.isArray(gw?.trustedProxies) ? (gw!.trustedProxies as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  if (proxy) {
    d.proxyIp = proxy.ip;
    d.proxyIpSource = proxy.source;
    if (gw && Array.isArray(gw.trustedProxies)) {
      const covered = proxyCovered(proxy.ip, entries, semantics);
      d.proxyCovered = covered;
      if (!covered) d.proxyNotCovered = true;
    }
  }
  const firstCidr = typeof d.trustedProxiesCidrFirst === 'string' ? d.trustedProxiesCidrFirst : undefined;
  if (firstCidr) {
    if (typeof d.trustedProxiesHostCidrAddress === 'string' && d.trustedProxiesHostCidrFirstIndex === d.trustedProxiesCidrFirstIndex) {
      d.trustedProxiesCidrReplacement = d.trustedProxiesHostCidrAddress;
      d.trustedProxiesCidrReplacementSource = `${firstCidr} covers exactly one address`;
    } else if (proxy && proxyCovered(proxy.ip, [firstCidr], 'cidr')) {
      d.proxyInCidrFirst = true;
      d.trustedProxiesCidrReplacement = proxy.ip;
      d.trustedProxiesCidrReplacementSource = `the proxy address from ${proxy.source}`;
    } else if (/^\s*172\.(?:1[6-9]|2\d|3[01])\.0\.0\/16\s*$/.test(firstCidr)) {
      // A Docker network range with no recorded proxy address: never guess one (x.y.0.1, the network's
      // gateway, is only right for a proxy on the host). The step says where to find it.
      d.trustedProxiesCidrDockerNetwork = true;
    }
  }

  // ---------------------------------------------------------------- version-dependent schema
  if (version && gw) {
    const tooNew = keysTooNew(gw, version, cmp);
    if (tooNew.length) {
      const first = tooNew[0]!;
      d.keyTooNewFirst = first.path;
      d.keyTooNewPointer = pointerOf(first.path);
      d.keyTooNewSince = first.since;
      d.keyTooNewList = tooNew.map((t) => `${t.path} (${t.since}+)`).join(', ');
      const pos = cfg.keyPositions?.[pointerOf(first.path)];
      if (pos) d.keyTooNewAt = `${cfg.path}:${pos.line}:${pos.column}`;
    }
  }
  if (version && facts.version?.source !== 'config' && typeof d.lastTouchedVersion === 'string' && cmp(d.lastTouchedVersion, version) > 0) {
    d.configNewerThanVersion = true;
  }

  // ---------------------------------------------------------------- this host
  if (typeof d.remoteUrlHost === 'string' && Array.isArray(facts.env?.addresses)) {
    if (facts.env!.addresses.some((a) => a.toLowerCase() === String(d.remoteUrlHost).toLowerCase())) d.remoteUrlIsThisHost = true;
  }

  // ---------------------------------------------------------------- the browser's origin
  const browserUrl = facts.flags?.browserUrl;
  let origin: string | undefined;
  if (typeof browserUrl === 'string') {
    try {
      const u = new URL(browserUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') origin = u.origin;
    } catch {
      // not a URL: ignore
    }
  }
  if (!origin) {
    const port = d.effectivePort;
    const u = facts.paste?.urls.find((x) => (x.scheme === 'http' || x.scheme === 'https') && x.port === port && classifyHost(x.host) !== 'loopback');
    if (u) origin = `${u.scheme}://${u.host}${u.port ? `:${u.port}` : ''}`;
  }
  if (origin) {
    d.browserOrigin = origin;
    const seed = d.allowedOriginsLoopbackSeed;
    let host = '';
    try {
      host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
    } catch {
      // not a URL: no suggestion
    }
    // Only an origin the user opens the UI at from elsewhere cures the network-bind problem.
    if (Array.isArray(seed) && host && classifyHost(host) !== 'loopback') {
      d.allowedOriginsSuggested = [origin, ...(seed as string[]).filter((o) => o !== origin)];
    } else delete d.allowedOriginsSuggested;
  }
  return facts;
}
