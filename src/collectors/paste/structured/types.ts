// Typed facts read from OpenClaw's own structured outputs pasted by the user (issue #12 item 3).
// Rules read these fields (paste.structured.*) instead of the words around them.

/** Which OpenClaw output a block of the paste is. */
export type StructuredKind = 'doctor-lint' | 'gateway-status' | 'health' | 'status' | 'logs-json' | 'devices-list';

export interface StructuredDocument {
  kind: StructuredKind;
  form: 'json' | 'text';
  /** 1-based line where the block starts. */
  line: number;
}

/** One finding of `openclaw doctor --lint --json` (2026.6+). */
export interface DoctorCheck {
  checkId: string;
  severity: string;
  message?: string;
  path?: string;
  line: number;
}

/** `openclaw gateway status [--deep] [--json]`: service, port and probe state. */
export interface GatewayStatusFacts {
  form: 'json' | 'text';
  line: number;
  /** The connectivity/RPC probe succeeded. */
  rpcOk?: boolean;
  /** rpc.connectFailure.kind (2026.9+: unreachable, auth-rejected, pairing-required, …). */
  failureKind?: string;
  failureDetailCode?: string;
  rpcError?: string;
  probeUrl?: string;
  /** port.status: free | busy | unknown. */
  portStatus?: string;
  /** port.hints (e.g. "Another process is listening on this port."). */
  portHints: string[];
  /** Commands of the processes listening on the port. */
  listenerCommands: string[];
  serviceLoaded?: boolean;
  serviceLabel?: string;
  /** 9.6 targetRole diagnostic-only: the service shown is not what the probe was aimed at (URL/port override, other supervisor). */
  serviceDiagnosticOnly?: boolean;
  /** The CLI a pasted prompt ran `gateway status` with (`$ nanobot gateway status` -> nanobot): look-alike products print the same rows. */
  statusCli?: string;
  /** Without a prompt: the look-alike agent runtime the paste names while never naming OpenClaw ("my nanobot gateway …"). */
  otherProduct?: string;
  /** service.runtime.status: running | stopped | unknown. */
  runtimeStatus?: string;
  inspectionReason?: string;
  /** systemd gave up restarting (Result=start-limit-hit). */
  startLimitHit?: boolean;
  /** launchd: no usable GUI session for the user. */
  missingGuiSession?: boolean;
  lastExitStatus?: number;
  /** extraServices: other gateway-like services found next to this one (`--deep`). */
  extraServices?: number;
  /** Both the CLI's and the service's config are valid (false when either is not). */
  configValid?: boolean;
}

/** `openclaw health --json`. */
export interface HealthFacts {
  line: number;
  ok?: boolean;
  errorType?: string;
  errorKind?: string;
  errorMessage?: string;
  url?: string;
}

/** `openclaw status` overview table. */
export interface OverviewFacts {
  line: number;
  gateway?: string;
  /** The Gateway row says reachable (true) or unreachable (false). */
  gatewayReachable?: boolean;
  gatewayService?: string;
}

/** How OpenClaw classifies a pending pairing request against what the device already has (2026.4+). */
export type PendingKind = 'new-pairing' | 'role-upgrade' | 'scope-upgrade' | 're-approval' | 'unknown';

/** One row of `openclaw devices list`'s Pending table / one `pending[]` record. */
export interface PendingDeviceRequest {
  requestId?: string;
  device?: string;
  kind: PendingKind;
  /** isRepair: a device the gateway knew asks to pair again (its device token or identity no longer matches). */
  repair: boolean;
  roles: string[];
  scopes: string[];
}

/** `openclaw devices list [--json]`: pending requests and paired devices, read by their fields. */
export interface DevicesListFacts {
  form: 'json' | 'text';
  line: number;
  pending: number;
  paired: number;
  requests: PendingDeviceRequest[];
  /** Counts by kind, so rules need no array walk: new pairings, role/scope upgrades, repairs. */
  newPairing: number;
  upgrades: number;
  repairs: number;
  /** The newest pending request id (what `openclaw devices approve` takes). */
  latestRequestId?: string;
}

/** Structured reading stopped before the end of a large paste. */
export interface StructuredPartial {
  /** Bytes of the paste read for structured outputs (the rest was line-matched only). */
  readBytes: number;
  totalBytes: number;
}

export interface StructuredFacts {
  documents: StructuredDocument[];
  checks: DoctorCheck[];
  gatewayStatus?: GatewayStatusFacts;
  health?: HealthFacts;
  overview?: OverviewFacts;
  devices?: DevicesListFacts;
  partial?: StructuredPartial;
}
