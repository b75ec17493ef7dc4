// The story of a report told without OpenClaw's own messages (issue #12, recall that transfers):
// who acted (`actor`: agent, updater, panel, PaaS, user), what was done (`action`), which service
// manager runs the gateway (`supervisor`), what state the gateway is said to be in (`gatewayState`)
// and what came before the failure (`after`). Each is a list of mentions `{ is, line }` in line
// order, one per value (its first line), so rules can combine what different lines say without one
// sentence having to say it all. The words are data (lexicon/story/<language>.json).
// Only the report's own lines count: a guide's lines and a troubleshooting table's rows
// (text-kind.ts, already derived) feed no story — they describe failures, nobody has them.
// Over ~300 lines on purpose: one job, the story of the reporter's own lines — its mentions, fix statement, denials and
// quotes share the same line selection, clause stops and own-clause test, so splitting them would copy those.
import type { LineRef, PasteKindFacts, PasteStory, StoryDenial, StoryMention, StoryResolved } from '../types.js';
import { anyGate, anyGateLists, STORY_DIMENSIONS, storyWords, type ClauseList, type StoryPattern, type StoryWords } from '../shared/story-words.js';
import { CODE_FENCE } from '../shared/text/fence.js';

/**
 * A story is told in prose near the top; a long log's later lines are the machine's, not the user's.
 * The budget bounds the words' cost on a hostile paste (scripts/bench-story.mjs: lines pumped with
 * the words the patterns' gaps consume cost up to ~0.8 ms per KiB of line).
 */
export const STORY_MAX_CHARS = 16384;
/** A line longer than this is a log dump or a minified blob, not a sentence of the story. */
export const STORY_MAX_LINE_CHARS = 1000;

/**
 * The clause regexes of a set of words (Round 33g): the languages' `CLAUSE_LISTS` words (lexicon/story/<language>.json,
 * joined by `|` in file order) set in the code's frames and flags — the punctuation, the line's shape and the case rules
 * are structure and stay here. Compiled once per words.
 */
type ClauseRegexes = Record<'framed' | 'condition' | 'recurs' | 'hypothesis' | 'own' | 'unsure' | 'clauseEnd' | 'clauseStop' | 'ownClause' | 'request' | 'should' | 'errorText' | 'bareCommit', RegExp>;
const clauseCache = new WeakMap<StoryWords, ClauseRegexes>();
export function clauseRegexes(words: StoryWords): ClauseRegexes {
  const cached = clauseCache.get(words);
  if (cached) return cached;
  const w = (l: ClauseList): string => words.clause[l];
  const re: ClauseRegexes = {
    // Lines that quote or frame rather than tell (review21a item 11): a table row, a blockquote, a FAQ's Q:/A: line
    // (`framedQA`), a heading (markdown, or a guide's "Part 1:" / "Step 2:", `framedPart`). They describe failures; nobody has them.
    framed: new RegExp(`^\\s{0,8}(?:\\||>|#{1,6}\\s|(?:\\*\\*|__)?\\s{0,2}(?:${w('framedQA')})\\s{0,2}[:：]|(?:${w('framedPart')}) ?\\d{1,3}\\b ?[:：.)-])`, 'i'),
    condition: new RegExp(w('condition'), 'iu'),
    recurs: new RegExp(w('recurs'), 'iu'),
    hypothesis: new RegExp(w('hypothesis'), 'iu'),
    own: new RegExp(w('own'), 'iu'),
    unsure: new RegExp(w('unsure'), 'iu'),
    clauseEnd: new RegExp(`[,;:.!?，。；：！？]|${w('clauseEnd')}`, 'giu'),
    clauseStop: new RegExp(`[,;:.!?，、。；：！？]|${w('clauseStop')}`, 'gu'),
    ownClause: new RegExp(w('ownClause'), 'u'),
    // A feature's or change's title (the first line, third person — no `titleOwn` word —, a `titleRequest` word): what should happen, not what did.
    request: new RegExp(`^(?![^\\n]{0,300}?\\b(?:${w('titleOwn')})\\b)[^\\n]{0,300}?\\b(?:${w('titleRequest')})\\b`, 'i'),
    // "should" titles a request only on a line with no error text of its own ("The gateway should start but: EACCES …" tells, review29a item 4).
    should: new RegExp(`^(?![^\\n]{0,300}?\\b(?:${w('titleOwn')})\\b)[^\\n]{0,300}?\\b(?:${w('titleShould')})\\b`, 'i'),
    // Error text: the languages' words, errno codes (not language) and a second colon ("…: EACCES: …").
    errorText: new RegExp(`\\b(?:${w('titleError')}|err_\\w+|eacces|eperm|enoent|eaddrinuse|econn\\w+|etimedout)\\b|[:：]\\s{0,4}\\S[^\\n]{0,300}?[:：]`, 'i'),
    // A conventional-commit title without a scope (`fix: …`), written lower-case (case-sensitive).
    bareCommit: new RegExp(`^\\s{0,8}(?:[-*•]\\s{0,4})?(?:${w('commitType')})!?:\\s`),
  };
  clauseCache.set(words, re);
  return re;
}
/** A feature's or change's title on the first line (a request word, or "should" without error text; clauseRegexes). */
const requestTitle = (text: string, words: StoryWords): boolean => {
  const re = clauseRegexes(words);
  return re.request.test(text) || (re.should.test(text) && !re.errorText.test(text));
};

