// Issue #11 Deliver 2: the doctor's verdict on a recorded (release, scenario) agrees with what the
// real gateway did — the start-up failure or the refusal first and as an error, nothing loud when the
// doctor's own client connected. Runs the doctor in-process on each recorded host (no network). Here
// only the cells a test below names (CELLS); the floor over all 451 is a sweep of its own in the slow
// job (agreement.sweep.test.ts; notes/hostile-input.md, 2cr).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Finding, Rule } from '../../src/types.js';
import { judge, loadRecordings, recordedVerdict, runAgreement, type CellVerdict } from '../../scripts/matrix/agreement.js';
import { doctorOnHost } from '../../scripts/matrix/doctor.js';
import type { Recording } from '../../scripts/matrix/normalise.js';

const DIR = path.join(fileURLToPath(new URL('../../', import.meta.url)), 'fixtures', 'matrix');
const recs = loadRecordings(DIR);
const cell = (release: string, scenario: string): Recording => {
  const r = recs.find((x) => x.release === release && x.scenario === scenario);
  if (!r) throw new Error(`no recording ${release}/${scenario}`);
  return r;
};
const finding = (ruleId: string, severity: Finding['severity']): Finding =>
  ({ ruleId, severity, category: 'other', status: 'fail', title: '', message: '', evidence: [], fix: { tier: 'manual' }, specificity: 50 }) as unknown as Finding;

/** The cells the tests below read a verdict of: these releases × scenarios, each where recorded. */
const CELLS: Array<[string[], string[]]> = [
  [['2026.9.6'], ['mode-unset', 'legacy-gateway-token', 'auth-none-lan', 'password-missing', 'no-config', 'auth-mode-ambiguous', 'lan-no-origins', 'token-loopback', 'lan-device-pairing', 'tls-auto', 'auth-none']],
  [['2026.2.12', '2026.9.6'], ['stale-env-token']],
  [['2026.2.12'], ['lan-no-origins', 'lan-password', 'lan-origins-lan', 'gateway-env-token-overrides']],
  [['2026.3.13'], ['lan-password']],
  [[...new Set(recs.map((r) => r.release))], ['proxy-loopback-block', 'proxy-loopback-proxy', 'proxy-loopback-block-enabled']],
];
const named = (r: Recording) => CELLS.some(([releases, scenarios]) => releases.includes(r.release) && scenarios.includes(r.scenario));

let rules: Rule[];
let results: CellVerdict[];
beforeAll(async () => {
  rules = await loadBuiltinRules();
  results = await runAgreement(recs.filter(named), rules);
}, 900_000);

