// Ephemeral Ed25519 device identity for the deep probe (`--device`). Lives in memory only: the
// user's own identity files are never read or written.
import crypto from 'node:crypto';

export interface EphemeralDevice {
  /** sha256 hex of the raw 32-byte public key (what OpenClaw calls the device id). */
  id: string;
  /** Raw public key, base64url. */
  publicKey: string;
  sign(payload: string): string;
}

export function createEphemeralDevice(): EphemeralDevice {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const raw = spki.subarray(spki.length - 32);
  return {
    id: crypto.createHash('sha256').update(raw).digest('hex'),
    publicKey: raw.toString('base64url'),
    sign: (payload) => crypto.sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64url'),
  };
}

export interface DeviceProofInput {
  clientId: string;
  clientMode: string;
  role: string;
  scopes: string[];
  /** The shared token sent in the same connect request, or empty. */
  token?: string;
  nonce: string;
  signedAt?: number;
}

/** The `device` object of a connect request, signed with the v2 payload
 * `v2|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce` (accepted 2026.1.29 … 2026.9.6). */
export function deviceProof(d: EphemeralDevice, p: DeviceProofInput): { id: string; publicKey: string; signature: string; signedAt: number; nonce: string } {
  const signedAt = p.signedAt ?? Date.now();
  const payload = ['v2', d.id, p.clientId, p.clientMode, p.role, p.scopes.join(','), String(signedAt), p.token ?? '', p.nonce].join('|');
  return { id: d.id, publicKey: d.publicKey, signature: d.sign(payload), signedAt, nonce: p.nonce };
}
