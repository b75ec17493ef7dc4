// clawkit findings as OpenClaw 2026.9.x HealthFindings: the mapping is pinned field by field, and
// the checks detect, scope and repair the way OpenClaw's doctor drives them.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { toHealthFinding, inScope } from '../../src/api/health-mapping.js';
import { createHealthChecks, type HealthCheckContext, type HealthFinding } from '../../src/api/openclaw.js';
import { CATEGORIES, type Finding } from '../../src/types.js';

const TOKEN = 'tok-health-cccccccccccc3';
const BROKEN = `{\n  gateway: { mode: "local", bind: "127.0.0.1", port: 18789, auth: { type: "token", token: "${TOKEN}" } },\n}\n`;

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ckd-health-')), 'openclaw.json');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}
function ctxFor(file: string, cfg: Record<string, unknown> = {}): HealthCheckContext {
  return { mode: 'lint', runtime: { log: () => {}, error: () => {}, exit: () => {} }, cfg, configPath: file, env: {} };
}
async function detectAll(file: string, ctx = ctxFor(file)): Promise<HealthFinding[]> {
  const out: HealthFinding[] = [];
  for (const c of createHealthChecks()) out.push(...(await c.detect(ctx)));
  return out;
}

describe('finding → HealthFinding', () => {
  const base: Finding = {
    ruleId: 'port-bind/bind-host-alias',
    category: 'port-bind',
    severity: 'error',
    status: 'fail',
    title: 'gateway.bind is a host address',
    message: '/x/openclaw.json:3:35: gateway.bind is "127.0.0.1", a host address.',
    evidence: [{ source: 'config', path: 'config.value.gateway.bind', value: '127.0.0.1', file: '/x/openclaw.json', line: 3, column: 35 }],
    fix: { tier: 'safe', summary: 'Write gateway.bind as "loopback".', steps: ['Set gateway.bind to "loopback".'], patch: [{ op: 'test', path: '/gateway/bind', value: '127.0.0.1' }] },
    specificity: 80,
  };

  it('maps every field', () => {
    expect(toHealthFinding(base, 'clawkit/port-bind', '/x/openclaw.json')).toEqual({
      checkId: 'clawkit/port-bind',
      severity: 'error',
      message: 'gateway.bind is "127.0.0.1", a host address.',
      source: 'clawkit-doctor',
      errorCode: 'port-bind/bind-host-alias',
      path: 'gateway.bind',
      line: 3,
      column: 35,
      fixHint: 'Write gateway.bind as "loopback".',
    });
  });

  it('takes the path from the patch when the evidence is a derived fact, the location from the message', () => {
    const f: Finding = {
      ...base,
      severity: 'warning',
      message: '/x/openclaw.json:4:9: gateway.auth has "type".',
      evidence: [{ source: 'config', path: 'config.derived.authTypeAsMode', value: 'token' }],
      fix: { tier: 'safe', steps: ['Rename "type" to "mode".'], patch: [{ op: 'move', from: '/gateway/auth/type', path: '/gateway/auth/mode' }] },
    };
    expect(toHealthFinding(f, 'clawkit/auth-config-shape', '/x/openclaw.json')).toMatchObject({ severity: 'warning', path: 'gateway.auth.type', line: 4, column: 9, fixHint: 'Rename "type" to "mode".', message: 'gateway.auth has "type".' });
  });

  it('leaves out what a finding does not have and cuts templated pointer segments', () => {
    const f: Finding = { ...base, message: 'no location', evidence: [{ source: 'paste', line: 2, text: 'x' }], fix: { tier: 'manual', steps: [], patch: [{ op: 'replace', path: '/gateway/trustedProxies/{{index}}', value: 'x' }] } };
    const h = toHealthFinding(f, 'clawkit/trusted-proxy');
    expect(h).toEqual({ checkId: 'clawkit/trusted-proxy', severity: 'error', message: 'no location', source: 'clawkit-doctor', errorCode: 'port-bind/bind-host-alias', path: 'gateway.trustedProxies' });
  });

  it('scopes by path (itself, parent or child) or by the repaired finding', () => {
    const h: HealthFinding = { checkId: 'clawkit/port-bind', severity: 'error', message: 'm', errorCode: 'r/x', path: 'gateway.bind' };
    expect(inScope(h, undefined)).toBe(true);
    expect(inScope(h, { paths: ['gateway.bind'] })).toBe(true);
    expect(inScope(h, { paths: ['gateway'] })).toBe(true);
    expect(inScope(h, { paths: ['gateway.auth'] })).toBe(false);
    expect(inScope({ ...h, path: undefined }, { findings: [{ ...h, path: undefined }] })).toBe(true);
    expect(inScope({ ...h, path: undefined }, { paths: ['gateway.port'] })).toBe(false);
  });
});

