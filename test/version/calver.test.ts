import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  findVersions,
  formatCalVer,
  isCalVer,
  isValidRange,
  normalizeVersion,
  parseCalVer,
  parseVersionOutput,
  sameRelease,
  satisfies,
  toSemverRange,
} from '../../src/shared/version/calver.js';

describe('parseCalVer / normalizeVersion', () => {
  it.each([
    ['2026.3.13', '2026.3.13'],
    ['v2026.3.2', '2026.3.2'],
    ['V2026.3.2', '2026.3.2'],
    ['2026 03 01', '2026.3.1'],
    ['2026  3  1', '2026.3.1'],
    ['2026-03-01', '2026.3.1'],
    ['2026/03/01', '2026.3.1'],
    ['2026.03.01', '2026.3.1'],
    ['  2026.2.22-1 ', '2026.2.22-1'],
    ['2026.2.6-3', '2026.2.6-3'],
    ['2026.5.14-beta.1', '2026.5.14-beta.1'],
    ['2026.5.14-BETA.1', '2026.5.14-beta.1'],
    ['2026.4.1-beta.1', '2026.4.1-beta.1'],
    ['2026.7.2-beta.2', '2026.7.2-beta.2'],
    ['2026.3.1-rc.2', '2026.3.1-rc.2'],
    ['2026.3.1-beta', '2026.3.1-beta'],
    ['2026.7.35', '2026.7.35'],
    ['2026.12.31', '2026.12.31'],
  ])('%s -> %s', (input, out) => {
    expect(normalizeVersion(input)).toBe(out);
    expect(isCalVer(input)).toBe(true);
  });

  it.each([
    '',
    'dev',
    '1.2.3',
    '2026.3',
    '2026.13.1',
    '2026.0.1',
    '2023.3.1',
    '2026.3.100',
    '2026.3.13-1000',
    '2026.3.13-foo',
    '2026.3-1',
    '2026-03.01',
    '2026.3.13 (61d171a)',
    'OpenClaw 2026.3.13',
    '2026.3.29-V5',
    '2026.2.22-1.2',
  ])('rejects %j', (input) => {
    expect(parseCalVer(input)).toBeUndefined();
    expect(normalizeVersion(input)).toBeUndefined();
  });

  it('keeps fields apart', () => {
    expect(parseCalVer('2026.2.22-1')).toEqual({ year: 2026, month: 2, day: 22, hotfix: 1 });
    expect(parseCalVer('2026.5.14-beta.1')).toEqual({ year: 2026, month: 5, day: 14, hotfix: 0, pre: 'beta.1' });
    expect(formatCalVer({ year: 2026, month: 2, day: 22, hotfix: 0 })).toBe('2026.2.22');
  });

  it('does not throw on non-strings', () => {
    expect(parseCalVer(undefined as unknown as string)).toBeUndefined();
  });
});

describe('ordering', () => {
  const ordered = [
    '2026.1.29',
    '2026.2.2',
    '2026.2.19',
    '2026.2.19-2',
    '2026.2.21',
    '2026.2.22-beta.1',
    '2026.2.22',
    '2026.2.22-1',
    '2026.2.22-2',
    '2026.2.23',
    '2026.3.1',
    '2026.3.13',
    '2026.5.14-beta.1',
    '2026.5.14-beta.2',
    '2026.5.14',
    '2026.7.1-2',
    '2026.7.35',
    '2026.8.1',
    '2026.10.1',
    '2027.1.1',
  ];
  it('sorts calendar versions the way OpenClaw releases them', () => {
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(ordered);
  });
  it('hotfix is newer, prerelease older', () => {
    expect(compareVersions('2026.2.22-1', '2026.2.22')).toBe(1);
    expect(compareVersions('2026.5.14-beta.1', '2026.5.14')).toBe(-1);
    expect(compareVersions('v2026.3.2', '2026 03 02')).toBe(0);
    expect(compareVersions('2026.2.22-9', '2026.2.23-beta.1')).toBe(-1);
  });
  it('throws on garbage', () => {
    expect(() => compareVersions('dev', '2026.3.1')).toThrow();
  });
  it('sameRelease ignores hotfix and prerelease', () => {
    expect(sameRelease('2026.2.22-1', '2026.2.22')).toBe(true);
    expect(sameRelease('2026.5.14-beta.1', '2026.5.14')).toBe(true);
    expect(sameRelease('2026.5.14', '2026.5.15')).toBe(false);
    expect(sameRelease('dev', '2026.5.15')).toBe(false);
  });
});

