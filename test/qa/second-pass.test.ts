// Second QA pass (2026-12-05): flags that were accepted and then did nothing, or did the wrong thing.
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/run.js';
import { schemaValidator } from '../output/helpers.js';

const quiet = ['--no-probe', '--no-env'];

describe('qa2: --origin is checked like the other URL flags', () => {
  it.each([
    [['--origin', 'notorigin'], /--origin "notorigin": not an origin/],
    [['--origin', 'http://192.168.1.100:18789/chat'], /--origin .*without user, path, query or fragment \(did you mean http:\/\/192\.168\.1\.100:18789\?\)/],
    [['--origin', 'http://192.168.1.100:18789?x=1'], /without user, path, query or fragment/],
  ])('%j → exit 2 with one line', async (args, re) => {
    // Before: sent as the Origin header as typed, so the gateway's origin check refused a typo.
    const r = await runInProcess([...args, ...quiet], '');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([['http://192.168.1.100:18789'], ['https://gw.example.ts.net/'], ['null'], ['tauri://localhost']])('%s is a valid origin', async (origin) => {
    const r = await runInProcess(['--origin', origin, ...quiet], '');
    expect(r.code, r.stderr).not.toBe(2);
  });
});

describe('qa2: --yes and --patch-out without --fix/--dry-run say they did nothing', () => {
  it.each([
    [['--yes'], /--yes only takes effect with --fix or --dry-run/],
    [['--patch-out', '/nonexistent-dir/p.patch'], /--patch-out only takes effect with --fix or --dry-run/],
    [['--yes', '--patch-out', '/nonexistent-dir/p.patch'], /--yes and --patch-out only take effect/],
  ])('%j', async (args, re) => {
    const r = await runInProcess([...args, ...quiet, '--fail-on', 'none'], '');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(re);
  });

  it('with --dry-run there is no such note', async () => {
    const r = await runInProcess(['--yes', '--dry-run', ...quiet], '');
    expect(r.stderr).not.toMatch(/only takes? effect/);
  });
});

describe('qa2: SARIF says why it exits 1 on input it did not fully examine', () => {
  it('a line over 64 KiB is a tool execution notification, not an empty run with exit code 1', async () => {
    // Before: runs[0] had no result and nothing else, only invocations[0].exitCode 1.
    const line = `${'x'.repeat(70_000)} gateway closed (1008): unauthorized: gateway token mismatch\n`;
    const r = await runInProcess(['--format', 'sarif', ...quiet], line);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const validate = schemaValidator('schema/vendor/sarif/sarif-schema-2.1.0.json');
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const inv = log.runs[0].invocations[0];
    expect(inv.exitCode).toBe(1);
    expect(inv.toolExecutionNotifications).toEqual([{ level: 'warning', message: { text: expect.stringMatching(/^Not fully examined \(paste\): 1 line is longer than 64 KiB/) } }]);
  });
});
