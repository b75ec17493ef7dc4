// Build step after `tsc`: (1) bundle the CLI into one CommonJS file, dist/cli.cjs, which the
// launcher (bin/clawkit-doctor.js) compiles with a V8 code cache; (2) validate and bundle the rules.
//
// Why one CJS file: start-up time is a product requirement (a small paste must be diagnosed within
// 2x `node -e 0`). Reading one file instead of ~60 modules, and restoring its compiled code from a
// cache instead of parsing and compiling it on every run, are the two largest savings (measured
// in notes/perf.md). V8's code cache is only reachable for a script (vm.Script), not an ES module.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, relative, resolve as resolvePath, sep } from 'node:path';
import { build } from 'esbuild';

// (0) tsc compiles only .ts: the plain ESM module that src/ imports (the config-schema store reader,
// shared with scripts/config-schemas/extract.mjs) goes beside the compiled code.
mkdirSync('dist/shared/config-schemas', { recursive: true });
copyFileSync('src/shared/config-schemas/lib.mjs', 'dist/shared/config-schemas/lib.mjs');

// Dependencies that are only needed on some paths (probe, fixer, rule validation) stay outside the
// bundle and are `require`d when first used. ora is ESM-only: see src/esm-import.ts.
const LAZY_CJS = ['ajv', 'undici', 'ws', 'diff'];
const builtins = new Set(builtinModules);

// Built-ins that a small paste never uses but some module imports at its top (commander imports
// child_process; the probe net; the rules loader crypto...). Node compiles each on its first
// require (child_process + crypto + net + fs/promises: ~10-20 ms on Node 22/24), so their shims
// export getters that require the module at the first use of one of its exports. The names are
// the build Node's; a name added in a later Node is not reached through the shim.
const DEFERRED = ['child_process', 'crypto', 'dgram', 'dns', 'fs/promises', 'http', 'https', 'net', 'os', 'readline', 'stream', 'stream/promises', 'string_decoder', 'tls', 'tty', 'v8', 'worker_threads', 'zlib'];
const requireMod = createRequire(import.meta.url);

/** Stand-in source: `load()` evaluates `requireExpr` once, at its first call. */
const lazyLoad = (requireExpr) => `let m;\nconst load = () => (m ??= ${requireExpr});\n`;
/** Stand-in source: each of `names` is a getter that loads the module at its first use. */
const lazyExports = (requireExpr, names) =>
  `${lazyLoad(requireExpr)}for (const k of ${JSON.stringify(names)}) Object.defineProperty(module.exports, k, { get: () => load()[k], enumerable: true });`;

function shim(path) {
  const bare = path.replace(/^node:/, '');
  if (!DEFERRED.includes(bare)) return `module.exports = require(${JSON.stringify(path)});`;
  const names = Object.getOwnPropertyNames(requireMod(path)).filter((k) => k !== 'default');
  return lazyExports(`require(${JSON.stringify(path)})`, names);
}

// `await import('node:stream')` / `await import('undici')` become a lazy `require`: code restored
// from a V8 code cache cannot run import() on Node 20 (the cache drops the dynamic-import hook).
const requireLazily = {
  name: 'require-lazily',
  setup(b) {
    b.onResolve({ filter: /^[@a-z0-9_/:.-]+$/ }, (args) => {
      const bare = args.path.replace(/^node:/, '');
      const isBuiltin = builtins.has(bare) || args.path.startsWith('node:');
      if (!isBuiltin && !LAZY_CJS.includes(args.path)) return undefined;
      // The shim's own require is the real one.
      if (args.namespace === 'lazy') return { path: args.path, external: true };
      return { path: isBuiltin ? `node:${bare}` : args.path, namespace: 'lazy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({ contents: shim(args.path), loader: 'js' }));
  },
};

// chalk evaluates its vendored supports-color at import: `tty.isatty(1)` and `isatty(2)` load
// node:tty and node:net (~3-4 ms of every start on 22/24 when stdout is a file). Its answer is only
// read by a Chalk made without a `level`, and the doctor always gives one (src/report/human.ts
// decides colour itself: TTY, NO_COLOR, CI, FORCE_COLOR), so the bundle gets a stub that says
// "no colour" without looking. test/package/bundle.test.ts checks that no Chalk is made without a level.
const chalkWithoutSupportsColor = {
  name: 'chalk-without-supports-color',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) => (/[\\/]chalk[\\/]/.test(args.importer) ? { path: args.path, namespace: 'ckd-stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'ckd-stub' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

// Bundled modules that most runs never call, initialised at their first use instead of at start-up
// (issue #13: a module's top level runs when the bundle starts, whether or not the run needs it).
// semver's functions build ~80 regular expressions at import (`internal/re.js`) and are only called
// for a version range; json5 (the config reader and the fixer) builds its Unicode tables; the config-schema
// store reader only runs on a config file; chalk (its style tables) only for the human format; commander only
// when the arguments are more than plain root options (src/cli-args.ts). Each import site gets a stand-in with the same export
// names whose getters (or, for a module that exports a function, a forwarding function) load the
// real module once; it stays in the bundle. Only modules whose import has no side effect the run
// relies on belong here (test/package/bundle.test.ts checks that a small paste loads none of them,
// and that each loads when it is used).
const DEFERRED_MODULES = [/^semver\/(functions|ranges)\/[a-z-]+\.js$/, /^json5$/, /\/shared\/config-schemas\/lib\.mjs$/, /^chalk$/, /^commander$/];
const deferModules = {
  name: 'defer-modules',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.namespace === 'deferred' || args.pluginData?.deferred || !DEFERRED_MODULES.some((re) => re.test(args.path))) return undefined;
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { deferred: true } });
      if (real.errors.length) return { errors: real.errors };
      // A relative name (the bundle names modules by it; no build path in the output), `.cjs`: the stand-in is CommonJS.
      return { path: `${relative(process.cwd(), real.path)}.deferred.cjs`, namespace: 'deferred' };
    });
    b.onLoad({ filter: /.*/, namespace: 'deferred' }, async (args) => {
      const file = resolvePath(args.path.slice(0, -'.deferred.cjs'.length));
      const mod = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : requireMod(file);
      // The name recorded when it loads (test/package/bundle.test.ts): the package path, or the file in this checkout.
      const posix = file.split(sep).join('/');
      const at = posix.lastIndexOf('/node_modules/');
      const name = JSON.stringify(at >= 0 ? posix.slice(at + '/node_modules/'.length) : relative(process.cwd(), file).split(sep).join('/'));
      const expr = `((globalThis[Symbol.for('clawkit-doctor.deferred')] ??= new Set()).add(${name}), require(${JSON.stringify(file)}))`;
      const contents =
        typeof mod === 'function'
          ? `${lazyLoad(expr)}module.exports = function deferred(...a) { return load().apply(this, a); };`
          : lazyExports(
              expr,
              Object.keys(mod).filter((k) => k !== 'default' || !file.endsWith('.mjs')),
            );
      return { contents, loader: 'js', resolveDir: dirname(file) };
    });
  },
};

