#!/usr/bin/env node
// Per-case findings of corpus sets, one JSON line per case (set, id, label, accept, each finding's category,
// rule, lexical or not, sources and pasted evidence lines): the dump scripts/speaker-study.mjs simulates holds
// over (notes/holdout.md Round 26e). Prints case ids: never run it on a fresh set.
//
//   npm run build && node scripts/speaker-dump.mjs OUT.jsonl SET.jsonl...
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { caseArgv } from './lib/eval-args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [out, ...files] = process.argv.slice(2);
(await import('node:v8')).default.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
const cli = createRequire(import.meta.url)(join(root, 'dist', 'cli.cjs'));
cli.useImporter((specifier) => import(specifier));
const bin = join(root, 'bin', 'clawkit-doctor.js');

async function run(c) {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (d) => (text += d));
  const io = { stdin: Readable.from([Buffer.from(c.log)]), stdout, stderr: new PassThrough(), env: { ...process.env, NO_COLOR: '1' }, cwd: process.cwd(), homedir: homedir() };
  await cli.main([process.execPath, bin, ...caseArgv(c)], io);
  await new Promise((r) => setImmediate(r));
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

writeFileSync(out, '');
for (const f of files) {
  const set = basename(f, '.jsonl');
  const cases = readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  for (const c of cases) {
    const r = await run(c);
    const findings = (r?.findings ?? []).map((x) => ({
      cat: x.category,
      rule: x.ruleId,
      lexical: x.candidate?.kind === 'lexical',
      pasteOnly: (x.evidence ?? []).some((e) => e.source === 'paste') && (x.evidence ?? []).every((e) => e.source === 'paste' || e.source === 'version'),
      lines: (x.evidence ?? []).filter((e) => e.source === 'paste' && e.line !== undefined).map((e) => e.line),
    }));
    const accept = Array.isArray(c.accept) && c.accept.length ? c.accept : [c.category];
    appendFileSync(out, JSON.stringify({ set, id: c.id, category: c.category, accept, failed: !r, findings }) + '\n');
  }
  console.error(`${set}: ${cases.length}`);
}
