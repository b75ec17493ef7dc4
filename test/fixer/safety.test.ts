// `--fix` under concurrency and at any size (issue #9 part 4): OpenClaw's config lock, only regular
// files, one size policy, read-only directories, applicable patches, a failed fix's own exit code,
// and messages without internal jargon. Concurrent `--fix` processes racing on one config (no lost
// updates) are test/fixer/concurrent.test.ts, in the slow project.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { acquireConfigLock, ConfigLockedError } from '../../src/fixer/lock.js';
import { safeWrite, FixWriteError, applyPatch, PatchError } from '../../src/fixer/index.js';
import { MAX_CONFIG_BYTES } from '../../src/collectors/config/index.js';
import { APPLY_YES, DRY_YES, fix, tempDir, writeConfig } from './helpers.js';
import { run, runInProcess } from '../cli/run.js';
import { backups, TWO_FIXES } from './safety-config.js';

/** A live process that is not us, to own a lock. */
function liveOther(): { pid: number; stop: () => void } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => child.kill('SIGKILL') };
}

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('the config lock (OpenClaw’s <config>.lock sidecar)', () => {
  it('a lock held by a live process makes the write fail clearly, changing nothing', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, TWO_FIXES);
    const owner = liveOther();
    try {
      writeFileSync(`${p}.lock`, JSON.stringify({ pid: owner.pid, createdAt: new Date().toISOString() }));
      const err = await safeWrite(p, '{}', { expected: readFileSync(p), lock: { retries: 2 } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FixWriteError);
      expect((err as FixWriteError).code).toBe('locked');
      expect((err as Error).message).toContain(`pid ${owner.pid}`);
      expect(readFileSync(p, 'utf8')).toBe(TWO_FIXES);
      expect(backups(dir)).toEqual([]);
      // The other owner's lock is left alone.
      expect(JSON.parse(readFileSync(`${p}.lock`, 'utf8')).pid).toBe(owner.pid);
    } finally {
      owner.stop();
    }
  });

  it('a lock whose owner is dead is taken over, and ours is removed afterwards', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, TWO_FIXES);
    writeFileSync(`${p}.lock`, JSON.stringify({ pid: deadPid(), createdAt: new Date().toISOString() }));
    await safeWrite(p, '{}\n', { expected: readFileSync(p), lock: { retries: 2 } });
    expect(readFileSync(p, 'utf8')).toBe('{}\n');
    expect(existsSync(`${p}.lock`)).toBe(false);
  });

  it('an old lock with no readable owner is stale; a fresh one is not', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'c.json');
    writeFileSync(`${target}.lock`, '');
    const later = Date.now() + 60_000;
    const release = await acquireConfigLock(target, { retries: 1, now: () => later });
    await release();
    writeFileSync(`${target}.lock`, '');
    await expect(acquireConfigLock(target, { retries: 1 })).rejects.toBeInstanceOf(ConfigLockedError);
  });
});

describe('only regular files, one size policy', () => {
  it('--fix on a named pipe answers at once with a failed fix (exit 3), never opening it', ({ onTestFinished }) => {
    const dir = tempDir();
    const fifo = path.join(dir, 'openclaw.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A writer (blocked in open until the doctor's collector opens the pipe to read it) hands over a
    // config with fixes, as `--config <(cat file)` does; without one the collector waits out its 5 s
    // pipe deadline first (read-pipe.ts; that deadline: test/config/collect.test.ts). The fixer must
    // still refuse the pipe: a fixer that opened it would find no writer left and hang to run()'s limit.
    const src = writeConfig(dir, TWO_FIXES, 0o600, 'source.json');
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', src, fifo], { stdio: 'ignore' });
    onTestFinished(() => void writer.kill());
    const r = run(['--fix', '--no-probe', '--no-env', '--config', fifo]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/fix failed: .*not a regular file \(a named pipe\)/);
  });

  it('a config over the read cap: the dry run and the fix both refuse, nothing written', async () => {
    const dir = tempDir();
    const big = TWO_FIXES.replace('"mode": "local",', `"mode": "local", "pad": "${'x'.repeat(MAX_CONFIG_BYTES)}",`);
    const p = writeConfig(dir, big);
    for (const mode of [DRY_YES, APPLY_YES]) {
      const r = await fix(p, mode);
      expect(r.status).toBe('error');
      expect(r.error).toMatch(/read at most \d+ bytes of it, so --fix will not rewrite it/);
    }
    expect(statSync(p).size).toBe(Buffer.byteLength(big));
    expect(backups(dir)).toEqual([]);
  });

  it('a read-only directory is refused (even for root, who could write into it)', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, TWO_FIXES);
    chmodSync(dir, 0o555);
    try {
      const r = await fix(p, APPLY_YES);
      expect(r.status).toBe('error');
      expect(r.error).toMatch(/read-only \(mode 0555\)|cannot create files in/);
      expect(readFileSync(p, 'utf8')).toBe(TWO_FIXES);
    } finally {
      chmodSync(dir, 0o755);
    }
    expect(readdirSync(dir)).toEqual(['openclaw.json']);
  });
});

