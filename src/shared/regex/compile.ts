// The one place a rule's paste regex is compiled (the engine and the paste reader's line test).
import type { PasteMatcher } from '../../types.js';
import { enableLinearFallback } from './engine.js';

enableLinearFallback();

const regexCache = new Map<string, RegExp>();

/**
 * A paste matcher's regex. As written when validation found its backtracking work per start
 * position bounded (`bounded`: finite repeats, few paths; linear in the line and fastest on V8's
 * backtracking engine), else its rewrite for V8's linear-time engine (`linear`, every other loaded
 * rule). Rules built in memory without either (tests) compile as written.
 */
export function compilePasteRegex(m: PasteMatcher): RegExp {
  const asWritten = m.bounded || m.linear === undefined;
  const key = asWritten ? `${m.caseSensitive ? 's' : 'i'}\u0000${m.regex ?? ''}` : `l\u0000${m.linear}`;
  let re = regexCache.get(key);
  if (!re) {
    re = asWritten ? new RegExp(m.regex ?? '', m.caseSensitive ? '' : 'i') : new RegExp(m.linear!);
    regexCache.set(key, re);
  }
  return re;
}
