// Types for the part of lib.mjs that src/ uses at run time (src/collectors/config/release-schema.ts).
// lib.mjs is plain ESM shared with the schema extractor (scripts/config-schemas/extract.mjs); the
// build copies it into dist/ (scripts/build.mjs), since tsc compiles only .ts.
export interface SchemaIssue {
  path: string;
  kind: 'unknown' | 'invalid' | 'missing' | string;
  keyword: string;
  expected?: unknown[];
}
export interface LoadedRelease {
  release: { version: string; [key: string]: unknown };
  schema: Record<string, unknown>;
}
export function loadRelease(dir: string, version: string): LoadedRelease;
export function validateConfig(schema: Record<string, unknown>, value: unknown): SchemaIssue[];
export function listReleases(dir: string): string[];
export function cmpVersion(a: string, b: string): number;
export interface ReleaseNote {
  id: string;
  kind: 'legacy-rule' | 'retired-path' | 'migration' | 'deprecated' | string;
  path: string;
  text: string;
  source: string;
  accepted: boolean;
}
export function releaseNotes(dir: string, rel: LoadedRelease['release']): ReleaseNote[];
