// The one place a rule's paste regex is compiled (the engine and the paste reader's line test).
import type { PasteMatcher, PastePiece } from '../../types.js';
import { enableLinearFallback } from './engine.js';
import { LINEAR_ENGINE_WEIGHT } from './budget.js';
import { groupRunner } from './piece-group.js';

enableLinearFallback();

const regexCache = new Map<string, RegExp>();

function cached(source: string, flags: string): RegExp {
  const key = `${flags}\u0000${source}`;
  let re = regexCache.get(key);
  if (!re) regexCache.set(key, (re = new RegExp(source, flags)));
  return re;
}

/**
 * A paste matcher's regex. As written when validation found its backtracking work per start
 * position bounded (`bounded`: finite repeats, few paths; linear in the line and fastest on V8's
 * backtracking engine), else its rewrite for V8's linear-time engine (`linear`, every other loaded
 * rule). Rules built in memory without either (tests) compile as written.
 */
export function compilePasteRegex(m: PasteMatcher): RegExp {
  const asWritten = m.bounded || m.linear === undefined;
  return asWritten ? cached(m.regex ?? '', m.caseSensitive ? '' : 'i') : cached(m.linear!, '');
}

/** What the engine reads of a match: where it starts and its named captures. */
export interface LineMatch {
  index: number;
  groups?: Record<string, string | undefined>;
}

export interface PasteRunner {
  /** The first match starting at `from` or later (default 0; the text before it is still read by \b and \B). */
  exec(text: string, from?: number): LineMatch | null;
  /** Budget charge per character of a line (budget.ts). */
  weight: number;
}

const runners = new WeakMap<PasteMatcher, PasteRunner>();

/** How a paste matcher's regex is run on a line: whole (compilePasteRegex) or by its plan (plan.ts). */
export function pasteRunner(m: PasteMatcher): PasteRunner {
  let r = runners.get(m);
  if (!r) runners.set(m, (r = { exec: m.plan ? planExec(m.plan, m.caseSensitive ? '' : 'i') : wholeExec(m), weight: runWeight(m) }));
  return r;
}

/**
 * What pasteRunner(m) charges per character of a line, worked out without compiling anything (the
 * rules bundle's index carries it for the engine's budget bound, src/engine/budget-bound.ts).
 */
export function runWeight(m: PasteMatcher): number {
  // A same-line exclusion (notOnLine) is paid for with the regex: its weight is added.
  const x = notOnLineMatcher(m);
  return ownWeight(m) + (x ? ownWeight(x) : 0);
}

function ownWeight(m: PasteMatcher): number {
  if (m.plan) return m.plan.reduce((w, p) => w + (p.bounded ? 1 : LINEAR_ENGINE_WEIGHT) + (p.head !== undefined ? 2 : 0), 0);
  return m.bounded || m.linear === undefined ? 1 : LINEAR_ENGINE_WEIGHT;
}

/** Per matcher built in memory without validation (tests): its exclusion, compiled as written like its regex. */
const madeExclusions = new WeakMap<PasteMatcher, PasteMatcher>();

/** The matcher of `m.notOnLine`: the one validation analysed (annotate.ts), else one made as written. */
export function notOnLineMatcher(m: PasteMatcher): PasteMatcher | undefined {
  if (m.notOnLine === undefined) return undefined;
  if (m.notOnLineMatcher) return m.notOnLineMatcher;
  let x = madeExclusions.get(m);
  if (!x) madeExclusions.set(m, (x = { regex: m.notOnLine, ...(m.caseSensitive ? { caseSensitive: true } : {}) }));
  return x;
}

function wholeExec(m: PasteMatcher): PasteRunner['exec'] {
  const re = compilePasteRegex(m);
  let from: RegExp | undefined;
  return (text, at = 0) => (at === 0 ? re.exec(text) : atOrAfter((from ??= cached(re.source, `${re.flags}g`)), text, at));
}

