// --format sarif | github | markdown and --output, run through the built CLI as a CI job would: one
// test per format starts a real process in its own directory (runIn); the others run the same
// built CLI's main() in this process with that directory as cwd and HOME (runInHere).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';
import { escapeData, escapeProperty } from '../../src/report/github.js';
import { runIn, runInHere, schemaValidator } from './helpers.js';
import { isProbeRule } from '../helpers/rule-areas.js';

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations?: Array<{ physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } }; logicalLocations?: Array<{ name: string }> }>;
  partialFingerprints: Record<string, string>;
  fixes?: Array<{ artifactChanges: Array<{ artifactLocation: { uri: string }; replacements: Array<{ deletedRegion: { charOffset: number; charLength: number }; insertedContent: { text: string } }> }> }>;
}
interface SarifLog {
  version: string;
  runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string; helpUri?: string; defaultConfiguration: { level: string } }> } }; results: SarifResult[] }>;
}

const LOG = ['2026-03-01T10:00:00Z gateway connect failed: pairing required (1008)', 'disconnected (1008): unauthorized: gateway token mismatch (set gateway.remote.token)', ''].join('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ckd-formats-'));
  copyFileSync(`${ROOT}fixtures/config/corpus-tp-25293.json5`, join(dir, 'openclaw.json'));
  writeFileSync(join(dir, 'gateway.log'), LOG);
});

function sarifOf(r: { code: number | null; stdout: string; stderr: string }): SarifLog {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout) as SarifLog;
}
const sarifArgs = (args: string[]) => ['--format', 'sarif', '--no-env', ...args];
/** A real process (the format's contract test). */
const sarifRun = (args: string[], cwd = dir): SarifLog => sarifOf(runIn(cwd, sarifArgs(args)));
/** In this process. */
const sarifHere = async (args: string[], cwd = dir): Promise<SarifLog> => sarifOf(await runInHere(cwd, sarifArgs(args)));

