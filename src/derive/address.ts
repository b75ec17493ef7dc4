// Whom the text speaks to (issue #12 §6, Round 37b): a report's writer says what happens to them ("I get",
// "my gateway"); a how-to, an answer or a guide tells its reader what to do ("you'd need", "your
// LaunchAgent") and never speaks of itself; a question or request asks for something and names no failure.
// Neither reports a connection problem, so the fallback makes no lexical guess from their words (rules and
// OpenClaw's own verbatim messages still count). English only: measured on the readable corpora, the zh
// second person (你/您) also marks reporters' own notes. Pure over the kept lines.
import type { LineRef, PasteAddressFacts } from '../types.js';

export type AddressFacts = PasteAddressFacts;

/** Second person addressing someone; a `your-host` placeholder addresses no one. */
const YOU = /\b(?:you|your|yours|yourself|you'(?:ve|re|d|ll))\b(?![-\w])/gi;
/** The writer speaks of themselves (case-sensitive `I`, not a command's `-I` flag; `us` also as in `us-east`: only ever fewer texts). CJK first person too. */
const ME = /(?<![-/])\bI\b|\b(?:I'm|I've|I'd|I'll|[Mm]y|[Mm]e|[Mm]ine|[Mm]yself|[Ww]e|[Ww]e're|[Ww]e've|[Oo]ur|[Oo]urs|[Uu]s)\b|[我咱]/;
/** A chat transcript's turn: the reader it addresses is the reporter, whose own turns are in it. */
const TURN = /^\W{0,4}(?:user|assistant|human|ai|bot|me)\s{0,2}[:：]/i;
/** A quoted message or a code span speaks in the program's voice, not the writer's. */
const QUOTED = /`[^`\n]{0,200}`|"[^"\n]{0,200}"/g;
/** A log line (a timestamp or a bracketed tag first): the writer pasted their own output. */
const LOG_LINE = /^\s{0,8}(?:\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d|\[[\w:./-]{1,40}\])/;
const MIN_YOU = 2;
/** Past this many lines, or on a longer line, the paste is a log or a dump, not a note to someone (speaker.ts's bounds). */
const MAX_LINES = 400;
const MAX_LINE_CHARS = 1000;

/** Asking for something: a question about what is possible, a wish, a request. */
const ASK = /\b(?:is there (?:a|any) way|is it possible|would (?:love|like) to|any way to|how (?:do|can|should) (?:i|we)|can (?:i|we) (?:just |somehow )?(?:turn|make|have|get|set|use)|feature request|please (?:add|support)|it would be (?:nice|great|helpful))\b/i;
/** Any failure named: then the question is about it (a report that ends "is there a way to fix this?"). */
const FAILURE =
  /\b(?:err(?:or)?s?|fail(?:s|ed|ing|ure)?|cannot|can't|couldn't|unable|(?:not|never|[a-z]{2,6}n't) (?:work|connect|load|start|open|reach|respond|show|pair)\w{0,4}|won't|refuse[sd]?|refusing|disconnect(?:ed|s|ing)?|unauthori[sz]ed|forbidden|denied|rejected|time[ds]? ?out|timeout|crash(?:es|ed|ing)?|broken|stuck|hang(?:s|ing)?|blank|1006|1008|4\d\d\d|40[0-9]|5\d\d)\b|失败|错误|报错|无法|断开|エラー|失敗|오류|실패/i;
/** Everyday symptom words a short report in generic "you" or to the maintainers uses instead (review34b m1/m3):
 * "your websocket closes … every time you reload", "since the update your dashboard drops the websocket". */
const SYMPTOM =
  /\b(?:clos(?:es|ed|ing)|drop(?:s|ped|ping)|stays? (?:empty|blank|white|black|loading|disconnected)|keeps? (?:showing|saying|asking|failing|dropping|closing|disconnecting|reconnecting|loading|spinning)|stopped|no longer|since (?:the|an?|my|your) (?:update|upgrade)|every time|each time)\b/i;
/** An error class (ECONNREFUSED, EADDRINUSE): capitals only, so "either" or "enter" is no error. */
const ERROR_CLASS = /\bE[A-Z]{4,24}\b/;

/** Output the writer pasted: a close code (or an error class, ERROR_CLASS): a generic-you report of its own failure keeps its guess. */
const CLOSE_CODE = /\b(?:1006|1008|1011|1012|4\d\d\d)\b/;

/** Some line names a failure: then the text reports it, whoever it is written to. */
function describesFailure(lines: readonly LineRef[]): boolean {
  return lines.some((l) => FAILURE.test(l.text) || SYMPTOM.test(l.text) || ERROR_CLASS.test(l.text));
}

function secondPerson(lines: readonly LineRef[]): number | undefined {
  let count = 0;
  let first: number | undefined;
  for (const l of lines) {
    if (TURN.test(l.text) || LOG_LINE.test(l.text) || CLOSE_CODE.test(l.text) || ERROR_CLASS.test(l.text)) return undefined;
    // Words in quotes or a code span are a program's or someone else's, for "I" as for "you".
    const own = l.text.replace(QUOTED, ' ');
    if (ME.test(own)) return undefined;
    const n = own.match(YOU)?.length ?? 0;
    if (n) {
      count += n;
      first ??= l.line;
    }
  }
  return count >= MIN_YOU ? first : undefined;
}

export function deriveAddress(lines: readonly LineRef[]): AddressFacts {
  if (lines.length > MAX_LINES || lines.some((l) => l.text.length > MAX_LINE_CHARS)) return {};
  const reader = secondPerson(lines);
  const ask = lines.find((l) => ASK.test(l.text));
  if (reader === undefined && !ask) return {};
  // A reader's text or a question that names a failure is a report of it (review34b m1/m3).
  if (describesFailure(lines)) return {};
  if (reader !== undefined) return { textAddress: 'reader', textAddressLine: reader };
  if (ask) return { textAddress: 'asking', textAddressLine: ask.line };
  return {};
}
