#!/usr/bin/env node
// OpenClaw's Control UI ships its connection-failure texts in ~18 languages (dist/control-ui/assets/
// <locale>-<hash>.js). This reads them from the installed releases with a JavaScript parser and writes
// lexicon/<language>.control-ui.json: each localised text → the rule that explains it, used as exact
// line matches by the fallback (src/engine/fallback/). A new release or language is one run away:
//   node scripts/lexicon/control-ui-strings.mjs [release dirs…]   (default: ~/.cache/clawkit-oc/oc-*)
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'acorn';

const root = resolve(import.meta.dirname, '..', '..');
const cache = join(homedir(), '.cache', 'clawkit-oc');
const releases = process.argv.slice(2).length
  ? process.argv.slice(2)
  : existsSync(cache) ? readdirSync(cache).filter((d) => /^oc-\d{4}\./.test(d)).sort().map((d) => join(cache, d, 'node_modules', 'openclaw')) : [];

// Which text of the Control UI's connect-failure panels names which cause. Keys are paths under
// the object that holds the panels (2026.4–6.x: overview.{auth,pairing,insecure}; 9.x: {authRequired,…}).
const MAP = {
  'auth.required': 'token-auth/gateway-token-missing',
  'auth.failed': 'token-auth/gateway-token-mismatch',
  'pairing.hint': 'pairing/control-ui-new-browser',
  'pairing.scopeUpgradeSummary': 'pairing/scope-upgrade-pending',
  'pairing.roleUpgradeSummary': 'pairing/scope-upgrade-pending',
  'insecure.hint': 'secure-context/control-ui-insecure-context',
  'authRequired.title': 'token-auth/gateway-token-missing',
  'authRequired.passwordTitle': 'token-auth/gateway-password-rejected',
  'authRequired.summary': 'token-auth/gateway-token-missing',
  'authFailed.title': 'token-auth/gateway-token-mismatch',
  'authFailed.summary': 'token-auth/gateway-token-mismatch',
  'trustedProxy.title': 'trusted-proxy/trusted-proxy-auth-rejected',
  'trustedProxy.summary': 'trusted-proxy/trusted-proxy-auth-rejected',
  'rateLimited.title': 'rate-limit/auth-rate-limited',
  'rateLimited.summary': 'rate-limit/auth-rate-limited',
  'pairing.title': 'pairing/control-ui-new-browser',
  'pairing.summary': 'pairing/control-ui-new-browser',
  'pairing.scopeTitle': 'pairing/scope-upgrade-pending',
  'pairing.roleTitle': 'pairing/scope-upgrade-pending',
  'pairing.upgradeSummary': 'pairing/scope-upgrade-pending',
  'insecure.title': 'secure-context/control-ui-insecure-context',
  'insecure.summary': 'secure-context/control-ui-insecure-context',
  'origin.title': 'origin/origin-not-allowed',
  'origin.summary': 'origin/origin-not-allowed',
  'protocol.summary': 'other/protocol-mismatch',
  'network.summary': 'gateway-down/gateway-not-answering',
};

function keyName(k) {
  return k.type === 'Identifier' ? k.name : String(k.value);
}

/** Every string under an object literal, by dotted path. */
function strings(node, prefix, out) {
  for (const p of node.properties ?? []) {
    if (p.type !== 'Property') continue;
    const path = prefix ? `${prefix}.${keyName(p.key)}` : keyName(p.key);
    const v = p.value;
    if (v.type === 'ObjectExpression') strings(v, path, out);
    else if (v.type === 'Literal' && typeof v.value === 'string') out.set(path, v.value);
    else if (v.type === 'TemplateLiteral' && v.expressions.length === 0) out.set(path, v.quasis[0].value.cooked);
  }
  return out;
}

/** The most specific literal part of a text with {placeholders}: the longest piece, trimmed. */
function literalPart(text) {
  const pieces = text.split(/\{[^}]*\}/).map((s) => s.trim().replace(/^[,.;:，。；：、\s]+|[,.;:，。；：、\s]+$/g, ''));
  const best = pieces.sort((a, b) => [...b].length - [...a].length)[0] ?? '';
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(best);
  return [...best].length >= (cjk ? 4 : 12) ? best : undefined;
}

const byLanguage = new Map();
for (const rel of releases) {
  const dir = join(rel, 'dist', 'control-ui', 'assets');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) {
    const m = /^([a-z]{2}(?:-[A-Z]{2})?)-[\w-]{8}\.js$/.exec(f);
    if (!m) continue;
    const language = m[1].startsWith('zh') ? 'zh' : m[1].split('-')[0];
    const ast = parse(readFileSync(join(dir, f), 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' });
    const all = new Map();
    for (const obj of rootObjects(ast)) strings(obj, '', all);
    const exact = byLanguage.get(language) ?? new Map();
    for (const [path, text] of all) {
      const suffix = Object.keys(MAP).find((k) => path.endsWith(`.${k}`) && isPanel(all, path, k));
      if (!suffix) continue;
      const part = literalPart(text);
      if (part && !exact.has(part)) exact.set(part, MAP[suffix]);
    }
    byLanguage.set(language, exact);
  }
}

/** Object literals that are not a property of another one (`var e={…}`, `r={…}` inside a lazy init). */
function rootObjects(node, out = []) {
  if (!node || typeof node !== 'object') return out;
  if (node.type === 'ObjectExpression') {
    out.push(node);
    return out;
  }
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) for (const c of v) rootObjects(c, out);
    else if (v && typeof v === 'object' && typeof v.type === 'string') rootObjects(v, out);
  }
  return out;
}

/** The panels' parent holds both `insecure` and `pairing` (so `pairing.title` of a channel page never counts). */
function isPanel(all, path, key) {
  const parent = path.slice(0, path.length - key.length - 1);
  return all.has(`${parent}.insecure.hint`) || all.has(`${parent}.insecure.title`);
}

for (const [language, exact] of byLanguage) {
  if (language === 'en' || !exact.size) continue;
  const file = join(root, 'lexicon', `${language}.control-ui.json`);
  const doc = {
    language,
    description: `Generated by scripts/lexicon/control-ui-strings.mjs from OpenClaw's Control UI locale files (${releases.map((r) => r.match(/oc-([\d.]+)/)?.[1]).filter(Boolean).join(', ')}): the connect-failure panels' texts → the rule that explains them. Do not edit; re-run the script.`,
    exact: Object.fromEntries([...exact].sort((a, b) => a[0].localeCompare(b[0]))),
  };
  writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  console.log(`${language}: ${exact.size} texts -> lexicon/${language}.control-ui.json`);
}