/** The first match of a global regex starting at `at` or later. */
function atOrAfter(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

type Piece = (text: string, from: number) => LineMatch | null;

function pieceRunner(p: PastePiece, flags: string): Piece {
  if (p.head === undefined) {
    const re = p.bounded ? cached(p.re, flags) : cached(p.re, '');
    let from: RegExp | undefined;
    return (text, at) => (at === 0 ? re.exec(text) : atOrAfter((from ??= cached(re.source, `${re.flags}g`)), text, at));
  }
  const head = cached(p.head, `${flags}g`);
  // The usual stop, a newline (a [^\n] gap: most of the built-in rules' gap pieces), is found
  // by indexOf, which reads a long line ~10x faster than the class regex (no case to fold in it).
  const newline = p.stop === '[\\n]';
  const stop = cached(p.stop!, `${flags}g`);
  const rest = p.bounded ? cached(p.re, `${flags}g`) : cached(p.re, 'g');
  const len = p.headLength!;
  const max = p.max ?? Infinity;
  // Each HEAD in turn, until the first REST after it comes before the first stop after it (and at
  // most `max` characters after it: a later REST is further still). A REST or stop found for an
  // earlier HEAD is still the first one for a later HEAD that starts before it, so every scan
  // starts past the previous one: linear in the line. The stop is looked for only when the REST is
  // near enough (a HEAD whose first REST is too far fails whatever the stop), and the next HEAD is
  // looked for where one could succeed: on a line dense with HEADs (a line of rule literals) most
  // are skipped by one scan instead of one exec each.
  return (text, from) => {
    head.lastIndex = from;
    let r: RegExpExecArray | null = null;
    let stopAt = -1;
    for (;;) {
      const h = head.exec(text);
      if (!h) return null;
      const from = h.index + len;
      if (r === null || r.index < from) {
        rest.lastIndex = from;
        if (!(r = rest.exec(text))) return null; // no REST after this HEAD: none after a later one
      }
      if (r.index - from <= max) {
        if (stopAt < from) {
          if (newline) stopAt = text.indexOf('\n', from);
          else {
            stop.lastIndex = from;
            stopAt = stop.exec(text)?.index ?? -1;
          }
          if (stopAt < 0) stopAt = Infinity;
        }
        if (r.index <= stopAt) return { index: h.index, groups: h.groups || r.groups ? { ...h.groups, ...r.groups } : undefined };
        // A later HEAD whose gap starts at or before the stop meets it before its first REST (r).
        head.lastIndex = Math.max(h.index + 1, stopAt + 1 - len);
      } else {
        // A later HEAD whose gap starts before r.index - max has r as its first REST too: too far.
        head.lastIndex = Math.max(h.index + 1, r.index - max - len);
      }
    }
  };
}

/** A head that may share one alternation with others: no capture or backreference to renumber. */
const plainHead = (head: string): boolean => !/\((?!\?(?::|=|!|<=|<!))|\\[1-9k]/.test(head);

/** Whether two gap pieces differ only in their HEAD (plan.ts splits a HEAD of varying length so). */
const sameTail = (a: PastePiece, b: PastePiece): boolean =>
  a.re === b.re && a.bounded === b.bounded && a.stop === b.stop && a.max === b.max;

/**
 * The plan's pieces in order, each run of two or more gap pieces that differ only in a plain HEAD
 * as one group (piece-group.ts: one pass instead of one per piece, same answers).
 */
export function planGroups(plan: readonly PastePiece[]): PastePiece[][] {
  const out: PastePiece[][] = [];
  for (const p of plan) {
    const last = out[out.length - 1];
    const joins = p.head !== undefined && plainHead(p.head) && last?.[0]!.head !== undefined && plainHead(last[0]!.head) && sameTail(last[0]!, p);
    if (joins) last!.push(p);
    else out.push([p]);
  }
  return out;
}

function groupPiece(g: PastePiece[], flags: string): Piece {
  if (g.length === 1) return pieceRunner(g[0]!, flags);
  const p = g[0]!;
  return groupRunner(
    cached(g.map((x) => `(?:${x.head})`).join('|'), `${flags}g`),
    g.map((x) => ({ re: cached(x.head!, `${flags}y`), len: x.headLength! })),
    p.bounded ? cached(p.re, `${flags}g`) : cached(p.re, 'g'),
    p.stop === '[\\n]' ? 'newline' : cached(p.stop!, `${flags}g`),
    p.max ?? Infinity,
  );
}

/** `grouped` false: every piece on its own (the runner the groups are tested against). */
export function planExec(plan: PastePiece[], flags: string, grouped = true): PasteRunner['exec'] {
  const pieces = grouped ? planGroups(plan).map((g) => groupPiece(g, flags)) : plan.map((p) => pieceRunner(p, flags));
  return (text, from = 0) => {
    // Leftmost-first: the earliest index wins, an earlier piece on a tie.
    let best: LineMatch | null = null;
    for (const run of pieces) {
      const m = run(text, from);
      if (m && (best === null || m.index < best.index)) best = m;
      if (best?.index === from) break;
    }
    return best;
  };
}
