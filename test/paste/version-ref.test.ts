// A release a report names as where a fix landed ("fixed in 2026.4.20") is not the release that
// printed the paste: the stated version comes from the others, and from none when it is the only one.
import { describe, expect, it } from 'vitest';
import { emptyExtracted, extractLine } from '../../src/collectors/paste/extract.js';
import { versionFromPaste } from '../../src/facts.js';
import type { Facts } from '../../src/types.js';

const versionOf = (lines: string[]) => {
  const into = emptyExtracted();
  lines.forEach((text, i) => extractLine(text, i + 1, into));
  return { versions: into.versions, stated: versionFromPaste({ paste: { versions: into.versions, kept: lines.map((text, i) => ({ line: i + 1, text })) } } as unknown as Facts)?.value };
};

describe('paste reader: a release named as where a fix landed', () => {
  it('is marked and not taken for the running release', () => {
    const r = versionOf(['gateway closed (1000) when the browser attaches, on openclaw 2026.4.2', 'the fix shipped in v2026.4.20 per the changelog']);
    expect(r.versions.map((v) => [v.version, v.ref ?? false])).toEqual([['2026.4.2', false], ['2026.4.20', true]]);
    expect(r.stated).toBe('2026.4.2');
  });

  it('alone, it states no version (the running one is unknown)', () => {
    for (const line of ['This was fixed in 2026.4.20.', 'resolved in version 2026.9.1', 'The fix has been merged into 2026.8.2', 'patched in the 2026.3.13 release']) {
      expect(versionOf([line]).stated, line).toBeUndefined();
    }
  });

  it('other mentions stay the running release (the newest, or the banner)', () => {
    expect(versionOf(['upgraded from 2026.3.13 to 2026.4.22, now the gateway exits']).stated).toBe('2026.4.22');
    expect(versionOf(['OpenClaw 2026.3.13 (61d171a)', 'docs say 2026.4.22']).stated).toBe('2026.3.13');
    expect(versionOf(['since 2026.9.1 the gateway will not start']).stated).toBe('2026.9.1');
    expect(versionOf(['broken on 2026.9.6; a fix went out in 2026.9.4 but not this one']).stated).toBe('2026.9.6');
  });
});

