// A --rules directory is validated once and then read from a cache keyed by its content: a hit
// must return exactly what a fresh validation returns, and any change of a file must miss.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadUserDir, type RuleCacheOptions } from '../../src/rules/loader-cache.js';
import { evaluate, sourcesOf } from '../../src/engine/evaluate.js';
import { pkgPath } from '../../src/shared/paths.js';
import type { Facts, Rule } from '../../src/types.js';

const BUILTIN = ['pairing/cli-pairing-required.json', 'token-auth/gateway-token-mismatch.json', 'port-bind/gateway-port-in-use.json'];
// racyMs below zero: "written long after every file", so the stat path is taken deterministically.
const STAT_PATH: RuleCacheOptions = { racyMs: -60_000 };

let dir: string;
let cacheDir: string;

function writeRule(name: string, builtinFile: string, edit: (r: Record<string, unknown>) => void = () => {}): string {
  const r = JSON.parse(readFileSync(pkgPath('rules', builtinFile), 'utf8')) as Record<string, unknown>;
  r.id = `team/${name}`;
  delete r.supersedes;
  edit(r);
  const file = join(dir, 'team', `${name}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2));
  return file;
}

beforeEach(() => {
  const base = mkdtempSync(join(tmpdir(), 'ckd-rule-cache-'));
  dir = join(base, 'rules');
  cacheDir = join(base, 'cache');
  mkdirSync(join(dir, 'team'), { recursive: true });
  BUILTIN.forEach((f, i) => writeRule(`r${i}`, f));
});

const paste = (text: string): Facts['paste'] => ({
  source: 'stdin', bytes: text.length, lines: 1, kept: text.split('\n').map((t, i) => ({ line: i + 1, text: t })), sampled: false, binary: false,
  closes: [], codes: [], requestIds: [], versions: [], urls: [], hosts: [], ports: [], containerHints: [],
}) as Facts['paste'];

describe('--rules DIR cache', () => {
  it('a user rule\u2019s same-line exclusion gets its own cover on the miss and the hit (read by windows on a long line, as built-in ones are)', async () => {
    writeRule('excl', 'token-auth/gateway-token-mismatch.json', (r) => {
      r.when = { paste: { regex: 'widget zorp failed', notOnLine: '\\[widget\\] zorp' } };
      r.message = 'The widget failed.';
      r.fix = { tier: 'manual', steps: ['Check the widget.'] };
      delete r.bind;
    });
    const exclusionOf = (rules: Rule[]) => {
      const w = rules.find((r) => r.id === 'team/excl')!.when as { paste: { notOnLineMatcher?: { cover?: string[][] } } };
      return w.paste.notOnLineMatcher;
    };
    const fresh = await loadUserDir(dir, { dir: false });
    expect(fresh.problems).toEqual([]);
    expect(exclusionOf(fresh.rules)?.cover).toEqual([['[widget] zorp']]);
    const miss = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(miss.cache).toBe('miss');
    expect(exclusionOf(miss.rules)?.cover).toEqual([['[widget] zorp']]);
    const hit = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(hit.cache).toBe('hit');
    expect(exclusionOf(hit.rules)?.cover).toEqual([['[widget] zorp']]);
  });

  it('misses first, then hits with the same rules, sources and findings as a fresh validation', async () => {
    const fresh = await loadUserDir(dir, { dir: false });
    expect(fresh.cache).toBe('off');
    expect(fresh.problems).toEqual([]);
    const first = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(first.cache).toBe('miss');
    const second = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(second.cache).toBe('hit');
    expect(second.rules.map((r) => r.id)).toEqual(fresh.rules.map((r) => r.id));
    expect(second.rules.map((r) => r.file)).toEqual(fresh.rules.map((r) => r.file));
    expect(second.rules.map((r) => sourcesOf(r))).toEqual(fresh.rules.map((r) => sourcesOf(r)));
    // Covers are attached on both paths; only the unused linear rewrite of bounded regexes is dropped.
    const strip = (rules: Rule[]) => JSON.parse(JSON.stringify(rules, (k, v) => (k === 'linear' ? undefined : v))) as unknown;
    expect(strip(second.rules)).toEqual(strip(fresh.rules));
    const facts: Facts = { flags: {}, paste: paste('gateway connect failed: Error: unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)') };
    const a = evaluate(fresh.rules, facts);
    const b = evaluate(second.rules, { flags: {}, paste: facts.paste });
    expect(a.findings.length).toBeGreaterThan(0);
    expect(b.findings).toEqual(a.findings);
  });

  it('the stored gate table (compiled once, when written) decides as each rule\'s own gate on several pastes', async () => {
    const fresh = await loadUserDir(dir, { dir: false });
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    const [name] = readdirSync(cacheDir);
    const index = JSON.parse(readFileSync(join(cacheDir, name!), 'latin1').split('\n')[1]!) as { gates: { code: string }; litsPlain?: number; rules: Array<Record<string, unknown>> };
    expect(typeof index.gates.code).toBe('string');
    expect(index.litsPlain).toBe(1);
    expect(index.rules.every((e) => typeof e.c === 'number' && !('g' in e) && !('f' in e))).toBe(true);
    const texts = [
      'gateway connect failed: Error: pairing required',
      'Error: listen EADDRINUSE: address already in use 127.0.0.1:18789',
      'unauthorized: gateway token mismatch',
      'nothing to see here',
    ];
    for (const text of texts) {
      const hit = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
      expect(hit.cache).toBe('hit');
      const a = evaluate(fresh.rules, { flags: {}, paste: paste(text) });
      const b = evaluate(hit.rules, { flags: {}, paste: paste(text) });
      expect(b.findings).toEqual(a.findings);
      expect(b.results.map((r) => [r.ruleId, r.status])).toEqual(a.results.map((r) => [r.ruleId, r.status]));
    }
  });

  it('a one-byte change of the same size, with the mtime put back, misses and returns the new rule', async () => {
    const file = join(dir, 'team', 'r0.json');
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    const before = statSync(file);
    const text = readFileSync(file, 'utf8');
    const title = (JSON.parse(text) as Rule).title;
    const changed = title.slice(0, -1) + (title.endsWith('X') ? 'Y' : 'X');
    writeFileSync(file, text.replace(JSON.stringify(title), JSON.stringify(changed)));
    utimesSync(file, before.atime, before.mtime);
    expect(statSync(file).size).toBe(before.size);
    const after = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(after.cache).toBe('miss');
    expect(after.rules.find((r) => r.id === 'team/r0')!.title).toBe(changed);
  });

  it('an added or a removed rule file misses', async () => {
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    writeRule('r9', BUILTIN[0]!);
    const added = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(added.cache).toBe('miss');
    expect(added.rules.map((r) => r.id)).toContain('team/r9');
    rmSync(join(dir, 'team', 'r1.json'));
    const removed = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(removed.cache).toBe('miss');
    expect(removed.rules.map((r) => r.id)).not.toContain('team/r1');
  });

  it('same bytes with other stats (a touch) hash the contents and hit; files changed just now are hashed', async () => {
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    const file = join(dir, 'team', 'r2.json');
    writeFileSync(file, readFileSync(file));
    expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('hit-content');
    expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('hit');
    // Default racy window: every file was written within it, so the contents are hashed again.
    expect((await loadUserDir(dir, { dir: cacheDir })).cache).toBe('hit-content');
  });

  it('an invalid directory is never cached, and a corrupt cache file only means validating again', async () => {
    writeRule('bad', BUILTIN[0]!, (r) => (r.severity = 'fatal'));
    const bad = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(bad.problems.length).toBe(1);
    expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('miss');
    expect(existsSync(cacheDir) ? readdirSync(cacheDir).filter((n) => n.startsWith('rules-')) : []).toEqual([]);
    rmSync(join(dir, 'team', 'bad.json'));
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    const [name] = readdirSync(cacheDir).filter((n) => n.startsWith('rules-'));
    expect((statSync(join(cacheDir, name!)).mode & 0o777).toString(8)).toBe('600');
    writeFileSync(join(cacheDir, name!), '{"format":"clawkit-doctor user rules 5"');
    const again = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(again.cache).toBe('miss');
    expect(again.rules.length).toBe(3);
  });

  it('a hit parses no rule body until a rule is read; a rule its literal gate decides is never parsed', async () => {
    const { isParsed } = await import('../../src/rules/lazy.js');
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    const hit = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(hit.cache).toBe('hit');
    expect(hit.rules.map((r) => r.id)).toEqual(['team/r0', 'team/r1', 'team/r2']);
    expect(hit.rules.filter((r) => isParsed(r))).toEqual([]); // id and file answered from the index
    const out = evaluate(hit.rules, { flags: {}, paste: paste('gateway connect failed: Error: unauthorized: gateway token mismatch') });
    expect(out.findings.map((f) => f.ruleId)).toEqual(['team/r1']);
    // The pairing and port rules' literals are absent from the paste: their gates decide them.
    expect(hit.rules.map((r) => isParsed(r))).toEqual([false, true, false]);
    expect(JSON.parse(JSON.stringify(hit.rules[0]))).toMatchObject({ id: 'team/r0', file: join(dir, 'team', 'r0.json') });
  });

  it('a cache file cut short, or with a body longer than its index says, misses', async () => {
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    const [name] = readdirSync(cacheDir).filter((n) => n.startsWith('rules-'));
    const path = join(cacheDir, name!);
    const whole = readFileSync(path, 'latin1');
    writeFileSync(path, whole.slice(0, whole.length - 10), { mode: 0o600 });
    expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('miss');
    const again = readFileSync(path, 'latin1');
    const at = again.lastIndexOf('"team/r2"'); // in the last body
    writeFileSync(path, `${again.slice(0, at)}"team/r2","x":1${again.slice(at + '"team/r2"'.length)}`, { mode: 0o600 });
    const r = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(r.cache).toBe('miss');
    expect(r.rules.map((x) => x.id)).toEqual(['team/r0', 'team/r1', 'team/r2']);
  });

  it.runIf(process.getuid?.() === 0)('as root: a cache file owned by another user is not read, and no directory is created in another user\'s tree', async () => {
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    const [name] = readdirSync(cacheDir).filter((n) => n.startsWith('rules-'));
    chownSync(join(cacheDir, name!), 4242, 4242);
    expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('miss');
    const home = mkdtempSync(join(tmpdir(), 'ckd-other-home-'));
    chownSync(home, 4242, 4242);
    const foreign = join(home, '.cache', 'clawkit-doctor');
    expect((await loadUserDir(dir, { dir: foreign, ...STAT_PATH })).cache).toBe('miss');
    expect(readdirSync(home)).toEqual([]);
  });
});

/** The cache file's three parts: header, index (parsed) and bodies. */
function cacheParts(): { path: string; header: Record<string, unknown>; index: Record<string, any>; bodies: string } {
  const [name] = readdirSync(cacheDir).filter((n) => n.startsWith('rules-') && n.endsWith('.json'));
  const path = join(cacheDir, name!);
  const text = readFileSync(path, 'latin1');
  const a = text.indexOf('\n');
  const b = text.indexOf('\n', a + 1);
  return { path, header: JSON.parse(text.slice(0, a)), index: JSON.parse(text.slice(a + 1, b)), bodies: text.slice(b + 1) };
}

const gateCode = (code: string) => Array.from(new Int32Array(new Uint8Array(Buffer.from(code, 'base64')).buffer));
const encodeCode = (nums: number[]) => Buffer.from(new Int32Array(nums).buffer).toString('base64');
const TOKEN_PASTE = 'gateway connect failed: Error: unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)';

describe('--rules DIR cache: integrity, build, files and directory', () => {
  // review18b's corrupt.py kinds: each edits the index line and keeps the header (none: the
  // rewrite itself is faithful). A corrupted field is a miss, never another answer.
  const kinds: Record<string, (index: Record<string, any>, target: Record<string, any>) => void> = {
    none: () => {},
    'plain-caps': (index) => (index.lits = (index.lits as string[]).map((l) => l.toUpperCase())),
    'c-other': (_, t) => (t.c = 0),
    'c-huge': (_, t) => (t.c = 1e9),
    'c-neg2': (_, t) => (t.c = -2),
    'count-huge': (index, t) => {
      const code = gateCode(index.gates.code);
      code[t.c + 2] = 2 ** 31 - 1;
      index.gates.code = encodeCode(code);
    },
    'len-zero': (index, t) => {
      const code = gateCode(index.gates.code);
      code[t.c + 1] = 0;
      index.gates.code = encodeCode(code);
    },
    flip: (index) => {
      const s = index.gates.code as string;
      index.gates.code = s.slice(0, 3) + (s[3] === 'B' ? 'C' : 'B') + s.slice(4);
    },
  };
  for (const [kind, edit] of Object.entries(kinds)) {
    // A recomputed checksum (the owner rewrote the file) still must not reach outside the table.
    for (const resum of ['none', 'c-huge', 'c-neg2'].includes(kind) ? [false, true] : [false]) {
      it(`a corrupted index (${kind}${resum ? ', checksum recomputed' : ''}) misses, or answers as a fresh validation`, async () => {
        const { fnv } = await import('../../src/shared/fnv.js');
        const fresh = await loadUserDir(dir, { dir: false });
        await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
        const { path, header, index, bodies } = cacheParts();
        const target = (index.rules as Array<Record<string, any>>).find((e) => e.id === 'team/r1')!;
        edit(index, target);
        // ASCII, as the cache writes it (a literal's \u escapes kept)
        const line = JSON.stringify(index).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        writeFileSync(path, `${JSON.stringify(resum ? { ...header, sum: fnv(line) } : header)}\n${line}\n${bodies}`, { mode: 0o600 });
        const again = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
        expect(again.cache).toBe(kind === 'none' ? 'hit' : 'miss');
        for (const text of [TOKEN_PASTE, 'gateway connect failed: Error: pairing required', 'nothing here']) {
          expect(evaluate(again.rules, { flags: {}, paste: paste(text) }).findings).toEqual(evaluate(fresh.rules, { flags: {}, paste: paste(text) }).findings);
        }
      });
    }
  }

  it('another build of the doctor (its build id) misses', async () => {
    const g = globalThis as { __CKD_BUILD_ID?: string };
    try {
      g.__CKD_BUILD_ID = 'ckd-build:a';
      expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('miss');
      expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('hit');
      g.__CKD_BUILD_ID = 'ckd-build:b';
      expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('miss');
    } finally {
      delete g.__CKD_BUILD_ID;
    }
  });

  it('a rule in a file not named after its id: a hit gives its file; renaming the file misses', async () => {
    renameSync(join(dir, 'team', 'r1.json'), join(dir, 'team', 'token.json'));
    const fresh = await loadUserDir(dir, { dir: false });
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(cacheParts().index.rules.find((e: { id: string }) => e.id === 'team/r1').f).toBe('team/token.json');
    const hit = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(hit.cache).toBe('hit');
    expect(hit.rules.map((r) => r.file)).toEqual(fresh.rules.map((r) => r.file));
    expect(hit.rules.find((r) => r.id === 'team/r1')!.file).toBe(join(dir, 'team', 'token.json'));
    renameSync(join(dir, 'team', 'token.json'), join(dir, 'team', 'mismatch.json'));
    const renamed = await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    expect(renamed.cache).toBe('miss');
    expect(renamed.rules.find((r) => r.id === 'team/r1')!.file).toBe(join(dir, 'team', 'mismatch.json'));
  });

  it.runIf(process.platform !== 'win32')('a symlink planted at the temporary name is not followed', async () => {
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    const { path } = cacheParts();
    rmSync(path);
    const victim = join(dir, '..', 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, `${path}.${process.pid}.tmp`);
    expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('miss');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it.runIf(typeof process.getuid === 'function')('a group- or world-writable cache directory is neither read nor written, and says so', async () => {
    await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH });
    chmodSync(cacheDir, 0o770);
    const said: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.env.CLAWKIT_DOCTOR_CACHE_DEBUG = '1';
    process.stderr.write = ((m: string) => (said.push(String(m)), true)) as typeof process.stderr.write;
    try {
      expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('miss');
      rmSync(cacheParts().path);
      expect((await loadUserDir(dir, { dir: cacheDir, ...STAT_PATH })).cache).toBe('miss');
    } finally {
      process.stderr.write = write;
      delete process.env.CLAWKIT_DOCTOR_CACHE_DEBUG;
    }
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(said.join('')).toContain(`clawkit-doctor cache: not written: ${cacheDir} is writable by group or others`);
    expect(said.join('')).toContain(`clawkit-doctor cache: not read: ${cacheDir} is writable by group or others`);
  });
});
