// One pass for a run of gap pieces that differ only in their HEAD (issue #9 part 2; notes/hostile-input.md 2am).
//
// A HEAD of varying length is split into one piece per length (plan.ts), all sharing REST, stop and
// max; run piece by piece, each is a full scan of the line (13 scans for a channel-prefixed pattern).
// Here the HEADs are found by one alternation, and at each place it matches every HEAD of the group
// is tried there (sticky), so the answer is the per-piece runners': the earliest HEAD whose gap reaches
// a REST before a stop and within max, the earlier piece on a tie. The RESTs and stops are read
// forward once each (Ahead): every lookup is at or after the place's shortest gap start, which only
// grows, so the line is scanned once whatever the HEAD lengths.
import type { LineMatch } from './compile.js';

/** One HEAD of a group: its sticky regex and fixed length. */
export interface GroupHead {
  re: RegExp;
  len: number;
}

/** A match found ahead: where it starts, and the named captures the engine reads. */
type Found = { index: number; groups?: Record<string, string> | undefined };

/**
 * The places something matches, in start order, read forward on demand. Lookups are at or after
 * the last `floor`, which only grows: each start position is scanned once. One per runner, kept
 * across its calls and emptied by `reset` (a call runs only regexes and indexOf: nothing inside it
 * calls the runner again, so one call's reads never meet another's).
 */
class Ahead {
  private readonly found: Found[] = [];
  private head = 0; // found[head..] start at or after the floor
  private scanned = 0; // every match starting before this is in found
  private done = false;
  private text = '';

  /** `re`: a global regex, or 'newline' (found by indexOf). */
  constructor(private readonly re: RegExp | 'newline') {}

  /** Starts a read of `text` (nothing found yet, the floor at 0). */
  reset(text: string): void {
    this.found.length = 0;
    this.head = 0;
    this.scanned = 0;
    this.done = false;
    this.text = text;
  }

  private next(at: number): Found | null {
    const re = this.re;
    if (re === 'newline') {
      const i = this.text.indexOf('\n', at);
      return i < 0 ? null : { index: i, groups: undefined };
    }
    re.lastIndex = at;
    return re.exec(this.text);
  }

  floor(at: number): void {
    while (this.head < this.found.length && this.found[this.head]!.index < at) this.head++;
    if (this.scanned < at) this.scanned = at;
  }

  /** The first match starting at `at` (≥ the floor) or later; null: none. */
  first(at: number): Found | null {
    for (let i = this.head; ; i++) {
      if (i === this.found.length) {
        if (this.done) return null;
        const f = this.next(this.scanned);
        if (!f) {
          this.done = true;
          return null;
        }
        this.found.push(f);
        this.scanned = f.index + 1;
      }
      const f = this.found[i]!;
      if (f.index >= at) return f;
    }
  }
}

/**
 * The group's runner. `any`: the HEADs' alternation (global), `heads` in piece order, `rest`/`stop`
 * as pieceRunner compiles them (global), `max` the longest gap.
 */
export function groupRunner(
  any: RegExp,
  heads: readonly GroupHead[],
  rest: RegExp,
  stop: RegExp | 'newline',
  max: number,
): (text: string, from: number) => LineMatch | null {
  const minLen = Math.min(...heads.map((h) => h.len));
  const maxLen = Math.max(...heads.map((h) => h.len));
  const rests = new Ahead(rest);
  const stops = new Ahead(stop);
  const read = (text: string, from: number): LineMatch | null => {
    any.lastIndex = from;
    for (;;) {
      const a = any.exec(text);
      if (!a) return null;
      const p = a.index;
      // Every gap from here on starts at p + minLen or later: its first REST is this one or later.
      rests.floor(p + minLen);
      stops.floor(p + minLen);
      const r0 = rests.first(p + minLen);
      if (!r0) return null; // no REST after this place: none after a later one
      if (r0.index - (p + maxLen) > max) {
        // Every gap of a place before r0 - max - maxLen has r0 as its first REST: too far.
        any.lastIndex = Math.max(p + 1, r0.index - max - maxLen);
        continue;
      }
      const s0 = stops.first(p + minLen)?.index ?? Infinity;
      // A place whose gaps all start in [p + minLen, s0] meets the stop s0 before its first REST, r0.
      any.lastIndex = s0 < r0.index ? Math.max(p + 1, s0 + 1 - maxLen) : p + 1;
      for (const h of heads) {
        h.re.lastIndex = p;
        const hm = h.re.exec(text);
        if (!hm) continue;
        const gapAt = p + h.len;
        const r = rests.first(gapAt);
        if (!r || r.index - gapAt > max) continue;
        const s = stops.first(gapAt)?.index ?? Infinity;
        if (r.index <= s) return { index: p, groups: hm.groups || r.groups ? { ...hm.groups, ...r.groups } : undefined };
      }
    }
  };
  return (text, from) => {
    rests.reset(text);
    stops.reset(text);
    try {
      return read(text, from);
    } finally {
      // Memory only: the kept pair would otherwise hold this text and its matches until the next call.
      rests.reset('');
      stops.reset('');
    }
  };
}
