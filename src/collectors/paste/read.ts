// Stream pasted text (stdin or --log FILE) with bounded memory whatever its size.
// Small inputs (up to `keepAllBytes`) are kept whole. Past that, only lines hit by an ANCHOR — the
// most selective paste matcher each rule needs (src/engine/anchors.ts) — are kept, with
// `contextLines` lines before and after each hit, so a rule's other matchers can be satisfied
// near the error; all other lines are only counted. The byte-level scanner (scanner.ts) finds
// candidate lines by literal, like grep; at most `maxKept` lines are kept (the first half and the
// most recent half).
// Over ~300 lines on purpose: one job — turn any input source (stdin, file, fd, string) into PasteFacts within the size and time caps; each source shares the same collector.
import type { Readable } from 'node:stream';
import { existsSync, fstatSync, readSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { LineRef, PasteFacts, PasteMatcher, Rule } from '../../types.js';
import type { Anchor } from '../../shared/regex/anchors.js';
import { emptyExtracted, extractLine, type Extracted } from './extract.js';
import { extractStructured } from './structured/index.js';
import { stripAnsi } from './normalize.js';
import { LineScanner, literalCounts, literalRates, scanEngine, type KeepKind, type MatcherSpec, type ScanMatcher } from './scanner.js';
import { scanHalf, type HalfJob, type HalfResult } from './scan-half.js';
import { builtinCovers } from '../../shared/rule-covers.js';
import { anchorView } from '../../shared/regex/anchor-plan.js';
import { builtinAutomaton, builtinAutomatonRef } from '../../shared/literals/builtin.js';
import { builtinNumbering } from '../../shared/literals/numbered.js';
import { toScanMatchers } from './scan-matchers.js';
import { loneCrFilter } from './line-ends.js';

export { matcherTest, toScanMatchers } from './scan-matchers.js';

export interface ReadPasteOptions {
  source: 'stdin' | 'file';
  file?: string;
  /**
   * The line matchers that decide what is kept once the input is larger than keepAllBytes
   * (built lazily, at most once). Without them every line is kept (up to maxKept).
   */
  anchors?: (sample: Buffer[]) => ScanMatcher[] | Promise<ScanMatcher[]>;
  keepAllBytes?: number;
  maxKept?: number;
  /** Bytes of recent kept lines held until the end (default 4 MB); older ones are dropped. */
  keptTailBytes?: number;
  /** Bytes of the first kept lines (default 2 MiB): past them (or past half of maxKept lines) lines go to the tail. */
  keptHeadBytes?: number;
  /** Bytes of a line that are looked at (the rest is skipped). */
  maxLineLength?: number;
  /** Lines kept before and after each anchor hit in huge inputs. */
  contextLines?: number;
  /** Give up waiting for the first byte (implicit stdin that nobody writes to). */
  firstByteTimeoutMs?: number;
  /** Called when firstByteTimeoutMs passed with the input still open and no byte on it (the read then gives up). */
  onFirstByteTimeout?: () => void;
  /** Test hook: called for every kept physical line. */
  onKeep?: (line: number, kind: KeepKind) => void;
  /** Filled in when given: how the input was read (bench, tests). */
  stats?: ReadStats;
  /**
   * Called once, before the text is processed, when the input is at least LARGE_BYTES (the CLI
   * holds V8's young generation then: src/shared/young-gen.ts).
   */
  onLarge?: () => void;
  /**
   * Called once when a large input's scan has gone SET_UP_GC_AFTER bytes past the head it set up on:
   * the set-up's garbage (the head's chunks and their copy, the anchors' derivation) is dead from
   * then on, and the scan that follows is where a large log's peak memory is reached (the CLI
   * collects it there). Not called when the input ends sooner (the CLI collects after the read).
   */
  onSetUp?: () => void;
  /**
   * Asked for (CLAWKIT_SCAN_HALVES=auto), a --log FILE of at least HALVES_BYTES is scanned by two
   * threads: this one up to a line start near the middle, a worker from there on (scan-half.ts),
   * merged into the report one scan gives; only when a second core is idle (load average below
   * cores − 1): on a busy machine the worker's start-up and set-up are paid and nothing runs sooner.
   * Unset, empty, 0 or false: one thread (the default: the worker costs memory the RSS target has
   * no room for yet). CLAWKIT_SCAN_HALVES=N (bytes) moves the size threshold and skips the load
   * check (comparisons). Given (an object), the load is not asked. Tests: `minBytes` lowers the size, `at` (a byte
   * offset) moves the split, `inProcess` runs the second half's scan in this thread (after the
   * first; the same code as the worker's).
   */
  halves?: false | { minBytes?: number; at?: number; inProcess?: boolean };
  /** Test hook: the size of each read of a file (default FILE_CHUNK). */
  fileChunk?: number;
}

/** Files from this size on are scanned by two threads (see ReadPasteOptions.halves). */
export const HALVES_BYTES = 32 * 1024 * 1024;

/** Inputs from this size on are "large" for onLarge. */
export const LARGE_BYTES = 1024 * 1024;

/**
 * How far past the head a large input's scan goes before onSetUp. A log that ends sooner has its
 * set-up's garbage collected once, after the read (the CLI's full collection there follows within
 * ~1 ms of scanning): two full collections of the same heap were ~16 ms of a 2.1 MB log's set-up
 * (issue #13). Small enough that a longer log's peak does not rise (notes/perf.md Round 29f).
 */
export const SET_UP_GC_AFTER = 256 * 1024;

export interface ReadStats {
  /** Anchor mode was used (input larger than keepAllBytes, anchors given). */
  anchored?: boolean;
  anchors?: number;
  /** Lines the scanner handed to the real matchers. */
  verified?: number;
  /** Time spent deriving anchors and compiling the scanner. */
  setupMs?: number;
  /**
   * Two threads were asked for: 'merged' (the second half's lines came from the other scan) or why
   * not ('budget': it kept more than the merge may hold; 'error'); the reader then scanned it itself.
   */
  halves?: 'merged' | 'budget' | 'error';
}

export class BinaryInputError extends Error {}

const DEFAULTS = { keepAllBytes: 2 * 1024 * 1024, maxKept: 20_000, maxLineLength: 64 * 1024, contextLines: 20 };

/** Extra lines worth keeping in huge logs even when no rule names them (version banners, request ids). */
export const EXTRA_ANCHORS: PasteMatcher[] = [{ regex: String.raw`openclaw[ \t]+v?20\d\d\.\d|requestId` }];

/**
 * The anchors of a rule set plus EXTRA_ANCHORS. Covers come from the rules bundle when it has
 * them; only other matchers (--rules dirs, a stale bundle) load the regex analyser. With a sample
 * of the input, each rule's anchor and literals are the rarest in that sample.
 */
export async function inputAnchors(ruleSet: Rule[], sample?: Buffer[]): Promise<Anchor[]> {
  const { candidateLiterals, deriveAnchors, matcherKey, pasteMatchers } = await import('../../shared/regex/anchors.js');
  // Built-in rules whose body is unread are read as the bundle's skeletons (no body parsed).
  const rules = ruleSet.map(anchorView);
  const matchers = [...pasteMatchers(rules), ...EXTRA_ANCHORS];
  const builtin = builtinAutomaton();
  const numbering = sample?.length && builtin ? builtinNumbering(builtin.automaton) : undefined;
  if (numbering && matchers.every((m) => numbering.has(matcherKey(m)))) {
    // Every matcher is a built-in one: its cover is numbered in the built-in automaton, which
    // counts every literal on the sample in one pass. The cover a matcher carries (the bundle
    // attaches it) or its numbered literals: the bundle's covers map is not parsed.
    const table = numbering.table(literalCounts(sample!, builtin!.automaton));
    const coverIds = (m: PasteMatcher) => numbering.coverIds(matcherKey(m))!;
    const cover = (m: PasteMatcher) => m.cover ?? coverIds(m).map((conj) => Array.from(conj, (id) => table.texts[id]!));
    return deriveAnchors(rules, EXTRA_ANCHORS, { cover, numbered: { coverIds, table } }).anchors;
  }
  const known = builtinCovers() ?? {};
  let compute: ((m: PasteMatcher) => string[][]) | undefined;
  if (matchers.some((m) => !known[matcherKey(m)])) compute = (await import('../../shared/regex/cover.js')).matcherCover;
  const cover = (m: PasteMatcher) => known[matcherKey(m)] ?? compute!(m);
  let rate: ((literal: string, json: boolean) => number) | undefined;
  if (sample?.length) {
    const { plain, json } = candidateLiterals(matchers, cover);
    rate = literalRates(sample, plain, json);
  }
  return deriveAnchors(rules, EXTRA_ANCHORS, { cover, rate }).anchors;
}

/** The scan matchers for a rule set (see inputAnchors). */
export async function anchorMatchers(rules: Rule[], sample?: Buffer[]): Promise<ScanMatcher[]> {
  return toScanMatchers(await inputAnchors(rules, sample));
}

/**
 * The kept lines: the first half of `max` as they come (their facts extracted at once), then the
 * most recent ones. The recent ones wait as UTF-8 in a fixed byte ring and are only turned into
 * strings (and their facts extracted) at the end: a log where every line is a hit would otherwise
 * churn a JS object per line through the old generation (that was 160 MB of peak RSS). The head
 * has a byte budget too (`headBytes`): it closes at whichever of its two limits comes first, and
 * every later line goes to the tail, so at most headBytes + tailBytes of text reach the evaluation
 * (a log of long lines that are all hits kept ~24 MB of text before: notes/perf.md Round 28g).
 */
class Kept {
  head: LineRef[] = [];
  dropped = 0;
  /** The head took its half of `max` lines or its `headBytes` (UTF-8, a break each): later lines go to the tail. */
  private headFull = false;
  private headSize = 0;
  private readonly half: number;
  private readonly tailMax: number;
  // Tail records, oldest at `first`: line number, byte offset and length in `bytes`, piece count.
  private readonly line: Float64Array;
  private readonly off: Int32Array;
  private readonly len: Int32Array;
  private readonly count: Int32Array;
  private first = 0;
  private n = 0;
  private pieces = 0;
  private bytes: Buffer | undefined;
  private wpos = 0;

  constructor(
    private readonly max: number,
    private readonly onHead: (l: LineRef) => void,
    private readonly tailBytes = TAIL_BYTES,
    private readonly headBytes = HEAD_BYTES,
  ) {
    this.half = Math.max(1, Math.floor(max / 2));
    this.tailMax = Math.max(1, max - this.half);
    this.line = new Float64Array(this.tailMax);
    this.off = new Int32Array(this.tailMax);
    this.len = new Int32Array(this.tailMax);
    this.count = new Int32Array(this.tailMax);
  }

  /** One physical line's logical lines. */
  push(line: number, texts: string[]): void {
    let i = 0;
    for (; i < texts.length && !this.headFull; i++) {
      const text = texts[i]!;
      // UTF-8 bytes, as the tail counts them (+1: the line break the joined text gives each line).
      const size = Buffer.byteLength(text, 'utf8') + 1;
      if (this.head.length >= this.half || this.headSize + size > this.headBytes) {
        // Closed for good, even to a shorter line: the head stays the input's first kept lines.
        this.headFull = true;
        break;
      }
      const l = { line, text };
      this.head.push(l);
      this.headSize += size;
      this.onHead(l);
    }
    if (i === texts.length) return;
    const rest = i === 0 ? texts : texts.slice(i);
    const joined = rest.join('\n'); // a logical line holds no newline
    const size = Buffer.byteLength(joined, 'utf8');
    if (size > this.tailBytes) {
      // Larger than the whole budget (not with the default caps): older lines go too, so what
      // is kept stays the most recent run of lines.
      while (this.n > 0) this.evict();
      this.dropped += rest.length;
      return;
    }
    this.bytes ??= Buffer.allocUnsafe(this.tailBytes);
    // Records are contiguous: wrap to 0 when this one does not fit at the end. From the write
    // position on, in address order, come the oldest records first: evict while the line cap is
    // reached or the oldest record lies where this one goes (or in the gap a wrap leaves).
    const wrap = this.wpos + size > this.tailBytes;
    const at = wrap ? 0 : this.wpos;
    while (this.n > 0 && (this.pieces + rest.length > this.tailMax || this.inTheWay(this.first, wrap, size))) this.evict();
    const k = (this.first + this.n) % this.tailMax;
    this.bytes.write(joined, at, 'utf8');
    this.line[k] = line;
    this.off[k] = at;
    this.len[k] = size;
    this.count[k] = rest.length;
    this.n++;
    this.pieces += rest.length;
    this.wpos = at + size;
  }

  private inTheWay(k: number, wrap: boolean, size: number): boolean {
    const o = this.off[k]!;
    return wrap ? o >= this.wpos || o < size : o >= this.wpos && o < this.wpos + size;
  }

  private evict(): void {
    this.dropped += this.count[this.first]!;
    this.pieces -= this.count[this.first]!;
    this.first = (this.first + 1) % this.tailMax;
    this.n--;
  }

  /**
   * Head then tail, in line order; tail lines get their facts extracted now. Once: the ring goes
   * with it (the reader's closures outlive the read, and its touched pages — up to 4 MiB on a large
   * log — would last through the evaluation, where a 200 MB log's peak memory is: issue #13).
   */
  all(onTail: (l: LineRef) => void): LineRef[] {
    const out = [...this.head];
    for (let j = 0; j < this.n; j++) {
      const k = (this.first + j) % this.tailMax;
      const text = this.bytes!.toString('utf8', this.off[k], this.off[k]! + this.len[k]!);
      for (const t of text.split('\n')) {
        const l = { line: this.line[k]!, text: t };
        out.push(l);
        onTail(l);
      }
    }
    this.bytes = undefined;
    this.n = 0;
    return out;
  }
}

/** Line feeds in `bufs` (a paste's head, at most keepAllBytes). */
function newlines(bufs: Buffer[]): number {
  let n = 0;
  for (const b of bufs) for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** Bytes of recent kept lines held for the end. */
const TAIL_BYTES = 4 * 1024 * 1024;

/**
 * Bytes of the first kept lines (issue #13: bounded memory at any size). keepAllBytes: an input
 * whose kept text is at most that (every paste kept whole, unless its lines unfold into more text,
 * e.g. JSON records) meets only the line cap, as before; the largest head of bench-sizes' logs (1.9
 * to 200 MB) is 1.06 MB. Each MiB of it is ~3 MiB of peak on a log of long kept lines (notes/perf.md
 * Round 28g).
 */
const HEAD_BYTES = 2 * 1024 * 1024;

function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  if (n === 0) return false;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b === 0) return true;
    if (b < 7 || (b > 13 && b < 27) || (b > 27 && b < 32)) odd++;
  }
  return odd / n > 0.1;
}