/**
 * A condition (`condition`: if, when, 如果) opens the clause the state sits in ("4. If the OOM killer kills the gateway,
 * add swap", 如果网关挂了…): what would happen. It governs only its own clause (ended by punctuation or a `clauseEnd` word),
 * so "when I start it, the gateway crashes" still tells, and a clause whose subject is the reporter (`own`: I/we/我) tells
 * what happened to them. A recurrence before the "when" (`recurs`: "every night when the backup runs …") tells a habit
 * that happened, unless a `hypothesis` word ("if") opens it. Not knowing (`unsure`: whether) is never a telling, whoever
 * does not know ("I have no idea whether the gateway is running").
 */
export function conditional(text: string, at: number, words: StoryWords = storyWords()): boolean {
  const re = clauseRegexes(words);
  const before = text.slice(0, at);
  let start = 0;
  for (const m of before.matchAll(re.clauseEnd)) start = m.index + m[0].length;
  const clause = before.slice(start);
  if (re.unsure.test(clause)) return true;
  return re.condition.test(clause) && !re.own.test(clause) && !(re.recurs.test(clause) && !re.hypothesis.test(clause));
}

/** The first lines of the report, up to the budget, without over-long ones and without framed ones. */
function storyLines(own: readonly LineRef[], words: StoryWords): LineRef[] {
  const out: LineRef[] = [];
  let chars = 0;
  const first = own.find((l) => l.text.trim())?.line;
  const { framed } = clauseRegexes(words);
  for (const l of own) {
    if (l.text.length > STORY_MAX_LINE_CHARS) continue;
    if (framed.test(l.text) || (l.line === first && requestTitle(l.text, words))) continue;
    if ((chars += l.text.length + 1) > STORY_MAX_CHARS) break;
    out.push(l);
  }
  return out;
}

/**
 * The report's own lines: none of a guide, none of its rows or of an appended troubleshooting table, nor
 * the markdown heading right above such rows (`## Troubleshooting` over an appended table is the table's).
 */
