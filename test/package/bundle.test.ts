// What scripts/build.mjs does to the bundle for start-up time must not change behaviour:
// chalk gets a supports-color stub (it would load node:tty and node:net at import), which is only
// sound while every Chalk the doctor makes names its colour level.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../cli/run.js';

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
    // The V8 flags went through process.binding('v8') where this Node has it (20/22; src/shared/v8-flags.ts):
    // node:v8 would load all of node:stream. The stderr file above is empty: no deprecation warning.
    // Nor node:crypto (and the node:stream it loads): the working tree's check of the lexicon files' stats is
    // an FNV-1a line (src/shared/fnv.ts), as an installed package never checks them.
    expect(modules).not.toContain('NativeModule crypto');
    expect(modules).not.toContain('NativeModule stream');
    const hasBinding = spawnSync(process.execPath, ['-e', "process.noDeprecation = true; process.binding('v8')"]).status === 0;
    expect(modules.includes('NativeModule v8')).toBe(!hasBinding);
    expect(modules).toContain('Internal Binding v8');
  });

  // /dev/null on stdout and stderr (a script keeping only the exit code; 'ignore' opens it): written with write(2)
  // like a file (src/shared/stdio.ts) — Node's own stream for a character device would load all of node:stream.
  // Another character device (/dev/zero) keeps the process's stream: the check is the null device's number.
  it.runIf(process.platform === 'linux')('a small paste with stdout on /dev/null loads no node:stream; /dev/zero keeps Node\'s stream', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-bundle-'));
    const paste = join(dir, 'paste.log');
    writeFileSync(paste, 'gateway connect failed: Error: pairing required\n');
    const modulesWith = (stdout: 'ignore' | number, name: string): string[] => {
      const loaded = join(dir, `${name}.txt`);
      const preload = join(dir, `${name}.cjs`);
      writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));\n`);
      const r = spawnSync(process.execPath, ['-r', preload, BIN, '--no-probe', '--no-env', '--json', '--log', paste], {
        stdio: ['ignore', stdout, 'ignore'],
        env: { ...process.env, NO_COLOR: '1', CLAWKIT_DOCTOR_NO_CACHE: '1' },
        timeout: 60_000,
      });
      expect(r.status, name).toBe(1);
      return readFileSync(loaded, 'utf8').split('\n');
    };
    const nul = modulesWith('ignore', 'null');
    expect(nul).toContain('NativeModule vm');
    expect(nul).not.toContain('NativeModule stream');
    const zero = openSync('/dev/zero', 'w');
    try {
      expect(modulesWith(zero, 'zero')).toContain('NativeModule internal/fs/sync_write_stream');
    } finally {
      closeSync(zero);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  // scripts/build.mjs defers semver's functions, json5, the config-schema store reader, chalk and commander: each import
  // site gets a stand-in that initialises the real module at its first use and records its name.
  describe('deferred modules', () => {
    const made: string[] = [];
    afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
    function diagnoseWith(args: string[], files: Record<string, string>, env: Record<string, string> = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'ckd-deferred-'));
      made.push(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const loaded = join(dir, 'deferred.json');
      const preload = join(dir, 'record.cjs');
      writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify([...(globalThis[Symbol.for('clawkit-doctor.deferred')] ?? [])].sort())));\n`);
      const argv = args.map((a) => a.replace('{dir}', dir));
      const r = spawnSync(process.execPath, ['-r', preload, BIN, ...argv], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', CI: '1', CLAWKIT_DOCTOR_NO_CACHE: '1', ...env },
        timeout: 60_000,
      });
      return { r, argv, deferred: JSON.parse(readFileSync(loaded, 'utf8')) as string[] };
    }
    /** The same run in process through tsc's output (dist/cli.js: the modules as written, nothing deferred). */
    async function unbundled(argv: string[], env: Record<string, string> = {}) {
      const { main } = (await import(join(ROOT, 'dist', 'cli.js'))) as { main: (argv: string[], io: unknown) => Promise<number> };
      let out = '';
      const stdout = Object.assign(new PassThrough(), { isTTY: false });
      stdout.on('data', (d: Buffer) => (out += d.toString()));
      const stderr = Object.assign(new PassThrough(), { isTTY: false });
      stderr.resume();
      const code = await main([process.execPath, BIN, ...argv], { stdin: Readable.from([]), stdout, stderr, env: { ...process.env, NO_COLOR: '1', CI: '1', ...env }, cwd: process.cwd(), homedir: homedir() });
      await new Promise((res) => setImmediate(res));
      return { code, out };
    }
    const strip = (out: string) => JSON.stringify(JSON.parse(out), (k, v: unknown) => (/(^ms$|Ms$|^timings?$)/.test(k) ? undefined : v));

    it('a small paste initialises none of them', () => {
      const { r, deferred } = diagnoseWith(['--no-probe', '--no-env', '--json', '--log', '{dir}/paste.log'], { 'paste.log': 'gateway connect failed: Error: pairing required\n' });
      expect(r.status).toBe(1);
      expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
      expect(deferred).toEqual([]);
    });

    it('commander is initialised only when the arguments are more than plain root options (src/cli-args.ts)', () => {
      const files = { 'paste.log': 'gateway connect failed: Error: pairing required\n' };
      const args = ['--no-probe', '--no-env', '--json', '--fail-on', 'warning', '--log', '{dir}/paste.log'];
      const fast = diagnoseWith(args, files);
      expect(fast.deferred).toEqual([]);
      // `--log=FILE`'s `=` form is read without commander too; `--fail-on warn` is commander's error (exit 2, one JSON document).
      expect(diagnoseWith(args.slice(0, -2).concat('--log={dir}/paste.log'), files).deferred).toEqual([]);
      const bad = diagnoseWith(['--json', '--fail-on', 'warn', '--log', '{dir}/paste.log'], files);
      expect(bad.deferred).toEqual(['commander/esm.mjs']);
      expect(bad.r.status).toBe(2);
      expect((JSON.parse(bad.r.stdout) as { error: { message: string } }).error.message).toContain("argument 'warn' is invalid");
      const list = diagnoseWith(['rules', 'list', '--json'], files);
      expect(list.r.status).toBe(0);
      expect(list.deferred).toEqual(['commander/esm.mjs']);
      expect(fast.r.status).toBe(1);
      expect((JSON.parse(fast.r.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    });

    it('chalk is initialised only by the human format, which colours as the unbundled modules do', async () => {
      const files = { 'paste.log': 'gateway connect failed: Error: pairing required\n' };
      for (const format of ['json', 'sarif', 'markdown', 'github']) expect(diagnoseWith(['--no-probe', '--no-env', '--format', format, '--log', '{dir}/paste.log'], files).deferred).toEqual([]);
      const args = ['--no-probe', '--no-env', '--log', '{dir}/paste.log'];
      const { r, argv, deferred } = diagnoseWith(args, files, { FORCE_COLOR: '1' });
      expect(deferred).toEqual(['chalk/source/index.js']);
      expect(r.stdout).toContain('\u001b['); // coloured: the deferred Chalk got its level
      const { code, out } = await unbundled(argv, { FORCE_COLOR: '1' });
      expect(code).toBe(r.status);
      expect(out).toBe(r.stdout);
      // --output: the file has the format, uncoloured, and the terminal the human report.
      const file = join(argv[argv.length - 1]!, '..', 'report.md');
      const withFile = diagnoseWith(['--no-probe', '--no-env', '--format', 'markdown', '--output', file, '--log', '{dir}/paste.log'], files, { FORCE_COLOR: '1' });
      expect(withFile.deferred).toEqual(['chalk/source/index.js']);
      expect(withFile.r.stdout).toContain('\u001b[');
      expect(readFileSync(file, 'utf8')).not.toContain('\u001b[');
    });

    it('a versioned paste with a JSON5 config initialises each where it is used, and answers as the unbundled modules do', async () => {
      const files = {
        'paste.log': 'OpenClaw 2026.3.13 (61d171a)\ngateway closed (1008): pairing required\n',
        // JSON5 (a comment, unquoted keys, a trailing comma) and a release with a config schema.
        'openclaw.json': '// written by hand\n{ meta: { lastTouchedVersion: "2026.3.13" }, gateway: { mode: "local", bind: "lan", auth: { mode: "token", token: "x" }, trustedProxies: ["10.0.0.0/8"], }, }\n',
      };
      const { r, argv, deferred } = diagnoseWith(['--no-probe', '--no-env', '--json', '--config', '{dir}/openclaw.json', '--log', '{dir}/paste.log'], files);
      expect(r.stderr).toBe('');
      expect(deferred).toEqual(['dist/shared/config-schemas/lib.mjs', 'json5/lib/index.js', 'semver/functions/compare.js', 'semver/functions/satisfies.js']);
      const doc = JSON.parse(r.stdout) as { inputs: { config: { found?: boolean; parseError?: unknown } }; errors: unknown[]; findings: unknown[] };
      expect(doc.errors).toEqual([]);
      expect(doc.findings.length).toBeGreaterThan(0);
      // The same run through tsc's output (dist/cli.js: the modules as written, nothing deferred).
      const { code, out } = await unbundled(argv);
      expect(code).toBe(r.status);
      expect(strip(out)).toBe(strip(r.stdout));
    });
  });
});

