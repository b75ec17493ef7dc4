// A guide page's year-stamped title marks only its own section (issue #12 §7; Round 37c). Guide pages
// title themselves "2026 OpenClaw …: …" or "… Fix Guide [2026]"; Round 36c made such a title mark the whole
// paste, and a reporter who titles their own issue that way, or pastes a guide under their log, went
// silent (review33c). Here the title holds only the lines of its section:
// - from the title to the next heading of the same or a higher level, a horizontal rule, a `>` quote's end
//   (a quoted title) or a code fence whose body holds raw log lines — whatever comes after is the
//   reporter's own again;
// - and never a section with a report sign on any line (text-shape.ts `reportsIn`: a timestamp, a log
//   level or subsystem tag, a stack frame, a shell prompt, a bare OpenClaw failure line, first person, an
//   issue template's field, a help request), a first-person line (lexicon `guideText.firstPerson`) or the
//   reporter's own occasion (`OWN`: since this morning, didn't work, came back, help!, a pasted error line;
//   a few zh/ja/de/fr/es words);
// - and only a section that reads as a guide's body (text-shape.ts `guideBody`: two failure modes or more, a
//   failure paired with what to do, the reader addressed beside what to do; or its text naming itself a
//   guide, `SELF_NAMED`): a title over one error told in plain prose is the reporter's own issue.
// The title needs OpenClaw's name, a guide word and a year in the guide pages' two places (leading, or
// bracketed at the end); a question is no title. The words are here, not in the lexicon: they are this
// one mark's shape, and no other reader uses them. The engine holds what rests only on a section's rows
// (index.ts adds them to `heldRows`; src/engine/held.ts says which title holds them).
import type { LineRef, PasteGuideSection, PasteKindFacts } from '../types.js';
import { firstPersonWords } from './text-kind.js';
import { failureStated, guideBody, reportsIn } from './text-shape.js';

const YEAR = /20(?:25|26|27|28)/;
const PRODUCT = /\b(?:openclaw|clawdbot|moltbot)\b/i;
/** A leading year and the product ("2026 OpenClaw …", "2026年 OpenClaw …"), then a title's colon or dash. */
const LEADING_YEAR = /^(?:2025|2026|2027|2028)年? ?(?:openclaw|clawdbot|moltbot)\b[^\n]{3,200}?(?:[:：]|\s[-—–]\s)/i;
/** A bracketed year closing the title: "(2026)", "[2026]", "（2026）". */
const CLOSING_YEAR = /(?:\((?:2025|2026|2027|2028)\)|\[(?:2025|2026|2027|2028)\]|（(?:2025|2026|2027|2028)）)$/;
/** A guide page's word in its title (en, de, ru, zh, ja); "fix" alone is not one ("any fix?", "fix didn't work"). */
const GUIDE_WORD =
  /\b(?:guide|troubleshooting|checklist|runbook|playbook|tutorial|walkthrough|complete fix|how to fix|leitfaden|anleitung)\b|(?:руководств|指南|教程|排查|修復「|修复「|ガイド|トラブルシューティング)/i;
const QUESTION = /[?？]\s{0,3}$/;
/** A guide's body naming itself ("this guide", "Dieser Leitfaden", "本指南"). */
const SELF_NAMED =
  /\b(?:this|the following) (?:guide|runbook|checklist|tutorial|walkthrough|article)\b|\bdiese[rs]? (?:leitfaden|anleitung|artikel)\b|(?:это|данное|этом) руководств|本指南|本教程|本文|このガイド|この記事/i;
/** The reporter's own occasion or a pasted error line in a section: the section is theirs (review33c's shapes). */
const OWN: readonly RegExp[] = [
  /\bhelp\s{0,2}!|\b(?:please|pls|plz) help\b|\bhelp me\b/i,
  /\bsince (?:this morning|yesterday|today|last night|last week|the (?:update|upgrade)|updating|upgrading|\d{4}\.\d)/i,
  /\b(?:did not|didn't|does not|doesn't|won't|will not|still does not|still doesn't) (?:work|help|fix)\b|\bcame back\b|\bis back\b/i,
  /\bstill (?:says|reads|shows|show|there|happens|broken|fails|failing|the same)\b|\bhappens (?:on|every|again|each|after)\b|\bon every (?:browser|device|restart|boot|start)\b/i,
  /\bnot working\b|\bnothing (?:loads|works|happens|changed)\b|\bkeeps? (?:saying|showing|failing|disconnecting|dropping)\b|\bdid nothing\b|\bno luck\b|\bafter the (?:update|upgrade)\b|\bagain\b|^\s{0,8}(?:update|edit)\s{0,2}[:：]/i,
  /^\s{0,8}(?:gateway failed to start|error:|listen EADDRINUSE|connect ECONNREFUSED|unauthorized:|disconnected \(\d{4}\))/i,
  /求助|救命|还是|還是|依然|仍然|一直|助けて|まだ|直らない/,
  // de/fr/es: for me, again, since, still, does not work.
  /\bbei mir\b|\btrotzdem\b|\bwieder\b|\bseit (?:dem|gestern|heute)\b|\b(?:hilft|funktioniert|geht) (?:nicht|immer noch nicht)\b|\bchez moi\b|\btoujours\b|\bdepuis (?:la|le|hier|ce)\b|\bne (?:marche|fonctionne) (?:pas|plus)\b|\bne change rien\b|\bme sale\b|\bsigue\b|\bdesde (?:ayer|hoy|la|el)\b|\bno funciona\b|\bya no\b/i,
];