describe('createHealthChecks()', () => {
  it('is one plugin check per cause area, created without loading anything', () => {
    const checks = createHealthChecks();
    expect(checks.map((c) => c.id)).toEqual(CATEGORIES.map((c) => `clawkit/${c}`));
    for (const c of checks) {
      expect(c).toMatchObject({ kind: 'plugin', source: 'clawkit-doctor' });
      expect(c.description).toMatch(/^clawkit-doctor: /);
      expect(typeof c.repair).toBe('function');
    }
    expect(createHealthChecks({ categories: ['port-bind'] }).map((c) => c.id)).toEqual(['clawkit/port-bind']);
  });

  it('detects from the authored file, masks secrets, and every check reads one diagnosis', async () => {
    const file = configFile(BROKEN);
    const found = await detectAll(file);
    const byCode = new Map(found.map((f) => [f.errorCode, f]));
    expect(byCode.get('port-bind/bind-host-alias')).toMatchObject({ checkId: 'clawkit/port-bind', severity: 'error', path: 'gateway.bind', line: 2, column: 35 });
    expect(byCode.get('auth-config-shape/auth-type-key')).toMatchObject({ checkId: 'clawkit/auth-config-shape', path: 'gateway.auth.type', line: 2 });
    expect(JSON.stringify(found)).not.toContain(TOKEN);
  });

  it('never throws: a failure is an error finding', async () => {
    const [check] = createHealthChecks({ categories: ['port-bind'], rules: ['/nonexistent/rules'] });
    const found = await check!.detect(ctxFor(configFile(BROKEN)));
    expect(found).toEqual([expect.objectContaining({ checkId: 'clawkit/port-bind', severity: 'error', message: expect.stringMatching(/could not check the config/) })]);
  });

  it('repair returns the repaired config for doctor to write, a masked diff and effects; a dry run returns no config', async () => {
    const file = configFile(BROKEN);
    const [check] = createHealthChecks({ categories: ['port-bind'] });
    const ctx = ctxFor(file);
    const findings = await check!.detect(ctx);
    const rctx = { ...ctx, mode: 'fix' as const };
    const res = await check!.repair!(rctx, findings);
    expect(res.status).toBe('repaired');
    expect((res.config?.gateway as Record<string, unknown>).bind).toBe('loopback');
    // Only this check's rules: the auth shape belongs to clawkit/auth-config-shape.
    expect((res.config?.gateway as Record<string, { type?: string }>).auth!.type).toBe('token');
    expect(res.changes).toEqual(['port-bind/bind-host-alias: Write gateway.bind as "loopback".']);
    expect(res.diffs).toEqual([expect.objectContaining({ kind: 'config', path: file, unifiedDiff: expect.stringContaining('+  gateway: { mode: "local", bind: "loopback"') })]);
    expect(JSON.stringify(res.diffs)).not.toContain(TOKEN);
    expect(res.effects).toEqual([expect.objectContaining({ kind: 'config', target: file })]);
    expect(readFileSync(file, 'utf8')).toBe(BROKEN);

    const dry = await check!.repair!({ ...rctx, dryRun: true }, findings);
    expect(dry.status).toBe('skipped');
    expect(dry.config).toBeUndefined();
    expect(dry.diffs?.[0]?.unifiedDiff).toBe(res.diffs?.[0]?.unifiedDiff);
  });

  it('chains repairs the way doctor --fix does: each reads the config the last one returned, before anything is written', async () => {
    const file = configFile(BROKEN);
    const checks = createHealthChecks();
    let ctx = ctxFor(file);
    const repaired: HealthFinding[] = [];
    for (const c of checks) {
      const found = (await c.detect(ctx)).filter((f) => f.errorCode === 'port-bind/bind-host-alias' || f.errorCode === 'auth-config-shape/auth-type-key');
      if (!found.length) continue;
      const res = await c.repair!({ ...ctx, mode: 'fix' }, found);
      expect(res.status).toBe('repaired');
      expect(res.diffs?.[0]?.path).toBe(file);
      ctx = { ...ctx, cfg: res.config! };
      repaired.push(...found);
      // The scoped re-detect sees the returned config, not the file doctor has not written yet.
      expect(await c.detect(ctx, { findings: found, paths: found.map((f) => f.path!) })).toEqual([]);
    }
    expect(repaired.map((f) => f.errorCode).sort()).toEqual(['auth-config-shape/auth-type-key', 'port-bind/bind-host-alias']);
    expect(ctx.cfg.gateway).toMatchObject({ bind: 'loopback', auth: { mode: 'token', token: TOKEN } });
    expect(readFileSync(file, 'utf8')).toBe(BROKEN);
  });

  it('with write: true, repair writes the file (backup) and the scoped re-detect is empty', async () => {
    const file = configFile(BROKEN);
    const checks = createHealthChecks({ write: true });
    const ctx = ctxFor(file);
    for (const c of checks) {
      const found = await c.detect(ctx);
      const fixable = found.filter((f) => f.errorCode === 'port-bind/bind-host-alias' || f.errorCode === 'auth-config-shape/auth-type-key');
      if (!fixable.length) continue;
      const res = await c.repair!({ ...ctx, mode: 'fix' }, fixable);
      expect(res.status).toBe('repaired');
      expect(res.config).toBeUndefined();
      const paths = [...new Set(fixable.map((f) => f.path!))];
      expect(await c.detect({ ...ctx, cfg: {} }, { findings: fixable, paths })).toEqual([]);
    }
    const written = JSON5.parse(readFileSync(file, 'utf8'));
    expect(written.gateway).toMatchObject({ bind: 'loopback', auth: { mode: 'token', token: TOKEN } });
    expect(readdirSync(join(file, '..')).some((n) => n !== 'openclaw.json' && n.startsWith('openclaw.json'))).toBe(true);
  });

  it('skips a repair with nothing safe to apply', async () => {
    const [check] = createHealthChecks({ categories: ['other'] });
    const file = configFile(BROKEN);
    const res = await check!.repair!({ ...ctxFor(file), mode: 'fix' }, [{ checkId: 'clawkit/other', severity: 'warning', message: 'm', errorCode: 'other/file-permissions' }]);
    expect(res.status).toBe('skipped');
    expect(res.changes).toEqual([]);
  });
});
