// Shared helpers for the per-release OpenClaw config schemas in knowledge/config-schemas/.
// Used by scripts/config-schemas/extract.mjs (to build the store), by the config collector
// (src/collectors/config/release-schema.ts, to read it) and by test/config-schemas. Plain ESM with no
// dependencies beyond node: builtins; scripts/build.mjs copies it into dist/ (tsc compiles only .ts).
//
// Store layout (see knowledge/config-schemas/README.md):
//   defs/<Y.M>.jsonl.br    brotli, one line per definition: `<hash> <JSON Schema node whose big
//                          sub-schemas are {"$ref":"#/definitions/<hash>"}>`, shared by the
//                          releases of one minor line (2026.2.x …), content-addressed
//   notes.json.br          brotli JSON { "<id>": { kind, path, text, source } } legacy/retired/deprecated notes
//   releases/<v>.json      { version, route, root: <JSON Schema with the same kind of $refs>, meta, verification }
//   index.json             releases covered + the history of every path ("added in / removed in")
// assembleSchema() turns one release into a standalone draft-07 schema (root + only the
// definitions it reaches), which validateConfig() below (or ajv) checks a config against.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';

export const STORE_FORMAT = 1;

/** Changes whenever the verification cases change, so cached extractions are redone. */
export function casesFingerprint() {
  return crypto.createHash('sha256').update(canonical(VERIFICATION_CASES.map((c) => [c.id, c.config]))).digest('base64url').slice(0, 12);
}

// ---------------------------------------------------------------------------------------------
// Loading one release

/** Read the store pieces needed for one release. `dir` is knowledge/config-schemas. */
export function loadRelease(dir, version) {
  const file = path.join(dir, 'releases', `${version}.json`);
  const rel = loadTable(file);
  const defsFile = rel.defsFile ?? defsFileFor(version);
  const defs = loadDefs(dir, defsFile);
  // Assembling costs ~80 ms a release; a long-lived caller (the doctor's library use, the fuzz
  // driver) checks many configs against the same release. Keyed like the tables (path, mtime, size).
  const key = `${tableKey(file)}|${tableKey(path.join(dir, defsFile))}`;
  if (!assembled.has(key)) assembled.set(key, { release: rel, schema: assembleSchema(rel.root, defs) });
  return assembled.get(key);
}

const assembled = new Map();
const tableCache = new Map();
function tableKey(file) {
  const stat = fs.statSync(file);
  return `${file}:${stat.mtimeMs}:${stat.size}`;
}
function cached(file, load) {
  const key = tableKey(file);
  if (!tableCache.has(key)) tableCache.set(key, load(fs.readFileSync(file)));
  return tableCache.get(key);
}

function loadTable(file) {
  return cached(file, (buf) => JSON.parse(file.endsWith('.br') ? zlib.brotliDecompressSync(buf).toString('utf8') : buf.toString('utf8')));
}

export const DEFS_DIR = 'defs';

/** The definitions table a release's refs point into: one per minor line. */
export function defsFileFor(version) {
  return `${DEFS_DIR}/${version.split('.').slice(0, 2).join('.')}.jsonl.br`;
}

/**
 * A definitions table, lazily: a defs file is one `<hash> <json>` line per definition (sorted by
 * hash), so loading one release decompresses its line's file (~1 ms) and JSON-parses only the
 * definitions that release reaches.
 */
export function loadDefs(dir, file) {
  return cached(path.join(dir, file), (buf) => lazyDefs(zlib.brotliDecompressSync(buf).toString('utf8')));
}

function lazyDefs(text) {
  const where = new Map();
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const sp = text.indexOf(' ', at);
    if (sp > at && sp < end) where.set(text.slice(at, sp), [sp + 1, end]);
    at = end + 1;
  }
  const parsed = new Map();
  return {
    has: (h) => where.has(h),
    /** The definition's JSON text (no parse). */
    text(h) {
      const span = where.get(h);
      return span ? text.slice(span[0], span[1]) : undefined;
    },
    get(h) {
      if (!parsed.has(h)) {
        const span = where.get(h);
        parsed.set(h, span ? JSON.parse(text.slice(span[0], span[1])) : undefined);
      }
      return parsed.get(h);
    },
    keys: () => where.keys(),
    get size() {
      return where.size;
    },
  };
}

