// What a paste regex carries beside its text for matching (the loader's run-time analysis, also the
// rules bundle's): its linear-time rewrite, whether its backtracking is bounded (then compiled as
// written), its plan (split alternatives, long gaps as scans: plan.ts) and its span. One place, so a
// built-in matcher remade at run time (anchor-plan.ts, a damaged bundle part) is the one the build made.
import type { PasteMatcher } from '../../types.js';
import { backtrackPaths, linearSource, MAX_BACKTRACK_PATHS } from './linear.js';
import { pastePlan } from './plan.js';
import { matchSpan } from './span.js';

export function annotatePaste(m: PasteMatcher): void {
  if (m.regex === undefined) return;
  m.linear = linearSource(m.regex, !m.caseSensitive);
  if (backtrackPaths(m.regex, !m.caseSensitive) <= MAX_BACKTRACK_PATHS) m.bounded = true;
  // Also for a bounded pattern: a long gap runs as scans (plan.ts).
  const plan = pastePlan(m.regex, !m.caseSensitive);
  if (plan) m.plan = plan;
  const span = matchSpan(m.regex);
  if (span !== undefined) m.span = span;
  // The same-line exclusion is run as a matcher of its own (exec.ts), analysed the same way.
  if (m.notOnLine !== undefined) {
    const x: PasteMatcher = { regex: m.notOnLine, ...(m.caseSensitive ? { caseSensitive: true } : {}) };
    annotatePaste(x);
    m.notOnLineMatcher = x;
  }
}
