// The gate literals of the story words (src/shared/story-words.ts), computed from each pattern's
// cover (src/shared/regex/cover.ts: the literals every match must contain). Used by
// scripts/story-gates.mjs (writes lexicon/story/gates/gates.json) and its freshness test; never at
// run time (the cover analysis loads the regex parser).
import { matcherCover } from './regex/cover.js';
import { RESOLVED_PARTS, SHARE_LISTS, STORY_DIMENSIONS, sourcesOf, type StoryGates, type StoryWordsFile } from './story-words.js';

/** Words on most OpenClaw pastes' lines: a gate literal naming one would let the pattern compile almost always. */
const COMMON = /gateway|openclaw|clawdbot|moltbot|网关/;
const score = (lit: string): number => lit.length - (COMMON.test(lit) ? 1000 : 0);

const flat = (s: ReturnType<typeof sourcesOf>): string[] => [...s.notState, ...s.runs, ...STORY_DIMENSIONS.flatMap((d) => s[d].flatMap(([, list]) => list)), ...RESOLVED_PARTS.flatMap((p) => s.resolved[p]), ...SHARE_LISTS.flatMap((l) => s[l])];

/** One literal of each conjunction (the rarest-looking), or undefined when a match needs no literal. */
function gateOf(src: string): string[] | undefined {
  const cover = matcherCover({ regex: src });
  if (cover.some((conj) => conj.length === 0)) return undefined;
  return [...new Set(cover.map((conj) => conj.reduce((a, b) => (score(b) > score(a) ? b : a))))].sort();
}
const worst = (gate: readonly string[]): number => Math.min(...gate.map(score));

/**
 * Per pattern source, its gate literals; none when a match needs no literal. A pattern with `{gw}` is
 * also read with the subject left out: every match of it contains a match of that rest at the same
 * place (`{gw}` stands in a sequence, and assertions see the same text), so the rest's literals gate
 * it too — and they are the state words, where the whole pattern's cover often keeps only the subject
 * (its cross products pass the cover's size cap).
 */
export function gatesOf(files: readonly StoryWordsFile[]): StoryGates {
  const gates: StoryGates = {};
  for (const f of files) {
    const whole = flat(sourcesOf(f));
    const rest = flat(sourcesOf(f, ''));
    // Only when `{gw}` opens or closes the pattern: in the middle, the rest joins the words on its two
    // sides, and a literal across that seam is in no real match (把{gw}搞崩 → 把搞崩).
    const marked = flat(sourcesOf(f, '\u0000'));
    const edge = (i: number): boolean => !marked[i]!.includes('\u0000') || marked[i]!.startsWith('(?:\u0000)') || marked[i]!.endsWith('(?:\u0000)');
    whole.forEach((src, i) => {
      const candidates = [gateOf(src), rest[i] !== src && edge(i) ? gateOf(rest[i]!) : undefined].filter((g): g is string[] => g !== undefined);
      if (candidates.length) gates[src] = candidates.reduce((a, b) => (worst(b) > worst(a) ? b : a));
    });
  }
  return Object.fromEntries(Object.entries(gates).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const gatesText = (gates: StoryGates): string => `${JSON.stringify(gates, null, 1)}\n`;
