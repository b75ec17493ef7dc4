// The story's one "it's fixed" state (Round 29d): paste.derived.story.resolved, read by rules through
// `fixedAfter` (src/engine/conditions.ts) in place of seven rules' own "fixed it" regexes and the lock-only fact.
import { describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { deriveFacts } from '../../src/derive/index.js';
import { deriveStory } from '../../src/derive/story.js';
import { deriveTextKind } from '../../src/derive/text-kind.js';
import { evaluateRule } from '../../src/engine/evaluate.js';
import type { Facts, Rule, StoryResolved } from '../../src/types.js';

const resolvedOf = async (lines: string[]): Promise<StoryResolved | undefined> => {
  const kept = (await pasteFromString(lines.join('\n'))).kept;
  return deriveStory(kept, deriveTextKind(kept)).story?.resolved;
};
const LOCK = 'Gateway failed to start: failed to acquire gateway lock at /tmp/openclaw-1000/gateway.lock | EACCES: permission denied';

describe('the story\'s resolved state (paste.derived.story.resolved)', () => {
  it('the reporter says it is fixed: the line and the statement\'s span, and what it names when it names something', async () => {
    expect(await resolvedOf([LOCK, 'I chowned /tmp/openclaw-1000 and it\'s fixed, gateway is up.'])).toMatchObject({ line: 2, at: 33 });
    expect(await resolvedOf(['Earlier: ' + LOCK, 'after I deleted the stale lock file the gateway started fine'])).toMatchObject({ line: 2, at: 0 });
    expect(await resolvedOf([LOCK, 'Fixed it!'])).toMatchObject({ line: 2 });
    expect((await resolvedOf([LOCK, 'I fixed the port; now the token is rejected.']))?.what).toBe('port');
    expect((await resolvedOf([LOCK, 'Fixed it!']))?.what).toBeUndefined();
    expect(await resolvedOf([LOCK, '把权限改回来，已经解决了。'])).toMatchObject({ line: 2 });
  });

  it('a question, someone else\'s word, a hope, a release\'s claim, a negation or a workaround is no outcome', async () => {
    for (const said of [
      'is it fixed in 2026.9?',
      'it\'s fixed now? no idea',
      'the docs say it was fixed',
      'Issue #5123 says it is fixed now, I am on 2026.9.6.',
      'The maintainer said it\'s fixed in the next release.',
      'I hope it\'s fixed soon',
      'the bug is fixed in 2026.9.7',
      'nothing fixed it',
      'I thought it was fixed',
      'I have to start it by hand, then it\'s running again',
      '解决了吗？',
      '还没有解决',
    ]) expect(await resolvedOf([LOCK, said]), said).toBeUndefined();
  });

  it('review29c item 1: everything works / Working now. / Solved. / EDIT: solved, / that part is solved / reachable now / all set', async () => {
    const RELAY = 'The OpenClaw extension said relay not running.';
    for (const [said, at] of [
      [RELAY + ' Everything works now.', 47],
      [RELAY + ' Working now.', 47],
      [RELAY + ' Solved.', 47],
      [RELAY + ' That part is solved.', 47],
      ['Turned out the gateway was stopped; started it and everything works.', 51],
      ['EDIT: solved, the gateway was not started.', 0],
      ['Recreated it on 0.0.0.0:18789 and it\'s reachable now.', 34],
      ['Pasted the token and it connected. Thanks, all set.', 43],
    ] as const) expect(await resolvedOf([LOCK, said]), said).toMatchObject({ line: 2, at });
    // Not a fix statement: the rest works, a place it works, a problem solved but another left, a working setup's words mid-clause.
    for (const said of [
      RELAY + ' Everything else works.',
      RELAY + ' Everything works on my laptop, not on the desktop.',
      'Solved one problem but the extension still says relay not running.',
      'It was working now it isn\'t.',
      'all set up with the gateway but the badge is still red',
    ]) expect(await resolvedOf([LOCK, said]), said).toBeUndefined();
  });

  it('undone by what follows: again / back / still / until / for a day / 又出现了, on its line or a later one', async () => {
    for (const lines of [
      [LOCK, 'fixed it, then it broke again'],
      [LOCK, 'I rebooted, which fixed it for a day', 'now the same error is back'],
      [LOCK, 'after I deleted the lock the gateway started, but it still fails after a reboot'],
      [LOCK, 'it works now until the next reboot'],
      [LOCK, '已经解决了', '但是第二天又出现了'],
    ]) expect(await resolvedOf(lines), lines.join(' / ')).toBeUndefined();
  });

  it('review26c: undo words (still there, didn\'t help, a bare came back), a lookup\'s "resolved", someone else\'s outcome or a workaround after it', async () => {
    for (const lines of [
      [LOCK, 'I fixed it but the lock error is still there after a reboot.'],
      [LOCK, '"Just delete the lock and it works again", a Discord user told me. Didn\'t help.'],
      [LOCK, 'The issue was gone after a reinstall but came back the next morning.'],
      [LOCK, 'I checked localhost: it is resolved via /etc/hosts to 127.0.0.1.'],
      [LOCK, 'The lock was resolved to /tmp/openclaw-1000/gateway.lock by the CLI.'],
      [LOCK, 'My colleague fixed it on his laptop and it works now for him, not for me.'],
      [LOCK, 'Now it works when I start it by hand each morning.'],
    ]) expect(await resolvedOf(lines), lines.join(' / ')).toBeUndefined();
    // Not every "back" or "resolved" undoes or refuses: it came back up, the lock is resolved.
    expect(await resolvedOf([LOCK, 'I chowned the dir and fixed it; the gateway came back up.'])).toMatchObject({ line: 2 });
    expect(await resolvedOf([LOCK, 'After the chown the lock issue is resolved.'])).toMatchObject({ line: 2 });
  });

  it('review26c: a bare "works now" names the subject before it', async () => {
    expect((await resolvedOf([LOCK, 'The telegram bot works now after re-pairing.']))?.what).toBe('telegram bot');
    // After a clause stop it names nothing (a statement about the report's own failure).
    expect(await resolvedOf([LOCK, 'I chowned the dir, works now.'])).toMatchObject({ line: 2 });
    expect((await resolvedOf([LOCK, 'I chowned the dir, works now.']))?.what).toBeUndefined();
  });

  it('the last word decides: broken again, then fixed for good', async () => {
    expect(await resolvedOf([LOCK, 'I fixed it, then it broke again.', 'Chowned the state dir too and now it works.'])).toMatchObject({ line: 3 });
  });

  it('a machine log line or a changelog entry is no one\'s outcome; no statement, no state', async () => {
    expect(await resolvedOf([LOCK, '2026-11-03T08:00:03.114Z [gateway] issue resolved, it works now'])).toBeUndefined();
    expect(await resolvedOf([LOCK, '- Fixed the gateway lock on NAS kernels without openat2'])).toBeUndefined();
    expect(await resolvedOf([LOCK, 'fix(gateway): the lock is fixed'])).toBeUndefined();
    expect(await resolvedOf([LOCK, 'I think this was fixed in #81234'])).toBeUndefined();
    expect(await resolvedOf([LOCK, 'someone fixed it in https://github.com/openclaw/openclaw/pull/1'])).toBeUndefined();
    expect(await resolvedOf([LOCK, 'it\'s fixed in #81234'])).toBeUndefined();
    expect(await resolvedOf([LOCK])).toBeUndefined();
  });
});

function rule(when: Rule['when']): Rule {
  return { id: 'x/lock', title: 'lock', category: 'gateway-down', severity: 'error', specificity: 10, message: 'm', fix: { tier: 'manual', steps: ['s'] }, when };
}
const LOCK_RULE = rule({ all: [{ paste: { regex: 'failed to acquire gateway lock at (?<p>\\S+)' } }, { not: { fixedAfter: {} } }] });
const statusOf = async (r: Rule, lines: string[]): Promise<string> => evaluateRule(r, deriveFacts({ paste: await pasteFromString(lines.join('\n')) } as Facts)).status;

describe('fixedAfter: a rule stands down when the report says its failure was fixed after it', () => {
  it('stands down on a fix after its failure line; not on a fix before it', async () => {
    expect(await statusOf(LOCK_RULE, [LOCK, 'I chowned it and fixed it.'])).toBe('pass');
    expect(await statusOf(LOCK_RULE, ['I fixed it last week.', LOCK])).toBe('fail');
  });

  it('reads the order on one line: the failure before the statement stands it down, after it does not', async () => {
    expect(await statusOf(LOCK_RULE, [`${LOCK}; I chowned the dir and fixed it.`])).toBe('pass');
    expect(await statusOf(LOCK_RULE, [`Fixed it, but then: ${LOCK}`])).toBe('fail');
  });

  it('the failure again after the statement, past the evidence kept (3 lines), does not stand down', async () => {
    const lines = [LOCK, LOCK, LOCK, 'I chowned the dir and fixed it.', 'later that day:', LOCK];
    expect(await statusOf(LOCK_RULE, lines)).toBe('fail');
    expect(await statusOf(LOCK_RULE, lines.slice(0, 4))).toBe('pass');
  });

  it('a fix naming a subject stands the rule down only when its failure lines name it', async () => {
    expect(await statusOf(LOCK_RULE, [LOCK, 'I fixed the port; now the token is rejected.'])).toBe('fail');
    expect(await statusOf(LOCK_RULE, [LOCK, 'I fixed the lock permissions.'])).toBe('pass');
    expect(await statusOf(LOCK_RULE, [LOCK, 'I fixed the permissions.'])).toBe('pass');
  });

  it('review26c: the named subject\'s head noun must name the failure; a common head (gateway, config, it) names nothing', async () => {
    expect(await statusOf(LOCK_RULE, [LOCK, 'I fixed the gateway port; now the token is rejected.'])).toBe('fail');
    expect(await statusOf(LOCK_RULE, [LOCK, 'I fixed the gateway lock now.'])).toBe('pass');
    expect(await statusOf(LOCK_RULE, [LOCK, 'I fixed the openclaw gateway.'])).toBe('pass');
  });

  it('review26c: a story fact\'s failure told again after the fix keeps the rule firing (its last mention)', async () => {
    const refused = rule({ all: [{ fact: { path: 'paste.derived.story.gatewayState.*.is', op: 'in', value: ['config-refused'] } }, { not: { fixedAfter: {} } }] });
    const told = 'my OpenClaw gateway won\'t start because of unknown keys in the config.';
    expect(await statusOf(refused, [`Since the update ${told}`, 'I removed the block and fixed it.'])).toBe('pass');
    expect(await statusOf(refused, [`Since the update ${told}`, 'I removed the block and fixed it.', `Next day ${told}`])).toBe('fail');
  });

  it('review26c: a pull request\'s "it starts now" is no outcome even when its quoted log keeps the speaker reporting', async () => {
    const pr = ['## Summary', 'This PR makes the lock dir writable.', 'Repro before:', LOCK, 'With this change it starts now.', '## Test plan', '- [x] pnpm test'];
    expect(await statusOf(LOCK_RULE, pr)).toBe('fail');
    expect(await statusOf(LOCK_RULE, [LOCK, 'I made the lock dir writable and it starts now.'])).toBe('pass');
  });

  it('Round 31h: a later failure line its notOnLine rules out does not keep the rule firing (the exclusion tests the whole source line)', async () => {
    const channel = rule({ all: [{ paste: { regex: 'failed to acquire gateway lock at (?<p>\\S+)', notOnLine: '^\\[discord\\]' } }, { not: { fixedAfter: {} } }] });
    // The excluded words sit at the line's start, away from the regex's match: the whole line is what notOnLine reads.
    const lines = [LOCK, 'I chowned the dir and fixed it.', 'later that day:', `[discord] relay: ${LOCK}`];
    expect(await statusOf(channel, lines)).toBe('pass');
    // Without the exclusion the later line is the failure told again.
    expect(await statusOf(LOCK_RULE, lines)).toBe('fail');
    // A later line the exclusion does not rule out still counts.
    expect(await statusOf(channel, [...lines.slice(0, 3), `[gateway] ${LOCK}`])).toBe('fail');
  });

  it('only the conditions before it count as the failure (a marker after it is not a failure line)', async () => {
    const marker = rule({ all: [{ paste: { regex: 'failed to acquire gateway lock' } }, { not: { fixedAfter: {} } }, { paste: { regex: 'openclaw' } }] });
    expect(await statusOf(marker, [LOCK, 'I fixed it; running openclaw 2026.9.6 here.'])).toBe('pass');
    const after = rule({ all: [{ paste: { regex: 'failed to acquire gateway lock' } }, { paste: { regex: 'openclaw' } }, { not: { fixedAfter: {} } }] });
    expect(await statusOf(after, [LOCK, 'I fixed it; running openclaw 2026.9.6 here.'])).toBe('fail');
  });

  it('review29c r_n5: a marker in the statement\'s own means clause ("by running …") is the fix, not the failure told again', async () => {
    const relay = rule({ all: [{ paste: { regex: 'relay not running' } }, { paste: { regex: 'openclaw browser extension|OpenClaw extension' } }, { not: { fixedAfter: {} } }] });
    const said = 'The OpenClaw extension said relay not running this morning.';
    expect(await statusOf(relay, [`${said} Fixed it by running openclaw browser extension install and reloading it, the badge is gone.`])).toBe('pass');
    expect(await statusOf(relay, [`${said} Lo arreglé ejecutando openclaw browser extension install.`])).toBe('pass');
    // The failure after the means clause, or the marker in a clause of its own, is still told again.
    expect(await statusOf(relay, [`${said} Fixed it by reinstalling, but relay not running again.`])).toBe('fail');
    expect(await statusOf(relay, [`${said} Fixed it by reinstalling but relay not running again`])).toBe('fail');
    expect(await statusOf(relay, [`${said} Fixed it; then the openclaw browser extension broke again.`])).toBe('fail');
  });

  it('review30b item 1: a means clause telling the failure came back (again, still, yet, though, mas, de novo) is not cut', async () => {
    const relay = rule({ all: [{ paste: { regex: 'relay not running' } }, { paste: { regex: 'OpenClaw Browser Relay' } }, { not: { fixedAfter: {} } }] });
    const said = 'OpenClaw Browser Relay: relay not running (open options for setup)';
    for (const again of [
      'Fixed it by reinstalling the extension — relay not running again after reboot',
      'fixed it via the options page — the badge says relay not running again',
      'fixed it by reinstalling (relay not running again)',
      'fixed it by reinstalling -> relay not running again',
      'fixed it by reinstalling: relay not running again',
      'fixed it by reinstalling and then relay not running again',
      'Resolvi com uma reinstalação mas relay not running de novo',
      'fixed it by reinstalling though relay not running still shows',
      'fixed it by reinstalling yet the badge says relay not running',
    ]) expect(await statusOf(relay, [said, again]), again).toBe('fail');
    // The means alone stays the fix (review30b f10).
    const marker = rule({ all: [{ paste: { regex: 'relay not running' } }, { paste: { regex: 'OpenClaw Browser Relay|openclaw browser extension' } }, { not: { fixedAfter: {} } }] });
    expect(await statusOf(marker, [said, 'Fixed it by running openclaw browser extension install'])).toBe('pass');
    // "works again" is the fix holding, not an undo word; "not working again" is.
    expect(await statusOf(marker, [said, 'Fixed it by reinstalling the openclaw browser extension and it works again'])).toBe('pass');
    expect(await statusOf(marker, [said, 'Resolvi com openclaw browser extension install e funciona de novo'])).toBe('pass');
    expect(await statusOf(marker, [said, "Fixed it by reinstalling the openclaw browser extension and it's not working again"])).toBe('fail');
  });

  it('outside an `all` it has no failure line (false); without a paste it is unknown', async () => {
    expect(await statusOf(rule({ not: { fixedAfter: {} } }), ['fixed it'])).toBe('fail');
    expect(evaluateRule(LOCK_RULE, {}).status).toBe('skip');
  });
});
