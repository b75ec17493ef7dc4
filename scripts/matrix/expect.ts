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

const DOWN = ['probe/gateway-down', 'gateway-down/connection-refused'];
const DEVICE = ['probe/device-identity-required', 'device-identity/device-identity-required'];
const TP_OLD = ['config/auth-mode-trusted-proxy-unsupported'];
const KEY_NEW = ['config/key-too-new', 'config/unknown-gateway-key'];

/** Scenario → the rules that name its recorded failure (see the recording's gateway.output / client close). */
export const EXPECT: Record<string, Expectation> = {
  // "Refusing to bind gateway to lan without auth" (every release)
  'auth-none-lan': { start: ['config/network-bind-auth-none'] },
  // 2.12: auth.mode "none" is not in the schema; later a client without a device is refused
  'auth-none': { start: ['config/auth-mode-none-unsupported'], refused: DEVICE },
  // 'auth: "<token>"' is an invalid shape ("expected object")
  'auth-string': { start: ['config/auth-string'] },
  // 2.12 refuses without a token; 3.13+ generate one the CLI does not hold (close: device identity required)
  'auth-unset': { start: ['config/token-missing-blocks-start', 'probe/auth-not-configured'], refused: DEVICE },
  'bind-host-alias': { start: ['config/bind-host-alias'] },
  // 2.12: customBindHost unknown; 3.13–6.11 listen on the custom host only (loopback refused)
  'custom-bind': { start: KEY_NEW, refused: ['config/bind-address-only'] },
  'custom-bind-no-host': { start: ['config/bind-custom-no-host'] },
  'gateway-not-running': { start: DOWN },
  // "hooks.token must not match gateway auth token" (3.13, 4.22)
  'hooks-token-equals-gateway-token': { start: ['config/hooks-token-equals-gateway-token'] },
  'include-missing-file': { start: ['config/include-gateway-down'] },
  'include-mode-remote': { start: ['config/mode-remote-blocks-start', 'config/include-gateway-down'] },
  'json5-syntax-error': { start: ['config/parse-error'] },
  // 2.12 and 6.11+: refused without auth on lan; 3.13/4.22 generate a token the CLI lacks
  'lan-auth-unset': { start: ['config/network-bind-without-auth', 'config/network-bind-auth-none'], refused: DEVICE },
  // 2.12: dangerouslyAllowHostHeaderOriginFallback is unknown
  'lan-host-header-fallback': { start: KEY_NEW },
  'legacy-gateway-token': { start: ['config/legacy-gateway-token', 'config/legacy-gateway-token-blocked'] },
  'legacy-gateway-token-with-auth': { start: ['config/legacy-gateway-token-duplicate', 'config/legacy-gateway-token-conflict', 'config/legacy-gateway-token-blocked'] },
  // "Gateway start blocked: set gateway.mode=local (current: remote)"
  'mode-remote': { start: ['config/mode-remote-blocks-start'] },
  'mode-remote-no-url': { start: ['config/mode-remote-no-url', 'config/mode-remote-blocks-start'] },
  // "missing gateway.mode" / exit 78
  'mode-unset': { start: ['config/mode-unset', 'gateway-down/start-blocked-mode-unset'] },
  'no-config': { start: ['config/missing-gateway-not-running', 'config/missing', 'config/mode-unset', 'gateway-down/start-blocked-mode-unset'] },
  // no credential sent: "device identity required"
  'no-credential': { refused: [...DEVICE, 'probe/token-missing'] },
  'password-missing': { start: ['config/password-mode-no-password'] },
  'port-as-string': { start: ['config/port-string'] },
  // another program answers on the port; the gateway cannot bind it
  'port-taken': { start: ['env/port-conflict', 'probe/not-openclaw', 'port-bind/gateway-port-in-use'] },
  // ≤ 6.11 listen on the tailnet address only: the local CLI on 127.0.0.1 is refused
  'tailnet-bind': { refused: ['config/bind-address-only', 'tailscale/tailnet-bind-loopback-target'] },
  'tailscale-funnel-token': { start: ['config/tailscale-funnel-needs-password'] },
  // 8.2+: tailscale serve without the tailscale binary fails start-up
  'tailscale-serve': { start: ['config/tailscale-serve-gateway-down', 'tailscale/tailscale-unavailable'] },
  // wss with default trust: the gateway's self-signed certificate
  'tls-auto': { refused: ['probe/tls-untrusted', 'tls/works-without-tls-verification'] },
  'tls-given-cert': { refused: ['probe/tls-untrusted', 'tls/works-without-tls-verification'] },
  'tls-cert-missing': { start: ['config/tls-cert-missing', 'tls/gateway-tls-setup-failed'] },
  // ≤ 6.11: ${VAR} unset fails start; 8.2+ start with a runtime token (token mismatch)
  'token-env-substitution-missing': { start: ['config/unset-env-var', 'config-parse/missing-env-var'], refused: ['probe/token-mismatch', 'config/unset-env-var-runtime-token'] },
  'token-missing': { start: ['config/token-missing-blocks-start', 'probe/auth-not-configured'], refused: DEVICE },
  // 2.12: a SecretRef object is "expected string, received object"
  'token-secretref-env': { start: ['config/secretref-unsupported'] },
  'token-secretref-missing': { start: ['auth-config-shape/secretref-unresolved', 'config/secretref-gateway-down'], releases: { '2026.2.12': { start: ['config/secretref-unsupported'] } } },
  'trusted-proxy': { start: TP_OLD, refused: [...DEVICE, 'trusted-proxy/trusted-proxy-loopback-source', 'config/trusted-proxy-loopback-source'] },
  // ≤ 4.22: allowLoopback is an unknown key
  'trusted-proxy-allow-loopback': { start: [...TP_OLD, ...KEY_NEW, 'config/schema-violation'], refused: DEVICE },
  'trusted-proxy-no-proxies': { start: [...TP_OLD, 'config/trusted-proxy-no-proxies'] },
  'trusted-proxy-no-user-header': { start: [...TP_OLD, 'config/trusted-proxy-no-user-header'] },
  'trusted-proxy-with-token': { start: [...TP_OLD, 'config/trusted-proxy-with-token'], refused: [...DEVICE, 'config/trusted-proxy-with-token'] },
  'unknown-gateway-key': { start: ['config/unknown-gateway-key', 'config/unknown-gateway-key-typo'] },
  'unknown-root-key': { start: ['config/unknown-root-key', 'config/schema-violation'] },
  'wrong-token': { refused: ['probe/token-mismatch'] },
  // 2026.2.12's CLI sends the stale OPENCLAW_GATEWAY_TOKEN ("gateway token mismatch" from `openclaw health`)
  'stale-env-token': { refused: ['probe/token-mismatch-shadowed'] },
  'gateway-env-token-overrides': { refused: ['probe/token-mismatch-shadowed'] },
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
  'config/network-bind-origins-advice': ['origin-not-allowed'],
  // 2026.8.2+ ignore allowInsecureAuth / dangerouslyDisableDeviceAuth: the Control UI without a device is refused
  'config/allow-insecure-auth-retired': ['control-ui-device-identity-required', 'device-identity-required'],
  'config/disable-device-auth-retired': ['control-ui-device-identity-required', 'device-identity-required'],
  // 2026.2.21–6.x: allowInsecureAuth no longer skips device identity for a UI without the token
  'config/allow-insecure-auth-limited': ['control-ui-device-identity-required', 'device-identity-required'],
  // 2026.3.2+: the CLI reads the config token first; a client holding the stale variable is refused
  'probe/env-token-stale-config-first': ['token-mismatch'],
};
