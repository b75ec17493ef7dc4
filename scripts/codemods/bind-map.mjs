#!/usr/bin/env node
// Codemod (issue #10): rewrite the optional-binding trick
//   { "any": [ { "fact": { "path": P, "op": "exists", "as": N } }, { "fact": { "path": Q, "op": "exists" } } ] }
// into an entry of the rule's `bind` map ("N": P), drop the declared `facts` (inferred from the
// conditions), and name each rule's specificity band. Re-runnable and idempotent: run it again after
// merging branches that add or edit rules.
//
// The trick is only removed when it could never be false on its own: its guard Q must be read by a
// sibling condition of the same `all` that already requires Q to exist (a positive fact matcher on
// Q with no ifUnknown). Otherwise it stays and is listed.
//
//   node scripts/codemods/bind-map.mjs [rules-dir] [--check]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const check = args.includes('--check');
const dir = args.find((a) => !a.startsWith('--')) ?? new URL('../../rules', import.meta.url).pathname;

// Keep in step with BANDS in src/rules/bands.ts (checked by test/rules/validate.test.ts).
const BANDS = [
  ['hint', 0, 19],
  ['generic', 20, 39],
  ['exact', 40, 59],
  ['refined', 60, 79],
  ['proven', 80, 100],
];

/** Ops that hold only when the value exists. */
const POSITIVE = new Set(['exists', 'eq', 'in', 'type', 'regex', 'gt', 'gte', 'lt', 'lte', 'truthy', 'includes', 'nonEmpty']);

function isTrick(c) {
  if (!c.any || c.any.length !== 2) return false;
  const [a, b] = c.any;
  return (
    a.fact && b.fact && a.fact.op === 'exists' && typeof a.fact.as === 'string' && a.fact.ifUnknown === undefined &&
    b.fact.op === 'exists' && b.fact.as === undefined && b.fact.ifUnknown === undefined && Object.keys(a.fact).length === 3 && Object.keys(b.fact).length === 2
  );
}

// Can `c` be true when nothing exists at `path`? A positive matcher on that path is then false.
function canHoldWithout(c, path) {
  if (c.all) return c.all.every((x) => canHoldWithout(x, path));
  if (c.any) return c.any.some((x) => canHoldWithout(x, path));
  if (c.not) return true; // not(…) of a false matcher is true: stay conservative
  if (c.fact && c.fact.path === path && POSITIVE.has(c.fact.op) && c.fact.ifUnknown === undefined) return false;
  return true;
}

/** Fields every collected source has (required in src/types.ts): present whenever the source is. */
const ALWAYS = new Set(['probe.url', 'probe.targetSource', 'probe.reached', 'probe.outcome', 'probe.stages', 'config.path', 'config.reason', 'config.found', 'paste.bytes', 'paste.lines', 'paste.kept']);

// Can `c` be true when the source `root` was not collected (its matchers are then unknown)?
function canHoldWithoutSource(c, root) {
  if (c.all) return c.all.every((x) => canHoldWithoutSource(x, root));
  if (c.any) return c.any.some((x) => canHoldWithoutSource(x, root));
  if (c.not) return canHoldWithoutSource(c.not, root);
  if (c.paste) return root !== 'paste';
  if (c.fact) return c.fact.path.split('.')[0] !== root || c.fact.ifUnknown === 'true';
  return true;
}

/** The trick's guard always holds when its siblings hold. */
function guarded(siblings, path) {
  if (ALWAYS.has(path)) return siblings.some((s) => !canHoldWithoutSource(s, path.split('.')[0]));
  return siblings.some((s) => !canHoldWithout(s, path));
}

function convert(rule, file, left) {
  const bind = { ...(rule.bind ?? {}) };
  let changed = false;
  const visit = (c) => {
    if (c.all) {
      const siblings = c.all.filter((s) => !isTrick(s));
      const kept = [];
      for (const s of c.all) {
        if (isTrick(s) && guarded(siblings, s.any[1].fact.path) && (bind[s.any[0].fact.as] === undefined || bind[s.any[0].fact.as] === s.any[0].fact.path)) {
          bind[s.any[0].fact.as] = s.any[0].fact.path;
          changed = true;
        } else {
          if (isTrick(s)) left.push(`${file}: ${s.any[0].fact.as} (guard ${s.any[1].fact.path} not required by a sibling)`);
          kept.push(s);
          visit(s);
        }
      }
      c.all = kept;
    } else if (c.any) c.any.forEach(visit);
    else if (c.not) visit(c.not);
  };
  visit(rule.when);
  // An `all` left with one member is that member.
  if (rule.when.all && rule.when.all.length === 1) rule.when = rule.when.all[0];
  const out = {};
  for (const [k, v] of Object.entries(rule)) {
    if (k === 'facts') {
      changed = true;
      continue;
    }
    if (k === 'specificity' && rule.band === undefined) {
      const band = BANDS.find(([, lo, hi]) => v >= lo && v <= hi);
      out.band = band[0];
      changed = true;
    }
    if (k === 'message' && Object.keys(bind).length && rule.bind === undefined) out.bind = bind;
    out[k] = k === 'bind' ? bind : v;
  }
  return { rule: out, changed };
}

const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.json') && !e.name.endsWith('.cases.json')) files.push(p);
  }
};
walk(dir);

const left = [];
let changedFiles = 0;
let before = 0;
let after = 0;
const count = (c) => (isTrick(c) ? 1 : 0) + (c.all ?? c.any ?? []).reduce((n, x) => n + count(x), 0) + (c.not ? count(c.not) : 0);
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const rule = JSON.parse(text);
  before += count(rule.when);
  const { rule: next, changed } = convert(rule, file, left);
  after += count(next.when);
  if (!changed) continue;
  const out = JSON.stringify(next, null, 2) + '\n';
  if (out === text) continue;
  changedFiles++;
  if (!check) writeFileSync(file, out);
}
console.log(`bind-map: ${files.length} rules, ${changedFiles} ${check ? 'would change' : 'changed'}; optional-binding tricks ${before} -> ${after}`);
for (const l of left) console.log(`  kept: ${l}`);
if (check && changedFiles) process.exit(1);
