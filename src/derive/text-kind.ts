// What kind of text the paste is (issue #12 item 7): `guide` when a line marks it as a guide,
// tutorial, docs page, runbook or troubleshooting table (lexicon `guideText.marks`: a
// Troubleshooting/FAQ heading, an error → fix table header, 常见问题/排查步骤/教程) and no line has its
// author report a failure they have now (`guideText.firstPerson`: I get, my gateway, 我的网关, 我遇到).
// Such a text quotes OpenClaw's error lines to explain them; the engine holds back rules whose only
// evidence is the paste (src/engine/evaluate.ts) and says the text mentions them. Pure over the kept
// lines; the words are lexicon data (lexicon/*.json `guideText`), read once, lazily, from the head of
// the built index (dist/lexicon.index.json; src/rules/lexicon.ts `loadGuideText`).
import type { LineRef, PasteKindFacts } from '../types.js';
import { loadGuideText } from '../rules/lexicon.js';

interface GuideWords {
  marks: RegExp[];
  firstPerson: RegExp[];
}

let cached: GuideWords | undefined;

function guideWords(): GuideWords {
  if (cached) return cached;
  const g = loadGuideText();
  return (cached = { marks: g.marks.map((s) => new RegExp(s, 'i')), firstPerson: g.firstPerson.map((s) => new RegExp(s, 'i')) });
}

export function deriveTextKind(lines: readonly LineRef[]): PasteKindFacts {
  const { marks, firstPerson } = guideWords();
  const mark = lines.find((l) => marks.some((m) => m.test(l.text)));
  if (!mark) return {};
  if (lines.some((l) => firstPerson.some((p) => p.test(l.text)))) return {};
  return { textKind: 'guide', textKindLine: mark.line };
}
