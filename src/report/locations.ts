// Where a finding points, for the formats that place findings on files (SARIF, GitHub annotations,
// Markdown): a config value or a log line is a file position; a probe or environment fact is a
// logical location (what was observed, not where it is written).
import { isAbsolute, relative, sep } from 'node:path';
import type { Evidence, Finding } from '../types.js';

export interface FileLocation {
  kind: 'file';
  file: string;
  line?: number;
  column?: number;
}

export interface LogicalLocation {
  kind: 'logical';
  /** The fact source: probe, env, flags, version, or stdin for pasted text without a file. */
  source: string;
  /** Dot path of the fact (`probe.failedStage`) or `line N` of stdin. */
  name: string;
}

export type FindingLocation = FileLocation | LogicalLocation;

function locationOf(e: Evidence, configFile?: string): FindingLocation {
  const file = e.file ?? (e.source === 'config' ? configFile : undefined);
  if (file && (e.source === 'paste' || e.source === 'config')) {
    return { kind: 'file', file, ...(e.line ? { line: e.line } : {}), ...(e.line && e.column ? { column: e.column } : {}) };
  }
  if (e.source === 'paste') return { kind: 'logical', source: 'stdin', name: e.line ? `line ${e.line}` : 'stdin' };
  return { kind: 'logical', source: e.source, name: e.path ?? e.source };
}

function keyOf(l: FindingLocation): string {
  return l.kind === 'file' ? `f\0${l.file}\0${l.line ?? ''}\0${l.column ?? ''}` : `l\0${l.source}\0${l.name}`;
}

/**
 * Every distinct place a finding's evidence points at, most precise first. A config fact without
 * a position (`config.found`, a derived fact) points at the config file (`configFile`) as a whole,
 * and only when no position in that file is known.
 */
export function findingLocations(f: Finding, configFile?: string): FindingLocation[] {
  const seen = new Set<string>();
  const out: FindingLocation[] = [];
  for (const e of f.evidence) {
    const l = locationOf(e, configFile);
    const k = keyOf(l);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(l);
  }
  const placed = new Set(out.flatMap((l) => (l.kind === 'file' && l.line ? [l.file] : [])));
  const rank = (l: FindingLocation) => (l.kind === 'file' ? (l.line ? 0 : 1) : 2);
  return out.filter((l) => !(l.kind === 'file' && !l.line && placed.has(l.file))).sort((a, b) => rank(a) - rank(b));
}

/** The most precise location, if any. */
export function primaryLocation(f: Finding, configFile?: string): FindingLocation | undefined {
  return findingLocations(f, configFile)[0];
}

/** The config file the report read, if one was found. */
export function reportConfigFile(report: { inputs: { config: null | Record<string, unknown> } }): string | undefined {
  const c = report.inputs.config as { path?: string; found?: boolean } | null;
  return c?.found && c.path ? c.path : undefined;
}

/**
 * A path as CI tools expect it: relative to the working directory (the repository root in a CI job)
 * with forward slashes when the file is under it, else absolute.
 */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file.split(sep).join('/');
  const rel = relative(cwd, file);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return file.split(sep).join('/');
}

/** `file:line:col`, `file:line` or `file`; a logical location as `source name`. */
export function locationLabel(l: FindingLocation, cwd: string): string {
  if (l.kind === 'logical') return l.source === 'stdin' ? `stdin ${l.name}` : l.name;
  return `${displayPath(l.file, cwd)}${l.line ? `:${l.line}${l.column ? `:${l.column}` : ''}` : ''}`;
}
