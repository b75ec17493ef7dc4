#!/usr/bin/env node
// Atlas coverage (issue #12 item 2): every atlas message mapped to a cause is filled with plausible
// values, pasted alone (a close reason as the CLI prints it: `gateway closed (code): reason`) into the built doctor (in this process, from dist/), and counted as a hit when
// the top finding names the mapped cause (its rule id, its category, or the rule's declared `cause`).
//
//   npm run atlas:coverage                  # share per topic + totals, misses listed
//   npm run atlas:coverage -- --json        # machine-readable
//   npm run atlas:coverage -- --category tls  # only causes in these categories (repeatable)
//   npm run atlas:coverage -- --not         # also paste the `not` messages: which ones draw a finding
//   npm run atlas:coverage -- --min 0.98    # exit 1 below this share
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { classify, loadAtlas, loadCauses, ROOT } from './causes.mjs';
import { pasteFor } from './fill.mjs';

const args = process.argv.slice(2);
const flag = (n) => args.includes(n);
const values = (n) => args.flatMap((a, i) => (a === n && args[i + 1] ? [args[i + 1]] : []));
const dist = join(ROOT, 'dist');
if (!existsSync(join(dist, 'engine', 'evaluate.js'))) {
  console.error('atlas:coverage: run `npm run build` first (dist/ is missing)');
  process.exit(2);
}
const load = (p) => import(pathToFileURL(join(dist, p)).href);
const { loadBuiltinRules } = await load('rules/load.js');
const { pasteFromString } = await load('collectors/paste/read.js');
const { evaluate } = await load('engine/evaluate.js');

const rules = await loadBuiltinRules();
const byId = new Map(rules.map((r) => [r.id, r]));

/** Top finding of one paste, evaluated as `--no-probe --log -` would with no config or env. */
export async function topFinding(text) {
  const facts = { flags: {}, paste: await pasteFromString(text) };
  return evaluate(rules, facts).findings[0];
}

/** The finding is the mapped rule, its category, or a rule of the same registered cause (rules/causes.json). */
function names(finding, cause) {
  if (!finding) return false;
  const shared = byId.get(finding.ruleId)?.cause;
  return finding.ruleId === cause || finding.category === cause || (shared !== undefined && (shared === cause || shared === byId.get(cause)?.cause));
}

const onlyCats = values('--category');
const rows = classify(loadAtlas(), loadCauses());
const mapped = rows.filter((r) => r.entry?.cause && (!onlyCats.length || onlyCats.includes(r.entry.cause.split('/')[0])));
const perTopic = {};
const misses = [];
for (const r of mapped) {
  const paste = pasteFor(r.message);
  const top = await topFinding(paste);
  const hit = names(top, r.entry.cause);
  const t = (perTopic[r.message.topic] ??= { n: 0, hit: 0 });
  t.n++;
  if (hit) t.hit++;
  else misses.push({ id: r.message.id, topic: r.message.topic, cause: r.entry.cause, got: top?.ruleId ?? '(no finding)', paste: paste.slice(0, 200) });
}
const notFiring = [];
if (flag('--not')) {
  for (const r of rows.filter((x) => x.entry?.not)) {
    const top = await topFinding(pasteFor(r.message));
    if (top) notFiring.push({ id: r.message.id, not: r.entry.not, got: top.ruleId, text: r.message.text.slice(0, 160) });
  }
}
const hits = mapped.length - misses.length;
const share = mapped.length ? hits / mapped.length : 1;
const pct = (x) => `${(x * 100).toFixed(1)} %`;
if (flag('--json')) {
  console.log(JSON.stringify({ mapped: mapped.length, hits, share, perTopic, misses, notFiring }, null, 2));
} else {
  for (const m of misses) console.log(`miss  ${m.id}  ${m.cause.padEnd(40)} got ${m.got.padEnd(44)} ${JSON.stringify(m.paste)}`);
  for (const n of notFiring) console.log(`not   ${n.id}  (${n.not}) got ${n.got}: ${JSON.stringify(n.text)}`);
  console.log('');
  for (const [t, s] of Object.entries(perTopic).sort()) console.log(`  ${t.padEnd(12)} ${String(s.hit).padStart(5)}/${String(s.n).padEnd(5)} ${pct(s.hit / s.n)}`);
  const notCount = rows.filter((r) => r.entry?.not).length;
  console.log(`\natlas messages: ${rows.length}; mapped to a cause: ${rows.filter((r) => r.entry?.cause).length}; not a connection problem: ${notCount}; unmapped: ${rows.filter((r) => !r.entry).length}`);
  console.log(`pasted alone, top finding names the cause: ${hits}/${mapped.length} (${pct(share)})${onlyCats.length ? ` [categories: ${onlyCats.join(', ')}]` : ''}`);
  if (flag('--not')) console.log(`'not' messages that draw a finding: ${notFiring.length}`);
}
const min = Number(values('--min')[0] ?? 0);
process.exit(share < min ? 1 : 0);