/** Every definition, as a plain object (extract.mjs keeps the whole table in memory). */
export function readDefsFile(file) {
  if (!fs.existsSync(file)) return {};
  const lazy = lazyDefs(zlib.brotliDecompressSync(fs.readFileSync(file)).toString('utf8'));
  const out = {};
  for (const h of lazy.keys()) out[h] = lazy.get(h);
  return out;
}

/** Write the table as brotli `<hash> <json>` lines (large window: versions of one object sit far apart). */
export function writeDefsFile(file, defs) {
  const text = Object.keys(defs)
    .sort()
    .map((h) => `${h} ${JSON.stringify(sortKeysDeep(defs[h]))}`)
    .join('\n');
  fs.writeFileSync(file, brotli(`${text}\n`));
}

export function brotli(text) {
  return zlib.brotliCompressSync(Buffer.from(text), {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
    },
  });
}

/** Legacy rules, retired paths, migrations, deprecations: { id: { kind, path, text, source } }. */
export function loadNotes(dir) {
  return loadTable(path.join(dir, 'notes.json.br'));
}
/** The notes that apply to one release (its meta.notes ids), with `accepted` = key still in its schema. */
export function releaseNotes(dir, rel) {
  const notes = loadNotes(dir);
  const accepted = new Set(rel.meta.acceptedLegacy);
  return rel.meta.notes.map((id) => ({ id, ...notes[id], accepted: accepted.has(id) }));
}

export function listReleases(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')).releases.map((r) => r.version);
}

const REF_PREFIX = '#/definitions/';

/** Root + the definitions it reaches (transitively) = one standalone draft-07 schema. `defs` is a
 * plain table or loadDefs()'s lazy one. */
export function assembleSchema(root, defs) {
  if (typeof defs.text === 'function') return assembleFromText(root, defs);
  const definitions = {};
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const x of node) stack.push(x);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) {
        const h = v.slice(REF_PREFIX.length);
        if (!Object.hasOwn(definitions, h)) {
          const def = typeof defs.get === 'function' ? defs.get(h) : Object.hasOwn(defs, h) ? defs[h] : undefined;
          if (def === undefined) throw new Error(`config-schemas: missing definition ${h}`);
          definitions[h] = def;
          stack.push(def);
        }
      } else if (v && typeof v === 'object') stack.push(v);
    }
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...root, definitions };
}

const REF_RE = /"\$ref":"#\/definitions\/([^"]+)"/g;

/**
 * The fast path for a lazy table: find the reachable definitions with a regex over their JSON
 * text and parse the assembled schema once (a cold process spends most of its time walking
 * objects otherwise).
 */
function assembleFromText(root, defs) {
  const rootText = JSON.stringify(root);
  const seen = new Map();
  const queue = [rootText];
  while (queue.length) {
    for (const m of queue.pop().matchAll(REF_RE)) {
      const h = m[1];
      if (seen.has(h)) continue;
      const t = defs.text(h);
      if (t === undefined) throw new Error(`config-schemas: missing definition ${h}`);
      seen.set(h, t);
      queue.push(t);
    }
  }
  const parts = [...seen].map(([h, t]) => `${JSON.stringify(h)}:${t}`);
  const body = rootText.slice(1, -1);
  return JSON.parse(`{"$schema":"http://json-schema.org/draft-07/schema#"${body ? `,${body}` : ''},"definitions":{${parts.join(',')}}}`);
}

// ---------------------------------------------------------------------------------------------
// Content-addressed deduplication

/** Canonical JSON (sorted keys), so equal sub-schemas hash equally. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sortKeysDeep(value) {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeysDeep(value[k]);
    return out;
  }
  return value;
}

const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems']);
const SCHEMA_ARRAY_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies', 'dependentSchemas']);

/**
 * Rebuild a JSON Schema bottom-up, touching only schema positions (never the keys of a
 * `properties` map, never data such as enum/const/default). `fn(node)` gets each sub-schema
 * after its children were rebuilt and returns the replacement.
 */
export function mapSchema(node, fn) {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (SCHEMA_ARRAY_KEYWORDS.has(k) && Array.isArray(v)) out[k] = v.map((x) => mapSchema(x, fn));
    else if (SCHEMA_KEYWORDS.has(k) && v && typeof v === 'object') out[k] = mapSchema(v, fn);
    else if (SCHEMA_MAP_KEYWORDS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
      const m = {};
      for (const [name, sub] of Object.entries(v)) m[name] = Array.isArray(sub) ? sub : mapSchema(sub, fn);
      out[k] = m;
    } else out[k] = v;
  }
  return fn(out);
}

