// Every regex that runs on pasted text outside the rules (issue #9 §2): the paste reader, its
// structured-output readers and follow mode, the paste derive stage, the undiagnosed answer's
// recognisers, redaction over echoed text, and the lexicons' line patterns (data). Found by
// walking the source, not by a hand-kept list: a regex literal or a `new RegExp(...)` whose source
// is built from constants in the same module is read here; a `RegExp(...)` over anything else must
// be one of DATA_SITES below (its patterns are read from the data it compiles), else `unresolved`
// names it and the shape test fails. Used by test/paste/reader-regex-shapes.test.ts and by
// scripts/bench-redos.mjs (reader section).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { simple } from 'acorn-walk';
import { transformSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Source files and folders whose regexes see pasted text. */
export const READER_SOURCES = [
  'src/collectors/paste',
  'src/derive/paste.ts',
  'src/derive/text-shape.ts',
  'src/engine/fallback',
  'src/shared/redact.ts',
  'src/shared/gateway-owners.ts',
];

/**
 * `RegExp(...)` calls over data rather than constants: file, the argument's text, and how to get
 * the patterns it compiles (all case-insensitive). A new data site must be added here.
 */
export const DATA_SITES = [
  { file: 'src/engine/fallback/recognise.ts', arg: 'n.regex', patterns: lexiconPatterns },
  { file: 'src/engine/fallback/recognise.ts', arg: 'source', patterns: lexiconPatterns },
  { file: 'src/engine/fallback/recognise.ts', arg: 'n.unless', patterns: lexiconPatterns },
  { file: 'src/engine/fallback/rank.ts', arg: 'r', patterns: lexiconPatterns },
  { file: 'src/engine/fallback/answer.ts', arg: 'r', patterns: lexiconPatterns },
  // Follow mode's failure-line gate: the lexicons' complaint phrases, escaped, as one alternation per list.
  { file: 'src/engine/fallback/recognise.ts', arg: 'xs.map(escapeRe).join("|")', patterns: complaintPatterns },
  // Whose gateway (src/derive/owner.ts): the markers of knowledge/gateway-owners.json, and `any`, their alternation.
  { file: 'src/shared/gateway-owners.ts', arg: 'm.regex', patterns: ownerPatterns },
  { file: 'src/shared/gateway-owners.ts', arg: 'raw.upstreamFailure', patterns: ownerPatterns },
  { file: 'src/shared/gateway-owners.ts', arg: 'raw.clientClose', patterns: ownerPatterns },
  { file: 'src/shared/gateway-owners.ts', arg: 'p.regex', patterns: ownerPatterns },
  { file: 'src/shared/gateway-owners.ts', arg: 'p.own', patterns: ownerPatterns },
  { file: 'src/shared/gateway-owners.ts', arg: 'p.except', patterns: ownerPatterns },
  { file: 'src/shared/gateway-owners.ts', arg: 'raw.gatewayWords.denied', patterns: ownerPatterns },
  { file: 'src/shared/gateway-owners.ts', arg: 'raw.gatewayWords.regex', patterns: ownerPatterns },
  { file: 'src/shared/gateway-owners.ts', arg: '`\\\\s?(?:${raw.gatewayWords.regex})`', patterns: ownerPatterns },
  { file: 'src/shared/gateway-owners.ts', arg: '[...openclaw, ...others].map((m) => `(?:${m.re.source})`).join("|")', patterns: ownerPatterns },
  // Describes or reports (src/derive/text-shape.ts): the lexicons' guideText.shape entries, each with its flags.
  { file: 'src/derive/text-shape.ts', arg: 'e', patterns: shapePatterns },
  { file: 'src/derive/text-shape.ts', arg: 'e.regex', patterns: shapePatterns },
];

/** The lexicons' complaint and complaintNamed phrases, escaped and joined as recognise.ts's failureLines joins them (`i`). */
export function complaintPatterns(root = ROOT) {
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lists = { complaint: [], complaintNamed: [] };
  const dir = join(root, 'lexicon');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    for (const key of Object.keys(lists)) lists[key].push(...(doc[key] ?? []));
  }
  return Object.entries(lists).filter(([, xs]) => xs.length).map(([key, xs]) => ({ where: `lexicon/*.json ${key} (alternation)`, source: xs.map(esc).join('|'), flags: 'i' }));
}

