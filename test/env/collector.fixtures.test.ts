// The environment collector against recorded fixture roots (fixtures/env/<machine>).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { resolveGatewayPort, type ExecFn } from '../../src/collectors/env/index.js';
import { collectEnv } from './collect-derived.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/env');
const noExec: ExecFn = async () => {
  throw new Error('exec must not be called here');
};

describe('docker-gateway fixture (doctor inside the gateway container)', () => {
  it('finds the container, the bridge gateway, the install and the listeners', async () => {
    const f = await collectEnv({
      root: path.join(FIX, 'docker-gateway'),
      homedir: '/home/node',
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/bin:/bin', HOME: '/home/node' },
      exec: noExec,
      networkInterfaces: () => ({
        lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
        eth0: [{ address: '172.18.0.2', netmask: '255.255.0.0', family: 'IPv4', mac: '02:42:ac:12:00:02', internal: false, cidr: '172.18.0.2/16' }],
      }),
      configValue: { gateway: { mode: 'local', bind: 'lan', trustedProxies: ['172.17.0.1'] }, meta: { lastTouchedVersion: '2026.3.13' } },
    });
    expect(f.container).toEqual({ kind: 'docker', evidence: '/.dockerenv exists' });
    expect(f.wsl).toBe(false);
    expect(f.defaultGateway).toBe('172.18.0.1');
    expect(f.defaultInterface).toBe('eth0');
    expect(f.networks).toEqual([{ iface: 'eth0', cidr: '172.18.0.0/16' }]);
    expect(f.addresses).toEqual(['127.0.0.1', '172.18.0.2']);
    expect(f.os).toContain('Debian GNU/Linux 12');
    expect(f.openclaw).toMatchObject({
      installed: true,
      cliVersion: '2026.3.13',
      buildCommit: '61d171a',
      cliPath: '/usr/local/lib/node_modules/openclaw/openclaw.mjs',
      pathBinaries: ['/usr/local/bin/openclaw'],
      versionCommand: { ran: false },
    });
    expect(f.configVersions).toEqual({ lastTouchedVersion: '2026.3.13' });
    // Only sockets in LISTEN state on the gateway port, with the owning process mapped by inode.
    expect(f.listeners).toEqual([
      { port: 18789, address: '0.0.0.0', family: 'IPv4', inode: 23456, pid: 77, command: 'openclaw-gateway gateway --port 18789 --token ***' },
      { port: 18789, address: '::', family: 'IPv6', inode: 23457, pid: 77, command: 'openclaw-gateway gateway --port 18789 --token ***' },
    ]);
    expect(JSON.stringify(f)).not.toContain('s3cr3t-from-argv');
    expect(f.derived).toMatchObject({
      inContainer: true,
      bridgeGateway: '172.18.0.1',
      trustedProxiesCoverBridge: false,
      portListenerPids: 1,
      portMultipleProcesses: false,
      portForeignListener: false,
      cliVersion: '2026.3.13',
    });
    expect(f.unknown).toEqual([]);
  });

  it('trustedProxies given as the bridge CIDR covers the bridge address', async () => {
    const f = await collectEnv({
      root: path.join(FIX, 'docker-gateway'),
      homedir: '/home/node',
      env: {},
      exec: false,
      configValue: { gateway: { trustedProxies: ['172.18.0.0/16'] } },
    });
    expect(f.derived?.trustedProxiesCoverBridge).toBe(true);
    // No interface provider on a fixture root: addresses are unknown, not invented.
    expect(f.addresses).toBeUndefined();
    expect(f.unknown).toContain('addresses');
  });

  it('looks at another port when asked', async () => {
    const f = await collectEnv({ root: path.join(FIX, 'docker-gateway'), homedir: '/home/node', env: {}, exec: false, port: 18792 });
    expect(f.gatewayPort).toBe(18792);
    expect(f.listeners).toEqual([{ port: 18792, address: '127.0.0.1', family: 'IPv4', inode: 23460 }]);
    expect(f.unknown).toContain('listeners.pid (other users\u2019 processes are not readable)');
  });
});