/**
 * Split a standalone schema (its own `definitions`, local refs only) into a root and a
 * content-addressed table. Every sub-schema whose canonical text is at least `minBytes` long
 * becomes a definition; its parent points at it with {"$ref":"#/definitions/<hash>"}.
 * The schema's own definitions (recursive types from zod's cycles:"ref") get content names too:
 * pass 1 hashes each with all local refs blanked, pass 2 with self-refs blanked and the other
 * local refs replaced by their pass-1 names, so the names do not depend on zod's numbering.
 */
export function dedupeSchema(schema, table, { minBytes = 160 } = {}) {
  const { definitions: localDefs = {}, $defs, ...rootIn } = schema;
  const local = { ...localDefs, ...($defs ?? {}) };
  const refRe = /"#\/(?:definitions|\$defs)\/([^"]+)"/g;
  const hash = (text, n) => crypto.createHash('sha256').update(text).digest('base64url').slice(0, n);
  const pass1 = new Map();
  for (const [name, def] of Object.entries(local)) {
    pass1.set(name, hash(canonical(def).replace(refRe, (m, r) => (Object.hasOwn(local, r) ? '"@"' : m)), 10));
  }
  const localName = new Map();
  for (const [name, def] of Object.entries(local)) {
    const text = canonical(def).replace(refRe, (m, r) => (r === name ? '"@self"' : Object.hasOwn(local, r) ? `"@${pass1.get(r)}"` : m));
    localName.set(name, `r${hash(text, 10)}`);
  }
  const renameRefs = (node) =>
    mapSchema(node, (n) => {
      if (typeof n.$ref === 'string') {
        const m = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(n.$ref);
        if (m && localName.has(m[1])) return { ...n, $ref: `${REF_PREFIX}${localName.get(m[1])}` };
      }
      return n;
    });
  const intern = (node) => {
    const text = canonical(node);
    if (text.length < minBytes) return node;
    const h = hash(text, 12);
    if (!Object.hasOwn(table, h)) table[h] = sortKeysDeep(node);
    return { $ref: `${REF_PREFIX}${h}` };
  };
  for (const [name, def] of Object.entries(local)) {
    const h = localName.get(name);
    if (!Object.hasOwn(table, h)) table[h] = sortKeysDeep(internTop(renameRefs(def), intern));
  }
  return sortKeysDeep(internTop(renameRefs(rootIn), intern));
}

/** Rebuild `node` with all of its sub-schemas interned, but not `node` itself. */
function internTop(node, intern) {
  return mapChildren(node, (child) => mapSchema(child, intern));
}

