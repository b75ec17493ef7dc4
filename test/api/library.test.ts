// The library API: diagnose() is the `--json` document, runs in one process do not interfere, it
// never writes to the terminal, and planFixes/applyFixes keep --fix's safety.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyFixes, diagnose, planFixes } from '../../src/api/index.js';
import { ROOT, runInProcess } from '../cli/run.js';

const TOKEN_A = 'tok-aaaaaaaaaaaaaaaaaaaa1';
const TOKEN_B = 'tok-bbbbbbbbbbbbbbbbbbbb2';

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ckd-api-'));
  const file = join(dir, 'openclaw.json');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}
const broken = (token: string) => `{\n  gateway: { mode: "local", bind: "127.0.0.1", port: 18789, auth: { type: "token", token: "${token}" } },\n}\n`;
const portString = (token: string) => `{ gateway: { mode: "local", port: "18790", auth: { mode: "token", token: "${token}" } } }\n`;
const OFFLINE = { probe: false, env: false } as const;

afterEach(() => vi.restoreAllMocks());

describe('diagnose()', () => {
  it('returns exactly the --json document of the CLI for the same inputs', async () => {
    const file = configFile(broken(TOKEN_A));
    const paste = 'disconnected (1008): unauthorized: gateway token mismatch\n';
    // The CLI's main() in this process (test/cli/run.ts; parity.test.ts holds it to the bin's output).
    const cli = await runInProcess(['--json', '--no-probe', '--no-env', '--config', file], paste);
    expect(cli.code).toBe(1);
    const lib = await diagnose({ ...OFFLINE, configPath: file, paste });
    expect(lib).toEqual(JSON.parse(cli.stdout));
    expect(lib.findings.map((f) => f.ruleId)).toContain('auth-config-shape/auth-type-key');
    expect(JSON.stringify(lib)).not.toContain(TOKEN_A);
  });

  it('reads a paste from a stream the same as from a string', async () => {
    const paste = 'disconnected (1008): pairing required\n';
    const a = await diagnose({ ...OFFLINE, configPath: configFile(portString(TOKEN_A)), paste });
    const b = await diagnose({ ...OFFLINE, configPath: a.inputs.config!.path as string, paste: Readable.from([paste]) });
    expect(b.findings.map((f) => f.ruleId)).toEqual(a.findings.map((f) => f.ruleId));
    expect(b.inputs.paste).toEqual(a.inputs.paste);
    expect(a.findings.some((f) => f.category === 'pairing')).toBe(true);
  });

  it('two concurrent calls give the reports they give alone, and mask only their own secrets', async () => {
    const fa = configFile(broken(TOKEN_A));
    const fb = configFile(portString(TOKEN_B));
    const aloneA = await diagnose({ ...OFFLINE, configPath: fa });
    const aloneB = await diagnose({ ...OFFLINE, configPath: fb, only: ['config/'] });
    const [a, b] = await Promise.all([diagnose({ ...OFFLINE, configPath: fa }), diagnose({ ...OFFLINE, configPath: fb, only: ['config/'] })]);
    expect(a).toEqual(aloneA);
    expect(b).toEqual(aloneB);
    expect(a.findings.map((f) => f.ruleId)).not.toEqual(b.findings.map((f) => f.ruleId));
    expect(b.inputs.rules.only).toEqual(['config/']);
    expect(a.inputs.rules.only).toBeUndefined();
    for (const doc of [a, b]) expect(JSON.stringify(doc)).not.toMatch(/tok-(a|b){20}/);
  });

  it('writes nothing to stdout or stderr and never exits', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    const exit = vi.spyOn(process, 'exit');
    await diagnose({ ...OFFLINE, configPath: configFile(broken(TOKEN_A)), paste: 'hello' });
    await expect(diagnose({ ...OFFLINE, only: ['no/such-rule'] })).rejects.toThrow(/no rule matches/);
    await expect(diagnose({ ...OFFLINE, openclawVersion: 'banana' })).rejects.toThrow(/not an OpenClaw version/);
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
  });

  it('rejects with the abort reason when its signal aborts', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(diagnose({ ...OFFLINE, signal: ac.signal })).rejects.toThrow('stop');
    const later = new AbortController();
    const p = diagnose({ ...OFFLINE, configPath: configFile(broken(TOKEN_A)), signal: later.signal });
    later.abort(new Error('stopped later'));
    await expect(p).rejects.toThrow('stopped later');
  });
});

describe('diagnose() on a paste stream that never ends (audit23 F4)', () => {
  // A stream that always has data is read in microtasks: before the fix no timer ever ran, so
  // neither the abort below nor any deadline fired and the promise never settled.
  const endless = () =>
    Readable.from(
      (function* () {
        for (;;) yield 'disconnected (1008): pairing required\n'.repeat(100);
      })(),
    );
  /** Only a safety net: a hang fails loudly here instead of at the runner's timeout. */
  const settles = <T>(p: Promise<T>) =>
    Promise.race([p.then(() => 'resolved' as const, (e: unknown) => e), new Promise((r) => setTimeout(() => r('never settled'), 120_000).unref())]);

  it('its signal aborts it: the promise rejects with the reason and the stream is destroyed', async () => {
    const ac = new AbortController();
    const paste = endless();
    setTimeout(() => ac.abort(new Error('caller gave up')), 50);
    const out = await settles(diagnose({ ...OFFLINE, paste, signal: ac.signal }));
    expect(out).toBeInstanceOf(Error);
    expect((out as Error).message).toBe('caller gave up');
    expect(paste.destroyed).toBe(true);
  }, 130_000);

  it('maxWaitMs: what was read is diagnosed, the rest is reported as not examined', async () => {
    const paste = endless();
    const report = await diagnose({ ...OFFLINE, paste, maxWaitMs: 50 });
    // Also, on a fast run, "… lines that could hold a match were not examined" (more than 20,000 read in 50 ms): how many lines fit in 50 ms is the machine's.
    expect(report.inputs.unexamined).toContainEqual(expect.objectContaining({ source: 'paste', what: expect.stringContaining('maxWaitMs 50 ms') }));
    expect(report.findings.map((f) => f.ruleId)).toContain('pairing/control-ui-new-browser');
    expect(report.summary.exitCode).toBe(1);
    expect(paste.destroyed).toBe(true);
  }, 130_000);

  it('a bad maxWaitMs is refused', async () => {
    await expect(diagnose({ ...OFFLINE, paste: 'x', maxWaitMs: -1 })).rejects.toThrow('maxWaitMs must be');
  });
});

