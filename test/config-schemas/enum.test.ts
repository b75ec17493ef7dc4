// A value outside a release's enum (a zod union of literals: gateway.bind, gateway.auth.mode) is an issue
// that names the values the release allows, read from the stored release schemas, and the doctor's
// finding (config-parse/schema-violation) names them for the release the user runs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM helper without type declarations (scripts/ is not compiled)
import * as lib from '../../src/shared/config-schemas/lib.mjs';
import { STORE } from './store.js';
import { runInProcess } from '../cli/run.js';

const versions: string[] = lib.listReleases(STORE);
const BASE = { mode: 'local', bind: 'loopback', port: 18789, auth: { mode: 'token', token: 'my-token' } };

describe.each(versions)('release %s: a value outside an enum', (version) => {
  const { schema } = lib.loadRelease(STORE, version);
  const paths = lib.walkPaths(schema) as Map<string, { enum?: unknown[] }>;
  it.each([
    ['gateway.bind', { gateway: { ...BASE, bind: '0.0.0.0' } }],
    ['gateway.auth.mode', { gateway: { ...BASE, auth: { mode: 'bogus-mode' } } }],
  ])('%s: one issue, naming exactly the values the release allows', (p, config) => {
    const allowed = paths.get(p)?.enum;
    expect(allowed?.length).toBeGreaterThan(1);
    const issues = lib.validateConfig(schema, config) as Array<{ path: string; kind: string; expected?: unknown[] }>;
    expect(issues.map((i) => `${i.kind}:${i.path}`)).toEqual([`invalid:${p}`]);
    expect([...(issues[0]!.expected ?? [])].sort()).toEqual([...allowed!].sort());
    // Every allowed value passes.
    for (const v of allowed!) {
      const ok = p === 'gateway.bind' ? { gateway: { ...BASE, bind: v } } : { gateway: { ...BASE, auth: { mode: v, token: 'my-token', password: 'my-password', trustedProxy: { userHeader: 'x-user' } } } };
      expect(lib.validateConfig(schema, ok).filter((i: { path: string }) => i.path === p)).toEqual([]);
    }
  });
});

describe('end to end: the schema finding names the allowed values of the release the user runs', () => {
  const home = mkdtempSync(join(tmpdir(), 'ckd-enum-'));
  mkdirSync(join(home, '.openclaw'));
  writeFileSync(join(home, '.openclaw', 'openclaw.json'), '{ gateway: { mode: "local", bind: "loopback", auth: { mode: "bogus-mode", token: "S3cretTokenValue-0123456789" } } }\n');
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  it.each([
    ['2026.1.29', '"token", "password"'],
    ['2026.9.6', '"none", "token", "password", "trusted-proxy"'],
  ])('%s', async (version, named) => {
    const out = await runInProcess(['--no-probe', '--no-env', '--json', '--openclaw-version', version], '', { HOME: home });
    const doc = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; message: string }> };
    const f = doc.findings.find((x) => x.ruleId === 'config-parse/schema-violation');
    expect(f?.message).toContain(`gateway.auth.mode must be one of ${named}`);
    expect(out.stdout).not.toContain('S3cretTokenValue');
  });
});
