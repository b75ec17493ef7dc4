// `--fix --dry-run` shows an applicable diff (review24d's t3, hostile-input 2bh "Left (c)"): with a
// gateway token that is a plain word ("gateway"), the diff's redaction masked the `"gateway": {` key
// too, so the printed diff no longer applied and its stars told the reader the token. The diff now
// masks a secret where it may be the secret's value only; no secret value is ever printed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/shared/redact.js';
import { runInProcess } from '../cli/run.js';

describe('Redactor.redactDiff: a word secret is masked as a value, kept as a key only', () => {
  const r = new Redactor(['gateway', 'S3cretLongToken0123456789']);
  it('keeps keys (quoted and bare JSON5)', () => {
    for (const line of [' {', '   "gateway": {', '-  gateway: {', '+  "gateway" : { "bind": "lan" },', '+  { gateway: 1 }', '+  { "a": 1, gateway: 1 }'])
      expect(r.redactDiff(line)).toBe(line);
  });
  it('masks the whole value of a field that holds no secret, as the evidence does (review25a: the two disagreed)', () => {
    expect(r.redactDiff('+    "mode": "gateway",')).toBe('+    "mode": "***",');
    expect(r.redactDiff("   mode: 'gateway',")).toBe("   mode: '***',");
  });
  it('masks the value of a secret key, a value with no key on its line, and prose or a URL holding the word', () => {
    expect(r.redactDiff('-    "auth": { "mode": "token", "token": "gateway" }')).toBe('-    "auth": { "mode": "token", "token": "***" }');
    expect(r.redactDiff('+    botToken: \'gateway\',')).toBe("+    botToken: '***',");
    expect(r.redactDiff('+    password: "gateway"')).toBe('+    password: "***"');
    expect(r.redactDiff('     "gateway",')).toBe('     "***",');
    expect(r.redactDiff('+  tokens: ["gateway", "other"],')).toBe('+  tokens: ["***", "other"],');
    expect(r.redactDiff('   // my token is gateway')).toBe('   // my token is ***');
    expect(r.redactDiff('+  "url": "wss://h/?gateway"')).toBe('+  "url": "wss://h/?***"');
  });
  it('a secret that is not a plain word is masked everywhere, a key included', () => {
    expect(r.redactDiff('+  "S3cretLongToken0123456789": 1, "mode": "S3cretLongToken0123456789"')).toBe('+  "***": 1, "mode": "***"');
  });
  it('redact (every other output) still masks the word wherever it stands alone', () => {
    expect(r.redact('   "gateway": {')).toBe('   "***": {');
  });
  it('the report\'s JSON walk masks a fix diff (a string the fixer marked) the same way', () => {
    const diff = r.markFixerDiff('   "gateway": {\n-    "token": "gateway"');
    expect(r.redactJson({ fix: { diff } })).toEqual({ fix: { diff: '   "gateway": {\n-    "token": "***"' } });
  });
});

interface Doc { fix: { diff: string; diffApplies: boolean } }

/** The printed diff of the human report: from `--- a/` to the blank line after it. */
function humanDiff(out: string): string {
  const start = out.indexOf('--- a/openclaw.json');
  expect(start).toBeGreaterThanOrEqual(0);
  return out.slice(start, out.indexOf('\n\n', start) + 1);
}

/** Apply a diff with `patch -p1` and `git apply` to copies of the config; both must succeed and agree. */
function applyBoth(config: string, diff: string, root: string): string {
  const results: string[] = [];
  for (const tool of ['patch', 'git'] as const) {
    const dir = mkdtempSync(join(root, `${tool}-`));
    copyFileSync(config, join(dir, 'openclaw.json'));
    writeFileSync(join(dir, 'fix.patch'), diff);
    const res = tool === 'patch'
      ? spawnSync('patch', ['-p1', '-d', dir, '-i', join(dir, 'fix.patch')], { encoding: 'utf8' })
      : spawnSync('git', ['apply', '--unsafe-paths', '--directory=.', 'fix.patch'], { cwd: dir, encoding: 'utf8' });
    expect(res.status, `${tool}: ${res.stdout}${res.stderr}`).toBe(0);
    results.push(readFileSync(join(dir, 'openclaw.json'), 'utf8'));
  }
  expect(results[1]).toBe(results[0]);
  return results[0]!;
}

