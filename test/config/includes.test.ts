// `$include` resolved with OpenClaw's semantics (2026.9.6 src/config/includes.ts), and --fix never
// writes where an included file decides the value.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveIncludes, includedFileAt } from '../../src/collectors/config/includes.js';
import { APPLY_YES, factsFor, fix, tempDir, writeConfig } from '../fixer/helpers.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadBuiltinRules } from '../../src/rules/load.js';

function tree(files: Record<string, string>): string {
  const dir = tempDir('ckd-inc-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('resolveIncludes', () => {
  it('relative to the including file, nested, list in order, keys beside $include win, arrays concatenate', () => {
    const dir = tree({
      'parts/gw.json5': '{ $include: "./auth.json5", bind: "lan", port: 1 }',
      'parts/auth.json5': '{ auth: { mode: "token", token: "from-auth-file" } }',
      'a.json5': '{ gateway: { trustedProxies: ["10.0.0.1"], port: 2 } }',
      'b.json5': '{ gateway: { trustedProxies: ["10.0.0.2"], port: 3 } }',
    });
    const cfg = path.join(dir, 'openclaw.json');
    const r = resolveIncludes({ $include: ['./a.json5', './b.json5'], gateway: { $include: './parts/gw.json5', port: 4 } }, cfg);
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual({ gateway: { trustedProxies: ['10.0.0.1', '10.0.0.2'], bind: 'lan', port: 4, auth: { mode: 'token', token: 'from-auth-file' } } });
    expect(r.keyFiles['/gateway/bind']).toBe(path.join(dir, 'parts/gw.json5'));
    expect(r.keyFiles['/gateway/auth/token']).toBe(path.join(dir, 'parts/auth.json5'));
    expect(r.keyFiles['/gateway/port']).toBeUndefined(); // the main file's sibling wins
    expect(includedFileAt(r.keyFiles, '/gateway/auth')).toBe(path.join(dir, 'parts/auth.json5'));
  });

  it("reports OpenClaw's errors: missing file, escape from the config directory, a cycle", () => {
    const dir = tree({ 'loop.json5': '{ $include: "./loop2.json5" }', 'loop2.json5': '{ $include: "./loop.json5" }' });
    const cfg = path.join(dir, 'openclaw.json');
    expect(resolveIncludes({ $include: './missing.json5' }, cfg).error).toMatch(/^Failed to read include file: \.\/missing\.json5 \(resolved: /);
    expect(resolveIncludes({ $include: '../outside.json5' }, cfg).error).toMatch(/^Include path escapes config directory/);
    expect(resolveIncludes({ $include: './loop.json5' }, cfg).error).toMatch(/^Circular include detected/);
  });
});

describe('the doctor on a config with $include', () => {
  it('knows the included keys: no "unknown key gateway.$include", no mode-unset, the included remote mode is seen', async () => {
    const dir = tree({ 'gw.json5': '{ mode: "remote", remote: { url: "ws://127.0.0.1:18789", token: "included-remote-token-42" } }' });
    const cfg = writeConfig(dir, '{ gateway: { $include: "./gw.json5", auth: { mode: "token", token: "abcdefabcdefabcdef12" } } }');
    const facts = await factsFor(cfg, { version: '2026.9.6' });
    expect(facts.config?.value).toMatchObject({ gateway: { mode: 'remote' } });
    expect(facts.config?.derived?.modeUnset).not.toBe(true);
    expect(facts.config?.derived?.unknownKeys).toBeUndefined();
    // a secret in an included file is masked like one in the main file
    expect(facts.config?.derived?.secrets).toContain('included-remote-token-42');
    const ids = evaluate(await loadBuiltinRules(), facts).findings.map((f) => f.ruleId);
    expect(ids).not.toContain('gateway-down/mode-unset');
    expect(ids).not.toContain('config-parse/unknown-gateway-key');
  });

  it('--fix --yes never writes a key an included file sets, and names that file', async () => {
    const dir = tree({ 'ts.json5': '{ gateway: { tailscale: { resetOnExit: true } } }' });
    const main = '{\n  $include: "./ts.json5",\n  gateway: { mode: "local", auth: { mode: "token", token: "abcdefabcdefabcdef12" } },\n}\n';
    const cfg = writeConfig(dir, main);
    const r = await fix(cfg, APPLY_YES, { version: '2026.9.6' });
    const s = r.skipped.find((x) => x.ruleId === 'tailscale/tailscale-reset-on-exit-retired');
    expect(s?.reason).toBe('included-file');
    expect(s?.detail).toContain(path.join(dir, 'ts.json5'));
    expect(fs.readFileSync(cfg, 'utf8')).toBe(main);
    expect(fs.readFileSync(path.join(dir, 'ts.json5'), 'utf8')).toContain('resetOnExit');
  });

  it('an include that cannot be read is an error finding, and --fix writes nothing', async () => {
    const main = '{\n  $include: "./missing.json5",\n  gateway: { mode: "local", auth: { mode: "token", token: "abcdefabcdefabcdef12" }, tailscale: { resetOnExit: true } },\n}\n';
    const dir = tempDir('ckd-inc-');
    const cfg = writeConfig(dir, main);
    const facts = await factsFor(cfg, { version: '2026.9.6' });
    const found = evaluate(await loadBuiltinRules(), facts).findings.find((f) => f.ruleId === 'gateway-down/include-gateway-down');
    expect(found?.severity).toBe('error');
    expect(found?.message).toContain('Failed to read include file: ./missing.json5');
    const r = await fix(cfg, APPLY_YES, { version: '2026.9.6' });
    expect(r.skipped.find((x) => x.ruleId === 'tailscale/tailscale-reset-on-exit-retired')?.reason).toBe('included-file');
    expect(fs.readFileSync(cfg, 'utf8')).toBe(main);
  });
});
