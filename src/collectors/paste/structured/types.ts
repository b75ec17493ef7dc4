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

export interface StructuredFacts {
  documents: StructuredDocument[];
  checks: DoctorCheck[];
  gatewayStatus?: GatewayStatusFacts;
  health?: HealthFacts;
  overview?: OverviewFacts;
}
