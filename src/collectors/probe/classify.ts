// Turn what the gateway said (error res, close code/reason) into one stable outcome name.
// Recent gateways give machine codes in error.details.code; 2026.1.x/2026.2.x only give human
// text, so the text is matched as a fallback. Rules key on the outcome (and may also read the raw
// codes), so one rule covers every version.
import type { ProbeOutcome } from '../../types.js';

export const DETAIL_CODE_OUTCOMES: Record<string, ProbeOutcome> = {
  AUTH_TOKEN_MISSING: 'token-missing',
  AUTH_TOKEN_MISMATCH: 'token-mismatch',
  AUTH_TOKEN_NOT_CONFIGURED: 'token-not-configured',
  AUTH_PASSWORD_MISSING: 'password-missing',
  AUTH_PASSWORD_MISMATCH: 'password-mismatch',
  AUTH_PASSWORD_NOT_CONFIGURED: 'password-not-configured',
  AUTH_DEVICE_TOKEN_MISMATCH: 'device-token-mismatch',
  AUTH_RATE_LIMITED: 'rate-limited',
  AUTH_REQUIRED: 'unauthorized',
  AUTH_UNAUTHORIZED: 'unauthorized',
  DEVICE_IDENTITY_REQUIRED: 'device-identity-required',
  CONTROL_UI_DEVICE_IDENTITY_REQUIRED: 'control-ui-device-identity-required',
  CONTROL_UI_ORIGIN_NOT_ALLOWED: 'origin-not-allowed',
  PAIRING_REQUIRED: 'pairing-required',
  PROTOCOL_MISMATCH: 'protocol-mismatch',
  CLIENT_VERSION_MISMATCH: 'client-version-mismatch',
};

const TEXT_OUTCOMES: Array<[RegExp, ProbeOutcome]> = [
  [/too many failed authentication attempts|rate.?limit/i, 'rate-limited'],
  [/device token mismatch|device token rejected/i, 'device-token-mismatch'],
  [/gateway token missing/i, 'token-missing'],
  [/gateway token mismatch/i, 'token-mismatch'],
  [/gateway token not configured/i, 'token-not-configured'],
  [/gateway password missing/i, 'password-missing'],
  [/gateway password mismatch/i, 'password-mismatch'],
  [/gateway password not configured/i, 'password-not-configured'],
  [/tailscale (identity|proxy)/i, 'tailscale-auth'],
  [/control ui requires (device identity|https)/i, 'control-ui-device-identity-required'],
  [/origin not allowed|origin missing or invalid/i, 'origin-not-allowed'],
  [/pairing required/i, 'pairing-required'],
  [/device identity required/i, 'device-identity-required'],
  [/device (identity mismatch|signature|nonce|public key)/i, 'device-auth-invalid'],
  [/protocol mismatch/i, 'protocol-mismatch'],
  [/gateway starting/i, 'gateway-starting'],
  [/client version mismatch/i, 'client-version-mismatch'],
  [/invalid (connect params|handshake|request frame)/i, 'invalid-connect'],
  [/invalid role/i, 'invalid-connect'],
  [/^unauthorized/i, 'unauthorized'],
];

export interface RejectInput {
  code?: string;
  message?: string;
  detailsCode?: string;
  closeCode?: number;
  closeReason?: string;
}

/** Outcome for a rejected connect (error res and/or close before hello-ok). */
export function classifyReject(r: RejectInput): ProbeOutcome {
  if (r.detailsCode && DETAIL_CODE_OUTCOMES[r.detailsCode]) return DETAIL_CODE_OUTCOMES[r.detailsCode] as ProbeOutcome;
  if (r.detailsCode?.startsWith('AUTH_TAILSCALE')) return 'tailscale-auth';
  if (r.detailsCode?.startsWith('DEVICE_AUTH')) return 'device-auth-invalid';
  if (r.code === 'UNAVAILABLE' || r.closeCode === 1013) return 'gateway-starting';
  if (r.closeCode === 1002) return 'protocol-mismatch';
  for (const text of [r.message, r.closeReason]) {
    if (!text) continue;
    for (const [re, outcome] of TEXT_OUTCOMES) if (re.test(text)) return outcome;
  }
  if (r.closeCode !== undefined) return classifyClose(r.closeCode, r.closeReason ?? '');
  return 'rejected';
}

/** Outcome for a close with no error res. */
export function classifyClose(code: number, reason: string): ProbeOutcome {
  if (reason) {
    for (const [re, outcome] of TEXT_OUTCOMES) if (re.test(reason)) return outcome;
  }
  switch (code) {
    case 1000:
      // The gateway closes 1000 with no reason when the pre-auth handshake timer fires.
      return reason ? 'closed' : 'handshake-timeout';
    case 1001:
      return 'gateway-stopping';
    case 1002:
      return 'protocol-mismatch';
    case 1006:
      return 'connection-lost';
    case 1008:
      return 'policy-violation';
    case 1009:
      return 'payload-too-large';
    case 1011:
      return 'server-error';
    case 1012:
      return 'gateway-restarting';
    case 1013:
      return 'gateway-starting';
    case 4001:
      return 'auth-changed';
    default:
      return 'closed-unknown';
  }
}

const UUIDISH = /requestId[:=\s"]+([0-9a-f][0-9a-f-]{7,})/i;

export function requestIdFrom(...texts: Array<string | undefined>): string | undefined {
  for (const t of texts) {
    const m = t ? UUIDISH.exec(t) : null;
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** TLS verification error codes (Node's `authorizationError` / error.code) to outcomes. */
export function classifyTlsError(code: string | undefined, message = ''): ProbeOutcome {
  const c = code ?? '';
  if (/SELF_SIGNED/.test(c)) return 'tls-self-signed';
  if (c === 'CERT_HAS_EXPIRED') return 'tls-expired';
  if (c === 'CERT_NOT_YET_VALID') return 'tls-not-yet-valid';
  if (c === 'ERR_TLS_CERT_ALTNAME_INVALID' || /altname|does not match certificate/i.test(message)) return 'tls-name-mismatch';
  if (/UNABLE_TO_(GET_ISSUER|VERIFY_LEAF)|CERT_UNTRUSTED|CERT_CHAIN_TOO_LONG|INVALID_CA/.test(c)) return 'tls-untrusted';
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|UNKNOWN_PROTOCOL/i.test(c + message)) return 'tls-not-tls';
  return 'tls-handshake-failed';
}
