#!/usr/bin/env node
// The atlas of OpenClaw's own user-facing messages (issue #12 item 1).
//
//   npm run atlas                                   default releases -> knowledge/atlas/atlas.json
//   npm run atlas -- 2026.9.6 2026.8.2              only these releases
//   npm run atlas -- --add 2026.6.11                default releases plus these
//   npm run atlas -- --diff 2026.8.2 2026.9.6       messages added/removed between two releases
//   npm run atlas -- --offline                      never call npm; use .cache/atlas only
//   npm run atlas -- --force                        re-extract even if a per-release cache exists
//   npm run atlas -- --stats                        print counts of the current atlas.json and exit
//   npm run atlas -- --find 'pasted line'           which atlas entries match a line
//
// Releases are fetched with `npm pack openclaw@V` (the npm registry is the only host contacted, two at a
// time) into .cache/atlas/<V>/ and parsed with acorn. See knowledge/atlas/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listVersions, defaultReleases, ensureRelease, mapLimit, compareVersions } from './lib/fetch.mjs';
import { extractRelease } from './lib/release.mjs';
import { KIND_PRIORITY } from './lib/js-extract.mjs';
import { normalise, messageId, toPattern, literalOf } from './lib/pattern.mjs';
import { topicFor } from './lib/select.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = path.join(ROOT, '.cache', 'atlas');
const OUT_DIR = path.join(ROOT, 'knowledge', 'atlas');
const OUT = path.join(OUT_DIR, 'atlas.json');
const README = path.join(OUT_DIR, 'README.md');

function parseArgs(argv) {
  const a = { versions: [], add: [], diff: null, offline: false, force: false, stats: false, json: false, out: OUT, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--diff') {
      a.diff = [argv[++i], argv[++i]];
      if (!a.diff[0] || !a.diff[1]) throw new Error('--diff needs two versions');
    } else if (x === '--add') a.add.push(...String(argv[++i]).split(','));
    else if (x === '--releases') a.versions.push(...String(argv[++i]).split(','));
    else if (x === '--offline') a.offline = true;
    else if (x === '--force') a.force = true;
    else if (x === '--stats') a.stats = true;
    else if (x === '--json') a.json = true;
    else if (x === '--find') a.find = argv[++i];
    else if (x === '--quiet' || x === '-q') a.quiet = true;
    else if (x === '--out') a.out = path.resolve(argv[++i]);
    else if (x === '--help' || x === '-h') {
      process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 14).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
      process.exit(0);
    } else if (/^\d{4}\.\d+\.\d+/.test(x)) a.versions.push(x);
    else throw new Error(`unknown argument: ${x}`);
  }
  return a;
}

const log = (...m) => process.stderr.write('atlas: ' + m.join(' ') + '\n');

async function resolveReleases(args) {
  if (args.versions.length) return [...new Set(args.versions)].sort(compareVersions);
  const versions = await listVersions(CACHE, { offline: args.offline });
  let rel;
  if (versions) rel = defaultReleases(versions);
  else {
    // offline without a cached version list: whatever is unpacked in the cache
    rel = fs.existsSync(CACHE) ? fs.readdirSync(CACHE).filter((d) => /^\d{4}\.\d+\.\d+$/.test(d) && (fs.existsSync(path.join(CACHE, d, 'pkg', '.unpacked')) || fs.existsSync(path.join(CACHE, d, `openclaw-${d}.tgz`)))) : [];
  }
  return [...new Set([...rel, ...args.add])].sort(compareVersions);
}

async function extractAll(releases, args) {
  await mapLimit(releases, 2, (v) => ensureRelease(CACHE, v, { offline: args.offline, log }));
  const out = [];
  for (const v of releases) out.push(extractRelease(path.join(CACHE, v, 'pkg'), v, { cacheDir: CACHE, force: args.force, log }));
  return out;
}

// ---------- merge across releases ----------
function tokens(s) {
  return new Set(
    literalOf(s)
      .toLowerCase()
      .split(/[^a-z0-9_.]+/)
      .filter((w) => w.length > 1),
  );
}
function similarity(a, b) {
  const ta = tokens(a);
  const tb = tokens(b);
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  return inter / Math.max(1, ta.size + tb.size - inter);
}

