// The doctor's own cache files (the launcher's V8 code cache, the --rules DIR cache) are read with a
// bound (issue #9, review27e): whatever sits at a cache path — a FIFO, a huge sparse file, a symlink
// to /dev/zero or to another file — answers like no cache, says why on the debug channel, and is
// replaced by the usual atomic write (never written through). Each run is a child process with a
// generous timeout: if the bound regresses, a FIFO or /dev/zero fails this test with a message
// instead of hanging the suite.
import { spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, SAMPLE_RULES } from './run.js';

const PASTE = 'gateway connect failed: Error: pairing required\ndisconnected (1008): pairing required\n';
/** Far above a run's CPU (~0.3 s) even at load 30; only there to turn a hang into a failure. */
const HANG_MS = 60_000;
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function launch(dir: string, extra: string[] = []) {
  const r = spawnSync(process.execPath, [BIN, '--no-probe', '--no-env', '--json', '--log', '-', ...extra], {
    input: PASTE,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1', CLAWKIT_DOCTOR_CACHE_DIR: dir, CLAWKIT_DOCTOR_CACHE_DEBUG: '1', CLAWKIT_DOCTOR_NO_CACHE: '' },
    timeout: HANG_MS,
  });
  if (r.error || r.signal) throw new Error(`the doctor did not finish within ${HANG_MS} ms (${r.error?.message ?? r.signal}): a cache read without a bound?`);
  const cache = r.stderr.split('\n').filter((l) => l.startsWith('clawkit-doctor cache: ')).map((l) => l.slice(22));
  return { code: r.status, cache, findings: (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId) };
}

/** What sits at the cache path, made from the real cache file's path (removed first). */
const ODD: Array<[string, (file: string, dir: string) => void, RegExp]> = [
  ['a FIFO', (f) => spawnSync('mkfifo', [f]), /^not read: not a regular file$/],
  ['a sparse file larger than the cap', (f) => (writeFileSync(f, ''), truncateSync(f, 64 * 1024 * 1024)), /^not read: larger than \d+ bytes$/],
  ['a symlink to /dev/zero', (f) => symlinkSync('/dev/zero', f), /^not read: ELOOP$/],
  ['a symlink to another (valid) cache file', (f, dir) => symlinkSync(join(dir, 'elsewhere'), f), /^not read: ELOOP$/],
];

describe.runIf(process.platform === 'linux')('the doctor\'s cache files are read with a bound', () => {
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'ckd-oddcache-'));
    made.push(d);
    return join(d, 'cache');
  };

  it('a directory at either cache path: not read, not replaced, and the failed write leaves no temporary file', () => {
    const dir = fresh();
    launch(dir, ['--rules', SAMPLE_RULES]);
    const names = readdirSync(dir);
    expect(names.filter((f) => f.endsWith('.v8cache') || f.startsWith('rules-'))).toHaveLength(2);
    for (const name of names) {
      rmSync(join(dir, name));
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'keep'), ''); // a rename onto a non-empty directory fails
    }
    const odd = launch(dir, ['--rules', SAMPLE_RULES]);
    expect(odd.findings).toContain('demo/pairing-echo');
    expect(odd.cache.filter((l) => l === 'not read: not a regular file')).toHaveLength(2);
    expect(odd.cache.filter((l) => /^not written: (EISDIR|ENOTEMPTY|EEXIST)$/.test(l))).toHaveLength(2);
    expect(readdirSync(dir).sort()).toEqual(names.sort());
  });

  for (const [what, plant, said] of ODD) {
    it(`the launcher's code cache: ${what} answers like no cache, and is replaced`, () => {
      const dir = fresh();
      const plain = launch(dir);
      expect(plain.cache).toEqual(['miss', expect.stringMatching(/^wrote full /)]);
      const [name] = readdirSync(dir).filter((f) => f.endsWith('.v8cache'));
      const file = join(dir, name!);
      renameSync(file, join(dir, 'elsewhere'));
      const kept = readFileSync(join(dir, 'elsewhere'));
      plant(file, dir);
      const odd = launch(dir);
      expect(odd.cache).toEqual([expect.stringMatching(said), 'miss', `wrote full ${file}`]);
      expect(odd.code).toBe(plain.code);
      expect(odd.findings).toEqual(plain.findings);
      expect(lstatSync(file).isFile()).toBe(true);
      expect(lstatSync(file).size).toBeLessThan(64 * 1024 * 1024);
      expect(readFileSync(join(dir, 'elsewhere')).equals(kept)).toBe(true); // a symlink's target is not written through
      expect(launch(dir).cache).toEqual(['hit']);
    });

    it(`the --rules DIR cache: ${what} answers like no cache, and is replaced`, () => {
      const dir = fresh();
      const plain = launch(dir, ['--rules', SAMPLE_RULES]);
      expect(plain.findings).toContain('demo/pairing-echo');
      const [name] = readdirSync(dir).filter((f) => f.startsWith('rules-'));
      const file = join(dir, name!);
      copyFileSync(file, join(dir, 'elsewhere'));
      rmSync(file);
      const kept = readFileSync(join(dir, 'elsewhere'));
      plant(file, dir);
      const odd = launch(dir, ['--rules', SAMPLE_RULES]);
      expect(odd.cache).toContainEqual(expect.stringMatching(said));
      expect(odd.code).toBe(plain.code);
      expect(odd.findings).toEqual(plain.findings);
      expect(lstatSync(file).isFile()).toBe(true);
      expect(readFileSync(file, 'latin1').split('\n')[0]).toContain('"format":"clawkit-doctor user rules'); // validated again and written
      expect(readFileSync(join(dir, 'elsewhere')).equals(kept)).toBe(true);
      // A hit: the sample's files are old, so an unchanged cache is read and not rewritten.
      const ino = lstatSync(file).ino;
      const again = launch(dir, ['--rules', SAMPLE_RULES]);
      expect(again.cache.filter((l) => l.startsWith('not read'))).toEqual([]);
      expect(again.findings).toEqual(plain.findings);
      expect(lstatSync(file).ino).toBe(ino);
    });
  }
});
