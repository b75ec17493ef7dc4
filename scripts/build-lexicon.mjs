// Build step: the lexical index of the possible-causes ranker (src/engine/fallback/), written beside
// the rules bundle so the CLI reads one file when it needs it (never on a run with a strong finding).
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BUNDLE_FILE } from '../dist/rules/load.js';
import { LEXICON_INDEX_FILE, buildIndexFromFiles } from '../dist/rules/lexicon.js';

const { rules } = JSON.parse(readFileSync(BUNDLE_FILE, 'utf8'));
const index = buildIndexFromFiles(rules);
writeFileSync(LEXICON_INDEX_FILE, JSON.stringify(index));
console.log(`build-lexicon: ${index.docs.length} rule documents, ${Object.keys(index.postings).length} terms -> ${relative(process.cwd(), LEXICON_INDEX_FILE)}`);
