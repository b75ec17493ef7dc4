// bin/clawkit-doctor.js restores the compiled CLI from a V8 code cache. The cache must never
// change an answer: absent, partial, corrupt, foreign or unwritable, the output is the same.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from '../cli/run.js';

const PASTE = 'gateway connect failed: Error: pairing required\ndisconnected (1008): pairing required\n';
let dir = '';

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'ckd-v8cache-')), 'cache');
});

function launch(args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    input: PASTE,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1', CLAWKIT_DOCTOR_CACHE_DIR: dir, CLAWKIT_DOCTOR_CACHE_DEBUG: '1', CLAWKIT_DOCTOR_NO_CACHE: '', ...env },
    timeout: 60_000,
  });
  const cache = r.stderr.split('\n').filter((l) => l.startsWith('clawkit-doctor cache: ')).map((l) => l.slice(22));
  return { code: r.status, stdout: r.stdout, cache, other: r.stderr.split('\n').filter((l) => l && !l.startsWith('clawkit-doctor cache: ')) };
}

const diagnose = (env?: NodeJS.ProcessEnv, nodeArgs?: string[]) => launch(['--no-probe', '--no-env', '--json', '--log', '-'], env, nodeArgs);

/** The diagnosis without what legitimately differs between runs. */
function findings(stdout: string): unknown {
  const doc = JSON.parse(stdout) as { findings: Array<{ ruleId: string; category: string; message: string; evidence: unknown }>; summary: unknown };
  return { findings: doc.findings.map((f) => [f.ruleId, f.category, f.message, f.evidence]), summary: doc.summary };
}

const cacheFiles = () => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

