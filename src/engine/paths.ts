// Resolve dot paths into plain fact objects. `*` matches every element of an array or every key of
// an object, so `paste.urls.*.secureContext` yields one entry per URL.
import { splitPath } from '../shared/fact-path.js';

export interface Resolved {
  path: string;
  value: unknown;
}

// One split for the engine and the collectors (src/shared/fact-path.ts).
export { splitPath };

export function resolvePath(root: unknown, segments: string[], prefix = ''): Resolved[] {
  if (segments.length === 0) return [{ path: prefix, value: root }];
  const [head, ...rest] = segments as [string, ...string[]];
  if (root === null || typeof root !== 'object') return [];
  const join = (k: string) => (prefix ? `${prefix}.${k}` : k);
  if (head === '*') {
    const out: Resolved[] = [];
    const entries = Array.isArray(root) ? root.map((v, i) => [String(i), v] as const) : Object.entries(root);
    for (const [k, v] of entries) out.push(...resolvePath(v, rest, join(k)));
    return out;
  }
  if (!Object.prototype.hasOwnProperty.call(root, head)) return [];
  return resolvePath((root as Record<string, unknown>)[head], rest, join(head));
}

/** `config.value.gateway.auth` -> `/gateway/auth` (JSON Pointer into the config document). */
export function configPointer(path: string): string | undefined {
  const segs = splitPath(path);
  if (segs[0] !== 'config' || segs[1] !== 'value') return undefined;
  return '/' + segs.slice(2).map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}
