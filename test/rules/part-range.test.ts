// partRange (src/rules/load.ts): the characters of one range of a bundle part, as the anchor plan reads each
// whole matcher from the `anchorMatchers` part. A range read one character off would parse as nothing (and
// planReader would quietly remake the matcher at run time), so the ranges are checked against the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FILE, BUNDLE_RULES, partRange } from '../../src/rules/load.js';

const text = readFileSync(BUNDLE_FILE, 'latin1');
const doc = JSON.parse(text) as { indexEnd: number; index: { anchorMatchers: [number, number] }; anchors: { at: number[] }; anchorMatchers: unknown[] };
// The bundle is ASCII (bundle-rules.mjs): byte offsets are string offsets.
const reader = { text: (from: number, to: number) => text.slice(from, to) };
const base = doc.indexEnd + BUNDLE_RULES.length;
const at = doc.index.anchorMatchers;

describe('partRange: a range of a bundle part', () => {
  it("reads each of the anchor plan's whole matchers at its own range, to the character", () => {
    const ranges = doc.anchors.at;
    expect(ranges.length).toBe(doc.anchorMatchers.length + 1);
    expect(ranges.length).toBeGreaterThan(100);
    // The whole part is the array the document holds.
    expect(JSON.parse(partRange(reader, base, at, 0, at[1] - at[0]))).toEqual(doc.anchorMatchers);
    for (let i = 0; i + 1 < ranges.length; i++) {
      const s = partRange(reader, base, at, ranges[i]!, ranges[i + 1]! - 1);
      // Exactly one object: its braces at both ends (one character early or late would show a comma or bracket).
      expect(s.startsWith('{') && s.endsWith('}'), `matcher ${i}`).toBe(true);
      expect(JSON.parse(s), `matcher ${i}`).toEqual(doc.anchorMatchers[i]);
    }
  });

  it('takes a range up to the part\'s end and none past it, nor a reversed, negative or fractional one', () => {
    const len = at[1] - at[0];
    expect(partRange(reader, base, at, len - 1, len)).toBe(']');
    expect(partRange(reader, base, at, 0, 1)).toBe('[');
    expect(partRange(reader, base, at, 5, 5)).toBe('');
    for (const [from, to] of [[0, len + 1], [len, len + 1], [-1, 3], [4, 3], [0.5, 3], [0, Number.NaN]] as const) {
      expect(() => partRange(reader, base, at, from, to), `${from}..${to}`).toThrow(/outside its part/);
    }
  });
});
