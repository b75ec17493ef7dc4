// Where the doctor runs: container runtime, WSL, OS.
import type { EnvFacts } from '../../types.js';
import type { FsRoot } from './fsroot.js';

export type ContainerFact = NonNullable<EnvFacts['container']>;

export interface ContainerResult {
  container?: ContainerFact;
  unknown: boolean;
}

const CGROUP_HINTS: Array<[RegExp, ContainerFact['kind']]> = [
  [/kubepods/i, 'kubernetes'],
  [/libpod|podman/i, 'podman'],
  [/docker|containerd|\/lxc\//i, 'docker'],
];

/** Container markers, most specific first. Never guesses: no marker and unreadable /proc -> unknown. */
export async function detectContainer(fs: FsRoot, env: Record<string, string | undefined>): Promise<ContainerResult> {
  if (env.KUBERNETES_SERVICE_HOST) {
    return { container: { kind: 'kubernetes', evidence: 'KUBERNETES_SERVICE_HOST is set' }, unknown: false };
  }
  if (await fs.exists('/run/.containerenv')) {
    return { container: { kind: 'podman', evidence: '/run/.containerenv exists' }, unknown: false };
  }
  if (await fs.exists('/.dockerenv')) {
    return { container: { kind: 'docker', evidence: '/.dockerenv exists' }, unknown: false };
  }
  if (env.container && /podman|docker|oci/i.test(env.container)) {
    const kind = /podman/i.test(env.container) ? 'podman' : 'docker';
    return { container: { kind, evidence: `container=${env.container} in the environment` }, unknown: false };
  }
  const cgroup = await fs.readTextOrError('/proc/1/cgroup', 64 * 1024);
  if (cgroup.text !== undefined) {
    for (const [re, kind] of CGROUP_HINTS) {
      const line = cgroup.text.split('\n').find((l) => re.test(l));
      if (line) return { container: { kind, evidence: `/proc/1/cgroup: ${line.trim().slice(0, 120)}` }, unknown: false };
    }
  }
  const mountinfo = await fs.readText('/proc/self/mountinfo', 256 * 1024);
  if (mountinfo) {
    const line = mountinfo.split('\n').find((l) => /\s\/\s.*\s-\soverlay\s.*(docker|containerd|libpod)/.test(l));
    if (line) {
      const kind = /libpod/.test(line) ? 'podman' : 'docker';
      return { container: { kind, evidence: 'root filesystem is a container overlay (/proc/self/mountinfo)' }, unknown: false };
    }
  }
  // No marker. Only claim "none" when we could actually look at /proc (Linux); elsewhere say unknown.
  if (cgroup.text !== undefined || mountinfo !== undefined) {
    return { container: { kind: 'none', evidence: 'no /.dockerenv, /run/.containerenv, container cgroup or overlay root' }, unknown: false };
  }
  return { unknown: true };
}

export interface WslResult {
  wsl?: boolean;
  version?: 1 | 2;
  evidence?: string;
  unknown: boolean;
}

export async function detectWsl(fs: FsRoot, env: Record<string, string | undefined>, platform: string): Promise<WslResult> {
  if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) {
    const version = env.WSL_INTEROP ? 2 : undefined;
    const out: WslResult = { wsl: true, evidence: `WSL_DISTRO_NAME=${env.WSL_DISTRO_NAME ?? ''}`.trim(), unknown: false };
    if (version) out.version = version;
    return out;
  }
  const ver = await fs.readText('/proc/version', 4096);
  if (ver !== undefined) {
    if (/microsoft|wsl/i.test(ver)) {
      return { wsl: true, version: /WSL2|microsoft-standard/i.test(ver) ? 2 : 1, evidence: '/proc/version mentions Microsoft', unknown: false };
    }
    return { wsl: false, unknown: false };
  }
  if (platform === 'darwin' || platform === 'win32') return { wsl: false, unknown: false };
  return { unknown: true };
}

/** `linux 6.8.0 (Ubuntu 24.04.1 LTS)` style description, from /etc/os-release when present. */
export async function describeOs(fs: FsRoot, platform: string, release: string): Promise<{ os: string; distro?: string }> {
  const osRelease = await fs.readText('/etc/os-release', 16 * 1024);
  const pretty = osRelease?.match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1];
  const out: { os: string; distro?: string } = { os: `${platform} ${release}`.trim() };
  if (pretty) {
    out.distro = pretty;
    out.os += ` (${pretty})`;
  }
  return out;
}
