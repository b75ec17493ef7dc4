// The rules bundle read by range (src/rules/bundle-file.ts, src/rules/lazy.ts): a read that fails
// leaves the rule readable later (never an empty rule), and a damaged file is named with its fix.
import { fstatSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleDamagedError, BundleFile, bundleFits, shedBundleBytes, WINDOW_BYTES } from '../../src/rules/bundle-file.js';
import { BUNDLE_FILE } from '../../src/rules/load.js';
import { isParsed, lazyRule, lazyRulePrototype, type BodySource } from '../../src/rules/lazy.js';
import type { Rule } from '../../src/types.js';

describe('lazy rule bodies', () => {
  it('a body read that throws leaves the rule pending: the next read parses it', () => {
    const body = '{"id":"r1","when":{"paste":{"regex":"x"}}}';
    let fail = true;
    const source: BodySource = {
      text: (start, end) => {
        if (fail) throw new Error('read failed');
        return body.slice(start, end);
      },
    };
    const keys = new Set(['id', 'when', 'file']);
    const rule = lazyRule(lazyRulePrototype(keys), source, 0, body.length, 'r1', '/rules/r1.json', keys) as Rule;
    expect(() => rule.when).toThrow('read failed');
    expect(isParsed(rule)).toBe(false);
    fail = false;
    expect(rule.when).toEqual({ paste: { regex: 'x' } });
    expect(isParsed(rule)).toBe(true);
  });
});

