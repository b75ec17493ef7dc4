// Keys under `gateway` that OpenClaw does not know (with a rename when one is likely), and keys
// newer than the release in use.
import { didYouMean, gatewaySchema, MISPLACED_GATEWAY_KEYS, type KeySpec } from '../shared/config/gateway-keys.js';
import { isObj, locator, pointerOf, type DeriveContext, type Obj } from './context.js';
import { get } from '../shared/json/get.js';

export interface UnknownKey {
  /** Dotted path, e.g. `gateway.trustedProxy`. */
  path: string;
  pointer: string;
  key: string;
  suggestion?: string;
  suggestionPointer?: string;
  /** Suggestion target already exists (a rename would collide). */
  suggestionTaken?: boolean;
}

export interface KeyFacts {
  unknownKeys?: UnknownKey[];
  unknownKeyCount?: number;
  unknownKeyList?: string;
  unknownKeyAt?: string;
  /** The first unknown key with a free rename target, and that target. */
  unknownKeyRenamable?: string;
  unknownKeySuggestion?: string;
  /** The same two as JSON pointers without the leading slash, for patch templates "/{{…}}". */
  unknownKeyRenamableRel?: string;
  unknownKeySuggestionRel?: string;
  unknownKeyRenamableAt?: string;
  unknownKeyUnrenamable?: string;
}

function suggestionFor(gateway: Obj, obj: Obj, schema: Record<string, KeySpec>, dotted: string, key: string): string | undefined {
  if (dotted === 'gateway' && MISPLACED_GATEWAY_KEYS[key]) {
    return key === 'trustedProxy' && !isObj(obj[key]) ? 'gateway.trustedProxies' : MISPLACED_GATEWAY_KEYS[key];
  }
  const known = Object.keys(schema).filter((k) => !schema[k]!.legacy);
  const m = didYouMean(key, known);
  return m ? `${dotted}.${m}` : undefined;
}

function findUnknownKeys(gateway: Obj): UnknownKey[] {
  const out: UnknownKey[] = [];
  const visit = (obj: Obj, schema: Record<string, KeySpec>, dotted: string) => {
    for (const key of Object.keys(obj)) {
      const spec = schema[key];
      const path = `${dotted}.${key}`;
      // `auth.type` is a shape mistake with its own rules (type:"none", type:"token").
      if (path === 'gateway.auth.type') continue;
      if (spec) {
        const child = obj[key];
        if (spec.children && !spec.open && isObj(child)) visit(child, spec.children, path);
        continue;
      }
      const u: UnknownKey = { path, pointer: pointerOf(path), key };
      const target = suggestionFor(gateway, obj, schema, dotted, key);
      if (target) {
        u.suggestion = target;
        u.suggestionPointer = pointerOf(target);
        u.suggestionTaken = get(gateway, ...target.split('.').slice(1)) !== undefined;
      }
      out.push(u);
    }
  };
  visit(gateway, gatewaySchema(), 'gateway');
  return out;
}

/** Keys under `gateway` whose first verified release is after `version`. */
export function keysTooNew(gateway: Obj, version: string, cmp: (a: string, b: string) => number): Array<{ path: string; since: string }> {
  const out: Array<{ path: string; since: string }> = [];
  const visit = (obj: Obj, schema: Record<string, KeySpec>, dotted: string) => {
    for (const key of Object.keys(obj)) {
      const spec = schema[key];
      if (!spec) continue;
      const path = `${dotted}.${key}`;
      if (spec.since && spec.sinceVerified && cmp(version, spec.since) < 0) out.push({ path, since: spec.since });
      const child = obj[key];
      if (spec.children && isObj(child)) visit(child, spec.children, path);
    }
  };
  visit(gateway, gatewaySchema(), 'gateway');
  return out;
}

export function deriveKeys(gw: Obj, ctx: DeriveContext): KeyFacts {
  const d: KeyFacts = {};
  const unknown = findUnknownKeys(gw);
  if (!unknown.length) return d;
  d.unknownKeys = unknown;
  d.unknownKeyCount = unknown.length;
  d.unknownKeyList = unknown.map((u) => u.path).join(', ');
  const at = locator(ctx, unknown[0]!.pointer, true);
  if (at) d.unknownKeyAt = at;
  const withSuggestion = unknown.find((u) => u.suggestion && !u.suggestionTaken);
  if (withSuggestion) {
    d.unknownKeyRenamable = withSuggestion.path;
    d.unknownKeySuggestion = withSuggestion.suggestion;
    d.unknownKeyRenamableRel = withSuggestion.pointer.slice(1);
    d.unknownKeySuggestionRel = withSuggestion.suggestionPointer!.slice(1);
    const at2 = locator(ctx, withSuggestion.pointer, true);
    if (at2) d.unknownKeyRenamableAt = at2;
  }
  const withoutRename = unknown.find((u) => !u.suggestion || u.suggestionTaken);
  if (withoutRename) d.unknownKeyUnrenamable = withoutRename.path;
  return d;
}