// The user-rules cache's build id (src/rules/loader-cache.ts codeStamp): a slot in the bundle,
// filled below with a hash of the bundle and the files that decide a rule's validation, so a cache
// written by another build misses even when every file's size and mtime are equal (npm pack).
const BUILD_ID_SLOT = `ckd-build:${'0'.repeat(32)}`;
const BUILD_ID_INPUTS = ['schema/rule.schema.json', 'schema/cases.schema.json', 'rules/renamed.json', 'knowledge/versions.json'];
function withBuildId(text) {
  const h = createHash('sha256').update(text);
  for (const f of BUILD_ID_INPUTS) h.update(`\0${f}\0`).update(readFileSync(f));
  return text.split(BUILD_ID_SLOT).join(`ckd-build:${h.digest('hex').slice(0, 32)}`);
}

// The story gates' regex sources for the built-in words (src/shared/story-words.ts anyGateTable): made here once
// instead of per run; a run whose lexicon differs from the one seen here finds no matching entry and computes its own.
const storyWords = await import(pathToFileURL(resolvePath('dist/shared/story-words.js')).href);
const ANY_GATES = storyWords.anyGateTable(storyWords.storyWords());

const { outputFiles } = await build({
  write: false,
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  plugins: [requireLazily, chalkWithoutSupportsColor, deferModules],
  external: ['ora'],
  define: { 'import.meta.url': '__ckdModuleUrl', __CKD_BUILD_ID: JSON.stringify(BUILD_ID_SLOT), __CKD_ANY_GATES: JSON.stringify(ANY_GATES) },
  banner: { js: "const __ckdModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// esbuild converts a built-in module to an ES namespace at every import site: 121 sites, 30 for
// node:fs alone, each defining a getter per export (~3 ms of start-up). A built-in's exports are
// complete when it loads, so one namespace per module and mode serves every site.
function shareBuiltinNamespaces(text) {
  const shims = new Set([...text.matchAll(/var (require_[\w$]+) = __commonJS\(\{\n\s*"lazy:node:/g)].map((m) => m[1]));
  const sites = new RegExp(`__toESM\\((${[...shims].map((n) => n.replace(/\$/g, '\\$')).join('|')})\\(\\)(, 1)?\\)`, 'g');
  // The namespace inherits the module's exports instead of copying them: __toESM's copy reads every
  // export's descriptor, which materialises lazy built-in properties (util.TextDecoder loads the
  // encoding module), and defines a getter per export (~2 ms). Built-ins carry no __esModule, so
  // `default` is the module itself in both modes.
  const helper = '\nvar __ckdNs = new WeakMap();\nvar __ckdBuiltinNs = (mod) => {\n  let ns = __ckdNs.get(mod);\n  if (!ns) __ckdNs.set(mod, (ns = __create(mod, { default: { value: mod, enumerable: true } })));\n  return ns;\n};\n';
  const at = text.indexOf('var __toCommonJS');
  if (shims.size === 0 || at < 0) return text;
  return (text.slice(0, at) + helper + text.slice(at)).replace(sites, (_, req) => `__ckdBuiltinNs(${req}())`);
}

// ASCII only, so the launcher can decode it as Latin-1 (faster than UTF-8). esbuild already escapes
// strings; what is left is comments and regex literals, where \uXXXX means the same character.
for (const f of outputFiles) writeFileSync(f.path, withBuildId(shareBuiltinNamespaces(f.text)).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

// (2b) The worker that scans the second half of a large --log FILE (src/collectors/paste/scan-half.ts):
// its own small bundle beside literals.bin, where the reader looks for it.
await build({
  entryPoints: ['dist/collectors/paste/scan-worker.js'],
  outfile: 'dist/scan-worker.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

// (3) The library (package `exports`: `.` and `./openclaw`): ESM, dependencies left to node_modules,
// split so that importing an entry loads only its small first module and the pipeline, rules,
// probe and fixer load on the first call (loading the library must cost no more than the CLI start).
await build({
  entryPoints: { index: 'dist/api/index.js', openclaw: 'dist/api/openclaw.js' },
  outdir: 'dist/lib',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
await import('./bundle-rules.mjs');
await import('./build-lexicon.mjs');
