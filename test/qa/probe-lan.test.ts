// QA regression: a LAN target (private, link-local, tailnet/CGNAT, 0.0.0.0, or a name resolving to
// one) is judged statically and never contacted, even outside loopback-only mode (the CLI's
// default). Before, `clawkit-doctor --url ws://192.168.1.100:18789` opened a TCP connection to it.
// net.connect / tls.connect and DNS are stubbed, so even a regression cannot reach the network.
import dns from 'node:dns';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectProbe } from '../../src/collectors/probe/index.js';
import { formatProbeChecklist } from '../../src/report/probe-checklist.js';

let connects: unknown[][] = [];

beforeEach(() => {
  connects = [];
  const refuse = (...args: unknown[]) => {
    connects.push(args);
    throw new Error('test: the probe tried to connect');
  };
  vi.spyOn(net, 'connect').mockImplementation(refuse as never);
  vi.spyOn(net, 'createConnection').mockImplementation(refuse as never);
  vi.spyOn(tls, 'connect').mockImplementation(refuse as never);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('qa: LAN targets are never contacted (loopbackOnly off, as in the CLI)', () => {
  it.each([
    ['ws://192.168.1.100:18789', 'private'],
    ['wss://192.168.1.100:18789', 'private'],
    ['http://10.0.0.5:18789', 'private'],
    ['ws://172.18.0.2:18789', 'private'],
    ['ws://[fd00::5]:18789', 'private'],
    ['ws://169.254.1.1:18789', 'link-local'],
    ['ws://100.100.1.1:18789', 'tailnet'],
    ['ws://0.0.0.0:18789', 'private'],
  ])('%s', async (url, kind) => {
    const f = await collectProbe({ url, loopbackOnly: false, timeoutMs: 1000 });
    expect(connects).toEqual([]);
    expect(f.outcome).toBe('not-probed');
    expect(f.failedStage).toBe('target');
    expect(f.stages.map((s) => s.stage)).toEqual(['target']);
    expect(f.skipped).toContain(`a ${kind} address`);
    expect(f.skipped).toMatch(/judged statically and never contacted/);
    // The static facts the rules judge are still there.
    expect(f.target).toMatchObject({ hostKind: kind, loopback: false });
    if (url.startsWith('ws://') || url.startsWith('http://')) expect(f.target?.plaintextNonLoopback).toBe(true);
    expect(formatProbeChecklist(f, { ascii: true }).join('\n')).toMatch(/never contacted/);
  });

  it('a name that resolves to a LAN address is refused after DNS, before TCP', async () => {
    const lookup = vi.spyOn(dns.promises, 'lookup').mockResolvedValue([{ address: '192.168.7.20', family: 4 }] as never);
    const f = await collectProbe({ url: 'ws://gateway.home.arpa:18789', loopbackOnly: false, timeoutMs: 1000 });
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(connects).toEqual([]);
    expect(f.outcome).toBe('not-probed');
    expect(f.failedStage).toBe('dns');
    expect(f.skipped).toMatch(/gateway\.home\.arpa resolves to 192\.168\.7\.20, a private address/);
  });

  it('allowLan is the explicit opt-in (API only): then the probe does try to connect', async () => {
    // A fake socket that fails at once: nothing leaves this process.
    vi.spyOn(net, 'connect').mockImplementation(((...args: unknown[]) => {
      connects.push(args);
      const s = new EventEmitter() as EventEmitter & { destroy: () => void };
      s.destroy = () => undefined;
      setImmediate(() => s.emit('error', Object.assign(new Error('connect ECONNREFUSED (fake)'), { code: 'ECONNREFUSED' })));
      return s;
    }) as never);
    const f = await collectProbe({ url: 'ws://192.168.1.100:18789', loopbackOnly: false, allowLan: true, timeoutMs: 500 });
    expect(connects.length).toBe(1);
    expect(f.outcome).toBe('refused');
  });

  it('loopback targets are still probed (a refused port on 127.0.0.1)', async () => {
    vi.restoreAllMocks();
    const f = await collectProbe({ url: 'ws://127.0.0.1:1', loopbackOnly: false, timeoutMs: 1000 });
    expect(f.outcome).toBe('refused');
    expect(f.stages.map((s) => s.stage)).toEqual(['target', 'dns', 'tcp']);
  });
});
