// The loader's caches (issue #9): a long-lived process (fuzz driver, library caller) parses the
// rules bundle and compiles each pattern once, and any change misses the cache, so answers never
// differ from a fresh load. Observed by object identity, never by timing.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, BUNDLE_FILE, loadBuiltinRules } from '../../src/rules/load.js';
import { compilePasteRegex, pasteRunner } from '../../src/shared/regex/compile.js';
import { pastePlan } from '../../src/shared/regex/plan.js';
import { walkConditions } from '../../src/shared/conditions.js';
import type { Rule } from '../../src/types.js';
import { isParsed } from '../../src/rules/lazy.js';
import { builtinAutomatonRef } from '../../src/shared/literals/builtin.js';

// The bundle these tests replace, cut or damage is a copy (with its literals.bin): other test files
// read dist/rules.bundle.json at the same time, and must never see it changed.
const TMP = mkdtempSync(join(tmpdir(), 'clawkit-bundle-'));
const COPY = join(TMP, 'rules.bundle.json');
copyFileSync(BUNDLE_FILE, COPY);
copyFileSync(join(dirname(BUNDLE_FILE), 'literals.bin'), join(TMP, 'literals.bin'));
// Loading the copy points the process-wide built-in automaton at TMP's literals.bin; under
// isolate: false the next file in this worker would find it deleted (halves.test: no scan-worker.cjs
// beside it) or, put back to "none" when this file ran first, no automaton at all (the literal-pass
// helpers' walk). Leave what every other file expects: the shipped bundle's.
afterAll(async () => {
  rmSync(TMP, { recursive: true, force: true });
  await loadBuiltinRules();
  expect(builtinAutomatonRef()?.file).toBe(join(dirname(BUNDLE_FILE), 'literals.bin'));
});
const load = () => loadBuiltinRules(undefined, undefined, COPY);

/** `body` renamed over the copy (as the build does), `run`, then the copy as it was renamed back. */
async function withBundle(body: string | Uint8Array, run: () => Promise<void>): Promise<void> {
  const original = `${COPY}.${process.pid}.orig.tmp`;
  const tmp = `${COPY}.${process.pid}.new.tmp`;
  copyFileSync(COPY, original);
  try {
    writeFileSync(tmp, body, typeof body === 'string' ? 'latin1' : undefined);
    renameSync(tmp, COPY);
    await run();
  } finally {
    renameSync(original, COPY);
  }
}

/**
 * The bundle's staleness checks changed, every offset kept (same length): the content hash zeroed,
 * and the last digit of the tree fingerprint (the file ends with it, then '"}') another digit.
 */
function staleOf(text: string, contentHash: string): string {
  const digit = text.at(-3)!;
  expect(digit).toMatch(/[0-9]/);
  const stale = `${text.slice(0, -3)}${digit === '1' ? '2' : '1'}"}`.replace(contentHash, '0'.repeat(contentHash.length));
  expect(stale.length).toBe(text.length);
  return stale;
}

describe('rules bundle cache', () => {
  it('an unchanged rule tree hits; a touched rule file re-checks the content (same: the bundle, no fallback); unchanged again hits again', async () => {
    expect(existsSync(BUNDLE_FILE), 'npm run build first: the bundle is what is cached').toBe(true);
    const first = await loadBuiltinRules();
    expect(await loadBuiltinRules()).toBe(first);
    // A new mtime (a checkout, a copy) changes the stat fingerprint, so the content is hashed: it is
    // the same, so the built bundle is still used (its literal covers attached), parsed anew.
    const file = join(BUILTIN_RULES_DIR, 'pairing', 'pairing-required.json');
    const st = statSync(file);
    const covered = (rules: Rule[]) => rules.some((r) => [...walkConditions(r.when)].some((c) => 'paste' in c && c.paste.cover !== undefined));
    expect(covered(first)).toBe(true);
    try {
      utimesSync(file, st.atimeMs / 1000, (st.mtimeMs + 5000) / 1000);
      const changed = await loadBuiltinRules();
      expect(changed).not.toBe(first);
      expect(changed.map((r) => r.id)).toEqual(first.map((r) => r.id));
      expect(covered(changed)).toBe(true);
    } finally {
      // Seconds as a float keep the sub-millisecond part: a Date would round it, and a checkout's
      // mtime ending in .5–.9 ms then came back 1 ms later (seen in one of five clean clones).
      utimesSync(file, st.atimeMs / 1000, st.mtimeMs / 1000);
    }
    expect(Math.floor(statSync(file).mtimeMs)).toBe(Math.floor(st.mtimeMs));
    // One bundle is cached (the last tree seen): back to the first tree, parsed once more, then hits.
    const again = await loadBuiltinRules();
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(await loadBuiltinRules()).toBe(again);
  });
  it('a bundle with other bodies renamed over the loaded one (what the build does) misses the cache; rules of the old load still read their old bodies from the file they were loaded from', async () => {
    const text = readFileSync(COPY, 'latin1');
    const whole = JSON.parse(text) as { indexEnd: number; index: { contentHash: string; rules: Array<{ n: number }> }; rules: Array<Record<string, unknown>> };
    const first = await load();
    // Every body upper-cased (a reader that reopened the bundle by path would read these), and the
    // staleness checks changed so that a load meanwhile validates the rule files instead.
    const base = whole.indexEnd + ',"rules":['.length;
    const bodiesEnd = base + whole.index.rules.reduce((at, e) => at + e.n + 1, 0) - 1;
    const other = staleOf(`${text.slice(0, base)}${text.slice(base, bodiesEnd).toUpperCase()}${text.slice(bodiesEnd)}`, whole.index.contentHash);
    expect(other).not.toBe(text);
    await withBundle(other, async () => {
      const second = await load();
      expect(second).not.toBe(first);
      expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
      // Bodies of the first load not parsed yet: read now, after the rename, by range from its open file.
      const unparsed = first.map((r, i) => [r, i] as const).filter(([r]) => !isParsed(r)).slice(0, 5);
      expect(unparsed.length).toBeGreaterThan(0);
      for (const [r, i] of unparsed) {
        expect(JSON.parse(JSON.stringify(r))).toEqual({ ...whole.rules[i]!, file: join(BUILTIN_RULES_DIR, String(whole.rules[i]!.file)) });
      }
      // And the rest of them at once (past the ranges read one by one, the whole file is read).
      for (const [i, r] of first.entries()) expect((JSON.parse(JSON.stringify(r)) as { id: string }).id).toBe(whole.rules[i]!.id);
    });
  });
});

