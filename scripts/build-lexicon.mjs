// Build step: the lexical index of the possible-causes ranker (src/engine/fallback/), written beside
// the rules bundle so the CLI reads one file when it needs it (never on a run with a strong finding).
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BUNDLE_FILE } from '../dist/rules/load.js';
import { FREEZE_COMMAND, LEXICON_INDEX_FILE, buildIndexFromFiles, termStatsDrift } from '../dist/rules/lexicon.js';
import { matcherCover } from '../dist/shared/regex/cover.js';
import { GUIDE_FLAGS, alternationOf } from '../dist/derive/text-kind.js';

const { rules } = JSON.parse(readFileSync(BUNDLE_FILE, 'utf8'));
const index = buildIndexFromFiles(rules);
// The literals every match of the text kind's marks contains (src/derive/text-kind.ts): a small paste
// holding none of them never compiles the marks' alternation (issue #13). None when some mark needs no literal.
if (index.guideText?.marks.length) {
  const cover = matcherCover({ regex: alternationOf(index.guideText.marks), caseSensitive: GUIDE_FLAGS !== 'i' });
  if (!cover.some((conj) => conj.length === 0)) index.guideText.marksCover = cover;
}
// The same for the shape's headings (src/derive/text-shape.ts namedGuide, troubleshootingTableRows): only when
// every one is compiled with `i` alone (a string entry), as the alternation is.
const headings = index.guideText?.shape?.headings ?? [];
if (headings.length && headings.every((h) => typeof h === 'string')) {
  const cover = matcherCover({ regex: alternationOf(headings), caseSensitive: GUIDE_FLAGS !== 'i' });
  if (!cover.some((conj) => conj.length === 0)) index.guideText.headingsCover = cover;
}
writeFileSync(LEXICON_INDEX_FILE, JSON.stringify(index));
console.log(`build-lexicon: ${index.docs.length} rule documents, ${Object.keys(index.postings).length} terms, ${index.termStats} term statistics -> ${relative(process.cwd(), LEXICON_INDEX_FILE)}`);
if (index.termStats === 'frozen') {
  const { changed, removed, added } = termStatsDrift(rules);
  if (changed.length || removed.length) console.log(`build-lexicon: the frozen term statistics are stale (${changed.length} pinned documents changed, ${removed.length} gone): \`${FREEZE_COMMAND}\` refreshes them (measure before and after)`);
  else if (added.length) console.log(`build-lexicon: ${added.length} documents are newer than the frozen term statistics (scored with the frozen weights)`);
}
