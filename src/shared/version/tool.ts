import { readFileSync } from 'node:fs';
import { pkgPath } from '../paths.js';

let cached: string | undefined;

/** This package's own version, read from package.json beside dist/. */
export function toolVersion(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(readFileSync(pkgPath('package.json'), 'utf8')) as { version?: string };
    cached = pkg.version ?? '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