/** The lexicons' shape words (lexicon/*.json guideText.shape): a string with `i`, an object with its own flags. */
export function shapePatterns(root = ROOT) {
  const out = [];
  const dir = join(root, 'lexicon');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const shape = JSON.parse(readFileSync(join(dir, name), 'utf8')).guideText?.shape;
    if (!shape) continue;
    const lists = [['reports', shape.reports ?? []], ['headings', shape.headings ?? []], ['pairs.if', shape.pairs?.if ?? []], ['pairs.do', shape.pairs?.do ?? []], ...Object.entries(shape.describes ?? {}).map(([k, v]) => [`describes.${k}`, v]), ...Object.entries(shape.modes ?? {}).map(([k, v]) => [`modes.${k}`, v])];
    for (const [key, entries] of lists) {
      for (const [i, e] of entries.entries()) out.push({ where: `lexicon/${name} guideText.shape.${key}[${i}]`, source: typeof e === 'string' ? e : e.regex, flags: typeof e === 'string' ? 'i' : e.flags });
    }
  }
  return out;
}

/** The owner markers of knowledge/gateway-owners.json (OpenClaw's with `im`, the others' and the upstream checks with `i`). */
export function ownerPatterns(root = ROOT) {
  const doc = JSON.parse(readFileSync(join(root, 'knowledge', 'gateway-owners.json'), 'utf8'));
  const where = 'knowledge/gateway-owners.json';
  const out = doc.openclaw.map((m) => ({ where: `${where} openclaw ${m.what}`, source: m.regex, flags: 'im' }));
  out.push({ where: `${where} upstreamFailure`, source: doc.upstreamFailure, flags: 'i' }, { where: `${where} clientClose`, source: doc.clientClose, flags: 'i' });
  out.push({ where: `${where} gatewayWords`, source: doc.gatewayWords.regex, flags: '' }, { where: `${where} gatewayWords.denied`, source: doc.gatewayWords.denied, flags: '' }, { where: `${where} gatewayWords (replace)`, source: `\\s?(?:${doc.gatewayWords.regex})`, flags: 'g' });
  for (const c of doc.others) {
    for (const p of c.products) {
      out.push({ where: `${where} ${p.name}`, source: p.regex, flags: p.caseSensitive ? '' : 'i' });
      if (p.own) out.push({ where: `${where} ${p.name}.own`, source: p.own, flags: 'i' });
      if (p.except) out.push({ where: `${where} ${p.name}.except`, source: p.except, flags: p.caseSensitive ? '' : 'i' });
    }
  }
  return out;
}

/** The lexicons' notGateway, ruledOut, needs, names, gatewayHarmed, exactNotAfter and featureText patterns (lexicon/*.json), compiled with `i`. */
export function lexiconPatterns(root = ROOT) {
  const out = [];
  const dir = join(root, 'lexicon');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    for (const key of ['notGateway', 'ruledOut', 'needs']) {
      for (const [i, entry] of (doc[key] ?? []).entries()) {
        out.push({ where: `lexicon/${name} ${key}[${i}]`, source: entry.regex, flags: 'i' });
        if (entry.unless) out.push({ where: `lexicon/${name} ${key}[${i}].unless`, source: entry.unless, flags: 'i' });
      }
    }
    for (const key of ['names', 'gatewayHarmed', 'exactNotAfter']) {
      for (const [i, source] of (doc[key] ?? []).entries()) out.push({ where: `lexicon/${name} ${key}[${i}]`, source, flags: 'i' });
    }
    for (const key of ['marks', 'firstPerson']) {
      for (const [i, source] of (doc.guideText?.[key] ?? []).entries()) out.push({ where: `lexicon/${name} guideText.${key}[${i}]`, source, flags: 'i' });
    }
    for (const key of ['opens', 'asks', 'serves', 'advisory', 'reports']) {
      for (const [i, source] of (doc.featureText?.[key] ?? []).entries()) out.push({ where: `lexicon/${name} featureText.${key}[${i}]`, source, flags: 'i' });
    }
  }
  return out;
}

