#!/usr/bin/env node
// Codemod (issue #10): rename derived fact paths in every rule and case file, e.g. after a verdict
// key becomes a factual one. Text-level (the files' formatting stays); a path is renamed only as a
// whole segment (`config.derived.old` but not `config.derived.oldest`). Re-runnable.
//
//   node scripts/codemods/derived-paths.mjs config.derived.old=config.derived.new [...] [--rules DIR] [--check]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const check = args.includes('--check');
const di = args.indexOf('--rules');
const dir = di >= 0 ? args[di + 1] : new URL('../../rules', import.meta.url).pathname;
const renames = args.filter((a, i) => a.includes('=') && (di < 0 || i !== di + 1)).map((a) => a.split('='));
if (!renames.length) {
  console.error('usage: derived-paths.mjs old.path=new.path [...] [--rules DIR] [--check]');
  process.exit(2);
}

const files = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.json') ? [join(d, e.name)] : []));
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let changed = 0;
for (const f of files(dir)) {
  const text = readFileSync(f, 'utf8');
  let next = text;
  for (const [from, to] of renames) next = next.replace(new RegExp(`(?<![\\w.])${esc(from)}(?![\\w])`, 'g'), to);
  if (next === text) continue;
  changed++;
  if (check) console.log(`would rewrite ${f}`);
  else writeFileSync(f, next);
}
console.log(`${changed} file(s) ${check ? 'to rewrite' : 'rewritten'}`);
process.exit(check && changed ? 1 : 0);
