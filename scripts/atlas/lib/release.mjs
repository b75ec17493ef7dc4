// Extract every candidate message of one unpacked release, cached per release and extractor version.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { extractFile, KIND_PRIORITY } from './js-extract.mjs';
import { normalise } from './pattern.mjs';

const LIB_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Hash of the extractor's own sources: a change invalidates the per-release caches. */
export function extractorHash() {
  const h = createHash('sha256');
  for (const f of fs.readdirSync(LIB_DIR).sort()) if (f.endsWith('.mjs')) h.update(f).update(fs.readFileSync(path.join(LIB_DIR, f)));
  return h.digest('hex').slice(0, 12);
}

const OTHER_LOCALES = /^(?:locale-config-hints-)?(ar|de|es|fa|fr|hi|id|it|ja-JP|ja|ko|nl|pl|pt-BR|pt|ru|th|tr|uk|vi|zh-CN|zh-TW)-[\w-]{6,}\.js$/;
const UI_VENDOR = /^(mermaid|ghostty|katex|shiki|highlight|hljs|codemirror|monaco|xterm|prism|vendor|lit-|d3|cytoscape|elk|dagre|brainfuck|chunk-vendor)/i;
const MAX_PLAIN_BYTES = 8 << 20; // minified bundles without region markers above this are duplicates (dist/worker/*)
const MAX_UI_BYTES = 3 << 20;

function* walkFiles(dir, rel = '') {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    const r = rel ? rel + '/' + e.name : e.name;
    if (e.isDirectory()) {
      if (e.name === 'node_modules') continue;
      yield* walkFiles(p, r);
    } else if (e.isFile() && /\.(m?js|cjs)$/.test(e.name)) yield { abs: p, rel: r };
  }
}

/** Plan which files of dist/ are read, and how. */
export function planFiles(pkgDir) {
  const plan = [];
  const skipped = [];
  for (const f of walkFiles(path.join(pkgDir, 'dist'), 'dist')) {
    const size = fs.statSync(f.abs).size;
    const base = path.basename(f.rel);
    const ui = /^dist\/control-ui\//.test(f.rel);
    if (ui) {
      const lm = OTHER_LOCALES.exec(base);
      if (lm) {
        if ((lm[1] === 'zh-CN' || lm[1] === 'zh-TW') && !base.startsWith('locale-config-hints-')) plan.push({ ...f, size, ui: true, locale: lm[1] });
        else skipped.push({ rel: f.rel, why: 'other-language locale table' });
        continue;
      }
      if (/^(locale-config-hints|en-config-hints|config-hints)/.test(base)) {
        skipped.push({ rel: f.rel, why: 'config field help' });
        continue;
      }
      if (UI_VENDOR.test(base) || size > MAX_UI_BYTES) {
        skipped.push({ rel: f.rel, why: 'vendor/large UI chunk' });
        continue;
      }
      if (/\/sw\.js$/.test(f.rel)) continue;
      plan.push({ ...f, size, ui: true });
      continue;
    }
    if (/\/control-ui\//.test(f.rel) || /\/vendor\//.test(f.rel) || /\/(a2ui|export-html|canvas-host)\//.test(f.rel)) {
      skipped.push({ rel: f.rel, why: 'plugin UI / vendored asset' });
      continue;
    }
    plan.push({ ...f, size, ui: false });
  }
  return { plan, skipped };
}

function mergeRecord(map, r) {
  const key = normalise(r.text);
  let e = map.get(key);
  if (!e) {
    e = { text: r.text, kind: r.kind, codes: { ...r.codes }, where: [], condition: r.condition };
    if (r.returnedFrom) e.returnedFrom = [r.returnedFrom];
    if (r.i18nKey) e.i18nKey = r.i18nKey;
    map.set(key, e);
  } else {
    if (KIND_PRIORITY[r.kind] > KIND_PRIORITY[e.kind]) {
      e.kind = r.kind;
      e.codes = { ...e.codes, ...r.codes };
      if (r.condition) e.condition = r.condition;
    } else {
      e.codes = { ...r.codes, ...e.codes };
      if (!e.condition && r.condition) e.condition = r.condition;
    }
    if (!e.i18nKey && r.i18nKey) e.i18nKey = r.i18nKey;
    if (r.returnedFrom && !(e.returnedFrom ||= []).includes(r.returnedFrom)) e.returnedFrom.push(r.returnedFrom);
  }
  if (!e.where.some((w) => w.file === r.file && w.fn === r.fn) && e.where.length < 8) e.where.push(r.fn ? { file: r.file, fn: r.fn } : { file: r.file });
}

