// Another language is data, not code (issue #12 §5; notes/holdout.md Round 33d): a language file added to a copy of
// the story lexicon, through the same loader the CLI uses (storyWords(dir), gates from scripts/story-gates' gatesOf),
// brings its own denials, clause stops, placeholder and generic words — no change to src/derive/story.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveStory } from '../../src/derive/story.js';
import { STORY_DIR, STORY_GATES_FILE, storyFiles, storyWords, type StoryWords, type StoryWordsFile } from '../../src/shared/story-words.js';
import { gatesOf, gatesText } from '../../src/shared/story-gates.js';

/** Italian, which no shipped file has: a denial, its turn words, what a colon introduces, and denied things that name nothing. */
const ITALIAN: StoryWordsFile = {
  denied: ['\\b(?:non|mai) (?:mi )?(?:appare|vedo|mostra)\\b'],
  denialStop: ['\\b(?:tranne|soltanto)\\b'],
  placeholder: ['^(?:questo|quello|questo errore)$'],
  genericDenied: ['^(?:niente|nessuna connessione)\\b'],
};

const spans = (words: StoryWords, text: string): string[] =>
  (deriveStory([{ line: 1, text }], {}, words).story?.denied ?? []).map((d) => text.slice(d.at, d.end));

describe('a new story language is one file (no code change)', () => {
  let dir: string;
  let shipped: StoryWords;
  let withItalian: StoryWords;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'story-lang-'));
    cpSync(STORY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'it.json'), JSON.stringify(ITALIAN));
    // The gates are regenerated as scripts/story-gates.mjs would, so the gated path is the one tried.
    writeFileSync(join(dir, STORY_GATES_FILE), gatesText(gatesOf(storyFiles(dir))));
    shipped = storyWords();
    withItalian = storyWords(dir);
  });
  afterAll(() => {
    for (const d of [dir, ...made]) rmSync(d, { recursive: true, force: true });
  });

  it('gives the new file\'s patterns gates (the same generated path as the shipped languages)', () => {
    expect(withItalian.denialStop.find((p) => p.source === ITALIAN.denialStop![0])?.gate).toEqual(['soltanto', 'tranne']);
  });

  it('reads its denial, ended by its own stop word', () => {
    const text = 'non vedo relay not running tranne EADDRINUSE';
    expect(spans(shipped, text)).toEqual([]);
    expect(spans(withItalian, text)).toEqual(['relay not running ']);
  });

  it('ends the span at its placeholder before a colon, and drops a denial naming nothing', () => {
    expect(spans(withItalian, 'non vedo questo: Gateway failed to start')).toEqual(['questo']);
    expect(spans(withItalian, 'non mi appare niente soltanto Gateway failed to start')).toEqual([]);
    expect(spans(withItalian, 'non mi appare nessuna connessione')).toEqual([]);
    // Without those lists the same lines deny the error itself: the file's words are what changed the answer.
    const bare = storyWords(writeLang({ denied: ITALIAN.denied }));
    expect(spans(bare, 'non vedo questo: Gateway failed to start')).toEqual(['questo: Gateway failed to start']);
    expect(spans(bare, 'non mi appare niente soltanto Gateway failed to start')).toEqual(['niente soltanto Gateway failed to start']);
  });

  it('keeps every shipped language\'s stops and generic words beside it (the files are merged)', () => {
    expect(spans(withItalian, 'mine never said relay not running, only token mismatch')).toEqual(['relay not running']);
    expect(spans(withItalian, 'mine never said relay not running except once')).toEqual(['relay not running ']);
    expect(spans(withItalian, "I don't get anything")).toEqual([]);
  });
});

/** A story directory holding only `file` (no gates: every pattern tried). */
const made: string[] = [];
function writeLang(file: StoryWordsFile): string {
  const d = mkdtempSync(join(tmpdir(), 'story-lang-bare-'));
  made.push(d);
  writeFileSync(join(d, 'it.json'), JSON.stringify(file));
  return d;
}
