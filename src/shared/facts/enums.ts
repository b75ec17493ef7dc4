// The closed vocabularies of the facts, as values: the TypeScript types are derived from these
// arrays (src/types.ts) and `rules validate` checks rule values against the same arrays, so a
// value a collector never produces cannot appear in a rule.

export const PROBE_STAGES = ['target', 'dns', 'tcp', 'tls', 'http', 'upgrade', 'challenge', 'connect', 'hello'] as const;

export const HOST_KINDS = ['loopback', 'private', 'tailnet', 'link-local', 'public', 'name', 'localhost-name', 'container-name'] as const;

/** Every outcome the live probe can end with (src/collectors/probe/index.ts, classify.ts). */
export const PROBE_OUTCOMES = [
  // not finished / not run
  'unknown',
  'failed',
  'connected',
  'invalid-url',
  'not-probed',
  // target, DNS, TCP
  'dns-timeout',
  'dns-not-found',
  'dns-failed',
  'refused',
  'tcp-timeout',
  'unreachable',
  'tcp-error',
  // TLS
  'tls-self-signed',
  'tls-expired',
  'tls-not-yet-valid',
  'tls-name-mismatch',
  'tls-untrusted',
  'tls-not-tls',
  'tls-handshake-failed',
  'tls-timeout',
  'tls-fingerprint-mismatch',
  // HTTP upgrade
  'upgrade-timeout',
  'upgrade-rejected',
  'upgrade-forbidden',
  'proxy-attribution-required',
  'not-openclaw',
  'upgrade-reset',
  'upgrade-failed',
  'unexpected-response',
  'not-http',
  // handshake
  'no-challenge',
  'connect-timeout',
  'handshake-timeout',
  'invalid-connect',
  'protocol-mismatch',
  'client-version-mismatch',
  // auth
  'token-missing',
  'token-mismatch',
  'token-not-configured',
  'password-missing',
  'password-mismatch',
  'password-not-configured',
  'device-token-mismatch',
  'rate-limited',
  'unauthorized',
  'tailscale-auth',
  'device-identity-required',
  'control-ui-device-identity-required',
  'device-auth-invalid',
  'origin-not-allowed',
  'pairing-required',
  'auto-approved',
  'rejected',
  // close codes
  'closed',
  'gateway-stopping',
  'gateway-starting',
  'gateway-restarting',
  'connection-lost',
  'policy-violation',
  'payload-too-large',
  'server-error',
  'auth-changed',
  'closed-unknown',
  // misbehaving peers
  'flood',
  'oversize-frame',
  'invalid-close-code',
  'ws-protocol-error',
] as const;