describe('verdicts agree with the recorded gateways', () => {
  it('covers six releases × 77 scenarios (proxy-loopback-proxy on 6.11+, proxy-loopback-block-enabled on 6.11 only, wrong-token-penalty on 6.11/8.2/9.6)', () => {
    expect(recs.length).toBe(451);
    expect(new Set(recs.map((r) => r.release)).size).toBe(6);
  });

  // Issue #11's failures on a 2026.9.6 container host, each held against its recording.
  it.each([
    ['mode-unset', 'gateway-down/mode-unset'], // 1: the start-up cause, not the container guess
    ['legacy-gateway-token', 'token-auth/legacy-gateway-token'], // 8: retired key blocks start-up
    ['auth-none-lan', 'port-bind/network-bind-auth-none'], // 3
    ['password-missing', 'auth-config-shape/password-mode-no-password'], // 4
    ['no-config', 'gateway-down/missing-gateway-not-running'],
    ['auth-mode-ambiguous', 'auth-config-shape/auth-mode-ambiguous'], // token and password, no mode: exit 1
  ])('2026.9.6 %s: %s first, as an error', (scenario, ruleId) => {
    const r = results.find((x) => x.release === '2026.9.6' && x.scenario === scenario)!;
    expect(r.got[0]).toEqual({ ruleId, severity: 'error' });
    expect(r.agree).toBe(true);
  });

  it.each(['lan-no-origins', 'token-loopback', 'lan-device-pairing', 'tls-auto', 'auth-none', 'proxy-loopback-block', 'proxy-loopback-proxy'])('2026.9.6 %s works: nothing loud (failures 2, 6, 10)', (scenario) => {
    const r = results.find((x) => x.release === '2026.9.6' && x.scenario === scenario)!;
    expect(r.verdict).toBe('works');
    expect(r.got.filter((g) => g.severity !== 'info')).toEqual([]);
  });

  it('a stale OPENCLAW_GATEWAY_TOKEN: an error on 2026.2.12, a warning on 2026.9.6 where the CLI reads the config token (failure 7)', () => {
    const old = results.find((x) => x.release === '2026.2.12' && x.scenario === 'stale-env-token')!;
    expect(old.verdict).toBe('refused');
    expect(old.got[0]).toEqual({ ruleId: 'token-auth/token-mismatch-shadowed', severity: 'error' });
    const latest = results.find((x) => x.release === '2026.9.6' && x.scenario === 'stale-env-token')!;
    expect(latest.verdict).toBe('works');
    expect(latest.got).toEqual([{ ruleId: 'token-auth/env-token-stale-config-first', severity: 'warning' }]);
    expect(old.agree && latest.agree).toBe(true);
  });

  it('proxy.loopbackMode: the gateway runs and `health` works; commands under the managed proxy are kept off it (as recorded)', () => {
    const cli = (r: Recording, cmd: string, env = false) =>
      r.cli.find((c) => (c.cmd as string[]).slice(1).join(' ') === cmd && Boolean(c.env) === env) as { exitCode: number; stdout: string; stderr: string; json?: unknown } | undefined;
    const text = (c: { stdout: string; stderr: string; json?: unknown } | undefined) => (c ? JSON.stringify(c.json ?? null) + c.stdout + c.stderr : '');
    for (const release of ['2026.2.12', '2026.3.13', '2026.4.22']) {
      const r = cell(release, 'proxy-loopback-block');
      expect((r.gateway as { started: boolean }).started, release).toBe(false);
      expect((r.gateway as { output: string }).output, release).toContain('Unrecognized key: "proxy"');
    }
    for (const release of ['2026.6.11', '2026.8.2', '2026.9.6']) {
      for (const mode of ['block', 'proxy']) {
        const r = cell(release, `proxy-loopback-${mode}`);
        expect(recordedVerdict(r), `${release} ${mode}`).toBe('works');
        // a command run with the gateway's proxy environment cannot reach the loopback gateway
        expect(cli(r, 'gateway call health --json', true)?.exitCode, `${release} ${mode}`).toBe(1);
      }
    }
    expect(text(cli(cell('2026.9.6', 'proxy-loopback-block'), 'health --json'))).toContain('"ok":true');
    expect(text(cli(cell('2026.9.6', 'proxy-loopback-block'), 'gateway call health --json', true))).toContain('blocked by proxy.loopbackMode');
    expect(text(cli(cell('2026.8.2', 'proxy-loopback-block'), 'channels status --probe --json'))).toContain('blocked by proxy.loopbackMode');
    expect(text(cli(cell('2026.8.2', 'proxy-loopback-proxy'), 'gateway call health --json', true))).toContain('ECONNREFUSED 127.0.0.1:3128');
    // 2026.6.11 starts the managed proxy only with proxy.enabled: true
    expect((cell('2026.6.11', 'proxy-loopback-block').gateway as { output: string }).output).not.toContain('[proxy] routing');
    expect((cell('2026.6.11', 'proxy-loopback-block-enabled').gateway as { output: string }).output).toContain('[proxy] routing');
    for (const sc of ['proxy-loopback-block', 'proxy-loopback-proxy', 'proxy-loopback-block-enabled']) {
      expect(results.filter((x) => x.scenario === sc).length, sc).toBe(recs.filter((x) => x.scenario === sc).length); // every release's cell was run
      for (const r of results.filter((x) => x.scenario === sc && x.verdict === 'works')) expect(r.got.filter((g) => g.severity !== 'info'), `${r.release} ${sc}`).toEqual([]);
    }
  });

  it('2026.2.12 bind "lan": its CLI dials the LAN address and is refused (pairing required), named first', () => {
    // `openclaw health` recorded on lan-no-origins: "Gateway target: ws://192.168.77.10 … pairing required".
    expect(recordedVerdict(cell('2026.2.12', 'lan-no-origins'))).toBe('refused');
    for (const sc of ['lan-no-origins', 'lan-password', 'lan-origins-lan']) {
      const r = results.find((x) => x.release === '2026.2.12' && x.scenario === sc)!;
      expect(r.got[0], sc).toEqual({ ruleId: 'pairing/cli-dials-lan-address', severity: 'error' });
      expect(r.agree, sc).toBe(true);
    }
    // 2026.3.13 dials 127.0.0.1: the same config works there.
    expect(recordedVerdict(cell('2026.3.13', 'lan-password'))).toBe('works');
    expect(results.find((x) => x.release === '2026.3.13' && x.scenario === 'lan-password')!.got.map((g) => g.ruleId)).not.toContain('pairing/cli-dials-lan-address');
  });

  it("a token in the gateway's service environment is not in the user's shell: 2026.2.12 works with the config token", () => {
    const r = results.find((x) => x.release === '2026.2.12' && x.scenario === 'gateway-env-token-overrides')!;
    expect(r.verdict).toBe('works');
    expect(r.agree).toBe(true);
  });

  it('the container guess needs more than /.dockerenv: not when the gateway config is on this host', async () => {
    const d = await doctorOnHost(cell('2026.9.6', 'gateway-not-running'), rules);
    expect(d.facts.env?.container?.kind).toBe('docker');
    expect(d.findings.map((f) => f.ruleId)).not.toContain('docker-nat/container-loopback-target');
    // The proxy is never guessed from the container's default route (failure 5).
    const tp = await doctorOnHost(cell('2026.9.6', 'trusted-proxy'), rules);
    expect(tp.findings.map((f) => f.ruleId)).not.toContain('trusted-proxy/trusted-proxies-missing-bridge');
  });
});

