// The rules bundle past its index, read by range from the open file, and the index's shape (src/rules/load.ts reads the
// head and the index; src/rules/lazy.ts parses a body on first use).
import { isAscii } from 'node:buffer';
import { closeSync, readSync } from 'node:fs';
import type { BodySource } from './lazy.js';
import type { FactSource } from '../types.js';
import type { BudgetIndex } from '../engine/budget-bound.js';
import type { LiteralTable } from '../engine/literal-set.js';

/** bytes [start, end) of an open file; short only at its end (then an error: the bundle is cut). */
export function readRange(fd: number, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  if (readInto(fd, out, out.length, start) < out.length) throw new Error('rules bundle: cut short');
  return out;
}

/** Up to `length` bytes of an open file from `position` into `out`'s start: how many were read (fewer only at its end). */
function readInto(fd: number, out: Buffer, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, out, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** A bundle file that cannot be read as the build wrote it (cut short, a changed byte): the message names it and the fix. */
export class BundleDamagedError extends Error {
  constructor(file: string, reason: string) {
    super(`${file} is damaged (${reason}): reinstall clawkit-doctor, or run npm run build`);
  }
}

/** A bundle's reader, closed when no rule of it is left (a long-lived process that reloads after a rebuild). */
const openBundles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** After this many ranges read one by one, later ones go through a read-ahead window (a run that parses most bodies). */
const RANGE_READS = 24;

/**
 * The read-ahead window: bytes read from a body's start on, so the bodies after it (rules are evaluated and listed in
 * the bundle's order) are sliced from it without a read each. It replaced reading the whole file after RANGE_READS
 * ranges (issue #13): the bundle is ~6.7 MB, and a large log's evaluation crossed that line for its last few bodies, so
 * the copy was alive at the run's peak (+6.4 MiB on 200 MB through stdin, notes/perf.md Round 31e). One buffer, refilled.
 */
export const WINDOW_BYTES = 256 * 1024;

/** Bundle files holding a window with the file still open (what shedBundleBytes lets go). */
const holding = new Set<WeakRef<BundleFile>>();

/**
 * Lets go of the read-ahead windows read for a burst of bodies (issue #13: a large log's peak memory).
 * Once the bodies a large log's set-up needed are parsed, the CLI calls this; a later read goes by
 * range again (and through a window after another RANGE_READS). A file read whole to be closed
 * (readAll, Windows) keeps its copy: it cannot be read again.
 */
export function shedBundleBytes(): void {
  for (const ref of holding) ref.deref()?.shed();
  holding.clear();
}

/**
 * The rules bundle past its index, read by range when a rule body (or the covers, the tree
 * fingerprint) is first needed (issue #13, start-up): a small paste parses ~10 of ~400 bodies, and
 * reading the whole 2.9 MB file was ~1.7 ms of its start. The file stays open while a rule of it
 * lives: the build writes a new bundle and renames it over the old one (scripts/bundle-rules.mjs),
 * so an open file keeps the bytes its index describes, however long the process runs. A run that
 * needs many bodies (the possible-causes ranker, `rules list`, a large log's evaluation) reads them
 * through one read-ahead window after RANGE_READS ranges; only readAll reads the whole file.
 * Every range is checked to be ASCII (the build's promise; byte offsets are then character offsets).
 */
export class BundleFile implements BodySource {
  private whole: Buffer | undefined;
  /** The read-ahead window: file bytes [windowStart, windowStart + windowLength) at its start. */
  private window: Buffer | undefined;
  private windowStart = 0;
  private windowLength = 0;
  private reads = 0;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly size: number,
    /** The bundle's path (errors name it). */
    private readonly path: string,
    /** Called when a read throws (the loader forgets its cached rules: a later load reads afresh). */
    private readonly onError: () => void = () => {},
  ) {
    openBundles.register(this, fd, this);
  }

  /** Closes the file now (a stale bundle the loader does not use, a failed load); its rules read nothing more of it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    openBundles.unregister(this);
    closeSync(this.fd);
  }

  text(start: number, end: number): string {
    try {
      return this.read(start, end);
    } catch (err) {
      throw this.damaged(err);
    }
  }

  /** Reads the whole file now and closes it (Windows: an open file cannot be renamed over, so the build could not replace it). */
  readAll(): void {
    try {
      this.readWhole();
      this.close();
    } catch (err) {
      throw this.damaged(err);
    }
  }

  /** Drops the read-ahead window while the file is open (shedBundleBytes). */
  shed(): void {
    if (this.closed) return;
    this.window = undefined;
    this.windowLength = 0;
    this.reads = 0;
  }

  private readWhole(): void {
    if (this.whole) return;
    const whole = readRange(this.fd, 0, this.size);
    if (!isAscii(whole)) throw new Error('rules bundle: not ASCII');
    this.whole = whole;
    this.window = undefined;
  }

  /** [start, end) sliced from the window, which is refilled from `start` on when it does not hold the range. */
  private windowed(start: number, end: number): string {
    if (start < this.windowStart || end > this.windowStart + this.windowLength) {
      if (!this.window) {
        this.window = Buffer.allocUnsafeSlow(WINDOW_BYTES);
        holding.add(new WeakRef(this));
      }
      const length = Math.min(WINDOW_BYTES, this.size - start);
      // Nothing is kept of a fill that fails: the next read fills again.
      this.windowLength = 0;
      const got = readInto(this.fd, this.window, length, start);
      if (got < end - start) throw new Error('rules bundle: cut short');
      if (!isAscii(this.window.subarray(0, got))) throw new Error('rules bundle: not ASCII');
      this.windowStart = start;
      this.windowLength = got;
    }
    return this.window!.toString('latin1', start - this.windowStart, end - this.windowStart);
  }

  private damaged(err: unknown): BundleDamagedError {
    this.onError();
    return err instanceof BundleDamagedError ? err : new BundleDamagedError(this.path, err instanceof Error ? err.message.replace(/^rules bundle: /, '') : String(err));
  }

  private read(start: number, end: number): string {
    if (end <= start) return ''; // a hand-damaged index may ask for nothing: no window to slice
    if (this.whole) return this.whole.toString('latin1', start, end);
    // A range longer than the window (the bundle's tables) is read alone.
    if (++this.reads > RANGE_READS && end - start <= WINDOW_BYTES) return this.windowed(start, end);
    const bytes = readRange(this.fd, start, end);
    if (!isAscii(bytes)) throw new Error('rules bundle: not ASCII');
    return bytes.toString('latin1');
  }
}

