// Writing never loses the user's config: backup first, atomic replace, mode/owner kept, symlinks
// written through, read-only files refused with nothing changed.
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cleanStaleTemps, safeWrite, FixWriteError } from '../../src/fixer/write.js';
import { APPLY, APPLY_YES, fix, tempDir, writeConfig } from './helpers.js';

const AUTH_STRING = '{\n  // keep me\n  "gateway": {\n    "mode": "local",\n    "auth": "a-long-random-token-value-1234"\n  }\n}\n';
const FIXED = '{\n  // keep me\n  "gateway": {\n    "mode": "local",\n    "auth": {\n      "mode": "token",\n      "token": "a-long-random-token-value-1234"\n    }\n  }\n}\n';
const backups = (dir: string) => readdirSync(dir).filter((n) => n.includes('.clawkit-bak-'));

describe('safe writing', () => {
  it('keeps mode 0600 (and 0640) of the config; the backup is 0600 and holds the original bytes', async () => {
    for (const mode of [0o600, 0o640]) {
      const dir = tempDir();
      const p = writeConfig(dir, AUTH_STRING, mode);
      const r = await fix(p, APPLY);
      expect(r.status).toBe('written');
      expect(readFileSync(p, 'utf8')).toBe(FIXED);
      expect(statSync(p).mode & 0o777).toBe(mode);
      const [b] = backups(dir);
      expect(readFileSync(path.join(dir, b!), 'utf8')).toBe(AUTH_STRING);
      expect(statSync(path.join(dir, b!)).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps the owner and group of the file', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, AUTH_STRING);
    const isRoot = process.getuid?.() === 0;
    // As root the file can belong to someone else, which is the case that matters (sudo).
    if (isRoot) chownSync(p, 4321, 4322);
    const before = statSync(p);
    const r = await fix(p, APPLY);
    expect(r.status).toBe('written');
    const after = statSync(p);
    expect([after.uid, after.gid]).toEqual([before.uid, before.gid]);
    if (isRoot) expect([after.uid, after.gid]).toEqual([4321, 4322]);
  });

  it('writes through a symlink to its target; the link stays a link; the backup sits beside the target', async () => {
    const dir = tempDir();
    const realDir = path.join(dir, 'dotfiles');
    mkdirSync(realDir);
    const real = writeConfig(realDir, AUTH_STRING, 0o600, 'openclaw.json');
    const stateDir = path.join(dir, 'state');
    mkdirSync(stateDir);
    const link = path.join(stateDir, 'openclaw.json');
    symlinkSync(real, link);
    const r = await fix(link, APPLY);
    expect(r.status).toBe('written');
    expect(r.target).toBe(real);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real, 'utf8')).toBe(FIXED);
    expect(backups(realDir)).toHaveLength(1);
    expect(backups(stateDir)).toEqual([]);
  });

  it('a read-only config is refused with a clear error: nothing changed, no backup, no temp files', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, AUTH_STRING, 0o444);
    const r = await fix(p, APPLY_YES);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/read-only \(mode 0444\); nothing was changed/);
    expect(readFileSync(p, 'utf8')).toBe(AUTH_STRING);
    expect(statSync(p).mode & 0o777).toBe(0o444);
    expect(readdirSync(dir)).toEqual(['openclaw.json']);
    // The planned diff is still shown so the user can apply it by hand.
    expect(r.diff).toContain('+    "auth": {');
  });

  it('refuses to write when the file changed after it was read', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, AUTH_STRING);
    await expect(safeWrite(p, FIXED, { expected: Buffer.from('something else') })).rejects.toThrow(FixWriteError);
    expect(readFileSync(p, 'utf8')).toBe(AUTH_STRING);
    expect(backups(dir)).toEqual([]);
  });

  it('never overwrites an earlier backup (same second: a numbered name)', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, 'A');
    const now = new Date('2026-03-01T10:00:00Z');
    const w1 = await safeWrite(p, 'B', { expected: Buffer.from('A'), now });
    const w2 = await safeWrite(p, 'C', { expected: Buffer.from('B'), now });
    expect(path.basename(w1.backupPath)).toBe('openclaw.json.clawkit-bak-20260301T100000Z');
    expect(path.basename(w2.backupPath)).toBe('openclaw.json.clawkit-bak-20260301T100000Z-1');
    expect(readFileSync(w1.backupPath, 'utf8')).toBe('A');
    expect(readFileSync(w2.backupPath, 'utf8')).toBe('B');
    expect(readFileSync(p, 'utf8')).toBe('C');
  });

  it('cleans temp files left by a killed run (dead pid only)', async () => {
    const dir = tempDir();
    const p = writeConfig(dir, 'A');
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid; // exited: certainly not running
    const dead = path.join(dir, `.openclaw.json.clawkit-tmp-${deadPid}-deadbeef`);
    const mine = path.join(dir, `.openclaw.json.clawkit-tmp-${process.pid}-cafe`);
    writeFileSync(dead, 'partial');
    writeFileSync(mine, 'in use');
    const removed = await cleanStaleTemps(p);
    expect(removed).toEqual([`.openclaw.json.clawkit-tmp-${deadPid}-deadbeef`]);
    expect(readdirSync(dir).sort()).toEqual(['.openclaw.json.clawkit-tmp-' + process.pid + '-cafe', 'openclaw.json'].sort());
  });
});