/**
 * UTF-16 without a BOM (PowerShell's `Out-File -Encoding Unicode` piped on, editors' "UTF-16"
 * without signature): mostly-ASCII text has a NUL in every other byte, on the high side of each
 * code unit — odd offsets for little-endian, even ones for big-endian. Binary data has NULs too,
 * but not in that strict alternation over the first bytes.
 */
export function sniffUtf16(buf: Buffer): 'le' | 'be' | null {
  const n = Math.min(buf.length, 8192) & ~1;
  if (n < 4) return null;
  let highNul = 0; // 0x00 at odd offsets with a non-NUL partner: ASCII in UTF-16LE
  let lowNul = 0; // 0x00 at even offsets: ASCII in UTF-16BE
  let both = 0;
  for (let i = 0; i < n; i += 2) {
    const a = buf[i]!;
    const b = buf[i + 1]!;
    if (a === 0 && b === 0) both++;
    else if (b === 0) highNul++;
    else if (a === 0) lowNul++;
  }
  const units = n / 2;
  // Most code units ASCII (the NUL side), none the other way round, no NUL characters.
  if (both > 0) return null;
  if (highNul >= units * 0.6 && lowNul === 0) return 'le';
  if (lowNul >= units * 0.6 && highNul === 0) return 'be';
  return null;
}

