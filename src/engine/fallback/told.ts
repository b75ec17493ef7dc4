// What the fallback may guess from: the reporter's own live telling, by the same story facts the rules stand down on
// (src/derive/story.ts; the engine's `standsDown`, src/engine/conditions.ts). A quoting phrase's span inside a reporter's
// line ("The docs say X | but mine shows …") and a denied span ("mine never said X") are blanked, so their words suggest
// nothing.
// A fix statement (the story's `resolved`) does NOT cut the lines before it here: measured (notes/fallback.md Round 33a)
// it cleared 1 readable negative and lost a right first answer on a fresh set — a report that says how it was fixed
// still names its cause. answer.ts says the report is fixed when nothing is guessed and nothing after it looks like a
// connection problem (the undiagnosed answer's `resolved`).
// Whole quoted lines (`story.quoted`: a PR's or feature request's title, a `## Troubleshooting` block) are NOT dropped:
// measured on the readable sets (notes/fallback.md Round 33a) it cleared 3 negatives for 5 right answers lost — the
// corpora label a PR or feature request about a connection cause with that cause, and its title is most of its words.
// A text quoted as a whole is the speaker's (answer.ts: `notReporting`) and the guide's (`guideNote`) already.
import type { LineRef, PasteStory, StoryDenial } from '../../types.js';

/** `text` with the spans [at, end) blanked (spaces keep the other words' offsets). */
function blank(text: string, spans: readonly StoryDenial[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.at) + ' '.repeat(Math.max(0, Math.min(s.end, out.length) - s.at)) + out.slice(s.end);
  return out;
}

/** The lines to read: spans blanked (same line numbers; a line left blank is dropped). */
export function toldLines(lines: readonly LineRef[], story: PasteStory | undefined): LineRef[] {
  const spans = new Map<number, StoryDenial[]>();
  for (const s of [...(story?.quotedSpans ?? []), ...(story?.denied ?? [])]) spans.set(s.line, [...(spans.get(s.line) ?? []), s]);
  if (spans.size === 0) return [...lines];
  const out: LineRef[] = [];
  for (const l of lines) {
    const own = spans.get(l.line);
    const text = own ? blank(l.text, own) : l.text;
    if (text.trim()) out.push(text === l.text ? l : { ...l, text });
  }
  return out;
}
