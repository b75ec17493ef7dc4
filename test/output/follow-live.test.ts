// --follow and an open stdin, as a user's shell runs them: a live CLI process whose stdin stays open,
// findings printed as their lines arrive, SIGINT and end of input printing the summary, --max-wait's
// 4 s real timer. In the slow project (vitest.config.ts): processes that wait on real timers and
// signals are integration, not the fast job's unit tests (notes/hostile-input.md, "The fast job,
// sixth pass"). The in-process parts (followStream, the end event) are test/output/follow.test.ts.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { BIN } from '../cli/run.js';
import { schemaValidator } from './helpers.js';

const validateEvent = schemaValidator('schema/events.schema.json', ['schema/report.schema.json']);

interface Live {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
  /** Waits for `test` to hold while the process runs (fails at once if it ended first). */
  until: (test: () => boolean) => Promise<void>;
}

/** The CLI with stdin left open; HOME has no OpenClaw config (a config-parse/missing finding). */
function start(args: string[]): Live {
  const home = mkdtempSync(join(tmpdir(), 'ckd-follow-home-'));
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, HOME: home, NO_COLOR: '1', CI: '1' } });
  let out = '';
  let err = '';
  let ended = false;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => ((ended = true), resolve(code))));
  const until = async (test: () => boolean) => {
    while (!test()) {
      if (ended) throw new Error(`the CLI exited first; stdout: ${out.slice(-500)} stderr: ${err.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, stdout: () => out, stderr: () => err, exit, until };
}

// CLI processes that mostly wait (on their stdin, a signal, --max-wait's 4 s): they run at once,
// each with its own HOME, the longest first.
describe.concurrent('--follow, and an open stdin without it', () => {
  it('gets a hint on stderr; --max-wait diagnoses what was read by then', async ({ expect }) => {
    const live = start(['--no-probe', '--no-env', '--max-wait', '4', '--json']);
    live.child.stdin.write('disconnected (1008): pairing required\n');
    await live.until(() => live.stderr().includes('reading stdin until it ends; use --follow for a live log'));
    expect(live.stdout()).toBe('');
    const code = await live.exit; // stdin is still open: --max-wait ended the read
    const report = JSON.parse(live.stdout()) as { findings: Array<{ ruleId: string }>; inputs: { unexamined: Array<{ source: string; what: string }> } };
    expect(report.findings.map((f) => f.ruleId)).toContain('pairing/control-ui-new-browser');
    expect(report.inputs.unexamined).toEqual([
      { source: 'paste', what: expect.stringMatching(/^stdin was still open after --max-wait 4 s: the 1 line read by then was checked, anything after it was not read\./) },
    ]);
    expect(code).toBe(1);
  });

  // The rest of a stream cut by --max-wait was not read: never "✔ no problem", not exit 0 (unless
  // --fail-on none), in every output, even when what was read holds nothing.
  it('a stdin cut by --max-wait is input not examined: no ✔, exit 1, in human, JSON and SARIF output', async ({ expect }) => {
    const runs = [[], ['--json'], ['--format', 'sarif'], ['--fail-on', 'none']].map((extra) => {
      const live = start(['--no-probe', '--no-env', '--max-wait', '4', ...extra]);
      live.child.stdin.write('gateway heartbeat ok\n');
      return live;
    });
    const [human, json, sarif, none] = runs as [Live, Live, Live, Live];
    expect(await human.exit).toBe(1);
    expect(human.stdout()).toMatch(/^⚠ Not fully examined \(paste\): stdin was still open after --max-wait 4 s: the \d+ lines? read by then/m);
    expect(human.stdout()).not.toContain('✔');
    expect(await json.exit).toBe(1);
    const report = JSON.parse(json.stdout()) as { findings: Array<{ severity: string }>; inputs: { unexamined: Array<{ source: string; what: string }> }; summary: { exitCode: number } };
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.inputs.unexamined.map((u) => u.what)).toEqual([expect.stringMatching(/^stdin was still open after --max-wait 4 s/)]);
    expect(report.summary.exitCode).toBe(1);
    expect(await sarif.exit).toBe(1);
    const inv = (JSON.parse(sarif.stdout()) as { runs: Array<{ invocations: Array<{ exitCode: number; toolExecutionNotifications?: Array<{ message: { text: string } }> }> }> }).runs[0]!.invocations[0]!;
    expect(inv.exitCode).toBe(1);
    expect(inv.toolExecutionNotifications!.map((n) => n.message.text)).toEqual([expect.stringMatching(/^Not fully examined \(paste\): stdin was still open after --max-wait 4 s/)]);
    expect(await none.exit).toBe(0);
    expect(none.stdout()).toMatch(/Not fully examined \(paste\): stdin was still open/);
  });

  it('prints each finding as its line arrives (NDJSON), and the summary on SIGINT', async ({ expect }) => {
    const live = start(['--follow', '--json', '--no-probe', '--no-env']);
    live.child.stdin.write('OpenClaw 2026.3.13 (61d171a)\ngateway ready on 127.0.0.1:18789\n');
    // The config finding needs no log line: it comes first.
    await live.until(() => live.stdout().includes('"ruleId":"config-parse/missing"'));
    expect(live.stdout()).not.toContain('pairing');
    // One write: once the pairing finding is out, both lines were read. stdin stays open.
    live.child.stdin.write('disconnected (1008): pairing required\nstill running\n');
    await live.until(() => live.stdout().includes('"ruleId":"pairing/'));
    live.child.kill('SIGINT');
    const code = await live.exit;
    const events = live.stdout().trim().split('\n').map((l) => JSON.parse(l) as { type: string; finding?: { ruleId: string; evidence: Array<{ line?: number }> }; interrupted?: string; read?: { lines: number } });
    for (const e of events) expect(validateEvent(e), JSON.stringify(validateEvent.errors)).toBe(true);
    const pairing = events.find((e) => e.finding?.ruleId.startsWith('pairing/'))!;
    expect(pairing.finding!.evidence.find((e) => e.line)!.line).toBe(3);
    // Each finding once.
    const ids = events.filter((e) => e.type === 'finding').map((e) => e.finding!.ruleId);
    expect(new Set(ids).size).toBe(ids.length);
    const end = events.at(-1)!;
    expect(end).toMatchObject({ type: 'summary', interrupted: 'SIGINT', read: { lines: 4 }, summary: { exitCode: 1 } });
    expect(code).toBe(1);
  });

  it('human lines, and at end of input the summary says so; the exit code follows --fail-on', async ({ expect }) => {
    const live = start(['--follow', '--no-probe', '--no-env', '--fail-on', 'none']);
    live.child.stdin.write('disconnected (1008): unauthorized: gateway token mismatch\n');
    await live.until(() => live.stdout().includes('Gateway token mismatch'));
    live.child.stdin.end('bye\n');
    expect(await live.exit).toBe(0);
    expect(live.stdout()).toMatch(/^✖ error +Gateway token mismatch \[token-auth\/gateway-token-mismatch\] — line 1: /m);
    expect(live.stdout()).toMatch(/End of input after 2 lines \(\d+ bytes\) read: 1 error\(s\)/);
  });

  it('says what it did not fully examine, in human and NDJSON output, and that is not exit 0', async ({ expect }) => {
    // A line over 64 KiB: only its start is matched, so the error at its end is not seen.
    const long = `${'x'.repeat(70_000)} gateway closed (1008): unauthorized: gateway token mismatch\n`;
    const human = start(['--follow', '--no-probe', '--no-env']);
    human.child.stdin.end(`hello\n${long}`);
    expect(await human.exit).toBe(1);
    expect(human.stdout()).toMatch(/⚠ Not fully examined \(paste\): 1 line is longer than 64 KiB \(line 2\)/);
    expect(human.stdout()).toMatch(/Part of the input was not fully examined/);
    const json = start(['--follow', '--json', '--no-probe', '--no-env']);
    json.child.stdin.end(long);
    expect(await json.exit).toBe(1);
    const end = JSON.parse(json.stdout().trim().split('\n').at(-1)!) as { type: string; unexamined: Array<{ source: string; what: string }>; summary: { exitCode: number } };
    expect(validateEvent(end), JSON.stringify(validateEvent.errors)).toBe(true);
    expect(end.unexamined.map((u) => u.source)).toEqual(['paste']);
    expect(end.unexamined[0]!.what).toMatch(/longer than 64 KiB \(line 1\)/);
    expect(end.summary.exitCode).toBe(1);
    const none = start(['--follow', '--no-probe', '--no-env', '--fail-on', 'none']);
    none.child.stdin.end(long);
    expect(await none.exit).toBe(0);
    expect(none.stdout()).toMatch(/Not fully examined/);
  });

  it('rejects formats that need the whole report', async ({ expect }) => {
    const live = start(['--follow', '--format', 'sarif', '--no-probe', '--no-env']);
    live.child.stdin.end();
    expect(await live.exit).toBe(2);
    expect(live.stderr()).toMatch(/--follow prints findings as they appear/);
  });
});
