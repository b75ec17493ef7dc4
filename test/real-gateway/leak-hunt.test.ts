// The leak hunt's probe half (hostile-input 2bx, helper leak27): a real gateway of the latest release on
// loopback with a canary token; the doctor probes it with a wrong token, the right one, a token in the
// URL's query and userinfo, and an Authorization header, in every format. No canary in stdout or stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../cli/run.js';
import { LATEST_VERSION, startGateway, stopSuiteGateway, type GatewayHandle } from './common.js';

const GW_TOKEN = 'gwRealTokQ1w2E3r4T5y6';
const CANARIES = [GW_TOKEN, 'cliWrongTokZ9x8C7v6', 'urlQueryTokM1n2B3v4', 'urlUserPwK5j6H7g8', 'hdrBearerTokP0o9I8u7', 'envWrongTokL4k3J2h1'];

let gw: GatewayHandle | undefined;
beforeAll(async () => {
  gw = await startGateway({ version: LATEST_VERSION, token: GW_TOKEN });
});
afterAll(async () => stopSuiteGateway(gw));

function doctor(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = run(dir, args, env);
  return `${r.stdout}\n${r.stderr}`;
}

function run(dir: string, args: string[], env: NodeJS.ProcessEnv): { stdout: string; stderr: string } {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OPENCLAW_')) clean[k] = v;
  const r = spawnSync(process.execPath, [BIN, '--fail-on', 'none', '--timeout', '60000', '--no-env', ...args], {
    cwd: dir,
    encoding: 'utf8',
    input: '',
    env: { ...clean, HOME: dir, NO_COLOR: '1', CI: '1', CLAWKIT_PROBE_LOOPBACK_ONLY: '1', ...env },
    timeout: 180_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  return { stdout: r.stdout, stderr: r.stderr };
}

describe(`leak hunt: probing a real ${LATEST_VERSION} gateway`, () => {
  it('no token, password or header value reaches any output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-leak-probe-'));
    const port = gw!.port;
    writeFileSync(join(dir, 'openclaw.json'), JSON.stringify({ gateway: { port, auth: { mode: 'token', token: GW_TOKEN }, remote: { token: 'cliWrongTokZ9x8C7v6' } } }));
    // [args, env, the probe's outcome]: each run's answer from the gateway, asserted (leak28: the old guard counted
    // /mismatch/ anywhere, which rule prose says in every run, so it held whatever the probe did). A credential in
    // the URL's query or userinfo or in a header is not what the probe authenticates with (the config's token is):
    // those runs connect, and the report's probe.url is the URL without them (dropped, not masked).
    const runs: Array<[string[], NodeJS.ProcessEnv, string]> = [
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}`, '--token', 'cliWrongTokZ9x8C7v6'], {}, 'token-mismatch'],
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}/?token=urlQueryTokM1n2B3v4`], {}, 'connected'],
      [['--config', 'openclaw.json', '--url', `ws://me:urlUserPwK5j6H7g8@127.0.0.1:${port}`], {}, 'connected'],
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}`, '--header', 'Authorization: Bearer hdrBearerTokP0o9I8u7', '--device'], {}, 'connected'],
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}`], { OPENCLAW_GATEWAY_TOKEN: 'envWrongTokL4k3J2h1' }, 'token-mismatch'],
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}`, '--token', GW_TOKEN], {}, 'connected'],
    ];
    const leaks: string[] = [];
    const wrongAnswers: string[] = [];
    const unquoted: string[] = [];
    for (const [args, env, want] of runs) {
      // The JSON report says what the gateway answered; every other format names the same findings.
      const json = JSON.parse(run(dir, [...args, '--format', 'json'], env).stdout) as { inputs: { probe: { outcome?: string; url?: string } | null }; findings: Array<{ ruleId: string }> };
      const ids = json.findings.map((f) => f.ruleId);
      const probe = json.inputs.probe;
      // A wrong credential is diagnosed from the answer: a token-auth finding beside the config's own remote-token one.
      const diagnosed = ids.some((id) => id.startsWith('token-auth/') && id !== 'token-auth/remote-token-differs');
      if (probe?.outcome !== want || probe.url !== `ws://127.0.0.1:${port}` || diagnosed !== (want === 'token-mismatch')) wrongAnswers.push(`${args.slice(2).join(' ')} ${JSON.stringify(env)}: ${probe?.outcome} ${probe?.url} [${ids.join(', ')}] (want ${want})`);
      for (const format of ['human', 'json', 'sarif', 'markdown', 'github']) {
        const out = doctor(dir, [...args, '--format', format], env);
        for (const id of ids) if (!out.includes(id)) unquoted.push(`${format} ${args.slice(2).join(' ')}: ${id}`);
        for (const c of CANARIES) if (out.includes(c)) leaks.push(`${format} ${args.slice(2).join(' ')}: ${c}`);
      }
    }
    // The wrong-credential runs are diagnosed from the gateway's answer and every format shows that diagnosis,
    // so masking (not a missing probe or a silent format) is what is tested.
    expect({ wrongAnswers, unquoted, leaks }).toEqual({ wrongAnswers: [], unquoted: [], leaks: [] });
  });
});
