// The rule catalogue's own words, for the Redactor (audit23 F17): a finding's title, message and fix
// are rendered from its rule's templates, whose literal parts are public. A known secret that is a
// plain word ("gateway") is kept where it is one of those words — masking it there ("the *** token")
// told the reader the token — and masked where a captured value or evidence holds it. A capture typed
// KEY (a config key: src/rules/fact-shape.ts) is public too: its slot in a template keeps the word when
// the run's Redactor knows the text there as one of the run's keys (hostile-input 2bq).
import { templatePieces, type KeySlot, type PublicProse, type RuleProse } from '../shared/redact.js';
import { isKeyFactPath } from '../rules/key-facts.js';
import type { Condition, Rule } from '../types.js';

/** Each template name the rule captures, and whether every source of it is a fact typed KEY. */
function keyNames(rule: Rule): Set<string> {
  const typed = new Map<string, boolean>();
  const note = (name: string, key: boolean) => typed.set(name, (typed.get(name) ?? true) && key);
  const walk = (c: Condition) => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('fact' in c) {
      if (c.fact.as) note(c.fact.as, isKeyFactPath(c.fact.path));
    } else if ('paste' in c) {
      for (const m of (c.paste.regex ?? '').matchAll(/\(\?<([A-Za-z_]\w*)>/g)) note(m[1]!, false);
    } else if ('version' in c) note('version', false);
  };
  walk(rule.when);
  for (const [name, path] of Object.entries(rule.bind ?? {})) note(name, isKeyFactPath(path));
  return new Set([...typed].filter(([, key]) => key).map(([name]) => name));
}

const TOKEN = /\{\{[^{}\n]{0,200}\}\}/g;
const VAR = /^\{\{([A-Za-z_]\w*)(?:\|[^}]*)?\}\}$/;

/** The slots of a template that KEY captures fill, with the literal text around each. */
export function keySlots(templates: Iterable<string | undefined>, keys: ReadonlySet<string>): KeySlot[] {
  const out: KeySlot[] = [];
  if (!keys.size) return out;
  for (const t of templates) {
    if (!t) continue;
    const tokens = [...t.matchAll(TOKEN)];
    tokens.forEach((m, n) => {
      const name = VAR.exec(m[0])?.[1];
      if (!name || !keys.has(name)) return;
      const from = n === 0 ? 0 : tokens[n - 1]!.index! + tokens[n - 1]![0].length;
      const next = tokens[n + 1];
      const end = m.index! + m[0].length;
      out.push({ pre: t.slice(from, m.index), post: t.slice(end, next ? next.index : t.length), atStart: n === 0, atEnd: !next });
    });
  }
  return out;
}

export function publicProse(rules: readonly Rule[]): PublicProse {
  let byId: Map<string, Rule> | undefined;
  const prose = new Map<string, RuleProse>();
  const of = (ruleId: string): RuleProse | undefined => {
    const had = prose.get(ruleId);
    if (had) return had;
    byId ??= new Map(rules.map((r) => [r.id, r]));
    const rule = byId.get(ruleId);
    if (!rule) return undefined;
    const fix = rule.fix;
    const templates = [rule.title, rule.message, fix?.summary, ...(fix?.steps ?? []), ...(fix?.commands ?? [])];
    const got = { pieces: templatePieces(templates), slots: keySlots(templates, keyNames(rule)) };
    prose.set(ruleId, got);
    return got;
  };
  return Object.assign(of, { keyPath: isKeyFactPath });
}
