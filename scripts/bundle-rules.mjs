// Build step: validate every built-in rule and write dist/rules.bundle.json, the fast path the
// CLI reads at start-up (one file instead of a directory walk + JSON Schema compile).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { BUILTIN_RULES_DIR, BUNDLE_FILE, checkUniqueIds, contentHash, fingerprint, readAndValidateDir } from '../dist/rules/load.js';

const { rules, problems } = await readAndValidateDir(BUILTIN_RULES_DIR);
problems.push(...checkUniqueIds(rules));
if (problems.length) {
  for (const p of problems) console.error(`${p.file}: ${p.message}`);
  console.error(`bundle-rules: ${problems.length} invalid rule file(s); fix them (clawkit-doctor rules validate)`);
  process.exit(1);
}
// Literal covers of the paste matchers, so a huge paste needs no regex parser at run time.
const { matcherKey, pasteMatchers } = await import('../dist/shared/regex/anchors.js');
const { attachExclusionCover, matcherCover } = await import('../dist/shared/regex/cover.js');
const { EXTRA_ANCHORS } = await import('../dist/collectors/paste/read.js');
// Matchers under `not` too: the engine skips lines without a cover's literals wherever a matcher is.
const negated = [];
const underNot = (c, neg) => {
  if ('all' in c) c.all.forEach((x) => underNot(x, neg));
  else if ('any' in c) c.any.forEach((x) => underNot(x, neg));
  else if ('not' in c) underNot(c.not, true);
  else if ('paste' in c && neg) negated.push(c.paste);
};
for (const r of rules) underNot(r.when, false);
const covers = Object.fromEntries([...pasteMatchers(rules), ...negated, ...EXTRA_ANCHORS].map((m) => [matcherKey(m), matcherCover(m)]));
// Each paste matcher carries its cover (what the loader used to attach at every start).
const { walkConditions } = await import('../dist/shared/conditions.js');
for (const r of rules) {
  for (const c of walkConditions(r.when)) {
    if (!('paste' in c)) continue;
    const cover = covers[matcherKey(c.paste)];
    if (cover && !cover.some((conj) => conj.length === 0)) c.paste.cover = cover;
    // The same-line exclusion's own cover: on a long line it is read by windows too (window.ts), not whole.
    attachExclusionCover(c.paste);
  }
}
// The literal automaton (src/shared/literals/automaton.ts) of every cover literal, the pieces the
// scanner looks for in JSON lines, and the scanner's markers: built once here and shipped as
// dist/literals.bin, so no run builds a table (the engine and the huge-log scanner share it).
const { jsonSafePieces, literalScore } = await import('../dist/shared/regex/anchors.js');
const { buildAutomaton, literalsKey, serializeAutomaton } = await import('../dist/shared/literals/automaton.js');
const { SCANNER_MARKERS } = await import('../dist/collectors/paste/scanner.js');
// With the same-line exclusions' covers (attached above): the engine's pass walks their literals too (cover-literals.ts).
const exclusionLits = rules.flatMap((r) => [...walkConditions(r.when)].flatMap((c) => ('paste' in c ? (c.paste.notOnLineMatcher?.cover ?? []) : [])));
const coverLits = [...Object.values(covers), ...exclusionLits].flat(2).filter((l) => l.length > 0);
const all = [...new Set([...coverLits, ...coverLits.flatMap(jsonSafePieces), ...SCANNER_MARKERS])];
// The covers numbered by literal id (src/shared/literals/numbered.ts): the key covers their keys
// too, so a file is only used with the bundle whose covers it numbers.
const { anchorData } = await import('../dist/shared/literals/numbered.js');
const key = literalsKey([...all, ...Object.keys(covers)]);
// Two-byte literals that an anchor may have no choice but to look for (a cover conjunction, or its
// JSON-safe pieces, with no literal longer than two bytes: "qr" of the setup-code rules) stay in the
// table rather than the masks: the huge-log scanner has no masks, and one such anchor made every
// large log build its own table (~60 ms of set-up). One-byte ones (':', '(') stay masked: a table
// state on every such byte would cost the engine's pass more than an own table costs a rare log.
const shortLit = (l) => Buffer.byteLength(l, 'utf8') <= 2;
const inTable = new Set();
for (const cover of Object.values(covers))
  for (const conj of cover) {
    const choices = conj.every(shortLit) ? conj : conj.every((l) => jsonSafePieces(l).every(shortLit)) ? conj.flatMap(jsonSafePieces) : [];
    for (const l of choices) if (Buffer.byteLength(l, 'utf8') === 2) inTable.add(l);
  }
