// `$include` the way OpenClaw resolves it (2026.9.6 src/config/includes.ts): at any object level, a
// path or a list of paths relative to the including file, inside the config's directory; a list
// merges in order; keys beside `$include` win over the included content; objects merge, arrays
// concatenate, scalars: the later one wins; at most 10 levels; a cycle is an error.
import fs from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';

const KEY = '$include';
const MAX_DEPTH = 10;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export interface IncludeResult {
  /** The config as the gateway sees it. */
  value: Obj;
  /** Every included file that was read (absolute). */
  files: string[];
  /** OpenClaw's own wording for the first problem ("Failed to read include file: …"). */
  error?: string;
  /** JSON pointer → the included file whose value the gateway uses there (leaves only). */
  keyFiles: Record<string, string>;
}

export function hasInclude(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasInclude);
  if (!isObj(v)) return false;
  return Object.prototype.hasOwnProperty.call(v, KEY) || Object.values(v).some(hasInclude);
}

function merge(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (isObj(a) && isObj(b)) {
    const out: Obj = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  return b;
}

class IncludeError extends Error {}

/** Resolve every `$include` of `value`, the document at `configPath`. Never throws. */
export function resolveIncludes(value: Obj, configPath: string): IncludeResult {
  const root = path.dirname(path.resolve(configPath));
  const files = new Set<string>();
  const keyFiles: Record<string, string> = {};

  const load = (spec: unknown, from: string, chain: string[], ptr: string): unknown => {
    if (typeof spec !== 'string') throw new IncludeError(`Invalid $include value: expected string or array of strings, got ${typeof spec}`);
    const resolved = path.normalize(path.isAbsolute(spec) ? spec : path.resolve(path.dirname(from), spec));
    if (resolved !== root && !resolved.startsWith(root + path.sep)) throw new IncludeError(`Include path escapes config directory: ${spec} (root: ${root})`);
    if (chain.includes(resolved)) throw new IncludeError(`Circular include detected: ${[...chain, resolved].join(' -> ')}`);
    if (chain.length > MAX_DEPTH) throw new IncludeError(`Maximum include depth (${MAX_DEPTH}) exceeded at: ${spec}`);
    let raw: string;
    try {
      if (fs.statSync(resolved).size > MAX_FILE_BYTES) throw new Error('too large');
      raw = fs.readFileSync(resolved, 'utf8');
    } catch {
      throw new IncludeError(`Failed to read include file: ${spec} (resolved: ${resolved})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON5.parse(raw);
    } catch {
      throw new IncludeError(`Failed to parse include file: ${spec} (resolved: ${resolved})`);
    }
    files.add(resolved);
    const out = walk(parsed, resolved, [...chain, resolved], ptr);
    markLeaves(out, ptr, resolved);
    return out;
  };

  const walk = (v: unknown, file: string, chain: string[], ptr: string): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, file, chain, `${ptr}/${i}`));
    if (!isObj(v)) return v;
    const rest: Obj = {};
    for (const [k, x] of Object.entries(v)) if (k !== KEY) rest[k] = walk(x, file, chain, `${ptr}/${escape(k)}`);
    if (!Object.prototype.hasOwnProperty.call(v, KEY)) return rest;
    const spec = v[KEY];
    const before = { ...keyFiles };
    const included = Array.isArray(spec) ? spec.reduce<unknown>((acc, s) => merge(acc, load(s, file, chain, ptr)), {}) : load(spec, file, chain, ptr);
    if (Object.keys(rest).length === 0) return included;
    if (!isObj(included)) throw new IncludeError('Sibling keys require included content to be an object');
    // Keys beside $include win: their leaves belong to whoever defined them before the include.
    forLeaves(rest, ptr, (p) => {
      if (before[p]) keyFiles[p] = before[p];
      else delete keyFiles[p];
    });
    return merge(included, rest);
  };

  const markLeaves = (v: unknown, ptr: string, file: string): void =>
    forLeaves(v, ptr, (p) => {
      keyFiles[p] ??= file;
    });

  try {
    const merged = walk(value, path.resolve(configPath), [path.resolve(configPath)], '');
    return { value: isObj(merged) ? merged : value, files: [...files], keyFiles };
  } catch (err) {
    const error = err instanceof IncludeError ? err.message : `include failed: ${(err as Error).message}`;
    return { value, files: [...files], error, keyFiles: {} };
  }
}

function forLeaves(v: unknown, ptr: string, fn: (pointer: string) => void): void {
  if (isObj(v)) for (const [k, x] of Object.entries(v)) forLeaves(x, `${ptr}/${escape(k)}`, fn);
  else fn(ptr);
}

function escape(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The included file that defines the value at `pointer` or below it, if any. */
export function includedFileAt(keyFiles: Record<string, string>, pointer: string): string | undefined {
  for (const [p, f] of Object.entries(keyFiles)) if (p === pointer || p.startsWith(pointer + '/') || pointer.startsWith(p + '/')) return f;
  return undefined;
}
