// The probe's options and the facts it returns beyond the shared ProbeFacts contract.
import type { HostKind, ProbeFacts, ProbeOutcome } from '../../types.js';
import type { TargetInput } from './target.js';
import type { ProbeTranscript } from './transcript.js';
import type { ConnectWait, ConnectWaitTuning } from './connect-wait.js';

export type ProbeClient = 'cli' | 'control-ui' | 'probe';

export interface ProbeOptions extends TargetInput {
  /**
   * Overall deadline for the whole probe (ms). Default 4000; when not given, the connect stage to a
   * gateway that delays failed loopback logins may wait out that penalty (connect-wait.ts).
   */
  timeoutMs?: number;
  /** The OpenClaw release the user named (--openclaw-version): a release without the penalty is not waited for. */
  openclawVersion?: string;
  /** Called once when the connect stage waits past the default deadline (a spinner's text; no output otherwise). */
  onWait?: (text: string) => void;
  /** Internal, for tests (no CLI flag): the failed-login wait's cap and margin instead of 5 s + 2 s. */
  connectWaitTuning?: ConnectWaitTuning;
  /**
   * Internal, for tests (no CLI flag): the deadline when no --timeout is given, instead of 4 s. Unlike
   * timeoutMs it is not an explicit timeout, so the failed-login wait still applies; stage caps widen
   * with it as with a longer --timeout. A replay of a default-deadline recording uses it so that a
   * loaded machine cannot run out the 4 s before the replay's answer.
   */
  defaultTimeoutMs?: number;
  /** Deep probe: sign the challenge with an ephemeral in-memory Ed25519 identity. */
  device?: boolean;
  /** Send this Origin header (a browser's view). Implies `client: 'control-ui'` unless set. */
  origin?: string;
  /** Extra request headers on the upgrade (e.g. X-Forwarded-For to reproduce a proxy). */
  headers?: Record<string, string>;
  /** Which client to present as. `cli` (default) = the openclaw CLI; `control-ui` = the browser UI. */
  client?: ProbeClient;
  /** Override the offered protocol range (default 3..4, which both 2026.2.x and 2026.9.x accept). */
  protocol?: { min: number; max: number };
  /** Refuse to connect to anything but 127.0.0.0/8, ::1 and localhost (always on under vitest). */
  loopbackOnly?: boolean;
  /**
   * Connect to LAN addresses (private, link-local, tailnet/CGNAT, 0.0.0.0) too. Off by default: a
   * LAN target is judged statically and never contacted, so a probe never sends a token over a
   * network the user did not mean to test from here (and plain ws:// there would send it in clear).
   */
  allowLan?: boolean;
  /** Opt-in protocol transcript (the behaviour matrix): every HTTP answer, upgrade, frame and close is appended here. */
  transcript?: ProbeTranscript;
  /**
   * After a rejected connect, how long to wait for the gateway's close frame (default 1000 ms, capped by
   * the deadline). The gateway sends it right behind the error, so only a stalled machine needs more:
   * a replay that knows a close follows passes a longer wait instead of racing the scheduler.
   */
  closeWaitMs?: number;
}

export interface ProbeFactsExt extends ProbeFacts {
  target?: {
    scheme: 'ws' | 'wss';
    host: string;
    port: number;
    path: string;
    hostKind: HostKind;
    loopback: boolean;
    mode?: string;
    configPort?: number;
    envPort?: number;
    /** The probed port differs from gateway.port / OPENCLAW_GATEWAY_PORT. */
    portMismatch?: boolean;
    /** The port the client setup expects (OPENCLAW_GATEWAY_PORT, else gateway.port) and where that came from. */
    expectedPort?: number;
    expectedPortSource?: string;
    /** ws:// to an address that is not loopback (OpenClaw ≥ 2026.2.19 clients refuse it). */
    plaintextNonLoopback?: boolean;
  };
  credentialKind?: 'token' | 'password' | 'none';
  credentialNote?: string;
  /** Sources holding a different secret of the same kind than the one sent (names only). */
  credentialShadowed?: string[];
  client?: {
    id: string;
    mode: string;
    minProtocol: number;
    maxProtocol: number;
    origin?: string;
    /** Whether a browser page at `origin` is a secure context (https, loopback, localhost). */
    originSecureContext?: boolean;
    headerNames?: string[];
    forwardedHeaders?: boolean;
    device: boolean;
  };
  dns?: { addresses: string[]; kinds: HostKind[]; used?: string };
  challenge?: { nonce: boolean; capabilities?: string[] };
  device?: { id: string; outcome?: ProbeOutcome; deviceTokenIssued?: boolean };
  /** Why the probe did not connect at all (e.g. non-loopback target in loopback-only mode). */
  skipped?: string;
  received?: { frames: number; bytes: number };
  /** The connect stage allowed for OpenClaw's failed-login penalty (why, how long, how far past the deadline). */
  connectWait?: ConnectWait;
}
