#!/usr/bin/env node
// Entry point of `npm run matrix` (see scripts/matrix/main.ts for the options).
// Bundles main.ts and cell.ts with esbuild into a temporary directory (the cell imports the
// project's probe from src/, whose `.js` imports name `.ts` files and which loads ws/undici lazily),
// then runs main. The cell bundle runs in its own process, normally inside `unshare -rn`.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const banner = { js: "import { createRequire as __matrixRequire } from 'node:module'; const require = __matrixRequire(import.meta.url);" };

// --agreement runs the doctor in-process: bundled under dist/ so it finds its package root (rules/, schema/).
if (process.argv.includes('--agreement')) {
  const dir = path.join(here, '..', '..', 'dist', 'matrix');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'agreement.mjs');
  await build({ entryPoints: [path.join(here, 'agreement-cli.ts')], outfile: file, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', packages: 'external', banner });
  process.argv = process.argv.filter((a) => a !== '--agreement');
  await import(pathToFileURL(file).href);
  process.exit();
}

// Under dist/ (not the system tmp dir): --verify-fixes runs the doctor's rules and release schemas,
// found by walking up from the bundle to the package root.
const distMatrix = path.join(here, '..', '..', 'dist', 'matrix');
fs.mkdirSync(distMatrix, { recursive: true });
const out = fs.mkdtempSync(path.join(distMatrix, 'run-'));
process.on('exit', () => fs.rmSync(out, { recursive: true, force: true }));
await build({
  entryPoints: { main: path.join(here, 'main.ts'), cell: path.join(here, 'cell.ts') },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'error',
  // ws and undici are CommonJS: give the ESM bundle a real `require` for their internals.
  banner,
  define: { 'process.env.CLAWKIT_MATRIX_ROOT': JSON.stringify(path.resolve(here, '..', '..')) },
});
process.env.CLAWKIT_MATRIX_CELL_BUNDLE = path.join(out, 'cell.mjs');
await import(pathToFileURL(path.join(out, 'main.mjs')).href);
