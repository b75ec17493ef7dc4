// Find whole JSON objects in pasted text (a pretty-printed `--json` document spans many lines),
// bounded: a block larger than maxBlock or more than maxBlocks blocks are not parsed.

export interface JsonBlock {
  value: unknown;
  /** 1-based line of the opening brace. */
  line: number;
}

export interface JsonBlockLimits {
  maxBlock: number;
  maxBlocks: number;
}

const DEFAULT_LIMITS: JsonBlockLimits = { maxBlock: 512 * 1024, maxBlocks: 16 };

/** Tells from a block's text alone (no parse) whether its value could matter to the caller. */
export type MayMatter = (block: string) => boolean;

/** All blocks, as an array (the order and lines `jsonBlocks` yields). */
export function findJsonBlocks(text: string, limits: JsonBlockLimits = DEFAULT_LIMITS): JsonBlock[] {
  return Array.from(jsonBlocks(text, limits));
}

/**
 * Objects that start a line (after indentation or a prompt-free paste). The end is found by
 * counting braces outside strings, so the scan is linear and never recursive; JSON.parse only
 * sees a candidate once (its own depth limit throws a RangeError, which is caught).
 *
 * `mayMatter` (issue #13: JSON.parse of every JSON log line of a large log's head was the biggest
 * set-up item): a one-line block it turns down is not parsed nor yielded. It still counts towards
 * maxBlocks if it would parse, so the cap falls where the full scan puts it: such blocks are kept
 * as ranges and parsed only when the cap could bind before a block that is yielded.
 * Generator: the caller's state may change `mayMatter`'s answer for the blocks after the one it got.
 */
export function* jsonBlocks(text: string, limits: JsonBlockLimits = DEFAULT_LIMITS, mayMatter?: MayMatter): Generator<JsonBlock> {
  let line = 1;
  let i = 0;
  let atLineStart = true;
  let parsed = 0; // blocks so far that parse (deferred ones not yet counted)
  const deferred: number[] = []; // start, end of each turned-down block: 0 or 1 block each
  // Whether a block at this point is still within maxBlocks (the full scan would have reached it).
  const underCap = (): boolean => {
    if (parsed + deferred.length / 2 < limits.maxBlocks) return true;
    for (let k = 0; k < deferred.length; k += 2) if (parse(text.slice(deferred[k], deferred[k + 1])) !== undefined) parsed++;
    deferred.length = 0;
    return parsed < limits.maxBlocks;
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      atLineStart = true;
      i++;
      continue;
    }
    if (atLineStart && (c === 32 || c === 9)) {
      i++;
      continue;
    }
    if (atLineStart && c === 123 /* { */) {
      // A line that is one whole object (a JSON log record): JSON.parse finds its end natively.
      // The same block as the brace count's: valid JSON balances its braces outside strings, so the
      // count closes where the object does; the rest of the line can only be JSON whitespace.
      const lineEnd = text.indexOf('\n', i);
      const to = lineEnd === -1 ? text.length : lineEnd;
      if (mayMatter && to - i <= limits.maxBlock) {
        // Closing on this line, the block is the line's (whole or not, the full scan parses the
        // same text, counts it if it parses, and goes on at the next line): turned down, deferred.
        const close = blockEnd(text, i, to - i);
        if (close > 0 && !mayMatter(text.slice(i, close))) {
          deferred.push(i, close);
          i = close;
          atLineStart = false;
          continue;
        }
      }
      if (to - i <= limits.maxBlock) {
        const whole = parse(text.slice(i, to));
        if (whole !== undefined) {
          if (!underCap()) return;
          parsed++;
          yield { value: whole, line };
          i = to;
          atLineStart = false;
          continue;
        }
      }
      const end = blockEnd(text, i, limits.maxBlock);
      if (end > 0) {
        const block = parse(text.slice(i, end));
        if (block !== undefined) {
          if (!underCap()) return;
          parsed++;
          yield { value: block, line };
          for (let k = i; k < end; k++) if (text.charCodeAt(k) === 10) line++;
          i = end;
          atLineStart = false;
          continue;
        }
      }
    }
    // Nothing else on this line can start a block: on to its end (one native search instead of a
    // loop over every character of a long log's plain lines).
    atLineStart = false;
    const nl = text.indexOf('\n', i + 1);
    i = nl === -1 ? text.length : nl;
  }
}

/** Index just past the brace closing the one at `start`, or -1 (unbalanced or too large). */
function blockEnd(text: string, start: number, max: number): number {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, start + max);
  for (let i = start; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

function parse(s: string): unknown {
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