/**
 * GBK / GB18030 (a Chinese Windows console redirected to a file, `cmd` or PowerShell 5 with code
 * page 936): not valid UTF-8, and read as GB18030 it is Chinese text without a replacement
 * character. Latin-1 or other legacy bytes rarely pass both: a lead byte must be followed by a
 * valid trail byte, and most of what is not ASCII must be Han.
 */
export function sniffGb18030(buf: Buffer): boolean {
  const head = buf.subarray(0, 8192);
  if (!head.some((b) => b >= 0x80)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return false; // valid UTF-8 (a character cut at the end is not an error in stream mode)
  } catch {
    // not UTF-8: try GB18030 below
  }
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  let han = 0;
  let other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) han++;
    else other++;
  }
  return han >= 2 && han >= other * 3;
}

const gb18030Decoder = (): { write(b: Buffer): string; end(): string } => {
  const d = new TextDecoder('gb18030');
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
};

/**
 * Text from `i` reads as UTF-8, not UTF-16LE: its first line (2 bytes or more, ended by `\n`
 * or 64 bytes long) and the next 512 bytes hold no NUL, no control byte but tab/CR/LF, and are
 * valid UTF-8. UTF-16LE has a NUL after every ASCII byte and in its line break (`0a 00`); a run of
 * Han code units (上 is `0a 4e`) meets its next line break, and so a NUL, within that window.
 */
