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
  return `${r.stdout}\n${r.stderr}`;
}

describe(`leak hunt: probing a real ${LATEST_VERSION} gateway`, () => {
  it('no token, password or header value reaches any output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-leak-probe-'));
    const port = gw!.port;
    writeFileSync(join(dir, 'openclaw.json'), JSON.stringify({ gateway: { port, auth: { mode: 'token', token: GW_TOKEN }, remote: { token: 'cliWrongTokZ9x8C7v6' } } }));
    const runs: Array<[string[], NodeJS.ProcessEnv]> = [
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}`, '--token', 'cliWrongTokZ9x8C7v6'], {}],
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}/?token=urlQueryTokM1n2B3v4`], {}],
      [['--config', 'openclaw.json', '--url', `ws://me:urlUserPwK5j6H7g8@127.0.0.1:${port}`], {}],
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}`, '--header', 'Authorization: Bearer hdrBearerTokP0o9I8u7', '--device'], {}],
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}`], { OPENCLAW_GATEWAY_TOKEN: 'envWrongTokL4k3J2h1' }],
      [['--config', 'openclaw.json', '--url', `ws://127.0.0.1:${port}`, '--token', GW_TOKEN], {}],
    ];
    const leaks: string[] = [];
    let quotedProbe = 0;
    let first = '';
    for (const [args, env] of runs)
      for (const format of ['human', 'json', 'sarif', 'markdown', 'github']) {
        const out = doctor(dir, [...args, '--format', format], env);
        first ||= out;
        if (/token mismatch|token_mismatch|mismatch/i.test(out)) quotedProbe++;
        for (const c of CANARIES) if (out.includes(c)) leaks.push(`${format} ${args.slice(2).join(' ')}: ${c}`);
      }
    // The wrong-token runs are diagnosed (the probe's answer is in the reports), so masking is what is tested.
    expect(quotedProbe, first).toBeGreaterThan(5);
    expect(leaks).toEqual([]);
  });
});