/** A JSON log line (review34c a12): an object with a level, message or error key, with or without a time. */
const JSON_LOG = /^\s{0,8}\{\s{0,4}"[^"\n]{1,40}"\s{0,4}:[^\n]{0,2000}?"(?:level|lvl|severity|msg|message|err|error)"\s{0,4}:|^\s{0,8}\{\s{0,4}"(?:level|lvl|severity|msg|message|err|error)"\s{0,4}:/i;

/** A line opening with a short label (four words at most) and a colon. */
const LABEL = /^\s{0,8}([^\s:：]{1,24}(?:\s[^\s:：]{1,24}){0,3}?)\s?(?:[:：]\s|：|:(?=[^\x00-\x7f]))/;
/**
 * A guide's entry: a label numbering it ("Mode B:", "模式 B:", "Step 2:") or naming the error it defines
 * ("EADDRINUSE on 18789: stale processes …"). "Today: ECONNREFUSED …" is no entry: its label does neither.
 */
function entryLine(text: string): boolean {
  const label = LABEL.exec(text)?.[1];
  return label !== undefined && (/(?:^|\s)(?:[A-Z]|\d{1,2})$/.test(label) || /\bE[A-Z]{4,}\b|\(\d{4}\)/.test(label));
}

/** The longest line read as a heading (a title over 300 characters is none either). */
const MAX_HEADING = 400;
const MD_HEADING = /^\s{0,3}(#{1,6})\s{1,4}(\S[^\n]*?)\s{0,3}#*\s{0,3}$/;
const BOLD_HEADING = /^\s{0,3}\*\*([^*\n]{3,300})\*\*\s{0,3}$/;
const SETEXT_1 = /^\s{0,3}={3,}\s{0,3}$/;
const DASHES = /^\s{0,3}-{3,}\s{0,3}$/;
const RULE = /^\s{0,3}(?:(?:-\s{0,2}){3,}|(?:\*\s{0,2}){3,}|(?:_\s{0,2}){3,})$/;
const FENCE = /^\s{0,3}(?:```|~~~)/;
const QUOTE = /^\s{0,3}>\s?/;

/** Whether a title's text (markdown and quote marks gone) is a year-stamped guide title. */
export function yearGuideTitle(title: string): boolean {
  const t = title.trim();
  if (t.length > 300 || QUESTION.test(t) || !PRODUCT.test(t) || !GUIDE_WORD.test(t)) return false;
  return LEADING_YEAR.test(t) || CLOSING_YEAR.test(t);
}

/** A markdown or bold heading's level (a bold line 6) and text, or undefined. */
function headingOf(text: string): { level: number; text: string } | undefined {
  if (text.length > MAX_HEADING) return undefined; // no heading is this long (and the heading shapes stay linear)
  const md = MD_HEADING.exec(text);
  if (md) return { level: md[1]!.length, text: md[2]! };
  const bold = BOLD_HEADING.exec(text);
  return bold ? { level: 6, text: bold[1]! } : undefined;
}

/** A heading's level (1–6; setext too) and text at line `i`, or undefined for a body line. */
function headingAt(lines: readonly LineRef[], i: number): { level: number; text: string } | undefined {
  const text = lines[i]!.text;
  const next = lines[i + 1];
  if (text.length <= MAX_HEADING && next && next.line === lines[i]!.line + 1 && text.trim() && !RULE.test(text) && !MD_HEADING.test(text)) {
    if (SETEXT_1.test(next.text)) return { level: 1, text };
    if (DASHES.test(next.text)) return { level: 2, text };
  }
  return headingOf(text);
}

/** Whether a code fence opening at `i` holds a raw log line (a report sign) before it closes. */
function fenceHoldsLog(lines: readonly LineRef[], i: number): boolean {
  const body: LineRef[] = [];
  for (let j = i + 1; j < lines.length && !FENCE.test(lines[j]!.text); j++) body.push(lines[j]!);
  return reportsIn(body);
}

/** The lines of the section a title at `start` opens (itself first; a quoted section's without its `>`), by the rules above. */
function sectionOf(lines: readonly LineRef[], start: number, level: number, quoted: boolean): LineRef[] {
  const unquote = (l: LineRef): LineRef => (quoted ? { line: l.line, text: l.text.replace(QUOTE, '') } : l);
  const out: LineRef[] = [unquote(lines[start]!)];
  let inFence = false;
  for (let j = start + 1; j < lines.length; j++) {
    const l = lines[j]!;
    // A gap in the kept lines' numbers is a dropped line: the quote went on elsewhere.
    if (quoted && (!QUOTE.test(l.text) || l.line !== lines[j - 1]!.line + 1)) break;
    const text = unquote(l).text;
    if (FENCE.test(text)) {
      if (!inFence && fenceHoldsLog(lines, j)) break;
      inFence = !inFence;
    } else if (!inFence) {
      if (RULE.test(text) && !(DASHES.test(text) && j === start + 1)) break; // a title's own setext underline is none
      const h = quoted ? headingOf(text) : headingAt(lines, j);
      if (h && h.level <= level) break;
    }
    out.push(unquote(l));
  }
  return out;
}

/**
 * The sections a year-stamped guide title holds (Round 37c): each title's line and its rows, for a
 * section with no report sign and no first-person line. Lines in no section are the reporter's own.
 */
export function deriveGuideSections(lines: readonly LineRef[], firstPerson: () => RegExp | undefined): PasteGuideSection[] {
  const out: PasteGuideSection[] = [];
  let covered = -1; // the index of the last line a section already took
  for (let i = 0; i < lines.length; i++) {
    if (i <= covered) continue;
    const raw = lines[i]!.text;
    // Cheap first: every title carries a year, the product and a guide word, and is short.
    if (raw.length > MAX_HEADING || !YEAR.test(raw) || !PRODUCT.test(raw) || !GUIDE_WORD.test(raw)) continue;
    const quoted = QUOTE.test(raw);
    const text = quoted ? raw.replace(QUOTE, '') : raw;
    const h = (quoted ? headingOf(text) : headingAt(lines, i)) ?? { level: 1, text };
    if (!yearGuideTitle(h.text)) continue;
    const rows = sectionOf(lines, i, h.level, quoted);
    // A title inside a section already judged is that section's (one scan per line, also when it is the reporter's).
    covered = i + rows.length - 1;
    const fp = firstPerson();
    if (reportsIn(rows) || (fp && rows.some((l) => fp.test(l.text))) || rows.some((l) => JSON_LOG.test(l.text) || OWN.some((r) => r.test(l.text)))) continue;
    // The body below the title: a title's "…: approve the browser" is no instruction given.
    const body = rows.slice(1);
    // A body line stating that a failure happened (no condition, no instruction) is the reporter's own.
    // A line naming the guide itself, or a guide's entry ("Mode B: …", "EADDRINUSE on 18789: causes …"), is the guide's.
    if (failureStated(body.filter((l) => !SELF_NAMED.test(l.text) && !entryLine(l.text)))) continue;
    if (!guideBody(body) && !body.some((l) => SELF_NAMED.test(l.text))) continue;
    out.push({ line: lines[i]!.line, rows: rows.map((l) => l.line) });
  }
  return out;
}

/**
 * The text kind with the guide sections added: their rows join `heldRows` (a finding resting only on them is
 * held, the fallback reads the other lines); when they hold every line, the text is the guide. A paste
 * already a guide as a whole (no rows) is left as it is.
 */
export function withGuideSections(kind: PasteKindFacts, lines: readonly LineRef[]): PasteKindFacts {
  if (kind.textKind === 'guide' && !kind.heldRows?.length) return kind;
  const sections = deriveGuideSections(lines, firstPersonWords);
  if (!sections.length) return kind;
  const held = new Set([...(kind.heldRows ?? []), ...sections.flatMap((s) => s.rows)]);
  const out: PasteKindFacts = { ...kind, heldRows: [...held].sort((a, b) => a - b), guideSections: sections };
  if (!out.textKind && lines.every((l) => held.has(l.line) || !l.text.trim())) {
    Object.assign(out, { textKind: 'guide', textKindLine: sections[0]!.line, textKindBy: 'mark' });
  }
  return out;
}
