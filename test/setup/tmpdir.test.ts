// The global setup keeps a test run's files out of the user's directories: temp files under one root
// removed at the end, and the doctor's caches inside that root unless the caller chose a directory.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import setup from './tmpdir.js';

const saved = { TMPDIR: process.env.TMPDIR, CACHE: process.env.CLAWKIT_DOCTOR_CACHE_DIR };
afterEach(() => {
  for (const [k, v] of [['TMPDIR', saved.TMPDIR], ['CLAWKIT_DOCTOR_CACHE_DIR', saved.CACHE]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('test/setup/tmpdir global setup', () => {
  it('puts the doctor cache inside the run root, removes the root and restores both variables', () => {
    delete process.env.CLAWKIT_DOCTOR_CACHE_DIR;
    const teardown = setup();
    const root = process.env.TMPDIR!;
    expect(fs.statSync(root).isDirectory()).toBe(true);
    expect(process.env.CLAWKIT_DOCTOR_CACHE_DIR).toBe(path.join(root, 'doctor-cache'));
    teardown();
    expect(fs.existsSync(root)).toBe(false);
    expect(process.env.CLAWKIT_DOCTOR_CACHE_DIR).toBeUndefined();
    expect(process.env.TMPDIR).toBe(saved.TMPDIR);
  });

  it('keeps a cache directory the caller named', () => {
    process.env.CLAWKIT_DOCTOR_CACHE_DIR = '/nonexistent/chosen-cache';
    const teardown = setup();
    expect(process.env.CLAWKIT_DOCTOR_CACHE_DIR).toBe('/nonexistent/chosen-cache');
    teardown();
    expect(process.env.CLAWKIT_DOCTOR_CACHE_DIR).toBe('/nonexistent/chosen-cache');
  });
});