describe('a pasted error that proves the gateway was reached (failure 10)', () => {
  it('outranks the refused local probe on a machine without OpenClaw, which the doctor says plainly', async () => {
    const d = await doctorOnHost(cell('2026.9.6', 'no-config'), rules, { paste: 'disconnected (1008): pairing required', openclaw: false });
    expect(d.findings[0]?.category).toBe('pairing');
    const ids = d.findings.map((f) => f.ruleId);
    expect(ids).toContain('gateway-down/openclaw-not-installed-here');
    for (const id of ['gateway-down/missing-gateway-not-running', 'gateway-down/gateway-down', 'docker-nat/container-loopback-target']) expect(ids).not.toContain(id);
  });

  it('without the paste, the same host still names the start-up cause', async () => {
    const d = await doctorOnHost(cell('2026.9.6', 'no-config'), rules);
    expect(d.findings[0]?.ruleId).toBe('gateway-down/missing-gateway-not-running');
  });
});

describe('the judge', () => {
  const works = cell('2026.9.6', 'token-loopback');
  const down = cell('2026.9.6', 'mode-unset');
  const lan313 = cell('2026.3.13', 'lan-no-origins');

  it('reads the verdict from the record', () => {
    expect(recordedVerdict(works)).toBe('works');
    expect(recordedVerdict(down)).toBe('start');
    expect(recordedVerdict(cell('2026.9.6', 'wrong-token'))).toBe('refused');
    // A second instance exits, but the first one answers the doctor's client.
    expect(recordedVerdict(cell('2026.9.6', 'second-instance'))).toBe('works');
    // OpenClaw's own `openclaw health` decides where it was recorded: 2026.2.12 sends the stale env token.
    expect(recordedVerdict(cell('2026.2.12', 'stale-env-token'))).toBe('refused');
    // Else the local device client: the CLI holds a device identity (auth none admits it).
    expect(recordedVerdict(cell('2026.6.11', 'auth-none'))).toBe('works');
  });

  it('a working cell tolerates info only', () => {
    expect(judge(works, [finding('config/x', 'info')]).agree).toBe(true);
    expect(judge(works, [finding('config/x', 'warning')]).agree).toBe(false);
    expect(judge(works, [finding('config/x', 'error')]).agree).toBe(false);
  });

  it('a warning is justified only by a refusal the record shows for another client', () => {
    // 2026.3.13 wrote loopback origins: the LAN browser got "origin not allowed".
    expect(judge(lan313, [finding('origin/network-bind-origins-advice', 'warning')]).agree).toBe(true);
    expect(judge(cell('2026.9.6', 'lan-no-origins'), [finding('origin/network-bind-origins-advice', 'warning')]).agree).toBe(false);
  });

  it('a failed cell needs the named cause first, as an error', () => {
    expect(judge(down, [finding('gateway-down/mode-unset', 'error')]).agree).toBe(true);
    expect(judge(down, [finding('gateway-down/mode-unset', 'warning')]).agree).toBe(false);
    expect(judge(down, [finding('docker-nat/container-loopback-target', 'error'), finding('gateway-down/mode-unset', 'error')]).agree).toBe(false);
    expect(judge(down, []).agree).toBe(false);
  });
});