/** The bundle's index (scripts/bundle-rules.mjs): all a run reads of the bundle before a rule needs its body. */
export interface BundleIndex {
  /** sha256 of the rule files' names and bytes (contentHash). */
  contentHash?: string;
  /** The engine's scanner for every cover literal, built once at build time (src/engine/literal-set.ts). */
  literals?: LiteralTable;
  /** Where (from the start of the rules array) the literal covers of the paste matchers by matcher key are (src/shared/regex/cover.ts). */
  covers: [number, number];
  /** Where the rule tree's size+mtime fingerprint is (a working tree's staleness check). */
  fingerprint: [number, number];
  /** Where `{lits, rules}` is: per rule (in `rules`' order) the numbers in `lits` of its cover literals (src/engine/cover-literals.ts). */
  scan?: [number, number];
  /** Where the anchors' plan is: per rule the skeleton of its `when` that choosing a huge log's anchors reads (src/shared/regex/anchor-plan.ts). */
  anchors?: [number, number];
  /** Where the whole objects of the plan's matchers are (read when the scan first tests a line with one). */
  anchorMatchers?: [number, number];
  /** Key lists of the rule files, in their order (`file` last). */
  shapes: string[][];
  /** The gates' literals, numbered. */
  lits: string[];
  /** 1 when every one of `lits` is plain (src/engine/literal-set.ts isPlainTable, checked at build time). */
  litsPlain?: 1;
  /** Every rule's gate (src/engine/gate.ts) in one table: literals by number, fact and version leaves; the numbers as encodeGateCode writes them. */
  gates: { code: string; leaves: string[] };
  rules: Array<{
    id: string;
    /** Length of its body (the bodies follow each other, comma-separated). */
    n: number;
    /** Its shape (keys). */
    k: number;
    /** Its file relative to the rules directory when not `<id>.json`. */
    f?: string;
    /** Sources it cannot fire without (src/engine/sources.ts). */
    s: FactSource[];
    /** Where its gate starts in `gates` (absent: it has none). */
    c?: number;
    /** Its matching-budget weight (gate.ts budgetWeight). */
    w: number;
    /** 1 when the possible-causes ranker reads it (fallback/index-build.ts readsPaste). */
    p?: 1;
  }>;
  /** The matching budget's bound (src/engine/budget-bound.ts): distinct patterns, and per rule (in `rules`' order) its own. */
  budget?: BudgetIndex;
}

/** Whether the last body, the covers, the fingerprint and the scan literals end within the file (bodies are read only later, by range). */
export function bundleFits(index: Pick<BundleIndex, 'rules' | 'covers' | 'fingerprint' | 'scan' | 'anchors' | 'anchorMatchers'>, base: number, size: number): boolean {
  const bodiesEnd = index.rules.reduce((at, e) => at + e.n + 1, 0) - 1;
  return base + Math.max(bodiesEnd, index.covers[1], index.fingerprint[1], index.scan?.[1] ?? 0, index.anchors?.[1] ?? 0, index.anchorMatchers?.[1] ?? 0) <= size;
}
