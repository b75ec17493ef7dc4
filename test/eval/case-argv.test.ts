import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script module without types
import { caseArgv } from '../../scripts/lib/eval-args.mjs';

const versionOf = (version: unknown): string | undefined => {
  const argv: string[] = caseArgv({ version });
  const i = argv.indexOf('--openclaw-version');
  return i < 0 ? undefined : argv[i + 1];
};

describe('eval: the release a case is run with', () => {
  it('is the one an upgrade arrow points to: the user runs it now', () => {
    expect(versionOf('2026.3.2 -> 2026.3.8')).toBe('2026.3.8');
    expect(versionOf('2026.7.1 \u2192 2026.8.1')).toBe('2026.8.1');
  });
  it('is the first release named otherwise (a last-good release in brackets is not the one run)', () => {
    expect(versionOf('2026.4.24 (2026.4.23 works)')).toBe('2026.4.24');
    expect(versionOf('2026.3.24 / 2026.3.28')).toBe('2026.3.24');
    expect(versionOf('2026.7.1-2 (also 2026.7.2-beta.3)')).toBe('2026.7.1-2');
  });
  it('is the first release when nothing follows the arrow', () => {
    expect(versionOf('2026.3.2 -> latest')).toBe('2026.3.2');
  });
  it('is none when the case states no release', () => {
    expect(versionOf(undefined)).toBeUndefined();
    expect(versionOf('latest')).toBeUndefined();
    expect(caseArgv({})).toEqual(['--json', '--no-probe', '--no-env', '--log', '-']);
  });
});
