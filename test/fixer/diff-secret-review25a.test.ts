// review25a's four leaks in the `--fix --dry-run` diff redaction (hostile-input 2bn): a user config key named
// `diff` took the diff mode; a quoted word before `:` in a comment or a string counted as a key; the diff kept a
// non-secret key's value that the evidence masked (comparing the two told the token); a JSON5 line
// continuation split the secret into pieces that printed. Each case fails on the tree before (7b0ba79).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/shared/redact.js';
import { runInProcess } from '../cli/run.js';

describe('Redactor: review25a unit cases', () => {
  const r = new Redactor(['zebra']);
  it('1: a config key named `diff` is user data; only a diff the fixer marked keeps a word key', () => {
    expect(JSON.stringify(r.redactJson({ config: { gateway: { diff: 'zebra: 1' } } }))).not.toContain('zebra');
    expect(JSON.stringify(r.redactJson({ diff: '   "zebra": 1' }))).not.toContain('zebra');
    const marked = r.markFixerDiff('   "zebra": 1,\n+  "mode": "zebra"');
    expect(r.redactJson({ fix: { diff: marked } })).toEqual({ fix: { diff: '   "zebra": 1,\n+  "mode": "***"' } });
  });
  it('2: a quoted word before `:` in a comment or a string value is not a key', () => {
    for (const line of [
      '+    /* token "zebra" : rotate monthly */',
      '   // "zebra": that is my gateway token',
      '+  "note": "the token is \'zebra\': keep it",',
      '+  note: "x", // zebra: the bind',
    ])
      expect(r.redactDiff(line)).not.toContain('zebra');
    // A block comment over several lines, opened inside the hunk or before it.
    expect(r.redactDiff('@@ -1,3 +1,3 @@\n   /*\n    zebra: rotate\n   */\n   "a": 1')).not.toContain('zebra');
    expect(r.redactDiff('@@ -1,3 +1,3 @@\n    zebra: rotate\n   */\n   "a": 1')).not.toContain('zebra');
  });
  it('3: the value of a key that holds no secret is masked, as the evidence masks it', () => {
    const t = new Redactor(['token']);
    expect(t.redactDiff('     "auth": { "mode": "token", "token": "token" },')).toBe('     "auth": { "mode": "***", "token": "***" },');
    expect(JSON.stringify(t.redactJson({ value: { auth: { mode: 'token', token: 'token' } } }))).toBe('{"value":{"auth":{"mode":"***","token":"***"}}}');
  });
  it('4: a secret split by a JSON5 line continuation prints no piece (diff, and any other text)', () => {
    const out = r.redactDiff('@@ -2,3 +2,3 @@\n     auth: { mode: "token", token: "zeb\\\n ra" },\n-    bind: "lan"');
    expect(out).toBe('@@ -2,3 +2,3 @@\n     auth: { mode: "token", token: "***\\\n ***" },\n-    bind: "lan"');
    expect(r.redact('token: "ze\\\nb\\\r\nra"')).toBe('token: "***\\\n***\\\r\n***"');
  });
});

/** A small deterministic generator (the failures print the seed's config). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('property: a word token placed as value, comment or other value never prints in a diff; as a key it prints only as the key', () => {
  it('400 random config diffs', () => {
    const word = 'quokkazebra';
    const r = new Redactor([word]);
    for (let seed = 1; seed <= 400; seed++) {
      const rand = rng(seed);
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const q = pick(['"', "'"]);
      const places = [
        `"token": ${q}${word}${q},`,
        `mode: ${q}${word}${q},`,
        `"note": "the token is ${q}${word}${q}: keep it",`,
        `// ${q}${word}${q}: my token`,
        `/* token ${q}${word}${q} : rotate */`,
        `"list": ["a", ${q}${word}${q}],`,
        `"url": "wss://h/?${word}",`,
        `"x": 1, /* ${word}: */ "y": 2,`,
      ];
      const lines = ['{', '  "gateway": {', `    ${pick(places)}`, '    "bind": "lan",', `    ${pick(places)}`, '  }', '}'];
      const asKey = rand() < 0.3;
      if (asKey) lines.splice(2, 0, `    ${pick(['"', "'", ''])}${word}${pick(['"', "'", ''])}: 1,`.replace(/^( {4})(["']?)(\w+)["']?(: 1,)$/, '$1$2$3$2$4'));
      const diff = '--- a/openclaw.json\n+++ b/openclaw.json\n@@ -1,7 +1,8 @@\n' + lines.map((l) => (l.includes('"bind"') ? `-${l}\n+${l.replace('lan', 'loopback')}` : ` ${l}`)).join('\n');
      const out = r.redactDiff(diff);
      const count = out.split(word).length - 1;
      expect(count, `seed ${seed}:\n${diff}\n→\n${out}`).toBe(asKey ? 1 : 0);
      if (asKey) expect(out, `seed ${seed}`).toMatch(new RegExp(`^ {5}["']?${word}["']?: 1,$`, 'm'));
    }
  });
});

