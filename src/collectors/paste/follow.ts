// Follow mode's reader (`openclaw logs --follow | clawkit-doctor --follow`, `tail -f`): a stream
// that may never end is cut into lines and handed on in batches as a sliding window of the most
// recent lines, so memory stays bounded however long it runs. The window is handed on before a
// line could drop out of it unexamined, and after a short quiet spell so that findings appear
// while the log is idle. Each batch is normalised and matched by the ordinary paste reader.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { loneCrFilter } from './line-ends.js';

export interface FollowBatch {
  /** The window's lines joined with LF. */
  text: string;
  /** Input line number of the window's first line (1-based). */
  firstLine: number;
  /**
   * The lines just before the window (at most BEFORE_LINES, the last one is line firstLine - 1), already slid
   * out of it: a secret wrapped across the window's edge is masked with both pieces in view (redact.ts tellLines).
   */
  before: string[];
}

/** Lines kept from before the window: the redactor reads at most two lines back (a three-line wrap). */
const BEFORE_LINES = 2;

export interface FollowOptions {
  /** Lines in the window (default 400). */
  windowLines?: number;
  /** Characters of the window (default 1 MiB): old lines are dropped past it. */
  windowChars?: number;
  /** Characters of one line that are kept (default 64 KiB). */
  maxLineChars?: number;
  /** Hand on the window this long after the last new line (default 150 ms). */
  quietMs?: number;
  /** Stops following: the lines read so far are handed on once more, then it resolves. */
  signal?: AbortSignal;
}

export interface FollowTotals {
  lines: number;
  bytes: number;
  /** The input ended (rather than being stopped by the signal). */
  ended: boolean;
  /** Lines longer than maxLineChars: only their start was examined (count, first few line numbers). */
  cut: { count: number; first: number[]; limitChars: number };
}

export function followStream(stream: Readable, onBatch: (b: FollowBatch) => Promise<void> | void, opts: FollowOptions = {}): Promise<FollowTotals> {
  const windowLines = opts.windowLines ?? 400;
  const windowChars = opts.windowChars ?? 1024 * 1024;
  const maxLineChars = opts.maxLineChars ?? 64 * 1024;
  const quietMs = opts.quietMs ?? 150;
  const decoder = new StringDecoder('utf8');
  const window: string[] = [];
  let windowSize = 0;
  let firstLine = 1;
  const before: string[] = [];
  let partial = '';
  const totals: FollowTotals = { lines: 0, bytes: 0, ended: false, cut: { count: 0, first: [], limitChars: maxLineChars } };
  let partialCut = false; // the line being read is already longer than maxLineChars
  let fresh = 0; // lines added since the last batch
  let timer: NodeJS.Timeout | undefined;
  // A lone CR is a line break, as in the paste reader: the same byte filter, before decoding (a CR byte is
  // never inside a UTF-8 sequence). A CR ending a chunk ends its line at once (the last `\r`-redraw of a
  // progress line shows while the log is idle) and an LF opening the next chunk is then its CRLF.
  const lineEnds = loneCrFilter();
  let running: Promise<void> = Promise.resolve();

  /** Adds a line; true when the window was handed on first (a long line was about to push out one not yet examined). */
  const push = (line: string, cut: boolean): boolean => {
    totals.lines++;
    if (cut || line.length > maxLineChars) {
      totals.cut.count++;
      if (totals.cut.first.length < 5) totals.cut.first.push(totals.lines);
      line = line.slice(0, maxLineChars);
    }
    fresh++;
    window.push(line);
    windowSize += line.length + 1;
    let handedOn = false;
    while (window.length > windowLines || (windowSize > windowChars && window.length > 1)) {
      // A burst of long lines fills windowChars long before windowLines / 2 lines are fresh: the
      // oldest line is still unexamined, so the window (one line over windowChars at most) goes first.
      if (window.length <= fresh) {
        void flush();
        handedOn = true;
      }
      const out = window.shift()!;
      windowSize -= out.length + 1;
      before.push(out);
      if (before.length > BEFORE_LINES) before.shift();
      firstLine++;
    }
    return handedOn;
  };

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (fresh === 0) return running;
    fresh = 0;
    const batch = { text: window.join('\n'), firstLine, before: before.slice() };
    running = running.then(() => onBatch(batch));
    return running;
  };

  return new Promise<FollowTotals>((resolve, reject) => {
    let done = false;
    const finish = (ended: boolean) => {
      if (done) return;
      done = true;
      stream.off('data', onData);
      totals.ended = ended;
      const rest = partial + decoder.end();
      if (rest) push(rest, partialCut);
      partial = '';
      flush().then(() => resolve(totals), reject);
      if (!ended) stream.destroy();
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      totals.bytes += buf.length;
      // After the filter every CR left is half of a CRLF in the same chunk: one break.
      const parts = (partial + decoder.write(lineEnds(buf))).split(/\r?\n/);
      const last = parts.pop()!;
      let queued = false;
      for (const p of parts) {
        if (push(p, partialCut)) queued = true;
        partialCut = false;
        // A burst: take the window before its oldest new line could slide out of it.
        if (fresh >= windowLines / 2) {
          void flush();
          queued = true;
        }
      }
      partialCut ||= last.length > maxLineChars;
      partial = last.slice(0, maxLineChars + 1); // one character over: the line is known to be cut
      if (queued) {
        // Read on once the queued windows are examined (backpressure on the writer).
        stream.pause();
        running.then(() => done || stream.resume(), reject);
      }
      if (fresh > 0) {
        clearTimeout(timer);
        timer = setTimeout(() => void flush().catch(reject), quietMs);
      }
    };
    stream.on('data', onData);
    stream.once('end', () => finish(true));
    stream.once('error', (err) => (done ? undefined : reject(err)));
    if (opts.signal?.aborted) finish(false);
    opts.signal?.addEventListener('abort', () => finish(false), { once: true });
  });
}
