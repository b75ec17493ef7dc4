import { describe, expect, it } from 'vitest';
import { addressCovered } from '../../src/shared/net/cidr.js';
import { hexToIpv4, hexToIpv6, maskToPrefix, parseProcNetTcp, parseRouteTable, redactCommandLine, summariseRoutes } from '../../src/collectors/env/network.js';
import { candidateRoots, npmrcPrefix } from '../../src/collectors/env/openclaw.js';
import { parseEnvFile, parsePlist, parseUnit, splitEnvironmentLine } from '../../src/collectors/env/services.js';

describe('systemd unit parsing', () => {
  it('splits Environment= values with quotes and escapes', () => {
    expect(splitEnvironmentLine('"A=1 2" B=3 \'C=x y\' "D=say \\"hi\\"" junk')).toEqual([
      ['A', '1 2'],
      ['B', '3'],
      ['C', 'x y'],
      ['D', 'say "hi"'],
    ]);
  });
  it('reads only [Service], joins continuations, later values win, empty Environment= resets', () => {
    const u = parseUnit(
      '[Unit]\nEnvironment=NOPE=1\n[Service]\nEnvironment=A=1\nEnvironment=A=2 \\\n  B=3\nExecStart=-/usr/bin/node x.js gateway\nEnvironmentFile=-/etc/oc.env\n',
    );
    expect([...u.env]).toEqual([
      ['A', '2'],
      ['B', '3'],
    ]);
    expect(u.execStart).toBe('/usr/bin/node x.js gateway');
    expect(u.envFiles).toEqual(['-/etc/oc.env']);
    expect([...parseUnit('[Service]\nEnvironment=A=1\nEnvironment=\nEnvironment=B=2\n').env]).toEqual([['B', '2']]);
  });
  it('parses env files', () => {
    expect(parseEnvFile('# c\nexport A="1"\nB=\'two\'\n  C = 3\nbad line\n')).toEqual([
      ['A', '1'],
      ['B', 'two'],
      ['C', '3'],
    ]);
  });
});

describe('plist parsing', () => {
  it('reads EnvironmentVariables, ProgramArguments and Label, unescaping XML', () => {
    const p = parsePlist(
      '<plist><dict><key>Label</key><string>ai.openclaw.gateway</string><key>ProgramArguments</key><array><string>node</string><string>a&amp;b</string></array>' +
        '<key>EnvironmentVariables</key><dict><key>OPENCLAW_GATEWAY_TOKEN</key><string>t&lt;1&gt;</string></dict></dict></plist>',
    );
    expect(p).toEqual({ env: new Map([['OPENCLAW_GATEWAY_TOKEN', 't<1>']]), args: ['node', 'a&b'], label: 'ai.openclaw.gateway' });
    expect(parsePlist('bplist00...')).toBeUndefined();
  });
});

describe('/proc/net parsing', () => {
  it('decodes little-endian addresses', () => {
    expect(hexToIpv4('0100007F')).toBe('127.0.0.1');
    expect(hexToIpv4('010011AC')).toBe('172.17.0.1');
    expect(hexToIpv4('zz')).toBeUndefined();
    expect(hexToIpv6('00000000000000000000000000000000')).toBe('::');
    expect(hexToIpv6('00000000000000000000000001000000')).toBe('::1');
    expect(hexToIpv6('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(hexToIpv6('B80D0120000000000000000001000000')).toBe('2001:db8::1');
    expect(maskToPrefix('255.255.240.0')).toBe(20);
  });
  it('picks the lowest-metric default route with the gateway flag', () => {
    const routes = parseRouteTable(
      'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n' +
        'wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n' +
        'eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n' +
        'tun0\t00000000\t00000000\t0001\t0\t0\t50\t00000000\t0\t0\t0\n',
    );
    expect(summariseRoutes(routes)).toMatchObject({ defaultGateway: '10.0.0.1', defaultInterface: 'eth0' });
  });
  it('keeps only LISTEN sockets', () => {
    const t = parseProcNetTcp(
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
        '   0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 11 1 0 100 0 0 10 0\n' +
        '   1: 0100007F:4965 0100007F:C000 01 00000000:00000000 00:00000000 00000000  1000        0 12 1 0 100 0 0 10 0\n',
      'IPv4',
    );
    expect(t).toEqual([{ address: '127.0.0.1', port: 18789, inode: 11, uid: 1000, family: 'IPv4' }]);
  });
  it('with a port: only listeners on that port, even when another socket connects to it', () => {
    const table =
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 11 1 0 100 0 0 10 0\n' +
      '   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 13 1 0 100 0 0 10 0\n' +
      '   2: 0100007F:C000 0100007F:4965 0A 00000000:00000000 00:00000000 00000000  1000        0 14 1 0 100 0 0 10 0\n';
    expect(parseProcNetTcp(table, 'IPv4', 18789)).toEqual([{ address: '127.0.0.1', port: 18789, inode: 11, uid: 1000, family: 'IPv4' }]);
    expect(parseProcNetTcp(table, 'IPv4', 8080).map((s) => s.inode)).toEqual([13]);
    expect(parseProcNetTcp(table, 'IPv4').map((s) => s.inode)).toEqual([11, 13, 14]);
  });
  it('redacts secrets in command lines', () => {
    expect(redactCommandLine('openclaw gateway --token abc --password=def OPENCLAW_GATEWAY_TOKEN=ghi --port 1')).toBe(
      'openclaw gateway --token *** --password=*** OPENCLAW_GATEWAY_TOKEN=*** --port 1',
    );
  });
});

describe('trustedProxies coverage', () => {
  it.each([
    ['172.17.0.1', '172.17.0.1', true],
    ['172.17.0.0/16', '172.17.0.1', true],
    ['172.16.0.0/12', '172.18.0.1', true],
    ['172.17.0.0/16', '172.18.0.1', false],
    ['::ffff:172.17.0.1', '172.17.0.1', true],
    ['10.0.0.0/8', '172.17.0.1', false],
    ['fd00::/8', '172.17.0.1', false],
    ['not-an-ip/8', '172.17.0.1', false],
  ])('%s covers %s: %s', (entry, addr, want) => {
    expect(addressCovered(addr, [entry])).toBe(want);
  });
});

describe('npm roots', () => {
  it('reads prefix from .npmrc and builds candidate roots', () => {
    expect(npmrcPrefix('fund=false\nprefix = ~/.npm-global \n')).toBe('~/.npm-global');
    const roots = candidateRoots({ env: { NVM_BIN: '/h/.nvm/versions/node/v22.1.0/bin' }, homedir: '/h', platform: 'linux', nodeExecPath: '/usr/bin/node', npmrcPrefix: '~/.npm-global' });
    const dirs = roots.map((r) => r.dir);
    expect(dirs).toContain('/h/.npm-global/lib/node_modules');
    expect(dirs).toContain('/usr/lib/node_modules');
    expect(dirs).toContain('/h/.nvm/versions/node/v22.1.0/lib/node_modules');
    expect(dirs).toContain('/h/.openclaw/lib/node_modules');
    expect(new Set(dirs).size).toBe(dirs.length);
    expect(candidateRoots({ env: { APPDATA: 'C:\\Users\\w\\AppData\\Roaming' }, homedir: '/h', platform: 'win32' }).map((r) => r.dir)).toContain(
      'C:/Users/w/AppData/Roaming/npm/node_modules',
    );
  });
});