describe('satisfies', () => {
  const cases: Array<[string, string, boolean]> = [
    ['2026.3.12', '>=2026.3.12 <2026.3.22', true],
    ['2026.3.13', '>=2026.3.12 <2026.3.22', true],
    ['2026.3.11', '>=2026.3.12 <2026.3.22', false],
    ['2026.3.22', '>=2026.3.12 <2026.3.22', false],
    ['2026.3.13-1', '>=2026.3.12 <2026.3.22', true],
    ['2026.3.22-beta.1', '>=2026.3.12 <2026.3.22', true],
    ['2026.3.12-beta.1', '>=2026.3.12 <2026.3.22', false],
    // hotfix of the upper bound is above an inclusive bound on the plain release
    ['2026.2.22', '<=2026.2.22', true],
    ['2026.2.22-1', '<=2026.2.22', false],
    ['2026.2.22-1', '>2026.2.22', true],
    ['2026.2.22-1', '>=2026.2.22-1', true],
    ['2026.2.22', '>=2026.2.22-1', false],
    ['2026.5.14-beta.1', '<2026.5.14', true],
    ['2026.5.14-beta.1', '>=2026.5.14', false],
    ['2026.5.14-beta.2', '>2026.5.14-beta.1 <2026.5.14', true],
    // exact and unions
    ['2026.4.24', '2026.4.24', true],
    ['2026.4.24-1', '2026.4.24', false],
    ['2026.4.23', '2026.4.24 || 2026.4.25', false],
    ['2026.4.25', '2026.4.24 || 2026.4.25', true],
    // reporter spellings on the version side
    ['v2026.3.2', '>=2026.3.2', true],
    ['2026 03 01', '<2026.3.2', true],
    // v-prefix and leading zeros on the range side
    ['2026.3.2', '>=v2026.03.02', true],
    // hyphen ranges are inclusive of the plain upper release
    ['2026.3.13', '2026.3.12 - 2026.3.13', true],
    ['2026.3.14', '2026.3.12 - 2026.3.13', false],
    // partial versions fall through to semver semantics
    ['2026.3.30', '>=2026.3 <2026.4', true],
    ['2026.4.1', '>=2026.3 <2026.4', false],
    // the 7.x maintenance line
    ['2026.7.35', '>=2026.7.1 <2026.8.0', true],
    // garbage never matches
    ['dev', '>=2026.1.1', false],
    ['2026.3.2', '>=2026.3.2-foo', false],
  ];
  it.each(cases)('%s in %s -> %s', (v, r, want) => {
    expect(satisfies(v, r)).toBe(want);
  });

  it('maps ranges onto the hotfix-carrying semver line', () => {
    expect(toSemverRange('>=2026.2.22-1 <2026.3.13')).toBe('>=2026.2.22001 <2026.3.13000');
    expect(toSemverRange('<2026.5.14-beta.1')).toBe('<2026.5.14000-beta.1');
    expect(() => toSemverRange('>=2026.3.13-foo')).toThrow();
  });

  it('validates ranges', () => {
    expect(isValidRange('>=2026.2.2 <2026.3.13')).toBe(true);
    expect(isValidRange('2026.4.24 || >=2026.8.1 <2026.8.2')).toBe(true);
    expect(isValidRange('>=banana')).toBe(false);
    expect(isValidRange('>=2026.3.13-foo')).toBe(false);
  });
});

describe('findVersions / parseVersionOutput', () => {
  it('reads every shape of `openclaw --version`', () => {
    expect(parseVersionOutput('2026.3.7\n')).toEqual({ version: '2026.3.7' });
    expect(parseVersionOutput('OpenClaw 2026.3.8 (3caab92)\n')).toEqual({ version: '2026.3.8', commit: '3caab92' });
    expect(parseVersionOutput('🦞 OpenClaw 2026.1.29 (unknown) — tagline')).toEqual({ version: '2026.1.29' });
    expect(parseVersionOutput('2026.2.19-2 build_sha=9325318d0c992f1e5395a7274f98220ca7999336')).toEqual({ version: '2026.2.19-2' });
    expect(parseVersionOutput('openclaw: command not found')).toBeUndefined();
  });

  it('finds versions in free text but not dates or longer dotted numbers', () => {
    const text =
      'After upgrading from 2026.4.23 to v2026.4.24 (cbcfdf6) at 2026-04-26T02:26:33Z, ' +
      'also 2026.5.14-beta.1 and 2026.2.22-1; ip 10.2026.3.1 and 2026.3.135 and 2026.04.24.';
    expect(findVersions(text).map((f) => f.version)).toEqual(['2026.4.23', '2026.4.24', '2026.5.14-beta.1', '2026.2.22-1', '2026.4.24']);
    expect(findVersions(text)[1]).toMatchObject({ raw: 'v2026.4.24', commit: 'cbcfdf6' });
    expect(findVersions('openclaw@2026.3.13(61d171a)')[0]).toMatchObject({ version: '2026.3.13', commit: '61d171a' });
    expect(findVersions('no version here 2026 03 01')).toEqual([]);
  });
});
