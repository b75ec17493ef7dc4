// Per-release behaviour of OpenClaw, read from knowledge/versions.json (the one place a version
// boundary is written; rules encoding a behaviour are checked against it by a test).
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
  /** Rules whose `version` conditions encode this behaviour. */
  rules?: string[];
}

export interface VersionKnowledge {
  oldest: string;
  behaviours: Record<string, Behaviour>;
  /** The gateway key table (src/collectors/config/schema.ts KeySpec, by release). */
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
