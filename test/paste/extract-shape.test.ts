// The paste reader's close-code pattern (src/collectors/paste/extract.ts) runs on every line with a
// close code, before any rule: its repeats are bounded (shape, not timing), and what it reads from
// ordinary lines and from a hostile line of open parentheses is unchanged.
import { describe, expect, it } from 'vitest';
import { CLOSE_PATTERNS, emptyExtracted, extractLine } from '../../src/collectors/paste/extract.js';
import { ambiguousRepeats, MAX_AMBIGUOUS_SPLITS, unboundedRepeats } from '../../src/shared/regex/linear.js';

const closesOf = (text: string) => {
  const into = emptyExtracted();
  extractLine(text, 1, into);
  return into.closes;
};

describe('paste reader: close codes', () => {
  it('the parenthesised form has no unbounded repeat and no ambiguous pair of repeats', () => {
    const src = CLOSE_PATTERNS[0]!.source;
    expect(unboundedRepeats(src)).toEqual([]);
    expect(ambiguousRepeats(src, false).filter((p) => p.splits > MAX_AMBIGUOUS_SPLITS)).toEqual([]);
  });

  it('reads the code and reason, a nested parenthesis included', () => {
    expect(closesOf('disconnected (1008): pairing required')).toEqual([{ code: 1008, reason: 'pairing required', line: 1 }]);
    expect(closesOf('gateway closed (1006 abnormal closure (no close frame)): no close reason')).toEqual([{ code: 1006, reason: 'no close reason', line: 1 }]);
  });

  it('a long line of unclosed "(1008 " still yields the real close at its end', () => {
    const line = '(1008 '.repeat(10_000) + 'gateway closed (1006 abnormal closure (no close frame)): no close reason';
    const closes = closesOf(line);
    expect(closes).toHaveLength(1);
    expect(closes[0]!.reason).toBe('no close reason');
  });

  it('a reason stops at a line separator inside the line', () => {
    expect(closesOf('(1008): pairing required\rnext')).toEqual([{ code: 1008, reason: 'pairing required', line: 1 }]);
  });
});
