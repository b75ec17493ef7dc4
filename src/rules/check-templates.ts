// `rules validate`: every `{{name}}` in a rule's message and fix is bound by something — a fact
// matcher's `as`, the rule's `bind` map, a named capture of a paste regex, or a value the engine always offers.
import type { Condition, Rule } from '../types.js';
import { BUILTIN_TEMPLATE_NAMES } from '../engine/evaluate.js';
import { templateNames } from '../engine/template.js';
import { walkConditions } from '../shared/conditions.js';

const NAMED_GROUP = /\(\?<([A-Za-z_$][\w$]*)>/g;

export function boundNames(when: Condition, bind: Record<string, string> = {}): Set<string> {
  const names = new Set<string>([...BUILTIN_TEMPLATE_NAMES, ...Object.keys(bind)]);
  for (const c of walkConditions(when)) {
    if ('fact' in c && c.fact.as) names.add(c.fact.as);
    if ('paste' in c && c.paste.regex) for (const m of c.paste.regex.matchAll(NAMED_GROUP)) names.add(m[1]!);
  }
  return names;
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** Template names the rule's texts use that nothing binds. */
export function unboundTemplateNames(rule: Rule): string[] {
  const bound = boundNames(rule.when, rule.bind);
  const texts = [rule.message, rule.fix.summary, ...rule.fix.steps, ...(rule.fix.commands ?? []), ...(rule.fix.patch ?? []).flatMap((op) => strings([op.path, op.from, op.value]))];
  const used = new Set(texts.flatMap((t) => (typeof t === 'string' ? templateNames(t) : [])));
  return [...used].filter((n) => !bound.has(n)).sort();
}
