// The second half of a large --log FILE, scanned on its own (in a worker thread: scan-worker.ts,
// or in process for tests). The reader (read.ts) scans the first half and merges.
//
// Exactness: which lines the scanner keeps depends only on each line's own verdict (anchor,
// extra, nothing) and on its distance to the nearest anchor (`window` lines before and after),
// and they come out in line order. So the half starts `window` lines before the split (the
// overlap): its ring then holds the lines an anchor just past the split reaches back to, and an
// anchor in the overlap brings its after-window past the split along. Every line it keeps is one
// the whole scan keeps; the reader keeps its own lines up to the split, and the union of both
// (one copy per line number, in line order) is what one scanner over the whole file keeps.
// Counts (lines, cut lines, verified lines) are taken from the split on.
import { loneCrFilter } from './line-ends.js';
import { readSync } from 'node:fs';
import { setBuiltinAutomaton, type AutomatonRef } from '../../shared/literals/builtin.js';
import { toScanMatchers } from './scan-matchers.js';
import { LineScanner, type KeepKind, type MatcherSpec, type ScanEngine, type ScanMatcher } from './scanner.js';

export interface HalfJob {
  /** An open file descriptor of the log (read at explicit positions: the reader's own reads are not moved). */
  fd: number;
  /** Start of the overlap: the first of the `window` lines before the split (a line start). */
  from: number;
  /** A line start: the half's own lines begin here. */
  split: number;
  specs: MatcherSpec[];
  window: number;
  maxLineLength: number;
  engine?: ScanEngine;
  /** Kept lines (logical) and characters the half may hold for the merge; past either it gives up. */
  maxLines: number;
  maxChars: number;
  automaton?: AutomatonRef;
  chunk: number;
}

export type HalfResult =
  | {
      ok: true;
      /** Physical lines of the overlap (line numbers below are counted from `from`, 1-based). */
      overlapLines: number;
      lines: number;
      /** Kept lines: [line, pieces, kind], in line order, overlap included. */
      events: Array<[number, string[], KeepKind]>;
      /** From the split on. */
      cutLines: number;
      cutLineNumbers: number[];
      verified: number;
      /** Bytes read from the split to the end of the file. */
      bytes: number;
    }
  | { ok: false; reason: string };

/**
 * The matchers rebuilt from one specs array, kept while it lives. A worker gets a fresh copy of the
 * specs and rebuilds once; in process (tests) the reader hands the same array for its matcher set
 * (read.ts), so the scanner's per-matcher-array compile, tries and WebAssembly instance are reused
 * instead of made again for every half.
 */
const rebuilt = new WeakMap<MatcherSpec[], ScanMatcher[]>();

export function scanHalf(job: HalfJob): HalfResult {
  if (job.automaton) setBuiltinAutomaton(job.automaton);
  const events: Array<[number, string[], KeepKind]> = [];
  let lines = 0;
  let chars = 0;
  let over = false;
  let matchers = rebuilt.get(job.specs);
  if (!matchers) rebuilt.set(job.specs, (matchers = toScanMatchers(job.specs)));
  const scanner = new LineScanner({
    matchers,
    window: job.window,
    maxLineLength: job.maxLineLength,
    engine: job.engine,
    onKeep: (line, pieces, kind) => {
      if (over) return;
      lines += pieces.length;
      for (const p of pieces) chars += p.length;
      if (lines > job.maxLines || chars > job.maxChars) over = true;
      else events.push([line, pieces, kind]);
    },
  });
  // Two buffers taking turns, as the reader's (scanner.release copies what it still refers to).
  const bufs = [Buffer.allocUnsafeSlow(job.chunk), Buffer.allocUnsafeSlow(job.chunk)];
  let turn = 0;
  let pos = job.from;
  // A lone CR ends a line here as in the whole scan (read.ts); `from` is a line start, so no CR is pending.
  const lineEnds = loneCrFilter();
  /** Feeds up to `stop` (or the end of the file); false when the file ended first or the budget ran out. */
  const feedTo = (stop: number): boolean => {
    while (pos < stop) {
      const buf = bufs[turn]!;
      turn ^= 1;
      scanner.release(buf);
      // Reads end where the whole scan's do (multiples of the chunk size): see readFdSync.
      const n = readSync(job.fd, buf, 0, Math.min(job.chunk - (pos % job.chunk), stop - pos), pos);
      if (n === 0) return stop === Infinity;
      pos += n;
      scanner.feed(lineEnds(buf.subarray(0, n), true));
      if (over) return false;
    }
    return true;
  };
  if (!feedTo(job.split)) return { ok: false, reason: over ? 'budget' : 'the file ended before the split' };
  const overlapLines = scanner.lines;
  const cut0 = scanner.cutLines;
  const nums0 = scanner.cutLineNumbers.length;
  const verified0 = scanner.verified;
  if (!feedTo(Infinity)) return { ok: false, reason: 'budget' };
  scanner.finish();
  if (over) return { ok: false, reason: 'budget' };
  return {
    ok: true,
    overlapLines,
    lines: scanner.lines,
    events,
    cutLines: scanner.cutLines - cut0,
    cutLineNumbers: scanner.cutLineNumbers.slice(nums0),
    verified: scanner.verified - verified0,
    bytes: pos - job.split,
  };
}
