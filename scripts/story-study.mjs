#!/usr/bin/env node
// The story facts (src/derive/story.ts) over corpus sets: how often each combination the story rules
// read holds on connection cases (by label) and on negatives, per set — the transfer check of
// notes/holdout.md Round 24c. Reads only the sets named; never run it on a fresh set (it prints ids).
//
//   npm run build && node scripts/story-study.mjs fixtures/corpus/holdout1{0,1}.jsonl [--ids] [--base DIR]
//
// --ids lists each case's story; --base DIR (per-set `scripts/eval.mjs --json` outputs named <set>.json)
// marks the cases that set's eval left silent.
import { readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { deriveTextKind } = await import(join(root, 'dist', 'derive', 'text-kind.js'));
const { deriveStory } = await import(join(root, 'dist', 'derive', 'story.js'));
const { deriveOwner } = await import(join(root, 'dist', 'derive', 'owner.js'));

const args = process.argv.slice(2);
const showIds = args.includes('--ids');
const baseAt = args.indexOf('--base');
const baseDir = baseAt >= 0 ? args[baseAt + 1] : undefined;
const files = args.filter((a, i) => a.endsWith('.jsonl') && (baseAt < 0 || i !== baseAt + 1));

/** The combinations the story rules read (rules/gateway-down/story-*.json). */
const has = (s, dim, values) => (s?.[dim] ?? []).some((m) => values.includes(m.is));
export const COMBOS = {
  insideRestart: (s) => has(s, 'actor', ['agent', 'updater']) && has(s, 'action', ['restart', 'stop', 'update', 'config-edit']) && has(s, 'gatewayState', ['down', 'restarting-loop', 'unreachable']),
  downAfter: (s) => has(s, 'after', ['update', 'config-change', 'reboot', 'sleep', 'redeploy']) && has(s, 'gatewayState', ['down', 'restarting-loop']),
  panel: (s) => has(s, 'actor', ['panel']) && has(s, 'gatewayState', ['down', 'not-installed', 'unreachable']),
  anyState: (s) => has(s, 'gatewayState', ['down', 'restarting-loop', 'unreachable', 'not-installed', 'other-port']),
  downOpenclaw: (s) => s?.owner === 'openclaw' && has(s, 'gatewayState', ['down', 'not-installed']),
  downNotOther: (s) => s?.owner !== 'other' && has(s, 'gatewayState', ['down', 'not-installed']),
  downOpenclawPlus: (s) => s?.owner === 'openclaw' && has(s, 'gatewayState', ['down', 'not-installed', 'restarting-loop']) && ((s?.supervisor ?? []).length > 0 || has(s, 'actor', ['agent', 'updater', 'panel', 'paas']) || (s?.after ?? []).length > 0),
  downState: (s) => has(s, 'gatewayState', ['down', 'not-installed']),
  downWithActor: (s) => has(s, 'gatewayState', ['down', 'not-installed', 'restarting-loop']) && has(s, 'actor', ['agent', 'updater', 'panel', 'paas']),
  downWithSupervisor: (s) => has(s, 'gatewayState', ['down', 'not-installed', 'restarting-loop']) && (s?.supervisor ?? []).length > 0,
  // Round 25c: process-level causes (rules gateway-down/story-gateway-killed, config-parse/story-config-refused; port-bind/story-gateway-held was dropped by the lead: 0 readable gain, −1 top-1 on a fresh set).
  killed: (s) => s?.owner === 'openclaw' && (has(s, 'gatewayState', ['killed']) || (has(s, 'actor', ['watchdog']) && has(s, 'gatewayState', ['down', 'restarting-loop', 'unreachable']))),
  held: (s) => s?.owner === 'openclaw' && has(s, 'gatewayState', ['held']),
  configRefused: (s) => s?.owner === 'openclaw' && has(s, 'gatewayState', ['config-refused']),
  downWithAction: (s) => has(s, 'gatewayState', ['down', 'not-installed']) && has(s, 'action', ['restart', 'stop', 'update', 'install', 'config-edit', 'redeploy']),
};

/** A combination's rule category when it is not gateway-down. */
const CATEGORY = { held: 'port-bind', configRefused: 'config-parse' };

for (const f of files) {
  const set = basename(f, '.jsonl');
  const cases = readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const silent = new Map();
  const flagged = new Set();
  const base = baseDir && join(baseDir, `${set}.json`);
  if (base && existsSync(base)) {
    const b = JSON.parse(readFileSync(base, 'utf8'));
    for (const m of b.misses) if (m.got[0] === '(no finding)') silent.set(m.id, m.expected.split('|'));
    for (const f of b.falsePositiveCases) flagged.add(f.id);
  }
  const rows = {};
  for (const c of cases) {
    const lines = String(c.log ?? '').split('\n').map((text, i) => ({ line: i + 1, text }));
    const kind = deriveTextKind(lines);
    const { story: told } = deriveStory(lines, kind);
    const story = told && { ...told, owner: deriveOwner(lines).gatewayOwner };
    // What the combination's finding (its rule's category) would do: answer a silent case (right or wrong
    // category), or flag a negative that had no finding (a new FP) or already had one.
    const neg = c.category === 'not-connection';
    for (const [name, test] of Object.entries(COMBOS)) {
      if (!test(story)) continue;
      const cat = CATEGORY[name] ?? 'gateway-down';
      const outcome = neg ? (flagged.has(c.id) ? 'neg-already-flagged' : 'neg-NEW-FP') : silent.has(c.id) ? (silent.get(c.id).includes(cat) ? 'silent-answered-right' : 'silent-answered-wrong') : 'conn-had-findings';
      const key = `${name}\t${outcome}`;
      rows[key] = (rows[key] ?? 0) + 1;
    }
    const label = neg ? 'NEG' : c.category;
    if (showIds && story) console.log(`${set}\t${c.id}\t${label}${silent.has(c.id) ? '\tSILENT' : ''}${flagged.has(c.id) ? '\tFP' : ''}\t${Object.entries(story).filter(([d]) => d !== 'owner').map(([d, ms]) => `${d}=${ms.map((m) => m.is).join(',')}`).join(' ')}`);
  }
  for (const [k, n] of Object.entries(rows).sort()) console.log(`${set}\t${k}\t${n}`);
}
