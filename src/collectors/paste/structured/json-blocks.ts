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

/**
 * Objects that start a line (after indentation or a prompt-free paste). The end is found by
 * counting braces outside strings, so the scan is linear and never recursive; JSON.parse only
 * sees a candidate once (its own depth limit throws a RangeError, which is caught).
 */
export function findJsonBlocks(text: string, limits: JsonBlockLimits = DEFAULT_LIMITS): JsonBlock[] {
  const out: JsonBlock[] = [];
  let line = 1;
  let i = 0;
  let atLineStart = true;
  while (i < text.length && out.length < limits.maxBlocks) {
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
      if (to - i <= limits.maxBlock) {
        const whole = parse(text.slice(i, to));
        if (whole !== undefined) {
          out.push({ value: whole, line });
          i = to;
          atLineStart = false;
          continue;
        }
      }
      const end = blockEnd(text, i, limits.maxBlock);
      if (end > 0) {
        const block = parse(text.slice(i, end));
        if (block !== undefined) {
          out.push({ value: block, line });
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
  return out;
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
