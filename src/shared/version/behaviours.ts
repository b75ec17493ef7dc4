// Per-release behaviour of OpenClaw, read from knowledge/versions.json (the one place a version
// boundary is written): derive asks `hasBehaviour`, a rule's `{ "behaviour": id }` version condition
// is resolved by `versionRangeOf` (engine, fallback ranker) and checked by `versionSpecProblem`.
import { readFileSync } from 'node:fs';
import { pkgPath } from '../paths.js';
import { compareOrEqual } from './calver.js';

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
 * as having it; undefined when the version is not known.
 */
export function hasBehaviour(id: string, version: string | undefined): boolean | undefined {
  if (!version) return undefined;
  const b = behaviour(id);
  if (b.first && compareOrEqual(version, b.first) < 0) return false;
  if (b.until && compareOrEqual(version, b.until) >= 0) return false;
  return true;
}

/** What a rule's `version` condition names: a literal range, or a behaviour of the knowledge file. */
export interface VersionSpec {
  range?: string;
  behaviour?: string;
  has?: boolean;
  verified?: boolean;
}

/** Why a spec cannot be resolved (unknown behaviour, `verified` without a verified release), or undefined. */
export function versionSpecProblem(spec: VersionSpec): string | undefined {
  if (spec.behaviour === undefined) return spec.range === undefined ? 'a version condition needs "range" or "behaviour"' : undefined;
  if (spec.range !== undefined) return 'a version condition takes "range" or "behaviour", not both (combine two conditions with "all")';
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
  if (spec.behaviour === undefined) {
    if (spec.range === undefined) throw new Error('version condition without range or behaviour');
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
