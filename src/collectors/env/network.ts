// Routing table, interface addresses and TCP listeners, read from /proc (Linux). Elsewhere these
// facts are recorded as unknown rather than guessed.
import type { NetworkInterfaceInfo } from 'node:os';
import type { Deadline, FsRoot } from './fsroot.js';

export interface RouteEntry {
  iface: string;
  destination: string;
  gateway: string;
  mask: string;
  flags: number;
  metric: number;
}

/** `010200C0` (little-endian hex from /proc/net/route) -> `192.0.2.1`. */
export function hexToIpv4(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) return undefined;
  const n = parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

/** 32 hex chars from /proc/net/tcp6 (four little-endian 32-bit words) -> compressed IPv6. */
export function hexToIpv6(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(parseInt(word.slice(b * 2, b * 2 + 2), 16));
  }
  // IPv4-mapped ::ffff:a.b.c.d
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // Compress the longest run of zero groups.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  if (best.len < 2) return groups.join(':');
  const head = groups.slice(0, best.at).join(':');
  const tail = groups.slice(best.at + best.len).join(':');
  return `${head}::${tail}`;
}

export function parseRouteTable(text: string): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8) continue;
    const [iface, dest, gw, flags, , , metric, mask] = cols as [string, string, string, string, string, string, string, string];
    const destination = hexToIpv4(dest);
    const gateway = hexToIpv4(gw);
    const m = hexToIpv4(mask);
    if (!destination || !gateway || !m) continue;
    out.push({ iface, destination, gateway, mask: m, flags: parseInt(flags, 16) || 0, metric: Number(metric) || 0 });
  }
  return out;
}

export function maskToPrefix(mask: string): number {
  return mask.split('.').reduce((n, o) => n + (Number(o) >>> 0).toString(2).replace(/0/g, '').length, 0);
}

export interface RouteFacts {
  defaultGateway?: string;
  defaultInterface?: string;
  /** Directly connected IPv4 networks (`172.17.0.0/16 dev docker0`). */
  networks: Array<{ iface: string; cidr: string }>;
}

const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;

export function summariseRoutes(routes: RouteEntry[]): RouteFacts {
  const defaults = routes
    .filter((r) => r.destination === '0.0.0.0' && r.mask === '0.0.0.0' && r.flags & RTF_UP && r.flags & RTF_GATEWAY)
    .sort((a, b) => a.metric - b.metric);
  const out: RouteFacts = { networks: [] };
  if (defaults[0]) {
    out.defaultGateway = defaults[0].gateway;
    out.defaultInterface = defaults[0].iface;
  }
  for (const r of routes) {
    if (r.destination === '0.0.0.0' || r.gateway !== '0.0.0.0' || !(r.flags & RTF_UP)) continue;
    out.networks.push({ iface: r.iface, cidr: `${r.destination}/${maskToPrefix(r.mask)}` });
  }
  return out;
}

export interface InterfaceAddress {
  iface: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  cidr?: string;
  internal: boolean;
}

export function flattenInterfaces(ifs: Record<string, NetworkInterfaceInfo[] | undefined>): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const [iface, list] of Object.entries(ifs)) {
    for (const a of list ?? []) {
      const family = (a.family as unknown) === 4 ? 'IPv4' : (a.family as unknown) === 6 ? 'IPv6' : a.family;
      const entry: InterfaceAddress = { iface, address: a.address, family: family as 'IPv4' | 'IPv6', internal: a.internal };
      if (a.cidr) entry.cidr = a.cidr;
      out.push(entry);
    }
  }
  return out;
}

const BRIDGE_IFACE_RE = /^(docker\d*|br-[0-9a-f]+|podman\d*|cni\d*|virbr\d*)$/;

/** Container bridges on a host: docker0 = 172.17.0.1/16, br-<id> for compose networks, podman0. */
export function bridgeAddresses(addrs: InterfaceAddress[]): InterfaceAddress[] {
  return addrs.filter((a) => a.family === 'IPv4' && BRIDGE_IFACE_RE.test(a.iface));
}

// ------------------------------------------------------------------ listeners

export interface SocketEntry {
  address: string;
  port: number;
  inode: number;
  uid: number;
  family: 'IPv4' | 'IPv6';
}

const TCP_LISTEN = '0A';

export function parseProcNetTcp(text: string, family: 'IPv4' | 'IPv6', port?: number): SocketEntry[] {
  const out: SocketEntry[] = [];
  // With a port: a busy host lists thousands of sockets (10+ ms to split them all); a line whose
  // addresses lack ":PORT " (hex, as the kernel prints it) cannot be a listener on that port.
  const needle = port === undefined ? undefined : `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  for (const line of text.split('\n').slice(1)) {
    if (needle && !line.includes(needle)) continue;
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== TCP_LISTEN) continue;
    const [addrHex, portHex] = (cols[1] ?? '').split(':') as [string, string];
    const address = family === 'IPv4' ? hexToIpv4(addrHex) : hexToIpv6(addrHex);
    if (!address || !portHex) continue;
    if (port !== undefined && parseInt(portHex, 16) !== port) continue;
    out.push({ address, port: parseInt(portHex, 16), inode: Number(cols[9]), uid: Number(cols[7]), family });
  }
  return out;
}

/** Strip secrets from a command line before it becomes a fact. */
export function redactCommandLine(cmd: string): string {
  return cmd
    .replace(/(--(?:token|password|auth-token)[= ])\S+/gi, '$1***')
    .replace(/((?:OPENCLAW|CLAWDBOT|MOLTBOT)_GATEWAY_(?:TOKEN|PASSWORD)=)\S+/gi, '$1***');
}

export interface ProcessInfo {
  pid: number;
  command?: string;
  comm?: string;
}

/**
 * Map socket inodes to the processes holding them by walking /proc/<pid>/fd. Processes of other
 * users are unreadable without privileges; those inodes stay unmapped (pid unknown).
 */
export async function mapInodesToProcesses(
  fs: FsRoot,
  inodes: Set<number>,
  deadline: Deadline,
): Promise<{ map: Map<number, ProcessInfo>; complete: boolean; scanned: number; unreadable: number }> {
  const map = new Map<number, ProcessInfo>();
  const pids = ((await fs.readdir('/proc')) ?? []).filter((n) => /^\d+$/.test(n));
  let unreadable = 0;
  let scanned = 0;
  for (const pid of pids) {
    if (map.size === inodes.size || deadline.expired()) break;
    scanned++;
    const fds = await fs.readdir(`/proc/${pid}/fd`);
    if (!fds) {
      unreadable++;
      continue;
    }
    for (const fd of fds) {
      const link = await fs.readlink(`/proc/${pid}/fd/${fd}`);
      // Most links are files and pipes: a prefix check before the regex (a regex test per link is
      // ~1 µs in a fresh process, and a busy machine has over a thousand links).
      const m = link?.startsWith('socket:[') ? link.match(/^socket:\[(\d+)\]$/) : null;
      if (!m) continue;
      const inode = Number(m[1]);
      if (!inodes.has(inode) || map.has(inode)) continue;
      const info: ProcessInfo = { pid: Number(pid) };
      const comm = (await fs.readText(`/proc/${pid}/comm`, 256))?.trim();
      if (comm) info.comm = comm;
      const cmdline = await fs.readText(`/proc/${pid}/cmdline`, 4096);
      if (cmdline) info.command = redactCommandLine(cmdline.split('\0').filter(Boolean).join(' ')).slice(0, 300);
      map.set(inode, info);
    }
  }
  return { map, complete: map.size === inodes.size, scanned, unreadable };
}
