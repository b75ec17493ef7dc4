// What scripts/build.mjs does to the bundle for start-up time must not change behaviour:
// chalk gets a supports-color stub (it would load node:tty and node:net at import), which is only
// sound while every Chalk the doctor makes names its colour level.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../cli/run.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('bundle start-up shortcuts', () => {
  it('every Chalk in src/ is made with an explicit level, and chalk\'s own instances are never imported', () => {
    const made: string[] = [];
    for (const file of sources('src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new Chalk\(([^)]*)\)/g)) made.push(`${file}: ${m[0]}`);
      // chalk's default export and chalkStderr take their level from supports-color (stubbed).
      expect(text, file).not.toMatch(/import\s+(?!type\b)[\w$]+\s*(,\s*\{[^}]*\})?\s*from\s+'chalk'/);
      expect(text, file).not.toMatch(/import\s*\{[^}]*\bchalkStderr\b[^}]*\}\s*from\s+'chalk'/);
    }
    expect(made.length).toBeGreaterThan(0);
    for (const m of made) expect(m).toMatch(/new Chalk\(\{\s*level:/);
  });

  it('a small paste with stdout and stderr on files loads neither node:tty nor node:net, and still answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-bundle-'));
    const out = join(dir, 'out.json');
    const loaded = join(dir, 'modules.txt');
    const paste = join(dir, 'paste.log');
    const err = join(dir, 'err.txt');
    const fd = openSync(out, 'w');
    const errFd = openSync(err, 'w');
    const preload = join(dir, 'record.cjs');
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));\n`);
    writeFileSync(paste, 'gateway connect failed: Error: pairing required\n');
    const r = spawnSync(process.execPath, ['-r', preload, BIN, '--no-probe', '--no-env', '--json', '--log', paste], {
      // A pipe on stdout or stderr would load node:net itself (process.stdout is then a socket).
      stdio: ['ignore', fd, errFd],
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CLAWKIT_DOCTOR_NO_CACHE: '1' },
      timeout: 60_000,
    });
    closeSync(fd);
    closeSync(errFd);
    expect(r.status).toBe(1);
    expect(readFileSync(err, 'utf8')).toBe('');
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { findings: Array<{ ruleId: string }> };
    expect(doc.findings.length).toBeGreaterThan(0);
    const modules = readFileSync(loaded, 'utf8').split('\n');
    expect(modules).toContain('NativeModule vm'); // the list is the launcher's process
    expect(modules).not.toContain('NativeModule tty');
    expect(modules).not.toContain('NativeModule net');
  });
});
