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
import type { LineRef } from '../types.js';

/** One run's output or a first-person account: any one line with one of these makes the paste a report. */
const REPORT_LINE: readonly RegExp[] = [
  /\b\d{1,2}:\d{2}:\d{2}\b|\b20\d\d-\d\d-\d\d[T ]\d/, // a clock time, an ISO timestamp
  /^\s{0,8}\[?(?:info|warn|warning|error|debug|trace|fatal)\]?[: ]|\[(?:info|warn|warning|error|debug|ws|gateway|agent|telegram|discord)\]/i,
  /^\s{0,12}at\s[^\n]{0,400}(?::\d{1,6}:\d{1,6}\)?|<anonymous>\)?|native\)?)\s{0,4}$/, // a stack frame (indent may be lost)
  /^\s{0,8}(?:\$|❯|➜|%|PS [A-Z]:\\[^>\n]{0,200}>|[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s$#]{0,200})?[$#%])\s\S/, // a shell prompt
  /(?:^|[^\p{L}'’])(?:I|I'm|I've|I'd|I’m|I’ve|me|my|mine|myself)(?=$|[^\p{L}])|我|私は|私の|僕|제가|저는|내가/u,
  // An issue template's fields: the reporter's own expected/actual, environment, steps.
  /^\s{0,8}(?:#{1,6}\s{1,4})?(?:steps? to reproduce|expected(?: behaviou?r| result)?|actual(?: behaviou?r| result)?|environment|reproduction|to reproduce|os|version|openclaw version|node(?:\.js)? version|platform|logs?|error|impact|what happened|summary)\s{0,4}[:：]?\s{0,4}$/i,
  /^\s{0,8}(?:expected|actual|environment|os|version|platform|repro)\s{0,4}[:：]|^\s{0,8}\[(?:bug|feature)\]|复现步骤|实际结果|预期结果|环境[:：]/i,
  /\bversion\s{0,4}[:：]\s{0,4}v?\d|版本\s{0,4}[:：]\s{0,4}v?\d/i, // one machine: a version field
  // First person in any case, and plural: "My gateway", "we keep getting", "our server" (review17b).
  /(?:^|[^\p{L}'’])(?:my|me|we|we're|we’re|we've|we’ve|our|us)(?=$|[^\p{L}])/iu,
  // Asking for help. Not 怎么办: guide titles read "…怎么办".
  /\b(?:any (?:idea|ideas|tips?|help|thoughts)|anyone|can you help|is there a (?:fix|workaround)|what am|thanks in advance|same here|still (?:getting|seeing|shows?|fails?))\b|请问|求助|怎么解决|大佬/i,
];

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

/** A rough compile cost (V8 compiles a regex at its first test): ~0.02–0.8 ms each on Node 22, growing with length, `i`, `u`. */
const weight = (r: RegExp): number => r.source.length * (r.ignoreCase ? 2 : 1) * (r.unicode ? 3 : 1);
/** Each report sign as a line test, the cheapest to compile first (a clock time, common in logs, is among the first). */
const REPORT_SIGNS: ReadonlyArray<(text: string) => boolean> = [
  ...REPORT_LINE.map((r) => [(text: string) => r.test(text), weight(r)] as const),
  [bareFailure, weight(FAILURE_LINE)] as const,
  [(text: string) => RELEASE.test(text) && OS.test(text), weight(RELEASE) + weight(OS)] as const,
]
  .sort((a, b) => a[1] - b[1])
  .map(([sign]) => sign);
/**
 * Any report sign on any line. Sign by sign over the lines, not line by line (the same answer): a paste
 * that shows a cheap sign anywhere never compiles the costly ones — a small error paste whose first line
 * holds no sign used to compile all twelve (~2.3 ms on Node 22).
 */
const reports = (lines: readonly LineRef[]): boolean => REPORT_SIGNS.some((sign) => lines.some((l) => sign(l.text)));

/** Describe signs over the whole text (each counts once). */
const DESCRIBE: ReadonlyArray<readonly [RegExp, number]> = [
  [/(?:^|[^\p{L}])(?:you|your|you're|you’re|you'll|yours)(?=$|[^\p{L}])|你|您/iu, 1], // the reader addressed
  [/\b(?:if|when) you(?:'ve|'re)?\b|如果你|如果您/i, 1], // advice to the reader
  [/\b(?:often|common(?:ly)?|usually|typically|frequent(?:ly)?)\b|常见|通常/i, 1], // generalising
  [/<[a-z][\w-]{0,40}>|\bYOUR[_-][A-Z_]{1,40}\b|\byour[-_](?:token|server|ip|host|app|domain)\b/, 1], // the reader's values
  [/^\s{0,8}#{1,6}\s\S/m, 1], // markdown headings
];

/**
 * Failure modes a text can quote, most specific first; a line counts as the first it names. A guide
 * quotes several (held guides quote 3+); a report, even one with describe signs, mostly one — so a
 * shape-only judgement needs two distinct ones (review17b: an error inline in a sentence).
 */
const MODES: readonly RegExp[] = [
  /pairing required|not paired|配对/i,
  /token mismatch|token_mismatch|invalid token|令牌不匹配/i,
  /too many failed|rate.?limit|\b429\b/i,
  /origin not allowed|\borigin\b/i,
  /EADDRINUSE|address already in use|端口.{0,8}占用/i,
  /ECONNREFUSED|connection refused|拒绝连接/i,
  /handshake|ETIMEDOUT|timed? ?out|超时/i,
  /certificate|ERR_CERT|self.signed|\b(?:TLS|SSL) (?:handshake|error)/i, // not a bare --tls flag
  /\b(?:1006|1008|1011|1012|4001|4003|4008)\b/,
  /unauthori[sz]ed|\b401\b|forbidden|\b403\b|未授权/i,
  /failed to start|\b(?:502|503|404)\b|not found/i,
];

/** How many distinct failure modes the text's lines name. */
function modesQuoted(lines: readonly LineRef[]): number {
  const seen = new Set<number>();
  for (const l of lines) {
    const m = MODES.findIndex((r) => r.test(l.text));
    if (m >= 0) seen.add(m);
    if (seen.size >= 2) break; // only "two or more" matters
  }
  return seen.size;
}

const SMALL = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'in', 'on', 'to', 'for', 'with', 'via', 'vs', 'behind', 'from', 'by', 'at', 'is', 'its', 'it']);

/** A title-case headline: 3+ content words, 3 in 4 capitalised, no sentence end, no issue tag, no release. */
function headline(line: string): boolean {
  const text = line.trim();
  if (/[.!?。？！:]$/.test(text) || /^\[|\bv?20\d\d\.\d/.test(text)) return false;
  const big = (text.match(/\p{L}[\p{L}'’-]{0,60}/gu) ?? []).filter((w) => !SMALL.has(w.toLowerCase()));
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

/** The paste's shape, or undefined when it reports (a report sign, or fewer than 3 describe points). */
export function describesFailureModes(lines: readonly LineRef[], firstPerson?: RegExp | (() => RegExp | undefined)): TextShape | undefined {
  let size = 0;
  for (const l of lines) if ((size += l.text.length + 1) > SHAPE_MAX_CHARS) return undefined;
  // Report signs first: any one ends it before anything is copied.
  if (reports(lines)) return undefined;
  const body = lines.filter((l) => l.text.trim());
  if (body.length < 2) return undefined;
  const text = body.map((l) => l.text).join('\n');
  const first = body[0]!;
  // One line is not both the headline and a markdown heading (it would count twice).
  const titled = first.line === 1 && !/^\s{0,8}#/.test(first.text) && headline(first.text);
  const describes = (titled ? 2 : 0) + DESCRIBE.reduce((n, [r, w]) => n + (r.test(text) ? w : 0), 0);
  if (describes < 3) return undefined;
  // A title restates the error it is about: count the modes below it.
  const quoted = titled || /^\s{0,8}#/.test(first.text) ? body.slice(1) : body;
  if (modesQuoted(quoted) < 2) return undefined;
  // The lexicon's first-person lines last: their alternation costs ~7 ms to compile on Node 22, and most
  // pastes are decided above without it (same answer: every sign only vetoes).
  const fp = typeof firstPerson === 'function' ? firstPerson() : firstPerson;
  return fp && lines.some((l) => fp.test(l.text)) ? undefined : { describes, line: first.line };
}
