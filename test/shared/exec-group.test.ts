// audit23 F9: a timed-out `openclaw` was killed but the children it had started were left running.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFileGroup } from '../../src/shared/exec-group.js';
import { defaultExec } from '../../src/collectors/env/index.js';

const dir = mkdtempSync(join(tmpdir(), 'clawkit-group-'));
const pidFile = join(dir, 'grandchild.pid');
// The audit's shape: a background helper, then a hang.
const hang = join(dir, 'openclaw');
writeFileSync(hang, `#!/bin/sh\n(sleep 301) &\necho $! > '${pidFile}'\nsleep 301\n`, { mode: 0o755 });

/** Gone, or a zombie waiting for its reaper (it runs no more). */
function gone(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function grandchildGone(): Promise<boolean> {
  const pid = Number(readFileSync(pidFile, 'utf8'));
  // Polls until the kill has landed; the bound is only a safety net that fails loudly.
  for (let i = 0; i < 600 && !gone(pid); i++) await new Promise((r) => setTimeout(r, 100));
  const dead = gone(pid);
  if (!dead) process.kill(pid, 'SIGKILL'); // never leave it behind, even when the test fails
  return dead;
}

describe.skipIf(process.platform === 'win32')('a child run with a deadline takes its own children with it (audit23 F9)', () => {
  it('execFileGroup: the deadline kills the whole process group', async () => {
    const r = await new Promise<{ timedOut: boolean }>((resolve) => execFileGroup(hang, [], { timeoutMs: 300, maxBuffer: 1024 }, (_e, _o, _s, timedOut) => resolve({ timedOut })));
    expect(r.timedOut).toBe(true);
    expect(await grandchildGone()).toBe(true);
  }, 120_000);

  it("the env collector's exec (openclaw --version) too", async () => {
    const r = await defaultExec(hang, ['--version'], { timeoutMs: 300, env: process.env });
    expect(r.timedOut).toBe(true);
    expect(await grandchildGone()).toBe(true);
  }, 120_000);

  it('a child that finishes: its output and exit code, as execFile gives them', async () => {
    const r = await new Promise<[number | string | undefined, string, boolean]>((resolve) => execFileGroup('sh', ['-c', 'echo hi; exit 3'], { timeoutMs: 60_000, maxBuffer: 1024 }, (e, out, _s, t) => resolve([e?.code, out, t])));
    expect(r).toEqual([3, 'hi\n', false]);
    const missing = await new Promise<number | string | undefined>((resolve) => execFileGroup(join(dir, 'nope'), [], { timeoutMs: 60_000, maxBuffer: 1024 }, (e) => resolve(e?.code)));
    expect(missing).toBe('ENOENT');
  });
});
