// Types shared by the behaviour matrix (issue #11, "Deliver 1"): scenario declarations, the raw
// result a cell reports from inside its network namespace, and the recording written to
// fixtures/matrix/<release>/<scenario>.json.
import type { ProbeTranscriptEvent } from '../../src/collectors/probe/transcript.js';

/** A credential as the user holds it (what the local CLI or the browser would send). */
export type Credential = { token: string } | { password: string };

export interface ClientSpec {
  /** Unique within the scenario: `cli`, `ui`, `device`, `cli-env`… */
  id: string;
  /** cli = the openclaw CLI (`cli`/`cli`); control-ui = the browser UI with an Origin; device = cli with a device identity. */
  kind: 'cli' | 'control-ui' | 'device';
  description: string;
  /** Default: the scenario's `credential`. `null` = send none. */
  credential?: Credential | null;
  /** Origin header (control-ui only; default the scenario's browserOrigin). */
  origin?: string;
  /** Host the client connects to (default 127.0.0.1; 192.168.77.10 = the namespace's LAN address). */
  host?: string;
  /** ws or wss (default: wss when the scenario has TLS on). */
  scheme?: 'ws' | 'wss';
  /** Extra upgrade headers (e.g. X-Forwarded-For). */
  headers?: Record<string, string>;
  /** Offered protocol range (default the probe's 3..4). */
  protocol?: { min: number; max: number };
  /** Pin the gateway's own certificate (read from its state dir after start) as gateway.remote.tlsFingerprint. */
  pinGatewayCert?: boolean;
  /**
   * Before this client, that many connects with the scenario's credential at once (not recorded), as a
   * client retrying in a loop: they raise the failed-login delay of OpenClaw ≥ 2026.8.1 on loopback.
   */
  primeFailures?: number;
  /** Probe with the probe's own default deadline (no timeoutMs), as the doctor runs without --timeout. */
  probeDefaults?: boolean;
}

export interface Scenario {
  /** File name of the recording: lower-case, digits and dashes. */
  id: string;
  description: string;
  /** Which of issue #11's 11 listed failures this scenario reproduces. */
  covers?: number[];
  /**
   * The config as the user writes it (JSON5 text), or null for "no config file". The matrix
   * placeholders `${PORT}` and `${STATE}` are replaced before writing (no scenario uses env vars of
   * those names). The release's off-switches (update check, plugins, model catalog, log file) are
   * inserted as the first keys unless `base: false`; a key the user sets later overrides them.
   */
  config: string | null;
  base?: boolean;
  /** Extra files, relative to the state dir (e.g. `$include` targets). Same placeholders. */
  files?: Record<string, string>;
  /** A self-signed certificate + key generated with openssl into the state dir before the start. */
  tlsFiles?: { cert: string; key: string; cn: string };
  /** Environment of the gateway process (on top of the isolated HOME/state variables). */
  env?: Record<string, string>;
  /** The user's shell (OpenClaw's own CLI commands and the doctor run with it; the gateway's `env` is not in it). */
  clientEnv?: Record<string, string>;
  /** `openclaw gateway …` arguments; default ["--port", "${PORT}"]. */
  args?: string[];
  /** Needs a private network namespace (non-loopback bind). The recorder runs every cell in one when it can. */
  netns: boolean;
  /** Give the namespace a `tailscale0` interface with 100.100.10.1 (bind tailnet). */
  tailnet?: boolean;
  /** The gateway has TLS on: clients default to wss://. */
  tls?: boolean;
  /** What the local CLI would send (default: none). */
  credential?: Credential | null;
  /** The browser's origin for the Control UI client (default http://127.0.0.1:${PORT}). */
  browserOrigin?: string;
  /** Default: cli, control-ui (browserOrigin), device — all with `credential`. */
  clients?: ClientSpec[];
  /** Something to do before the recorded gateway starts. */
  pre?: 'occupy-port' | 'first-instance' | 'no-gateway';
  /** Releases this applies to (default all). */
  releases?: string[];
  /** Also record OpenClaw's own CLI (`doctor --lint --json`, `gateway status --json`, `health --json`, `status`). */
  cliCommands?: boolean;
  /**
   * More OpenClaw CLI commands for this scenario only (run after the release's own list, and only when
   * `cliCommands` is on), each optionally with variables on top of the CLI shell and limited to some releases.
   */
  extraCli?: ExtraCli[];
  /** In the live CI subset. */
  ci?: boolean;
}