describe('a config with other names (audit23 F13)', () => {
  // The fix renames a new file over the config: a hard link's other name (or the other side of a
  // single-file bind mount) kept the old content, and the fix said "applied".
  it('a hard-linked config: --fix refuses with the reason (exit 3), both names unchanged', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, TWO_FIXES);
    const other = path.join(tempDir(), 'other-link.json');
    linkSync(p, other);
    const r = await runInProcess(['--fix', '--yes', '--no-probe', '--no-env', '--config', p]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/fix failed: .*has 2 hard links: .*its other names would keep the old config.*nothing was changed/);
    expect(readFileSync(other, 'utf8')).toBe(TWO_FIXES);
    expect(statSync(p).nlink).toBe(2);
    expect(backups(dir)).toEqual([]);
  });

  it('the dry run says a real run would fail, and why', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, TWO_FIXES);
    linkSync(p, path.join(dir, 'copy.json'));
    const r = await fix(p, DRY_YES);
    expect(r.error).toMatch(/a real run would fail: .*hard links/);
  });
});

describe('applicable patches', () => {
  // What the CLI prints and writes, through its main() in this process (the --fix flows above keep
  // real processes: the lock is between processes, and a FIFO must never hang the suite).
  it('the diff uses a/ b/ paths; masked, it says it cannot be applied as printed; --patch-out writes one that applies (0600)', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, TWO_FIXES);
    const patchFile = path.join(dir, 'fix.patch');
    const r = await runInProcess(['--dry-run', '--no-probe', '--no-env', '--config', p, '--patch-out', patchFile]);
    expect(r.stdout).toMatch(/^--- a\/openclaw\.json\n\+\+\+ b\/openclaw\.json$/m);
    expect(r.stdout).not.toContain('s3cret-token-value');
    expect(r.stdout).toContain(`applicable patch written to ${patchFile} (mode 0600`);
    expect(statSync(patchFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(p, 'utf8')).toBe(TWO_FIXES);
    const applied = spawnSync('patch', ['-p1', '-d', dir, '-i', patchFile], { encoding: 'utf8' });
    expect(applied.status).toBe(0);
    const doc = JSON5.parse(readFileSync(p, 'utf8'));
    expect(doc.gateway).toEqual({ mode: 'local', port: 18789, auth: { mode: 'token', token: 's3cret-token-value-0123456789' } });

    const again = writeConfig(tempDir(), TWO_FIXES);
    const masked = await runInProcess(['--dry-run', '--no-probe', '--no-env', '--config', again]);
    expect(masked.stdout).toContain('secrets are masked in the diff above, so it cannot be applied as printed');
  });

  it('a diff without secrets says how to apply it', async () => {
    const p = writeConfig(tempDir(), '{ "gateway": { "mode": "local", "port": "18789" } }\n');
    const r = await runInProcess(['--dry-run', '--no-probe', '--no-env', '--config', p]);
    expect(r.stdout).toContain(`patch -p1 -d ${path.dirname(p)} < FILE`);
  });
});

describe('messages without internal jargon', () => {
  it('a patch into a list names the config key, not a JSON pointer', () => {
    let err: unknown;
    try {
      applyPatch('{ "gateway": [1, 2] }', [{ op: 'add', path: '/gateway/mode', value: 'local' }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatchError);
    expect((err as Error).message).toBe('gateway is a list in this config, where the fix expects an object with "mode"');
  });
});
