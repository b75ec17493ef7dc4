// What kind of text the paste is (issue #12 item 7): `guide` when a line marks it as a guide,
// tutorial, docs page, runbook or troubleshooting table (lexicon `guideText.marks`: a
// Troubleshooting/FAQ heading, an error → fix table header, 常见问题/排查步骤/教程; a docs or feature PR's
// title, a skill page's or blog post's opener, release notes) and no line has its author report a
// failure they have now (`guideText.firstPerson`: I get, my gateway, 我的网关, 我遇到, an issue
// template's steps to reproduce). Without a mark, the whole paste's shape may still make it a guide
// (src/derive/text-shape.ts: describe signs and no report sign; `textKindBy` says which decided).
// Such a text quotes OpenClaw's error lines to explain them; the engine holds back rules whose only
// evidence is the paste (src/engine/evaluate.ts) and says the text mentions them. Pure over the kept
// lines; the words are lexicon data (lexicon/*.json `guideText`), read once, lazily, from the head of
// the built index (dist/lexicon.index.json; src/shared/lexicon-files.ts `loadGuideText`).
import type { LineRef, PasteKindFacts } from '../types.js';
import { loadGuideText } from '../shared/lexicon-files.js';
import { describesFailureModes } from './text-shape.js';

interface GuideWords {
  /** Every mark in one alternation: one compile and one test per line (most pastes have no mark). */
  marks: RegExp | undefined;
  firstPerson: RegExp | undefined;
}

let cached: GuideWords | undefined;

const anyOf = (sources: string[]): RegExp | undefined => (sources.length ? new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'i') : undefined);

function guideWords(): GuideWords {
  if (cached) return cached;
  const g = loadGuideText();
  return (cached = { marks: anyOf(g.marks), firstPerson: anyOf(g.firstPerson) });
}

export function deriveTextKind(lines: readonly LineRef[]): PasteKindFacts {
  const { marks, firstPerson } = guideWords();
  const mark = marks && lines.find((l) => marks.test(l.text));
  if (!mark) {
    // No mark: the whole paste's shape (text-shape.ts) may still say it describes failure modes.
    const shape = describesFailureModes(lines, firstPerson);
    return shape ? { textKind: 'guide', textKindLine: shape.line, textKindBy: 'shape' } : {};
  }
  if (firstPerson && lines.some((l) => firstPerson.test(l.text))) return {};
  return { textKind: 'guide', textKindLine: mark.line, textKindBy: 'mark' };
}