describe('a damaged bundle file', () => {
  it('a changed byte (not ASCII) or a range past its end: an error naming the file and the fix, and the loader is told', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mend15a-bundle-'));
    try {
      const path = join(dir, 'rules.bundle.json');
      writeFileSync(path, Buffer.concat([Buffer.from('{"id":"a"},{"id":"'), Buffer.from([0xff]), Buffer.from('"}')]));
      const fd = openSync(path, 'r');
      let told = 0;
      const file = new BundleFile(fd, 21, path, () => told++);
      expect(file.text(0, 10)).toBe('{"id":"a"}');
      expect(() => file.text(11, 21)).toThrow(BundleDamagedError);
      expect(() => file.text(11, 21)).toThrow(`${path} is damaged (not ASCII): reinstall clawkit-doctor, or run npm run build`);
      expect(() => file.text(0, 40)).toThrow(/is damaged \(cut short\): reinstall clawkit-doctor, or run npm run build/);
      expect(told).toBe(3);
      file.close();
      expect(() => fstatSync(fd)).toThrow(/EBADF/);
      file.close(); // twice: a no-op
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the read-ahead window of a bundle', () => {
  // (why casts: `whole` and `window` are private; what the tests are about is which copy is held)
  const whole = (f: BundleFile) => (f as unknown as { whole?: Buffer }).whole;
  const windowOf = (f: BundleFile) => (f as unknown as { window?: Buffer }).window;

  it('is let go by shedBundleBytes while the file is open (later reads by range, then a window again); a file read whole to be closed keeps its copy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rss15-bundle-'));
    try {
      const path = join(dir, 'rules.bundle.json');
      const body = Array.from({ length: 60 }, (_, i) => `{"id":"r${String(i).padStart(2, '0')}"}`).join(',');
      writeFileSync(path, body);
      const at = (i: number): [number, number] => [i * 13, i * 13 + 12];
      const open = new BundleFile(openSync(path, 'r'), body.length, path);
      for (let i = 0; i < 30; i++) expect(open.text(...at(i))).toBe(`{"id":"r${String(i).padStart(2, '0')}"}`);
      expect(windowOf(open), 'a window after a burst of ranges').toBeDefined();
      expect(whole(open), 'never the whole file').toBeUndefined();
      shedBundleBytes();
      expect(windowOf(open)).toBeUndefined();
      for (let i = 30; i < 60; i++) expect(open.text(...at(i))).toBe(`{"id":"r${i}"}`);
      expect(windowOf(open), 'a window again after another burst').toBeDefined();
      const closed = new BundleFile(openSync(path, 'r'), body.length, path);
      closed.readAll();
      shedBundleBytes();
      expect(whole(closed)).toBeDefined();
      expect(closed.text(...at(59))).toBe('{"id":"r59"}');
      open.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file several windows long: every body read in order, backwards and skipping gives its own text, through one window-sized buffer and never a whole copy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rss18-bundle-'));
    try {
      const path = join(dir, 'rules.bundle.json');
      // Bodies of varied lengths (1 to ~9 KB) so windows end inside bodies.
      const bodies = Array.from({ length: 400 }, (_, i) => `{"id":"r${i}","x":"${'abcdefghij'.repeat((i * 37) % 900)}"}`);
      const text = bodies.join(',');
      expect(text.length).toBeGreaterThan(3 * WINDOW_BYTES);
      writeFileSync(path, text);
      const ranges: Array<[number, number]> = [];
      for (let i = 0, at = 0; i < bodies.length; at += bodies[i].length + 1, i++) ranges.push([at, at + bodies[i].length]);
      const file = new BundleFile(openSync(path, 'r'), text.length, path);
      const order = [...ranges.keys(), ...[...ranges.keys()].reverse(), ...[...ranges.keys()].filter((i) => i % 7 === 3)];
      for (const i of order) {
        expect(file.text(...ranges[i])).toBe(bodies[i]);
        expect(whole(file)).toBeUndefined();
        expect(windowOf(file)?.length ?? 0).toBeLessThanOrEqual(WINDOW_BYTES);
      }
      expect(windowOf(file)).toBeDefined();
      file.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a damaged byte or a cut end read through the window: the damaged-file error, and the loader is told', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rss18-bundle-'));
    try {
      const path = join(dir, 'rules.bundle.json');
      // 30 short bodies, one a window long (never read), then a damaged one past the first window's reach.
      const bodies = [...Array.from({ length: 30 }, (_, i) => `{"id":"r${String(i).padStart(2, '0')}"}`), `{"id":"fill","x":"${'a'.repeat(WINDOW_BYTES)}"}`, '{"id":"r31"}', '{"id":"r32"}'];
      const at: number[] = [];
      for (let i = 0, o = 0; i < bodies.length; o += bodies[i].length + 1, i++) at.push(o);
      const bytes = Buffer.from(bodies.join(','), 'latin1');
      bytes[at[31] + 2] = 0xff;
      writeFileSync(path, bytes);
      let told = 0;
      // A size past the file's end: the window's fill comes up short for a range there.
      const file = new BundleFile(openSync(path, 'r'), bytes.length + 13, path, () => told++);
      for (let i = 0; i < 30; i++) expect(file.text(at[i], at[i] + bodies[i].length)).toBe(bodies[i]);
      expect(windowOf(file)).toBeDefined();
      expect(() => file.text(at[31], at[31] + bodies[31].length)).toThrow(`${path} is damaged (not ASCII): reinstall clawkit-doctor, or run npm run build`);
      expect(() => file.text(bytes.length + 1, bytes.length + 13)).toThrow(/is damaged \(cut short\)/);
      expect(file.text(at[25], at[25] + bodies[25].length), 'a failed fill keeps nothing of the window before: read again').toBe(bodies[25]);
      expect(told).toBe(2);
      file.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the window at its exact edges (review28c: off-by-one mutants of the window arithmetic survived the tests above)', () => {
  /** A file of `len` pseudo-random ASCII bytes; 24 single reads made, so the next one goes through the window. */
  function warmFile(len: number): { text: string; path: string; dir: string; file: BundleFile } {
    let s = 1;
    const abc = 'abcdefghijklmnopqrstuvwxyz0123456789{}",:';
    const text = Array.from({ length: len }, () => abc[((s = (s * 1664525 + 1013904223) >>> 0) >>> 8) % abc.length]).join('');
    const dir = mkdtempSync(join(tmpdir(), 'review28c-bundle-'));
    const path = join(dir, 'rules.bundle.json');
    writeFileSync(path, text);
    const file = new BundleFile(openSync(path, 'r'), text.length, path);
    for (let i = 0; i < 24; i++) expect(file.text(i * 10, i * 10 + 5)).toBe(text.slice(i * 10, i * 10 + 5));
    return { text, path, dir, file };
  }

  it('one byte before the window, one byte past it, and a range one byte past a cut end', () => {
    const W = WINDOW_BYTES;
    const { text, path, dir, file } = warmFile(3 * W);
    try {
      const S = 50_000;
      expect(file.text(S, S + 10)).toBe(text.slice(S, S + 10)); // the window is [S, S+W)
      expect(file.text(S - 1, S + 5)).toBe(text.slice(S - 1, S + 5)); // starts one byte before it
      expect(file.text(S + W - 11, S + W)).toBe(text.slice(S + W - 11, S + W)); // ends one byte past [S-1, S-1+W)
      const T = 3 * W - 100;
      truncateSync(path, T);
      expect(() => file.text(T - 5, T + 1)).toThrow(BundleDamagedError); // one byte short is cut short, never a stale byte
      file.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an empty range as the first windowed read is empty, not a damaged-file error', () => {
    const { dir, file } = warmFile(WINDOW_BYTES + 100);
    try {
      expect(file.text(0, 0)).toBe('');
      expect(file.text(500, 500)).toBe('');
      file.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundle length check at load time', () => {
  it('the built bundle fits its file; one byte less (cut short) does not, whichever part ends last', () => {
    const text = readFileSync(BUNDLE_FILE, 'latin1');
    const whole = JSON.parse(text) as { indexEnd: number; index: Parameters<typeof bundleFits>[0] };
    const base = whole.indexEnd + ',"rules":['.length;
    expect(bundleFits(whole.index, base, text.length)).toBe(true);
    // The file ends with '}' after the fingerprint.
    expect(bundleFits(whole.index, base, text.length - 2)).toBe(false);
    const bodies = { ...whole.index, covers: [0, 1] as [number, number], fingerprint: [0, 1] as [number, number], scan: [0, 1] as [number, number], anchors: [0, 1] as [number, number], anchorMatchers: [0, 1] as [number, number] };
    const bodiesEnd = whole.index.rules.reduce((at, e) => at + e.n + 1, 0) - 1;
    expect(bundleFits(bodies, base, base + bodiesEnd)).toBe(true);
    expect(bundleFits(bodies, base, base + bodiesEnd - 1)).toBe(false);
  });
});

describe('a damaged scan part (per rule its cover literals: only a speed-up)', () => {
  it('one changed byte there: every rule\'s cover literals come from its body, as an undamaged bundle gives them', async () => {
    const { loadBuiltinRules, BUILTIN_RULES_DIR } = await import('../../src/rules/load.js');
    const { ruleCoverLiterals } = await import('../../src/engine/cover-literals.js');
    const text = readFileSync(BUNDLE_FILE, 'latin1');
    const whole = JSON.parse(text) as { indexEnd: number; index: { scan?: [number, number] } };
    const scan = whole.index.scan!;
    const base = whole.indexEnd + ',"rules":['.length;
    const colon = text.indexOf(':', base + scan[0]);
    expect(colon).toBeLessThan(base + scan[1]);
    const dir = mkdtempSync(join(tmpdir(), 'mend18b-scan-'));
    try {
      const path = join(dir, 'rules.bundle.json');
      writeFileSync(path, `${text.slice(0, colon)};${text.slice(colon + 1)}`, 'latin1');
      const good = await loadBuiltinRules();
      const damaged = await loadBuiltinRules(BUILTIN_RULES_DIR, process.platform, path);
      expect(damaged).not.toBe(good);
      const lits = damaged.map((r) => ruleCoverLiterals(r)); // read before any body: the scan part is asked
      expect(lits).toEqual(good.map((r) => [...ruleCoverLiterals(r)]));
      expect(lits.some((l) => l.length > 0)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
