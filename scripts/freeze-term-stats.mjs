#!/usr/bin/env node
// Freezes the possible-causes ranker's term statistics (lexicon/stats/term-stats.json) from the
// current rules and lexicon files, or with --check says whether the shipped file is stale against
// the inputs it states (exit 1). A deliberate refresh: every word weight may move, so measure the
// corpora before and after (notes/fallback.md, "Ranker stability"). Run after `npm run build`;
// `npm run lexicon:freeze` builds, freezes and rebuilds the index.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadBuiltinRules } from '../dist/rules/load.js';
import { LEXICON_DIR, freezeTermStats, termStatsDrift } from '../dist/rules/lexicon.js';

const rules = await loadBuiltinRules();
const drift = termStatsDrift(rules);
const say = (what, ids) => ids.length && console.log(`  ${what} (${ids.length}): ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? ', …' : ''}`);
console.log(`term stats vs their stated inputs: ${drift.changed.length} changed, ${drift.removed.length} removed, ${drift.added.length} added since the freeze`);
say('changed', drift.changed);
say('removed', drift.removed);
say('added (scored with the frozen weights)', drift.added);
if (process.argv.includes('--check')) process.exit(drift.changed.length || drift.removed.length ? 1 : 0);
const file = join(LEXICON_DIR, 'stats', 'term-stats.json');
const stats = freezeTermStats(rules);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(stats, null, 1)}\n`);
console.log(`freeze-term-stats: ${stats.docs} documents, ${Object.keys(stats.df).length} words -> ${relative(process.cwd(), file)}`);
