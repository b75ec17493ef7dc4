// A paste matcher's stable key (flags + source), in a module of its own: the rules loader's anchor
// plan (anchor-plan.ts) needs it at every start, the anchors' choice (anchors.ts) only for huge logs.
import type { PasteMatcher } from '../../types.js';

// Keys are built (and hashed by the maps) once per matcher object: deriving a rule set's anchors
// asks for them thousands of times, and a regex source can be long.
const keyOf = new WeakMap<PasteMatcher, string>();
export function matcherKey(m: PasteMatcher): string {
  let k = keyOf.get(m);
  if (k === undefined) {
    k = `${m.caseSensitive ? 's' : 'i'}:${m.regex !== undefined ? 're' : 'lit'}:${m.regex ?? m.contains ?? ''}`;
    // A same-line exclusion makes another matcher (the cover is the regex's alone: cover.ts reads only it).
    if (m.notOnLine !== undefined) k += `\u0000notOnLine:${m.notOnLine}`;
    keyOf.set(m, k);
  }
  return k;
}