/** What a cell reports (un-normalised; secrets never included except the scenario's own test tokens). */
export interface CellSpec {
  release: string;
  ocBin: string;
  nodeBinDir: string;
  compileCache: string;
  /**
   * TMPDIR for OpenClaw, shared by all cells: 2026.2.x compiles its TypeScript plugins through jiti
   * into $TMPDIR/jiti on the invalid-config path, ~100 s per cell with a fresh TMPDIR.
   */
  tmpDir: string;
  scenario: Scenario;
  port: number;
  stateDir: string;
  netns: boolean;
  readyTimeoutMs: number;
  cliCommands: string[][];
  /** The scenario's `extraCli` entries for this release. */
  extraCli?: ExtraCli[];
  probeTimeoutMs: number;
  /** Loaded from the release's knowledge of its config (base keys), already merged as text. */
  configText: string | null;
  files: Record<string, string>;
  /**
   * `--live` only: more scenarios that start the very same gateway (`sameGateway` in main.ts). Their
   * clients run against this cell's gateway after the scenario's own clients, one scenario after
   * the other; each gets its own client results (`CellResult.shared`).
   */
  sharing?: Scenario[];
}

export interface ClientResult {
  id: string;
  kind: ClientSpec['kind'];
  description: string;
  /** The probe options (secrets as `<token>` / `<password>`; url with the real port). */
  options: Record<string, unknown>;
  server: { tls: boolean };
  transcript: Array<ProbeTranscriptEvent & { at?: number }>;
  probeFacts: Record<string, unknown>;
  summary: ClientSummary;
}

export interface ClientSummary {
  outcome: string;
  failedStage?: string;
  reached?: string;
  close?: { code: number; reason: string };
  upgradeStatus?: number;
  errorCode?: string;
  detailsCode?: string;
  message?: string;
  hello?: { protocol?: number; serverVersion?: string; scopes?: string[]; authMethod?: string; deviceTokenIssued?: boolean };
  tcpError?: string;
  tls?: { fingerprint?: string; selfSigned?: boolean; subject?: string; code?: string };
}

export interface ExtraCli {
  args: string[];
  /** Variables on top of the CLI shell (recorded with the result). */
  env?: Record<string, string>;
  releases?: string[];
}

export interface CliResult {
  cmd: string[];
  /** The extra variables it ran with (`extraCli`), if any. */
  env?: Record<string, string>;
  exitCode: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
  json?: unknown;
  ms: number;
  timedOut?: boolean;
}

export interface GatewayResult {
  started: boolean;
  /** null while it was still running when the clients were done (then stopped by us). */
  exit: { code: number | null; signal: string | null } | null;
  stoppedByUs: boolean;
  listening: string[];
  ready: boolean;
  readyz?: { status: number; body: string };
  waitedFor: string;
  output: string;
  outputLines: number;
  readyMs?: number;
  portMs?: number;
  /** ms from spawn until it exited by itself (not stopped by us). */
  exitMs?: number;
  configRewritten: boolean;
  configAfter?: string | null;
  filesAfter: string[];
  changedFiles?: Record<string, string | null>;
}

export interface CellResult {
  release: string;
  scenario: string;
  netns: boolean;
  nodeVersion: string;
  port: number;
  stateDir: string;
  configWritten: string | null;
  files: Record<string, string>;
  pre?: { kind: string; detail: Record<string, unknown> };
  gateway: GatewayResult | null;
  clients: ClientResult[];
  cli: CliResult[];
  wallMs: number;
  errors: string[];
  /** The clients of `CellSpec.sharing`, per scenario, in that order. */
  shared?: Array<{ scenario: string; clients: ClientResult[]; errors: string[] }>;
}
