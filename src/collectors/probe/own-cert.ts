// The gateway's own certificate on its host. OpenClaw's local CLI (2026.9.6
// `resolveGatewayConnectionTlsFingerprint`) pins the SHA-256 of gateway.tls.certPath, else of
// `<state dir>/gateway/tls/gateway-cert.pem`, when it connects to its default wss://127.0.0.1 URL;
// the probe does the same so a self-signed local gateway is judged as its own CLI sees it.
import crypto from 'node:crypto';
import fs from 'node:fs';

/** A certificate chain file is small; anything larger is not read (same idea as OpenClaw's bounded read). */
const MAX_CERT_BYTES = 256 * 1024;

/** Lower-case hex SHA-256 of the first certificate in the PEM file, or undefined when unreadable. */
export function ownCertFingerprint(path: string): string | undefined {
  try {
    const st = fs.statSync(path);
    if (!st.isFile() || st.size > MAX_CERT_BYTES) return undefined;
    const pem = fs.readFileSync(path, 'utf8');
    return new crypto.X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}
