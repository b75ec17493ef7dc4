#!/usr/bin/env node
// Codemod (issue #10 "one axis"): every rule lives in `rules/<category>/`. A rule found in a folder
// other than its category (the old fact-source folders config/ env/ probe/ version/, or a rule whose
// category changed) is moved there with its cases and any file beside it named `<name>.*`, and its
// old id is rewritten everywhere the repository names it.
//
// Driven by scripts/codemods/rule-moves.json (old id → new id). A rule that is out of place and not
// in that file gets an entry here: `<category>/<name>`, or `<category>/<name>-<old folder>` when the
// name is taken. Every move is recorded in rules/renamed.json (shipped), so old ids keep working.
//
// Re-runnable and idempotent: run it again after merging branches that add or edit rules; a tree
// with nothing out of place and no old id left is not touched. A line containing `codemod:keep`
// is never rewritten (tests that name an old id on purpose). notes/ is history and keeps its ids.
//
//   node scripts/codemods/move-rules.mjs [--plan | --check | --dry-run]
//   --plan: only choose the new ids of rules out of place (writes rule-moves.json, moves nothing);
//   --dry-run: list what would change; --check: the same, exit 1 if anything would.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const check = args.includes('--check');
const planOnly = args.includes('--plan');
const dryRun = check || args.includes('--dry-run');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RULES = join(ROOT, 'rules');
const MOVES_FILE = join(ROOT, 'scripts', 'codemods', 'rule-moves.json');
const RENAMED_FILE = join(RULES, 'renamed.json');
// Keep in step with RULES_META_FILES in src/rules/renamed.ts.
const META = new Set(['renamed.json', 'causes.json']);
const CASES = '.cases.json';

/** Files whose ids are not ours to rewrite: the tables themselves, history, measurement sets. */
const SKIP_FILE = [/^notes\//, /^CHANGELOG/, /^rules\/renamed\.json$/, /^scripts\/codemods\/(rule-moves\.json|move-rules\.mjs)$/, /^fixtures\/corpus\/holdout/, /^knowledge\/atlas\/atlas\.json$/, /^knowledge\/config-schemas\//, /^schema\/vendor\//, /^lexicon\//];
const TEXT = /\.(ts|mts|mjs|cjs|js|json|json5|jsonl|md|ya?ml)$/;

const readJson = (f, fallback) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : fallback);
// Unchanged files are not rewritten: the rules bundle's staleness check reads mtimes.
const writeJson = (f, data) => {
  const text = JSON.stringify(data, null, 2) + '\n';
  if (!existsSync(f) || readFileSync(f, 'utf8') !== text) writeFileSync(f, text);
};
const sorted = (obj) => Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Every rule in the catalogue: its file, folder, id and category. */
function scanRules() {
  const out = [];
  for (const folder of readdirSync(RULES, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const f of readdirSync(join(RULES, folder.name)).sort()) {
      if (!f.endsWith('.json') || f.endsWith(CASES)) continue;
      const file = join(RULES, folder.name, f);
      const rule = JSON.parse(readFileSync(file, 'utf8'));
      out.push({ file, folder: folder.name, name: f.slice(0, -'.json'.length), id: rule.id, category: rule.category });
    }
  }
  for (const f of readdirSync(RULES)) {
    if (f.endsWith('.json') && !f.endsWith(CASES) && !META.has(f)) throw new Error(`rules/${f}: a rule at the top of rules/ (move it into rules/<category>/ by hand)`);
  }
  return out;
}