describe('--format sarif', () => {
  const validate = schemaValidator('schema/vendor/sarif/sarif-schema-2.1.0.json');

  it('validates against the official SARIF 2.1.0 schema and lists every rule', async () => {
    const log = sarifRun(['--config', 'openclaw.json', '--log', 'gateway.log', '--no-probe']);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(log.version).toBe('2.1.0');
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('clawkit-doctor');
    const listed = JSON.parse((await runInHere(dir, ['rules', 'list', '--json'])).stdout) as Array<{ id: string }>;
    expect(driver.rules.map((r) => r.id).sort()).toEqual(listed.map((r) => r.id).sort());
    const results = log.runs[0]!.results;
    for (const res of results) expect(driver.rules[res.ruleIndex!]!.id).toBe(res.ruleId);
    // A rule with OpenClaw docs links them; levels follow severity.
    const mismatch = driver.rules.find((r) => r.id === 'token-auth/gateway-token-mismatch')!;
    expect(mismatch.helpUri).toMatch(/^https:\/\/docs\.openclaw\.ai\//);
    expect(mismatch.defaultConfiguration.level).toBe('error');
  });

  it('places config findings at line:column, log findings at the log file line, with a fix for a config patch', async () => {
    const results = (await sarifHere(['--config', 'openclaw.json', '--log', 'gateway.log', '--no-probe'])).runs[0]!.results;
    const mode = results.find((r) => r.ruleId === 'gateway-down/mode-unset')!;
    expect(mode.level).toBe('error');
    expect(mode.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'openclaw.json' }, region: { startLine: 2, startColumn: 14 } });
    // The fix, applied to the file as read, is what --fix writes.
    const change = mode.fixes![0]!.artifactChanges[0]!;
    expect(change.artifactLocation.uri).toBe('openclaw.json');
    const before = readFileSync(join(dir, 'openclaw.json'), 'utf8');
    const rep = change.replacements[0]!;
    const after = before.slice(0, rep.deletedRegion.charOffset) + rep.insertedContent.text + before.slice(rep.deletedRegion.charOffset + rep.deletedRegion.charLength);
    const fixedDir = mkdtempSync(join(tmpdir(), 'ckd-formats-fix-'));
    copyFileSync(join(dir, 'openclaw.json'), join(fixedDir, 'openclaw.json'));
    expect((await runInHere(fixedDir, ['--config', 'openclaw.json', '--no-probe', '--no-env', '--fix', '--yes', '--only', 'gateway-down/mode-unset'])).code).toBe(0);
    expect(after).toBe(readFileSync(join(fixedDir, 'openclaw.json'), 'utf8'));

    const token = results.find((r) => r.ruleId === 'token-auth/gateway-token-mismatch')!;
    expect(token.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'gateway.log' }, region: { startLine: 2 } });
    expect(token.fixes).toBeUndefined(); // manual: steps for a person, no edit
  });

  it('gives probe findings a logical location, and every location the physical part code scanning requires', async () => {
    const results = (await sarifHere(['--config', 'openclaw.json', '--url', 'ws://127.0.0.1:1', '--timeout', '1000'])).runs[0]!.results;
    const down = results.find((r) => isProbeRule(r.ruleId))!;
    expect(down.locations![0]!.logicalLocations![0]!.name).toMatch(/^probe\./);
    expect(down.locations![0]!.physicalLocation!.artifactLocation.uri).toBe('openclaw.json');
    // GitHub rejects the whole upload when a result has no location or one without a physical part.
    const stdin = await runInHere(dir, ['--format', 'sarif', '--no-env', '--config', 'openclaw.json', '--url', 'ws://127.0.0.1:1', '--timeout', '1000', '--log', '-'], { input: LOG });
    const all = [...results, ...(JSON.parse(stdin.stdout) as SarifLog).runs[0]!.results] as Array<SarifResult & { relatedLocations?: SarifResult['locations'] }>;
    for (const r of all) {
      expect(r.locations!.length).toBeGreaterThan(0);
      for (const l of [...r.locations!, ...(r.relatedLocations ?? [])]) expect(l.physicalLocation!.artifactLocation.uri).toBeTruthy();
    }
    const token = all.find((r) => r.ruleId === 'token-auth/gateway-token-mismatch')!;
    expect(token.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'stdin' }, region: { startLine: 2 } });
  });

  it('keeps partialFingerprints stable when timestamps and line numbers change', async () => {
    const other = mkdtempSync(join(tmpdir(), 'ckd-formats-fp-'));
    copyFileSync(join(dir, 'openclaw.json'), join(other, 'openclaw.json'));
    writeFileSync(join(other, 'gateway.log'), `unrelated first line\n${LOG.replace('10:00:00', '11:42:07')}`);
    const fp = (log: SarifLog) => Object.fromEntries(log.runs[0]!.results.map((r) => [r.ruleId, r.partialFingerprints['clawkitDoctor/v1']]));
    const a = fp(await sarifHere(['--config', 'openclaw.json', '--log', 'gateway.log', '--no-probe']));
    const b = fp(await sarifHere(['--config', 'openclaw.json', '--log', 'gateway.log', '--no-probe'], other));
    expect(Object.keys(a).length).toBeGreaterThan(2);
    expect(b).toEqual(a);
    expect(new Set(Object.values(a)).size).toBe(Object.keys(a).length);
  });
});

/** GitHub's runner: `::cmd k=v,k=v::message`, properties split on `,` then `=`, then unescaped. */
function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } | undefined {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const unData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unProp = (s: string) => unData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
    const i = kv.indexOf('=');
    props[kv.slice(0, i)] = unProp(kv.slice(i + 1));
  }
  return { command: m[1]!, props, message: unData(m[3]!) };
}

