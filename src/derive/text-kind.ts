// What kind of text the paste is (issue #12 item 7): `guide` when a line marks it as a guide,
// tutorial, docs page, runbook or troubleshooting table (lexicon `guideText.marks`: a
// Troubleshooting/FAQ heading, an error → fix table header, 常见问题/排查步骤/教程) and no line has its
// author report a failure they have now (`guideText.firstPerson`: I get, my gateway, 我的网关, 我遇到).
// Such a text quotes OpenClaw's error lines to explain them; the engine holds back rules whose only
// evidence is the paste (src/engine/evaluate.ts) and says the text mentions them. Pure over the kept
// lines; the words are lexicon data (lexicon/*.json, read once, lazily).
import { readdirSync, readFileSync } from 'node:fs';
import type { LineRef, PasteKindFacts } from '../types.js';
import { pkgPath } from '../shared/paths.js';

interface GuideWords {
  marks: RegExp[];
  firstPerson: RegExp[];
}

let cached: GuideWords | undefined;

function guideWords(): GuideWords {
  if (cached) return cached;
  const dir = pkgPath('lexicon');
  const out: GuideWords = { marks: [], firstPerson: [] };
  // Only the language lexicons (`en.json`, `zh.json`): the Control UI string tables and model.json
  // hold no guide words, and parsing them all costs ~5 ms per run.
  for (const name of readdirSync(dir).filter((n) => /^[a-z]{2}\.json$/.test(n)).sort()) {
    let g: { marks?: string[]; firstPerson?: string[] } | undefined;
    try {
      g = (JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as { guideText?: typeof g }).guideText;
    } catch {
      // A damaged lexicon file gives no guide words (the text is then never a guide): the run goes on.
      continue;
    }
    if (!g) continue;
    for (const s of g.marks ?? []) out.marks.push(new RegExp(s, 'i'));
    for (const s of g.firstPerson ?? []) out.firstPerson.push(new RegExp(s, 'i'));
  }
  return (cached = out);
}

export function deriveTextKind(lines: readonly LineRef[]): PasteKindFacts {
  const { marks, firstPerson } = guideWords();
  const mark = lines.find((l) => marks.some((m) => m.test(l.text)));
  if (!mark) return {};
  if (lines.some((l) => firstPerson.some((p) => p.test(l.text)))) return {};
  return { textKind: 'guide', textKindLine: mark.line };
}
