// Stream pasted text (stdin or --log FILE) with bounded memory whatever its size.
// Small inputs are kept whole. Past `keepAllBytes`, only lines hit by the prefilter (built from the
// rules' own patterns) are kept — found chunk-wise, like grep — and at most `maxKept` of them
// (the first half and the most recent half).
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { LineRef, PasteFacts } from '../../types.js';
import { emptyExtracted, extractLine, type Extracted } from './extract.js';
import { normalizeLine } from './normalize.js';

export interface ReadPasteOptions {
  source: 'stdin' | 'file';
  file?: string;
  /** Line prefilter used once the input is larger than keepAllBytes. */
  prefilter?: RegExp;
  keepAllBytes?: number;
  maxKept?: number;
  maxLineLength?: number;
  /** Give up waiting for the first byte (implicit stdin that nobody writes to). */
  firstByteTimeoutMs?: number;
}

export class BinaryInputError extends Error {}

const DEFAULTS = { keepAllBytes: 2 * 1024 * 1024, maxKept: 20_000, maxLineLength: 64 * 1024 };

/** Extra lines worth keeping in huge logs even when no rule names them (version banners). */
const EXTRA_PREFILTER = String.raw`openclaw\s+v?20\d\d\.\d|requestId`;

export function buildPrefilter(ruleRegexSources: string[]): RegExp | undefined {
  const parts = [...new Set(ruleRegexSources)].map((s) => `(?:${s.replace(/\(\?<([A-Za-z_]\w*)>/g, '(?:')})`);
  parts.push(`(?:${EXTRA_PREFILTER})`);
  try {
    // m: rule patterns anchor with ^/$ per line, and the prefilter runs over multi-line chunks.
    return new RegExp(parts.join('|'), 'gim');
  } catch {
    return undefined; // e.g. a backreference to a stripped group: fall back to keeping everything
  }
}

class Kept {
  head: LineRef[] = [];
  tail: LineRef[] = [];
  tailStart = 0;
  dropped = 0;
  constructor(private readonly max: number) {}
  push(l: LineRef): void {
    const half = Math.max(1, Math.floor(this.max / 2));
    if (this.head.length < half) {
      this.head.push(l);
      return;
    }
    if (this.tail.length < this.max - half) {
      this.tail.push(l);
      return;
    }
    this.tail[this.tailStart] = l;
    this.tailStart = (this.tailStart + 1) % this.tail.length;
    this.dropped++;
  }
  filter(pred: (l: LineRef) => boolean): void {
    const all = this.all().filter(pred);
    this.head = [];
    this.tail = [];
    this.tailStart = 0;
    for (const l of all) this.push(l);
  }
  all(): LineRef[] {
    return [...this.head, ...this.tail.slice(this.tailStart), ...this.tail.slice(0, this.tailStart)];
  }
}

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

export async function readPaste(stream: Readable, opts: ReadPasteOptions): Promise<PasteFacts | undefined> {
  const keepAllBytes = opts.keepAllBytes ?? DEFAULTS.keepAllBytes;
  const maxLineLength = opts.maxLineLength ?? DEFAULTS.maxLineLength;
  const kept = new Kept(opts.maxKept ?? DEFAULTS.maxKept);
  const extracted: Extracted = emptyExtracted();
  let decoder: StringDecoder | undefined;
  let bytes = 0;
  let lineNo = 0; // physical lines completed
  let partial = '';
  let skippingLongLine = false;
  let large = false;
  let sampled = false;
  const prefilter = opts.prefilter;

  const keepLine = (raw: string, n: number) => {
    for (const text of normalizeLine(raw.length > maxLineLength ? raw.slice(0, maxLineLength) : raw)) {
      kept.push({ line: n, text });
      extractLine(text, n, extracted);
    }
  };

  const switchToLarge = () => {
    large = true;
    sampled = true;
    if (prefilter) kept.filter((l) => testLine(prefilter, l.text));
  };

  // Whole lines of `text` (no trailing partial). Line numbers start at lineNo+1.
  const processLines = (text: string) => {
    if (!large || !prefilter) {
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl === -1) break;
        lineNo++;
        keepLine(text.slice(start, nl), lineNo);
        start = nl + 1;
      }
      return;
    }
    // grep-like: jump from prefilter hit to prefilter hit, counting newlines in between.
    const base = lineNo;
    let counted = 0; // newlines counted before `countPos`
    let countPos = 0;
    prefilter.lastIndex = 0;
    for (;;) {
      const m = prefilter.exec(text);
      if (!m) break;
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      let lineEnd = text.indexOf('\n', m.index);
      if (lineEnd === -1) lineEnd = text.length;
      while (countPos < lineStart) {
        const nl = text.indexOf('\n', countPos);
        if (nl === -1 || nl >= lineStart) break;
        counted++;
        countPos = nl + 1;
      }
      keepLine(text.slice(lineStart, lineEnd), base + counted + 1);
      prefilter.lastIndex = lineEnd + 1;
      if (m[0].length === 0) prefilter.lastIndex++;
    }
    let total = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) total++;
    lineNo = base + total;
  };

  const onChunk = (chunk: Buffer) => {
    if (!decoder) {
      if (looksBinaryStart(chunk)) throw new BinaryInputError('input looks like binary data, not a text log');
      const utf16 = chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe;
      decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
      if (utf16) chunk = chunk.subarray(2);
      else if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    bytes += chunk.length;
    let text = decoder.write(chunk);
    if (skippingLongLine) {
      const nl = text.indexOf('\n');
      if (nl === -1) return;
      text = text.slice(nl); // keep the newline so the truncated line is completed
      skippingLongLine = false;
    }
    text = partial + text;
    const lastNl = text.lastIndexOf('\n');
    if (lastNl === -1) {
      partial = text;
    } else {
      partial = text.slice(lastNl + 1);
      if (!large && bytes > keepAllBytes) switchToLarge();
      processLines(text.slice(0, lastNl + 1));
    }
    if (partial.length > maxLineLength) {
      partial = partial.slice(0, maxLineLength);
      skippingLongLine = true;
    }
  };

  const looksBinaryStart = (chunk: Buffer) => {
    const utf16 = chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe;
    return !utf16 && looksBinary(chunk);
  };

  const gotData = await consume(stream, onChunk, opts.firstByteTimeoutMs);
  if (!gotData) return undefined;
  if (decoder) partial += decoder.end();
  if (partial.length) {
    lineNo++;
    if (!large || !prefilter || testLine(prefilter, partial)) keepLine(partial, lineNo);
  }
  if (kept.dropped > 0) sampled = true;

  const facts: PasteFacts = {
    source: opts.source,
    bytes,
    lines: lineNo,
    kept: kept.all(),
    sampled,
    binary: false,
    ...extracted,
  };
  if (opts.file) facts.file = opts.file;
  return facts;
}

function testLine(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  const ok = re.test(text);
  re.lastIndex = 0;
  return ok;
}

/** Feed the stream to onChunk; resolves false when no byte arrived before the timeout. */
function consume(stream: Readable, onChunk: (c: Buffer) => void, firstByteTimeoutMs?: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let seen = false;
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (c: Buffer | string) => {
      seen = true;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      try {
        onChunk(typeof c === 'string' ? Buffer.from(c) : c);
      } catch (err) {
        cleanup();
        stream.destroy();
        reject(err);
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(seen);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    if (firstByteTimeoutMs !== undefined) {
      timer = setTimeout(() => {
        if (seen) return;
        cleanup();
        stream.pause();
        stream.destroy();
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