describe('--format github', () => {
  it('escapes data and properties as the runner unescapes them', () => {
    const nasty = 'a%b\r\nc:d,e%0A';
    expect(escapeData(nasty)).toBe('a%25b%0D%0Ac:d,e%250A');
    expect(escapeProperty(nasty)).toBe('a%25b%0D%0Ac%3Ad%2Ce%250A');
    expect(parseCommand(`::error file=${escapeProperty(nasty)}::${escapeData(nasty)}`)).toEqual({ command: 'error', props: { file: nasty }, message: nasty });
  });

  it('annotates awkward file names and multi-line messages so that they parse back', () => {
    const odd = join(dir, 'logs, 100%: a:b');
    mkdirSync(odd, { recursive: true });
    writeFileSync(join(odd, 'gw,1%.log'), LOG);
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = runIn(dir, ['--format', 'github', '--log', 'logs, 100%: a:b/gw,1%.log', '--config', 'openclaw.json', '--no-probe', '--no-env'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::')).map(parseCommand);
    expect(commands.every(Boolean)).toBe(true);
    const token = commands.find((c) => c!.props.title?.includes('[token-auth/gateway-token-mismatch]'))!;
    expect(token).toMatchObject({ command: 'error', props: { file: 'logs, 100%: a:b/gw,1%.log', line: '2' } });
    expect(token.message).toContain('\n1. ');
    const mode = commands.find((c) => c!.props.title?.includes('[gateway-down/mode-unset]'))!;
    expect(mode).toMatchObject({ command: 'error', props: { file: 'openclaw.json', line: '2', col: '14' } });
    expect(commands.some((c) => c!.command === 'notice')).toBe(true); // info findings
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n')).toBe(true); // appended, not overwritten
    expect(md).toMatch(/\| Severity \| Finding \| Rule \| Where \| Fix \|/);
    expect(md).toContain('| error | Gateway token mismatch | `token-auth/gateway-token-mismatch` | logs, 100%: a:b/gw,1%.log:2 |');
  });
});

describe('--format markdown', () => {
  it('is a report for a support thread: versions, inputs, evidence with file and line, fixes', () => {
    const r = runIn(dir, ['--format', 'markdown', '--log', 'gateway.log', '--config', 'openclaw.json', '--no-probe', '--no-env', '--openclaw-version', '2026.3.13']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## clawkit-doctor report\n/);
    expect(r.stdout).toContain('OpenClaw 2026.3.13 (from flag)');
    expect(r.stdout).toContain('- Pasted text: 2 line(s) from `gateway.log`');
    expect(r.stdout).toContain('gateway.log line 2: disconnected (1008): unauthorized: gateway token mismatch');
    expect(r.stdout).toMatch(/### \d\. ❌ Gateway token mismatch/);
    expect(r.stdout).toMatch(/\*\*Fix \(manual\)\*\*/);
    expect(r.stdout).toMatch(/```sh\nopenclaw config get gateway.auth.token\n/);
    // Code spans keep their text; prose `<…>` does not turn into HTML.
    expect(r.stdout).toContain('`openclaw config set gateway.remote.token <token>`');
  });

  it('collapses long evidence and the probe stages in <details>', async () => {
    const r = await runInHere(dir, ['--format', 'markdown', '--config', 'openclaw.json', '--url', 'ws://127.0.0.1:1', '--timeout', '1000', '--no-env']);
    expect(r.stdout).toMatch(/<details>\n<summary>Live probe stages<\/summary>\n\n```text\n/);
    expect(r.stdout).toMatch(/<details>\n<summary>Evidence \(\d+ items\)<\/summary>/);
  });
});

describe('--output and --json', () => {
  it('writes the format to the file and the human report to the terminal', () => {
    const r = runIn(dir, ['--format', 'json', '--output', 'report.json', '--log', 'gateway.log', '--no-probe', '--no-env', '--config', 'openclaw.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^clawkit-doctor /);
    expect(r.stdout).toContain('Gateway token mismatch');
    const doc = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { schemaVersion: number; summary: { exitCode: number } };
    expect(doc).toMatchObject({ schemaVersion: 1, summary: { exitCode: 1 } });
  });

  it('--json is --format json; two different formats are a usage error', async () => {
    const a = await runInHere(dir, ['--json', '--log', 'gateway.log', '--no-probe', '--no-env']);
    const b = await runInHere(dir, ['--format', 'json', '--log', 'gateway.log', '--no-probe', '--no-env']);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
    const both = await runInHere(dir, ['--json', '--format', 'sarif', '--no-probe', '--no-env']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--json is --format json/);
    expect((await runInHere(dir, ['--format', 'xml'])).code).toBe(2);
  });

  it('an unwritable --output is exit 2 with the reason', async () => {
    const r = await runInHere(dir, ['--format', 'sarif', '--output', 'no/such/dir/out.sarif', '--log', 'gateway.log', '--no-probe', '--no-env']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write --output no\/such\/dir\/out\.sarif: ENOENT/);
  });

  it('--help documents the exit codes', () => {
    const r = runIn(dir, ['--help']);
    expect(r.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 /);
  });
});

// review30f (mend30d): markdown and github printed "No connection problem found" where --json carries
// `undiagnosed` (issue #12 §7: what was recognised and the commands to run next, instead).
describe('the undiagnosed block in markdown, github and sarif', () => {
  const PASTE = 'openclaw tui: gateway closed (4999): reason zzz ws://127.0.0.1:18789?token=s3cr3tTokVal9\n';
  const CHANNEL = '[discord] gateway: WebSocket connection closed with code 4014\n';
  const base = ['--no-probe', '--no-env', '--log', '-'];

  it('markdown: what was recognised and the commands, never "No connection problem found"; a channel note', async () => {
    const md = (await runInHere(dir, ['--format', 'markdown', ...base], { input: PASTE })).stdout;
    expect(md).not.toContain('No connection problem found');
    expect(md).toContain('⚠️ This looks like a connection problem, but no rule recognised its cause.');
    expect(md).toMatch(/\*\*Recognised:\*\* client: cli · close: 4999 reason zzz[^\n]*· endpoint: ws:\/\/127\.0\.0\.1:18789/);
    expect(md).toMatch(/```sh\nopenclaw gateway status --deep\n[^`]*clawkit-doctor --url ws:\/\/127\.0\.0\.1:18789\n/);
    expect(md).not.toContain('s3cr3tTokVal9');
    const note = (await runInHere(dir, ['--format', 'markdown', ...base], { input: CHANNEL })).stdout;
    expect(note).not.toContain('No connection problem found');
    expect(note).toMatch(/ℹ️ Not a gateway problem: a chat channel[^\n]*\(line 1\)\./);
  });

  it('github: a warning with the recognised facts and commands, a notice per note, and the step summary says the same', async () => {
    const summary = join(dir, 'undiagnosed-summary.md');
    writeFileSync(summary, '');
    const r = await runInHere(dir, ['--format', 'github', ...base], { input: PASTE, env: { GITHUB_STEP_SUMMARY: summary } });
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::')).map(parseCommand);
    const w = commands.find((c) => c?.command === 'warning');
    expect(w?.props.title).toBe('This looks like a connection problem, but no rule recognised its cause.');
    expect(w?.message).toMatch(/^Recognised: client: cli · close: 4999/);
    expect(w?.message).toContain('\n  $ openclaw gateway status --deep\n');
    expect(r.stdout).not.toContain('s3cr3tTokVal9');
    const md = readFileSync(summary, 'utf8');
    expect(md).not.toContain('No connection problem found');
    expect(md).toContain('- `openclaw gateway status --deep`');
    const note = (await runInHere(dir, ['--format', 'github', ...base], { input: CHANNEL })).stdout.split('\n').filter((l) => l.startsWith('::')).map(parseCommand);
    expect(note.find((c) => c?.command === 'notice')?.message).toMatch(/^Not a gateway problem: a chat channel/);
  });

  // out31: SARIF's results were empty here. Code scanning shows results (a third-party tool's
  // invocation notifications reach no page), so the block is note-level results of the doctor's own rules.
  it('sarif: a note-level result with the recognised facts and commands, a note result per not-a-gateway line; schema-valid', async () => {
    const validate = schemaValidator('schema/vendor/sarif/sarif-schema-2.1.0.json');
    const run = async (input: string) => JSON.parse((await runInHere(dir, ['--format', 'sarif', ...base], { input })).stdout) as SarifLog;
    const log = await run(PASTE);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const { results, tool } = log.runs[0]!;
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([['clawkit-doctor/undiagnosed', 'note']]);
    const r = results[0]!;
    expect(tool.driver.rules[r.ruleIndex!]!.id).toBe(r.ruleId);
    expect(r.message.text).toMatch(/^This looks like a connection problem, but no rule recognised its cause\.\nRecognised: client: cli · close: 4999/);
    expect(r.message.text).toContain('\n$ openclaw gateway status --deep\n');
    expect(r.locations![0]!.physicalLocation!.artifactLocation.uri).toBe('stdin');
    expect(JSON.stringify(log)).not.toContain('s3cr3tTokVal9');
    const note = await run(CHANNEL);
    expect(validate(note), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const n = note.runs[0]!.results;
    expect(n.map((x) => x.ruleId)).toEqual(['clawkit-doctor/not-a-gateway-problem']);
    expect(n[0]!.message.text).toMatch(/^Not a gateway problem: a chat channel[^\n]*\(line 1\)\./);
    expect(n[0]!.locations![0]!.physicalLocation!.region?.startLine).toBe(1);
    // A run with findings lists no undiagnosed rule (the driver lists what ran).
    const plain = await sarifHere(['--config', 'openclaw.json', '--log', 'gateway.log', '--no-probe']);
    expect(plain.runs[0]!.tool.driver.rules.some((x) => x.id.startsWith('clawkit-doctor/'))).toBe(false);
  });
});
