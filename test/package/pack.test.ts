// The published package must run without TypeScript or the repo: pack it, install the tarball
// into an empty directory, and use it like a user would.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let installDir = '';
let files: string[] = [];

beforeAll(() => {
  const packDir = mkdtempSync(join(tmpdir(), 'ckd-pack-'));
  // --ignore-scripts: `npm test` has just built dist/; packing must not rebuild under our feet.
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' });
  const info = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = info[0]!.files.map((f) => f.path);
  const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
  installDir = mkdtempSync(join(tmpdir(), 'ckd-install-'));
  writeFileSync(join(installDir, 'package.json'), '{"private":true}');
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: installDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}, 300_000);

describe('npm package', () => {
  it('ships only what runs', () => {
    expect(files).toContain('bin/clawkit-doctor.js');
    expect(files).toContain('bin/package.json'); // makes the launcher CommonJS
    expect(files).toContain('dist/cli.cjs');
    expect(files).toContain('dist/rules.bundle.json');
    expect(files).toContain('schema/rule.schema.json');
    expect(files).toContain('knowledge/gateway-owners.json'); // read by the derive stage (whose gateway)
    expect(files.some((f) => f.startsWith('rules/'))).toBe(true);
    for (const f of files) expect(f).not.toMatch(/^(src|test|fixtures|scripts|notes|\.ci)\//);
    // Only the library's type declarations (dist/types/**.d.ts), never TypeScript sources.
    expect(files.filter((f) => f.endsWith('.ts') && !(f.startsWith('dist/types/') && f.endsWith('.d.ts')))).toEqual([]);
    expect(files).toContain('dist/types/api/index.d.ts');
  });

  it('a program imports the library and its health checks from the installed tarball', () => {
    const config = join(installDir, 'openclaw.json');
    writeFileSync(config, '{ gateway: { mode: "local", auth: { mode: "token", token: "abcdefabcdef0123456789" } } }\n', { mode: 0o600 });
    const script = [
      "const { diagnose } = await import('clawkit-doctor');",
      "const { createHealthChecks } = await import('clawkit-doctor/openclaw');",
      "const r = await diagnose({ paste: 'disconnected (1008): pairing required', probe: false, env: false, configPath: process.env.CKD_CONFIG });",
      "console.log(JSON.stringify({ first: r.findings[0]?.category, exit: r.summary.exitCode, checks: createHealthChecks().length }));",
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: installDir, encoding: 'utf8', env: { ...process.env, CKD_CONFIG: config } });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { first: string; exit: number; checks: number };
    expect(out.first).toBe('pairing');
    expect(out.exit).toBe(1);
    expect(out.checks).toBeGreaterThan(0);
  });

  it('has an executable launcher in the repo (npx in a fresh clone runs it directly)', () => {
    expect(statSync(join(ROOT, 'bin', 'clawkit-doctor.js')).mode & 0o111).not.toBe(0);
  });

  it('runs --version and a paste diagnosis from the installed tarball', () => {
    const bin = join(installDir, 'node_modules', '.bin', 'clawkit-doctor');
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const r = spawnSync(bin, ['--no-probe', '--json', '--log', '-'], { input: 'disconnected (1008): pairing required\n', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { findings: Array<{ category: string }>; tool: { name: string } };
    expect(doc.tool.name).toBe('clawkit-doctor');
    expect(doc.findings[0]?.category).toBe('pairing');
    expect(r.status).toBe(1);
  });

  it('answers a prose paste from the shipped lexicon index, never rebuilding it (npm pack gives every file one mtime)', () => {
    const bin = join(installDir, 'node_modules', '.bin', 'clawkit-doctor');
    // A rebuild reads the lexicon files: with one of them unreadable as JSON it would fail.
    const en = join(installDir, 'node_modules', 'clawkit-doctor', 'lexicon', 'en.json');
    const text = readFileSync(en, 'utf8');
    writeFileSync(en, '{ not json');
    try {
      const paste = 'I put nginx in front of the gateway with a certificate. The page loads over https but the websocket never connects; the nginx log shows the upgrade answered with 400.\n';
      const r = spawnSync(bin, ['--no-probe', '--no-env', '--json', '--log', '-'], { input: paste, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.stderr).toBe('');
      const doc = JSON.parse(r.stdout) as { findings: Array<{ candidate?: { kind: string } }> };
      expect(doc.findings[0]?.candidate?.kind).toBe('lexical');
    } finally {
      writeFileSync(en, text);
    }
  });
});
