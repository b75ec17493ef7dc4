// The scanner's view of the anchors (toScanMatchers) and the engine's own line test for a paste
// matcher, in a module of their own: the worker that scans the second half of a large --log FILE
// (scan-half.ts) rebuilds the same matchers from their plain description without the reader.
import type { PasteMatcher } from '../../types.js';
import type { Anchor } from '../../shared/regex/anchors.js';
import { notOnLineMatcher, pasteRunner } from '../../shared/regex/compile.js';
import { fullMatcher } from '../../shared/regex/anchor-plan.js';
import type { MatcherSpec, ScanMatcher } from './scanner.js';

export function toScanMatchers(anchors: ReadonlyArray<Pick<Anchor, 'matcher' | 'literals' | 'jsonLiterals' | 'context'> & { cover?: Anchor['cover']; ids?: Anchor['ids'] }>): ScanMatcher[] {
  return anchors.map((a) => {
    // The spec (what a worker rebuilds the matcher from) carries the whole matcher: made only when asked.
    let spec: MatcherSpec | undefined;
    return {
      ...(a.cover ? { cover: a.cover } : {}),
      ...(a.ids ? { ids: a.ids } : {}),
      literals: a.literals,
      jsonLiterals: a.jsonLiterals,
      context: a.context,
      foldsUnicode: a.matcher.contains !== undefined && !a.matcher.caseSensitive,
      test: matcherTest(a.matcher),
      get spec(): MatcherSpec {
        return (spec ??= { matcher: fullMatcher(a.matcher), literals: a.literals, jsonLiterals: a.jsonLiterals, context: a.context, ...(a.cover ? { cover: a.cover } : {}) });
      },
    };
  });
}

/** The engine's own line test for a paste matcher (src/engine/conditions.ts evalPaste). */
export function matcherTest(m: PasteMatcher): (text: string) => boolean {
  if (m.regex !== undefined) {
    // Built on first use: most anchors of a huge log never get a literal hit (and a built-in rule's
    // matcher is read whole from the rules bundle only then: src/shared/regex/anchor-plan.ts).
    let run: ReturnType<typeof pasteRunner> | undefined;
    let not: ReturnType<typeof pasteRunner> | null | undefined;
    return (text) => {
      if ((run ??= pasteRunner(fullMatcher(m))).exec(text) === null) return false;
      // A same-line exclusion (notOnLine) rules the line out, as the engine's execLine does.
      if (not === undefined) {
        const x = notOnLineMatcher(fullMatcher(m));
        not = x ? pasteRunner(x) : null;
      }
      return not === null || not.exec(text) === null;
    };
  }
  const needle = m.caseSensitive ? (m.contains ?? '') : (m.contains ?? '').toLowerCase();
  return m.caseSensitive ? (text) => text.includes(needle) : (text) => text.toLowerCase().includes(needle);
}
