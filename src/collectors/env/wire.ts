// Glue between the CLI (`diagnose`) and the environment collector, so the edits at the
// `[wire:env]` markers stay one line each.
import type { VersionInputs } from '../../facts.js';
import type { EnvFacts, Facts } from '../../types.js';
import { collectEnv, type CollectEnvOptions } from './index.js';
import { isLoopbackHost } from '../../shared/net/hosts.js';

export interface EnvFlags {
  env?: boolean; // commander: --no-env sets false
  url?: string;
  [key: string]: unknown;
}

export interface EnvWireContext {
  env: NodeJS.ProcessEnv;
  homedir: string;
  inputs: { env: null | Record<string, unknown> };
  notCollected: Array<{ source: string; why: string }>;
  knownSecrets: string[];
  versionInputs: VersionInputs;
  /** For tests: collector overrides. */
  collect?: Partial<CollectEnvOptions>;
}

/** The gateway port implied by --url when it points at this machine. */
function portFromUrl(url: string | undefined): number | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (!isLoopbackHost(u.hostname)) return undefined;
    return u.port ? Number(u.port) : undefined;
  } catch {
    return undefined;
  }
}

/** A copy for the report with every secret path replaced by a mask. */
export function maskedEnv(env: EnvFacts): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(env)) as Record<string, unknown>;
  for (const p of env.secrets ?? []) {
    const segs = p.split('.');
    let cur: unknown = copy;
    for (const s of segs.slice(0, -1)) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[s] : undefined;
    const last = segs[segs.length - 1]!;
    if (cur && typeof cur === 'object' && last in (cur as object)) (cur as Record<string, unknown>)[last] = '***';
  }
  return copy;
}

type Started = Promise<EnvFacts | { failed: string }>;

/**
 * Begin collecting now; wireEnv finishes it. Collection mostly waits on the kernel (/proc/net/tcp),
 * so the caller starts it once the config is known and loads rules and reads the paste meanwhile.
 */
export function startEnv(flags: EnvFlags, facts: Facts, ctx: Pick<EnvWireContext, 'env' | 'homedir' | 'collect'>): Started | undefined {
  if (flags.env === false) return undefined;
  const opts: CollectEnvOptions = { env: ctx.env, homedir: ctx.homedir, ...ctx.collect };
  const port = portFromUrl(flags.url);
  if (port) opts.port = port;
  if (facts.config?.value) opts.configValue = facts.config.value;
  // The environment is context, never a reason for the doctor to fail.
  return collectEnv(opts).catch((err: unknown) => ({ failed: err instanceof Error ? err.message : String(err) }));
}

export async function wireEnv(flags: EnvFlags, facts: Facts, ctx: EnvWireContext, started = startEnv(flags, facts, ctx)): Promise<void> {
  if (!started) {
    ctx.notCollected.push({ source: 'env', why: 'skipped (--no-env)' });
    return;
  }
  const env = await started;
  if ('failed' in env) {
    ctx.notCollected.push({ source: 'env', why: `collector failed: ${env.failed}` });
    return;
  }
  for (const s of env.services ?? []) {
    if (s.token) ctx.knownSecrets.push(s.token);
    if (s.password) ctx.knownSecrets.push(s.password);
  }
  facts.env = env;
  // The installed CLI says which OpenClaw *this machine* runs; a pasted report may come from
  // elsewhere, so it is only a version hint when nothing was pasted.
  const pasted = facts.paste && facts.paste.bytes > 0;
  if (!pasted && env.openclaw?.cliVersion) ctx.versionInputs.envVersion = env.openclaw.cliVersion;
  ctx.inputs.env = maskedEnv(env);
}