/** Apply `fn` to each direct sub-schema of `node` (not to node itself). */
function mapChildren(node, fn) {
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (SCHEMA_ARRAY_KEYWORDS.has(k) && Array.isArray(v)) out[k] = v.map((x) => (x && typeof x === 'object' ? fn(x) : x));
    else if (SCHEMA_KEYWORDS.has(k) && v && typeof v === 'object') out[k] = fn(v);
    else if (SCHEMA_MAP_KEYWORDS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
      const m = {};
      for (const [name, sub] of Object.entries(v)) m[name] = sub && typeof sub === 'object' && !Array.isArray(sub) ? fn(sub) : sub;
      out[k] = m;
    } else out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Walking a schema: every config path with its facts

/**
 * Every path a config can have under `schema` (a standalone schema, e.g. from assembleSchema).
 * Path syntax: dot-separated keys, `*` for a record's values (additionalProperties /
 * patternProperties), `[]` for array items. Returns Map(path -> { strict, enum, default,
 * types, deprecated, recursive }). `strict: true` means the object at that path rejects unknown
 * keys (zod .strict() → additionalProperties:false); unions merge their branches.
 */
export function walkPaths(schema, { maxDepth = 24 } = {}) {
  const defs = schema.definitions ?? schema.$defs ?? {};
  const out = new Map();
  const info = (p) => {
    if (!out.has(p)) out.set(p, {});
    return out.get(p);
  };
  const visit = (node, p, depth, refStack) => {
    if (!node || typeof node !== 'object' || depth > maxDepth) return;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace(/^#\/(?:definitions|\$defs)\//, '');
      if (node.$ref === '#') {
        info(p).recursive = '#';
        return;
      }
      if (refStack.includes(name)) {
        info(p).recursive = name;
        return;
      }
      const target = defs[name];
      if (target) visit(target, p, depth, [...refStack, name]);
    }
    const here = info(p);
    if (node.deprecated === true) here.deprecated = true;
    if (node.default !== undefined && here.default === undefined) here.default = node.default;
    if (Array.isArray(node.enum)) here.enum = uniq([...(here.enum ?? []), ...node.enum]);
    if (node.const !== undefined) here.enum = uniq([...(here.enum ?? []), node.const]);
    const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
    if (types.length) here.types = uniq([...(here.types ?? []), ...types]);
    for (const kw of ['anyOf', 'oneOf', 'allOf']) {
      if (Array.isArray(node[kw])) for (const b of node[kw]) visit(b, p, depth, refStack);
    }
    const isObject = types.includes('object') || node.properties || node.additionalProperties !== undefined;
    if (isObject) {
      if (!here.types?.includes('object')) here.types = uniq([...(here.types ?? []), 'object']);
      // strict if EVERY object branch at this path rejects unknown keys; `record` when a branch
      // takes any key with a value schema ("*" child); `loose` when a branch takes any key with
      // any value (zod .passthrough()/.loose(), or a plain z.object read with io:"input").
      const ap = node.additionalProperties;
      const strictHere = ap === false && !node.patternProperties;
      here.strictVotes = (here.strictVotes ?? []).concat(strictHere);
      if ((ap && typeof ap === 'object' && Object.keys(ap).length) || node.patternProperties) here.record = true;
      if (ap === undefined || ap === true || (ap && typeof ap === 'object' && !Object.keys(ap).length && !node.patternProperties)) here.loose = true;
      for (const [k, child] of Object.entries(node.properties ?? {})) visit(child, join(p, k), depth + 1, refStack);
      if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        visit(node.additionalProperties, join(p, '*'), depth + 1, refStack);
      }
      for (const child of Object.values(node.patternProperties ?? {})) visit(child, join(p, '*'), depth + 1, refStack);
    }
    if (node.items && typeof node.items === 'object') {
      if (Array.isArray(node.items)) node.items.forEach((it) => visit(it, `${p}[]`, depth + 1, refStack));
      else visit(node.items, `${p}[]`, depth + 1, refStack);
    }
    if (Array.isArray(node.prefixItems)) node.prefixItems.forEach((it) => visit(it, `${p}[]`, depth + 1, refStack));
  };
  visit(schema, '', 0, []);
  for (const v of out.values()) {
    if (v.strictVotes) {
      v.strict = v.strictVotes.length > 0 && v.strictVotes.every(Boolean);
      delete v.strictVotes;
    }
  }
  return out;
}

