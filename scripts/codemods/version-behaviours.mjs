#!/usr/bin/env node
// Codemod (issue #10): a rule's literal `version` range that stands for a behaviour of
// knowledge/versions.json becomes `{ "behaviour": id }` (with `has: false` for the releases without
// it, `verified: true` when it counts from firstVerified), so the boundary is written in that file
// only. A range equal to the conjunction of two behaviour forms (">=2026.2.13 <2026.2.22": has IPv4
// CIDR, lacks IPv6 CIDR) becomes two conditions in the enclosing `all`. Equality is checked on every
// boundary of the file and of the range, just below and just above each (calendar ranges change
// only there). Needs `npx tsc` first (imports dist/). Re-runnable; mechanical (merge-friendly).
//
// Which behaviours may a rule's range stand for? Two behaviours can share a boundary
// (trusted-proxy-auth and trusted-proxies-ipv4-cidr both start at 2026.2.13), so a range with more
// than one reading is left as it is and listed as ambiguous: write `{ "behaviour": … }` by hand, or
// pass `--prefer rule-id=behaviour` (repeatable). A behaviour's `rules` list, where the file has one,
// narrows the readings of the rules it names.
//
//   node scripts/codemods/version-behaviours.mjs [--rules DIR] [--check] [--prefer rule=behaviour[,behaviour] …]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { satisfies } = await import(path.join(ROOT, 'dist/shared/version/calver.js'));
const { versionKnowledge, versionRangeOf } = await import(path.join(ROOT, 'dist/shared/version/behaviours.js'));

const args = process.argv.slice(2);
const check = args.includes('--check');
const di = args.indexOf('--rules');
const dir = di >= 0 ? args[di + 1] : path.join(ROOT, 'rules');
const prefer = new Map();
args.forEach((a, i) => {
  if (args[i - 1] === '--prefer') {
    const [rule, b] = a.split('=');
    prefer.set(rule, [...(prefer.get(rule) ?? []), ...b.split(',')]);
  }
});

const k = versionKnowledge();
const specs = Object.entries(k.behaviours).flatMap(([id, b]) =>
  [true, false].flatMap((has) => [false, ...(b.firstVerified && b.firstVerified !== b.first ? [true] : [])].map((verified) => ({ behaviour: id, ...(has ? {} : { has: false }), ...(verified ? { verified: true } : {}) }))),
);
const VERSION = /\d{4}\.\d+\.\d+(?:-[0-9A-Za-z.]+)?/g;
const boundaries = [k.oldest, ...Object.values(k.behaviours).flatMap((b) => [b.first, b.firstVerified, b.until])].filter(Boolean);
const probes = (range) => [...new Set([...boundaries, ...(range.match(VERSION) ?? [])])].flatMap((v) => (v.includes('-') ? [v] : [`${v}-beta.0`, v, `${v}-1`])).concat(['2000.1.1', '2999.1.1']);
const sameSet = (range, parts) => probes(range).every((v) => satisfies(v, range) === parts.every((p) => satisfies(v, versionRangeOf(p))));

/**
 * The readings of a literal range: one spec, or (only among behaviours named for the rule: two
 * behaviours' boundaries meeting in an unrelated rule's range is a coincidence) two specs.
 */
function readings(range, allowed) {
  const pool = specs.filter((s) => !allowed || allowed.includes(s.behaviour));
  const out = pool.filter((s) => sameSet(range, [s])).map((s) => [s]);
  if (out.length || !allowed) return out;
  for (let i = 0; i < pool.length; i++) for (let j = i + 1; j < pool.length; j++) if (pool[i].behaviour !== pool[j].behaviour && sameSet(range, [pool[i], pool[j]])) out.push([pool[i], pool[j]]);
  return out;
}

const files = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : e.name.endsWith('.json') && !e.name.endsWith('.cases.json') ? [path.join(d, e.name)] : []));

let changed = 0;
const ambiguous = [];
for (const f of files(dir)) {
  const text = readFileSync(f, 'utf8');
  let rule;
  try {
    rule = JSON.parse(text);
  } catch {
    continue;
  }
  if (!rule || typeof rule !== 'object' || !rule.when) continue;
  // --prefer, else the behaviours whose `rules` list names the rule (when the file still lists them), else any.
  const listed = Object.entries(k.behaviours).filter(([, b]) => b.rules?.includes(rule.id)).map(([id]) => id);
  const allowed = prefer.get(rule.id) ?? (listed.length ? listed : undefined);
  let edits = 0;
  const convert = (c) => {
    if (!c.version || typeof c.version.range !== 'string') return [c];
    const found = readings(c.version.range, allowed);
    if (found.length !== 1) {
      if (found.length > 1) ambiguous.push(`${rule.id}: ${c.version.range} reads as ${found.map((r) => r.map((s) => JSON.stringify(s)).join(' + ')).join(' or ')}`);
      return [c];
    }
    edits++;
    console.log(`${rule.id}: ${c.version.range} -> ${found[0].map((s) => JSON.stringify(s)).join(' + ')}`);
    const tail = c.version.ifUnknown !== undefined ? { ifUnknown: c.version.ifUnknown } : {};
    return found[0].map((s) => ({ version: { ...s, ...tail } }));
  };
  const visit = (c) => {
    if (c.all) return { all: c.all.flatMap((x) => (x.version ? convert(x) : [visit(x)])) };
    if (c.any) return { any: c.any.map((x) => wrap(x)) };
    if (c.not) return { not: wrap(c.not) };
    return c;
  };
  // Outside an `all`, two conditions need one of their own.
  const wrap = (c) => {
    if (!c.version) return visit(c);
    const parts = convert(c);
    return parts.length === 1 ? parts[0] : { all: parts };
  };
  const when = wrap(rule.when);
  if (!edits) continue;
  const next = JSON.stringify({ ...rule, when }, null, 2) + '\n';
  if (next === text) continue;
  changed++;
  if (check) console.log(`would rewrite ${path.relative(ROOT, f)}`);
  else writeFileSync(f, next);
}
for (const a of ambiguous) console.log(`ambiguous (left as written): ${a}`);
console.log(`${changed} rule file(s) ${check ? 'to rewrite' : 'rewritten'}`);
process.exit(check && changed ? 1 : 0);
