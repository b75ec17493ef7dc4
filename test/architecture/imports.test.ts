// One direction: shared ← collectors ← derive ← engine/rules ← report ← fixer ← commands/cli.
// A module may import (statically or with import()) only from its own layer or a layer below;
// `import type` is free (types carry no code and no start-up cost). No dependency needed: the
// import lines of src/**/*.ts are parsed here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pkgPath } from '../../src/shared/paths.js';

const SRC = pkgPath('src');

/** Layer of a module (path relative to src/, posix). Lower layers never import higher ones. */
export function layerOf(mod: string): number {
  const top = mod.split('/')[0]!;
  // types.ts and facts.ts are the fact model (types, and picking the version from facts): pure, below all.
  if (top === 'shared' || mod === 'types.ts' || mod === 'facts.ts') return 0;
  if (top === 'collectors') return 1;
  if (top === 'derive') return 2;
  if (top === 'engine' || top === 'rules') return 3;
  if (top === 'report') return 4;
  if (top === 'fixer') return 5;
  return 6; // commands/, cli.ts, pipeline
}
/**
 * Known edges still to remove, each with its reason. The list must shrink: an entry whose edge is
 * gone fails the test below.
 */
const PENDING: string[] = [];

const LAYER_NAMES = ['shared', 'collectors', 'derive', 'engine/rules', 'report', 'fixer', 'commands/cli'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Value imports of a file: static `import … from`, `export … from`, and `import('…')`; not `import type`. */
export function valueImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gm)) if (!m[1]) out.push(m[2]!);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!);
  return out.filter((s) => s.startsWith('.'));
}

function edges(): Array<{ from: string; to: string }> {
  return sources(SRC).flatMap((file) => {
    const from = relative(SRC, file).split('\\').join('/');
    return valueImports(readFileSync(file, 'utf8')).map((spec) => ({ from, to: posix.normalize(posix.join(posix.dirname(from), spec)).replace(/\.js$/, '.ts') }));
  });
}

describe('import direction', () => {
  it('parses multi-line, re-export and dynamic imports and skips type-only ones', () => {
    const text = "import {\n  a,\n  b,\n} from './x.js';\nimport type { T } from './t.js';\nexport { c } from './y.js';\nconst m = await import('./z.js');\nimport './side.js';";
    expect(valueImports(text)).toEqual(['./x.js', './y.js', './side.js', './z.js']);
  });

  it('no module imports from a layer above its own or from outside src/', () => {
    const back = edges()
      .filter((e) => layerOf(e.to) > layerOf(e.from) || e.to.startsWith('../'))
      .filter((e) => !PENDING.includes(`${e.from} -> ${e.to}`))
      .map((e) => `${e.from} (${LAYER_NAMES[layerOf(e.from)]}) -> ${e.to} (${LAYER_NAMES[layerOf(e.to)]})`);
    expect(back).toEqual([]);
  });

  it('lists only pending edges that still exist', () => {
    const all = new Set(edges().map((e) => `${e.from} -> ${e.to}`));
    expect(PENDING.filter((p) => !all.has(p))).toEqual([]);
  });

  it('sees the whole source tree', () => {
    const all = edges();
    expect(all.length).toBeGreaterThan(100);
    expect(all.some((e) => e.from.startsWith('collectors/') && e.to.startsWith('shared/'))).toBe(true);
    expect(dirname('a/b')).toBe('a');
  });
});
