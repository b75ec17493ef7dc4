// The environment collector's file access: sync reads behind an async interface, a fixture root
// that maps logical paths, and /proc tables read on the thread pool.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFsRoot } from '../../src/collectors/env/fsroot.js';

function fixtureRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'ckd-fsroot-'));
  mkdirSync(join(root, 'proc/net'), { recursive: true });
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(join(root, 'etc/os-release'), 'NAME="Debian"\n');
  symlinkSync('/etc/os-release', join(root, 'etc/link'));
  return root;
}

describe('FsRoot', () => {
  it('reads, caps, lists and resolves under a fixture root', async () => {
    const root = fixtureRoot();
    const fs = makeFsRoot(root);
    expect(await fs.readText('/etc/os-release')).toBe('NAME="Debian"\n');
    expect(await fs.readText('/etc/os-release', 4)).toBe('NAME');
    expect(await fs.readText('/etc/missing')).toBeUndefined();
    expect(await fs.readTextOrError('/etc/missing')).toEqual({});
    expect((await fs.readTextOrError('/etc')).error).toBe('EISDIR');
    expect(await fs.exists('/etc/os-release')).toBe(true);
    expect(await fs.exists('/nope')).toBe(false);
    expect(await fs.isDir('/etc')).toBe(true);
    expect(await fs.isDir('/etc/os-release')).toBe(false);
    expect(await fs.isSymlink('/etc/link')).toBe(true);
    expect(await fs.readlink('/etc/link')).toBe('/etc/os-release');
    expect((await fs.readdir('/etc'))?.sort()).toEqual(['link', 'os-release']);
    expect(await fs.readdir('/nope')).toBeUndefined();
    expect(await fs.realpath('/etc/os-release')).toBe('/etc/os-release');
    expect(await fs.realpath('/nope')).toBeUndefined();
  });

  it('reads a /proc table bigger than one read chunk completely, and a short one in one go', async () => {
    const root = fixtureRoot();
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    const line = (i: number) => `${String(i).padStart(4)}: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${1000 + i} 1 0000000000000000 100 0 0 10 0\n`;
    const big = header + Array.from({ length: 3000 }, (_, i) => line(i)).join('');
    expect(big.length).toBeGreaterThan(256 * 1024);
    writeFileSync(join(root, 'proc/net/tcp'), big);
    writeFileSync(join(root, 'proc/net/tcp6'), header + line(1));
    const fs = makeFsRoot(root);
    expect(await fs.readProcTable('/proc/net/tcp', 1024 * 1024)).toBe(big);
    expect(await fs.readProcTable('/proc/net/tcp', 100_000)).toBe(big.slice(0, 100_000));
    expect(await fs.readProcTable('/proc/net/tcp6')).toBe(header + line(1));
    expect(await fs.readProcTable('/proc/net/udp')).toBeUndefined();
  });

  it('with listenersOnly, stops after the page where the listening section ends, keeping every listener', async () => {
    const root = fixtureRoot();
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    const line = (i: number, st: string) => `${String(i).padStart(4)}: 0100007F:4965 00000000:0000 ${st} 00000000:00000000 00:00000000 00000000     0        0 ${1000 + i} 1 0000000000000000 100 0 0 10 0\n`;
    // Before Linux 4.4 a listener's SYN_RECV requests (03) follow it inside the listening section.
    const listening = [line(0, '0A'), line(1, '03'), line(2, '0A'), ...Array.from({ length: 40 }, (_, i) => line(3 + i, '0A'))].join('');
    const connected = Array.from({ length: 3000 }, (_, i) => line(100 + i, i % 2 ? '06' : '01')).join('');
    writeFileSync(join(root, 'proc/net/tcp'), header + listening + connected);
    const fs = makeFsRoot(root);
    const text = (await fs.readProcTable('/proc/net/tcp', 1024 * 1024, { listenersOnly: true }))!;
    expect(text.startsWith(header + listening)).toBe(true);
    expect(text.length).toBeLessThan((header + listening + connected).length / 4);
    expect(await fs.readProcTable('/proc/net/tcp', 1024 * 1024)).toBe(header + listening + connected);
  });

  it.runIf(process.platform === 'linux')('reads the real /proc/net/tcp the way cat does', async () => {
    const text = await makeFsRoot('/').readProcTable('/proc/net/tcp', 1024 * 1024);
    expect(text?.split('\n')[0]).toMatch(/^\s*sl\s+local_address/);
    // Same header and no torn line; the socket list itself may change between the two reads.
    expect(text?.endsWith('\n')).toBe(true);
    expect(text?.split('\n')[0]).toBe(readFileSync('/proc/net/tcp', 'utf8').split('\n')[0]);
  });
});
