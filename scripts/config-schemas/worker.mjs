// Runs INSIDE the sandbox (Node 24, `unshare -rn` when available, `--permission` with writes
// limited to a scratch dir): imports one OpenClaw release's own config-schema module, converts its
// root zod schema to JSON Schema with the release's own zod, and runs the release's own safeParse
// on the verification cases. Never run this directly; extract.mjs spawns it.
//
//   node worker.mjs <job.json>
//   job = { moduleFile, exportName, stubs: { "<bare specifier>": ["named", "exports", ...] },
//           cases: [{ id, config }], out }
import fs from 'node:fs';
import module from 'node:module';
import net from 'node:net';
import dns from 'node:dns';
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';
import { pathToFileURL } from 'node:url';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const networkAttempts = [];
const refuse = (what) =>
  function refused(...args) {
    networkAttempts.push({ what, target: String(args[0]?.host ?? args[0]?.port ?? args[0] ?? '').slice(0, 200) });
    throw new Error(`config-schemas sandbox: ${what} refused`);
  };

// 1. Belt and braces: even inside an empty network namespace, refuse sockets and lookups outright
//    and record the attempt, so a release that tries to reach out at import time is reported.
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
tls.connect = refuse('tls.connect');
http.request = http.get = refuse('http.request');
https.request = https.get = refuse('https.request');
dns.lookup = refuse('dns.lookup');
dns.resolve = refuse('dns.resolve');
dns.promises.lookup = refuse('dns.promises.lookup');
if (typeof globalThis.fetch === 'function') globalThis.fetch = refuse('fetch');
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = refuse('WebSocket');

// 2. Bare packages other than zod are replaced by inert stubs. The schema module's chunk often
//    imports SDKs (pi-ai, aws-sdk, express…) that the schema never touches; a stub is a callable,
//    constructible proxy that answers every property with another stub and does nothing.
const stubTouches = new Set();
function makeStub(label) {
  const target = function stub() {};
  return new Proxy(target, {
    get(t, prop) {
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* empty() {};
      if (prop === 'then') return undefined; // never look like a promise
      if (prop === 'prototype') return t.prototype;
      if (prop === 'toString' || prop === 'valueOf') return () => '';
      if (typeof prop === 'symbol') return undefined;
      stubTouches.add(`${label}.${prop}`.slice(0, 120));
      return makeStub(`${label}.${prop}`);
    },
    apply() {
      return makeStub(`${label}()`);
    },
    construct() {
      return makeStub(`new ${label}`);
    },
  });
}
globalThis.__configSchemaStub = makeStub;
globalThis.__configSchemaStubNamed = (spec, name) => makeStub(`${spec}.${name}`);
const stubs = job.stubs ?? {};
const dynamicStubs = new Set();
const STUB = 'config-schema-stub:';
module.registerHooks({
  resolve(specifier, context, next) {
    const base = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    const cjs = context.conditions?.includes('require');
    const stub = cjs
      ? { url: `${STUB}cjs:${encodeURIComponent(specifier)}`, shortCircuit: true, format: 'commonjs' }
      : { url: `${STUB}${encodeURIComponent(specifier)}`, shortCircuit: true, format: 'module' };
    if (Object.hasOwn(stubs, specifier) || Object.hasOwn(stubs, base)) return stub;
    const bare = !/^(?:\.{0,2}\/|node:|file:|data:)/.test(specifier) && !module.isBuiltin(specifier);
    try {
      return next(specifier, context);
    } catch (err) {
      // A bare package reached only through require()/import() at run time, or one that would
      // resolve outside the sandbox's readable dirs: stub it too (never zod, the one real dep).
      if (bare && base !== 'zod') {
        dynamicStubs.add(specifier);
        return stub;
      }
      throw err;
    }
  },
  load(url, context, next) {
    if (url.startsWith(`${STUB}cjs:`)) {
      const spec = decodeURIComponent(url.slice(STUB.length + 4));
      return { format: 'commonjs', source: `module.exports = globalThis.__configSchemaStub(${JSON.stringify(spec)});`, shortCircuit: true };
    }
    if (url.startsWith(STUB)) {
      const spec = decodeURIComponent(url.slice(STUB.length));
      const names = new Set([...(stubs[spec] ?? [])]);
      names.delete('default');
      const lines = [`const s = globalThis.__configSchemaStub(${JSON.stringify(spec)});`, 'export default s;'];
      for (const n of names) {
        const value = `globalThis.__configSchemaStubNamed(${JSON.stringify(spec)}, ${JSON.stringify(n)})`;
        if (/^[A-Za-z_$][\w$]*$/.test(n)) lines.push(`export const ${n} = ${value};`);
        else lines.push(`const x${lines.length} = ${value}; export { x${lines.length} as ${JSON.stringify(n)} };`);
      }
      return { format: 'module', source: lines.join('\n'), shortCircuit: true };
    }
    return next(url, context);
  },
});