describe('paste reader: the left side of an upgrade arrow (review28e v_p4)', () => {
  it('is marked and not taken for the running release, banner or not', () => {
    const r = versionOf(['$ openclaw update', 'Updating OpenClaw 2026.4.19 -> 2026.4.22']);
    expect(r.versions.map((v) => [v.version, v.from ?? false])).toEqual([['2026.4.19', true], ['2026.4.22', false]]);
    expect(r.stated).toBe('2026.4.22');
    for (const line of ['OpenClaw 2026.4.19 → 2026.4.22', 'openclaw 2026.4.19 => openclaw 2026.4.22', 'OpenClaw 2026.4.19 to 2026.4.22 failed'])
      expect(versionOf([line]).stated, line).toBe('2026.4.22');
  });

  it('a downgrade runs the right side too, not the newest (review29c item 3)', () => {
    for (const line of ['Updating OpenClaw 2026.4.25 -> 2026.4.19', 'went from 2026.4.25 to 2026.4.19 (rollback)', 'rolled back 2026.5.2 → 2026.4.24'])
      expect(versionOf([line, 'Completion cache update failed: Error: Command failed.']).stated, line).toBe(line.includes('4.24') ? '2026.4.24' : '2026.4.19');
    // Every version a `from` one (the arrow's right side cut off): the newest of them still stands.
    expect(versionOf(['Updating OpenClaw 2026.4.25 -> 2026.']).stated).toBe('2026.4.25');
  });

  it('a banner with no arrow after it stays the running release', () => {
    expect(versionOf(['OpenClaw 2026.9.6 (upgraded from 2026.4.22)']).stated).toBe('2026.9.6');
    expect(versionOf(['OpenClaw 2026.4.19 -> gateway closed (1006)', 'docs say 2026.4.22']).stated).toBe('2026.4.19');
  });

  it('a global install after the banner is the running release (review29c a3/v_p3); a mention or a local install is not', () => {
    expect(versionOf(['openclaw 2026.4.19', 'npm i -g openclaw@2026.4.22', 'gateway hangs at start']).stated).toBe('2026.4.22');
    expect(versionOf(['OpenClaw 2026.4.19 (a1b2c3d)', '$ pnpm add -g openclaw@2026.4.22', '$ openclaw gateway restart']).stated).toBe('2026.4.22');
    expect(versionOf(['npm i -g openclaw@2026.4.22', 'OpenClaw 2026.4.19 (a1b2c3d)']).stated).toBe('2026.4.19');
    expect(versionOf(['OpenClaw 2026.4.19 (a1b2c3d)', 'should I run npm i openclaw@2026.4.22 in the project?']).stated).toBe('2026.4.19');
    expect(versionOf(['OpenClaw 2026.4.19 (a1b2c3d)', 'the fix is in openclaw@2026.4.22']).stated).toBe('2026.4.19');
    expect(versionOf(['openclaw 2026.4.19', 'Should I run npm i -g openclaw@2026.4.22? the gateway hangs']).stated).toBe('2026.4.19');
  });

  it('an install that failed, a dry run, a guide\'s fenced or indented command, or a blockquote keeps the banner (review30b item 2)', () => {
    const B = 'OpenClaw 2026.4.19 (abc1234)';
    const I = '$ npm i -g openclaw@2026.4.22';
    const T = 'disconnected (1008): unauthorized: gateway token mismatch';
    const kept: Array<[string, string[]]> = [
      ['npm ERR! EACCES', [B, I, 'npm ERR! code EACCES', 'npm ERR! syscall mkdir', T]],
      ['npm error EACCES', [B, '$ sudo npm install -g openclaw@2026.4.22', 'npm error code EACCES', 'Error: EACCES: permission denied', T]],
      ['npm ERR! 404', [B, I, 'npm ERR! 404 Not Found - GET https://registry.npmjs.org/openclaw/-/openclaw-2026.4.22.tgz', T]],
      ['pnpm ERR_PNPM', [B, '$ pnpm add -g openclaw@2026.4.22', ' ERR_PNPM_FETCH_404  GET https://registry.npmjs.org/openclaw: Not Found - 404', T]],
      ['--dry-run', [B, '$ npm i -g openclaw@2026.4.22 --dry-run', T]],
      ['code fence', [B, 'The guide says:', '```', I, '```', T]],
      ['blockquote', [B, '> npm i -g openclaw@2026.4.22', '> someone suggested this', T]],
      ['indented block', [B, 'The docs told me to run:', '    npm i -g openclaw@2026.4.22', "haven't done it yet", T]],
    ];
    for (const [why, lines] of kept) expect(versionOf(lines).stated, why).toBe('2026.4.19');
    // An install that ran (its output, then the next command) still counts; a failure after the next prompt is not its own.
    expect(versionOf([B, I, 'added 312 packages in 14s', '$ openclaw gateway restart', T]).stated).toBe('2026.4.22');
    expect(versionOf([B, I, 'added 312 packages in 14s', '$ npm i -g clawhub', 'npm ERR! code EACCES']).stated).toBe('2026.4.22');
    expect(versionOf([B, 'The guide says:', '```', 'npm i -g openclaw@2026.3.13', '```', I, T]).stated).toBe('2026.4.22');
  });
});

// extractLine runs VERSION_RE only on lines holding `20\d\d.\d` (every match holds it): the
// guard must let each version form through and keeps timestamps (`2026-03-04T…`) out.
describe('paste reader: the version guard', () => {
  it('finds every version form, and none on a timestamped line without one', () => {
    const forms: Array<[string, string]> = [
      ['openclaw@2026.1.30', '2026.1.30'],
      ['2026-03-04T08:00:00.133Z [gateway] OpenClaw v2026.10.1-beta.2 starting', '2026.10.1-beta.2'],
      ['version: 2026.3.4', '2026.3.4'],
      ['openclaw/2026.12.6 node/22', '2026.12.6'],
      ['{"time":"2026-03-04T08:00:00Z","msg":"running 2099.1.1-3"}', '2099.1.1-3'],
    ];
    for (const [line, version] of forms) expect(versionOf([line]).versions.map((v) => v.version), line).toEqual([version]);
    for (const line of ['2026-03-04T08:00:00.133Z [gateway] heartbeat ok agents=1', 'build 2026 .3.4', 'node 20.11.1'])
      expect(versionOf([line]).versions, line).toEqual([]);
  });
});
