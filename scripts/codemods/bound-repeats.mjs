#!/usr/bin/env node
// Codemod (issue #9 §2): every unbounded repeat of a rule's paste pattern (`*`, `+`, `{n,}`) gets a
// bound, so the work per start position is bounded by construction (`rules validate` rejects an
// unbounded repeat; src/shared/regex/linear.ts unboundedRepeats). V8's backtrack limit does not
// save an unbounded repeat: a greedy loop over one character class backtracks without being
// counted, so `a[^\n]*b` on a line of `a`s or `:\s*x?\s*y` on a run of spaces is quadratic
// (seconds on a 64 KiB line) whatever the fallback flag says.
//
// The bound is sized from the corpora: the longest text the repeat took in any match on a corpus
// line or a rule case's paste, doubled, rounded up to a power of two, at least 16 (256 for a class
// that takes almost any character: `.`, `[^…]`, `\S`, `\W`, `\D`); then every corpus line must
// match the rewritten pattern exactly as the original (same start, same text, same captures), else
// the bound doubles (up to 4096). The measurement-only holdouts (5-a, 5-b, 7, 8, 9, 10) are not
// read. Re-runnable; mechanical (merge-friendly): run it after a merge that brings new rules.
//
//   node scripts/codemods/bound-repeats.mjs [--rules DIR] [--check]
//   --check: list the unbounded repeats and what they would become; exit 1 when there are any.
// Also listed, for a hand rewrite (after `npm run build`: it reads dist/): two repeats side by side over
// shared characters past the split limit `rules validate` enforces (linear.ts ambiguousRepeats) —
// merging them changes what matches, so it is not done here.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RegExpParser } from '@eslint-community/regexpp';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const check = args.includes('--check');
const di = args.indexOf('--rules');
const dir = di >= 0 ? path.resolve(args[di + 1]) : path.join(ROOT, 'rules');
const parser = new RegExpParser({ ecmaVersion: 2025 });

const files = (d, cases) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name), cases) : e.name.endsWith('.json') && e.name.endsWith('.cases.json') === cases ? [path.join(d, e.name)] : []));

/** Corpus lines: the dev and training corpora and every rule case's paste (never a measurement-only holdout). */
function corpusLines() {
  const out = new Set();
  const jsonl = ['fixtures/corpus/cases.jsonl', 'fixtures/corpus/holdout.jsonl', 'fixtures/corpus/holdout2.jsonl', 'fixtures/corpus/holdout3.jsonl', 'fixtures/corpus/holdout4-a.jsonl', 'fixtures/corpus/holdout4-b.jsonl', 'fixtures/corpus/holdout4-c.jsonl', 'fixtures/corpus/holdout6.jsonl', '../shared/corpus/cases.jsonl', '../shared/corpus/cases-2.jsonl'];
  for (const f of jsonl) {
    const p = path.join(ROOT, f);
    if (!existsSync(p)) continue;
    for (const l of readFileSync(p, 'utf8').split('\n')) if (l.trim()) for (const x of JSON.parse(l).log.split('\n')) out.add(x);
  }
  const pastes = (v) => (Array.isArray(v) ? v.flatMap(pastes) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => (k === 'paste' && typeof x === 'string' ? [x] : pastes(x))) : []);
  for (const f of files(path.join(ROOT, 'rules'), true)) for (const p of pastes(JSON.parse(readFileSync(f, 'utf8')))) for (const x of p.split('\n')) out.add(x);
  return [...out];
}

function* pasteRegexes(c) {
  if (!c || typeof c !== 'object') return;
  if (Array.isArray(c)) for (const x of c) yield* pasteRegexes(x);
  else if (c.paste?.regex !== undefined) yield c.paste;
  else for (const v of Object.values(c)) yield* pasteRegexes(v);
}

/** The unbounded repeats of a pattern, outermost last (their quantifier text never overlaps). */
function unbounded(source) {
  const out = [];
  const walk = (n) => {
    if (n.type === 'Quantifier') {
      walk(n.element);
      if (n.max === Infinity) out.push(n);
    } else for (const k of n.alternatives ?? n.elements ?? []) walk(k);
  };
  walk(parser.parsePattern(source, 0, source.length, { unicode: false }));
  return out;
}

