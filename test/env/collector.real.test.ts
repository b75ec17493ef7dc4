// The environment collector on this machine for real: a temp systemd-style unit dir, a fake global
// npm root, a real `openclaw` wrapper on PATH, and a process listening on a loopback port that the
// test starts and stops by PID. Only 127.0.0.1 is used.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEnv } from './collect-derived.js';

const linux = process.platform === 'linux' && existsSync('/proc/net/tcp');

let tmp: string;
let home: string;
let prefix: string;
let bin: string;
let listener: ChildProcess | undefined;
let port = 0;
// Steps whose result a test asserts get a budget a loaded machine cannot exhaust; the deadline tests
// keep the product's own caps.
const SLOW_OK = { timeoutMs: 60_000, capMs: 60_000, execCapMs: 30_000 };

function startListener(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port)+'\\n')});"], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('error', reject);
    child.stdout!.once('data', (d: Buffer) => resolve({ child, port: Number(String(d).trim()) }));
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'clawkit-env-'));
  home = path.join(tmp, 'home');
  prefix = path.join(tmp, 'prefix');
  bin = path.join(tmp, 'bin');
  mkdirSync(path.join(home, '.config/systemd/user'), { recursive: true });
  mkdirSync(path.join(prefix, 'lib/node_modules/openclaw/dist'), { recursive: true });
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    path.join(home, '.config/systemd/user/openclaw-gateway-work.service'),
    '[Service]\nExecStart=/usr/bin/node ' + prefix + '/lib/node_modules/openclaw/dist/index.js gateway --port 19111\n' +
      'Environment="OPENCLAW_GATEWAY_TOKEN=unit-token" OPENCLAW_SERVICE_VERSION=2026.3.2 OPENCLAW_PROFILE=work\n',
  );
  writeFileSync(path.join(prefix, 'lib/node_modules/openclaw/package.json'), '{"name":"openclaw","version":"2026.3.13"}');
  writeFileSync(path.join(prefix, 'lib/node_modules/openclaw/dist/build-info.json'), '{"version":"2026.3.13","commit":"61d171a","builtAt":"2026-03-14T02:11:09Z"}');
  // A wrapper script (like install-cli.sh's ~/.openclaw/bin/openclaw): maps to no package, so the
  // collector has to run it.
  writeFileSync(path.join(bin, 'openclaw'), '#!/bin/sh\necho "OpenClaw 2026.3.8 (3caab92)"\n');
  chmodSync(path.join(bin, 'openclaw'), 0o755);
  if (linux) ({ child: listener, port } = await startListener());
});

afterAll(() => {
  if (listener?.pid) {
    try {
      process.kill(listener.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe('collectEnv on this machine', () => {
  it('reads the temp unit dir, the fake npm root and runs the wrapper with a timeout', async () => {
    const f = await collectEnv({
      env: { PATH: `${bin}:/usr/bin:/bin`, npm_config_prefix: prefix, XDG_CONFIG_HOME: path.join(home, '.config') },
      homedir: home,
      configValue: { gateway: { auth: { token: 'config-token' } } },
      ...SLOW_OK,
    });
    expect(f.services).toEqual([
      expect.objectContaining({ name: 'openclaw-gateway-work.service', token: 'unit-token', serviceVersion: '2026.3.2', port: 19111, profile: 'work' }),
    ]);
    expect(f.openclaw?.installs?.[0]).toMatchObject({ root: path.join(prefix, 'lib/node_modules/openclaw'), version: '2026.3.13', via: 'env npm_config_prefix' });
    expect(f.openclaw?.pathBinaries?.[0]).toBe(path.join(bin, 'openclaw'));
    expect(f.openclaw?.versionCommand).toMatchObject({ ran: true, version: '2026.3.8' });
    // The PATH binary wins over an unrelated package.
    expect(f.openclaw?.cliVersion).toBe('2026.3.8');
    expect(f.derived).toMatchObject({ serviceTokenMismatch: true, cliServiceVersionSkew: true });
    expect(f.node).toBe(process.version);
  });

  it('kills a hanging `openclaw --version` and stays inside the budget', async () => {
    const slow = path.join(tmp, 'slowbin');
    mkdirSync(slow, { recursive: true });
    writeFileSync(path.join(slow, 'openclaw'), '#!/bin/sh\nsleep 5\n');
    chmodSync(path.join(slow, 'openclaw'), 0o755);
    const f = await collectEnv({ env: { PATH: `${slow}:/usr/bin:/bin` }, homedir: home, timeoutMs: 600 });
    // One of the collector's own deadlines ended it (the command sleeps 5 s; nothing else ends it early):
    // the exec timer (500 ms here), or — when a stalled machine delivers the kill late — the step's
    // budget (600 ms), which abandons the step and says so. Either way no version is claimed.
    const stepTimedOut = f.unknown.includes('openclaw (timed out)');
    if (stepTimedOut) expect(f.openclaw?.versionCommand).toBeUndefined();
    else {
      expect(f.openclaw?.versionCommand?.error).toMatch(/^timed out after \d+ ms$/);
      expect(f.unknown).toContain('openclaw.cliVersion');
    }
    expect(f.openclaw?.cliVersion).toBeUndefined();
  });

  it.runIf(linux)('finds the process listening on the loopback port, by PID', async () => {
    const f = await collectEnv({ env: {}, homedir: home, port, exec: false, ...SLOW_OK });
    expect(f.listeners).toEqual([expect.objectContaining({ port, address: '127.0.0.1', family: 'IPv4', pid: listener!.pid })]);
    expect(f.listeners?.[0]?.command).toContain(process.execPath);
    expect(f.derived?.portListenerPids).toBe(1);
  });

  it.runIf(linux)('sees nothing on the port once the process is stopped', async () => {
    // Its own listener: stopping the shared one made the test above order-dependent (review23b, --sequence.shuffle).
    const own = await startListener();
    const seen = await collectEnv({ env: {}, homedir: home, port: own.port, exec: false, ...SLOW_OK });
    expect(seen.listeners).toEqual([expect.objectContaining({ port: own.port, pid: own.child.pid })]);
    await new Promise<void>((resolve) => {
      own.child.once('exit', () => resolve());
      process.kill(own.child.pid!, 'SIGTERM');
    });
    const f = await collectEnv({ env: {}, homedir: home, port: own.port, exec: false, ...SLOW_OK });
    expect(f.listeners).toEqual([]);
  });

  it('a typical run with no OpenClaw and exec off runs no command (its speed is measured by npm run bench)', async () => {
    const f = await collectEnv({ env: { PATH: '/usr/bin:/bin' }, homedir: home, exec: false });
    expect(f.openclaw?.versionCommand).toBeUndefined();
  });
});