function suffixIndex(locale) {
  const idx = new Map();
  for (const [k, v] of locale) {
    const parts = k.split('.');
    for (let i = 0; i < parts.length - 1; i++) {
      const suf = parts.slice(i).join('.');
      const prev = idx.get(suf);
      if (prev === undefined) idx.set(suf, v);
      else if (prev !== v) idx.set(suf, null); // ambiguous
    }
  }
  return idx;
}
function lookupTranslation(idx, key) {
  const parts = key.split('.');
  for (let i = 0; i < parts.length - 1; i++) {
    const v = idx.get(parts.slice(i).join('.'));
    if (v) return v;
    if (v === null) return undefined;
  }
  return undefined;
}

/** Extract one release (uses the cache unless force). Returns {version, messages: Map-like array, stats}. */
export function extractRelease(pkgDir, version, { cacheDir, force = false, log = () => {} } = {}) {
  const cacheFile = path.join(cacheDir, version, `extract.${extractorHash()}.json`);
  if (!force && fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  const t0 = Date.now();
  const { plan, skipped } = planFiles(pkgDir);
  const map = new Map();
  const locales = { 'zh-CN': new Map(), 'zh-TW': new Map() };
  let parsed = 0;
  let bytes = 0;
  const errors = [];
  let bundledFiles = 0;
  const crossCalls = new Map();
  for (const f of plan) {
    const src = fs.readFileSync(f.abs, 'utf8');
    const bundled = src.includes('//#region ');
    if (bundled) bundledFiles++;
    if (!f.ui && !bundled && f.size > MAX_PLAIN_BYTES) {
      skipped.push({ rel: f.rel, why: 'large minified bundle without region markers (duplicates region-marked code)' });
      continue;
    }
    let mapJson;
    if (f.ui && fs.existsSync(f.abs + '.map')) mapJson = fs.readFileSync(f.abs + '.map', 'utf8');
    const res = extractFile({ src, distPath: f.rel, bundled, ui: f.ui, mapJson, collectLocale: Boolean(f.locale) });
    if (res.error) errors.push({ rel: f.rel, error: res.error });
    if (res.parsed) {
      parsed++;
      bytes += f.size;
    }
    if (f.locale) {
      for (const [k, v] of res.locale || []) locales[f.locale].set(k, v);
      continue;
    }
    for (const r of res.records) mergeRecord(map, r);
    for (const [name, c] of res.crossCalls || []) {
      const prev = crossCalls.get(name);
      if (!prev) crossCalls.set(name, { kind: c.kind, codes: { ...c.codes } });
      else if (KIND_PRIORITY[c.kind] > KIND_PRIORITY[prev.kind]) crossCalls.set(name, { kind: c.kind, codes: { ...prev.codes, ...c.codes } });
      else prev.codes = { ...c.codes, ...prev.codes };
    }
  }
  // a sink in one chunk printing the result of a function defined in another chunk: the function's
  // return strings take the sink's kind and codes (e.g. close(1008, describePairingConnectRequirement(...)))
  let crossMarked = 0;
  for (const e of map.values()) {
    if (!e.returnedFrom) continue;
    for (const fn of e.returnedFrom) {
      const c = crossCalls.get(fn);
      if (!c || KIND_PRIORITY[c.kind] <= KIND_PRIORITY[e.kind]) continue;
      e.kind = c.kind;
      e.codes = { ...c.codes, ...e.codes };
      crossMarked++;
    }
    delete e.returnedFrom;
  }
  // translations of Control UI i18n entries
  const idx = { 'zh-CN': suffixIndex(locales['zh-CN']), 'zh-TW': suffixIndex(locales['zh-TW']) };
  for (const e of map.values()) {
    if (!e.i18nKey) continue;
    for (const lang of ['zh-CN', 'zh-TW']) {
      const t = lookupTranslation(idx[lang], e.i18nKey);
      if (t) (e.translations ||= {})[lang] = t;
    }
  }
  const out = {
    version,
    bundled: bundledFiles > 0,
    stats: { files: plan.length, crossMarked, parsed, bytesParsed: bytes, ms: Date.now() - t0, skipped: skipped.length, parseErrors: errors.length },
    skipped,
    errors,
    messages: [...map.values()],
  };
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  for (const old of fs.readdirSync(path.dirname(cacheFile))) if (/^extract\.[0-9a-f]+\.json$/.test(old)) fs.rmSync(path.join(path.dirname(cacheFile), old));
  fs.writeFileSync(cacheFile, JSON.stringify(out));
  log(`${version}: ${out.messages.length} messages from ${parsed} parsed files (${(bytes / 1e6).toFixed(1)} MB) in ${out.stats.ms} ms`);
  return out;
}
