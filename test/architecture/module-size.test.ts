// Issue #10: no module over ~300 lines unless it truly does one job, and then it says why at its top.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const LIMIT = 320; // "~300": a few lines of slack before a module must justify itself
const WHY = /^\/\/ Over ~300 lines on purpose: \S/m;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('module size', () => {
  it('every src module over ~300 lines says at its top why it is one job', () => {
    const unexplained = sources(join(ROOT, 'src'))
      .map((f) => ({ f: relative(ROOT, f), text: readFileSync(f, 'utf8') }))
      .filter(({ text }) => text.split('\n').length > LIMIT)
      .filter(({ text }) => !WHY.test(text.split('\n').slice(0, 30).join('\n')))
      .map(({ f }) => f);
    expect(unexplained).toEqual([]);
  });

  it('the check sees a long module without the line', () => {
    const long = ['// a module', ...Array.from({ length: LIMIT + 5 }, (_, i) => `export const x${i} = ${i};`)].join('\n');
    expect(WHY.test(long.split('\n').slice(0, 30).join('\n'))).toBe(false);
  });
});
