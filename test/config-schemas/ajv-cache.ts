// ajv's own standalone code for each stored release schema, cached by content hash (issue #9 §1, the
// fast job): compiling one release schema costs ajv ~0.4–0.7 s CPU, 22 releases were most of this
// file's time on every run, and the compiled code only changes when the schema, ajv or the options do.
//
// The validator is always the standalone module (ajv's `standaloneCode` of `compile(schema)` with the
// release's options), loaded from `.cache/ajv-standalone/<key>.cjs.gz`; a missing or unreadable entry
// is compiled and written first, so a cold and a warm run check exactly the same code. The key hashes
// ajv's version, the options (format checks by their source text), this file's format and the
// schema's JSON text as assembled (key order included: it decides the order of ajv's errors).
// schemas.test.ts checks that a cached entry is byte-equal to what ajv generates now.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);
// ajv is CommonJS (as in src/rules/validate.ts).
const ajvModule = require('ajv') as { default: new (opts: object) => AjvInstance; _: (s: TemplateStringsArray, ...a: unknown[]) => unknown };
const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: AjvInstance, v: unknown) => string }).default;
const AJV_VERSION = (require('ajv/package.json') as { version: string }).version;

interface AjvInstance {
  compile(schema: object): unknown;
}
export interface AjvError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
}
export type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
type Formats = Record<string, RegExp | ((s: string) => boolean)>;

/** The module name the generated code requires its format checks by. */
const FORMATS_MODULE = 'clawkit:ajv-formats';
/** Bump when the cached file's layout or the loader changes. */
const CACHE_FORMAT = 1;

export const CACHE_DIR = path.resolve(import.meta.dirname, '../../.cache/ajv-standalone');

function fileOf(key: string): string {
  return path.join(CACHE_DIR, `${key}.cjs.gz`);
}

/** The cache key of `schema` compiled with `options` (formats included). */
export function cacheKey(schema: object, options: { formats: Formats } & Record<string, unknown>): string {
  const { formats, ...rest } = options;
  const formatText = Object.entries(formats).map(([k, f]) => `${k}=${String(f)}`);
  return createHash('sha256')
    .update(JSON.stringify({ CACHE_FORMAT, ajv: AJV_VERSION, options: rest, formats: formatText }))
    .update('\0')
    .update(JSON.stringify(schema))
    .digest('base64url')
    .slice(0, 32);
}

/** ajv's standalone module source for `schema`: one compile. */
export function generate(schema: object, options: { formats: Formats } & Record<string, unknown>): string {
  const ajv = new ajvModule.default({ ...options, logger: false, code: { source: true, formats: ajvModule._`require(${FORMATS_MODULE})` } });
  return standaloneCode(ajv, ajv.compile(schema));
}

function load(source: string, formats: Formats): Validate {
  const mod: { exports: unknown } = { exports: {} };
  const req = (name: string): unknown => (name === FORMATS_MODULE ? formats : require(name));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- ajv's standalone output is CommonJS source
  new Function('require', 'module', 'exports', source)(req, mod, mod.exports);
  return mod.exports as Validate;
}

/** The cached source for `key`, or undefined. */
export function cachedSource(key: string): string | undefined {
  try {
    return zlib.gunzipSync(fs.readFileSync(fileOf(key))).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The validator for `schema`: ajv's standalone code, from the cache or compiled (and cached) now. */
export function standaloneValidator(schema: object, options: { formats: Formats } & Record<string, unknown>): { validate: Validate; key: string; source: string; fromCache: boolean } {
  const key = cacheKey(schema, options);
  let source = cachedSource(key);
  const fromCache = source !== undefined;
  if (source === undefined) {
    source = generate(schema, options);
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${fileOf(key)}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, zlib.gzipSync(source, { level: 1 }));
    fs.renameSync(tmp, fileOf(key));
  }
  return { validate: load(source, options.formats), key, source, fromCache };
}

/** Remove cached entries whose key is not in `keep` (a schema or ajv change leaves old ones behind). */
export function pruneCache(keep: Set<string>): void {
  let names: string[];
  try {
    names = fs.readdirSync(CACHE_DIR);
  } catch {
    return;
  }
  for (const n of names) {
    const key = n.replace(/\.cjs\.gz(\.\d+\.tmp)?$/, '');
    if (!keep.has(key)) fs.rmSync(path.join(CACHE_DIR, n), { force: true });
  }
}
