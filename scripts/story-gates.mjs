#!/usr/bin/env node
// Writes the gate literals of the story words (lexicon/story/*.json → lexicon/story/gates/gates.json;
// src/shared/story-gates.ts says how they are chosen). Run after editing a story words file.
//
//   npm run build && node scripts/story-gates.mjs           # write
//   node scripts/story-gates.mjs --check                    # exit 1 when the file is stale
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { gatesOf, gatesText } = await import(join(root, 'dist', 'shared', 'story-gates.js'));
const { STORY_GATES_FILE, storyFiles } = await import(join(root, 'dist', 'shared', 'story-words.js'));

const dir = join(root, 'lexicon', 'story');
const gates = gatesOf(storyFiles(dir));
const text = gatesText(gates);
const file = join(dir, STORY_GATES_FILE);
if (process.argv.includes('--check')) {
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    // missing: stale
  }
  if (old !== text) {
    console.error(`story-gates: ${file} is stale (node scripts/story-gates.mjs)`);
    process.exit(1);
  }
  console.log(`story-gates: ${Object.keys(gates).length} gated patterns, up to date`);
} else {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`story-gates: ${Object.keys(gates).length} gated patterns -> ${file}`);
}
