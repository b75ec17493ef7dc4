#!/usr/bin/env node
// Checks a mined measurement set before it is used: the fields every corpus case has, known categories,
// unique ids, and no `source` already present in another corpus file (a reused report would not be fresh).
// Usage: node scripts/corpus/check-holdout.mjs fixtures/corpus/holdout8.jsonl [more.jsonl …]
// Each file named is checked against every other corpus file (the other named files included).
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const targets = (process.argv.length > 2 ? process.argv.slice(2) : ['fixtures/corpus/holdout8.jsonl']).map((f) => resolve(f));
const corpusFiles = ['fixtures/corpus', '../shared/corpus']
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => resolve(join(dir, f))));

const readCases = (file) =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
    try { return JSON.parse(l); } catch (e) { throw new Error(`${file}:${i + 1}: ${e.message}`); }
  });

// Sources compare case-insensitively; a URL and owner/repo#N form of the same thread count as one.
const norm = (s) => String(s).toLowerCase().replace(/^https?:\/\/github\.com\//, '').replace(/\/(issues|pull|discussions)\//, '#').replace(/\/+$/, '');
const categories = new Set([...readdirSync('rules').filter((d) => !['config', 'env', 'probe', 'version'].includes(d)), 'version-bug', 'not-connection', 'other']);
const fields = ['id', 'source', 'log', 'config', 'version', 'environment', 'cause', 'fix', 'category', 'confidence', 'accept'];

function check(target) {
  console.log(`== ${target}`);
  const others = corpusFiles.filter((f) => f !== target);
  const used = new Map();
  for (const f of others) for (const c of readCases(f)) used.set(norm(c.source), f);
  const cases = readCases(target);
  const problems = [];
  const ids = new Set();
  const seen = new Set();
  let overlap = 0;
  for (const c of cases) {
    for (const k of fields) if (!(k in c)) problems.push(`${c.id}: missing ${k}`);
    if (ids.has(c.id)) problems.push(`${c.id}: duplicate id`);
    ids.add(c.id);
    const s = norm(c.source);
    if (used.has(s)) { overlap++; problems.push(`${c.id}: source ${c.source} already in ${used.get(s)}`); }
    if (seen.has(s)) problems.push(`${c.id}: source ${c.source} twice in this set`);
    seen.add(s);
    if (!categories.has(c.category)) problems.push(`${c.id}: unknown category ${c.category}`);
    if (!Array.isArray(c.accept) || !c.accept.includes(c.category)) problems.push(`${c.id}: accept must include category`);
    for (const a of c.accept ?? []) if (!categories.has(a)) problems.push(`${c.id}: unknown accept ${a}`);
    if (!['high', 'medium', 'low'].includes(c.confidence)) problems.push(`${c.id}: confidence ${c.confidence}`);
    if (typeof c.log !== 'string' || !c.log.trim()) problems.push(`${c.id}: empty log`);
  }
  const neg = cases.filter((c) => c.category === 'not-connection').length;
  const count = (k) => Object.entries(cases.reduce((m, c) => ((m[c[k] ?? 'null'] = (m[c[k] ?? 'null'] ?? 0) + 1), m), {})).sort((a, b) => b[1] - a[1]);
  console.log(`${cases.length} cases: ${cases.length - neg} connection / ${neg} negatives; checked against ${used.size} sources in ${others.length} files; overlap ${overlap}`);
  console.log('categories:', count('category').map(([k, v]) => `${k} ${v}`).join(', '));
  console.log('confidence:', count('confidence').map(([k, v]) => `${k} ${v}`).join(', '));
  console.log('versions:', count('version').map(([k, v]) => `${k} ${v}`).join(', '));
  for (const p of problems) console.log('PROBLEM', p);
  if (problems.length) process.exitCode = 1;
}

for (const target of targets) check(target);
