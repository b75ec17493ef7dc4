// gateway.tls on: do the certificate and key files the gateway needs exist? OpenClaw (every release
// from 2026.2.12 to 2026.9.6, `loadGatewayTlsServerRuntime`) generates a self-signed pair only when
// BOTH files are absent and tls.autoGenerate is not false; otherwise a missing file stops start-up
// with "gateway tls: cert/key missing".
import { accessSync } from 'node:fs';
import path from 'node:path';

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function exists(p: string): boolean {
  try {
    accessSync(p);
    return true;
  } catch {
    return false;
  }
}

function userPath(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : path.resolve(p);
}

/** `{ tlsFilesMissing: "<paths>" }` when the gateway would refuse to start for lack of its TLS files. */
export async function tlsFileFacts(value: unknown, configDir: string, home: string): Promise<Record<string, unknown>> {
  const t = obj(obj(obj(value)?.gateway)?.tls);
  if (!t || t.enabled !== true) return {};
  const given = (k: string) => (typeof t[k] === 'string' && (t[k] as string).trim() ? userPath((t[k] as string).trim(), home) : undefined);
  const cert = given('certPath') ?? path.join(configDir, 'gateway', 'tls', 'gateway-cert.pem');
  const key = given('keyPath') ?? path.join(configDir, 'gateway', 'tls', 'gateway-key.pem');
  const [hasCert, hasKey] = await Promise.all([exists(cert), exists(key)]);
  if (hasCert && hasKey) return {};
  if (!hasCert && !hasKey && t.autoGenerate !== false) return {};
  return { tlsFilesMissing: [hasCert ? '' : cert, hasKey ? '' : key].filter(Boolean).join(', ') };
}
