// The user's config against the exact schema of the OpenClaw release they run (issue #11 Deliver 3;
// issue #9 part 3: no invalid shape passes silently). The schemas are extracted from each release's
// own package (knowledge/config-schemas, `npm run schemas`); the validator is the small interpreter
// in src/shared/config-schemas/lib.mjs (ajv would need seconds per release to compile them).
import { existsSync } from 'node:fs';
import { cmpVersion, listReleases, loadRelease, releaseNotes, validateConfig, type SchemaIssue } from '../../shared/config-schemas/lib.mjs';
import { pkgPath } from '../../shared/paths.js';

export interface ReleaseSchemaResult {
  /** The covered release whose schema was used. */
  release: string;
  /** 'exact': the user's release is covered; 'nearest': the closest covered one below it; 'latest': version unknown. */
  basis: 'exact' | 'nearest' | 'latest';
  issues: SchemaIssue[];
  /** When there are issues and the version is unknown: the covered releases that accept this config. */
  acceptedBy?: string[];
}

let dir: string | undefined;
let releases: string[] | undefined;

/** The schema store, or none (a bundle without the package around it checks no schema). */
function covered(): string[] {
  if (!releases) {
    try {
      dir = pkgPath('knowledge', 'config-schemas');
    } catch {
      dir = undefined;
    }
    releases = dir && existsSync(dir) ? listReleases(dir).slice().sort(cmpVersion) : [];
  }
  return releases;
}

const DIR = (): string => dir!;

/** The covered release to judge `version` by: itself, else the newest covered one not after it. */
export function schemaReleaseFor(version: string | undefined): { release: string; basis: ReleaseSchemaResult['basis'] } | undefined {
  const all = covered();
  if (!all.length) return undefined;
  const latest = all[all.length - 1]!;
  if (!version) return { release: latest, basis: 'latest' };
  const plain = version.replace(/-.*$/, '');
  if (all.includes(version)) return { release: version, basis: 'exact' };
  if (all.includes(plain)) return { release: plain, basis: 'exact' };
  const below = all.filter((r) => cmpVersion(r, plain) <= 0);
  return { release: below.length ? below[below.length - 1]! : all[0]!, basis: 'nearest' };
}

/**
 * What the release rejects as unknown to it. Keys the release itself knows as retired, legacy or
 * migrated are left out: depending on the release they are stripped or migrated at start-up
 * (recorded: `allowInsecureAuth` and `bind: "0.0.0.0"` on 2026.8.2/2026.9.6 start, "Migrated legacy
 * config keys at startup") or refused with OpenClaw's own legacy message (`gateway.token` on
 * 2026.2.12); the specific rules for those keys carry the per-release verdict.
 */
function startupIssues(release: string, value: unknown): SchemaIssue[] {
  const loaded = loadRelease(DIR(), release);
  const issues = validateConfig(loaded.schema, value);
  if (!issues.length) return issues;
  const known = releaseNotes(DIR(), loaded.release)
    // A legacy rule on a key still in the schema judges values (e.g. a port out of range), not the key.
    .filter((n) => n.kind === 'retired-path' || n.kind === 'migration' || (n.kind === 'legacy-rule' && !n.accepted))
    // A migration is named for what it rewrites under a key ("gateway.bind.host-alias->bind-mode"
    // covers gateway.bind); a section-wide one ("gateway.port-oob-repair") covers no key by name.
    .flatMap((n) => {
      const from = n.path.split('->')[0]!;
      const parent = from.slice(0, Math.max(0, from.lastIndexOf('.')));
      return n.kind === 'migration' && parent.includes('.') ? [from, parent] : [from];
    })
    .filter(Boolean);
  return issues.filter((i) => !known.some((k) => i.path === k || i.path.startsWith(`${k}.`)));
}

export function checkReleaseSchema(value: Record<string, unknown>, version: string | undefined): ReleaseSchemaResult | undefined {
  const pick = schemaReleaseFor(version);
  if (!pick) return undefined;
  const issues = startupIssues(pick.release, value);
  const out: ReleaseSchemaResult = { ...pick, issues };
  if (issues.length && pick.basis === 'latest') {
    // Only when it matters (an unknown version and a rejection): load the other releases too.
    out.acceptedBy = covered().filter((r) => r !== pick.release && startupIssues(r, value).length === 0);
  }
  return out;
}
