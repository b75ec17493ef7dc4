#!/usr/bin/env node
// Worst line for the story words (lexicon/story/*.json, src/derive/story.ts): every pattern, its gate
// ignored, on lines of STORY_MAX_LINE_CHARS pumped with the words its repeats and gaps consume (subject
// words, spaces, verbs, CJK), and one whole hostile paste through deriveStory. Measured, never
// asserted (notes/holdout.md Round 24c).   npm run build && node scripts/bench-story.mjs
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { storyWords, STORY_DIMENSIONS } = await import(join(root, 'dist', 'shared', 'story-words.js'));
const { STORY_MAX_LINE_CHARS, deriveStory, clauseRegexes } = await import(join(root, 'dist', 'derive', 'story.js'));
const { meansRegexes } = await import(join(root, 'dist', 'engine', 'conditions.js'));
const seeds = ['gateway ', 'the gateway service ', 'openclaw gateway is ', 'after the ', 'restart ', '网关', '重启', 'agent ran ', 'if the gateway ', ' ', 'a', '- add ', 'keeps restarting ', 'fixed the ', 'it works now ', 'after i chowned ', 'failed again ', '已经解决了', 'mine never said ', 'no ', '没有报', 'は出ていません', '## troubleshooting ', 'fix(gw): ', 'ya funciona ', 'in my terminal ', '你删掉以后', 'a mí me sale ', 'by running ', 'works again ', 'funktioniert wieder '];
const lines = seeds.flatMap((s) => [s.repeat(Math.ceil(STORY_MAX_LINE_CHARS / s.length)).slice(0, STORY_MAX_LINE_CHARS), (s.repeat(Math.ceil(STORY_MAX_LINE_CHARS / s.length)) + '!').slice(-STORY_MAX_LINE_CHARS)]);
const words = storyWords();
const regexes = [
  ...STORY_DIMENSIONS.flatMap((d) => words[d].flatMap((w) => w.patterns.map((p) => [`${d}.${w.is}`, new RegExp(p.source, 'i')]))),
  ...words.notState.map((p) => ['notState', new RegExp(p.source, 'i')]),
  ...words.runs.map((p) => ['runs', new RegExp(p.source, 'i')]),
  ...Object.entries(words.resolved).flatMap(([part, ps]) => ps.map((p) => [`resolved.${part}`, new RegExp(p.source, 'i')])),
  // The shared phrase list beside it (Round 32a): denials and quoting lines.
  ...['denied', 'quoted', 'quotedBlock', 'quotedBlockEnd', 'denialStop', 'placeholder', 'genericDenied'].flatMap((k) => (words[k] ?? []).map((p) => [k, new RegExp(p.source, 'i')])),
  // The clause words in their frames and flags (Round 33g: condition, own clause, framed lines …), without `g` (test() reads from 0).
  ...Object.entries(clauseRegexes(words)).map(([k, re]) => [`clause.${k}`, new RegExp(re.source, re.flags.replace('g', ''))]),
  // The engine's means clause words (Round 34d), read on the text after a fix statement.
  ...Object.entries(meansRegexes(words)).map(([k, re]) => [`means.${k}`, new RegExp(re.source, re.flags.replace('g', ''))]),
];
let worst = { ms: 0 };
for (const [name, re] of regexes) {
  for (const [i, line] of lines.entries()) {
    const t = process.hrtime.bigint();
    for (let k = 0; k < 5; k++) re.test(line);
    const ms = Number(process.hrtime.bigint() - t) / 5e6;
    if (ms > worst.ms) worst = { ms, name, line: i };
  }
}
console.log(`${regexes.length} patterns × ${lines.length} lines of ${STORY_MAX_LINE_CHARS} chars: worst ${worst.ms.toFixed(3)} ms (${worst.name}, line ${worst.line})`);
let whole = 0;
for (const s of seeds) {
  const paste = Array.from({ length: 20000 }, (_, i) => ({ line: i + 1, text: s.repeat(Math.ceil(STORY_MAX_LINE_CHARS / s.length)).slice(0, STORY_MAX_LINE_CHARS) }));
  const t = process.hrtime.bigint();
  deriveStory(paste, {});
  whole = Math.max(whole, Number(process.hrtime.bigint() - t) / 1e6);
}
console.log(`a 20,000-line hostile paste (lines of ${STORY_MAX_LINE_CHARS} chars, each seed): worst ${whole.toFixed(1)} ms in deriveStory`);
