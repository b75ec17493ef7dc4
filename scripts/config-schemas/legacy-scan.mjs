// Text scan of a release's dist/ for legacy/retired/deprecated config-key handling. The rules are
// data literals in every release (LEGACY_CONFIG_RULES entries, rule() helper calls, retired-path
// lists, @deprecated doc comments in the zod schema source), so a scan finds them without
// importing the doctor's module graph.
import fs from 'node:fs';
import path from 'node:path';

const STR = String.raw`"(?:[^"\\\n]|\\.)*"`;
const PATH_ARRAY = String.raw`\[\s*(?:${STR}\s*,\s*)*${STR}\s*,?\s*\]`;
// { path: ["gateway", "token"], message: "..." }   (message may also be a single-quoted string)
const OBJECT_RULE = new RegExp(String.raw`path:\s*(${PATH_ARRAY})\s*,\s*message:\s*(${STR}|'(?:[^'\\\n]|\\.)*')`, 'g');
// rule(["memory", "qmd"], "memory.qmd is retired …")
const CALL_RULE = new RegExp(String.raw`[\w$]+\(\s*(${PATH_ARRAY})\s*,\s*(${STR})`, 'g');
// const SOMETHING_RETIRED_SOMETHING_PATHS = [ [..], [..] ];
const RETIRED_LIST = /(?:const|let|var)\s+([A-Z0-9_$]*RETIRED[A-Z0-9_$]*)\s*=\s*\[/g;
// defineLegacyConfigMigration({ id: "gateway.x", describe: "..."
const MIGRATION = new RegExp(String.raw`id:\s*(${STR})\s*,\s*describe:\s*(${STR})`, 'g');
// /** … @deprecated … */ key:
const DEPRECATED_DOC = /\/\*\*((?:(?!\*\/)[\s\S]){0,800}?@deprecated(?:(?!\*\/)[\s\S]){0,800}?)\*\/\s*(?:"([^"]+)"|([A-Za-z_$][\w$]*))\s*:/g;

const WORDS = /retired|legacy|deprecated|moved|removed|renamed|ignored|no longer|instead|migrat|doctor --fix/i;

function listJs(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!/^(node_modules|control-ui|canvas-host|vendor)$/.test(e.name)) walk(p);
      } else if (/\.(m?js)$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** `//#region src/…` marker before `index`, else the dist-relative file name. */
function sourceOf(src, index, rel) {
  const before = src.lastIndexOf('//#region ', index);
  if (before < 0) return rel;
  const end = src.indexOf('\n', before);
  return src.slice(before + 10, end).trim();
}

export function scanLegacy(dist) {
  const rules = new Map();
  const retired = new Map();
  const migrations = new Map();
  const deprecated = new Map();
  for (const file of listJs(dist)) {
    const stat = fs.statSync(file);
    if (stat.size > 16 << 20) continue;
    const src = fs.readFileSync(file, 'utf8');
    const rel = path.relative(dist, file);
    const isSchemaSource = /zod-schema|schema/.test(rel) || src.includes('//#region src/config/zod-schema');
    if (src.includes('message')) {
      for (const m of src.matchAll(OBJECT_RULE)) addRule(rules, m[1], m[2], sourceOf(src, m.index, rel));
    }
    if (WORDS.test(src)) {
      for (const m of src.matchAll(CALL_RULE)) {
        const msg = parseStr(m[2]);
        if (msg && WORDS.test(msg) && msg.includes('.')) addRule(rules, m[1], m[2], sourceOf(src, m.index, rel));
      }
    }
    if (src.includes('RETIRED')) {
      for (const m of src.matchAll(RETIRED_LIST)) {
        const list = readNestedPathList(src, m.index + m[0].length - 1);
        for (const p of list) {
          const key = `${p}\u0000${m[1]}`;
          if (!retired.has(key)) retired.set(key, { path: p, list: m[1], source: sourceOf(src, m.index, rel) });
        }
      }
    }
    if (src.includes('describe')) {
      for (const m of src.matchAll(MIGRATION)) {
        const id = parseStr(m[1]);
        if (id && !migrations.has(id)) migrations.set(id, { id, describe: parseStr(m[2]), source: sourceOf(src, m.index, rel) });
      }
    }
    if (isSchemaSource && src.includes('@deprecated')) {
      for (const m of src.matchAll(DEPRECATED_DOC)) {
        const src0 = sourceOf(src, m.index, rel);
        if (!/config\/zod-schema|config\/types|zod-schema/.test(src0)) continue;
        const key = m[2] ?? m[3];
        const note = m[1]
          .replace(/^\s*\*\s?/gm, '')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 300);
        const k = `${key}\u0000${note}`;
        if (!deprecated.has(k)) deprecated.set(k, { key, note, source: src0 });
      }
    }
  }
  const byPath = (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return {
    rules: [...rules.values()].sort(byPath),
    retired: [...retired.values()].sort(byPath),
    migrations: [...migrations.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    deprecated: [...deprecated.values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

function addRule(rules, pathText, msgText, source) {
  let segs;
  try {
    segs = JSON.parse(pathText.replace(/,\s*\]$/, ']'));
  } catch {
    return;
  }
  const message = parseStr(msgText);
  if (!message || !Array.isArray(segs) || !segs.length) return;
  const p = segs.join('.');
  const key = `${p}\u0000${message}`;
  if (!rules.has(key)) rules.set(key, { path: p, message, source });
}

function parseStr(text) {
  if (!text) return null;
  try {
    if (text.startsWith("'")) return JSON.parse(`"${text.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Read `[ [..strings..], [..], ... ]` starting at the outer `[`; returns dotted paths. */
function readNestedPathList(src, start) {
  let depth = 0;
  let i = start;
  let inStr = false;
  for (; i < src.length; i++) {
    const ch = src[i];
    if (inStr) {
      if (ch === '\\') i++;
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    else if (ch === '[') depth++;
    else if (ch === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  const text = src.slice(start, i + 1);
  try {
    const arr = JSON.parse(text.replace(/,\s*\]/g, ']'));
    return arr.filter((x) => Array.isArray(x) && x.every((s) => typeof s === 'string')).map((x) => x.join('.'));
  } catch {
    return [];
  }
}
