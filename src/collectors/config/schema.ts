// What OpenClaw's strict `gateway` schema accepts, by version (openclaw-facts.md §2.3, read from
// the published tarballs). `since` is the first release verified to accept a key; `sinceVerified:
// false` means the key was only seen in a later tarball (so "too new for version X" is not claimed).
// `retired` is the first line where the key is stripped/ignored. `open` subtrees are not checked
// key by key (their contents changed too often to judge without the exact schema).

export interface KeySpec {
  since?: string;
  sinceVerified?: boolean;
  retired?: string;
  /** The legacy key is handled by its own rule (e.g. gateway.token). */
  legacy?: boolean;
  open?: boolean;
  children?: Record<string, KeySpec>;
}

const BASE = '2026.1.29';

const k = (since = BASE, extra: Partial<KeySpec> = {}): KeySpec => ({ since, sinceVerified: true, ...extra });
const seen = (version: string, extra: Partial<KeySpec> = {}): KeySpec => ({ since: version, sinceVerified: false, ...extra });
const open = (since = BASE): KeySpec => ({ since, sinceVerified: true, open: true });

export const GATEWAY_SCHEMA: Record<string, KeySpec> = {
  port: k(),
  mode: k(),
  bind: k(),
  controlUi: k(BASE, {
    children: {
      enabled: k(),
      basePath: k(),
      root: k('2026.2.2'),
      allowedOrigins: k('2026.2.2'),
      allowInsecureAuth: k(BASE, { retired: '2026.8.0' }),
      dangerouslyDisableDeviceAuth: k(BASE, { retired: '2026.8.0' }),
      dangerouslyAllowHostHeaderOriginFallback: k('2026.2.26'),
    },
  }),
  auth: k(BASE, {
    children: {
      mode: k(),
      token: k(),
      password: k(),
      allowTailscale: k(),
      trustedProxy: k('2026.2.17', { open: true }),
      rateLimit: k('2026.2.17', { open: true }),
      identityScopes: seen('2026.9.6', { open: true }),
    },
  }),
  trustedProxies: k(),
  tailscale: open(),
  remote: k(BASE, {
    children: {
      url: k(),
      transport: k(),
      token: k(),
      password: k(),
      tlsFingerprint: k(),
      sshTarget: k(),
      sshIdentity: k(),
      remotePort: seen('2026.9.6'),
      edgeAuth: seen('2026.9.6', { open: true }),
      sshHostKeyPolicy: seen('2026.9.6'),
    },
  }),
  reload: k(BASE, { children: { mode: k(), debounceMs: k() } }),
  tls: k(BASE, { children: { enabled: k(), autoGenerate: k(), certPath: k(), keyPath: k(), caPath: k() } }),
  http: open(),
  nodes: open(),
  token: { legacy: true },
  customBindHost: k('2026.2.21'),
  allowRealIpFallback: k('2026.2.21'),
  tools: open('2026.2.21'),
  channelHealthCheckMinutes: k('2026.2.21'),
  publicOrigin: seen('2026.9.6'),
  portals: { ...seen('2026.9.6'), open: true },
  cliAgents: { ...seen('2026.9.6'), open: true },
  terminal: { ...seen('2026.9.6'), open: true },
  roles: { ...seen('2026.9.6'), open: true },
  push: { ...seen('2026.9.6'), open: true },
  webchat: { retired: '2026.8.0', open: true },
};

/** Keys that users put in the wrong place: key (under gateway) -> where it belongs (dot path). */
export const MISPLACED_GATEWAY_KEYS: Record<string, string> = {
  allowedOrigins: 'gateway.controlUi.allowedOrigins',
  allowInsecureAuth: 'gateway.controlUi.allowInsecureAuth',
  dangerouslyDisableDeviceAuth: 'gateway.controlUi.dangerouslyDisableDeviceAuth',
  dangerouslyAllowHostHeaderOriginFallback: 'gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback',
  password: 'gateway.auth.password',
  allowTailscale: 'gateway.auth.allowTailscale',
  trustedProxy: 'gateway.auth.trustedProxy',
  url: 'gateway.remote.url',
  tlsFingerprint: 'gateway.remote.tlsFingerprint',
  host: 'gateway.customBindHost',
  bindHost: 'gateway.customBindHost',
};

/** Gateway keys found at the top level of the config (the root schema is strict too). */
export const GATEWAY_KEYS_AT_ROOT = ['trustedProxies', 'controlUi', 'bind', 'nodes', 'remote', 'tailscale'] as const;

export function levenshtein(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const dp = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= n; j++) {
      const tmp = dp[j]!;
      dp[j] = a[i - 1] === b[j - 1] ? prev : 1 + Math.min(prev, dp[j]!, dp[j - 1]!);
      prev = tmp;
    }
  }
  return dp[n]!;
}

const squash = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');

/** The closest known key, if close enough to be what the user meant. */
export function didYouMean(key: string, known: string[]): string | undefined {
  const sk = squash(key);
  let best: { key: string; d: number } | undefined;
  for (const cand of known) {
    const sc = squash(cand);
    if (sc === sk) return cand;
    // Plural / singular slips: trustedProxy vs trustedProxies, allowedOrigin vs allowedOrigins.
    if (sc.startsWith(sk) && sc.length - sk.length <= 3 && sk.length >= 6) return cand;
    if (sk.startsWith(sc) && sk.length - sc.length <= 3 && sc.length >= 6) return cand;
    const d = levenshtein(sk, sc);
    const limit = Math.max(sk.length, sc.length) <= 5 ? 1 : 2;
    if (d <= limit && (!best || d < best.d)) best = { key: cand, d };
  }
  return best?.key;
}
