// Facts for config-parse/schema-violation: the issues of the user's config under its release's schema,
// in words and with line:column. Values are never quoted (a rejected value may be a secret).
import type { ConfigFacts, Facts } from '../../types.js';
import { checkReleaseSchema } from './release-schema.js';
import type { SchemaIssue } from '../../shared/config-schemas/lib.mjs';

const MAX_LISTED = 6;

function hasInclude(v: unknown, depth = 0): boolean {
  if (!v || typeof v !== 'object' || depth > 200) return false;
  if (!Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, '$include')) return true;
  return Object.values(v as Record<string, unknown>).some((x) => hasInclude(x, depth + 1));
}

function pointer(path: string): string {
  return path ? '/' + path.split('.').map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/') : '';
}

function describe(issue: SchemaIssue): string {
  const p = issue.path || 'the top level';
  if (issue.kind === 'unknown') return `${p} is not a key this release knows`;
  if (issue.kind === 'missing') return `${p} is required`;
  if (issue.keyword === 'type' && Array.isArray(issue.expected) && issue.expected.length) {
    const words = issue.expected.map((t) => (t === 'integer' ? 'a whole number' : t === 'array' ? 'a list' : `a${/^[aeiou]/.test(String(t)) ? 'n' : ''} ${String(t)}`));
    return `${p} must be ${words.join(' or ')}`;
  }
  // The allowed values of an enum or a union of literals are the schema's constants, not the user's value.
  if ((issue.keyword === 'enum' || issue.keyword === 'anyOf' || issue.keyword === 'oneOf' || issue.keyword === 'const') && Array.isArray(issue.expected) && issue.expected.length)
    return `${p} must be one of ${issue.expected.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${p} has a value this release does not accept`;
}

/** The config's issues under its release's schema (absent when it has none or is not judged). */
export interface ReleaseSchemaFacts {
  schemaIssueList?: string;
  schemaBasisNote?: string;
  /** Judged by the user's own release (or its closest), or rejected by every release. */
  schemaCertain?: boolean;
}

export function releaseSchemaFacts(cfg: ConfigFacts, version: Facts['version']): ReleaseSchemaFacts {
  if (!cfg.value) return {};
  // OpenClaw resolves $include before validating; the doctor does not read included files yet, so
  // judging the including file alone would report keys that live elsewhere.
  if (hasInclude(cfg.value)) return {};
  const res = checkReleaseSchema(cfg.value, version?.value);
  if (!res || res.issues.length === 0) return {};
  const where = (i: SchemaIssue) => {
    const ptr = pointer(i.path);
    return (i.kind === 'unknown' ? cfg.keyPositions?.[ptr] : undefined) ?? cfg.positions?.[ptr];
  };
  const listed = res.issues.slice(0, MAX_LISTED).map((i) => {
    const at = where(i);
    return `${describe(i)}${at ? ` (line ${at.line}:${at.column})` : ''}`;
  });
  const more = res.issues.length - listed.length;
  const basisNote =
    res.basis === 'exact'
      ? `the schema of ${res.release}, the release you run`
      : res.basis === 'nearest'
        ? `the schema of ${res.release}, the closest release before ${version?.value} whose schema clawkit-doctor has`
        : `the schema of ${res.release}, the latest release (your version is unknown; pass --openclaw-version)${res.acceptedBy?.length ? `; releases that accept this config: ${res.acceptedBy.join(', ')}` : '; no release from 2026.1 on accepts it'}`;
  return {
    schemaIssueList: listed.join('; ') + (more > 0 ? `; and ${more} more` : ''),
    schemaBasisNote: basisNote,
    schemaCertain: res.basis !== 'latest' || !res.acceptedBy?.length,
  };
}
