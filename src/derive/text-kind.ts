// What kind of text the paste is (issue #12 item 7): `guide` when a line marks it as a guide,
// tutorial, docs page, runbook or troubleshooting table (lexicon `guideText.marks`: 常见问题/排查步骤/教程;
// a docs or feature PR's title, a skill page's or blog post's opener, release notes) and no line has its
// author report a failure they have now (`guideText.firstPerson`: I get, my gateway, 我的网关, 我遇到, an
// issue template's steps to reproduce). Without a mark, the whole paste's shape may still make it a guide
// (src/derive/text-shape.ts: describe signs and no report sign; `textKindBy` says which decided), and so
// may an English Troubleshooting/FAQ heading, an error → fix table header or "If the log says …" — only
// beside a line pairing a failure with what to do and with no report sign, holding only what its rows
// quote (`namedGuide`) — entries of one label template (Symptom:/Cause:/Fix: again and again, any language;
// `labelledEntries`, holding its entries) — and a zh guide heading beside a line in a guide's words (`corroboratedMark`);
// as marks they decided alone.
// Such a text quotes OpenClaw's error lines to explain them; the engine holds back rules whose only
// evidence is the paste (src/engine/evaluate.ts) and says the text mentions them. Pure over the kept
// lines; the words are lexicon data (lexicon/*.json `guideText`), read once, lazily, from the head of
// the built index (dist/lexicon.index.json; src/shared/lexicon-files.ts `loadGuideText`).
import type { LineRef, PasteKindFacts } from '../types.js';
import { loadGuideText } from '../shared/lexicon-files.js';
import { corroboratedMark, describesFailureModes, labelledEntries, mayHoldCover, namedGuide, shapeSigns, troubleshootingTableRows, type ShapeSigns } from './text-shape.js';

interface GuideWords {
  /** Every mark in one alternation: one compile and one test per line (most pastes have no mark). Made at first use. */
  marks: () => RegExp | undefined;
  /** What every match of the marks contains (the build's cover), when known. */
  marksCover: string[][] | undefined;
  firstPerson: () => RegExp | undefined;
  /** The shape judgement's words (lexicon `guideText.shape`), compiled at first use. */
  shape: () => ShapeSigns | undefined;
}

let cached: GuideWords | undefined;

/** The words as one case-insensitive alternation (scripts/build-lexicon.mjs computes the marks' cover of this source). */
export const GUIDE_FLAGS = 'i';
export const alternationOf = (sources: readonly string[]): string => sources.map((s) => `(?:${s})`).join('|');
function anyOf(sources: string[]): () => RegExp | undefined {
  let re: RegExp | undefined;
  return () => (re ??= sources.length ? new RegExp(alternationOf(sources), GUIDE_FLAGS) : undefined);
}

function guideWords(): GuideWords {
  if (cached) return cached;
  const g = loadGuideText();
  let shape: ShapeSigns | undefined;
  const words = g.shape;
  return (cached = { marks: anyOf(g.marks), marksCover: g.marksCover, firstPerson: anyOf(g.firstPerson), shape: () => (shape ??= words && shapeSigns(words, g.headingsCover)) });
}

/**
 * Whether the lines may hold a mark: some conjunction of the marks' cover has each literal in the text
 * (text-shape.ts `mayHoldCover`; a paste over 4,096 characters is tested line by line, as before). The
 * marks' alternation takes ~5–15 ms to compile case-insensitively (issue #13: most of a small paste's
 * regex compilation); a paste without the words never needs it.
 */
export const mayHoldMark = (cover: string[][] | undefined, lines: readonly LineRef[]): boolean => mayHoldCover(cover, lines);

/** The lexicon's first-person lines as one alternation (compiled at first use), for readers of one section. */
export const firstPersonWords = (): RegExp | undefined => guideWords().firstPerson();

export function deriveTextKind(lines: readonly LineRef[]): PasteKindFacts {
  const words = guideWords();
  const marks = mayHoldMark(words.marksCover, lines) ? words.marks() : undefined;
  const mark = marks && lines.find((l) => marks.test(l.text));
  if (!mark) {
    // No mark: the whole paste's shape (text-shape.ts) may still say it describes failure modes.
    const shape = describesFailureModes(lines, words.firstPerson, words.shape() ?? null);
    if (shape) return { textKind: 'guide', textKindLine: shape.line, textKindBy: 'shape' };
    // A heading naming a guide decides only with a failure paired with what to do and no report sign,
    // and holds only what its rows quote (a report with a docs table appended keeps its own findings).
    const named = namedGuide(lines, words.firstPerson, words.shape() ?? null);
    if (named) return { textKind: 'guide', textKindLine: named.line, textKindBy: 'mark', heldRows: named.rows };
    // Entries of one label template (Symptom:/Cause:/Fix: again and again) hold their own lines, like a heading's rows.
    const entries = labelledEntries(lines, words.firstPerson, words.shape() ?? null);
    if (entries) return { textKind: 'guide', textKindLine: entries.line, textKindBy: 'shape', heldRows: entries.rows };
    const zh = corroboratedMark(lines, words.firstPerson, words.shape() ?? null);
    if (zh) return { textKind: 'guide', textKindLine: zh.line, textKindBy: 'mark' };
    // A report: a troubleshooting table in it still holds what rests only on its rows (review20a item 3).
    const table = troubleshootingTableRows(lines, words.shape() ?? null);
    return table.length ? { heldRows: table } : {};
  }
  const firstPerson = words.firstPerson();
  if (firstPerson && lines.some((l) => firstPerson.test(l.text))) return {};
  return { textKind: 'guide', textKindLine: mark.line, textKindBy: 'mark' };
}
