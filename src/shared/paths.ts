// The package root, found by walking up from this module to package.json. Works the same from
// dist/**/*.js and from the single-file bundle, and from a global npm install.
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('clawkit-doctor: cannot find its package root (package.json + schema/)');
}

// Found on first use, not at import: a module bundled elsewhere (the crash test's child) may import
// a user of pkgPath without ever calling it.
let root: string | undefined;
export const pkgPath = (...parts: string[]): string => join((root ??= findRoot()), ...parts);

/** Running from an installed package (immutable; `npm pack` also stamps every file with one date, so size+mtime checks cannot hold). */
export const isInstalled = (): boolean => pkgPath().includes(`${sep}node_modules${sep}`);
