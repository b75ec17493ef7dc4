// The raw inputs a rule case may give (schema/cases.schema.json): what a user has, never what a
// collector computes from it.
import type { ProbeFlags } from '../../collectors/probe/wire.js';
import type { Facts } from '../../types.js';

/** The config as written: JSON5 text, or text plus where it lives, its modes and included files. */
export type CaseConfig =
  | string
  | {
      /** Absent: there is no config file (the collector reports found: false). */
      text?: string;
      /** Where the file is (`~/…` or absolute); default ~/.openclaw/openclaw.json. */
      path?: string;
      /** File mode in octal, default "0600". */
      mode?: string;
      /** The state directory's mode in octal. */
      stateDirMode?: string;
      /** The config path is a directory (a wrong path, a Docker volume mounted as a folder). */
      directory?: boolean;
      /** The file's size in bytes, written sparse at run time with the text at its start (a 40 MB log). */
      size?: number;
      /** Other files (includes, TLS files): relative paths are under ~/.openclaw. */
      files?: Record<string, string>;
    };

/** The machine the doctor runs on, as files under `/` and what the OS reports. */
export interface CaseMachine {
  /** A snapshot directory (fixtures/env/…, relative to the cases file) copied as `/` before `files`. */
  fixture?: string;
  /** The user's home directory (default /home/user); the config is written below it. */
  home?: string;
  files?: Record<string, string>;
  symlinks?: Record<string, string>;
  hostname?: string;
  platform?: string;
  release?: string;
  node?: string;
  interfaces?: Record<string, Array<{ address: string; netmask?: string; cidr?: string }>>;
  /** What `openclaw --version` prints (absent: the command is not run). */
  versionOutput?: string;
}

/** What the gateway said: a matrix recording (`path#client`, relative to the cases file) or a transcript in its format. */
export type CaseGateway = { recording: string } | { tls?: boolean; transcript: Array<Record<string, unknown>> };

/** The network a case's collectors run in: a namespace of their own (src/rules/cases/netns.ts). */
export interface CaseNetns {
  /** IPv4 CIDRs added to lo (the whole prefix is local: a port nobody listens on refuses). */
  addresses?: string[];
  /** Prefixes routed into lo that no address owns: a SYN to them is dropped. */
  routes?: string[];
  /** The namespace's /etc/hosts; any other name fails to resolve (no resolver is reachable). */
  hosts?: Record<string, string>;
}

export interface RawCase {
  name?: string;
  paste?: string;
  openclawVersion?: string;
  /** Process environment variables (read by every collector). */
  vars?: Record<string, string>;
  config?: CaseConfig;
  machine?: CaseMachine;
  /** Command-line flags (--url, --token, --browser-url, --device, --origin, --header…). */
  cli?: Omit<ProbeFlags, 'json' | 'probe'>;
  gateway?: CaseGateway;
  /** Collect in a network namespace of the case's own, the probe not confined to loopback. */
  netns?: CaseNetns;
  /** Collect as a non-root user without capabilities (a file mode denies it even when tests run as root). */
  unprivileged?: boolean;
  /** Collected facts given directly: only with `factsBecause`, the reason no raw input can produce them. */
  facts?: Partial<Facts> & Record<string, unknown>;
  factsBecause?: string;
  /** Negative only: the rule is meant to skip (a fact it needs is unknowable from these inputs). */
  expect?: 'skip';
  top?: boolean;
}
