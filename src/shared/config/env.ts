// The part of the process environment a config's meaning depends on: OpenClaw reads the gateway's
// token, password and port from it, and substitutes `${VAR}` references in the config. The config
// collector records this (collection-time, like the file's mode) so derive stays a pure function of
// facts; only these variables are kept, and only names for `${VAR}` references (their values may be
// unrelated secrets the report must never hold).

/** `${VAR}` (upper-case names only, as OpenClaw substitutes them); `$${VAR}` is an escaped literal. */
export const ENV_REF_RE = /(\$?)\$\{([A-Z_][A-Z0-9_]*)\}/g;
/** A string that is nothing but one `${VAR}` reference. */
export const ENV_REF_ONLY_RE = /^\$\{[A-Z_][A-Z0-9_]*\}$/;

export const GATEWAY_TOKEN_ENV = ['OPENCLAW_GATEWAY_TOKEN', 'CLAWDBOT_GATEWAY_TOKEN'] as const;
export const GATEWAY_PASSWORD_ENV = ['OPENCLAW_GATEWAY_PASSWORD', 'CLAWDBOT_GATEWAY_PASSWORD'] as const;
export const GATEWAY_PORT_ENV = ['OPENCLAW_GATEWAY_PORT', 'CLAWDBOT_GATEWAY_PORT'] as const;
const GATEWAY_ENV: readonly string[] = [...GATEWAY_TOKEN_ENV, ...GATEWAY_PASSWORD_ENV, ...GATEWAY_PORT_ENV];
/** Variables whose presence alone changes what OpenClaw does (a proxy URL may carry credentials: name only). */
export const PRESENCE_ENV = ['OPENCLAW_PROXY_URL'] as const;

export interface ConfigEnvFacts {
  /** The gateway's own variables that are set (values: tokens and passwords are masked as secrets). */
  gateway: Record<string, string>;
  /** Names the config references as `${VAR}`, and PRESENCE_ENV names, that the environment sets to a non-empty value. */
  defined: string[];
}

function eachString(v: unknown, fn: (s: string) => void): void {
  if (typeof v === 'string') fn(v);
  else if (Array.isArray(v)) for (const x of v) eachString(x, fn);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) eachString(x, fn);
}

/** What of `env` the config at `value` (undefined: none parsed) depends on. */
export function configEnvFacts(value: unknown, env: Record<string, string | undefined>): ConfigEnvFacts {
  const gateway: Record<string, string> = {};
  for (const n of GATEWAY_ENV) {
    const v = env[n];
    if (v !== undefined) gateway[n] = v;
  }
  const defined = new Set<string>();
  for (const n of PRESENCE_ENV) if (env[n]?.trim()) defined.add(n);
  eachString(value, (s) => {
    for (const m of s.matchAll(ENV_REF_RE)) {
      const v = env[m[2]!];
      if (v !== undefined && v !== '') defined.add(m[2]!);
    }
  });
  return { gateway, defined: [...defined].sort() };
}

/** The environment as derive reads it: the gateway's variables, and every defined reference as set. */
export function envFromFacts(f: ConfigEnvFacts | undefined): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const n of f?.defined ?? []) env[n] = '(set)';
  return Object.assign(env, f?.gateway ?? {});
}
