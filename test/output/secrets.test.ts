// A token planted in the config, the environment and the pasted text appears in no output of any
// format: stdout, stderr, the --output file and the GitHub step summary.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn, runInHere } from './helpers.js';

const CONFIG_TOKEN = 'cfgTok-Planted-7Hq2Lm9Xw4';
const ENV_TOKEN = 'envTok-Planted-3Rt8Kp1Zs6';
const URL_TOKEN = 'urlTok-Planted-5Vb0Nc2Yd8';
const BEARER = 'bearerTok-Planted-9Jf4Gh6Ua2';
const SECRETS = [CONFIG_TOKEN, ENV_TOKEN, URL_TOKEN, BEARER];

const CONFIG = `{
  // token auth on every interface: findings quote this object
  gateway: { bind: "lan", auth: { mode: "token", token: "${CONFIG_TOKEN}" }, remote: { token: "${CONFIG_TOKEN}" } },
}
`;
const PASTE = [
  `disconnected (1008): unauthorized: gateway token mismatch (client sent ${ENV_TOKEN}, gateway has ${CONFIG_TOKEN})`,
  `opening http://192.168.1.20:18789/?token=${URL_TOKEN} failed: control ui requires device identity (use HTTPS or localhost secure context)`,
  `curl -H "Authorization: Bearer ${BEARER}" http://127.0.0.1:18789/healthz`,
  '',
].join('\n');

describe('secrets in every format', () => {
  it.each(['human', 'json', 'sarif', 'github', 'markdown'])('%s masks config, env and pasted secrets', async (format) => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-secrets-'));
    writeFileSync(join(dir, 'openclaw.json'), CONFIG);
    writeFileSync(join(dir, 'paste.log'), PASTE);
    writeFileSync(join(dir, 'summary.md'), '');
    const env = { OPENCLAW_GATEWAY_TOKEN: ENV_TOKEN, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') };
    const args = ['--format', format, '--config', 'openclaw.json', '--log', 'paste.log', '--no-env', '--url', 'ws://127.0.0.1:1', '--timeout', '500'];
    // A real process: whatever reaches its stdout or stderr by any path is captured.
    const toStdout = runIn(dir, args, { env });
    // The same run writing the format to a file, through main() in this process: --output changes
    // only where the format goes (the human report then goes to stdout, as tested above for human).
    const toFile = await runInHere(dir, [...args, '--output', 'report.out'], { env });
    expect(toStdout.code).toBe(1);
    expect(toFile.code).toBe(1);
    const outputs = [toStdout.stdout, toStdout.stderr, toFile.stdout, toFile.stderr, readFileSync(join(dir, 'report.out'), 'utf8'), readFileSync(join(dir, 'summary.md'), 'utf8')];
    // The planted lines are really quoted (so masking, not omission, is what is tested).
    expect(toStdout.stdout + readFileSync(join(dir, 'report.out'), 'utf8')).toMatch(/token mismatch|token=\*\*\*|\*\*\*/);
    for (const out of outputs) for (const s of SECRETS) expect(out).not.toContain(s);
  });

  it.each(['human', 'json', 'github'])('--follow %s masks them in every event', (format) => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-secrets-follow-'));
    writeFileSync(join(dir, 'openclaw.json'), CONFIG);
    writeFileSync(join(dir, 'paste.log'), PASTE);
    const r = runIn(dir, ['--follow', '--format', format, '--config', 'openclaw.json', '--log', 'paste.log', '--no-env', '--no-probe'], { env: { OPENCLAW_GATEWAY_TOKEN: ENV_TOKEN } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/token mismatch|Gateway token mismatch/i);
    for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
  });
});