const out = { ok: false, networkAttempts, stubTouches: [], timings: {} };
try {
  const t0 = performance.now();
  const mod = await import(pathToFileURL(job.moduleFile).href);
  out.timings.importMs = Math.round(performance.now() - t0);
  const schema = mod[job.exportName];
  if (!schema || typeof schema.safeParse !== 'function') throw new Error(`export ${job.exportName} of ${job.moduleFile} is not a zod schema`);
  const zv = schema._zod?.version;
  out.zod = zv ? `${zv.major}.${zv.minor}.${zv.patch}` : schema._def ? '3.x' : 'unknown';
  // The release's own conversion, with the options its own `buildConfigSchema` uses from 2026.4.x
  // on (io:"input" so defaulted keys are optional, as the user writes them).
  const opts = { io: 'input', target: 'draft-07', unrepresentable: 'any', cycles: 'ref', reused: 'inline' };
  const t1 = performance.now();
  if (typeof schema.toJSONSchema === 'function') {
    out.jsonSchema = schema.toJSONSchema(opts);
    out.converter = 'schema.toJSONSchema (release zod)';
  } else {
    const z = await import('zod');
    out.jsonSchema = z.toJSONSchema(schema, opts);
    out.converter = 'z.toJSONSchema (installed zod)';
  }
  out.timings.convertMs = Math.round(performance.now() - t1);
  out.cases = [];
  for (const c of job.cases ?? []) {
    let r;
    try {
      r = schema.safeParse(structuredClone(c.config));
    } catch (err) {
      out.cases.push({ id: c.id, threw: String(err?.message ?? err).slice(0, 300) });
      continue;
    }
    out.cases.push({
      id: c.id,
      success: r.success,
      issues: r.success
        ? []
        : r.error.issues.map((i) => ({
            path: i.path.map(String).join('.'),
            code: i.code,
            message: i.message,
            ...(i.keys ? { keys: i.keys } : {}),
          })),
    });
  }
  // Optional: the release's own legacy-config migration (what `doctor --fix` and, depending on
  // the release, gateway start-up apply), run on each case, and the schema re-checked after it.
  if (job.migrate) {
    out.migration = { module: job.migrate.moduleFile, cases: [] };
    try {
      const mm = await import(pathToFileURL(job.migrate.moduleFile).href);
      const migrate = mm[job.migrate.exportName];
      if (typeof migrate !== 'function') throw new Error(`export ${job.migrate.exportName} is not a function`);
      for (const c of job.cases ?? []) {
        try {
          const r = migrate(structuredClone(c.config), structuredClone(job.migrate.options ?? {}));
          const next = r?.sourceConfig ?? r?.config ?? r?.next ?? null;
          const after = next ? schema.safeParse(next) : null;
          out.migration.cases.push({
            id: c.id,
            changes: (r?.changes ?? []).map(String).slice(0, 20),
            result: next ? (after.success ? 'valid' : 'invalid') : 'unchanged',
            ...(after && !after.success
              ? { issuesAfter: after.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, ...(i.keys ? { keys: i.keys } : {}) })) }
              : {}),
          });
        } catch (err) {
          out.migration.cases.push({ id: c.id, threw: String(err?.message ?? err).slice(0, 300) });
        }
      }
    } catch (err) {
      out.migration.error = `${String(err?.stack ?? err).slice(0, 1500)}${err?.resource ? ` (resource: ${err.resource})` : ''}`;
    }
  }
  out.ok = true;
} catch (err) {
  out.error = String(err?.stack ?? err).slice(0, 4000);
}
out.stubTouches = [...stubTouches].slice(0, 200);
out.dynamicStubs = [...dynamicStubs];
fs.writeFileSync(job.out, JSON.stringify(out));
// Modules may leave timers or handles behind; the result is written, so leave now.
process.exit(0);
