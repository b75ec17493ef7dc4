// Over ~300 lines on purpose: one judgement (describes or reports) and the guide rows it holds (a heading's, a table's, a catalogue's entries), over the same compiled shape signs.
// Does the whole paste *describe* failure modes (a guide, docs page, article, runbook) or *report* one
// (issue #12, precision)? Phrase marks (text-kind.ts) hold the guides they were written from and few
// new ones; this is a judgement over the paste's shape instead. Report signs: any one of them and the
// text is a report — one run's output (a clock time, a log level, a stack frame, a shell prompt), a
// first-person word, an issue template's fields, one machine's version + OS. Describe signs, counted
// only when no report sign is present: a title-case headline over the text (weighs 2), the reader
// addressed (you/your, 你/您), advice to the reader ("if you …"), generalising (often, common,
// usually), placeholders for the reader's values (<id>, YOUR_TOKEN), markdown headings. Three points
// make a description. The words are closed-class (pronouns, frequency adverbs), not failure phrases.
// Calibrated on every readable corpus set: no connection report there is judged a description.
// The words of each language are lexicon data (lexicon/*.json `guideText.shape`, merged by
// src/shared/lexicon-files.ts); only the structural signs below are code.
import type { ShapeEntry, ShapeWords } from '../engine/fallback/types.js';
import { loadGuideText } from '../shared/lexicon-files.js';
import type { LineRef } from '../types.js';