describe('diagnose({ homedir }) (audit23 F16)', () => {
  /** A home with a config in .openclaw/, as another user's would be. */
  const homeWith = (text: string) => {
    const home = mkdtempSync(join(tmpdir(), 'ckd-home-'));
    const dir = join(home, '.openclaw');
    mkdirSync(dir);
    writeFileSync(join(dir, 'openclaw.json'), text, { mode: 0o600 });
    return home;
  };

  it('an explicit homedir wins over the inherited HOME and OPENCLAW_HOME; planFixes targets that config', async () => {
    const home = homeWith(broken(TOKEN_A));
    vi.stubEnv('HOME', mkdtempSync(join(tmpdir(), 'ckd-caller-')));
    vi.stubEnv('OPENCLAW_HOME', mkdtempSync(join(tmpdir(), 'ckd-caller-oc-')));
    try {
      const report = await diagnose({ ...OFFLINE, homedir: home });
      expect(report.inputs.config!.path).toBe(join(home, '.openclaw', 'openclaw.json'));
      const plan = await planFixes(report, { includePrompt: true });
      expect(plan.path).toBe(join(home, '.openclaw', 'openclaw.json'));
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('with processEnv, its HOME decides (as for OpenClaw); homedir is only the last fallback', async () => {
    const home = homeWith(broken(TOKEN_A));
    const other = mkdtempSync(join(tmpdir(), 'ckd-other-'));
    const report = await diagnose({ ...OFFLINE, homedir: other, processEnv: { HOME: home } });
    expect(report.inputs.config!.path).toBe(join(home, '.openclaw', 'openclaw.json'));
  });
});

describe('planFixes() / applyFixes()', () => {
  it('plans a masked dry run, writes only on apply (with a backup) and the config is then clean', async () => {
    const file = configFile(broken(TOKEN_A));
    const before = readFileSync(file, 'utf8');
    const report = await diagnose({ ...OFFLINE, configPath: file });
    const plan = await planFixes(report);
    expect(plan.status).toBe('dry-run');
    expect(plan.applied.map((a) => a.ruleId).sort()).toEqual(['auth-config-shape/auth-type-key', 'port-bind/bind-host-alias']);
    expect(plan.diff).toContain('+  gateway: { mode: "local", bind: "loopback"');
    expect(plan.diff).not.toContain(TOKEN_A);
    expect(JSON.stringify(plan)).not.toContain(TOKEN_A);
    expect(await applyFixes(plan, { dryRun: true })).toBe(plan);
    expect(readFileSync(file, 'utf8')).toBe(before);

    const done = await applyFixes(plan);
    expect(done.status).toBe('written');
    expect(done.backupPath && existsSync(done.backupPath)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('mode: "token"');
    const after = await diagnose({ ...OFFLINE, configPath: file });
    expect(after.findings.map((f) => f.ruleId)).not.toContain('auth-config-shape/auth-type-key');
  });

  it('writes nothing when the file changed after the plan', async () => {
    const file = configFile(broken(TOKEN_A));
    const plan = await planFixes(await diagnose({ ...OFFLINE, configPath: file }));
    const edited = broken(TOKEN_A).replace('18789', '18799');
    writeFileSync(file, edited);
    const res = await applyFixes(plan);
    expect(res.status).toBe('error');
    expect(res.error).toMatch(/changed since the plan/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(readdirSync(join(file, '..'))).toEqual(['openclaw.json']);
  });

  it('refuses a report that did not come from diagnose()', async () => {
    const doc = JSON.parse(JSON.stringify(await diagnose(OFFLINE)));
    await expect(planFixes(doc)).rejects.toThrow(/report returned by diagnose/);
  });
});

describe('the package entry points', () => {
  it('resolve through the exports map to the built ESM library and its declarations', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const key of ['.', './openclaw']) {
      const entry = pkg.exports[key];
      expect(existsSync(join(ROOT, entry.default)), entry.default).toBe(true);
      expect(existsSync(join(ROOT, entry.types)), entry.types).toBe(true);
    }
    expect(pkg.files).toEqual(expect.arrayContaining(['dist/lib/', 'dist/types/']));
    expect(pkg.bin['clawkit-doctor']).toBe('bin/clawkit-doctor.js');
    const lib = await import(join(ROOT, pkg.exports['.'].default));
    expect(Object.keys(lib).sort()).toEqual(['applyFixes', 'diagnose', 'planFixes']);
    const oc = await import(join(ROOT, pkg.exports['./openclaw'].default));
    expect(typeof oc.createHealthChecks).toBe('function');
  });
});
