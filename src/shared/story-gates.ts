// The gate literals of the story words (src/shared/story-words.ts), computed from each pattern's
// cover (src/shared/regex/cover.ts: the literals every match must contain). Used by
// scripts/story-gates.mjs (writes lexicon/story/gates/gates.json) and its freshness test; never at
// run time (the cover analysis loads the regex parser).
import { matcherCover } from './regex/cover.js';
import { STORY_DIMENSIONS, sourcesOf, type StoryGates, type StoryWordsFile } from './story-words.js';

/** Words on most OpenClaw pastes' lines: a gate literal naming one would let the pattern compile almost always. */
const COMMON = /gateway|openclaw|clawdbot|moltbot|网关/;
const score = (lit: string): number => lit.length - (COMMON.test(lit) ? 1000 : 0);

/** Per pattern source, one literal of each conjunction of its cover (the rarest-looking); none when a match needs no literal. */
export function gatesOf(files: readonly StoryWordsFile[]): StoryGates {
  const gates: StoryGates = {};
  for (const f of files) {
    const s = sourcesOf(f);
    for (const src of [...s.notState, ...STORY_DIMENSIONS.flatMap((d) => s[d].flatMap(([, list]) => list))]) {
      const cover = matcherCover({ regex: src });
      if (cover.some((conj) => conj.length === 0)) continue;
      gates[src] = [...new Set(cover.map((conj) => conj.reduce((a, b) => (score(b) > score(a) ? b : a))))].sort();
    }
  }
  return Object.fromEntries(Object.entries(gates).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const gatesText = (gates: StoryGates): string => `${JSON.stringify(gates, null, 1)}\n`;