export function buildAtlas(perRelease) {
  const releases = perRelease.map((r) => r.version).sort(compareVersions);
  const order = new Map(releases.map((v, i) => [v, i]));
  const byKey = new Map();
  // newest first, so the kept text/condition come from the newest release that has the message
  const newestFirst = [...perRelease].sort((a, b) => compareVersions(b.version, a.version));
  for (const rel of newestFirst) {
    for (const m of rel.messages) {
      const key = normalise(m.text);
      let e = byKey.get(key);
      if (!e) {
        e = { key, text: m.text, kind: m.kind, codes: { ...m.codes }, releases: new Set(), where: [], condition: m.condition, i18nKey: m.i18nKey, translations: m.translations };
        byKey.set(key, e);
      } else {
        if (KIND_PRIORITY[m.kind] > KIND_PRIORITY[e.kind]) {
          e.kind = m.kind;
          e.codes = { ...e.codes, ...m.codes };
        } else e.codes = { ...m.codes, ...e.codes };
        if (!e.condition && m.condition) e.condition = m.condition;
        if (!e.i18nKey && m.i18nKey) e.i18nKey = m.i18nKey;
        if (!e.translations && m.translations) e.translations = m.translations;
      }
      e.releases.add(rel.version);
      for (const w of m.where) if (!e.where.some((x) => x.file === w.file && x.fn === w.fn) && e.where.length < 4) e.where.push(w);
    }
  }
  const entries = [...byKey.values()];
  for (const e of entries) {
    e.rel = [...e.releases].sort(compareVersions);
    e.first = order.get(e.rel[0]);
    e.last = order.get(e.rel[e.rel.length - 1]);
  }

  // ---------- families: the same message reworded between releases ----------
  // Candidates: a message that disappears and one that appears right after it (no overlap, adjacent
  // releases), in the same file+function or with the same first two words, with token Jaccard >= 0.5.
  const parent = new Map();
  const find = (x) => {
    while (parent.get(x) !== x) x = parent.get(x);
    return x;
  };
  const union = (a, b) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const e of entries) parent.set(e.key, e.key);
  const groups = new Map();
  const addGroup = (g, e) => {
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(e);
  };
  for (const e of entries) {
    if (e.first === 0 && e.last === releases.length - 1) continue; // present throughout: nothing to link
    for (const w of e.where) addGroup('w:' + w.file + '#' + (w.fn || ''), e);
    const head = literalOf(e.text).toLowerCase().trim().split(/\s+/).slice(0, 2).join(' ');
    if (head.length >= 6) addGroup('h:' + e.kind + ':' + head, e);
  }
  for (const list of groups.values()) {
    if (list.length < 2 || list.length > 60) continue;
    for (const a of list)
      for (const b of list) {
        if (a === b || a.last + 1 !== b.first) continue; // b starts right after a ends
        if (similarity(a.text, b.text) >= 0.5) union(a.key, b.key);
      }
  }
  const famMembers = new Map();
  for (const e of entries) {
    const r = find(e.key);
    if (!famMembers.has(r)) famMembers.set(r, []);
    famMembers.get(r).push(e);
  }

  const messages = entries.map((e) => {
    const id = messageId(e.text);
    const topic = topicFor(e.text, e.where[0]?.file || '', e.kind);
    const m = { id, text: e.text, pattern: toPattern(e.text), kind: e.kind };
    const codes = {};
    for (const k of ['close', 'error', 'detail', 'exit', 'checkId']) if (e.codes[k] !== undefined) codes[k] = e.codes[k];
    if (Object.keys(codes).length) m.codes = codes;
    m.topic = topic;
    m.releases = e.rel;
    m.where = e.where;
    if (e.condition) m.condition = e.condition;
    if (e.i18nKey) m.i18nKey = e.i18nKey;
    if (e.translations) m.translations = e.translations;
    if (/[\u3400-\u9fff]/.test(e.text)) m.lang = 'zh';
    const fam = famMembers.get(find(e.key));
    if (fam.length > 1) {
      const sorted = [...fam].sort((a, b) => a.first - b.first || (a.key < b.key ? -1 : 1));
      m.family = messageId(sorted[0].text);
    }
    if (literalOf(e.text).replace(/\s+/g, '').length < 10) m.weak = true;
    return m;
  });
  const topicOrder = (t) => t;
  messages.sort((a, b) => (topicOrder(a.topic) < topicOrder(b.topic) ? -1 : topicOrder(a.topic) > topicOrder(b.topic) ? 1 : 0) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || normalise(a.text).toLowerCase().localeCompare(normalise(b.text).toLowerCase(), 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // ids must be unique; on the (unlikely) hash clash, suffix
  const seen = new Set();
  for (const m of messages) {
    let id = m.id;
    for (let k = 2; seen.has(id); k++) id = m.id + '-' + k;
    m.id = id;
    seen.add(id);
  }
  return { schemaVersion: 1, releases, messages };
}

export function serialise(atlas) {
  const head = { schemaVersion: atlas.schemaVersion, generator: 'scripts/atlas/extract.mjs', releases: atlas.releases };
  let s = JSON.stringify(head).slice(0, -1) + ',"messages":[\n';
  s += atlas.messages.map((m) => JSON.stringify(m)).join(',\n');
  s += '\n]}\n';
  return s;
}

// ---------- stats ----------
function stats(atlas) {
  const perRelease = Object.fromEntries(atlas.releases.map((v) => [v, 0]));
  const perTopic = {};
  const perKind = {};
  let families = new Set();
  let onlySome = 0;
  for (const m of atlas.messages) {
    for (const v of m.releases) perRelease[v] = (perRelease[v] ?? 0) + 1;
    perTopic[m.topic] = (perTopic[m.topic] ?? 0) + 1;
    perKind[m.kind] = (perKind[m.kind] ?? 0) + 1;
    if (m.family) families.add(m.family);
    if (m.releases.length !== atlas.releases.length) onlySome++;
  }
  return { total: atlas.messages.length, perRelease, perTopic, perKind, families: families.size, onlySome };
}

function statsMarkdown(st) {
  const sortDesc = (o) => Object.entries(o).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  let s = `Total messages: **${st.total}** (${st.onlySome} not in every extracted release; ${st.families} reworded families).\n\n`;
  s += '| release | messages |\n|---|---|\n' + Object.entries(st.perRelease).map(([v, n]) => `| ${v} | ${n} |`).join('\n') + '\n\n';
  s += '| topic | messages |\n|---|---|\n' + sortDesc(st.perTopic).map(([t, n]) => `| ${t} | ${n} |`).join('\n') + '\n\n';
  s += '| kind | messages |\n|---|---|\n' + sortDesc(st.perKind).map(([t, n]) => `| ${t} | ${n} |`).join('\n') + '\n';
  return s;
}

function updateReadmeStats(st) {
  if (!fs.existsSync(README)) return;
  const md = fs.readFileSync(README, 'utf8');
  const a = '<!-- stats:start -->';
  const b = '<!-- stats:end -->';
  const i = md.indexOf(a);
  const j = md.indexOf(b);
  if (i < 0 || j < i) return;
  fs.writeFileSync(README, md.slice(0, i + a.length) + '\n' + statsMarkdown(st) + md.slice(j));
}

// ---------- diff ----------
function diff(atlas, a, b, perRelease) {
  let msgsA;
  let msgsB;
  if (atlas && atlas.releases.includes(a) && atlas.releases.includes(b)) {
    msgsA = atlas.messages.filter((m) => m.releases.includes(a));
    msgsB = atlas.messages.filter((m) => m.releases.includes(b));
  } else {
    const built = buildAtlas(perRelease);
    msgsA = built.messages.filter((m) => m.releases.includes(a));
    msgsB = built.messages.filter((m) => m.releases.includes(b));
  }
  const idsA = new Set(msgsA.map((m) => m.id));
  const idsB = new Set(msgsB.map((m) => m.id));
  const added = msgsB.filter((m) => !idsA.has(m.id));
  const removed = msgsA.filter((m) => !idsB.has(m.id));
  // reworded: removed and added members of one family
  const reworded = [];
  const famAdded = new Map();
  for (const m of added) if (m.family) famAdded.set(m.family, [...(famAdded.get(m.family) || []), m]);
  const usedAdded = new Set();
  const usedRemoved = new Set();
  for (const r of removed) {
    const cands = r.family ? famAdded.get(r.family) : undefined;
    if (cands && cands.length) {
      const n = cands.find((c) => !usedAdded.has(c.id)) || cands[0];
      reworded.push({ from: r, to: n });
      usedAdded.add(n.id);
      usedRemoved.add(r.id);
    }
  }
  return { a, b, added: added.filter((m) => !usedAdded.has(m.id)), removed: removed.filter((m) => !usedRemoved.has(m.id)), reworded };
}

function printDiff(d, json) {
  if (json) {
    const slim = (m) => ({ id: m.id, kind: m.kind, topic: m.topic, text: m.text, file: m.where[0]?.file });
    process.stdout.write(JSON.stringify({ from: d.a, to: d.b, added: d.added.map(slim), removed: d.removed.map(slim), reworded: d.reworded.map((r) => ({ from: slim(r.from), to: slim(r.to) })) }, null, 2) + '\n');
    return;
  }
  const one = (m) => `[${m.topic}/${m.kind}${m.codes?.close ? ' ' + m.codes.close : ''}] ${m.text.replace(/\n/g, '\\n').slice(0, 220)}  (${m.where[0]?.file ?? '?'})`;
  const out = [];
  out.push(`openclaw ${d.a} -> ${d.b}: ${d.added.length} added, ${d.removed.length} removed, ${d.reworded.length} reworded`);
  if (d.reworded.length) {
    out.push('', `Reworded (${d.reworded.length}):`);
    for (const r of d.reworded) out.push(`  - ${one(r.from)}`, `  + ${one(r.to)}`);
  }
  out.push('', `Added (${d.added.length}):`);
  for (const m of d.added) out.push('  + ' + one(m));
  out.push('', `Removed (${d.removed.length}):`);
  for (const m of d.removed) out.push('  - ' + one(m));
  process.stdout.write(out.join('\n') + '\n');
}

async function main() {
  process.stdout.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const args = parseArgs(process.argv.slice(2));
  if (args.stats) {
    const atlas = JSON.parse(fs.readFileSync(args.out, 'utf8'));
    process.stdout.write(statsMarkdown(stats(atlas)));
    return;
  }
  if (args.find !== undefined) {
    // which atlas entries match a pasted line (weak ones last)
    const atlas = JSON.parse(fs.readFileSync(args.out, 'utf8'));
    const hits = atlas.messages.filter((m) => new RegExp(m.pattern, 'i').test(args.find)).sort((x, y) => Number(Boolean(x.weak)) - Number(Boolean(y.weak)) || y.pattern.length - x.pattern.length);
    if (args.json) process.stdout.write(JSON.stringify(hits, null, 2) + '\n');
    else for (const m of hits) process.stdout.write(`${m.id} [${m.topic}/${m.kind}${m.codes ? ' ' + JSON.stringify(m.codes) : ''}]${m.weak ? ' (weak)' : ''} ${m.text.replace(/\n/g, '\\n').slice(0, 200)}\n    releases ${m.releases[0]}..${m.releases[m.releases.length - 1]} (${m.releases.length}/${atlas.releases.length}) at ${m.where.map((w) => w.file + (w.fn ? '#' + w.fn : '')).join(', ')}\n`);
    if (!hits.length) process.exitCode = 1;
    return;
  }
  if (args.diff) {
    const [a, b] = args.diff;
    const atlas = fs.existsSync(args.out) ? JSON.parse(fs.readFileSync(args.out, 'utf8')) : undefined;
    let perRelease = [];
    if (!atlas || !atlas.releases.includes(a) || !atlas.releases.includes(b)) perRelease = await extractAll([a, b].sort(compareVersions), args);
    printDiff(diff(atlas, a, b, perRelease), args.json);
    return;
  }
  const releases = await resolveReleases(args);
  if (!releases.length) throw new Error('no releases to extract');
  log(`releases: ${releases.join(' ')}`);
  const perRelease = await extractAll(releases, args);
  const atlas = buildAtlas(perRelease);
  const text = serialise(atlas);
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  const prev = fs.existsSync(args.out) ? fs.readFileSync(args.out, 'utf8') : '';
  if (prev !== text) fs.writeFileSync(args.out, text);
  const st = stats(atlas);
  if (args.out === OUT) updateReadmeStats(st);
  log(`${st.total} messages across ${releases.length} releases -> ${path.relative(ROOT, args.out)} (${(text.length / 1e6).toFixed(2)} MB${prev === text ? ', unchanged' : ''})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`atlas: ${e.stack || e.message}\n`);
    process.exit(1);
  });
}
