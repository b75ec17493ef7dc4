// What OpenClaw's strict `gateway` schema accepts, by version: the table is data in
// knowledge/versions.json (`gatewayKeys`, openclaw-facts.md §2.3). `since` is the first release
// verified to accept a key; `sinceVerified: false` means the key was only seen in a later tarball (so
// "too new for version X" is not claimed). `retired` is the first line where the key is
// stripped/ignored. `open` subtrees are not checked key by key (their contents changed too often to
// judge without the exact schema). Also: misplaced keys and did-you-mean. In shared/ because it is
// knowledge about OpenClaw's config, not I/O: derive reads it (unknown, too-new and misplaced keys)
// and any collector or command may.
import { versionKnowledge } from '../version/behaviours.js';

export interface KeySpec {
  since?: string;
  sinceVerified?: boolean;
  retired?: string;
  /** The legacy key is handled by its own rule (e.g. gateway.token). */
  legacy?: boolean;
  open?: boolean;
  children?: Record<string, KeySpec>;
}

/** The gateway key table of knowledge/versions.json (read on first use). */
export function gatewaySchema(): Record<string, KeySpec> {
  return versionKnowledge().gatewayKeys as Record<string, KeySpec>;
}

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