const WIDE = (el) => (el.type === 'CharacterSet' && (el.kind === 'any' || el.negate)) || (el.type === 'CharacterClass' && el.negate);
const bounded = (q, n) => `{${q.min},${n}}${q.greedy ? '' : '?'}`;
/** `source` with quantifier `q` (and those already chosen) bounded. */
const rewrite = (source, bounds) => [...bounds].sort((a, b) => b.q.element.end - a.q.element.end).reduce((s, { q, n }) => s.slice(0, q.element.end) + bounded(q, n) + s.slice(q.end), source);
const seen = (m) => m && JSON.stringify([m.index, m[0], m.slice(1), m.groups]);

/** Bounds for each unbounded repeat of `source`, sized on `lines`; null for one that no bound up to 4096 reproduces. */
function boundsFor(source, ignoreCase, lines) {
  const flags = ignoreCase ? 'i' : '';
  const orig = new RegExp(source, flags);
  const want = lines.map((l) => seen(orig.exec(l)));
  const bounds = [];
  for (const q of unbounded(source)) {
    // The longest text this repeat took in a match: the repeat wrapped in a capture.
    const probe = new RegExp(`${source.slice(0, q.start)}(?<ckdRepeat>${source.slice(q.start, q.end)})${source.slice(q.end)}`, flags);
    let longest = 0;
    for (const l of lines) longest = Math.max(longest, probe.exec(l)?.groups?.ckdRepeat?.length ?? 0);
    let n = Math.max(WIDE(q.element) ? 256 : 16, 2 ** Math.ceil(Math.log2(Math.max(1, 2 * longest))), q.min);
    bounds.push({ q, n, longest });
  }
  // Every line must match as before; else the bounds double (all of them: a simple, monotone search).
  for (;;) {
    const re = new RegExp(rewrite(source, bounds), flags);
    if (lines.every((l, i) => seen(re.exec(l)) === want[i])) return bounds;
    if (bounds.every((b) => b.n >= 4096)) return null;
    for (const b of bounds) b.n = Math.min(4096, b.n * 2);
  }
}

const linearJs = path.join(ROOT, 'dist', 'shared', 'regex', 'linear.js');
const { ambiguousRepeats, MAX_AMBIGUOUS_SPLITS } = existsSync(linearJs) ? await import(pathToFileURL(linearJs).href) : {};
if (!ambiguousRepeats) console.error('dist/ not built: adjacent repeats over shared characters not checked (npm run build)');

const lines = corpusLines();
let offenders = 0;
let changed = 0;
const failures = [];
for (const f of files(dir, false)) {
  const text = readFileSync(f, 'utf8');
  const rule = JSON.parse(text);
  if (!rule.when) continue;
  let next = text;
  for (const m of pasteRegexes(rule.when)) {
    const qs = unbounded(m.regex);
    if (!qs.length) continue;
    const bounds = boundsFor(m.regex, !m.caseSensitive, lines);
    const rel = path.relative(ROOT, f);
    if (!bounds) {
      failures.push(`${rel}: ${m.regex} — no bound up to 4096 keeps the corpus matches`);
      continue;
    }
    const out = rewrite(m.regex, bounds);
    if (!next.includes(JSON.stringify(m.regex)) && next.includes(JSON.stringify(out))) continue; // the same pattern twice in one file
    offenders++;
    console.log(`${rel}: ${bounds.map((b) => `${b.q.raw} → ${b.q.element.raw}${bounded(b.q, b.n)} (longest seen ${b.longest})`).join(', ')}`);
    const from = JSON.stringify(m.regex);
    if (!next.includes(from)) {
      failures.push(`${rel}: ${m.regex} — not found as written in the file (rewrite it by hand to ${out})`);
      continue;
    }
    next = next.split(from).join(JSON.stringify(out));
  }
  for (const m of ambiguousRepeats ? pasteRegexes(JSON.parse(next).when) : [])
    for (const a of ambiguousRepeats(m.regex, !m.caseSensitive))
      if (a.splits > MAX_AMBIGUOUS_SPLITS) failures.push(`${path.relative(ROOT, f)}: ${a.first} then ${a.second} split one run ${a.splits} ways (rules validate refuses over ${MAX_AMBIGUOUS_SPLITS}): merge them into one gap by hand`);
  if (next !== text) {
    changed++;
    if (!check) writeFileSync(f, next);
  }
}
for (const x of failures) console.error(x);
console.log(`${offenders} pattern(s) with unbounded repeats in ${changed} file(s)${check ? '' : ' rewritten'}; ${failures.length} left for a hand rewrite (${lines.length} corpus lines)`);
process.exit(offenders && check ? 1 : failures.length ? 1 : 0);
