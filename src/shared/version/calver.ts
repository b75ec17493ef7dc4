// OpenClaw uses calendar versions: 2026.3.13, 2026.2.22-1 (a post-release hotfix, NEWER than
// 2026.2.22), 2026.5.14-beta.1 (a prerelease, OLDER than 2026.5.14). Plain semver would read
// "-1" as a prerelease, so both sides of every comparison are mapped onto a semver line where the
// patch number carries the hotfix: D.N -> D*1000+N. Ranges in rules use the ordinary calendar form.
import semverCompare from 'semver/functions/compare.js';
import semverSatisfies from 'semver/functions/satisfies.js';
import semverValidRange from 'semver/ranges/valid.js';

export interface CalVer {
  year: number;
  month: number;
  day: number;
  /** Post-release hotfix number (`-1`, `-2`), 0 when absent. */
  hotfix: number;
  /** Prerelease tag such as `beta.1`. */
  pre?: string;
}

/** Prerelease words OpenClaw (and its forks) put after the date. */
const PRE_WORDS = 'alpha|beta|rc|pre|canary|next|dev|nightly|preview';

// Separators: `.` (canonical), whitespace runs (`2026 03 01`), `/`, and `-` only when used
// consistently (`2026-03-01`), so `2026.3-1` is not read as a date.
const VERSION_RE = new RegExp(
  String.raw`^v?(\d{4})(?:\.(\d{1,2})\.(\d{1,2})|\s+(\d{1,2})\s+(\d{1,2})|/(\d{1,2})/(\d{1,2})|-(\d{1,2})-(\d{1,2}))` +
    String.raw`(?:-(\d{1,3})(?![.\w])|-((?:${PRE_WORDS})(?:[.-]?[0-9A-Za-z]+)*))?$`,
  'i',
);

const MAX_HOTFIX = 999;

/** Parse a reporter's version string (`v2026.3.2`, `2026 03 01`, `2026.2.22-1`, `2026.5.14-beta.1`). */
export function parseCalVer(input: string): CalVer | undefined {
  if (typeof input !== 'string') return undefined;
  const m = VERSION_RE.exec(input.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2] ?? m[4] ?? m[6] ?? m[8]);
  const day = Number(m[3] ?? m[5] ?? m[7] ?? m[9]);
  if (year < 2024 || year > 2100 || month < 1 || month > 12 || day < 0 || day > 99) return undefined;
  const hotfix = m[10] ? Number(m[10]) : 0;
  if (hotfix > MAX_HOTFIX) return undefined;
  const v: CalVer = { year, month, day, hotfix };
  if (m[11]) v.pre = m[11].toLowerCase();
  return v;
}

/** Canonical text form: `2026.2.22`, `2026.2.22-1`, `2026.5.14-beta.1`. */
export function formatCalVer(v: CalVer): string {
  const base = `${v.year}.${v.month}.${v.day}`;
  if (v.pre) return `${base}-${v.pre}`;
  return v.hotfix ? `${base}-${v.hotfix}` : base;
}

export function normalizeVersion(input: string): string | undefined {
  const v = parseCalVer(input);
  return v ? formatCalVer(v) : undefined;
}

export function isCalVer(input: string): boolean {
  return parseCalVer(input) !== undefined;
}

function toSemver(v: CalVer): string {
  const patch = v.day * 1000 + v.hotfix;
  return `${v.year}.${v.month}.${patch}${v.pre ? `-${v.pre}` : ''}`;
}

// A calendar version inside a range expression. The suffix is a hotfix number or a prerelease tag;
// a bare `-` followed by a space is the hyphen-range operator and is left alone.
const RANGE_TOKEN_RE = /v?\d{4}\.\d{1,2}\.\d{1,2}(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?/g;

/** Map a calendar range (`>=2026.2.2 <2026.3.13 || 2026.4.24`) onto the internal semver line. */
export function toSemverRange(range: string): string {
  return range.replace(RANGE_TOKEN_RE, (tok) => {
    const v = parseCalVer(tok);
    if (!v) throw new Error(`not an OpenClaw version in range: ${tok}`);
    return toSemver(v);
  });
}

export function isValidRange(range: string): boolean {
  try {
    return semverValidRange(toSemverRange(range)) !== null;
  } catch {
    return false;
  }
}

/** True when `version` lies in `range`. Prereleases are compared as ordinary versions. */
export function satisfies(version: string, range: string): boolean {
  const v = parseCalVer(version);
  if (!v) return false;
  let r: string;
  try {
    r = toSemverRange(range);
  } catch {
    return false;
  }
  return semverSatisfies(toSemver(v), r, { includePrerelease: true });
}

export function compareVersions(a: string, b: string): number {
  const va = parseCalVer(a);
  const vb = parseCalVer(b);
  if (!va || !vb) throw new Error(`cannot compare ${a} with ${b}`);
  return semverCompare(toSemver(va), toSemver(vb));
}

/** compareVersions, with 0 (no order) when either side is not a version: facts compared, never thrown. */
export function compareOrEqual(a: string, b: string): number {
  try {
    return compareVersions(a, b);
  } catch {
    return 0;
  }
}

/** Same release day, ignoring hotfix and prerelease (`2026.2.22-1` ~ `2026.2.22`). */
export function sameRelease(a: string, b: string): boolean {
  const va = parseCalVer(a);
  const vb = parseCalVer(b);
  return !!va && !!vb && va.year === vb.year && va.month === vb.month && va.day === vb.day;
}

export interface FoundVersion {
  /** Normalised form. */
  version: string;
  /** Text as written. */
  raw: string;
  /** Offset in the input. */
  index: number;
  /** Short commit written next to it: `OpenClaw 2026.3.8 (3caab92)`. */
  commit?: string;
}

// In free text only the dotted form (optionally `v`-prefixed) is accepted: `2026-03-04` and
// `2026 03 01` are far more often dates than versions there.
const FREE_TEXT_RE = new RegExp(
  String.raw`(?<![\w.])v?(20\d{2})\.(\d{1,2})\.(\d{1,2})(?:-(\d{1,3})(?![\w.])|-((?:${PRE_WORDS})(?:[.-]?[0-9A-Za-z]+)*))?(?![\w.]*\d)(?:\s*\(([0-9a-f]{7,40}|unknown)\))?`,
  'gi',
);

/** Every calendar version written in a piece of free text, in order. */
export function findVersions(text: string): FoundVersion[] {
  const out: FoundVersion[] = [];
  for (const m of text.matchAll(FREE_TEXT_RE)) {
    const raw = m[0].replace(/\s*\([^)]*\)$/, '');
    const v = parseCalVer(raw);
    if (!v) continue;
    const found: FoundVersion = { version: formatCalVer(v), raw, index: m.index ?? 0 };
    if (m[6] && m[6].toLowerCase() !== 'unknown') found.commit = m[6].toLowerCase();
    out.push(found);
  }
  return out;
}

/**
 * Read the output of `openclaw --version`: `2026.3.7` (<= 2026.3.7), `OpenClaw 2026.3.8 (3caab92)`
 * (2026.3.8+), or a banner line `🦞 OpenClaw 2026.1.29 (a5b4d22) — …`.
 */
export function parseVersionOutput(stdout: string): { version: string; commit?: string } | undefined {
  const first = findVersions(stdout)[0];
  if (!first) return undefined;
  return first.commit ? { version: first.version, commit: first.commit } : { version: first.version };
}
