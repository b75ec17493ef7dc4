// The story facts of a raw paste, derived as the pipeline derives them (the text kind first: a guide's
// lines and a table's rows tell no story). Shared by the story tests.
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveStory } from '../../src/derive/story.js';
import { deriveTextKind } from '../../src/derive/text-kind.js';
import type { PasteStory } from '../../src/types.js';

/** The story of `text`; undefined when nothing in it tells one. */
export async function storyOf(text: string): Promise<PasteStory | undefined> {
  const kept = (await pasteFromString(text)).kept;
  return deriveStory(kept, deriveTextKind(kept)).story;
}

/** The spans of one line the reporter denies seeing (`story.denied`), as text. */
export async function deniedSpans(line: string): Promise<string[]> {
  return ((await storyOf(line))?.denied ?? []).map((d) => line.slice(d.at, d.end));
}
