// Build step: validate every built-in rule and write dist/rules.bundle.json, the fast path the
// CLI reads at start-up (one file instead of a directory walk + JSON Schema compile).
import { writeFileSync } from 'node:fs';
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
const { matcherCover } = await import('../dist/shared/regex/cover.js');
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
  }
}
// The literal automaton (src/shared/literals/automaton.ts) of every cover literal, the pieces the
// scanner looks for in JSON lines, and the scanner's markers: built once here and shipped as
// dist/literals.bin, so no run builds a table (the engine and the huge-log scanner share it).
const { jsonSafePieces, literalScore } = await import('../dist/shared/regex/anchors.js');
const { buildAutomaton, literalsKey, serializeAutomaton } = await import('../dist/shared/literals/automaton.js');
const { SCANNER_MARKERS } = await import('../dist/collectors/paste/scanner.js');
const coverLits = Object.values(covers).flat(2).filter((l) => l.length > 0);
const all = [...new Set([...coverLits, ...coverLits.flatMap(jsonSafePieces), ...SCANNER_MARKERS])];
// The covers numbered by literal id (src/shared/literals/numbered.ts): the key covers their keys
// too, so a file is only used with the bundle whose covers it numbers.
const { anchorData } = await import('../dist/shared/literals/numbered.js');
const key = literalsKey([...all, ...Object.keys(covers)]);
writeFileSync(join(dirname(BUNDLE_FILE), 'literals.bin'), serializeAutomaton(buildAutomaton(all, 6, true), key, anchorData(all, covers, jsonSafePieces, literalScore)));
const literals = { file: 'literals.bin', key };
// The sources each rule cannot fire without (src/engine/sources.ts), by rule index.
const { requiredSources } = await import('../dist/engine/sources.js');
const bundle = {
  fingerprint: fingerprint(BUILTIN_RULES_DIR),
  contentHash: contentHash(BUILTIN_RULES_DIR),
  sources: rules.map((r) => requiredSources(r.when)),
  rules: rules.map((r) => ({ ...r, file: relative(BUILTIN_RULES_DIR, r.file).split(sep).join('/') })),
  covers,
  literals,
};
// ASCII only (\uXXXX escapes inside strings): the CLI then decodes it as Latin-1, which is faster
// than UTF-8 (src/rules/load.ts readText).
writeFileSync(BUNDLE_FILE, JSON.stringify(bundle).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
console.log(`bundle-rules: ${rules.length} rules -> ${relative(process.cwd(), BUNDLE_FILE)}`);