/** old id → new id for every rule out of place; keeps the recorded choice while it still fits. */
function plan(rules, moves) {
  const staying = new Set(rules.filter((r) => r.folder === r.category).map((r) => r.id));
  // Not an id a rule had before, nor a registered cause (a cause is never a rule id).
  const causes = Object.keys(readJson(join(RULES, 'causes.json'), { causes: {} }).causes);
  const taken = new Set([...staying, ...Object.keys(readJson(RENAMED_FILE, { renamed: {} }).renamed), ...causes]);
  const chosen = {};
  for (const r of rules.filter((x) => x.folder !== x.category)) {
    if (r.id !== `${r.folder}/${r.name}`) throw new Error(`${relative(ROOT, r.file)}: id ${r.id} does not match its file (fix by hand first)`);
    const recorded = moves[r.id];
    let target = recorded && recorded.startsWith(`${r.category}/`) && !taken.has(recorded) ? recorded : undefined;
    if (!target) {
      const base = `${r.category}/${r.name}`;
      const fileFree = (id) => !existsSync(join(RULES, `${id}.json`));
      const candidates = [base, `${base}-${r.folder}`, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${base}-${r.folder}-${n}`)];
      target = candidates.find((c) => !taken.has(c) && fileFree(c));
      if (!target) throw new Error(`${r.id}: no free name in rules/${r.category}/`);
    }
    taken.add(target);
    chosen[r.id] = target;
  }
  return chosen;
}

/** Move a rule's files: `<name>.json`, `<name>.cases.json` and anything else named `<name>.*`. */
function moveFiles(r, target) {
  const [toFolder, toName] = target.split('/');
  const from = join(RULES, r.folder);
  const to = join(RULES, toFolder);
  const moved = [];
  for (const f of readdirSync(from)) {
    if (!f.startsWith(`${r.name}.`)) continue;
    const dest = join(to, toName + f.slice(r.name.length));
    if (existsSync(dest)) throw new Error(`${relative(ROOT, dest)} exists already`);
    moved.push([join(from, f), dest]);
  }
  if (!dryRun) {
    mkdirSync(to, { recursive: true });
    for (const [a, b] of moved) renameSync(a, b);
  }
  return moved.length;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One regex for all old ids: a whole id (not part of a longer id or of a path), or `rules/<id>`;
 * the slash may be escaped as in a regex literal (`config\/x`) or a regex inside JSON (`config\\/x`).
 */
function idPattern(ids) {
  const alt = (slash) => [...ids].sort((a, b) => b.length - a.length).map((id) => id.split('/').map(escape).join(slash)).join('|');
  // An escaped id may end its regex literal (`/config\/x/m`); a plain one must not go on as a path.
  return new RegExp(`(?<=^|[^\\w.@/-]|rules/)(?:(?:${alt('/')})(?![\\w/-])|(?:${alt('\\\\{1,2}/')})(?![\\w-]))`, 'g');
}

/** The new id written the way the old one was (same slash escape). */
function replacement(match, renamed) {
  const slash = /\\*\//.exec(match)[0];
  return renamed[match.replace(slash, '/')].replace('/', slash);
}

function repoFiles() {
  const git = (...a) => execFileSync('git', ['-C', ROOT, ...a], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n').filter(Boolean);
  const files = new Set([...git('ls-files'), ...git('ls-files', '--others', '--exclude-standard')]);
  return [...files].filter((f) => TEXT.test(f) && !SKIP_FILE.some((re) => re.test(f)) && existsSync(join(ROOT, f)));
}

/** Replace every old id in the repository's text files; returns the files changed. */
function rewrite(renamed) {
  const ids = Object.keys(renamed);
  if (!ids.length) return [];
  const re = idPattern(ids);
  const changed = [];
  for (const f of repoFiles()) {
    const abs = join(ROOT, f);
    const text = readFileSync(abs, 'utf8');
    re.lastIndex = 0;
    if (!re.test(text)) continue;
    let n = 0;
    const next = text
      .split('\n')
      .map((line) => (line.includes('codemod:keep') ? line : line.replace(re, (id) => (n++, replacement(id, renamed)))))
      .join('\n');
    if (n === 0) continue;
    changed.push(`${f} (${n})`);
    if (!dryRun) writeFileSync(abs, next);
  }
  return changed;
}

function main() {
  const movesData = readJson(MOVES_FILE, { moves: {} });
  const renamedData = readJson(RENAMED_FILE, { renamed: {} });
  const rules = scanRules();
  const chosen = plan(rules, movesData.moves);
  if (planOnly) {
    writeJson(MOVES_FILE, { ...movesData, moves: sorted({ ...movesData.moves, ...chosen }) });
    console.log(`move-rules: ${Object.keys(chosen).length} rule(s) out of place, new ids in ${relative(ROOT, MOVES_FILE)}`);
    return;
  }

  // The alias table: earlier renames follow the new ones (a → b, b → c gives a → c).
  const renamed = { ...renamedData.renamed, ...chosen };
  for (const k of Object.keys(renamed)) {
    for (let i = 0; i < 10 && renamed[renamed[k]]; i++) renamed[k] = renamed[renamed[k]];
  }

  let files = 0;
  for (const r of rules) if (chosen[r.id]) files += moveFiles(r, chosen[r.id]);
  const changed = rewrite(renamed);

  const movesNext = { ...movesData, moves: sorted({ ...movesData.moves, ...chosen }) };
  const renamedNext = { ...renamedData, renamed: sorted(renamed) };
  const tablesChange = JSON.stringify(movesNext) !== JSON.stringify(readJson(MOVES_FILE, {})) || JSON.stringify(renamedNext) !== JSON.stringify(readJson(RENAMED_FILE, {}));
  if (!dryRun) {
    writeJson(MOVES_FILE, movesNext);
    writeJson(RENAMED_FILE, renamedNext);
    for (const d of readdirSync(RULES, { withFileTypes: true })) {
      if (d.isDirectory() && readdirSync(join(RULES, d.name)).length === 0) rmdirSync(join(RULES, d.name));
    }
  }
  const moved = Object.entries(chosen);
  console.log(`move-rules: ${moved.length} rule(s) ${dryRun ? 'to move' : 'moved'} (${files} files), ${changed.length} file(s) ${dryRun ? 'to rewrite' : 'rewritten'}${tablesChange ? ', tables updated' : ''}`);
  if (dryRun) for (const [a, b] of moved) console.log(`  ${a} -> ${b}`);
  if (dryRun) for (const f of changed) console.log(`  rewrite ${f}`);
  if (check && (moved.length || changed.length || tablesChange)) process.exitCode = 1;
}

main();