describe('launcher code cache', () => {
  it('writes a private cache on the first run and reuses it, with the same answer', () => {
    const plain = diagnose({ CLAWKIT_DOCTOR_NO_CACHE: '1' });
    expect(plain.cache).toEqual(['off']);
    expect(plain.code).toBe(1);

    const first = diagnose();
    expect(first.cache[0]).toBe('miss');
    expect(first.cache[1]).toMatch(/^wrote full /);
    expect(cacheFiles()).toHaveLength(1);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, cacheFiles()[0]!)).mode & 0o777).toBe(0o600);

    const second = diagnose();
    expect(second.cache).toEqual(['hit']);
    expect(second.other).toEqual([]);
    expect(findings(second.stdout)).toEqual(findings(plain.stdout));
    expect(findings(first.stdout)).toEqual(findings(plain.stdout));
    expect(second.code).toBe(1);
  });

  it('replaces a cache written by --version once a diagnosis has run', () => {
    expect(launch(['--version']).cache).toEqual(['miss', expect.stringMatching(/^wrote partial /)]);
    expect(diagnose().cache).toEqual(['hit', expect.stringMatching(/^wrote full /)]);
    expect(diagnose().cache).toEqual(['hit']);
    expect(cacheFiles()).toHaveLength(1);
  });

  it('keeps one cache per node option set: runs given a V8 flag, alternating with plain runs, all hit after the first of each (review25b)', () => {
    // A V8 flag on node's command line changes V8's flag hash: one shared file was rejected and rewritten by every run.
    const flag = [Number(process.versions.v8.split('.')[0]) >= 12 ? '--invocation-count-for-turbofan=3000' : '--interrupt-budget=67584'];
    expect(diagnose().cache).toEqual(['miss', expect.stringMatching(/^wrote full /)]);
    expect(diagnose(undefined, flag).cache).toEqual(['miss', expect.stringMatching(/^wrote full /)]);
    expect(diagnose().cache).toEqual(['hit']);
    expect(diagnose(undefined, flag).cache).toEqual(['hit']);
    expect(cacheFiles()).toHaveLength(2);
  });

  it('survives a corrupt cache file and rewrites it', () => {
    diagnose();
    const file = join(dir, cacheFiles()[0]!);
    const bytes = readFileSync(file);
    for (let i = 1; i < bytes.length; i += 7) bytes[i] = (bytes[i]! * 31 + 17) & 0xff;
    writeFileSync(file, bytes);
    const r = diagnose();
    expect(r.cache).toEqual(['rejected', expect.stringMatching(/^wrote full /)]);
    expect(r.other).toEqual([]);
    expect(findings(r.stdout)).toEqual(findings(diagnose({ CLAWKIT_DOCTOR_NO_CACHE: '1' }).stdout));
  });

  it('never runs cached code whose bytes changed where V8 does not look (every 997th byte: V8 accepted it and crashed every run)', () => {
    diagnose();
    const file = join(dir, cacheFiles()[0]!);
    const bytes = readFileSync(file);
    for (let i = 997; i < bytes.length; i += 997) bytes[i] = bytes[i]! ^ 0x5a;
    writeFileSync(file, bytes);
    const r = diagnose();
    // Before the checksum (review23b must 7): exit 133, "Fatal error … unreachable code", on every run until the file was deleted.
    expect(r.code).toBe(1);
    expect(r.cache).toEqual(['rejected', expect.stringMatching(/^wrote full /)]);
    expect(findings(r.stdout)).toEqual(findings(diagnose({ CLAWKIT_DOCTOR_NO_CACHE: '1' }).stdout));
    expect(diagnose().cache).toEqual(['hit']);
  });

  it('under NODE_OPTIONS=--no-deprecation (process.noDeprecation read-only) gives the same answer, nothing on stderr', () => {
    const plain = diagnose();
    const quiet = diagnose({ NODE_OPTIONS: '--no-deprecation', CLAWKIT_DOCTOR_CACHE_DEBUG: '' });
    expect(quiet.other).toEqual([]);
    expect(quiet.code).toBe(plain.code);
    expect(findings(quiet.stdout)).toEqual(findings(plain.stdout));
  });

  it('runs normally when the cache directory cannot be created', () => {
    const blocker = join(dir, '..', 'a-file');
    writeFileSync(blocker, 'not a directory');
    const r = diagnose({ CLAWKIT_DOCTOR_CACHE_DIR: join(blocker, 'cache') });
    expect(r.cache[0]).toBe('miss');
    expect(r.cache[1]).toMatch(/^not written: (ENOTDIR|EEXIST)/);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].category).toBe('pairing');
  });

  it('keeps one cache per install and Node: a new build removes the caches of earlier builds', () => {
    diagnose();
    const [current] = cacheFiles();
    const id = current!.split('-')[0]!;
    const node = `${process.version}-${process.arch}`;
    const older = `${id}-0.0.1-1234-1000-${node}.v8cache`;
    const otherNode = `${id}-0.0.1-1234-1000-v99.0.0-${process.arch}.v8cache`;
    const otherInstall = `0badc0de-0.0.1-1234-1000-${node}.v8cache`;
    for (const f of [older, otherNode, otherInstall]) writeFileSync(join(dir, f), 'F');
    rmSync(join(dir, current!));
    expect(diagnose().cache).toEqual(['miss', expect.stringMatching(/^wrote full /)]);
    expect(cacheFiles().sort()).toEqual([current, otherNode, otherInstall].sort());
  });

  it.runIf(process.platform !== 'win32')('never reads or writes a cache that others can write: a 0666 file, a 0777 directory (audit23 F10)', () => {
    diagnose();
    const file = join(dir, cacheFiles()[0]!);
    chmodSync(file, 0o666);
    const loose = diagnose();
    expect(loose.cache.slice(0, 2)).toEqual(['not read: not owned by this user or writable by others', 'miss']);
    expect(loose.code).toBe(1);
    chmodSync(file, 0o600);
    chmodSync(dir, 0o777);
    const open = diagnose();
    expect(open.cache[0]).toBe('miss');
    expect(open.cache[1]).toMatch(/^not written: .* writable by others$/);
    chmodSync(dir, 0o700);
    expect(diagnose().cache[0]).toBe('hit');
  });

  it.runIf(process.getuid?.() === 0)('never reads a cache file owned by another user (checked as root)', () => {
    diagnose();
    const file = join(dir, cacheFiles()[0]!);
    chownSync(file, 65534, 65534);
    const r = diagnose();
    expect(r.cache.slice(0, 2)).toEqual(['not read: not owned by this user or writable by others', 'miss']);
    expect(r.code).toBe(1);
  });

  it.runIf(process.getuid?.() === 0)('as root with another user\'s HOME, creates no root-owned directory in it (checked as root)', () => {
    const home = mkdtempSync(join(tmpdir(), 'ckd-home-'));
    chownSync(home, 65534, 65534);
    const r = diagnose({ HOME: home, XDG_CACHE_HOME: '', CLAWKIT_DOCTOR_CACHE_DIR: '' });
    expect(r.code).toBe(1);
    expect(readdirSync(home)).toEqual([]);
    expect(r.cache.at(-1)).toMatch(/^not written: .* inside a directory owned by another user$/);
  });

  it.runIf(process.platform === 'linux')('loads the ESM-only spinner (ora) when run from the cache on a terminal', () => {
    // A real pseudo-terminal via script(1): the spinner only runs on a TTY, and the import of ora
    // is the one import() the cached code must not make itself.
    mkdirSync(dir, { recursive: true });
    // A terminal with a size: ora stays off on a 0-column one (src/output/spinner.ts).
    const cmd = `stty cols 80 rows 24; ${process.execPath} ${BIN} --no-env --url ws://127.0.0.1:9 --timeout 1500 --log /dev/null`;
    const env = { ...process.env, CLAWKIT_DOCTOR_CACHE_DIR: dir, CLAWKIT_DOCTOR_CACHE_DEBUG: '1', TERM: 'xterm' };
    delete env.CI;
    delete env.NO_COLOR;
    for (const expected of ['miss', 'hit']) {
      const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env, timeout: 30_000 });
      expect(r.stdout).toContain(`clawkit-doctor cache: ${expected}`);
      expect(r.stdout).toContain('probing the gateway');
      expect(r.stdout).not.toMatch(/dynamic import|internal error|unexpected failure/i);
      expect(r.stdout).toMatch(/refused|not reachable|gateway-down|nothing is listening/i);
    }
  });
});

