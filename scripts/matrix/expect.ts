// The cause each recorded failure must be named by (issue #11 Deliver 2), as data: for a gateway
// that did not start ("start") or a doctor's client it refused ("refused"), the rule ids any of
// which may come first. Written from what the record says (exit message / close reason), per
// scenario, with per-release exceptions where releases fail for different reasons.
import type { Recording } from './normalise.js';

export type Verdict = 'works' | 'start' | 'refused';

interface Expectation {
  start?: string[];
  refused?: string[];
  /** Per-release override (same shape). */
  releases?: Record<string, { start?: string[]; refused?: string[] }>;
}

const DOWN = ['gateway-down/gateway-down', 'gateway-down/connection-refused'];
const DEVICE = ['device-identity/device-identity-required-probe', 'device-identity/device-identity-required'];
const TP_OLD = ['trusted-proxy/auth-mode-trusted-proxy-unsupported'];
const KEY_NEW = ['config-parse/key-too-new', 'config-parse/unknown-gateway-key'];

/** Scenario → the rules that name its recorded failure (see the recording's gateway.output / client close). */
export const EXPECT: Record<string, Expectation> = {
  // "Refusing to bind gateway to lan without auth" (every release)
  'auth-none-lan': { start: ['port-bind/network-bind-auth-none'] },
  // 2.12: auth.mode "none" is not in the schema; later a client without a device is refused
  'auth-none': { start: ['auth-config-shape/auth-mode-none-unsupported'], refused: DEVICE },
  // 'auth: "<token>"' is an invalid shape ("expected object")
  'auth-string': { start: ['auth-config-shape/auth-string'] },
  // 2.12 refuses without a token; 3.13+ generate one the CLI does not hold (close: device identity required)
  'auth-unset': { start: ['token-auth/token-missing-blocks-start', 'auth-config-shape/auth-not-configured'], refused: DEVICE },
  'bind-host-alias': { start: ['port-bind/bind-host-alias'] },
  // 2.12: customBindHost unknown; 3.13–6.11 listen on the custom host only (loopback refused)
  'custom-bind': { start: KEY_NEW, refused: ['port-bind/bind-address-only'] },
  'custom-bind-no-host': { start: ['port-bind/bind-custom-no-host'] },
  'gateway-not-running': { start: DOWN },
  // "hooks.token must not match gateway auth token" (3.13, 4.22)
  'hooks-token-equals-gateway-token': { start: ['auth-config-shape/hooks-token-equals-gateway-token'] },
  'include-missing-file': { start: ['gateway-down/include-gateway-down'] },
  'include-mode-remote': { start: ['gateway-down/mode-remote-blocks-start', 'gateway-down/include-gateway-down'] },
  'json5-syntax-error': { start: ['config-parse/parse-error'] },
  // 2.12 and 6.11+: refused without auth on lan; 3.13/4.22 generate a token the CLI lacks
  'lan-auth-unset': { start: ['port-bind/network-bind-without-auth', 'port-bind/network-bind-auth-none'], refused: DEVICE },
  // 2.12: dangerouslyAllowHostHeaderOriginFallback is unknown
  'lan-host-header-fallback': { start: KEY_NEW },
  'legacy-gateway-token': { start: ['token-auth/legacy-gateway-token', 'token-auth/legacy-gateway-token-blocked'] },
  'legacy-gateway-token-with-auth': { start: ['token-auth/legacy-gateway-token-duplicate', 'token-auth/legacy-gateway-token-conflict', 'token-auth/legacy-gateway-token-blocked'] },
  // "Gateway start blocked: set gateway.mode=local (current: remote)"
  'mode-remote': { start: ['gateway-down/mode-remote-blocks-start'] },
  'mode-remote-no-url': { start: ['gateway-down/mode-remote-no-url', 'gateway-down/mode-remote-blocks-start'] },
  // "missing gateway.mode" / exit 78
  'mode-unset': { start: ['gateway-down/mode-unset', 'gateway-down/start-blocked-mode-unset'] },
  'no-config': { start: ['gateway-down/missing-gateway-not-running', 'config-parse/missing', 'gateway-down/mode-unset', 'gateway-down/start-blocked-mode-unset'] },
  // no credential sent: "device identity required"
  'no-credential': { refused: [...DEVICE, 'token-auth/token-missing'] },
  'password-missing': { start: ['auth-config-shape/password-mode-no-password'] },
  // 3.13+: "both configured, but gateway.auth.mode is unset" (exit 1); 2.12 starts in password mode
  // (a password wins without a mode) and refuses the CLI sending the token: "password missing"
  'auth-mode-ambiguous': { start: ['auth-config-shape/auth-mode-ambiguous'], refused: ['token-auth/password-rejected'] },
  // 2.12–4.22: 'Unrecognized key: "proxy"' (exit 1; the root key arrives in 2026.5.28). 6.11+ start and answer
  // direct clients; `health`/`status`/`gateway status` bypass the managed proxy and work (proxy-loopback-proxy: 6.11+ only)
  'proxy-loopback-block': { start: ['config-parse/schema-violation', 'config/unknown-root-key', ...KEY_NEW] },
  'port-as-string': { start: ['port-bind/port-string'] },
  // another program answers on the port; the gateway cannot bind it
  'port-taken': { start: ['port-bind/port-conflict', 'port-bind/not-openclaw', 'port-bind/gateway-port-in-use'] },
  // ≤ 6.11 listen on the tailnet address only: the local CLI on 127.0.0.1 is refused
  'tailnet-bind': { refused: ['port-bind/bind-address-only', 'tailscale/tailnet-bind-loopback-target'] },
  'tailscale-funnel-token': { start: ['tailscale/tailscale-funnel-needs-password'] },
  // 8.2+: tailscale serve without the tailscale binary fails start-up
  'tailscale-serve': { start: ['tailscale/tailscale-serve-gateway-down', 'tailscale/tailscale-unavailable'] },
  // wss with default trust: the gateway's self-signed certificate
  'tls-auto': { refused: ['tls/tls-untrusted', 'tls/works-without-tls-verification'] },
  'tls-given-cert': { refused: ['tls/tls-untrusted', 'tls/works-without-tls-verification'] },
  'tls-cert-missing': { start: ['tls/tls-cert-missing', 'tls/gateway-tls-setup-failed'] },
  // ≤ 6.11: ${VAR} unset fails start; 8.2+ start with a runtime token (token mismatch)
  'token-env-substitution-missing': { start: ['config-parse/unset-env-var', 'config-parse/missing-env-var'], refused: ['token-auth/token-mismatch', 'config-parse/unset-env-var-runtime-token'] },
  'token-missing': { start: ['token-auth/token-missing-blocks-start', 'auth-config-shape/auth-not-configured'], refused: DEVICE },
  // 2.12: a SecretRef object is "expected string, received object"
  'token-secretref-env': { start: ['auth-config-shape/secretref-unsupported'] },
  'token-secretref-missing': { start: ['auth-config-shape/secretref-unresolved', 'auth-config-shape/secretref-gateway-down'], releases: { '2026.2.12': { start: ['auth-config-shape/secretref-unsupported'] } } },
  'trusted-proxy': { start: TP_OLD, refused: [...DEVICE, 'trusted-proxy/trusted-proxy-loopback-source', 'trusted-proxy/trusted-proxy-loopback-source-config'] },
  // ≤ 4.22: allowLoopback is an unknown key
  'trusted-proxy-allow-loopback': { start: [...TP_OLD, ...KEY_NEW, 'config-parse/schema-violation'], refused: DEVICE },
  'trusted-proxy-no-proxies': { start: [...TP_OLD, 'trusted-proxy/trusted-proxy-no-proxies'] },
  'trusted-proxy-no-user-header': { start: [...TP_OLD, 'trusted-proxy/trusted-proxy-no-user-header'] },
  'trusted-proxy-with-token': { start: [...TP_OLD, 'trusted-proxy/trusted-proxy-with-token'], refused: [...DEVICE, 'trusted-proxy/trusted-proxy-with-token'] },
  'unknown-gateway-key': { start: ['config-parse/unknown-gateway-key', 'config-parse/unknown-gateway-key-typo'] },
  'unknown-root-key': { start: ['config/unknown-root-key', 'config-parse/schema-violation'] },
  'wrong-token': { refused: ['token-auth/token-mismatch'] },
  'wrong-token-penalty': { refused: ['token-auth/token-mismatch'] },
  // 2026.2.12's CLI sends the stale OPENCLAW_GATEWAY_TOKEN ("gateway token mismatch" from `openclaw health`)
  'stale-env-token': { refused: ['token-auth/token-mismatch-shadowed'] },
  'gateway-env-token-overrides': { refused: ['token-auth/token-mismatch-shadowed'] },
};

