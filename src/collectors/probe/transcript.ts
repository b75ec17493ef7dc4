// Opt-in protocol transcript of one probe run (issue #11: the behaviour matrix records what a real
// gateway said so a replay server can say it again to the real probe code). Nothing here is used
// unless a caller passes `ProbeOptions.transcript`; the CLI never does.
//
// Secrets never enter a transcript: the credential the probe sent is replaced by `<token>` /
// `<password>`, and a device token the gateway issued by `<device-token>`.

export type ProbeTranscriptEvent =
  | { kind: 'tcp'; ok: boolean; address?: string; port: number; code?: string; message?: string }
  | {
      kind: 'tls';
      authorized: boolean;
      fingerprint?: string;
      subject?: string;
      issuer?: string;
      selfSigned?: boolean;
      code?: string;
      error?: string;
    }
  | { kind: 'http'; path: string; status?: number; contentType?: string; body?: string; error?: string }
  | { kind: 'upgrade'; status: number; headers: Record<string, string>; body?: string }
  /** A frame from the server: parsed JSON, or `text` when it was not JSON, or `binary` (byte length). */
  | { kind: 'recv'; frame?: unknown; text?: string; binary?: number }
  /** A frame the probe sent (secrets replaced). */
  | { kind: 'send'; frame: unknown }
  | { kind: 'close'; code: number; reason: string }
  | { kind: 'error'; stage: string; code?: string; message: string };

export interface ProbeTranscript {
  /** Appended to in order; `at` = ms since the probe started (timing only, never needed to replay). */
  events: Array<ProbeTranscriptEvent & { at?: number }>;
}

/** Deep copy of a JSON value with every occurrence of a secret replaced by its placeholder. */
export function scrubSecrets(value: unknown, secrets: Array<[string, string]>): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const [secret, placeholder] of secrets) if (secret && s.includes(secret)) s = s.split(secret).join(placeholder);
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, secrets));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = k === 'deviceToken' && typeof v === 'string' ? '<device-token>' : scrubSecrets(v, secrets);
    }
    return out;
  }
  return value;
}
