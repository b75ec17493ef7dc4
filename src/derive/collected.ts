// Facts the config collector records itself under `config.derived`: they come from reading the
// file (I/O), not from its value, so no derive topic can compute them.
export interface CollectedConfigFacts {
  /** No config file at the path (or a symlink to nothing). */
  missing?: boolean;
  /** The paths searched when no file was found. */
  candidates?: string[];
  brokenSymlink?: boolean;
  unreadable?: boolean;
  /** `file:line:col` where JSON5 parsing failed, and a hint for the user. */
  parseErrorAt?: string;
  parseErrorHint?: string;
  /** The file holds something other than an OpenClaw config. */
  notConfigFile?: boolean;
  /** The doctor's own read limit (2 MiB, or a pipe's deadline) stopped the read: OpenClaw has none. */
  stoppedReading?: boolean;
  configIsSymlink?: boolean;
  /** Why the file cannot be edited in place (the positional reader disagrees). */
  positionsUnavailable?: string;
  /** Files merged in by `$include`, why they could not be, and which file sets which key. */
  includeFiles?: string[];
  includeError?: string;
  includedKeys?: Record<string, string>;
  /** gateway.tls on and its certificate or key file absent: the missing paths. */
  tlsFilesMissing?: string;
}