/**
 * Recorded releases whose own CLI dials this host's LAN address when gateway.bind is "lan"
 * (2026.2.9 to 2.2x, buildGatewayConnectionDetails: `preferLan && lanIPv4`; 2026.3.13 dials 127.0.0.1).
 * On such a cell the user's CLI is the recorded LAN device client (`openclaw health` on 2.12
 * lan-no-origins: "pairing required", target ws://192.168.77.10).
 */
const CLI_DIALS_LAN = ['2026.2.12'];

export function cliDialsLan(rec: Recording): boolean {
  return CLI_DIALS_LAN.includes(rec.release) && /\bbind:\s*"lan"/.test(rec.setup.configWritten ?? '');
}

/** A running bind-"lan" gateway of such a release refuses that CLI: pairing required. */
const CLI_LAN_PAIRING = ['pairing/cli-dials-lan-address'];

export function expectedFor(rec: Recording, verdict: Exclude<Verdict, 'works'>): string[] {
  const e = EXPECT[rec.scenario];
  const lanCli = verdict === 'refused' && cliDialsLan(rec);
  const declared = e ? (e.releases?.[rec.release]?.[verdict] ?? e[verdict] ?? []) : [];
  return lanCli ? [...declared, ...CLI_LAN_PAIRING] : declared;
}

/**
 * A warning on a cell where the doctor's own client worked is still right when it names a refusal the
 * record shows for another client of the same gateway: rule → the recorded outcomes that justify it.
 * (An error on a working cell is never justified.)
 */
export const JUSTIFIED_WARNINGS: Record<string, string[]> = {
  // 2026.3.13/4.22 wrote loopback-only origins: the LAN browser got "origin not allowed"
  'origin/network-bind-origins-advice': ['origin-not-allowed'],
  // 2026.8.2+ ignore allowInsecureAuth / dangerouslyDisableDeviceAuth: the Control UI without a device is refused
  'secure-context/allow-insecure-auth-retired': ['control-ui-device-identity-required', 'device-identity-required'],
  'device-identity/disable-device-auth-retired': ['control-ui-device-identity-required', 'device-identity-required'],
  // 2026.2.21–6.x: allowInsecureAuth no longer skips device identity for a UI without the token
  'secure-context/allow-insecure-auth-limited': ['control-ui-device-identity-required', 'device-identity-required'],
  // 2026.3.2+: the CLI reads the config token first; a client holding the stale variable is refused
  'token-auth/env-token-stale-config-first': ['token-mismatch'],
};