describe('linux-host fixture (systemd unit with a baked token, two installs, legacy clawdbot)', () => {
  const run = (configValue?: Record<string, unknown>, env: Record<string, string> = {}) =>
    collectEnv({
      root: path.join(FIX, 'linux-host'),
      homedir: '/home/ana',
      env: { PATH: '/home/ana/.npm-global/bin:/usr/bin:/bin', ...env },
      exec: noExec,
      configValue,
    });

  it('reads the unit, its drop-in and EnvironmentFile, and flags the token as a secret', async () => {
    const f = await run({ gateway: { auth: { mode: 'token', token: 'new-token-in-config' } } });
    const svc = f.services?.find((s) => s.name === 'openclaw-gateway.service');
    expect(svc).toMatchObject({
      kind: 'systemd',
      path: '/home/ana/.config/systemd/user/openclaw-gateway.service',
      token: 'old-token-baked-in-unit',
      password: 'pw-from-envfile',
      serviceVersion: '2026.2.22',
      port: 18789,
      product: 'openclaw',
      scope: 'user',
      execStart: '/usr/bin/node /usr/lib/node_modules/openclaw/dist/index.js gateway --port 18789',
      sources: ['/home/ana/.config/systemd/user/openclaw-gateway.service.d/override.conf', '/home/ana/.openclaw/gateway.systemd.env'],
    });
    const i = f.services!.indexOf(svc!);
    expect(f.secrets).toEqual(expect.arrayContaining([`services.${i}.token`, `services.${i}.password`]));
    expect(f.derived).toMatchObject({
      serviceTokenBaked: true,
      serviceTokenMismatch: true,
      serviceTokenMismatchService: 'openclaw-gateway.service',
      cliVersion: '2026.3.13',
      serviceVersion: '2026.2.22',
      cliServiceVersionSkew: true,
      cliNewerThanService: true,
      multipleInstalls: true,
      serviceEntrypointMismatch: true,
      legacyServicePresent: true,
    });
  });

  it('agrees when the config holds the same token, and does not compare SecretRefs or ${VAR}s', async () => {
    expect((await run({ gateway: { auth: { token: 'old-token-baked-in-unit' } } })).derived?.serviceTokenMismatch).toBe(false);
    expect((await run({ gateway: { auth: { token: '${OPENCLAW_GATEWAY_TOKEN}' } } })).derived?.serviceTokenMismatch).toBeUndefined();
    expect((await run({ gateway: { auth: { token: { source: 'file', id: '/gateway/auth/token' } } } })).derived?.serviceTokenMismatch).toBeUndefined();
    expect((await run()).derived?.serviceTokenMismatch).toBeUndefined();
  });

  it('lists legacy gateway variables in the shell', async () => {
    const f = await run({ gateway: { auth: { token: 'a' } } }, { OPENCLAW_GATEWAY_TOKEN: 'b', CLAWDBOT_GATEWAY_TOKEN: 'x' });
    expect(f.legacy).toContain('deprecated environment variables: CLAWDBOT_GATEWAY_TOKEN');
  });

  it('finds both installs, picks the one on PATH, and lists legacy traces', async () => {
    const f = await run();
    expect(f.openclaw?.installs?.map((i) => [i.root, i.version, i.commit])).toEqual([
      ['/home/ana/.npm-global/lib/node_modules/openclaw', '2026.3.13', '61d171a'],
      ['/usr/lib/node_modules/openclaw', '2026.2.22', '70dd6a3'],
    ]);
    expect(f.openclaw?.cliVersion).toBe('2026.3.13');
    expect(f.legacy).toEqual([
      'state dir /home/ana/.clawdbot',
      'systemd service clawdbot-gateway.service (/home/ana/.config/systemd/user/clawdbot-gateway.service)',
      'global package clawdbot@2026.1.24 (/usr/lib/node_modules/clawdbot)',
    ]);
    const legacySvc = f.services?.find((s) => s.product === 'clawdbot');
    expect(legacySvc).toMatchObject({ token: 'legacy-token', port: 18789 });
  });

  it('maps the readable listener and records the unreadable one as unknown', async () => {
    const f = await run();
    expect(f.defaultGateway).toBe('192.168.1.1');
    expect(f.networks).toEqual([
      { iface: 'docker0', cidr: '172.17.0.0/16' },
      { iface: 'enp3s0', cidr: '192.168.1.0/24' },
    ]);
    expect(f.container?.kind).toBe('none');
    expect(f.listeners).toEqual([
      { port: 18789, address: '127.0.0.1', family: 'IPv4', inode: 31001, pid: 4242, command: '/usr/bin/node /usr/lib/node_modules/openclaw/dist/index.js gateway --port 18789' },
      { port: 18789, address: '0.0.0.0', family: 'IPv4', inode: 31002 },
    ]);
    expect(f.unknown).toContain('listeners.pid (other users\u2019 processes are not readable)');
    expect(f.derived?.portListenerCount).toBe(2);
  });

  it('uses the docker0 address as the bridge on a host', async () => {
    const f = await collectEnv({
      root: path.join(FIX, 'linux-host'),
      homedir: '/home/ana',
      env: {},
      exec: false,
      networkInterfaces: () => ({
        docker0: [{ address: '172.17.0.1', netmask: '255.255.0.0', family: 'IPv4', mac: '02:42:00:00:00:00', internal: false, cidr: '172.17.0.1/16' }],
      }),
    });
    expect(f.bridges).toEqual([{ iface: 'docker0', address: '172.17.0.1', cidr: '172.17.0.1/16' }]);
    expect(f.derived?.bridgeGateway).toBe('172.17.0.1');
    expect(f.derived?.inContainer).toBe(false);
  });
});