export function reportLines(lines: readonly LineRef[], kind: PasteKindFacts): LineRef[] {
  if (kind.textKind === 'guide' && !kind.heldRows) return [];
  const skip = new Set(kind.heldRows ?? []);
  if (skip.size) {
    const at = new Map(lines.map((l, i) => [l.line, i]));
    for (const row of kind.heldRows!) {
      if (skip.has(row - 1)) continue;
      let i = (at.get(row) ?? 0) - 1;
      while (i >= 0 && !lines[i]!.text.trim()) i--;
      if (i >= 0 && /^\s{0,3}#{1,6}\s/.test(lines[i]!.text)) skip.add(lines[i]!.line);
    }
  }
  return lines.filter((l) => !skip.has(l.line));
}

export function deriveStory(lines: readonly LineRef[], kind: PasteKindFacts, words: StoryWords = storyWords()): { story?: PasteStory } {
  const story: PasteStory = {};
  let any = false;
  const own = storyLines(reportLines(lines, kind), words).map((l) => ({ ...l, lower: l.text.toLowerCase() }));
  const says = (ps: readonly StoryPattern[], l: (typeof own)[number]): boolean => ps.some((p) => p.test(l.text, l.lower));
  // "If the gateway is down, …", "- add a restart when the gateway fails", "… but it is actually running": no state of this gateway.
  // "Runtime: running", "the gateway process stays running", 网关正常运行: whatever a panel or a line says, it runs (review21a
  // item 10). Paste-wide, not from that line on: a later line saying it was down is history or a panel repeating itself
  // (story-gateway-down's negatives 11-12 fired when only earlier lines were cancelled, Round 26c).
  // A runs line inside a condition or a doubt ("no idea whether the gateway process is running") tells no state (review23a 6).
  const runs = own.some((l) => words.runs.some((p) => { const at = p.at(l.text, l.lower); return at >= 0 && !conditional(l.text, at, words); }));
  const states = (ps: readonly StoryPattern[], l: (typeof own)[number]): boolean =>
    !runs && ps.some((p) => { const at = p.at(l.text, l.lower); return at >= 0 && !conditional(l.text, at, words); }) && !says(words.notState, l);
  const tells = (dim: string, ps: readonly StoryPattern[], l: (typeof own)[number]): boolean => (dim === 'gatewayState' ? states(ps, l) : says(ps, l));
  for (const dim of STORY_DIMENSIONS) {
    const found: StoryMention[] = [];
    for (const w of words[dim]) {
      const l = own.find((x) => tells(dim, w.patterns, x));
      if (!l) continue;
      // Its last line too, when another tells it again (review26c item 6: a failure told again after "fixed it").
      let last: (typeof own)[number] | undefined;
      for (let i = own.length - 1; i >= 0 && own[i]!.line > l.line && !last; i--) if (tells(dim, w.patterns, own[i]!)) last = own[i];
      found.push(last ? { is: w.is, line: l.line, last: last.line } : { is: w.is, line: l.line });
    }
    if (found.length) {
      // The words' values are the type's (test/derive/story.test.ts checks the files against the fact shape).
      (story as Record<string, StoryMention[]>)[dim] = found.sort((a, b) => a.line - b.line);
      any = true;
    }
  }
  // A quoting speaker's line (a PR title, a changelog entry, a guide's excerpt) says no one's outcome and denies nothing.
  const { lines: quoted, spans: quotedSpans } = deriveQuoted(lines, words);
  const quotes = new Set(quoted);
  const told = quotes.size ? own.filter((l) => !quotes.has(l.line)) : own;
  const resolved = deriveResolved(told, words);
  if (resolved) {
    story.resolved = resolved;
    any = true;
  }
  const denied = deriveDenied(told, words);
  if (denied.length) {
    story.denied = denied;
    any = true;
  }
  if (quoted.length) {
    story.quoted = quoted;
    any = true;
  }
  if (quotedSpans.length) {
    story.quotedSpans = quotedSpans;
    any = true;
  }
  return any ? { story } : {};
}

/** Per words: one gate test for the denial patterns, one for the quoting ones (most lines hold none of their literals). */
const deniedGates = new WeakMap<StoryWords, (lower: string) => boolean>();
const quotedGates = new WeakMap<StoryWords, (lower: string) => boolean>();
// The lists come from `anyGateLists` (denied, quoted, said), the same the build's gate table is keyed on: a list
// written here by hand could drift from it and lose the table without any answer or test changing (review31b).
const gateOf = (cache: WeakMap<StoryWords, (lower: string) => boolean>, words: StoryWords, list: 0 | 1 | 2): ((lower: string) => boolean) =>
  cache.get(words) ?? cache.set(words, anyGate(anyGateLists(words)[list]!)).get(words)!;

/**
 * What the reporter says they do NOT see (Round 32a: "mine never said relay not running", "I don't get X", "no X in
 * the logs", 没有报X, Xは出ていません): per denial, its line and the denied span — the pattern's `what` group when it
 * has one (the thing named before the verb, or inside "no … in the logs"), else the rest of the clause after the
 * match. Only the report's own lines (a guide's "you never see X" is no one's denial); a denial inside a condition
 * ("if you don't see X") is none.
 */
export function deriveDenied(own: ReadonlyArray<LineRef & { lower: string }>, words: StoryWords): StoryDenial[] {
  const out: StoryDenial[] = [];
  if (words.denied.length === 0) return out;
  const mayHold = gateOf(deniedGates, words, 0);
  for (const l of own) {
    if (!mayHold(l.lower)) continue;
    for (const p of words.denied) {
      const m = p.exec(l.text, l.lower);
      if (!m || conditional(l.text, m.index, words)) continue;
      const what = m.groups?.['what'];
      let at: number;
      let end: number;
      if (what !== undefined) {
        at = m.index + m[0].indexOf(what);
        end = at + what.length;
      } else {
        at = m.index + m[0].length;
        const rest = l.text.slice(at);
        end = at + denialEnd(rest, words);
        // A colon ends it after a placeholder ("I never see this: <error>"); inside the denied text it is the error's own
        // ("mine never shows Gateway failed to start: failed to acquire gateway lock …").
        const colon = l.text.slice(at, end).search(/[:]\s|[:]$/);
        if (colon >= 0 && placeholder(l.text.slice(at, at + colon).trim(), words)) end = at + colon;
      }
      while (at < end && /\s/.test(l.text[at]!)) at++;
      // A denial names an error-like thing, not "anything" / "a connection" (review29a item 1).
      if (end > at && !generic(l.text.slice(at, end), words)) out.push({ line: l.line, at, end });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.at - b.at);
}
/**
 * A denial's span ends at its clause: a sentence stop, a comma or semicolon (review29a item 1: "I never get past
 * this: <error>", "we never got a connection, the gateway logs <error>") or a turn — the languages' `denialStop`
 * words ("except", "other than", "only", "but", nur, 只, 除了: "I don't see anything in the logs except <error>").
 * The punctuation is structure and stays here; the words are data (lexicon/story/<language>.json, Round 33d).
 */
const DENIAL_PUNCT = /[,;，：；、。！？]|[.!?](?=\s|$)/u;
function denialEnd(rest: string, words: StoryWords): number {
  let end = rest.search(DENIAL_PUNCT);
  if (end < 0) end = rest.length;
  const lower = rest.toLowerCase();
  for (const p of words.denialStop) {
    const at = p.at(rest, lower);
    if (at >= 0 && at < end) end = at;
  }
  return end;
}
/** What a colon introduces rather than names: nothing at all, or a language's `placeholder` words ("this:", "the error:"). */
const placeholder = (text: string, words: StoryWords): boolean => text === '' || words.placeholder.some((p) => p.test(text, text.toLowerCase()));
/** A denied thing that names no error (a language's `genericDenied` words: "anything", "a connection", nada, nichts, 任何). */
const generic = (text: string, words: StoryWords): boolean => words.genericDenied.some((p) => p.test(text, text.toLowerCase()));

/** Headings close a quoted block; a blank line closes one opened by an intro line ("README excerpt:"). */
const HEADING = /^\s{0,3}#{1,6}\s/;
const QUESTION = /[?？]/;

/**
 * Lines a quoting speaker wrote (Round 32a), not the reporter's account of their own failure: a PR's or a
 * conventional commit's title, a changelog entry, a feature request or idea (anywhere in the line), a guide's /
 * README's / docs' words; the lines of a block such a line opens (`## Troubleshooting` up to the next heading;
 * `README excerpt:` up to a blank line); a request title on the first line. A guide's held rows are `heldRows` already
 * (the engine reads both). Over every kept line up to the story's budget (a rule's evidence may sit on any of them).
 */
export function deriveQuoted(lines: readonly LineRef[], words: StoryWords): { lines: number[]; spans: StoryDenial[] } {
  const out = new Set<number>();
  const spans: StoryDenial[] = [];
  const first = lines.find((l) => l.text.trim())?.line;
  const mayQuote = gateOf(quotedGates, words, 1);
  let block: 'heading' | 'intro' | undefined;
  let prev: number | undefined;
  let prevBlank = false;
  let fence = false;
  let chars = 0;
  for (const l of lines) {
    if ((chars += l.text.length + 1) > STORY_MAX_CHARS) break;
    if (l.text.length > STORY_MAX_LINE_CHARS) continue;
    // Kept lines skip blank ones: a gap in the numbering is a blank line.
    const blank = !l.text.trim();
    const gap = prev !== undefined && l.line > prev + 1;
    const afterBlank = gap || prevBlank;
    prev = l.line;
    prevBlank = blank;
    const lower = l.text.toLowerCase();
    if (CODE_FENCE.test(l.text)) fence = !fence;
    if (block === 'intro' && (blank || gap)) block = undefined;
    if (block === 'heading' && HEADING.test(l.text)) block = undefined;
    // A blank line then the reporter introducing their own output ("Then in my terminal:", "Mine:", "me too"; the
    // languages' `quotedBlockEnd`) ends a heading's block too (review29a should-fix); a guide's first person ("I
    // recommend …") or "we" does not, nor any line inside a code fence (log text, review30a items 4-5).
    if (block === 'heading' && afterBlank && !blank && !fence && words.quotedBlockEnd.some((p) => p.test(l.text, lower))) block = undefined;
    if (mayQuote(lower)) {
      // A heading that asks ("## Known issues?", "## Problèmes connus ?") is the reporter asking whether theirs is one, not
      // a guide's section (review32d must-fix 1): it opens no block. Punctuation, not a language's words, so not in the lexicon.
      if (words.quotedBlock.some((p) => p.test(l.text, lower)) && !(HEADING.test(l.text) && QUESTION.test(l.text))) {
        block = HEADING.test(l.text) ? 'heading' : 'intro';
        out.add(l.line);
        continue;
      }
      let span: StoryDenial | undefined;
      for (const p of words.quoted) if ((span = quotedSpan(p, l, words))) break;
      if (span && span.at === 0 && span.end === l.text.length) out.add(l.line);
      else if (span) spans.push(span);
    }
    if (block && !blank) out.add(l.line);
    else if (l.line === first && (requestTitle(l.text, words) || bareCommitTitle(l.text, words))) out.add(l.line);
  }
  return { lines: [...out].sort((a, b) => a - b), spans: spans.filter((x) => !out.has(x.line)) };
}

/**
 * Where the reporter's own clause on a quoting line starts (`ownClause`; review29a item 4: "The docs say X but mine shows X",
 * "per docs I ran … and got X", "Changelog says fixed but I still get X"): the engine marks whole lines, so a line that also
 * holds a first-person clause (or "still" before an error) outside the quoting phrase is the reporter's, not quoted ("could
 * we add …" asks, it tells nothing).
 */
const firstOwn = (text: string, words: StoryWords): number => {
  const m = clauseRegexes(words).ownClause.exec(text);
  return m ? m.index : -1;
};
/** The quoted clause of a line: from the quoting phrase (or its clause's start) to the reporter's own clause, if any. */
function quotedSpan(p: StoryPattern, l: LineRef, words: StoryWords): StoryDenial | undefined {
  const lower = l.text.toLowerCase();
  // The pattern's matches left to right (a few): "I have an idea: it would be nice if …" quotes at its second one.
  for (let from = 0, tries = 0; from < l.text.length && tries < 4; tries++) {
    const m = p.exec(l.text.slice(from), lower.slice(from));
    if (!m) return undefined;
    const index = from + m.index;
    const after = index + Math.max(m[0].length, 1);
    const before = l.text.slice(0, index);
    const clause = lastStop(before, clauseRegexes(words).clauseStop);
    // "per docs I ran … and got X": the reporter speaks in the quoting phrase's own clause before it.
    if (firstOwn(before.slice(clause), words) >= 0) {
      from = after;
      continue;
    }
    const own = firstOwn(l.text.slice(after), words);
    const at = firstOwn(before, words) >= 0 ? clause : 0;
    const end = own >= 0 ? after + own : l.text.length;
    return end > at ? { line: l.line, at, end } : undefined;
  }
  return undefined;
}
/** A conventional-commit title without a scope (`fix: …`, `commitType`) is one only on the first line, written lower-case, with no first-person clause. */
export const bareCommitTitle = (text: string, words: StoryWords = storyWords()): boolean => clauseRegexes(words).bareCommit.test(text) && firstOwn(text, words) < 0;

/** A quoted text inside a line: an error's message in quotes or backticks (bounded, no nesting). */
const QUOTED_TEXT = /"[^"\n]{0,300}"|“[^”\n]{0,300}”|`[^`\n]{0,300}`|「[^」\n]{0,300}」/g;

/** Per words: one test for every said pattern's gate literals (most lines hold none). */
const saidGates = new WeakMap<StoryWords, (lower: string) => boolean>();
/** Sentence stops; the clause stops (punctuation and the `clauseStop` words: "… said relay not running but that's resolved": the turn starts the clause) are clauseRegexes'. */
const SENTENCE_STOP = /[.!?。！？]/gu;
const lastStop = (text: string, stop: RegExp): number => {
  let start = 0;
  for (const m of text.matchAll(stop)) start = m.index + m[0].length;
  return start;
};

const firstStop = (text: string, stop: RegExp): number => {
  for (const m of text.matchAll(stop)) return m.index;
  return text.length;
};

/**
 * The reporter's last word on the outcome, when it is "it's fixed" (Round 29d; one state for every rule, in place of
 * seven rules' own "fixed it" regexes and the lock-only fact): a fix statement in the report's own lines that is no
 * question, no one else's word, no hope or workaround and no release's claim, with nothing after it saying it came
 * back (again / still / until / 又出现了). Events are read in order (a later "fixed it for good" after "it broke
 * again" counts); the last one decides. Rules compare its line with their own failure lines (`fixedAfter`).
 */
export function deriveResolved(own: ReadonlyArray<LineRef & { lower: string }>, words: StoryWords): StoryResolved | undefined {
  const w = words.resolved;
  if (w.said.length === 0) return undefined;
  let state: StoryResolved | undefined;
  const hit = (ps: readonly StoryPattern[], text: string, lower = text.toLowerCase()): boolean => ps.some((p) => p.test(text, lower));
  const mayHold = gateOf(saidGates, words, 2);
  for (const l of own) {
    let said: StoryResolved | undefined;
    if (mayHold(l.lower)) for (const p of w.said) {
      const m = p.exec(l.text, l.lower);
      if (!m || (said && said.at >= m.index)) continue;
      // A quoted error text's own words ("… not permitted …" error is gone) are not the reporter's negation.
      const before = l.text.slice(0, m.index).replace(QUOTED_TEXT, ' ');
      const after = l.text.slice(m.index + m[0].length);
      if (hit(w.before, before.slice(lastStop(before, clauseRegexes(words).clauseStop))) || hit(w.sentence, before.slice(lastStop(before, SENTENCE_STOP)))) continue;
      // The clause after it: a question, a release's claim, someone else's outcome; its sentence: a workaround
      // ("now it works when I start it by hand each morning", review26c item 5).
      if (hit(w.after, after) || hit(w.sentence, after.slice(0, firstStop(after, SENTENCE_STOP))) || conditional(l.text, m.index, words)) continue;
      const what = m.groups?.['what']?.trim();
      said = { line: l.line, at: m.index, end: m.index + m[0].length, ...(what ? { what } : {}) };
    }
    // Nothing said and nothing to undo: the usual line costs only the said patterns' gates.
    if (!said && !state) continue;
    if (hit(w.notSaid, l.text, l.lower)) continue;
    // The last statement on the line stands unless an undo word follows it; a line with none undoes on any undo word.
    if (said) state = said;
    if (said ? hit(w.undone, l.text.slice(said.end)) : hit(w.undone, l.text, l.lower)) state = undefined;
  }
  return state;
}