/** One run's output, in any language: any one line with one of these makes the paste a report. */
const REPORT_LINE: readonly RegExp[] = [
  /\b\d{1,2}:\d{2}:\d{2}\b|\b20\d\d-\d\d-\d\d[T ]\d/, // a clock time, an ISO timestamp
  /^\s{0,8}\[?(?:info|warn|warning|error|debug|trace|fatal)\]?[: ]|\[(?:info|warn|warning|error|debug|ws|gateway|agent|telegram|discord)\]/i,
  /^\s{0,12}at\s[^\n]{0,400}(?::\d{1,6}:\d{1,6}\)?|<anonymous>\)?|native\)?)\s{0,4}$/, // a stack frame (indent may be lost)
  /^\s{0,8}(?:\$|❯|➜|%|PS [A-Z]:\\[^>\n]{0,200}>|[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s$#]{0,200})?[$#%])\s\S/, // a shell prompt
];

/**
 * The lexicon's shape words, compiled: one RegExp per entry, each group at its first use (issue #13: a
 * small error paste is judged a report by its report signs and never reads the describe, mode or pair signs).
 */
export interface ShapeSigns {
  /** First person, an issue template's fields, a version field, a help request: one on any line makes a report. */
  readonly reports: readonly RegExp[];
  /** Describe signs by name, each tested over the whole text and scoring 1 once (any of its entries). */
  readonly describes: ReadonlyArray<readonly RegExp[]>;
  /** Failure modes in order, each any of its entries. */
  readonly modes: ReadonlyArray<readonly RegExp[]>;
  /** Words a title-case headline leaves in lower case. */
  readonly small: ReadonlySet<string>;
  /** A heading, label or table header naming a guide (never decides alone: namedGuide). */
  readonly headings: readonly RegExp[];
  /** What every match of a heading contains (the build's cover, GuideText `headingsCover`), when known. */
  readonly headingsCover?: readonly (readonly string[])[];
  /** A line pairing a quoted failure with what to do: one of `if` and one of `do`. */
  readonly pairs: { if: readonly RegExp[]; do: readonly RegExp[] };
  /** A heading that decides only beside another line of `with` and with no line of `not` (corroboratedMark). */
  readonly corroborated: { marks: readonly RegExp[]; with: readonly RegExp[]; not: readonly RegExp[] };
}

const compile = (e: ShapeEntry): RegExp => (typeof e === 'string' ? new RegExp(e, 'i') : new RegExp(e.regex, e.flags));
/** `make()` once, at the first call. */
const once = <T>(make: () => T): (() => T) => {
  let v: T | undefined;
  return () => (v ??= make());
};

export function shapeSigns(w: ShapeWords, headingsCover?: readonly (readonly string[])[]): ShapeSigns {
  const reports = once(() => w.reports.map(compile));
  const describes = once(() => Object.values(w.describes).map((es) => es.map(compile)));
  const modes = once(() => Object.values(w.modes).map((es) => es.map(compile)));
  const small = once(() => new Set(w.titleSmallWords.map((x) => x.toLowerCase())));
  const headings = once(() => (w.headings ?? []).map(compile));
  const pairs = once(() => ({ if: (w.pairs?.if ?? []).map(compile), do: (w.pairs?.do ?? []).map(compile) }));
  const corroborated = once(() => ({
    marks: (w.corroborated?.marks ?? []).map(compile),
    with: (w.corroborated?.with ?? []).map(compile),
    not: (w.corroborated?.not ?? []).map(compile),
  }));
  return {
    get reports() {
      return reports();
    },
    get describes() {
      return describes();
    },
    get modes() {
      return modes();
    },
    get small() {
      return small();
    },
    get headings() {
      return headings();
    },
    ...(headingsCover ? { headingsCover } : {}),
    get pairs() {
      return pairs();
    },
    get corroborated() {
      return corroborated();
    },
  };
}

let lexiconSigns: ShapeSigns | null | undefined;
/** The signs from the lexicon, read once and compiled group by group; null: no lexicon has them (then nothing is judged by shape). */
function signsFromLexicon(): ShapeSigns | null {
  if (lexiconSigns === undefined) {
    const g = loadGuideText();
    lexiconSigns = g.shape ? shapeSigns(g.shape, g.headingsCover) : null;
  }
  return lexiconSigns;
}

/** The largest paste (characters, newlines counted) whose lines are searched for a cover's literals first; a larger one is tested line by line. */
const COVER_MAX_CHARS = 4096;

/**
 * Whether the lines may hold a match of patterns whose cover (OR of ANDs) is `cover`: some conjunction has
 * each literal in the text. The cover's literals are ASCII-folded and hold no character with a non-ASCII
 * case variant, so the lower-cased text holds every occurrence (it can only hold more: a superset, never a
 * missed match). Joined by newlines: no literal holds one. No cover, or a paste over 4,096 characters: true.
 */
export function mayHoldCover(cover: readonly (readonly string[])[] | undefined, lines: readonly LineRef[]): boolean {
  if (!cover) return true;
  let chars = 0;
  for (const l of lines) if ((chars += l.text.length + 1) > COVER_MAX_CHARS) return true;
  const text = lines.map((l) => l.text).join('\n').toLowerCase();
  return cover.some((conj) => conj.every((lit) => text.includes(lit)));
}

/** A line that is only an OpenClaw failure line: pasted output, not quoted in prose, a heading, list or table. */
const FAILURE_LINE = /^(?:disconnected \(\d{4}\)|gateway closed \(\d{4}|unauthorized:|Gateway failed to start:|origin not allowed|Error: )[^\n`]{0,400}$/;

/** The line without its `>` quote and backtick wrapper (stripped in code: one pattern, few paths). */
function bareFailure(text: string): boolean {
  let t = text.trim();
  if (t.startsWith('>')) t = t.slice(1).trimStart();
  while (t.startsWith('`')) t = t.slice(1);
  while (t.endsWith('`')) t = t.slice(0, -1);
  return FAILURE_LINE.test(t.trim());
}
/** One machine: a release and an OS on one line (two tests, no lookahead scan). */
const RELEASE = /\b(?:v?20\d\d\.\d{1,2}\.\d{1,2}|v\d{2}\.\d{1,3}\.\d{1,3})\b/;
const OS = /\b(?:macos|darwin|ubuntu|debian|windows|linux|wsl2?|arm64|x64)\b/i;

const anyOf = (rs: readonly RegExp[], text: string): boolean => rs.some((r) => r.test(text));

/** A rough compile cost (V8 compiles a regex at its first test): ~0.02–0.8 ms each on Node 22, growing with length, `i`, `u`. */
const weight = (r: RegExp): number => r.source.length * (r.ignoreCase ? 2 : 1) * (r.unicode ? 3 : 1);
const ordered = new WeakMap<ShapeSigns, ReadonlyArray<(text: string) => boolean>>();
/** Each report sign (code's and the lexicon's) as a line test, the cheapest to compile first (a clock time, common in logs, is among the first). */
function reportSigns(signs: ShapeSigns): ReadonlyArray<(text: string) => boolean> {
  let list = ordered.get(signs);
  if (!list) {
    list = [
      ...[...REPORT_LINE, ...signs.reports].map((r) => [(text: string) => r.test(text), weight(r)] as const),
      [bareFailure, weight(FAILURE_LINE)] as const,
      [(text: string) => RELEASE.test(text) && OS.test(text), weight(RELEASE) + weight(OS)] as const,
    ]
      .sort((x, y) => x[1] - y[1])
      .map(([sign]) => sign);
    ordered.set(signs, list);
  }
  return list;
}
/**
 * Any report sign on any line. Sign by sign over the lines, not line by line (the same answer): a paste
 * that shows a cheap sign anywhere never compiles the costly ones — a small error paste whose first line
 * holds no sign used to compile all of them (~2.3 ms on Node 22).
 */
const reports = (lines: readonly LineRef[], signs: ShapeSigns): boolean => reportSigns(signs).some((sign) => lines.some((l) => sign(l.text)));

/** An OpenClaw command a guide tells the reader to run. */
const COMMAND = /\bopenclaw (?:status|logs|doctor|gateway|devices|config|dashboard|onboard|restart|update|pairing)\b/i;

/**
 * Whether the lines read as a guide's body (guide-section.ts): two failure modes or more on their lines (a
 * report tells mostly one), a line pairing a failure with what to do (`pairs`, as namedGuide reads them), or a
 * describe sign (the reader addressed, advice, "usually", a placeholder) beside what to do (`pairs.do`, an
 * OpenClaw command) — "when you open it, it says …" alone is a report's. No lexicon shape words: false.
 */
export const guideBody = (lines: readonly LineRef[]): boolean => {
  const signs = signsFromLexicon();
  if (!signs) return false;
  const has = (rs: readonly RegExp[]): boolean => lines.some((l) => anyOf(rs, l.text));
  // Two modes on two lines, or three anywhere ("disconnected (1008): pairing required" names a close code and pairing on one line).
  if (modesQuoted(lines, signs.modes) >= 2 || signs.modes.filter(has).length >= 3) return true;
  if (lines.some((l) => anyOf(signs.pairs.if, l.text) && anyOf(signs.pairs.do, l.text) && signs.modes.some((rs) => anyOf(rs, l.text)))) return true;
  return signs.describes.some(has) && (has(signs.pairs.do) || has([COMMAND]));
};

/** A condition a guide puts a failure under (if/when …, any language's few words) — a report's line states it instead. */
const CONDITION = /\b(?:if|when|whenever|unless|once|wenn|falls|si|cuando|quand|se)\b|如果|若|当|場合|なら|とき|если|когда/i;
/** A heading, list or table entry: a guide's layout, not a sentence stating what happened (a `>` or backtick line may be the reporter's). */
const LAYOUT = /^\s{0,8}(?:#|[-*+]\s|\d{1,2}[.)]\s|\|)/;

/**
 * Whether a line states that a failure happened (review34c: "today the same ECONNREFUSED is there", "it is
 * broken on 2026.3: ECONNREFUSED …"): a line naming exactly one failure mode with no condition over it, no
 * instruction (`pairs.do`) and no describe sign (the reader, advice, "usually", a placeholder). A guide puts
 * its failures under an if/when, beside what to do, in its layout (headings, lists, tables) or several on one
 * line (a contents line).
 */
export const failureStated = (lines: readonly LineRef[]): boolean => {
  const signs = signsFromLexicon();
  if (!signs) return false;
  return lines.some(
    (l) =>
      !LAYOUT.test(l.text) &&
      signs.modes.filter((rs) => anyOf(rs, l.text)).length === 1 && // two or more on one line: a catalogue's list
      !CONDITION.test(l.text) &&
      !anyOf(signs.pairs.if, l.text) &&
      !anyOf(signs.pairs.do, l.text) &&
      !signs.describes.some((rs) => anyOf(rs, l.text)),
  );
};

/** Any report sign (code's and the lexicon's) on any of the lines; no lexicon shape words: code's alone. */
export const reportsIn = (lines: readonly LineRef[]): boolean => {
  const signs = signsFromLexicon();
  return signs ? reports(lines, signs) : lines.some((l) => REPORT_LINE.some((r) => r.test(l.text)) || bareFailure(l.text));
};

/** A describe sign of no language: markdown headings (the lexicon's are the reader, advice, generalising, placeholders). */
const HEADING_LINE: readonly RegExp[] = [/^\s{0,8}#{1,6}\s\S/m];

/**
 * Describe points when each line gives at most one and each sign scores once: the largest matching of
 * signs to lines (a sign takes another line when its first is taken — augmenting paths; at most 5 signs).
 */
function pointsByLine(lines: readonly LineRef[], shown: ReadonlyArray<readonly RegExp[]>): number {
  // A sign needs no more than `shown.length` candidate lines to be matched whenever it can be.
  const on = shown.map((rs) => {
    const at: number[] = [];
    for (let i = 0; i < lines.length && at.length < shown.length; i++) if (anyOf(rs, lines[i]!.text)) at.push(i);
    return at;
  });
  const owner = new Map<number, number>(); // line index → sign
  const place = (sign: number, seen: Set<number>): boolean => {
    for (const i of on[sign]!) {
      if (seen.has(i)) continue;
      seen.add(i);
      const other = owner.get(i);
      if (other === undefined || place(other, seen)) return owner.set(i, sign), true;
    }
    return false;
  };
  return on.reduce((n, _, sign) => n + (place(sign, new Set()) ? 1 : 0), 0);
}

/**
 * How many distinct failure modes the text's lines name. A guide quotes several (held guides quote 3+);
 * a report, even one with describe signs, mostly one — so a shape-only judgement needs two distinct ones
 * (review17b: an error inline in a sentence). A line counts as the first mode it names (most specific first).
 */
function modesQuoted(lines: readonly LineRef[], modes: ShapeSigns['modes']): number {
  const seen = new Set<number>();
  for (const l of lines) {
    const m = modes.findIndex((rs) => anyOf(rs, l.text));
    if (m >= 0) seen.add(m);
    if (seen.size >= 2) break; // only "two or more" matters
  }
  return seen.size;
}

/** A title-case headline: 3+ content words, 3 in 4 capitalised, no sentence end, no issue tag, no release. */
function headline(line: string, small: ReadonlySet<string>): boolean {
  const text = line.trim();
  // An issue tag, a table row, a release or a dated entry (a worklog's "2026-02-24 - …") is no headline.
  if (/[.!?。？！:]$/.test(text) || /^[[|]|\bv?20\d\d[.-]\d/.test(text)) return false;
  const big = (text.match(/\p{L}[\p{L}'’-]{0,60}/gu) ?? []).filter((w) => !small.has(w.toLowerCase()));
  return big.length >= 3 && big.filter((w) => /^\p{Lu}/u.test(w)).length / big.length >= 0.75;
}

export interface TextShape {
  /** Describe points (0 when any report sign is present). */
  describes: number;
  /** The line that best shows it: the headline, else the first line. */
  line: number;
}

/**
 * A page, not a dump: a guide or docs page pasted whole is tens of KB; past this no shape judgement
 * (it holds nothing, so a 1 MB paste costs what it did before the judgement — review17b item 5).
 */
export const SHAPE_MAX_CHARS = 200_000;

/**
 * The paste's shape, or undefined when it reports (a report sign, or fewer than 3 describe points).
 * `signs`: the lexicon's words (read once when not given); null, no words: nothing is judged by shape.
 */
export function describesFailureModes(
  lines: readonly LineRef[],
  firstPerson?: RegExp | (() => RegExp | undefined),
  signs: ShapeSigns | null = signsFromLexicon(),
): TextShape | undefined {
  if (!signs || !withinShapeSize(lines)) return undefined;
  // Report signs first: any one ends it before anything is copied.
  if (reports(lines, signs)) return undefined;
  // A table and a guide heading are namedGuide's to judge, per evidence (Round 23c: a docs table appended
  // to a report gave its heading and placeholder points and two modes): the shape reads the prose.
  const body = lines.filter((l) => l.text.trim() && !TABLE_ROW.test(l.text) && !TABLE_RULE.test(l.text) && !anyOf(signs.headings, l.text));
  if (body.length < 2) return undefined;
  const text = body.map((l) => l.text).join('\n');
  const first = body[0]!;
  // One line is not both the headline and a markdown heading (it would count twice).
  const titled = first.line === 1 && !/^\s{0,8}#/.test(first.text) && headline(first.text, signs.small);
  // Each sign is tested over the whole text first (one test each): most pastes end here.
  const shown = [HEADING_LINE, ...signs.describes].filter((rs) => anyOf(rs, text));
  if ((titled ? 2 : 0) + shown.length < 3) return undefined;
  // One line gives at most one point (the title, its 2): one advice line ("if you see …, approve <id>")
  // embedded in a report scored 3 on its own (Round 23c: 175 of 931 readable reports with findings silenced),
  // and under a title-case headline the points must come from two body lines (Round 23i: a title plus one
  // such line silenced 256 of 1,410 readable connection cases).
  const spread = pointsByLine(titled ? body.slice(1) : body, shown);
  const describes = (titled ? 2 : 0) + spread;
  if (describes < 3 || spread < 2) return undefined;
  // A title restates the error it is about: count the modes below it.
  const quoted = titled || /^\s{0,8}#/.test(first.text) ? body.slice(1) : body;
  if (modesQuoted(quoted, signs.modes) < 2) return undefined;
  // The lexicon's first-person lines last: their alternation costs ~7 ms to compile on Node 22, and most
  // pastes are decided above without it (same answer: every sign only vetoes).
  return saysFirstPerson(lines, firstPerson) ? undefined : { describes, line: first.line };
}

/** A page, not a dump (SHAPE_MAX_CHARS): past it no shape judgement. */
function withinShapeSize(lines: readonly LineRef[]): boolean {
  let size = 0;
  for (const l of lines) if ((size += l.text.length + 1) > SHAPE_MAX_CHARS) return false;
  return true;
}

/** Whether a line has its author report a failure they have now (the lexicon's first-person lines; compiled only when asked). */
function saysFirstPerson(lines: readonly LineRef[], firstPerson: RegExp | (() => RegExp | undefined) | undefined): boolean {
  const fp = typeof firstPerson === 'function' ? firstPerson() : firstPerson;
  return Boolean(fp && lines.some((l) => fp.test(l.text)));
}

/** A table row with two cells or more: a failure in one cell, what to do in another (`pairs.do`). */
const TABLE_ROW = /^\s{0,3}\|[^|\n]{1,300}\|[^|\n]{1,300}\|/;

/** A table's separator row (`|---|:--:|`): part of the table it heads. */
const TABLE_RULE = /^\s{0,3}\|(?:\s{0,3}:?-{3,80}:?\s{0,3}\|){1,12}\s{0,3}$/;

/** A guide that holds only what its own rows quote: the lines on which a held finding may rest. */
export interface NamedGuide {
  /** The heading's line. */
  line: number;
  /** The guide's rows: headings, lines pairing a failure with what to do, table rows. */
  rows: number[];
}

/**
 * A guide named by a heading, a label or a table header (## Troubleshooting, FAQ:, | Error | Fix |,
 * "If the log says …") — words a report can carry too (Round 22c: as marks deciding alone, one prepended
 * to every readable connection case silenced 1,351 of 1,558). It makes a guide only with what such a
 * guide holds: another line that quotes a failure mode beside what to do (the lexicon's `pairs`: a
 * condition or a table row, and a remedy), and no report sign or first-person line anywhere. It holds
 * per evidence (`rows`, Round 23c): a report with a docs table appended keeps what its own lines show.
 */
export function namedGuide(
  lines: readonly LineRef[],
  firstPerson?: RegExp | (() => RegExp | undefined),
  signs: ShapeSigns | null = signsFromLexicon(),
): NamedGuide | undefined {
  if (!signs || !withinShapeSize(lines) || !mayHoldCover(signs.headingsCover, lines) || !signs.headings.length) return undefined;
  // The heading first (compiled with the signs): most pastes have none and end here — the report signs,
  // already run over them by describesFailureModes, are not run again (every check only vetoes: same answer).
  const heading = lines.find((l) => anyOf(signs.headings, l.text));
  if (!heading || reports(lines, signs)) return undefined;
  const pairs = (l: LineRef): boolean =>
    (anyOf(signs.pairs.if, l.text) || TABLE_ROW.test(l.text)) && anyOf(signs.pairs.do, l.text) && signs.modes.some((rs) => anyOf(rs, l.text));
  if (!lines.some((l) => l !== heading && pairs(l))) return undefined;
  if (saysFirstPerson(lines, firstPerson)) return undefined;
  return { line: heading.line, rows: guideRows(lines, (l) => anyOf(signs.headings, l.text) || pairs(l)) };
}

/**
 * The rows of each troubleshooting table in the paste, whatever the rest of it is (review20a item 3): a
 * table whose header names errors and fixes (| Error | Fix |) or that sits under a guide heading
 * (## Troubleshooting), and that pairs a failure mode with what to do in a row. A report with such a
 * docs table appended is still a report, but what rests only on the table's rows is the table's.
 */
export function troubleshootingTableRows(lines: readonly LineRef[], signs: ShapeSigns | null = signsFromLexicon()): number[] {
  if (!signs || !withinShapeSize(lines) || !mayHoldCover(signs.headingsCover, lines) || !signs.headings.length) return [];
  const rows: number[] = [];
  for (const { table, before } of tables(lines)) {
    const headed = anyOf(signs.headings, table[0]!.text) || (before !== undefined && anyOf(signs.headings, before.text));
    const paired = table.some((l) => TABLE_ROW.test(l.text) && anyOf(signs.pairs.do, l.text) && signs.modes.some((rs) => anyOf(rs, l.text)));
    if (headed && paired) rows.push(...table.map((l) => l.line));
  }
  return rows;
}

/** Each run of table lines (rows and separators), with the last non-blank line before it. */
function tables(lines: readonly LineRef[]): Array<{ table: LineRef[]; before: LineRef | undefined }> {
  const out: Array<{ table: LineRef[]; before: LineRef | undefined }> = [];
  let before: LineRef | undefined;
  let table: LineRef[] = [];
  for (const l of lines) {
    if (isTableLine(l)) {
      if (!table.length) out.push({ table, before });
      table.push(l);
      continue;
    }
    table = [];
    if (l.text.trim()) before = l;
  }
  return out;
}

const isTableLine = (l: LineRef): boolean => TABLE_ROW.test(l.text) || TABLE_RULE.test(l.text);

/**
 * The guide's rows: each line `guide` says is one (a heading, a pair), and every row of a table that holds
 * one — a report's own results table (no failure paired with a fix, no error → fix header) stays the report's.
 */
function guideRows(lines: readonly LineRef[], guide: (l: LineRef) => boolean): number[] {
  const rows = lines.filter((l) => !isTableLine(l) && guide(l)).map((l) => l.line);
  for (const { table } of tables(lines)) if (table.some(guide)) rows.push(...table.map((l) => l.line));
  return rows.sort((a, b) => a - b);
}

/**
 * A heading that names a guide in a language whose guides carry no if/then pairs (zh 故障排查, 常见问题,
 * …指南): as a mark it decided alone (prepended to every readable connection case it made 1,293 of 1,410
 * guides, Round 23c). It decides only with another line in a guide's own words (`corroborated.with`: a
 * cause or fix label, generalising, advice to the reader, a docs page's words) and no line in a report's
 * (`corroborated.not`, `firstPerson`). Docs pages quote logs and doctor output, so the structural report
 * signs do not veto it (as they never vetoed the mark). The whole paste is held, as for a mark.
 */
export function corroboratedMark(
  lines: readonly LineRef[],
  firstPerson?: RegExp | (() => RegExp | undefined),
  signs: ShapeSigns | null = signsFromLexicon(),
): { line: number } | undefined {
  const c = signs?.corroborated;
  if (!c?.marks.length || !withinShapeSize(lines)) return undefined;
  const mark = lines.find((l) => anyOf(c.marks, l.text));
  if (!mark || !lines.some((l) => l !== mark && anyOf(c.with, l.text)) || lines.some((l) => anyOf(c.not, l.text))) return undefined;
  return saysFirstPerson(lines, firstPerson) ? undefined : { line: mark.line };
}

/**
 * A label opening a line ("Fix:", "Symptoms:", "Решение:", "現象：", "- **Cause**:"): a short word or two
 * before a colon and a space or the line's end (a URL's or a clock's colon is no label). Structural, any language.
 */
const LABEL = /^\s{0,6}(?:[-*]\s{1,3}|\d{1,2}[.)]\s{1,3})?(?:\*\*)?(\p{L}[\p{L}\p{M}\p{N}'’ -]{0,30}?)(?:\*\*)?\s{0,2}[:：](?:\*\*)?(?:\s|$)/u;
const labelOf = (text: string): string | undefined => {
  const w = LABEL.exec(text)?.[1]?.trim().toLowerCase();
  return w && w.split(' ').filter(Boolean).length <= 2 ? w : undefined;
};

/**
 * A catalogue of labelled entries (Symptom: / Cause: / Fix:, Ошибка: / Решение:, 現象: / 原因: / 解法:): the
 * same set of labels repeated entry after entry — a label comes back after another one — quoting two
 * failure modes or more, with no report sign and no first-person line anywhere (Round 24d: a README's
 * troubleshooting section, a handbook, a skill page; a report's one Cause/Fix block never repeats). The
 * labels are structure, not words. It holds only its entries' lines (`rows`): a report with such a catalogue
 * appended keeps what its own lines show.
 */
export function labelledEntries(
  lines: readonly LineRef[],
  firstPerson?: RegExp | (() => RegExp | undefined),
  signs: ShapeSigns | null = signsFromLexicon(),
): NamedGuide | undefined {
  if (!signs || !withinShapeSize(lines)) return undefined;
  const labelled = lines.flatMap((l, i) => {
    const w = labelOf(l.text);
    return w ? [{ i, w, text: l.text.trim() }] : [];
  });
  // Entries: the labels of one paragraph (no blank line between them), a new entry where a label repeats.
  // An entry of two labels or more is one of a template when another entry shares two of its labels.
  const entries: Array<{ at: number[]; words: Set<string> }> = [];
  let cur: { at: number[]; words: Set<string> } | undefined;
  for (const { i, w } of labelled) {
    if (!cur || cur.words.has(w) || !sameParagraph(lines, cur.at[cur.at.length - 1]!, i)) entries.push((cur = { at: [], words: new Set() }));
    cur.at.push(i);
    cur.words.add(w);
  }
  const shares = (a: Set<string>, b: Set<string>): boolean => [...a].filter((w) => b.has(w)).length >= 2;
  const template = entries.filter((e, k) => e.words.size >= 2 && entries.some((o, j) => j !== k && shares(e.words, o.words)));
  if (template.length < 2) return undefined;
  const rows = new Set<number>();
  const next = (j: number): boolean => j < lines.length && lines[j]!.line === lines[j - 1]!.line + 1 && lines[j]!.text.trim() !== '';
  for (const { at } of template) {
    // The entry's heading (the line right above its first label) and its lines down to a blank line or another label.
    const first = at[0]!;
    if (first > 0 && next(first) && lines[first - 1]!.text.trim()) rows.add(first - 1);
    for (const i of at) {
      rows.add(i);
      for (let j = i + 1; next(j) && !labelOf(lines[j]!.text); j++) rows.add(j);
    }
  }
  const held = lines.filter((_, i) => rows.has(i));
  if (modesQuoted(held, signs.modes) < 2 || reports(lines, signs) || saysFirstPerson(lines, firstPerson)) return undefined;
  if (lines.some((l) => ownNotes(l.text))) return undefined;
  return { line: held[0]!.line, rows: held.map((l) => l.line) };
}

/**
 * A user's own incident or learning notes wear the catalogue's labels too (review21a item 1: a dated
 * "Gateway incident" with two Symptom/Cause/Fix entries, an open "Fix: TODO", bullets naming a LAN address)
 * — and a guide has none of these: a dated or incident/postmortem/RCA/learnings line, an open value
 * (TODO/TBD/not yet), a private LAN address, or an entry told as a sequence ("then …", "after that …").
 */
const NOTES: readonly RegExp[] = [
  /\b20\d\d-[01]\d-[0-3]\d\b/,
  /\b(?:incident|post-?mortem|RCA|learnings?|lessons? learned)\b/i,
  /\b(?:TODO|TBD|FIXME)\b|\bnot (?:yet|fixed|resolved)\b/,
  /\b(?:192\.168|10\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}\b/,
];
/** A label's value that opens with a sequence word: one run told in order, not entries of a template. */
const SEQUENCE = /^[^:：]{1,40}[:：]\s{0,2}(?:\*\*\s{0,2})?(?:(?:then|after that|afterwards)\b|之后|その後|потом|затем)/iu;
const ownNotes = (text: string): boolean => NOTES.some((r) => r.test(text)) || SEQUENCE.test(text);

/** Lines `a` < `b` of the kept lines are in one paragraph: consecutive line numbers, none blank. */
function sameParagraph(lines: readonly LineRef[], a: number, b: number): boolean {
  for (let j = a + 1; j <= b; j++) if (lines[j]!.line !== lines[j - 1]!.line + 1 || !lines[j]!.text.trim()) return false;
  return true;
}
