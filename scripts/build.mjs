// Build step after `tsc`: (1) bundle the CLI into one file so start-up reads one module instead
// of ~60 (start-up time is a product requirement: the doctor must answer at once), keeping the
// heavy, rarely used dependencies external and lazily loaded; (2) validate and bundle the rules.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/cli.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // Loaded on demand (probe, spinner, validation, fixer); bundling them would only add parse time.
  external: ['ajv', 'ora', 'undici', 'ws', 'diff', 'write-file-atomic'],
  banner: { js: "import { createRequire as __ckdCreateRequire } from 'node:module'; const require = __ckdCreateRequire(import.meta.url);" },
});
await import('./bundle-rules.mjs');