function filesUnder(rel, root) {
  const abs = join(root, rel);
  // An older checkout (`root`) may not have every source yet (gateway-owners.ts is newer than the bench's first
  // versions); this checkout must (a renamed source fails here instead of dropping out of the shape test).
  if (root !== ROOT && !existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs).sort().flatMap((n) => filesUnder(join(rel, n), root)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
}

/** Evaluates a string expression from literals, templates, String.raw, `+` and module constants. */
function evaluator(program, code) {
  const consts = new Map();
  for (const stmt of program.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init);
  }
  const ev = (node) => {
    switch (node.type) {
      case 'Literal':
        return typeof node.value === 'string' ? node.value : undefined;
      case 'Identifier':
        return consts.has(node.name) ? ev(consts.get(node.name)) : undefined;
      case 'BinaryExpression': {
        if (node.operator !== '+') return undefined;
        const [a, b] = [ev(node.left), ev(node.right)];
        return a === undefined || b === undefined ? undefined : a + b;
      }
      case 'TemplateLiteral':
        return template(node, (q) => q.value.cooked);
      case 'TaggedTemplateExpression': {
        const t = node.tag;
        const raw = t.type === 'MemberExpression' && t.object.name === 'String' && t.property.name === 'raw';
        return raw ? template(node.quasi, (q) => q.value.raw) : undefined;
      }
      default:
        return undefined;
    }
  };
  const template = (node, text) => {
    let out = text(node.quasis[0]);
    for (let i = 0; i < node.expressions.length; i++) {
      const v = ev(node.expressions[i]);
      if (v === undefined) return undefined;
      out += v + text(node.quasis[i + 1]);
    }
    return out;
  };
  return (node) => ev(node) ?? undefined;
}

/**
 * All reader regexes: `{ where, source, flags }` per pattern (where = file:line or the data entry),
 * and `unresolved`: RegExp calls whose source could not be read (must be empty). `root`: another
 * checkout's folder (src/ and lexicon/), e.g. to bench an older version.
 */
export function readerRegexes(root = ROOT) {
  const patterns = [];
  const unresolved = [];
  const dataUsed = new Set();
  const files = READER_SOURCES.flatMap((r) => filesUnder(r, root));
  for (const file of files) {
    const ts = readFileSync(join(root, file), 'utf8');
    const { code } = transformSync(ts, { loader: 'ts', format: 'esm', target: 'esnext' });
    const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
    const ev = evaluator(program, code);
    // esbuild drops comments and types, so lines are found again in the TypeScript by the node's text.
    const at = (node) => {
      const i = ts.indexOf(code.slice(node.start, Math.min(node.end, node.start + 60)));
      return i < 0 ? `${file} (js line ${node.loc.start.line})` : `${file}:${ts.slice(0, i).split('\n').length}`;
    };
    const onCall = (node) => {
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'RegExp') return;
      const [src, flags] = node.arguments;
      const source = src ? ev(src) : undefined;
      const f = flags === undefined ? '' : ev(flags);
      if (source !== undefined && f !== undefined) return void patterns.push({ where: at(node), source, flags: f });
      const arg = src ? code.slice(src.start, src.end) : '';
      const site = DATA_SITES.find((d) => d.file === file && d.arg === arg);
      if (site) dataUsed.add(site);
      else unresolved.push(`${at(node)}: RegExp(${arg})`);
    };
    simple(program, {
      Literal(node) {
        if (node.regex) patterns.push({ where: at(node), source: node.regex.pattern, flags: node.regex.flags });
      },
      NewExpression: onCall,
      CallExpression: onCall,
    });
  }
  // Sites that compile the same data (one function) add its patterns once.
  for (const read of new Set([...dataUsed].map((s) => s.patterns))) patterns.push(...read(root));
  return { patterns, unresolved, files };
}
