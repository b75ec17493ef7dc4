// From a rule's patch (templates, `valueFrom` fact paths) to concrete JSON-Pointer operations.
// Resolution is strict: a template name without a value makes the whole patch unresolvable
// (the engine renders unknown names as empty strings, which must never be written to a config).
import type { Facts, PatchOp, Rule } from '../types.js';
import { renderTemplate, templateNames } from '../engine/template.js';
import { resolvePath, splitPath } from '../engine/paths.js';
import type { ConcreteOp } from './edit.js';

/**
 * `ops`: the concrete edit. `unresolved`: a value the patch needs was not collected (a proxy address
 * with no evidence for it): nothing is guessed, the steps stay manual. `error`: the patch itself
 * cannot be made concrete (a bad pointer, an op without a value).
 */
export type PlanResult = { ops: ConcreteOp[] } | { unresolved: string; needs: string[] } | { error: string };

/**
 * A value the patch needs is missing from the facts. `needs` names them for tests and callers; the
 * message, shown to users as a skipped fix's reason, names the config place in the user's words
 * (`gateway.trustedProxies[0]`), never a fact or template name (audit23 F14).
 */
class Unresolved extends Error {
  constructor(readonly needs: string[], what: string) {
    super(what);
  }
}

/** A patch pointer as the user writes config keys: `/gateway/trustedProxies/{{i}}` → `gateway.trustedProxies[…]` while i is unknown. */
export function shownConfigPath(pointer: string, values: Record<string, string>): string {
  const filled = pointer.replace(/\{\{([A-Za-z_]\w*)\}\}/g, (_m, n: string) => (values[n] ? values[n] : '\u2026'));
  let out = '';
  for (const seg of filled.split('/').slice(1).map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (seg === '-') return `${out || 'the config'} (a new entry)`;
    out += /^(?:\d+|\u2026)$/.test(seg) ? `[${seg}]` : `${out ? '.' : ''}${seg}`;
  }
  return out || 'the config';
}

export function templateValuesFor(facts: Facts, captures: Record<string, string>): Record<string, string> {
  const v: Record<string, string> = {};
  if (facts.version) v.version = facts.version.value;
  if (facts.config) v.configPath = facts.config.path;
  return { ...v, ...captures };
}

function missingNames(s: string, values: Record<string, string>): string[] {
  return templateNames(s).filter((n) => values[n] === undefined || values[n] === '');
}

const NOT_KNOWN = 'is not known from this config or the rest of the input';

/** A pointer (`path`, `from`): which place to edit. */
function renderPointer(s: string, values: Record<string, string>): string {
  const missing = missingNames(s, values);
  if (missing.length) throw new Unresolved(missing, `which entry of ${shownConfigPath(s, values)} to edit ${NOT_KNOWN}`);
  return renderTemplate(s, values);
}

function renderStrict(s: string, values: Record<string, string>, at: string): string {
  const missing = missingNames(s, values);
  if (missing.length) throw new Unresolved(missing, `the value to write at ${at} ${NOT_KNOWN}`);
  return renderTemplate(s, values);
}

function renderDeep(v: unknown, values: Record<string, string>, at: string): unknown {
  if (typeof v === 'string') return v.includes('{{') ? renderStrict(v, values, at) : v;
  if (Array.isArray(v)) return v.map((x) => renderDeep(x, values, at));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = renderDeep(x, values, at);
    return out;
  }
  return v;
}

function factValue(facts: Facts, path: string, at: string): unknown {
  const found = resolvePath(facts, splitPath(path)).filter((r) => r.value !== undefined);
  if (found.length === 0) throw new Unresolved([path.split('.').pop()!], `the value to write at ${at} ${NOT_KNOWN}`);
  return found[0]!.value;
}

export function planPatch(patch: PatchOp[], facts: Facts, captures: Record<string, string>): PlanResult {
  const values = templateValuesFor(facts, captures);
  try {
    const ops = patch.map((op): ConcreteOp => {
      const out: ConcreteOp = { op: op.op, path: renderPointer(op.path, values) };
      if (op.from !== undefined) out.from = renderPointer(op.from, values);
      const at = shownConfigPath(out.path, values);
      if (op.valueFrom !== undefined) out.value = structuredClone(factValue(facts, op.valueFrom, at));
      else if (op.value !== undefined) out.value = renderDeep(op.value, values, at);
      else if (op.op === 'add' || op.op === 'replace' || op.op === 'test') throw new Error(`${op.op} ${op.path} has no value`);
      for (const p of [out.path, out.from]) if (p !== undefined && p !== '' && !p.startsWith('/')) throw new Error(`not a JSON pointer: ${p}`);
      return out;
    });
    return { ops };
  } catch (err) {
    if (err instanceof Unresolved) return { unresolved: err.message, needs: err.needs };
    return { error: (err as Error).message };
  }
}

export function planForRule(rule: Rule, facts: Facts, captures: Record<string, string>): PlanResult | undefined {
  if (!rule.fix.patch || rule.fix.patch.length === 0) return undefined;
  return planPatch(rule.fix.patch, facts, captures);
}
