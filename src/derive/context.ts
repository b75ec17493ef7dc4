// What every derive topic reads besides the config value: where values sit in the file (for
// `file:line:col` facts), the process environment (OpenClaw reads tokens and the port from it) and
// the file's permission bits. Small shared readers live here so the topics stay declarative.
import { escapePointerSegment, type PositionMaps } from '../shared/json5/reader.js';
import { envFromFacts } from '../shared/config/env.js';
import type { ConfigFacts } from '../types.js';

export type Env = Record<string, string | undefined>;
export type Obj = Record<string, unknown>;

export interface DeriveContext {
  path: string;
  env: Env;
  positions?: PositionMaps;
  mode?: number;
  stateDirMode?: number;
  platform?: string;
}

/** What the collector recorded beside the value, as the topics read it. */
export function contextOf(cfg: ConfigFacts): DeriveContext {
  const ctx: DeriveContext = { path: cfg.path, env: envFromFacts(cfg.processEnv) };
  if (cfg.positions) ctx.positions = { values: cfg.positions, keys: cfg.keyPositions ?? {} };
  if (cfg.mode !== undefined) ctx.mode = cfg.mode;
  if (cfg.stateDirMode !== undefined) ctx.stateDirMode = cfg.stateDirMode;
  if (cfg.platform !== undefined) ctx.platform = cfg.platform;
  return ctx;
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const nonEmptyStr = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export function pointerOf(dotted: string): string {
  return '/' + dotted.split('.').map(escapePointerSegment).join('/');
}

/** `file:line:col` of a value (or of its key when asked), for messages. */
export function locator(ctx: DeriveContext, pointer: string, key = false): string | undefined {
  const pos = (key ? ctx.positions?.keys[pointer] : undefined) ?? ctx.positions?.values[pointer];
  return pos ? `${ctx.path}:${pos.line}:${pos.column}` : undefined;
}

export function envValue(env: Env, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== '') return v;
  }
  return undefined;
}
