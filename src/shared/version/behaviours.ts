// Per-release behaviour of OpenClaw, read from knowledge/versions.json (the one place a version
// boundary is written): a rule's `{ "behaviour": id }` version condition is checked by
// `versionSpecProblem` and resolved by `versionRangeOf` when the rule is loaded (the engine reads
// no file); derive's `hasBehaviour` is the same range applied to one version.
import { readFileSync } from 'node:fs';
import { pkgPath } from '../paths.js';
import { isCalVer, satisfies } from './calver.js';

export interface Behaviour {
  summary: string;
  /** Earliest release that may have it (a change inside the unpublished 2026.2.13–2.15 is bracketed). */
  first?: string;
  /** First release read to have it. */
  firstVerified?: string;
  /** First release without it (exclusive). */
  until?: string;
  source?: string;
}

export interface VersionKnowledge {
  oldest: string;
  behaviours: Record<string, Behaviour>;
  /** The gateway key table (src/shared/config/gateway-keys.ts KeySpec, by release). */
  gatewayKeys: Record<string, unknown>;
}

let cached: VersionKnowledge | undefined;

/** The knowledge file, read once (lazily: a module bundled elsewhere may never need it). */
export function versionKnowledge(): VersionKnowledge {
  return (cached ??= JSON.parse(readFileSync(pkgPath('knowledge', 'versions.json'), 'utf8')) as VersionKnowledge);
}

export function behaviour(id: string): Behaviour {
  const b = versionKnowledge().behaviours[id];
  if (!b) throw new Error(`knowledge/versions.json: no behaviour ${id}`);
  return b;
}


/**
 * Whether `version` has the behaviour, counting a release inside the bracket (first..firstVerified)
 * as having it; undefined when the version is not known (absent or not a calendar version). The
 * same reading as a rule's `{ "behaviour": id }` condition: the range of `versionRangeOf`.
 */
export function hasBehaviour(id: string, version: string | undefined): boolean | undefined {
  if (!version || !isCalVer(version)) return undefined;
  return satisfies(version, versionRangeOf({ behaviour: id }));
}

/** What a rule's `version` condition names: a literal range, or a behaviour of the knowledge file. */
export interface VersionSpec {
  range?: string;
  behaviour?: string;
  retiredKey?: string;
  olderThan?: string;
  has?: boolean;
  verified?: boolean;
}

/** The release that retired a gateway key (`gateway.a.b`, as in knowledge/versions.json's gatewayKeys), or undefined. */
export function keyRetiredIn(key: string): string | undefined {
  const parts = key.split('.');
  if (parts.shift() !== 'gateway') return undefined;
  let table = versionKnowledge().gatewayKeys as Record<string, { retired?: string; children?: Record<string, unknown> } | undefined>;
  let spec: { retired?: string; children?: Record<string, unknown> } | undefined;
  for (const p of parts) {
    spec = table?.[p];
    if (!spec) return undefined;
    table = (spec.children ?? {}) as typeof table;
  }
  return spec?.retired;
}

const FORMS = ['range', 'behaviour', 'retiredKey', 'olderThan'] as const;

/** Why a spec cannot be resolved (unknown behaviour or key, `verified` without a verified release), or undefined. */
export function versionSpecProblem(spec: VersionSpec): string | undefined {
  const given = FORMS.filter((f) => spec[f] !== undefined);
  if (given.length !== 1) return `a version condition takes exactly one of "range", "behaviour", "retiredKey", "olderThan"${given.length ? `, not ${given.join(' and ')} (combine two conditions with "all")` : ''}`;
  if (spec.retiredKey !== undefined) return keyRetiredIn(spec.retiredKey) ? undefined : `gateway key ${JSON.stringify(spec.retiredKey)} has no "retired" release in knowledge/versions.json gatewayKeys`;
  if (spec.behaviour === undefined) return undefined;
  const b = versionKnowledge().behaviours[spec.behaviour];
  if (!b) return `unknown behaviour ${JSON.stringify(spec.behaviour)} (knowledge/versions.json has ${Object.keys(versionKnowledge().behaviours).join(', ')})`;
  if (spec.verified && !b.firstVerified) return `behaviour ${spec.behaviour} has no firstVerified release ("verified" cannot apply)`;
  if (!b.first && !b.until) return `behaviour ${spec.behaviour} has neither first nor until`;
  return undefined;
}

const resolved = new Map<string, string>();

/**
 * The calendar range a version condition stands for: its `range`, or its behaviour's releases —
 * `>=first <until` (has), `<first || >=until` (has: false); `verified` counts from firstVerified.
 */
export function versionRangeOf(spec: VersionSpec): string {
  if (spec.retiredKey !== undefined) {
    const problem = versionSpecProblem(spec);
    if (problem) throw new Error(`knowledge/versions.json: ${problem}`);
    const retired = keyRetiredIn(spec.retiredKey)!;
    return spec.has === false ? `<${retired}` : `>=${retired}`;
  }
  if (spec.behaviour === undefined) {
    if (spec.range === undefined) throw new Error('version condition without a range (range, behaviour or retiredKey)');
    return spec.range;
  }
  const key = `${spec.behaviour}\0${spec.has !== false}\0${spec.verified === true}`;
  let range = resolved.get(key);
  if (range === undefined) {
    const problem = versionSpecProblem(spec);
    if (problem) throw new Error(`knowledge/versions.json: ${problem}`);
    const b = behaviour(spec.behaviour);
    const from = spec.verified ? b.firstVerified : b.first;
    range =
      spec.has === false
        ? [from && `<${from}`, b.until && `>=${b.until}`].filter(Boolean).join(' || ')
        : [from && `>=${from}`, b.until && `<${b.until}`].filter(Boolean).join(' ');
    resolved.set(key, range);
  }
  return range;
}
