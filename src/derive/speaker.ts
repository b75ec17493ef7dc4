// The speaker's relation to the failure (issue #12, precision): does the text's writer report the failure
// happening now to them (first person, "since the upgrade", an issue template's steps, a pasted machine log),
// or describe it in general (a guide), propose or implement a change (a PR, a feature request), or track it
// (a task list, a changelog)? Texts *about* connection failures share their words with real reports; who is
// speaking is what differs (notes/holdout.md Rounds 25e, 26e). Decided by the balance over the whole paste,
// never by one word. Pure over the kept lines; the words are data (lexicon/speaker/*.json), each pattern
// compiled only when a line holds one of its gate literals, so a typical OpenClaw log compiles few of them.
import type { LineRef } from '../types.js';
import { pkgPath } from '../shared/paths.js';
import { readLexiconDir } from '../shared/lexicon-dir.js';
import { gatedPattern, type StoryPattern } from '../shared/story-words.js';

export const SPEAKER_CLASSES = ['reporting', 'log', 'describing', 'proposing', 'tracking'] as const;
export type SpeakerClass = (typeof SPEAKER_CLASSES)[number];
export type Speaker = 'reporting' | 'describing' | 'proposing' | 'tracking';

interface WordsEntry {
  re: string;
  gate?: string[];
  /** A label template's entry: all its lines in a paste are one sign (review31h/j: AI-written labels outweighed one report line). */
  run?: boolean;
}
type WordsFile = Partial<Record<SpeakerClass, WordsEntry[]>>;

/** The story's gated pattern: compiled only when a line holds a gate literal (scripts/bench-speaker.mjs counts `compiled()`). */
export type SpeakerWords = Record<SpeakerClass, Array<StoryPattern & { run?: boolean }>>;

export function speakerWordsOf(files: readonly WordsFile[]): SpeakerWords {
  const out = {} as SpeakerWords;
  for (const c of SPEAKER_CLASSES) out[c] = files.flatMap((f) => (f[c] ?? []).map((e) => ({ ...gatedPattern(e.re, e.gate), ...(e.run ? { run: true } : {}) })));
  return out;
}

let cached: SpeakerWords | undefined;
/** Every language's file under lexicon/speaker (a damaged one gives no words, never a failed run). */
export function speakerWords(dir = pkgPath('lexicon', 'speaker')): SpeakerWords {
  return (cached ??= speakerWordsOf(readLexiconDir<WordsFile>(dir)));
}

/** A line longer than this is a minified blob or a dump, not a sentence; past the budget the paste is a log. */
const MAX_LINE_CHARS = 1000;
const MAX_LINES = 400;

/**
 * Per class, the lines holding its words (a line may count for several). Lines matched only by `run` entries
 * (a template's labels) give one sign per paste at most: a guide needs two more signs of its kind. Counted per
 * paragraph, or twice, an AI answer's labels plus one "If you see …" line outweighed the user's own error pasted
 * under it (review31h, review31j).
 */
export function speakerSigns(lines: readonly LineRef[], words: SpeakerWords = speakerWords()): Record<SpeakerClass, number[]> {
  const out = Object.fromEntries(SPEAKER_CLASSES.map((c) => [c, [] as number[]])) as Record<SpeakerClass, number[]>;
  const ranOnce = new Set<SpeakerClass>();
  for (const l of lines.slice(0, MAX_LINES)) {
    if (l.text.length > MAX_LINE_CHARS) continue;
    const lower = l.text.toLowerCase();
    for (const c of SPEAKER_CLASSES) {
      if (words[c].some((p) => !p.run && p.test(l.text, lower))) out[c].push(l.line);
      else if (!ranOnce.has(c) && words[c].some((p) => p.run && p.test(l.text, lower))) {
        ranOnce.add(c);
        out[c].push(l.line);
      }
    }
  }
  return out;
}

/**
 * How many lines of the other kinds it takes, and by how much they must outnumber the report's own, before the
 * speaker is not reporting (notes/holdout.md Round 26e: chosen on holdout15–19, measured on every other readable set).
 */
export const NOT_REPORTING_MIN = 3;
export const NOT_REPORTING_RATIO = 3;

/**
 * `reporting` when a line reports the failure (first person, a pasted log line) and the other kinds do not
 * outweigh it; `describing` / `proposing` / `tracking` (whichever has most lines) when they hold at least
 * NOT_REPORTING_MIN lines and NOT_REPORTING_RATIO times the report's lines; nothing when no line decides.
 * A short excerpt of error lines has no sign at all: absence of a report sign is never a hold.
 */
export function deriveSpeaker(lines: readonly LineRef[], words: SpeakerWords = speakerWords()): { speaker?: Speaker; speakerLines?: number[] } {
  const s = speakerSigns(lines, words);
  const own = s.reporting.length + s.log.length;
  const kinds = (['describing', 'proposing', 'tracking'] as const).filter((k) => s[k].length);
  const other = new Set(kinds.flatMap((k) => s[k])).size;
  if (other >= NOT_REPORTING_MIN && other >= NOT_REPORTING_RATIO * own) {
    const top = kinds.reduce((a, b) => (s[b].length > s[a].length ? b : a));
    return { speaker: top, speakerLines: [...new Set(kinds.flatMap((k) => s[k]))].sort((a, b) => a - b) };
  }
  if (own) return { speaker: 'reporting', speakerLines: [...new Set([...s.reporting, ...s.log])].sort((a, b) => a - b) };
  return {};
}