describe('a damaged rules bundle', () => {
  it('a bundle cut short before its last body falls back to a full read + validation at load time', async () => {
    const bytes = readFileSync(COPY);
    await withBundle(bytes.subarray(0, Math.floor(bytes.length * 0.9)), async () => {
      // The head and the index are whole; the bodies past the first tenth are gone.
      const rules = await load();
      expect(rules.length).toBeGreaterThan(100);
      // Validated rules are plain objects (no body left to read from the cut file).
      expect(rules.every((r) => isParsed(r) && Object.keys(r).includes('when'))).toBe(true);
    });
    const again = await load();
    expect(again.some((r) => !isParsed(r))).toBe(true);
  });
});

/** Open files of this process that are the bundle (Linux: /proc/self/fd). */
function openBundleFds(): number {
  return readdirSync('/proc/self/fd').filter((n) => {
    try {
      return readlinkSync(`/proc/self/fd/${n}`) === COPY;
    } catch {
      return false;
    }
  }).length;
}

describe('the bundle file is closed when the loader does not use it', () => {
  it.skipIf(process.platform !== 'linux')('a stale bundle (another fingerprint and content hash) falls back to a full read and leaves no open file', async () => {
    const text = readFileSync(COPY, 'latin1');
    const whole = JSON.parse(text) as { index: { contentHash: string } };
    // Same length, so every offset still holds: only the staleness checks differ.
    await withBundle(staleOf(text, whole.index.contentHash), async () => {
      const before = openBundleFds();
      const rules = await load();
      expect(rules.every((r) => isParsed(r))).toBe(true);
      expect(openBundleFds()).toBeLessThanOrEqual(before);
    });
  });
});

describe('the bundle on Windows (read whole, closed: a rename over an open file fails there)', () => {
  it.skipIf(process.platform !== 'linux')('a load as on win32 keeps no bundle file open; its rules still read their bodies', async () => {
    const whole = JSON.parse(readFileSync(COPY, 'latin1')) as { rules: Array<{ id: string }> };
    // Another file (inode): the load misses the cache.
    const copy = `${COPY}.${process.pid}.win.tmp`;
    copyFileSync(COPY, copy);
    renameSync(copy, COPY);
    const before = openBundleFds();
    const rules = await loadBuiltinRules(undefined, 'win32', COPY);
    expect(openBundleFds()).toBe(before);
    expect(rules.some((r) => !isParsed(r))).toBe(true);
    for (const [i, r] of rules.entries()) expect((JSON.parse(JSON.stringify(r)) as { id: string }).id).toBe(whole.rules[i]!.id);
  });
});

describe('compiled-pattern cache', () => {
  it('the same pattern and case flag share one RegExp; a changed pattern or flag compiles anew', () => {
    const a = compilePasteRegex({ regex: 'gateway[^\\n]{0,40}token', bounded: true });
    expect(compilePasteRegex({ regex: 'gateway[^\\n]{0,40}token', bounded: true })).toBe(a);
    expect(compilePasteRegex({ regex: 'gateway[^\\n]{0,41}token', bounded: true })).not.toBe(a);
    const sensitive = compilePasteRegex({ regex: 'gateway[^\\n]{0,40}token', bounded: true, caseSensitive: true });
    expect(sensitive).not.toBe(a);
    expect(sensitive.flags).toBe('');
    expect(a.flags).toBe('i');
    // The linear rewrite is keyed by its own text.
    const lin = compilePasteRegex({ regex: 'a\\s*b', linear: '[aA]\\s*[bB]' });
    expect(compilePasteRegex({ regex: 'a\\s*b', linear: '[aA]\\s*[bB]' })).toBe(lin);
  });

  it('a matcher keeps its runner; a changed matcher (a new object from a new load) gets its own', () => {
    const regex = 'token mismatch|gateway\\s*closed';
    const m = { regex, plan: pastePlan(regex, true) };
    const run = pasteRunner(m);
    expect(pasteRunner(m)).toBe(run);
    const edited = { regex: 'token missing|gateway\\s*closed', plan: pastePlan('token missing|gateway\\s*closed', true) };
    expect(pasteRunner(edited)).not.toBe(run);
    expect(pasteRunner(edited).exec('TOKEN MISSING')).not.toBeNull();
    expect(run.exec('TOKEN MISSING')).toBeNull();
  });
});