describe('macos fixture (launchd plist, no /proc)', () => {
  it('reads the plist env and records what cannot be known without /proc', async () => {
    const f = await collectEnv({ root: path.join(FIX, 'macos'), homedir: '/Users/bo', env: {}, exec: false, platform: 'darwin', release: '24.6.0' });
    expect(f.os).toBe('darwin 24.6.0');
    expect(f.wsl).toBe(false);
    expect(f.services).toEqual([
      expect.objectContaining({ kind: 'launchd', name: 'ai.openclaw.gateway', token: 'tok&en-from-plist', serviceVersion: '2026.3.2', port: 18789, product: 'openclaw' }),
      expect.objectContaining({ kind: 'launchd', name: 'com.clawdbot.gateway', product: 'clawdbot', problems: [expect.stringContaining('binary plist')] }),
    ]);
    expect(f.openclaw?.cliVersion).toBe('2026.3.2');
    expect(f.derived).toMatchObject({ cliServiceVersionSkew: false, legacyServicePresent: true });
    expect(f.unknown).toEqual(expect.arrayContaining(['container', 'listeners', 'addresses']));
    expect(f.unknown?.some((u) => u.startsWith('defaultGateway'))).toBe(true);
    expect(f.container).toBeUndefined();
    expect(f.defaultGateway).toBeUndefined();
    expect(f.listeners).toBeUndefined();
  });
});