describe('end to end (review25a configs): human, --json, markdown and SARIF print no piece of the token', () => {
  const root = mkdtempSync(join(tmpdir(), 'ckd-review25a-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const args = ['--no-probe', '--no-env', '--dry-run', '--yes', '--openclaw-version', '2026.9.6'];
  const configs: Record<string, string> = {
    'a config key named diff (c8, c10)': '{\n  "diff": "zebra: 1",\n  "gateway": { "bind": "lan", "diff": "zebra: 1", "auth": { "token": "zebra" } }\n}\n',
    'a quoted word before `:` in a comment inside the hunk (c13)':
      '{\n  gateway: {\n    auth: { mode: "token", token: "zebra" },\n    controlUi: { enabled: true },\n    tailscale: { mode: "off" },\n    port: 18789,\n    /* token "zebra" : rotate monthly */\n    bind: "lan"\n  }\n}\n',
    'a JSON5 line continuation inside the token (c12)': '{\n  gateway: {\n    auth: { mode: "token", token: "zeb\\\nra" },\n    bind: "lan"\n  }\n}\n',
  };
  for (const [name, text] of Object.entries(configs)) {
    it(name, async () => {
      const home = mkdtempSync(join(root, 'home-'));
      mkdirSync(join(home, '.openclaw'));
      writeFileSync(join(home, '.openclaw', 'openclaw.json'), text);
      const outs: string[] = [];
      for (const f of [[], ['--json'], ['--format', 'markdown'], ['--format', 'sarif']]) outs.push((await runInProcess([...args, ...f], '', { HOME: home })).stdout);
      // A diff is printed (the token's line in its hunk), so the checks below see it.
      expect(outs[0]).toContain('--- a/openclaw.json');
      expect((JSON.parse(outs[1]!) as { fix: { diff: string } }).fix.diff).toMatch(/^[-+ ].*token/m);
      for (const o of outs) {
        expect(o).not.toMatch(/zebra|zeb\\|^.?ra" \}/m);
      }
    });
  }

  it('token "token": the diff and the evidence agree about `mode` (both masked), and the diff says it does not apply', async () => {
    const home = mkdtempSync(join(root, 'home-'));
    mkdirSync(join(home, '.openclaw'));
    writeFileSync(join(home, '.openclaw', 'openclaw.json'), '{\n  "gateway": {\n    "auth": { "mode": "token", "token": "token" },\n    "bind": "lan"\n  }\n}\n');
    const human = (await runInProcess(args, '', { HOME: home })).stdout;
    const json = JSON.parse((await runInProcess([...args, '--json'], '', { HOME: home })).stdout) as { fix: { diff: string; diffApplies: boolean } };
    for (const d of [human, json.fix.diff]) expect(d).toContain('"auth": { "mode": "***", "token": "***" }');
    expect(human).toContain('{"auth":{"mode":"***","token":"***"}');
    expect(human + JSON.stringify(json)).not.toMatch(/"mode": ?"token"|"token": ?"token"/);
    expect(json.fix.diffApplies).toBe(false);
    expect(human).toContain('cannot be applied as printed');
  });
});