describe('launcher V8 flags', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  /** A preload script holding `code`, removed after these tests. */
  const preload = (code: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-preload-'));
    made.push(dir);
    const file = join(dir, 'preload.cjs');
    writeFileSync(file, code);
    return file;
  };
  /** `node NODEARGS bin ARGS` without the code cache, `input` on stdin. */
  const launcher = (nodeArgs: string[], args = ['--no-probe', '--no-env', '--json', '--log', '-'], input = PASTE) =>
    spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: '1', CLAWKIT_DOCTOR_NO_CACHE: '1' },
      timeout: 60_000,
    });

  // The launcher turns off V8's regexp tier-up (bin/clawkit-doctor.js: each pattern compiled once,
  // to machine code). --trace-regexp-tier-up prints one line on stdout per tier-up.
  const TIER_UP = /needs tier-up compilation/;

  it('this Node traces a regexp tier-up (the control: otherwise the next test proves nothing)', () => {
    const r = spawnSync(process.execPath, ['--trace-regexp-tier-up', '-e', "const re = /gateway (\\w+)/; re.exec('a gateway token'); re.exec('the gateway url');"], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(TIER_UP);
  });

  it('a diagnosis tiers up no regular expression, and gives the answer it gives without the trace', () => {
    const plain = diagnose({ CLAWKIT_DOCTOR_NO_CACHE: '1' });
    const r = launcher(['--trace-regexp-tier-up']);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(TIER_UP);
    // The trace did run: it says so for each pattern compiled (to machine code).
    expect(r.stdout).toMatch(/native code size/);
    const report = r.stdout.split('\n').filter((l) => !l.startsWith('JSRegExp ')).join('\n');
    expect(findings(report)).toEqual(findings(plain.stdout));
  });

  // The launcher turns off V8's idle-time scavenge task (--no-minor-gc-task). --trace-gc ends the line
  // of a scavenge the task ran with "task;". A preload runs, once the CLI is done (beforeExit, so under
  // the flags the launcher set), a workload that fills the young generation with an idle event loop
  // between steps: the task's moment.
  const SCAVENGE_TASK = /Scavenge[^\n]*\btask;/;
  const idleWork = () =>
    preload(
      "let done = false;\nprocess.on('beforeExit', async () => {\n  if (done) return;\n  done = true;\n  const keep = [];\n  for (let i = 0; i < 200; i++) {\n    for (let j = 0; j < 2000; j++) keep.push({ i, j });\n    await new Promise((r) => setImmediate(r));\n  }\n});\n",
    );

  it('every V8 flag the launcher sets is one this Node knows (an unknown one prints "unrecognized flag" on every run)', () => {
    const r = diagnose({ CLAWKIT_DOCTOR_NO_CACHE: '1' });
    expect(r.code).toBe(1);
    expect(r.other.join('\n')).not.toMatch(/unrecognized flag|unknown flag|bad option/i);
    const probe = spawnSync(process.execPath, ['-e', "require('v8').setFlagsFromString('--no-such-flag-for-clawkit')"], { encoding: 'utf8', timeout: 60_000 });
    expect(probe.stdout + probe.stderr, 'the control: this Node reports an unknown flag as the check expects').toMatch(/unrecognized flag|unknown flag|bad option/i);
  });

  // The launcher raises V8's tier-up budgets 10x (bin/clawkit-doctor.js; notes/perf.md Rounds 28h, 28m): a paste sends
  // fewer functions to the optimising compilers. --trace-opt prints on stdout, on the main thread, a
  // `[compiling method` line when a job is started (V8 11.8+); `[completed optimizing` lines come when a background job
  // is installed, racing the process's exit (on Node 24 0–5 of them a run), so they count only on Node 20's V8 11.3,
  // where they are steady. The control gives node V8's default budgets itself, which the launcher then leaves alone.
  // The paste is 120 lines: on the 2-line one Node 22 starts 4 jobs at the default and 2 (node:path's, at start-up)
  // under the launcher, too close for a margin.
  const BUDGETS = /^(\d+)\.(\d+)/.exec(process.versions.v8)!.slice(1).map(Number);
  const INVOCATIONS = BUDGETS[0]! > 11 || (BUDGETS[0] === 11 && BUDGETS[1]! >= 8);
  const JOB = INVOCATIONS ? '[compiling method' : '[completed optimizing';
  const DEFAULTS = INVOCATIONS ? ['--invocation-count-for-turbofan=3000', '--invocation-count-for-maglev=400'] : ['--interrupt-budget=67584'];
  const LONGER = Array.from({ length: 40 }, (_, i) => `${PASTE}[ws] closed before connect conn=${i} code=1008 reason=pairing required\n`).join('');
  const optimised = (nodeArgs: string[]) => {
    const r = launcher(['--trace-opt', ...nodeArgs], undefined, LONGER);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/unrecognized flag|unknown flag|bad option/i);
    const lines = r.stdout.split('\n');
    const jobs = lines.filter((l) => l.startsWith(JOB));
    return { jobs: jobs.length, maglev: jobs.filter((l) => l.includes('target MAGLEV')).length, report: lines.filter((l) => !l.startsWith('[')).join('\n') };
  };

  it("a 120-line paste starts under half the optimising-compiler jobs it starts at V8's default budget, with the same answer", () => {
    const control = optimised(DEFAULTS);
    const raised = optimised([]);
    expect(control.jobs, 'the control: V8 optimises during this paste at its default budget').toBeGreaterThanOrEqual(6);
    expect(raised.jobs).toBeLessThan(control.jobs / 2);
    expect(findings(raised.report)).toEqual(findings(control.report));
    const plain = launcher([], undefined, LONGER);
    expect(findings(raised.report)).toEqual(findings(plain.stdout));
    // A user flag of a similar name (--invocation-count-for-osr, at its default) leaves the launcher's budgets as they are.
    expect(optimised(['--invocation-count-for-osr=500']).jobs).toBeLessThan(control.jobs / 2);
  });

  // Where Maglev runs on this paste (Node 24; Node 22 starts no Maglev job on it, Node 20 has Maglev off), the user's
  // own TurboFan budget leaves the launcher's Maglev budget in place: each flag is checked by its own name.
  it.runIf(BUDGETS[0]! >= 13)('a user TurboFan budget keeps the launcher\'s Maglev budget (V8 13+)', () => {
    const control = optimised(DEFAULTS);
    const user = optimised([DEFAULTS[0]!]);
    expect(control.maglev, 'the control: Maglev compiles during this paste at its default budget').toBeGreaterThanOrEqual(6);
    expect(user.maglev).toBeLessThan(control.maglev / 2);
  });

  it('this Node runs scavenges as idle tasks (the control: otherwise the next test proves nothing)', () => {
    const r = spawnSync(process.execPath, ['--trace-gc', '-r', idleWork(), '-e', '0'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(SCAVENGE_TASK);
  });

  it('after a diagnosis no scavenge runs as an idle task, and the answer is the one it gives without the trace', () => {
    const plain = diagnose({ CLAWKIT_DOCTOR_NO_CACHE: '1' });
    const r = launcher(['--trace-gc', '-r', idleWork()]);
    expect(r.status).toBe(1);
    const trace = r.stdout.split('\n').filter((l) => l.startsWith('['));
    expect(trace.join('\n')).toMatch(/Scavenge/); // the workload ran and was collected
    expect(trace.join('\n')).not.toMatch(SCAVENGE_TASK);
    const report = r.stdout.split('\n').filter((l) => !l.startsWith('[')).join('\n');
    expect(findings(report)).toEqual(findings(plain.stdout));
  });

  it('the linear-time fallback still ends a catastrophic match under every flag the launcher sets', () => {
    // A preload runs, once the launcher has set its flags and run (beforeExit), a pattern that backtracks 2^40 times
    // without the fallback (with it: re-run on the linear engine, same answer). Every flag, the budgets included, is
    // the launcher's own, set as it sets them on this Node.
    const file = preload("process.once('beforeExit', () => {\n  const re = /^(a+)+$/;\n  const s = 'a'.repeat(40) + 'b';\n  console.log('redos', re.test(s), re.test(s), re.test('aaaa'));\n});\n");
    const r = launcher(['-r', file], ['--version']);
    expect(r.error, 'the match must end').toBeUndefined();
    expect(r.stderr).not.toMatch(/unrecognized flag/i);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('redos false false true');
  });
});
