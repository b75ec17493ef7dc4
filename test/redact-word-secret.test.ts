// audit23 F17: a known secret that is a plain word ("gateway", "token", "local") was masked as a raw
// substring everywhere: `gateway-down/mode-unset` became `***-down/mode-unset` in JSON/SARIF ruleIds
// (breaking --only, baselines, SARIF rule indexes) and the stars told the reader the token. Identifier
// fields are never redacted; a word secret is masked only where it stands alone, not inside ids/paths.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redactor } from '../src/shared/redact.js';
import { runInProcess } from './cli/run.js';

describe('a known secret that is a word', () => {
  const r = new Redactor(['gateway']);
  it('stays readable inside rule ids, categories and config paths', () => {
    for (const t of ['gateway-down/mode-unset', '[gateway-down]', 'gateway.mode is not set', 'set gateway.auth.token', 'config.value.gateway.bind', 'my_gateway_x'])
      expect(r.redact(t)).toBe(t);
    expect(r.redactJson({ ruleId: 'gateway-down/mode-unset', category: 'gateway-down', severity: 'error' })).toEqual({ ruleId: 'gateway-down/mode-unset', category: 'gateway-down', severity: 'error' });
  });
  it('is still masked where it stands as a value of its own', () => {
    expect(r.redact('connected with gateway, got mismatch')).toBe('connected with ***, got mismatch');
    expect(r.redact('{"mode":"token","token":"gateway"}')).toBe('{"mode":"token","token":"***"}');
    expect(r.redact('the token is gateway.')).toBe('the token is ***.');
    expect(r.redactJson({ evidence: 'got gateway' })).toEqual({ evidence: 'got ***' });
  });
  it('a secret that is not a word is masked wherever it occurs, inside other text too', () => {
    const r2 = new Redactor(['s3cr3tTOKEN99']);
    expect(r2.redact('x%3Ds3cr3tTOKEN99&y')).toBe('x%3D***&y');
    expect(r2.redact('abc-s3cr3tTOKEN99-def')).toBe('abc-***-def');
    expect(r2.redactJson({ ruleId: 'x/s3cr3tTOKEN99' })).toEqual({ ruleId: 'x/s3cr3tTOKEN99' });
  });
});

describe('end to end: a config whose token is "gateway" (the audit repro)', () => {
  const home = mkdtempSync(join(tmpdir(), 'ckd-sec17-'));
  mkdirSync(join(home, '.openclaw'));
  writeFileSync(join(home, '.openclaw', 'openclaw.json'), '{ gateway: { bind: "lan", auth: { mode: "token", token: "gateway" } } }\n');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('JSON and SARIF keep the rule ids whole; the human report names them', async () => {
    const json = await runInProcess(['--no-probe', '--no-env', '--json'], '', { HOME: home });
    const doc = JSON.parse(json.stdout) as { findings: Array<{ ruleId: string; category: string }> };
    const ids = doc.findings.map((f) => f.ruleId);
    expect(ids).toContain('gateway-down/mode-unset');
    expect(ids).toContain('token-auth/weak-token');
    expect(doc.findings.every((f) => !f.ruleId.includes('*') && !f.category.includes('*'))).toBe(true);
    const sarif = await runInProcess(['--no-probe', '--no-env', '--format', 'sarif'], '', { HOME: home });
    expect(sarif.stdout).toContain('"ruleId": "gateway-down/mode-unset"');
    expect(sarif.stdout).not.toContain('***-down');
    const human = await runInProcess(['--no-probe', '--no-env'], '', { HOME: home });
    expect(human.stdout).toContain('[gateway-down] gateway-down/mode-unset');
    expect(human.stdout).toContain('gateway.mode is not set');
    expect(human.stdout).toContain('"token":"***"');
  });
});
