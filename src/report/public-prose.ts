// The rule catalogue's own words, for the Redactor (audit23 F17): a finding's title, message and fix
// are rendered from its rule's templates, whose literal parts are public. A known secret that is a
// plain word ("gateway") is kept where it is one of those words — masking it there ("the *** token")
// told the reader the token — and masked where a captured value or evidence holds it.
import { templatePieces, type PublicProse } from '../shared/redact.js';
import type { Rule } from '../types.js';

export function publicProse(rules: readonly Rule[]): PublicProse {
  let byId: Map<string, Rule> | undefined;
  const pieces = new Map<string, readonly string[]>();
  return (ruleId) => {
    const had = pieces.get(ruleId);
    if (had) return had;
    byId ??= new Map(rules.map((r) => [r.id, r]));
    const rule = byId.get(ruleId);
    if (!rule) return undefined;
    const fix = rule.fix;
    const got = templatePieces([rule.title, rule.message, fix?.summary, ...(fix?.steps ?? []), ...(fix?.commands ?? [])]);
    pieces.set(ruleId, got);
    return got;
  };
}
