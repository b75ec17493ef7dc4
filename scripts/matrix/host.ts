// The gateway host of one matrix recording, rebuilt as a fixture filesystem root for the doctor's
// environment collector: the user's config (and `$include` files) in ~/.openclaw, OpenClaw of the
// recorded release installed globally, and /proc/net/tcp{,6} listing exactly the sockets the
// recorded gateway listened on (none when it did not start). The host is a Docker container
// (/.dockerenv, default route via the bridge): issue #11 found its failures on such a host, and it
// is the harder case for the container/NAT rules, which must not outrank the gateway's own failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Recording } from './normalise.js';

/** The port every recording's `${PORT}` stands for (the cells ran on OpenClaw's default port). */
export const HOST_PORT = 18789;
export const HOST_HOME = '/home/node';
const GATEWAY_PID = 77;

export interface Host {
  /** Filesystem root for collectEnv. */
  root: string;
  /** The real directory holding ~ (for the config collector, which reads the real filesystem). */
  home: string;
  /**
   * The user's shell (clientEnv): the environment OpenClaw's own recorded CLI commands ran with. The
   * gateway's process env (a service unit's OPENCLAW_GATEWAY_TOKEN) is not in it, as on a real host.
   */
  env: Record<string, string>;
  dispose(): void;
}

/** `${PORT}`, `${PORT+k}` and `${STATE}` back to values on this host. */
export function fillPlaceholders(s: string, stateDir: string): string {
  return s
    .replace(/\$\{PORT\+(\d+)\}/g, (_m, k: string) => String(HOST_PORT + Number(k)))
    .replace(/\$\{PORT\}/g, String(HOST_PORT))
    .split('${STATE}')
    .join(stateDir);
}

/** Deep copy with every string's placeholders filled. */
export function fillDeep<T>(v: T, stateDir: string): T {
  return JSON.parse(JSON.stringify(v), (_k, x: unknown) => (typeof x === 'string' ? fillPlaceholders(x, stateDir) : x)) as T;
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/** One LISTEN line of /proc/net/tcp (v4: little-endian address) or tcp6 (four little-endian words). */
function procLine(i: number, addr: string, port: number, inode: number): { v6: boolean; line: string } {
  const bare = addr.replace(/^\[|\]$/g, '');
  let hexAddr: string;
  let v6 = false;
  if (bare.includes(':')) {
    v6 = true;
    const words = bare === '::' ? [0, 0, 0, 0] : bare === '::1' ? [0, 0, 0, 0x01000000] : [0, 0, 0, 0];
    hexAddr = words.map((w) => w.toString(16).toUpperCase().padStart(8, '0')).join('');
  } else {
    hexAddr = bare
      .split('.')
      .map((o) => Number(o).toString(16).toUpperCase().padStart(2, '0'))
      .reverse()
      .join('');
  }
  const zero = v6 ? '0'.repeat(32) : '00000000';
  return { v6, line: `   ${i}: ${hexAddr}:${hex4(port)} ${zero}:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 ${inode} 1 0000000000000000 100 0 0 10 0` };
}

/** Sockets listening on this host while the doctor runs, as `addr:port` with placeholders filled. */
export function listeningSockets(rec: Recording): Array<{ address: string; port: number; openclaw: boolean }> {
  const out: Array<{ address: string; port: number; openclaw: boolean }> = [];
  const add = (list: unknown, openclaw: boolean) => {
    for (const s of Array.isArray(list) ? list : []) {
      const m = /^(.*):(\d+)$/.exec(fillPlaceholders(String(s), ''));
      if (m) out.push({ address: m[1]!, port: Number(m[2]), openclaw });
    }
  };
  const g = rec.gateway as { started?: boolean; listening?: unknown } | null;
  if (g?.started) add(g.listening, true);
  const pre = rec.pre as { kind?: string; detail?: { listening?: unknown } } | undefined;
  if (pre?.kind === 'first-instance') add(pre.detail?.listening, true);
  if (pre?.kind === 'occupy-port' && pre.detail?.listening) add([pre.detail.listening], false);
  return out;
}

/** `openclaw: false` leaves OpenClaw uninstalled (a machine that only holds a pasted error). */
export function buildHost(rec: Recording, opts: { openclaw?: boolean } = {}): Host {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'clawkit-matrix-host-'));
  const w = (p: string, text: string) => {
    const full = path.join(root, p);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  };
  w('.dockerenv', '');
  w('etc/os-release', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n');
  w('proc/version', 'Linux version 6.8.0 (matrix host)\n');
  w('proc/1/cgroup', '0::/\n');
  w('proc/net/route', 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\neth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n');
  fs.mkdirSync(path.join(root, 'usr/local/bin'), { recursive: true });
  if (opts.openclaw !== false) {
    const pkg = 'usr/local/lib/node_modules/openclaw';
    w(`${pkg}/package.json`, JSON.stringify({ name: 'openclaw', version: rec.release }));
    w(`${pkg}/openclaw.mjs`, '#!/usr/bin/env node\n');
    fs.symlinkSync('../lib/node_modules/openclaw/openclaw.mjs', path.join(root, 'usr/local/bin/openclaw'));
  }

  // Listening sockets: the gateway's own (pid 77) or, for a taken port, another program's.
  const v4 = ['  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'];
  const v6 = ['  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'];
  const fds: string[] = [];
  listeningSockets(rec).forEach((s, i) => {
    const inode = 30000 + i;
    const l = procLine(i, s.address, s.port, inode);
    (l.v6 ? v6 : v4).push(l.line);
    fds.push(`${s.openclaw ? GATEWAY_PID : GATEWAY_PID + 1}:${inode}`);
  });
  w('proc/net/tcp', v4.join('\n') + '\n');
  w('proc/net/tcp6', v6.join('\n') + '\n');
  for (const [pid, cmd] of [
    [GATEWAY_PID, ['openclaw-gateway', 'gateway', '--port', String(HOST_PORT)]],
    [GATEWAY_PID + 1, ['python3', '-m', 'http.server', String(HOST_PORT)]],
  ] as const) {
    w(`proc/${pid}/cmdline`, cmd.join('\0') + '\0');
    w(`proc/${pid}/comm`, cmd[0] + '\n');
    fs.mkdirSync(path.join(root, `proc/${pid}/fd`), { recursive: true });
  }
  for (const [i, f] of fds.entries()) {
    const [pid, inode] = f.split(':');
    fs.symlinkSync(`socket:[${inode}]`, path.join(root, `proc/${pid}/fd/${10 + i}`));
  }

  // The user's config: ~/.openclaw/openclaw.json (the real path is what the config collector reads).
  const home = path.join(root, HOST_HOME.slice(1));
  const state = path.join(home, '.openclaw');
  fs.mkdirSync(state, { recursive: true });
  if (rec.setup.configWritten !== null) fs.writeFileSync(path.join(state, 'openclaw.json'), fillPlaceholders(rec.setup.configWritten, state), { mode: 0o600 });
  for (const [rel, text] of Object.entries(rec.setup.files ?? {})) {
    const full = path.join(state, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, fillPlaceholders(text, state), { mode: 0o600 });
  }
  fs.chmodSync(state, 0o700);
  const env: Record<string, string> = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    ...fillDeep(rec.setup.clientEnv ?? {}, state),
  };
  return { root, home, env, dispose: () => fs.rmSync(root, { recursive: true, force: true }) };
}
