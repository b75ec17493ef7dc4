// The slow files that take longest start first; everything else keeps vitest's order.
import { describe, expect, it } from 'vitest';
import { LONGEST_FIRST, rank } from './sequencer.js';

describe('LongestFirstSequencer rank', () => {
  it('puts the live matrix first and the listed files in their order', () => {
    const ranks = LONGEST_FIRST.map((f) => rank(`/work/x/${f}`));
    expect(ranks).toEqual(LONGEST_FIRST.map((_, i) => i));
    expect(rank('/repo/test/matrix/live-ci.test.ts')).toBe(0);
  });

  it('ranks any other file after all listed ones, and matches whole path segments only', () => {
    expect(rank('/repo/test/engine/evaluate.test.ts')).toBe(LONGEST_FIRST.length);
    expect(rank('/repo/test/matrix/xlive-ci.test.ts')).toBe(LONGEST_FIRST.length);
    expect(rank('C:\\repo\\test\\matrix\\live-ci.test.ts')).toBe(0);
  });
});

describe('LongestFirstSequencer.sort', () => {
  it('orders listed files longest first, ahead of the rest, which keep vitest order (unknown stats: as given)', async () => {
    const { LongestFirstSequencer } = await import('./sequencer.js');
    const project = (name: string) => ({ name, config: { sequence: { groupOrder: 0 }, isolate: true } });
    const spec = (name: string, file: string) => ({ project: project(name), moduleId: `/r/${file}` });
    const ctx = { config: { root: '/r' }, cache: { getFileTestResults: () => undefined, getFileStats: () => undefined } };
    const seq = new LongestFirstSequencer(ctx as never);
    const files = [spec('fast', 'test/a.test.ts'), spec('slow', 'test/fixer/crash.test.ts'), spec('fast', 'test/b.test.ts'), spec('slow', 'test/real-gateway/old.test.ts'), spec('slow', 'test/matrix/live-ci.test.ts')];
    const out = (await seq.sort(files as never)) as unknown as Array<{ moduleId: string }>;
    expect(out.map((f) => f.moduleId.slice(3))).toEqual(['test/matrix/live-ci.test.ts', 'test/real-gateway/old.test.ts', 'test/fixer/crash.test.ts', 'test/a.test.ts', 'test/b.test.ts']);
  });
});
