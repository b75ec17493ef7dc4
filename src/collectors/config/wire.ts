// Glue between the CLI (`diagnose`) and the config collector, so the edit at the `[wire:config]`
// marker stays one line.
import type { Facts } from '../../types.js';
import type { VersionInputs } from '../../facts.js';
import { UsageError } from '../../shared/errors.js';
import { collectConfig, ConfigUsageError } from './index.js';
import { octalMode } from '../../shared/fs/mode.js';
import { lastTouchedVersionOf } from '../../shared/config/stamp.js';

export interface ConfigFlags {
  config?: string;
  profile?: string;
  [key: string]: unknown;
}

export interface ConfigWireContext {
  env: NodeJS.ProcessEnv;
  homedir: string;
  cwd?: string;
  inputs: { config: null | Record<string, unknown> };
  notCollected: Array<{ source: string; why: string }>;
  knownSecrets: string[];
  versionInputs: VersionInputs;
}

/** What the report says about the config input (never values: they hold secrets). */
export function configSummary(facts: Facts): Record<string, unknown> | null {
  const c = facts.config;
  if (!c) return null;
  const out: Record<string, unknown> = { path: c.path, reason: c.reason, found: c.found };
  if (c.realPath) out.realPath = c.realPath;
  if (c.mode !== undefined) out.mode = octalMode(c.mode);
  if (c.stateDir) out.stateDir = c.stateDir;
  if (c.parseError) out.parseError = { message: c.parseError.message, line: c.parseError.line, column: c.parseError.column };
  if (c.readError) out.readError = c.readError;
  const v = lastTouchedVersionOf(c.value);
  if (v !== undefined) out.lastTouchedVersion = v;
  return out;
}

export async function wireConfig(flags: ConfigFlags, facts: Facts, ctx: ConfigWireContext): Promise<void> {
  try {
    facts.config = await collectConfig({ configPath: flags.config, profile: flags.profile, env: ctx.env, homedir: ctx.homedir, cwd: ctx.cwd });
  } catch (err) {
    if (err instanceof ConfigUsageError) throw new UsageError(err.message);
    // Reading the config is context for the diagnosis; a bug here must not stop the doctor.
    ctx.notCollected.push({ source: 'config', why: `collector failed: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  // A file named with --config that does not exist is a typo, not "no config yet": exit 2 with
  // the reason instead of an info finding and exit 0 (discovered paths stay a finding).
  if (flags.config !== undefined && !facts.config.found && facts.config.derived?.missing && !facts.config.readError) {
    throw new UsageError(`--config ${JSON.stringify(flags.config)}: no such file (${facts.config.path})`);
  }
  // What a file that does not parse seems to hold; the derive stage lists the parsed config's secrets.
  ctx.knownSecrets.push(...(facts.config.derived?.secrets ?? []));
  const stamp = lastTouchedVersionOf(facts.config.value);
  if (stamp !== undefined) ctx.versionInputs.configVersion = stamp;
  if (!facts.config.found) ctx.notCollected.push({ source: 'config', why: `no config file at ${facts.config.path}` });
  ctx.inputs.config = configSummary(facts);
  // Every derived fact comes from the derive stage (src/derive/), which the pipeline runs once
  // every collector has run.
}
