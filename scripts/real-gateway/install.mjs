#!/usr/bin/env node
// Pre-install (and cache) Node 24 and the openclaw versions the real-gateway tests use.
//   node scripts/real-gateway/install.mjs [VERSION...]   (default: latest + old line)
// Loads harness.ts through vite's module runner (vite comes with vitest).
import { runnerImport } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { module: h } = await runnerImport(path.join(here, 'harness.ts'));
const versions = process.argv.slice(2);
const list = versions.length ? versions : [h.LATEST_VERSION, h.OLD_VERSION];
const t0 = Date.now();
await h.ensureNode();
for (const v of list) console.log(`${v}: ${await h.ensureOpenclaw(v)}`);
console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s (cache ${h.cacheRoot()})`);