const numbered = anchorData(all, covers, jsonSafePieces, literalScore);
writeFileSync(join(dirname(BUNDLE_FILE), 'literals.bin'), serializeAutomaton(buildAutomaton(all, 6, true, inTable), key, numbered?.keys, numbered?.arrays));
const literals = { file: 'literals.bin', key };
// The bundle: an index read at every start (per rule its id, file, keys, sources, literal gate and
// budget weight; src/rules/lazy.ts), then the rule bodies, each parsed only when a run needs it
// (src/engine/gate.ts: on a small paste most rules are decided without theirs), then the covers by
// matcher key (read only for huge logs). The whole file is still one JSON document
// ({format, indexEnd, index, rules, covers, scan, anchors, anchorMatchers, fingerprint}) for scripts and tests.
// ASCII only (\uXXXX escapes inside strings): the CLI then decodes it as Latin-1, which is faster
// than UTF-8 (src/rules/load.ts readText), and string offsets are byte offsets.
const { requiredSources } = await import('../dist/engine/sources.js');
const { budgetWeight, compileGates, encodeGateCode, gateOf, numberedGate } = await import('../dist/engine/gate.js');
const { readsPaste } = await import('../dist/engine/fallback/index-build.js');
const { isPlainTable } = await import('../dist/engine/literal-set.js');
const { coverLiterals } = await import('../dist/engine/cover-literals.js');
const { BUNDLE_HEAD_LENGTH, BUNDLE_RULES, bundleHead } = await import('../dist/rules/load.js');
const { anchorPlan, toAscii: ascii } = await import('../dist/shared/regex/anchor-plan.js');
const { packExclusions } = await import('../dist/shared/regex/exclusion-pack.js');
// Gate literals by number (one table), key lists by shape: the index is read at every start.
const lits = [];
const litIds = new Map();
const shapes = [];
const shapeIds = new Map();
const bodies = [];
const entries = [];
const gateTrees = [];
for (const r of rules) {
  const body = { ...r, file: relative(BUILTIN_RULES_DIR, r.file).split(sep).join('/') };
  // An exclusion's matcher without its regex, the notOnLine beside it (src/shared/regex/exclusion-pack.ts).
  const json = ascii(JSON.stringify(body, packExclusions));
  const shape = Object.keys(body).join(',');
  if (!shapeIds.has(shape)) shapeIds.set(shape, shapes.push(Object.keys(body)) - 1);
  const gate = gateOf(r.when);
  gateTrees.push(gate && numberedGate(gate, lits, litIds));
  entries.push({ id: r.id, n: json.length, k: shapeIds.get(shape), ...(body.file === `${r.id}.json` ? {} : { f: body.file }), s: requiredSources(r.when), w: budgetWeight(r.when), ...(readsPaste(r) ? { p: 1 } : {}) });
  bodies.push(json);
}
// Every gate in one flat table (src/engine/gate.ts compileGates): a rule's entry says where its starts.
const { table: gates, at: gateAt } = compileGates(gateTrees);
entries.forEach((e, i) => {
  if (gateAt[i] >= 0) e.c = gateAt[i];
});
// The matching budget's bound (src/engine/budget-bound.ts), a field of its own: per distinct regex
// pattern (matcher key) its run weight and its cover's index among the covers numbered in
// dist/literals.bin (-1: every line is a candidate), per rule (in the index's order) its patterns.
const { runWeight } = await import('../dist/shared/regex/compile.js');
const coverIndex = new Map(Object.keys(covers).map((k, i) => [k, i]));
const patternIds = new Map();
const budget = { w: [], c: [], r: [] };
for (const r of rules) {
  const ids = [];
  for (const c of walkConditions(r.when)) {
    if (!('paste' in c) || c.paste.regex === undefined) continue;
    const key = matcherKey(c.paste);
    let id = patternIds.get(key);
    if (id === undefined) {
      patternIds.set(key, (id = budget.w.length));
      budget.w.push(0);
      // candidateLines reads the matcher's own cover (set above from the same key, when it has no empty conjunction).
      budget.c.push(numbered && c.paste.cover && !c.paste.caseSensitive ? coverIndex.get(key) : -1);
    }
    budget.w[id] = Math.max(budget.w[id], runWeight(c.paste));
    if (!ids.includes(id)) ids.push(id);
  }
  budget.r.push(ids);
}
// Per rule, the literals the engine's one pass over a large paste looks for (src/engine/conditions.ts
// scanCoverLiterals: every cover conjunction of its case-insensitive matchers, in walk order), so that
// pass need not parse the body of a rule its gate then decides (read only for pastes past the search).
const scanLits = [];
const scanIds = new Map();
const scanRules = rules.map((r) => coverLiterals(r.when).map((l) => {
  let id = scanIds.get(l);
  if (id === undefined) scanIds.set(l, (id = scanLits.push(l) - 1));
  return id;
}));
// Per rule the skeleton of its `when` that choosing a huge log's anchors reads (src/shared/regex/anchor-plan.ts):
// a large input's set-up then parses no rule body. Built from the same rule objects as the bodies (covers attached).
const hash = contentHash(BUILTIN_RULES_DIR);
const rulesJson = bodies.join(',');
const coversStart = rulesJson.length + '],"covers":'.length;
const coversJson = ascii(JSON.stringify(covers));
const scanStart = coversStart + coversJson.length + ',"scan":'.length;
const scanJson = ascii(JSON.stringify({ lits: scanLits, rules: scanRules }));
const { plan: anchorsPlan, full: anchorMatchersJson } = anchorPlan(rules, hash);
const anchorsStart = scanStart + scanJson.length + ',"anchors":'.length;
const anchorsJson = ascii(JSON.stringify(anchorsPlan));
const anchorMatchersStart = anchorsStart + anchorsJson.length + ',"anchorMatchers":'.length;
const fingerprintStart = anchorMatchersStart + anchorMatchersJson.length + ',"fingerprint":'.length;
const fingerprintJson = JSON.stringify(fingerprint(BUILTIN_RULES_DIR));
const index = ascii(JSON.stringify({ contentHash: hash, literals, covers: [coversStart, coversStart + coversJson.length], fingerprint: [fingerprintStart, fingerprintStart + fingerprintJson.length], scan: [scanStart, scanStart + scanJson.length], anchors: [anchorsStart, anchorsStart + anchorsJson.length], anchorMatchers: [anchorMatchersStart, anchorMatchersStart + anchorMatchersJson.length], shapes, lits, ...(isPlainTable(lits) ? { litsPlain: 1 } : {}), gates: { code: encodeGateCode(gates.code), leaves: gates.leaves }, rules: entries, budget }));
// Written beside and renamed over the old one, never rewritten in place: a running process reads
// the bodies of the bundle it loaded by range from its open file (src/rules/load.ts BundleFile).
const tmp = `${BUNDLE_FILE}.${process.pid}.tmp`;
writeFileSync(tmp, `${bundleHead(BUNDLE_HEAD_LENGTH + index.length)}${index}${BUNDLE_RULES}${rulesJson}],"covers":${coversJson},"scan":${scanJson},"anchors":${anchorsJson},"anchorMatchers":${anchorMatchersJson},"fingerprint":${fingerprintJson}}`);
try {
  renameSync(tmp, BUNDLE_FILE);
} catch (err) {
  rmSync(tmp, { force: true });
  // Windows: a file another process holds open cannot be replaced (a doctor running there reads its bundle whole and closes it, so only a brief window).
  if (err?.code === 'EPERM' || err?.code === 'EBUSY') {
    console.error(`bundle-rules: cannot replace ${BUNDLE_FILE}: another process holds it open (${err.code}); close running clawkit-doctor processes and build again`);
    process.exit(1);
  }
  throw err;
}
console.log(`bundle-rules: ${rules.length} rules -> ${relative(process.cwd(), BUNDLE_FILE)}`);