describe('end to end: --dry-run prints a diff that applies, with no secret value in it', () => {
  const root = mkdtempSync(join(tmpdir(), 'ckd-diffword-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const args = ['--no-probe', '--no-env', '--dry-run', '--yes', '--openclaw-version', '2026.9.6'];

  // A secret in the config sits more than 3 lines away from the change (outside the hunk's context);
  // with the word token (from the environment) the `"gateway"` key is inside it.
  const cases = [
    { name: 'a word token ("gateway", from the environment)', secrets: ['gateway'], env: { OPENCLAW_GATEWAY_TOKEN: 'gateway' } as Record<string, string>, auth: '"mode": "token"' },
    { name: 'a long token', secrets: ['tok3nLong0123456789abcdefXYZ'], env: {} as Record<string, string>, auth: '"mode": "token", "token": "tok3nLong0123456789abcdefXYZ"' },
    { name: 'a password', secrets: ['horse-Battery-9'], env: {} as Record<string, string>, auth: '"mode": "password", "password": "horse-Battery-9"' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const home = mkdtempSync(join(root, 'home-'));
      mkdirSync(join(home, '.openclaw'));
      const config = join(home, '.openclaw', 'openclaw.json');
      const more = c.env.OPENCLAW_GATEWAY_TOKEN ? '' : '    "port": 18789,\n    "controlUi": { "enabled": true },\n    "tailscale": { "mode": "off" },\n';
      writeFileSync(config, `{\n  "channels": {\n    "telegram": {\n      "enabled": false\n    }\n  },\n  "gateway": {\n    "auth": { ${c.auth} },\n${more}    "bind": "lan"\n  }\n}\n`);
      const env = { HOME: home, ...c.env };
      const human = await runInProcess(args, '', env);
      const json = JSON.parse((await runInProcess([...args, '--json'], '', env)).stdout) as Doc;
      const patchOut = join(root, `raw-${c.secrets[0]!.length}.patch`);
      await runInProcess([...args, '--patch-out', patchOut], '', env);
      const expected = applyBoth(config, readFileSync(patchOut, 'utf8'), root);
      expect(JSON.parse(expected).gateway.mode).toBe('local');
      expect(human.stdout).toContain('+    "mode": "local"');
      expect(human.stdout).toContain('to apply it yourself');
      expect(json.fix.diffApplies).toBe(true);
      expect(json.fix.diff).toBe(humanDiff(human.stdout));
      expect(applyBoth(config, humanDiff(human.stdout), root)).toBe(expected);
      expect(applyBoth(config, json.fix.diff, root)).toBe(expected);
      if (c.secrets[0] === 'gateway') {
        // Before: `"***": {`, and `patch` rejected the hunk.
        expect(human.stdout).not.toContain('"***"');
        expect(human.stdout).toContain('   "gateway": {');
        expect(json.fix.diff).toContain('   "gateway": {');
      } else {
        for (const s of c.secrets) expect(human.stdout + JSON.stringify(json)).not.toContain(s);
      }
    });
  }

  it('a secret inside the hunk is masked in human and JSON output and the diff says it cannot be applied as printed', async () => {
    const home = mkdtempSync(join(root, 'home-'));
    mkdirSync(join(home, '.openclaw'));
    writeFileSync(join(home, '.openclaw', 'openclaw.json'), '{\n  "gateway": {\n    "bind": "lan",\n    "auth": { "mode": "token", "token": "gateway", "password": "pa55-Word-x" }\n  }\n}\n');
    const human = await runInProcess(args, '', { HOME: home });
    const json = JSON.parse((await runInProcess([...args, '--json'], '', { HOME: home })).stdout) as Doc;
    for (const d of [humanDiff(human.stdout), json.fix.diff]) {
      expect(d).toContain('   "gateway": {');
      expect(d).toContain('"token": "***", "password": "***"');
      expect(d).not.toMatch(/"token": "gateway"|pa55-Word-x/);
    }
    expect(json.fix.diffApplies).toBe(false);
    expect(human.stdout).toContain('cannot be applied as printed');
    // The rule's own words keep the word; no finding's text shows the value.
    expect(human.stdout).toContain('(this machine runs the gateway)');
    expect(human.stdout + JSON.stringify(json)).not.toMatch(/"token": ?"gateway"|pa55-Word-x/);
  });
});
