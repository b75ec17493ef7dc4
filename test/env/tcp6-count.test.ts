// The listeners on the gateway port skip /proc/net/tcp6 when the kernel counts no IPv6 TCP socket
// (`TCP6: inuse 0` in /proc/net/sockstat6): reading an empty table walks the whole socket hash
// (issue #13). The table is read whenever the count is absent, unparsable or not 0, and when the
// IPv4 table could not be read; the facts are those of reading both tables.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectEnv } from '../../src/collectors/env/index.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/env/docker-gateway');

/** A root with the docker-gateway fixture's /proc/net tables (IPv4 and IPv6 listeners on 18789) and the given sockstat6. */
function root(sockstat6: string | undefined, opts: { noTcp4?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ckd-tcp6-'));
  mkdirSync(path.join(dir, 'proc/net'), { recursive: true });
  cpSync(path.join(FIX, 'proc/net/tcp6'), path.join(dir, 'proc/net/tcp6'));
  if (!opts.noTcp4) cpSync(path.join(FIX, 'proc/net/tcp'), path.join(dir, 'proc/net/tcp'));
  if (sockstat6 !== undefined) writeFileSync(path.join(dir, 'proc/net/sockstat6'), sockstat6);
  return dir;
}

async function listeners(dir: string) {
  const f = await collectEnv({ root: dir, homedir: '/home/node', env: {}, exec: false, port: 18789 });
  rmSync(dir, { recursive: true, force: true });
  return { listeners: f.listeners?.map((l) => `${l.family} ${l.address}`), unknown: f.unknown };
}

const BOTH = ['IPv4 0.0.0.0', 'IPv6 ::'];

describe('listeners: the IPv6 table and the kernel count', () => {
  it('reads it when sockets are counted, when the count is absent and when it cannot be parsed', async () => {
    expect((await listeners(root('TCP6: inuse 3\nUDP6: inuse 0\n'))).listeners).toEqual(BOTH);
    expect((await listeners(root(undefined))).listeners).toEqual(BOTH);
    expect((await listeners(root('TCP6: in use three\n'))).listeners).toEqual(BOTH);
  });

  it('does not read it when none is counted (the table would list none)', async () => {
    // The fixture's table does list one: its absence proves the table was not read.
    expect((await listeners(root('TCP6: inuse 0\nUDP6: inuse 2\n'))).listeners).toEqual(['IPv4 0.0.0.0']);
  });

  it('reads it when the IPv4 table is unreadable: the listeners are then known from it alone', async () => {
    const r = await listeners(root('TCP6: inuse 0\n', { noTcp4: true }));
    expect(r.listeners).toEqual(['IPv6 ::']);
    expect(r.unknown).not.toContain('listeners');
  });

  const linux = process.platform === 'linux' && existsSync('/proc/net/sockstat6');
  it.runIf(linux)('on this kernel a listening IPv6 socket is counted, and is found', async () => {
    const child = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'::1',()=>{process.stdout.write(String(s.address().port)+'\\n')});"], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
        child.once('error', reject);
      });
      expect(Number(/^TCP6: inuse (\d+)$/m.exec(readFileSync('/proc/net/sockstat6', 'utf8'))?.[1])).toBeGreaterThan(0);
      const f = await collectEnv({ env: {}, homedir: tmpdir(), exec: false, port });
      expect(f.listeners).toEqual([expect.objectContaining({ port, address: '::1', family: 'IPv6', pid: child.pid })]);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
