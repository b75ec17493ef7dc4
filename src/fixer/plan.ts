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

/** A value the patch needs is missing from the facts. */
class Unresolved extends Error {
  constructor(readonly needs: string[], what: string) {
    super(`the fix needs ${needs.join(', ')}, which could not be worked out from ${what}`);
  }
}

export function templateValuesFor(facts: Facts, captures: Record<string, string>): Record<string, string> {
  const v: Record<string, string> = {};
  if (facts.version) v.version = facts.version.value;
  if (facts.config) v.configPath = facts.config.path;
  return { ...v, ...captures };
}

function renderStrict(s: string, values: Record<string, string>): string {
  const missing = templateNames(s).filter((n) => values[n] === undefined || values[n] === '');
  if (missing.length) throw new Unresolved(missing, 'what was collected');
  return renderTemplate(s, values);
}

function renderDeep(v: unknown, values: Record<string, string>): unknown {
  if (typeof v === 'string') return v.includes('{{') ? renderStrict(v, values) : v;
  if (Array.isArray(v)) return v.map((x) => renderDeep(x, values));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = renderDeep(x, values);
    return out;
  }
  return v;
}

function factValue(facts: Facts, path: string): unknown {
  const found = resolvePath(facts, splitPath(path)).filter((r) => r.value !== undefined);
  if (found.length === 0) throw new Unresolved([path.split('.').pop()!], 'this config');
  return found[0]!.value;
}

export function planPatch(patch: PatchOp[], facts: Facts, captures: Record<string, string>): PlanResult {
  const values = templateValuesFor(facts, captures);
  try {
    const ops = patch.map((op): ConcreteOp => {
      const out: ConcreteOp = { op: op.op, path: renderStrict(op.path, values) };
      if (op.from !== undefined) out.from = renderStrict(op.from, values);
      if (op.valueFrom !== undefined) out.value = structuredClone(factValue(facts, op.valueFrom));
      else if (op.value !== undefined) out.value = renderDeep(op.value, values);
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
