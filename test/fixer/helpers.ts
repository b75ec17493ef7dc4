// Shared helpers for fixer tests: temp configs, the real config rules, one-call fix runs.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectConfig } from '../../src/collectors/config/index.js';
import { deriveFacts } from '../../src/derive/index.js';
import { lastTouchedVersionOf } from '../../src/shared/config/stamp.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { rulesOfArea } from '../helpers/rule-areas.js';
import { runFix, type FixMode, type FixReport, type RunFixOptions } from '../../src/fixer/index.js';
import type { Facts, Rule } from '../../src/types.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let cached: Rule[] | undefined;
/** The config rules (those once in rules/config/, see ../helpers/rule-areas.ts). */
export async function configRules(): Promise<Rule[]> {
  cached ??= await rulesOfArea('config');
  return cached;
}

export function tempDir(prefix = 'ckd-fix-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function writeConfig(dir: string, text: string, mode = 0o600, name = 'openclaw.json'): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  chmodSync(p, mode);
  return p;
}

/** `proxyIp`: the proxy's address as given with --proxy-ip (the evidence a CIDR narrowing needs). */
export async function factsFor(configPath: string, opts: { version?: string; env?: Record<string, string>; proxyIp?: string } = {}): Promise<Facts> {
  const config = await collectConfig({ configPath, env: opts.env ?? {}, homedir: path.dirname(configPath) });
  const facts: Facts = { config, flags: opts.proxyIp ? { proxyIp: opts.proxyIp } : {} };
  // The version as the pipeline picks it before deriving: the config's own stamp.
  const v = opts.version ?? lastTouchedVersionOf(config.value);
  if (v) facts.version = { value: v, source: opts.version ? 'flag' : 'config' };
  return deriveFacts(facts);
}

export const APPLY: FixMode = { apply: true, dryRun: false, yes: false, interactive: false };
export const APPLY_YES: FixMode = { apply: true, dryRun: false, yes: true, interactive: false };
export const DRY_YES: FixMode = { apply: false, dryRun: true, yes: true, interactive: false };

export async function fix(configPath: string, mode: FixMode, opts: { version?: string; proxyIp?: string; rules?: Rule[]; extra?: Partial<RunFixOptions> } = {}): Promise<FixReport> {
  const facts = await factsFor(configPath, { version: opts.version, proxyIp: opts.proxyIp });
  return runFix({ facts, rules: opts.rules ?? (await configRules()), evaluate, mode, env: {}, ...opts.extra });
}
