// audit23 F17: a known secret that is a plain word ("gateway", "token", "local") was masked as a raw
// substring everywhere: `gateway-down/mode-unset` became `***-down/mode-unset` in JSON/SARIF ruleIds
// (breaking --only, baselines, SARIF rule indexes) and the stars told the reader the token. Identifier
// fields are never redacted; a word secret is masked only where it stands alone, not inside ids/paths.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redactor, templatePieces } from '../src/shared/redact.js';
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

describe('a word secret in a rule\'s own prose is kept; in captured values and evidence it is masked (F17 remainder)', () => {
  const r = new Redactor(['gateway', 's3cr3tTOKEN99']);
  const templates = { title: 'The gateway token is short or a well-known example value', message: 'The client sent {{got}}, but the gateway token in the config differs.', steps: ['Set {{key}} on the gateway host: `openclaw gateway restart`.'] };
  const pieces = templatePieces([templates.title, templates.message, ...templates.steps]);
  const prose = (id: string) => (id === 'token-auth/x' ? { pieces, slots: [] } : undefined);
  const finding = (got: string) => ({
    ruleId: 'token-auth/x',
    title: templates.title,
    message: `The client sent ${got}, but the gateway token in the config differs.`,
    fix: { tier: 'manual', steps: ['Set gateway.auth.token on the gateway host: `openclaw gateway restart`.'] },
    evidence: [{ source: 'paste', line: 3, text: `unauthorized: got ${got}` }],
  });

  it('the rule\'s words stay; the captured value and the evidence are masked', () => {
    expect(r.redactJson(finding('gateway'), prose)).toEqual({
      ruleId: 'token-auth/x',
      title: 'The gateway token is short or a well-known example value',
      message: 'The client sent ***, but the gateway token in the config differs.',
      fix: { tier: 'manual', steps: ['Set gateway.auth.token on the gateway host: `openclaw gateway restart`.'] },
      evidence: [{ source: 'paste', line: 3, text: 'unauthorized: got ***' }],
    });
  });

  it('evidence that quotes a whole piece of the rule\'s text around the word is still masked: evidence is user data (review24d d)', () => {
    const quoted = 'pasted: The client sent x, but the gateway token in the config differs.';
    const f = { ...finding('x'), evidence: [{ source: 'paste', line: 1, text: quoted }] };
    expect(pieces.some((p) => quoted.includes(p) && p.includes('gateway'))).toBe(true);
    expect(r.redactJson(f, prose).evidence).toEqual([{ source: 'paste', line: 1, text: 'pasted: The client sent x, but the *** token in the config differs.' }]);
  });

  it('without the catalogue\'s words (an unknown rule, or none given) every standalone occurrence is masked as before', () => {
    const masked = r.redactJson(finding('gateway'));
    expect(masked.title).toBe('The *** token is short or a well-known example value');
    expect(r.redactJson({ ...finding('gateway'), ruleId: 'other/rule' }, prose).message).toBe('The client sent ***, but the *** token in the config differs.');
  });

  it('a short piece between captures does not keep the word: it could stand inside a captured value', () => {
    const short = templatePieces(['{{a}} gateway {{b}}']);
    expect(r.redactJson({ ruleId: 'x/y', message: 'got gateway now' }, () => ({ pieces: short, slots: [] }))).toEqual({ ruleId: 'x/y', message: 'got *** now' });
  });

  it('a secret that is not a word is masked in the rule\'s prose too; redactRendered leaves only word secrets', () => {
    expect(r.redactJson(finding('s3cr3tTOKEN99'), prose)).toMatchObject({ title: templates.title, message: 'The client sent ***, but the gateway token in the config differs.' });
    // Text that is not the template's (here a title changed after rendering) gets no exemption.
    expect(r.redactJson({ ...finding('x'), title: 'The gateway token s3cr3tTOKEN99' }, prose).title).toBe('The *** token ***');
    expect(r.redactRendered('openclaw gateway token=s3cr3tTOKEN99 abc')).toBe('openclaw gateway token=*** abc');
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

  it('the rules\' prose reads whole (no "the *** token"); the token value stays masked in every format', async () => {
    const human = await runInProcess(['--no-probe', '--no-env'], '', { HOME: home });
    expect(human.stdout).toContain('`openclaw gateway` refuses to start');
    expect(human.stdout).toContain('The gateway token is short or a well-known example value');
    expect(human.stdout).not.toMatch(/`openclaw \*\*\*`|the \*\*\* token|runs the \*\*\*/i);
    expect(human.stdout).toContain('config.value.gateway.auth.token = "***"');
    const json = JSON.parse((await runInProcess(['--no-probe', '--no-env', '--json'], '', { HOME: home })).stdout) as { findings: Array<{ ruleId: string; message: string }> };
    expect(json.findings.find((f) => f.ruleId === 'gateway-down/mode-unset')?.message).toContain('`openclaw gateway` refuses to start');
    expect(JSON.stringify(json)).not.toMatch(/"token":\s*"gateway"/);
    // Pasted text is user data: the word is masked there, in the evidence.
    const pasted = JSON.parse((await runInProcess(['--no-probe', '--no-env', '--json'], 'gateway connect failed: unauthorized: gateway token mismatch (sent gateway)\n', { HOME: home })).stdout) as { findings: Array<{ evidence?: Array<{ source: string; text?: string }> }> };
    const texts = pasted.findings.flatMap((f) => f.evidence ?? []).filter((e) => e.source === 'paste').map((e) => e.text);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toMatch(/\bgateway\b/);
    for (const format of ['markdown', 'github'])
      expect((await runInProcess(['--no-probe', '--no-env', '--format', format], '', { HOME: home })).stdout).toContain('`openclaw gateway` refuses to start');
  });

  it('the GitHub step summary reads the rules\' words whole as the other text formats do; the token stays masked', async () => {
    const summary = join(home, 'step-summary.md');
    writeFileSync(summary, '');
    await runInProcess(['--no-probe', '--no-env', '--format', 'github'], 'unauthorized: gateway token mismatch (sent gateway)\n', { HOME: home, GITHUB_STEP_SUMMARY: summary });
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('| The gateway token is short or a well-known example value |');
    expect(md).toContain('`token-auth/weak-token`');
    expect(md).not.toMatch(/the \*\*\* token|`openclaw \*\*\*`|runs the \*\*\*/i);
    expect(md).not.toMatch(/"gateway"|sent gateway/);
  });
});

describe('controls are removed before word secrets are judged (review24d F17)', () => {
  // "gate\u0001way" is not the token; with its control removed for a terminal it is, so the removal
  // must come before the check that masks the token, in every text format and in --follow's events.
  const home = mkdtempSync(join(tmpdir(), 'ckd-sec17c-'));
  mkdirSync(join(home, '.openclaw'));
  writeFileSync(join(home, '.openclaw', 'openclaw.json'), '{ "gateway": { "mode": "local", "trustedProxies": ["gate\\u0001way"], "auth": { "mode": "token", "token": "gateway" } } }\n');
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  // The rule's message quotes the entry (`"{{first}}" is not an IP address or CIDR range`); a
  // --follow human line shows the first evidence (`config.derived.trustedProxiesInvalidFirst = …`).
  const check = (out: string, what: string, shown = '"***" is not an IP address') => {
    expect(out, what).toContain(shown);
    expect(out, what).not.toMatch(/"gateway"|InvalidFirst = "?gateway/);
    expect(out, what).not.toContain('\u0001');
  };

  it('human, markdown and github: the joined value is masked', async () => {
    for (const format of ['human', 'markdown', 'github']) {
      const out = (await runInProcess(['--no-probe', '--no-env', '--format', format], '', { HOME: home })).stdout;
      check(out, format);
    }
  });

  it('--follow (human and github events): the joined value is masked', async () => {
    for (const format of ['human', 'github']) {
      const out = (await runInProcess(['--no-probe', '--no-env', '--follow', '--format', format], 'hello\n', { HOME: home })).stdout;
      check(out, format, format === 'human' ? 'trustedProxiesInvalidFirst = ***' : undefined);
    }
  });
});