describe('the build id (src/rules/loader-cache.ts codeStamp)', () => {
  it('dist/cli.cjs carries a filled build id: a hash of the bundle and the schema, the rename table and the knowledge', () => {
    const ids = [...readFileSync(join(ROOT, 'dist', 'cli.cjs'), 'latin1').matchAll(/ckd-build:[0-9a-f]{32}/g)].map((m) => m[0]);
    expect(ids.length).toBe(1);
    expect(ids[0]).not.toBe(`ckd-build:${'0'.repeat(32)}`);
  });
});

describe('the story gates\' build-time table (src/shared/story-words.ts anyGateTable)', () => {
  it('dist/cli.cjs carries the table made from this lexicon, so a small paste never filters the gate literals at run time', async () => {
    const { anyGateTable, storyWords } = await import('../../src/shared/story-words.js');
    const line = readFileSync(join(ROOT, 'dist', 'cli.cjs'), 'latin1')
      .split('\n')
      .find((l) => /^\s*define_CKD_ANY_GATES_default = \[/.test(l));
    expect(line).toBeDefined();
    // The value is a plain literal (JSON made by scripts/build.mjs, printed by esbuild): evaluated apart from the bundle.
    const value: unknown = runInNewContext(`(${line!.slice(line!.indexOf('=') + 1).replace(/;\s*$/, '')})`);
    expect(value).toEqual(anyGateTable(storyWords()));
  });
});