export function utf8LineAt(b: Buffer, i: number, final = false): boolean {
  const window = b.subarray(i, i + 512);
  const nl = window.indexOf(0x0a);
  if (nl === -1 ? window.length < (final ? 2 : 64) : nl < 2) return false;
  for (const c of window) if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(window, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-16LE that may go on in UTF-8 (audit23 F1): a BOM'd file whose body is UTF-8 (a paste tool's
 * BOM), or a PowerShell 5 log (`Out-File`, `>`) with lines appended by bash or node (`>>`). At
 * the start or after a UTF-16 line break, a line that reads as UTF-8 switches the rest to UTF-8;
 * decoded as UTF-16 it would be Han mojibake that no rule reads, and the run would say "no problem".
 */
function utf16leOrUtf8(): { write(b: Buffer): string; end(): string } {
  const le = new StringDecoder('utf16le');
  let utf8: StringDecoder | undefined;
  let pos = 0; // bytes given to the UTF-16 decoder: their parity is the code-unit alignment
  let lineStart = true; // the UTF-16 text so far is empty or ends with a line break
  // Bytes after a UTF-16 line break near a chunk's end, held until the next chunk decides them.
  let held: Buffer | undefined;
  const switchAt = (b: Buffer, final: boolean): number => {
    if (lineStart && pos % 2 === 0 && utf8LineAt(b, 0, final)) return 0;
    for (let nl = b.indexOf(0x0a); nl !== -1 && nl + 2 <= b.length; nl = b.indexOf(0x0a, nl + 1)) {
      if ((pos + nl) % 2 === 0 && b[nl + 1] === 0 && utf8LineAt(b, nl + 2, final)) return nl + 2;
    }
    return -1;
  };
  /** Where the undecided tail of `b` starts (a UTF-16 line break's `0a` cut from its `00`, or a NUL-free line after a break), else b.length. */
  const undecided = (b: Buffer): number => {
    const last = b.length - 1;
    if (last >= 0 && (pos + last) % 2 === 0 && b[last] === 0x0a) return last;
    let from = lineStart && pos % 2 === 0 ? 0 : -1;
    for (let nl = b.lastIndexOf(0x0a); nl !== -1 && nl >= b.length - 514; nl = nl > 0 ? b.lastIndexOf(0x0a, nl - 1) : -1) {
      if ((pos + nl) % 2 === 0 && b[nl + 1] === 0) {
        from = nl + 2;
        break;
      }
    }
    return from !== -1 && b.length - from < 512 && !b.subarray(from).includes(0) ? from : b.length;
  };
  const decode = (b: Buffer, final: boolean): string => {
    const at = switchAt(b, final);
    if (at !== -1) {
      const before = le.write(b.subarray(0, at)) + le.end();
      utf8 = new StringDecoder('utf8');
      return before + utf8.write(b.subarray(at));
    }
    const keep = final ? b.length : undecided(b);
    const now = b.subarray(0, keep);
    if (keep < b.length) held = b.subarray(keep);
    pos += now.length;
    if (now.length >= 2) lineStart = pos % 2 === 0 && now[now.length - 2] === 0x0a && now[now.length - 1] === 0;
    return le.write(now);
  };
  return {
    write(b) {
      if (utf8) return utf8.write(b);
      if (held) {
        b = Buffer.concat([held, b]);
        held = undefined;
      }
      return decode(b, false);
    },
    end() {
      if (utf8) return utf8.end();
      const last = held ? decode(held, true) : '';
      held = undefined;
      return last + (utf8 ? (utf8 as StringDecoder).end() : le.end());
    },
  };
}

const utf16Decoder = (endian: 'le' | 'be'): { write(b: Buffer): string; end(): string } => {
  if (endian === 'le') return utf16leOrUtf8();
  const d = new TextDecoder('utf-16be');
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
};

/** The reader's state between chunks; readPaste / readPasteFile drive it. */
function collector(opts: Omit<ReadPasteOptions, 'source' | 'file'>) {
  const keepAllBytes = opts.keepAllBytes ?? DEFAULTS.keepAllBytes;
  const extracted: Extracted = emptyExtracted();
  const extract = (l: LineRef) => extractLine(l.text, l.line, extracted);
  const maxKept = opts.maxKept ?? DEFAULTS.maxKept;
  const kept = new Kept(maxKept, extract, opts.keptTailBytes, opts.keptHeadBytes);
  const onKeepHook = opts.onKeep;
  const keep = (line: number, pieces: string[], kind: KeepKind) => {
    onKeepHook?.(line, kind);
    kept.push(line, pieces);
  };
  // While a second half is scanned elsewhere, the lines this scanner keeps in the overlap (past
  // `overlapBase`) wait here for the merge (joinHalf).
  let overlapBase = -1;
  let held: HalfLine[] = [];
  const onKeep = (line: number, pieces: string[], kind: KeepKind) => {
    if (overlapBase >= 0 && line > overlapBase) held.push([line, pieces, kind]);
    else keep(line, pieces, kind);
  };
  /** What the second half adds to the scanner's counts once merged. */
  const more = { lines: 0, cutLines: 0, cutLineNumbers: [] as number[], verified: 0, bytes: 0 };
  const newScanner = (matchers: ScanMatcher[] | null) =>
    new LineScanner({ matchers, window: opts.contextLines ?? DEFAULTS.contextLines, maxLineLength: opts.maxLineLength ?? DEFAULTS.maxLineLength, onKeep });

  let started = false;
  /** A lone CR is a line break (line-ends.ts): applied to every chunk before the scanner splits at LF. */
  const lineEnds = loneCrFilter();
  let utf16: { write(b: Buffer): string; end(): string } | undefined;
  let bytes = 0;
  let head: Buffer[] = [];
  let headBytes = 0;
  let scanner: LineScanner | undefined;
  let scanMatchers: ScanMatcher[] | null = null;
  let sampled = false;

  let largeSaid = false;
  const large = () => {
    if (largeSaid) return;
    largeSaid = true;
    opts.onLarge?.();
  };

  let structuredHead: PasteFacts['structured'];
  /** Input bytes at which onSetUp is due (SET_UP_GC_AFTER past the head's end). */
  let setUpDue = Infinity;
  const goLarge = async () => {
    large();
    // OpenClaw's structured outputs are read from the head kept so far (keepAllBytes); the facts
    // say how much of the paste that was (`partial`), the rest is only line-matched.
    structuredHead = extractStructured(stripAnsi(Buffer.concat(head).toString('utf8')), Number.MAX_SAFE_INTEGER);
    // Timed only when asked: the first use of the global `performance` loads node:perf_hooks (~3 ms
    // of every large log's set-up in the CLI, which never asks).
    const t0 = opts.stats ? performance.now() : 0;
    const matchers = opts.anchors ? await opts.anchors(head) : null;
    sampled = matchers !== null;
    scanMatchers = matchers;
    scanner = newScanner(matchers);
    if (opts.stats) {
      opts.stats.anchored = matchers !== null;
      opts.stats.anchors = matchers?.length ?? 0;
      opts.stats.setupMs = performance.now() - t0;
    }
    for (const b of head) scanner.feed(b);
    head = [];
    setUpDue = bytes + SET_UP_GC_AFTER;
  };

  /**
   * Takes the next chunk (which it may keep: pass a buffer that is not reused). `owned`: the reader's
   * own buffer, which the lone-CR filter may then write in place (a stream's chunks are not).
   */
  const push = (chunk: Buffer, owned = false): void | Promise<void> => {
    if (!started) {
      started = true;
      const le = chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe;
      // UTF-16BE with its BOM (found by the fuzz campaign: it was refused as binary).
      const be = chunk.length >= 2 && chunk[0] === 0xfe && chunk[1] === 0xff;
      let sniffed = le || be ? null : sniffUtf16(chunk);
      // Numbers below 256 stored as 16-bit words alternate NULs too: the text must read as text.
      if (sniffed && looksBinary(Buffer.from(utf16Decoder(sniffed).write(chunk.subarray(0, 8192)), 'utf8'))) sniffed = null;
      if (!le && !be && !sniffed && looksBinary(chunk)) throw new BinaryInputError('input looks like binary data, not a text log');
      if (le || be) {
        utf16 = utf16Decoder(le ? 'le' : 'be');
        chunk = chunk.subarray(2);
      } else if (sniffed) utf16 = utf16Decoder(sniffed);
      else if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      else if (sniffGb18030(chunk)) utf16 = gb18030Decoder();
    }
    bytes += chunk.length;
    // UTF-16 (PowerShell redirection) and GB18030 are transcoded: the line machinery works on UTF-8 bytes.
    if (utf16) chunk = Buffer.from(utf16.write(chunk), 'utf8');
    chunk = lineEnds(chunk, owned || utf16 !== undefined);
    if (scanner) {
      scanner.feed(chunk);
      if (bytes >= setUpDue) {
        setUpDue = Infinity;
        opts.onSetUp?.();
      }
      return;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes > keepAllBytes) return goLarge();
  };

  const end = async (source: PasteFacts['source'], file?: string): Promise<PasteFacts> => {
    // A paste small enough to be kept whole is also read as OpenClaw's structured outputs
    // (multi-line JSON documents, status tables), which the line rules cannot see.
    let structured: PasteFacts['structured'] = structuredHead;
    if (structured?.partial) structured.partial.totalBytes = bytes;
    if (!scanner) {
      if (bytes >= LARGE_BYTES) large();
      structured = extractStructured(stripAnsi(Buffer.concat(head).toString('utf8')));
      // More lines than can be kept: keep the lines the rules' anchors hit (and their neighbours),
      // as for a large paste, rather than the first and last lines with the middle never examined.
      const matchers = opts.anchors && newlines(head) > maxKept ? await opts.anchors(head) : null;
      if (matchers) sampled = true;
      scanner = newScanner(matchers);
      for (const b of head) scanner.feed(b);
      head = [];
    }
    if (utf16) scanner.feed(lineEnds(Buffer.from(utf16.end(), 'utf8'), true));
    scanner.finish();
    const lines = kept.all(extract);
    if (kept.dropped > 0) sampled = true;
    if (opts.stats) opts.stats.verified = scanner.verified + more.verified;
    const total = scanner.lines + more.lines;
    const cut = scanner.cutLines + more.cutLines;
    const facts: PasteFacts = { source, bytes: bytes + more.bytes, lines: total, kept: lines, sampled, binary: false, ...extracted };
    if (cut > 0) facts.cutLines = { count: cut, first: [...scanner.cutLineNumbers, ...more.cutLineNumbers].slice(0, 5), limitBytes: opts.maxLineLength ?? DEFAULTS.maxLineLength };
    if (kept.dropped > 0) {
      const n = kept.head.length;
      // The line cap is what limited only when it is what the kept lines reached; else a byte budget did.
      const limit = lines.length >= maxKept ? 'lines' : 'bytes';
      const maxBytes = (opts.keptHeadBytes ?? HEAD_BYTES) + (opts.keptTailBytes ?? TAIL_BYTES);
      facts.unkept = { count: kept.dropped, after: n ? kept.head[n - 1]!.line : 0, before: lines.length > n ? lines[n]!.line : total + 1, max: maxKept, limit, maxBytes };
    }
    if (structured) facts.structured = structured;
    if (file) facts.file = file;
    // The scan's state goes now (its matchers' compiled tables, the WebAssembly instance pooled for
    // them, the ring's last chunk: ~9 MiB on a large log): this closure outlives the read (Kept's
    // callback, the stdin reader's), and a large log's peak memory is reached in the evaluation after.
    scanner = undefined;
    scanMatchers = null;
    return facts;
  };
  /**
   * A second half for a file being read at `pos` (a byte offset; the reader has read nothing past
   * it), or undefined when this input is not split: too small, transcoded, kept whole, hand-made
   * matchers, no worker file.
   */
  const startHalf = async (fd: number, pos: number): Promise<Half | undefined> => {
    const want = opts.halves;
    const env = process.env.CLAWKIT_SCAN_HALVES;
    // Opt-in (measured: +8 % process CPU and ~+30 MiB peak at 200 MB for ~6 % less wall — notes/perf.md).
    const asked = want !== undefined || (env !== undefined && !/^(?:|0|false|off|no)$/i.test(env.trim()));
    if (want === false || !asked || !scanner || !scanMatchers || utf16) return undefined;
    const specs = specsOf(scanMatchers);
    if (!specs) return undefined;
    const size = fstatSync(fd).size;
    const forced = env && Number(env) > 0 ? Number(env) : undefined;
    if (size < (want?.minBytes ?? forced ?? HALVES_BYTES)) return undefined;
    const cores = availableParallelism();
    if (!want && forced === undefined && !(cores >= 2 && loadavg()[0]! < cores - 1)) return undefined;
    const window = opts.contextLines ?? DEFAULTS.contextLines;
    const at = splitPoints(fd, pos, size, want?.at ?? Math.floor(size / 2), window);
    if (!at) return undefined;
    const automaton = builtinAutomatonRef();
    const job: HalfJob = {
      fd,
      ...at,
      specs,
      window,
      maxLineLength: opts.maxLineLength ?? DEFAULTS.maxLineLength,
      engine: scanEngine(),
      maxLines: maxKept,
      maxChars: opts.keptTailBytes ?? TAIL_BYTES,
      automaton,
      chunk: opts.fileChunk ?? FILE_CHUNK,
    };
    if (want?.inProcess) return { ...at, result: () => scanHalf(job) };
    const file = automaton && join(dirname(automaton.file), 'scan-worker.cjs');
    if (!file || !existsSync(file)) return undefined;
    const { Worker } = await import('node:worker_threads');
    const result = new Promise<HalfResult>((resolve) => {
      // A small young generation: the worker's own peak memory counts in the process's (its default grows to 16 MiB a half).
      const worker = new Worker(file, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      worker.once('message', resolve);
      worker.once('error', (err: Error) => resolve({ ok: false, reason: err.message }));
      worker.once('exit', () => resolve({ ok: false, reason: 'the worker ended without an answer' }));
    });
    return { ...at, result: () => result };
  };

  /** The reader is at the half's `from`: what this scanner keeps from here on waits for the merge. */
  const beginOverlap = (): void => {
    overlapBase = scanner!.lines;
  };

  /**
   * The reader is at the split: merge the second half's lines and counts (true), or, when it has
   * none (over its budget, an error), let the reader go on scanning it (false).
   */
  const joinHalf = async (half: Half): Promise<boolean> => {
    const r = await half.result();
    const base = overlapBase;
    overlapBase = -1;
    if (opts.stats) opts.stats.halves = r.ok ? 'merged' : r.reason === 'budget' ? 'budget' : 'error';
    if (!r.ok) {
      for (const [line, pieces, kind] of held) keep(line, pieces, kind);
      held = [];
      return false;
    }
    // Extra lines still waiting in the ring are kept now (they are in the overlap: held).
    overlapBase = base;
    scanner!.finish();
    overlapBase = -1;
    const byLine = new Map<number, HalfLine>();
    for (const l of held) byLine.set(l[0], l);
    for (const [line, pieces, kind] of r.events) if (!byLine.has(base + line)) byLine.set(base + line, [base + line, pieces, kind]);
    held = [];
    for (const [line, pieces, kind] of [...byLine.values()].sort((x, y) => x[0] - y[0])) keep(line, pieces, kind);
    more.lines = r.lines - r.overlapLines;
    more.cutLines = r.cutLines;
    more.cutLineNumbers = r.cutLineNumbers.map((n) => base + n);
    more.verified = r.verified;
    more.bytes = r.bytes;
    return true;
  };
  return { push, end, scanner: () => scanner, startHalf, beginOverlap, joinHalf };
}

type HalfLine = [line: number, pieces: string[], kind: KeepKind];

/**
 * The plain specs of a matcher set, one array per set (undefined when a matcher has none: hand-made
 * matchers): an in-process half (scan-half.ts) then rebuilds a set's matchers once, not per read.
 */
const specsFor = new WeakMap<ScanMatcher[], MatcherSpec[] | undefined>();
function specsOf(matchers: ScanMatcher[]): MatcherSpec[] | undefined {
  if (specsFor.has(matchers)) return specsFor.get(matchers);
  const specs = matchers.map((m) => m.spec);
  const all = specs.every((m) => m !== undefined) ? (specs as MatcherSpec[]) : undefined;
  specsFor.set(matchers, all);
  return all;
}

/** A second half being scanned: its overlap start and split, and its result (scan-half.ts). */
interface Half {
  from: number;
  split: number;
  result(): HalfResult | Promise<HalfResult>;
}

/** How far the split and the overlap's start may be looked for (bytes). */
const SPLIT_SEARCH = 4 * 1024 * 1024;

/**
 * The split (the first line start at or after byte `at`) and the overlap's start (`window`
 * lines before it), both past `pos`; undefined when there are none within reach.
 */
function splitPoints(fd: number, pos: number, size: number, at: number, window: number): { from: number; split: number } | undefined {
  const probe = Buffer.allocUnsafe(64 * 1024);
  const start = Math.max(pos + 1, at);
  let split = -1;
  for (let p = start; p < size && p < start + SPLIT_SEARCH && split < 0; p += probe.length) {
    const n = readSync(fd, probe, 0, probe.length, p);
    if (n === 0) break;
    const i = probe.subarray(0, n).indexOf(10);
    if (i >= 0) split = p + i + 1;
  }
  if (split < 0 || split >= size) return undefined;
  // Back from the split's own newline (at split - 1) over `window` more: the overlap starts after the last.
  let need = window + 1;
  for (let p = split; p > pos && split - p < SPLIT_SEARCH; ) {
    const len = Math.min(probe.length, p - pos);
    const n = readSync(fd, probe, 0, len, p - len);
    for (let i = n - 1; i >= 0; i--) if (probe[i] === 10 && --need === 0) return { from: p - len + i + 1, split };
    p -= len;
  }
  return undefined;
}

export async function readPaste(stream: Readable, opts: ReadPasteOptions): Promise<PasteFacts | undefined> {
  const c = collector(opts);
  const gotData = await consume(stream, c.push, opts.firstByteTimeoutMs, opts.onFirstByteTimeout);
  if (!gotData) return undefined;
  return await c.end(opts.source, opts.file);
}

/** The size of each chunk handed to the scanner (a --log FILE is read this much at a time). */
const FILE_CHUNK = 512 * 1024;
const EMPTY_CHUNK = Buffer.alloc(0);

type Collector = ReturnType<typeof collector>;

/**
 * The buffers chunks are read into. Once the scanner runs, two buffers take turns (the scanner
 * copies what it still needs from the one about to be overwritten): a fresh buffer per read would
 * pile up as garbage and count in the peak RSS before the GC gets to it. Before, every chunk is
 * kept (the head) and gets its own. `drop` lets go of the two at the end of the input (a reader
 * whose closures outlive the read would hold 1 MiB through the evaluation: issue #13).
 */
function chunkBuffers(c: Collector, size = FILE_CHUNK): (() => Buffer) & { drop(): void } {
  const pool: Buffer[] = [];
  let turn = 0;
  const next = () => {
    const scanner = c.scanner();
    if (!scanner) return Buffer.allocUnsafeSlow(size);
    if (pool.length < 2) pool.push(Buffer.allocUnsafeSlow(size));
    const buf = pool[turn]!;
    turn ^= 1;
    scanner.release(buf);
    return buf;
  };
  return Object.assign(next, { drop: () => void (pool.length = 0) });
}

/**
 * A file (or stdin redirected from one), read synchronously in 512 KB chunks to its end. With
 * `halves` (a --log FILE, read from its start), once the scanner runs, a large file's second half
 * may go to another scan: this one then reads up to the split (stopping at the overlap's start on
 * the way) and merges. Reads end at multiples of FILE_CHUNK as without a split (and at those two
 * line starts): where a chunk ends decides whether a long line is counted as cut.
 */
async function readFdSync(fd: number, c: Collector, halves = false, chunk = FILE_CHUNK): Promise<void> {
  const next = chunkBuffers(c, chunk);
  let pos = 0;
  let half: Half | undefined;
  let asked = !halves;
  let joined = false;
  try {
    for (let stop = Infinity; ; ) {
      if (!asked && c.scanner()) {
        asked = true;
        half = await c.startHalf(fd, pos);
        if (half) stop = half.from;
      }
      if (half && pos === stop) {
        if (stop === half.from) c.beginOverlap();
        if (stop < half.split) {
          stop = half.split;
          continue;
        }
        joined = true;
        if (await c.joinHalf(half)) return;
        stop = Infinity; // the other scan has no answer: this one goes on
        continue;
      }
      const buf = next();
      const n = readSync(fd, buf, 0, Math.min(chunk - (pos % chunk), stop - pos), null);
      if (n === 0) {
        if (half && !joined) {
          // The file ended before the split (it shrank): the other scan's answer is not used.
          if (stop === half.from) c.beginOverlap();
          joined = true;
          await half.result();
          await c.joinHalf({ ...half, result: () => ({ ok: false, reason: 'the file ended before the split' }) });
        }
        return;
      }
      pos += n;
      const p = c.push(n === chunk ? buf : buf.subarray(0, n), true);
      if (p) await p;
    }
  } finally {
    // Never hand the file back (the caller closes it) while the other scan still reads it.
    if (half && !joined) await half.result();
  }
}

/**
 * A --log FILE, read synchronously in 512 KB chunks: no stream machinery and no event-loop round
 * trip per 64 KB (nothing else runs while the paste is read).
 */
export async function readPasteFile(path: string, opts: Omit<ReadPasteOptions, 'source' | 'file'>): Promise<PasteFacts> {
  const { openSync, closeSync } = await import('node:fs');
  const c = collector(opts);
  const fd = openSync(path, 'r');
  try {
    await readFdSync(fd, c, true, opts.fileChunk);
  } finally {
    closeSync(fd);
  }
  return await c.end('file', path);
}

/**
 * Whether readPasteFd can read `fd`: a regular file, a pipe or a socket. Anything else (a terminal,
 * a character device such as /dev/null) is read through the stream.
 */
export function canReadFd(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isFile() || st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

/**
 * The process's own stdin (`cat log | clawkit-doctor`), read by the reader itself instead of
 * through process.stdin — which must not have been touched: a stream hands over a fresh 64 KB
 * buffer per pipe read, garbage that V8 collects only after tens of MB (peak RSS +20 MiB on a
 * 200 MB log). Only for canReadFd(fd). A regular file is read like --log FILE; a pipe or socket through a socket whose
 * reads land in one reused buffer (net's `onread`), copied into the scanner's two chunk buffers.
 * Resolves undefined when no byte arrived within firstByteTimeoutMs.
 */
export async function readPasteFd(fd: number, opts: ReadPasteOptions): Promise<PasteFacts | undefined> {
  const c = collector(opts);
  if (fstatSync(fd).isFile()) {
    await readFdSync(fd, c);
    return await c.end(opts.source, opts.file);
  }
  const { Socket } = await import('node:net');
  const seen = await new Promise<boolean>((resolve, reject) => {
    const next = chunkBuffers(c);
    let buf = next();
    let fill = 0;
    let got = false;
    let ended = false;
    let settled = false;
    /** Copies of reads that arrived while a chunk was being handled asynchronously. */
    const backlog: Buffer[] = [];
    let busy = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      sock.destroy();
      buf = EMPTY_CHUNK;
      next.drop();
      if (err !== undefined) reject(err);
      else resolve(got);
    };
    /** Copies `src` into the chunk buffer; a full one goes to the collector (its promise, if any, is returned with the rest of src queued). */
    const take = (src: Buffer): Promise<void> | undefined => {
      // Settled (an error, the timeout): `buf` is empty now and nothing more goes to the collector.
      if (settled) return undefined;
      let off = 0;
      while (off < src.length) {
        const n = Math.min(src.length - off, buf.length - fill);
        src.copy(buf, fill, off, off + n);
        fill += n;
        off += n;
        if (fill === buf.length) {
          const p = c.push(buf, true);
          buf = next();
          fill = 0;
          if (p) {
            if (off < src.length) backlog.unshift(Buffer.from(src.subarray(off)));
            return p;
          }
        }
      }
      return undefined;
    };
    const atEnd = async () => {
      if (fill > 0) await c.push(buf.subarray(0, fill), true);
      fill = 0;
    };
    // Runs the backlog after an asynchronous chunk, then reading goes on (or the input ends).
    const drain = async () => {
      try {
        for (let b = backlog.shift(); b; b = backlog.shift()) {
          if (settled) return;
          const p = take(b);
          if (p) await p;
        }
        if (settled) return;
        busy = false;
        if (ended) {
          await atEnd();
          finish();
        } else sock.resume();
      } catch (err) {
        finish(err);
      }
    };
    const sock = new Socket({
      fd,
      readable: true,
      writable: false,
      onread: {
        buffer: Buffer.allocUnsafeSlow(64 * 1024),
        callback: (n: number, b: Uint8Array) => {
          if (settled) return false;
          if (!got) {
            got = true;
            if (timer) clearTimeout(timer);
          }
          const data = Buffer.from(b.buffer, b.byteOffset, n);
          if (busy) {
            backlog.push(Buffer.from(data));
            return true;
          }
          try {
            const p = take(data);
            if (p) {
              // The anchors are being derived: no more reads until this chunk is through.
              busy = true;
              sock.pause();
              void p.then(drain, finish);
            }
          } catch (err) {
            finish(err);
            return false;
          }
          return true;
        },
      },
    });
    const onEnd = () => {
      ended = true;
      if (!busy) void atEnd().then(() => finish(), finish);
    };
    sock.once('end', onEnd);
    sock.once('error', (err) => finish(err));
    if (opts.firstByteTimeoutMs !== undefined)
      timer = setTimeout(() => {
        if (got || settled) return;
        opts.onFirstByteTimeout?.();
        finish();
      }, opts.firstByteTimeoutMs);
    sock.resume();
  });
  if (!seen) return undefined;
  return await c.end(opts.source, opts.file);
}

/**
 * Feed the stream to onChunk (pausing while a returned promise settles); resolves false when no
 * byte arrived before the timeout.
 */
function consume(stream: Readable, onChunk: (c: Buffer) => void | Promise<void>, firstByteTimeoutMs?: number, onTimeout?: () => void): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let seen = false;
    let done = false;
    let pending: Promise<void> | undefined;
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      done = true;
      if (timer) clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const fail = (err: unknown) => {
      if (done) return;
      cleanup();
      stream.destroy();
      reject(err);
    };
    const onData = (c: Buffer | string) => {
      seen = true;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      try {
        const p = onChunk(typeof c === 'string' ? Buffer.from(c) : c);
        if (p) {
          stream.pause();
          pending = p.then(
            () => {
              pending = undefined;
              if (!done) stream.resume();
            },
            (err: unknown) => fail(err),
          );
        }
      } catch (err) {
        fail(err);
      }
    };
    const onEnd = () => {
      const finish = () => {
        if (done) return;
        cleanup();
        resolve(seen);
      };
      if (pending) void pending.then(finish);
      else finish();
    };
    const onError = (err: Error) => fail(err);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    if (firstByteTimeoutMs !== undefined) {
      timer = setTimeout(() => {
        if (seen) return;
        cleanup();
        stream.pause();
        stream.destroy();
        onTimeout?.();
        resolve(false);
      }, firstByteTimeoutMs);
    }
  });
}

/** Convenience for tests and rule cases. */
export async function pasteFromString(text: string, opts: Partial<ReadPasteOptions> = {}): Promise<PasteFacts> {
  const { Readable } = await import('node:stream');
  const facts = await readPaste(Readable.from([Buffer.from(text, 'utf8')]), { source: 'stdin', ...opts });
  return facts ?? { source: 'stdin', bytes: 0, lines: 0, kept: [], sampled: false, binary: false, ...emptyExtracted() };
}
