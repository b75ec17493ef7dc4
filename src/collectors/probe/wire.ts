// Glue between the CLI (`diagnose`) and the probe: flags → ProbeOptions, facts, redaction list.
// Kept here so the edits at the `[wire:probe]` markers stay one line each.
import type { Facts } from '../../types.js';
import type { VersionInputs } from '../../facts.js';
import { withSpinner } from '../../output/spinner.js';
import { UsageError } from '../../commands/rule-selection.js';
// index.js pulls in undici and ws: imported only when a probe really runs (start-up time).
import type { ProbeOptions } from './index.js';
import { judgeBrowserUrl } from './secure-context.js';
import { DEFAULT_TIMEOUT_MS, resolveTarget } from './target.js';

export interface ProbeFlags {
  probe?: boolean;
  url?: string;
  token?: string;
  password?: string;
  timeout?: string | number;
  device?: boolean;
  browserUrl?: string;
  origin?: string;
  header?: string[];
  probeProtocol?: string;
  probeClient?: string;
  json?: boolean;
}

export interface ProbeWireContext {
  env: NodeJS.ProcessEnv;
  stderr: NodeJS.WriteStream;
  inputs: { probe: null | Record<string, unknown> };
  notCollected: Array<{ source: string; why: string }>;
  knownSecrets: string[];
  versionInputs: VersionInputs;
}

export function parseTimeout(v: string | number | undefined): number {
  if (v === undefined || v === '') return DEFAULT_TIMEOUT_MS;
  const n = typeof v === 'number' ? v : Number(String(v).trim().replace(/ms$/i, ''));
  if (!Number.isFinite(n) || n < 100 || n > 600_000) throw new UsageError(`--timeout must be a number of milliseconds between 100 and 600000 (got ${JSON.stringify(v)})`);
  return Math.round(n);
}

export function parseHeaders(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header must look like "Name: value" (got ${JSON.stringify(h)})`);
    out[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return out;
}

function parseProtocol(v: string | undefined): ProbeOptions['protocol'] {
  if (!v) return undefined;
  const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(v.trim());
  if (!m) throw new UsageError(`--probe-protocol must be N or MIN-MAX (got ${JSON.stringify(v)})`);
  const min = Number(m[1]);
  return { min, max: m[2] ? Number(m[2]) : min };
}

/** Static facts that need no connection: `--browser-url` → facts.flags.browserUrl*. */
export function browserUrlFlags(raw: string): Record<string, unknown> {
  const j = judgeBrowserUrl(raw);
  const out: Record<string, unknown> = {
    browserUrl: j.url,
    browserUrlHost: j.host,
    browserUrlHostKind: j.hostKind,
    browserUrlSecureContext: j.secureContext,
    browserUrlWhy: j.why,
  };
  if (j.origin && j.origin !== 'null') out.browserOrigin = j.origin;
  if (j.suggestion) out.browserUrlSuggestion = j.suggestion;
  if (j.error) out.browserUrlError = j.error;
  return out;
}

/** Run the probe for `diagnose` unless --no-probe, and fill facts.probe / facts.flags. */
export async function wireProbe(flags: ProbeFlags, facts: Facts, ctx: ProbeWireContext): Promise<void> {
  if (flags.browserUrl) Object.assign((facts.flags ??= {}), browserUrlFlags(flags.browserUrl));
  for (const s of [flags.token, flags.password]) if (s) ctx.knownSecrets.push(s);
  if (flags.probe === false) return;
  const timeoutMs = parseTimeout(flags.timeout);
  const opts: ProbeOptions = { timeoutMs, env: ctx.env };
  if (flags.url) opts.url = flags.url;
  if (flags.token) opts.token = flags.token;
  if (flags.password) opts.password = flags.password;
  if (flags.device) opts.device = true;
  if (flags.origin) opts.origin = flags.origin;
  const headers = parseHeaders(flags.header);
  if (Object.keys(headers).length) opts.headers = headers;
  const protocol = parseProtocol(flags.probeProtocol);
  if (protocol) opts.protocol = protocol;
  if (flags.probeClient === 'cli' || flags.probeClient === 'control-ui' || flags.probeClient === 'probe') opts.client = flags.probeClient;
  if (facts.config?.value) opts.config = facts.config.value;
  // Whatever secret the probe resolves (env, config) is also redacted from every output.
  const secret = resolveTarget(opts).credential?.secret;
  if (secret) ctx.knownSecrets.push(secret);
  const probe = await withSpinner({ stream: ctx.stderr, env: ctx.env, json: !!flags.json }, 'probing the gateway…', async () => (await import('./index.js')).collectProbe(opts));
  facts.probe = probe;
  ctx.inputs.probe = probe as unknown as Record<string, unknown>;
  const sv = probe.hello?.serverVersion;
  if (sv && sv !== 'dev') ctx.versionInputs.probeVersion = sv;
}