function join(p, k) {
  return p ? `${p}.${k}` : k;
}
function uniq(a) {
  const seen = new Set();
  const out = [];
  for (const x of a) {
    const key = JSON.stringify(x);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(x);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Issues: zod's and ajv's, in one comparable shape

/**
 * Turn ajv errors (allErrors:true) into the paths a person would name, the way OpenClaw's zod
 * issues name them: an unknown key becomes "<parent>.<key>" (kind "unknown"), anything else its
 * instance path (kind "invalid"). Errors inside a failed anyOf/oneOf branch are folded into the
 * union's own error, as zod reports one invalid_union issue at the union's path.
 */
export function ajvIssues(errors) {
  if (!errors?.length) return [];
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inFailedUnion = (e) =>
    unions.some((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`) && isPrefix(u.instancePath, e.instancePath));
  const out = [];
  for (const e of errors) {
    if (inFailedUnion(e)) continue;
    const base = pointerToPath(e.instancePath);
    if (e.keyword === 'additionalProperties') {
      out.push({ path: join(base, e.params.additionalProperty), kind: 'unknown' });
    } else if (e.keyword === 'required') {
      out.push({ path: join(base, e.params.missingProperty), kind: 'invalid' });
    } else {
      out.push({ path: base, kind: 'invalid', keyword: e.keyword });
    }
  }
  return dedupeIssues(out);
}

/** zod issues as recorded by worker.mjs ({path:"a.b", code, keys?}) in the same shape. */
export function zodIssues(issues) {
  const out = [];
  for (const i of issues ?? []) {
    if (i.code === 'unrecognized_keys' && Array.isArray(i.keys)) {
      for (const k of i.keys) out.push({ path: join(i.path, k), kind: 'unknown' });
    } else if (i.code === 'invalid_type' && i.message && /received undefined/.test(i.message)) {
      out.push({ path: i.path, kind: 'invalid' }); // a required key is missing
    } else out.push({ path: i.path, kind: 'invalid', code: i.code });
  }
  return dedupeIssues(out);
}

/** The values a union allows when each branch is a `const` or an `enum` (through `$ref`s); else undefined. */
function literalValues(branches, defs, root, depth = 0) {
  const out = [];
  for (let b of branches) {
    for (let hops = 0; b && typeof b.$ref === 'string' && hops < 8; hops++) b = b.$ref === '#' ? root : defs[b.$ref.replace(/^#\/(?:definitions|\$defs)\//, '')];
    if (!b || typeof b !== 'object') return undefined;
    if (b.const !== undefined) out.push(b.const);
    else if (Array.isArray(b.enum)) out.push(...b.enum);
    else if (depth < 4 && Array.isArray(b.anyOf ?? b.oneOf)) {
      const inner = literalValues(b.anyOf ?? b.oneOf, defs, root, depth + 1);
      if (!inner) return undefined;
      out.push(...inner);
    } else return undefined;
  }
  return out.length ? [...new Set(out)] : undefined;
}

function dedupeIssues(list) {
  const seen = new Set();
  return list
    .filter((i) => {
      const k = `${i.kind}:${i.path}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.kind < b.kind ? -1 : 1));
}

function isPrefix(a, b) {
  return a === b || b.startsWith(`${a}/`) || a === '';
}

export function pointerToPath(ptr) {
  if (!ptr) return '';
  return ptr
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** The set of "<kind>:<path>" strings, for comparing two issue lists. */
export function issueKeys(list) {
  return list.map((i) => `${i.kind}:${i.path}`).sort();
}

// ---------------------------------------------------------------------------------------------
// A small interpreter for the JSON Schema subset zod emits: no compile step (ajv needs 1–3 s to
// compile one release's schema on this machine), microseconds per config. Gives the same issue
// list as ajvIssues(ajv allErrors) — extract.mjs and the tests check the three-way agreement
// (release zod = ajv = this) on every release.

/**
 * Validate `value` against a standalone schema (assembleSchema output). Returns issues
 * [{ path, kind: 'unknown'|'invalid', keyword, expected? }] sorted by path, one per path/kind.
 */
export function validateConfig(schema, value) {
  const defs = schema.definitions ?? schema.$defs ?? {};
  const issues = [];
  check(schema, value, '', issues, defs, schema);
  return dedupeIssues(issues);
}

function check(node, value, p, issues, defs, root) {
  if (node === true || node === undefined) return;
  if (node === false) {
    issues.push({ path: p, kind: 'invalid', keyword: 'false schema' });
    return;
  }
  if (typeof node.$ref === 'string') {
    const target = node.$ref === '#' ? root : defs[node.$ref.replace(/^#\/(?:definitions|\$defs)\//, '')];
    if (!target) throw new Error(`validateConfig: unresolved ${node.$ref}`);
    check(target, value, p, issues, defs, root);
  }
  for (const kw of ['anyOf', 'oneOf']) {
    if (!Array.isArray(node[kw])) continue;
    let matched = false;
    for (const branch of node[kw]) {
      const sub = [];
      check(branch, value, p, sub, defs, root);
      if (!sub.length) {
        matched = true;
        break;
      }
    }
    if (!matched) {
      // A union of literals (zod's z.enum / z.literal unions): name the values it allows.
      const values = literalValues(node[kw], defs, root);
      issues.push(values ? { path: p, kind: 'invalid', keyword: kw, expected: values } : { path: p, kind: 'invalid', keyword: kw });
    }
  }
  if (Array.isArray(node.allOf)) for (const b of node.allOf) check(b, value, p, issues, defs, root);
  if (node.not !== undefined) {
    const sub = [];
    check(node.not, value, p, sub, defs, root);
    if (!sub.length) issues.push({ path: p, kind: 'invalid', keyword: 'not' });
  }
  if (node.enum && !node.enum.some((e) => deepEqual(e, value))) issues.push({ path: p, kind: 'invalid', keyword: 'enum', expected: node.enum });
  if (node.const !== undefined && !deepEqual(node.const, value)) issues.push({ path: p, kind: 'invalid', keyword: 'const', expected: [node.const] });
  const types = node.type === undefined ? null : Array.isArray(node.type) ? node.type : [node.type];
  if (types && !types.some((t) => hasType(value, t))) {
    issues.push({ path: p, kind: 'invalid', keyword: 'type', expected: types });
    return;
  }
  if (typeof value === 'string') {
    const len = [...value].length;
    if (node.minLength !== undefined && len < node.minLength) issues.push({ path: p, kind: 'invalid', keyword: 'minLength' });
    if (node.maxLength !== undefined && len > node.maxLength) issues.push({ path: p, kind: 'invalid', keyword: 'maxLength' });
    if (node.pattern !== undefined && !regex(node.pattern).test(value)) issues.push({ path: p, kind: 'invalid', keyword: 'pattern' });
    if (node.format !== undefined) {
      const f = FORMATS[node.format];
      const ok = f === undefined ? true : typeof f === 'function' ? f(value) : f.test(value);
      if (!ok) issues.push({ path: p, kind: 'invalid', keyword: 'format' });
    }
  }
  if (typeof value === 'number') {
    if (node.minimum !== undefined && value < node.minimum) issues.push({ path: p, kind: 'invalid', keyword: 'minimum' });
    if (node.maximum !== undefined && value > node.maximum) issues.push({ path: p, kind: 'invalid', keyword: 'maximum' });
    if (typeof node.exclusiveMinimum === 'number' && value <= node.exclusiveMinimum) issues.push({ path: p, kind: 'invalid', keyword: 'exclusiveMinimum' });
    if (typeof node.exclusiveMaximum === 'number' && value >= node.exclusiveMaximum) issues.push({ path: p, kind: 'invalid', keyword: 'exclusiveMaximum' });
    if (node.multipleOf !== undefined && !Number.isInteger(value / node.multipleOf)) issues.push({ path: p, kind: 'invalid', keyword: 'multipleOf' });
  }
  if (Array.isArray(value)) {
    if (node.minItems !== undefined && value.length < node.minItems) issues.push({ path: p, kind: 'invalid', keyword: 'minItems' });
    if (node.maxItems !== undefined && value.length > node.maxItems) issues.push({ path: p, kind: 'invalid', keyword: 'maxItems' });
    if (node.uniqueItems && new Set(value.map((v) => canonical(v))).size !== value.length) issues.push({ path: p, kind: 'invalid', keyword: 'uniqueItems' });
    const tuple = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : null;
    value.forEach((item, i) => {
      const ip = join(p, String(i));
      if (tuple) {
        if (i < tuple.length) check(tuple[i], item, ip, issues, defs, root);
        else {
          const rest = Array.isArray(node.prefixItems) ? node.items : node.additionalItems;
          if (rest === false) issues.push({ path: p, kind: 'invalid', keyword: 'additionalItems' });
          else if (rest && typeof rest === 'object') check(rest, item, ip, issues, defs, root);
        }
      } else if (node.items && typeof node.items === 'object') check(node.items, item, ip, issues, defs, root);
    });
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const props = node.properties ?? {};
    for (const req of node.required ?? []) {
      if (!Object.hasOwn(value, req)) issues.push({ path: join(p, req), kind: 'invalid', keyword: 'required' });
    }
    const keys = Object.keys(value);
    if (node.minProperties !== undefined && keys.length < node.minProperties) issues.push({ path: p, kind: 'invalid', keyword: 'minProperties' });
    if (node.maxProperties !== undefined && keys.length > node.maxProperties) issues.push({ path: p, kind: 'invalid', keyword: 'maxProperties' });
    for (const k of keys) {
      const kp = join(p, k);
      if (node.propertyNames !== undefined) {
        const sub = [];
        check(node.propertyNames, k, p, sub, defs, root);
        if (sub.length) issues.push({ path: p, kind: 'invalid', keyword: 'propertyNames' });
      }
      let known = false;
      if (Object.hasOwn(props, k)) {
        known = true;
        check(props[k], value[k], kp, issues, defs, root);
      }
      for (const [re, sub] of Object.entries(node.patternProperties ?? {})) {
        if (regex(re).test(k)) {
          known = true;
          check(sub, value[k], kp, issues, defs, root);
        }
      }
      if (known) continue;
      if (node.additionalProperties === false) issues.push({ path: kp, kind: 'unknown', keyword: 'additionalProperties' });
      else if (node.additionalProperties && typeof node.additionalProperties === 'object') check(node.additionalProperties, value[k], kp, issues, defs, root);
    }
  }
}

function hasType(v, t) {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    default:
      return true;
  }
}

const regexCache = new Map();
function regex(src) {
  let r = regexCache.get(src);
  if (!r) {
    r = new RegExp(src);
    regexCache.set(src, r);
  }
  return r;
}

function deepEqual(a, b) {
  return canonical(a) === canonical(b);
}

// ---------------------------------------------------------------------------------------------
// ajv setup matching zod's checks closely enough for config diagnosis

/**
 * Options for `new Ajv(...)`: zod's regexes are JavaScript regexes (not always valid with the
 * `u` flag), and zod's string formats are checked here the way zod checks them.
 */
export function ajvOptions() {
  return {
    allErrors: true,
    strict: false,
    unicodeRegExp: false,
    validateSchema: false,
    formats: FORMATS,
  };
}

const isUrl = (s) => {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
};

const FORMATS = {
  uri: isUrl,
  url: isUrl,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  ipv4: /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  ipv6: (s) => /^[0-9a-f:.]+$/i.test(s) && s.includes(':'),
  'date-time': (s) => !Number.isNaN(Date.parse(s)),
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/,
  duration: /^P/,
  hostname: /^[a-z0-9.-]+$/i,
  regex: (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  base64: /^[A-Za-z0-9+/]*={0,2}$/,
  base64url: /^[A-Za-z0-9_-]*$/,
  cidrv4: /^[0-9.]+\/\d{1,2}$/,
  cidrv6: /^[0-9a-f:.]+\/\d{1,3}$/i,
  emoji: () => true,
  nanoid: /^[A-Za-z0-9_-]{21}$/,
  cuid: /^c[a-z0-9]+$/,
  cuid2: /^[a-z0-9]+$/,
  ulid: /^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$/,
  xid: /^[0-9a-v]{20}$/,
  ksuid: /^[A-Za-z0-9]{27}$/,
  e164: /^\+[1-9]\d{6,14}$/,
  jwt: /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/,
  mac: /^[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}$/i,
  // zod emits these next to a `pattern` that does the actual check
  starts_with: () => true,
  ends_with: () => true,
  includes: () => true,
  lowercase: () => true,
  uppercase: () => true,
};

// ---------------------------------------------------------------------------------------------
// Verification cases (each release's own zod is run on them at extraction; ajv on the stored
// schema must give the same paths). `expect` is what the GATEWAY reports, per release range.

export const BASE_GATEWAY = { mode: 'local', bind: 'loopback', port: 18789, auth: { mode: 'token', token: 'my-token' } };

export const VERIFICATION_CASES = [
  {
    id: 'minimal-old',
    about: 'real-gateway.md §3 minimal config for 2026.1.29–2026.2.26 (also valid on every later release)',
    config: { gateway: BASE_GATEWAY, update: { checkOnStart: false } },
  },
  {
    id: 'minimal-latest',
    about: 'real-gateway.md §3 minimal config for 2026.9.6',
    config: {
      gateway: { ...BASE_GATEWAY, controlUi: { enabled: false } },
      models: { catalogRefresh: { enabled: false } },
      update: { checkOnStart: false },
      plugins: { enabled: false },
      logging: { file: '/tmp/state/openclaw.log' },
    },
  },
  { id: 'auth-string', about: 'gateway.auth given as a string', config: { gateway: { mode: 'local', auth: 'my-token' } } },
  { id: 'unknown-key', about: 'unknown gateway.bogusKey', config: { gateway: { ...BASE_GATEWAY, bogusKey: true } } },
  {
    id: 'catalog-refresh',
    about: 'models.catalogRefresh (2026.9.6 minimal config) on any release',
    config: { gateway: BASE_GATEWAY, models: { catalogRefresh: { enabled: false } } },
  },
  { id: 'legacy-token', about: 'legacy gateway.token', config: { gateway: { mode: 'local', bind: 'loopback', token: 'my-token' } } },
  { id: 'root-bind-port', about: 'bind/port at the root instead of under gateway', config: { bind: 'loopback', port: 18789, gateway: { mode: 'local' } } },
  { id: 'bind-host-alias', about: 'gateway.bind: "0.0.0.0" (a host, not a bind mode)', config: { gateway: { ...BASE_GATEWAY, bind: '0.0.0.0' } } },
  { id: 'port-string', about: 'gateway.port as a string', config: { gateway: { ...BASE_GATEWAY, port: '18789' } } },
  { id: 'auth-none', about: 'gateway.auth.mode "none"', config: { gateway: { ...BASE_GATEWAY, auth: { mode: 'none' } } } },
  {
    id: 'auth-trusted-proxy',
    about: 'gateway.auth.mode "trusted-proxy" with trustedProxy.userHeader',
    config: { gateway: { ...BASE_GATEWAY, auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } }, trustedProxies: ['127.0.0.1'] } },
  },
  {
    id: 'allow-insecure-auth',
    about: 'gateway.controlUi.allowInsecureAuth',
    config: { gateway: { ...BASE_GATEWAY, controlUi: { allowInsecureAuth: true } } },
  },
  {
    id: 'disable-device-auth',
    about: 'gateway.controlUi.dangerouslyDisableDeviceAuth',
    config: { gateway: { ...BASE_GATEWAY, controlUi: { dangerouslyDisableDeviceAuth: true } } },
  },
  {
    id: 'allowed-origins',
    about: 'gateway.controlUi.allowedOrigins',
    config: { gateway: { ...BASE_GATEWAY, bind: 'lan', controlUi: { allowedOrigins: ['http://192.168.1.5:18789'] } } },
  },
  {
    id: 'secretref-token',
    about: 'gateway.auth.token as a SecretRef',
    config: { gateway: { ...BASE_GATEWAY, auth: { mode: 'token', token: { source: 'env', provider: 'default', id: 'OPENCLAW_GATEWAY_TOKEN' } } } },
  },
  {
    id: 'remote-mode',
    about: 'remote client config',
    config: { gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: 'my-token' } } },
  },
  {
    id: 'tls-tailscale',
    about: 'gateway.tls and gateway.tailscale blocks',
    config: { gateway: { ...BASE_GATEWAY, tls: { enabled: true, autoGenerate: true }, tailscale: { mode: 'serve' } } },
  },
  {
    id: 'custom-bind-host',
    about: 'gateway.bind custom + customBindHost',
    config: { gateway: { ...BASE_GATEWAY, bind: 'custom', customBindHost: '10.0.0.5' } },
  },
  {
    id: 'tls-unknown-key',
    about: 'an unknown key under gateway.tls (a plain, non-strict zod object: stripped, not rejected)',
    config: { gateway: { ...BASE_GATEWAY, tls: { enabled: false, bogusKey: true } } },
  },
  {
    id: 'include-unresolved',
    about: '$include left in place: OpenClaw resolves it BEFORE validation, so the schema itself rejects it',
    config: { gateway: { $include: './gateway.json5' } },
  },
  {
    id: 'env-port',
    about: 'gateway.port "${OPENCLAW_PORT}": ${VAR} substitution yields a string, and the schema wants a number',
    config: { gateway: { ...BASE_GATEWAY, port: '${OPENCLAW_PORT}' } },
  },
];

/**
 * What the gateway itself reports for the cases whose answer is known from real runs
 * (real-gateway.md §3, §6, openclaw-facts.md §2). `versions` is a predicate on the release.
 * `paths` are the issue paths in "kind:path" form; [] means valid.
 */
export const KNOWN_VERDICTS = [
  { id: 'minimal-old', versions: () => true, paths: [] },
  { id: 'minimal-latest', versions: (v) => v === '2026.9.6', paths: [] },
  { id: 'auth-string', versions: () => true, paths: ['invalid:gateway.auth'] },
  { id: 'unknown-key', versions: () => true, paths: ['unknown:gateway.bogusKey'] },
  { id: 'catalog-refresh', versions: (v) => cmpVersion(v, '2026.3.0') < 0, paths: ['unknown:models.catalogRefresh'] },
  { id: 'catalog-refresh', versions: (v) => v === '2026.9.6', paths: [] },
  { id: 'legacy-token', versions: () => true, paths: ['unknown:gateway.token'] },
  { id: 'root-bind-port', versions: () => true, paths: ['unknown:bind', 'unknown:port'] },
];

/** Compare OpenClaw calendar versions (2026.2.22-1 and betas sort before their release). */
export function cmpVersion(a, b) {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < 3; i++) if (pa.n[i] !== pb.n[i]) return pa.n[i] - pb.n[i];
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === '') return 1;
  if (pb.pre === '') return -1;
  return pa.pre < pb.pre ? -1 : 1;
}
function parseVersion(v) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/.exec(v);
  if (!m) throw new Error(`not a version: ${v}`);
  return { n: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? '' };
}