describe('wsl, podman, cgroup-only docker, kubernetes', () => {
  it('detects WSL2 from /proc/version', async () => {
    const f = await collectEnv({ root: path.join(FIX, 'wsl'), homedir: '/home/wu', env: {}, exec: false });
    expect(f.wsl).toBe(true);
    expect(f.wslVersion).toBe(2);
    expect(f.defaultGateway).toBe('172.168.112.1');
    expect(f.container?.kind).toBe('none');
    expect(f.listeners).toEqual([]);
  });
  it('WSL from the environment', async () => {
    const f = await collectEnv({ root: path.join(FIX, 'podman'), homedir: '/h', env: { WSL_DISTRO_NAME: 'Ubuntu', WSL_INTEROP: '/run/WSL/1_interop' }, exec: false });
    expect(f.wsl).toBe(true);
  });
  it('podman from /run/.containerenv', async () => {
    const f = await collectEnv({ root: path.join(FIX, 'podman'), homedir: '/h', env: {}, exec: false });
    expect(f.container).toEqual({ kind: 'podman', evidence: '/run/.containerenv exists' });
  });
  it('docker from the cgroup alone', async () => {
    const f = await collectEnv({ root: path.join(FIX, 'cgroup-docker'), homedir: '/h', env: {}, exec: false });
    expect(f.container?.kind).toBe('docker');
    expect(f.container?.evidence).toContain('/docker/3f2a9c0e1b7d');
  });
  it('kubernetes from the service env', async () => {
    const f = await collectEnv({ root: path.join(FIX, 'podman'), homedir: '/h', env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' }, exec: false });
    expect(f.container?.kind).toBe('kubernetes');
  });
});

describe('windows fixture (gateway.cmd + an npm .cmd shim)', () => {
  it('reads gateway.cmd and runs --version only because the shim maps to no package', async () => {
    const exec = vi.fn<ExecFn>(async () => ({ stdout: 'OpenClaw 2026.2.6-3 (unknown)\r\n', stderr: '', code: 0 }));
    const f = await collectEnv({
      root: path.join(FIX, 'windows'),
      homedir: '/Users/wei',
      env: { APPDATA: '/Users/wei/AppData/Roaming', Path: '/Users/wei/AppData/Roaming/npm' },
      exec,
      platform: 'win32',
      configValue: { gateway: { auth: { mode: 'token', token: 'real-token' } } },
    });
    expect(f.services).toEqual([
      expect.objectContaining({ kind: 'schtasks', path: '/Users/wei/.openclaw/gateway.cmd', token: 'undefined', serviceVersion: '2026.2.6-3', port: 18789 }),
    ]);
    expect(f.services?.[0]?.execStart).toContain('node.exe');
    expect(exec).toHaveBeenCalledTimes(1);
    expect(exec.mock.calls[0]?.[1]).toEqual(['--version']);
    expect(f.openclaw?.versionCommand).toMatchObject({ ran: true, version: '2026.2.6-3' });
    expect(f.openclaw?.cliVersion).toBe('2026.2.6-3');
    expect(f.derived).toMatchObject({ serviceTokenMismatch: true, cliServiceVersionSkew: false });
    expect(f.secrets).toEqual(['services.0.token']);
  });
});

describe('no OpenClaw at all', () => {
  it('says not installed (known) rather than unknown', async () => {
    const f = await collectEnv({ root: path.join(FIX, 'podman'), homedir: '/h', env: { PATH: '/usr/bin' }, exec: noExec });
    expect(f.openclaw).toEqual({ installed: false, installs: [], pathBinaries: [] });
    expect(f.unknown).not.toContain('openclaw.cliVersion');
    expect(f.services).toEqual([]);
    expect(f.unknown).toContain('configVersions (no config)');
  });
});

describe('resolveGatewayPort', () => {
  it('flag > env > config > default', () => {
    expect(resolveGatewayPort({ port: 1, env: { OPENCLAW_GATEWAY_PORT: '2' }, configValue: { gateway: { port: 3 } } })).toBe(1);
    expect(resolveGatewayPort({ env: { OPENCLAW_GATEWAY_PORT: '2' }, configValue: { gateway: { port: 3 } } })).toBe(2);
    expect(resolveGatewayPort({ env: { OPENCLAW_GATEWAY_PORT: 'x' }, configValue: { gateway: { port: 3 } } })).toBe(3);
    expect(resolveGatewayPort({ env: {}, configValue: { gateway: { port: '3' } } })).toBe(18789);
  });
});
