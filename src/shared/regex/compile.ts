// The one place a rule's paste regex is compiled (the engine and the paste reader's line test).
import type { PasteMatcher } from '../../types.js';
import { enableLinearFallback } from './engine.js';

enableLinearFallback();

const regexCache = new Map<string, RegExp>();

/**
 * A paste matcher's regex: its linear-time rewrite when validation attached one (every loaded rule),
 * else the source as written (rules built in memory, e.g. by tests).
 */
export function compilePasteRegex(m: PasteMatcher): RegExp {
  const key = m.linear !== undefined ? `l\u0000${m.linear}` : `${m.caseSensitive ? 's' : 'i'}\u0000${m.regex ?? ''}`;
  let re = regexCache.get(key);
  if (!re) {
    re = m.linear !== undefined ? new RegExp(m.linear) : new RegExp(m.regex ?? '', m.caseSensitive ? '' : 'i');
    regexCache.set(key, re);
  }
  return re;
}
