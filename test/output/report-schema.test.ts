// schema/report.schema.json describes every --json document the CLI prints: paste, config, probe,
// fix and error reports, produced here by real runs of the built CLI: main() in this process with the
// test's directory as cwd and HOME (runInHere), and one real process (the contract-breaking test).
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';
import { runIn, runInHere, schemaValidator } from './helpers.js';

type Undiag = { recognised: { closeCodes: Array<{ code: number }> }; notGateway: Array<{ line: number }>; next: string[] };
const validate = schemaValidator('schema/report.schema.json');
const schema = JSON.parse(readFileSync(`${ROOT}schema/report.schema.json`, 'utf8')) as unknown;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ckd-report-schema-'));
  copyFileSync(`${ROOT}fixtures/config/corpus-tp-25293.json5`, join(dir, 'openclaw.json'));
  copyFileSync(`${ROOT}fixtures/config/corpus-tp-25293.json5`, join(dir, 'tofix.json'));
  writeFileSync(join(dir, 'broken.json'), '{ gateway: { port: 18789, }\n');
  writeFileSync(join(dir, 'gateway.log'), 'OpenClaw 2026.3.13 (61d171a)\ndisconnected (1008): pairing required\n');
});

const KINDS: Array<[string, string[], number, (doc: Record<string, unknown>) => unknown]> = [
  ['paste', ['--log', 'gateway.log', '--no-probe'], 1, (d) => (d.inputs as { paste: unknown }).paste],
  ['stdin paste', ['--no-probe', '--log', '-'], 1, (d) => (d.inputs as { paste: { source: string } }).paste.source === 'stdin'],
  ['config', ['--config', 'openclaw.json', '--no-probe'], 1, (d) => (d.inputs as { config: { found: boolean } }).config.found],
  ['config parse error', ['--config', 'broken.json', '--no-probe'], 1, (d) => (d.findings as Array<{ category: string }>).some((f) => f.category === 'config-parse')],
  ['probe', ['--config', 'openclaw.json', '--url', 'ws://127.0.0.1:1', '--timeout', '500'], 1, (d) => (d.inputs as { probe: unknown }).probe],
  ['fix dry run', ['--config', 'openclaw.json', '--no-probe', '--dry-run', '--yes'], 1, (d) => (d.fix as { status: string }).status === 'dry-run'],
  ['fix written', ['--config', 'tofix.json', '--no-probe', '--fix', '--yes'], 0, (d) => (d.fix as { status: string }).status === 'written'],
  ['error', ['--config', 'missing.json'], 2, (d) => (d.error as { exitCode: number }).exitCode === 2],
  ['usage error', ['--fail-on', 'sometimes'], 2, (d) => d.error],
];

describe('report schema', () => {
  it.each(KINDS)('validates the %s report', async (_kind, args, code, check) => {
    const r = await runInHere(dir, ['--json', '--no-env', ...args], { input: args.includes('-') ? 'disconnected (1008): pairing required\n' : '' });
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(check(doc)).toBeTruthy();
    expect(doc.$schema).toBe((schema as { $id: string }).$id);
    expect(r.code).toBe(code);
  });

  // review30f (mend30d): the "never silent" block was emitted but not in the schema (top level additionalProperties:false).
  it.each([
    ['a connection-looking paste no rule explains', 'openclaw tui: gateway closed (4999): reason zzz ws://127.0.0.1:18789\n', (u: Undiag) => u.next.includes('openclaw gateway status --deep') && u.recognised.closeCodes[0]?.code === 4999],
    ['a chat channel\'s close code (a not-a-gateway note)', '[discord] gateway: WebSocket connection closed with code 4014\n', (u: Undiag) => u.notGateway.length > 0 && typeof u.notGateway[0]!.line === 'number'],
  ])('validates the undiagnosed block: %s', async (_name, paste, check) => {
    const r = await runInHere(dir, ['--json', '--no-env', '--no-probe', '--log', '-'], { input: paste });
    const doc = JSON.parse(r.stdout) as { findings: unknown[]; undiagnosed?: Undiag };
    expect(doc.findings).toEqual([]);
    expect(doc.undiagnosed && check(doc.undiagnosed)).toBe(true);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    // The block is held to its shape: an unknown key or a wrong type is rejected.
    expect(validate({ ...doc, undiagnosed: { ...doc.undiagnosed, extra: 1 } })).toBe(false);
    expect(validate({ ...doc, undiagnosed: { ...doc.undiagnosed, next: 'openclaw doctor' } })).toBe(false);
  });

  it('rejects a document that breaks the contract', () => {
    const r = runIn(dir, ['--json', '--no-env', '--log', 'gateway.log', '--no-probe']);
    const doc = JSON.parse(r.stdout) as { findings: Array<Record<string, unknown>>; summary: Record<string, unknown> };
    expect(validate({ ...doc, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...doc, findings: [{ ...doc.findings[0], severity: 'fatal' }] })).toBe(false);
    expect(validate({ ...doc, summary: { ...doc.summary, exitCode: 2 } })).toBe(false);
  });
});
