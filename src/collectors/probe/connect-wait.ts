// How long the connect stage waits for the gateway's answer. From 2026.8.1 OpenClaw answers a failed
// login from a loopback client only after a penalty (250 ms·2^(n−1), capped at 5 s, n = failures in
// its 60 s window: LOOPBACK_FAILURE_DELAY_* in dist/auth-rate-limit-*.js). A client retrying in a
// loop keeps it at the cap, so the refusal arrives after the default 4 s deadline. Unless --timeout
// was given, the connect stage to such a gateway (known to have it, or unknown but on loopback) may
// run until the cap plus a margin: bounded, and recorded in the facts with the reason.
import { hasBehaviour } from '../../shared/version/behaviours.js';

export const LOOPBACK_FAILURE_DELAY_BEHAVIOUR = 'loopback-auth-failure-delay';
/** OpenClaw's LOOPBACK_FAILURE_DELAY_MAX_MS. */
export const LOOPBACK_FAILURE_DELAY_MAX_MS = 5000;
/** Time for the gateway to read the connect request and check it before the penalty starts. */
export const LOOPBACK_FAILURE_DELAY_MARGIN_MS = 2000;

export interface ConnectWait {
  reason: 'loopback-failure-delay';
  /** Why this gateway may apply it: the version named, or a loopback gateway of unknown version. */
  basis: 'version' | 'loopback-unknown-version';
  version?: string;
  /** The penalty's cap (ms) and how long the connect stage may wait for its answer (cap + margin). */
  penaltyCapMs: number;
  budgetMs: number;
  /** How far past the probe's deadline the wait reached (0: the deadline already left enough time). */
  extendedMs: number;
}

/** Internal (tests only, no CLI flag): a smaller cap and margin, so a test that asserts the stage and outcome does not wait 7 s. */
export interface ConnectWaitTuning {
  capMs: number;
  marginMs: number;
  /** Arm the connect stage's timer this much before the overall deadline: the order a millisecond can
   *  give them under load, made certain (connect-wait.test.ts). */
  stageLeadMs?: number;
}

/** The wait the connect stage should allow, or undefined (explicit --timeout, not loopback, a release without the delay). */
export function connectWaitPolicy(p: { explicitTimeout: boolean; loopback: boolean; version?: string; tuning?: ConnectWaitTuning }): Omit<ConnectWait, 'extendedMs'> | undefined {
  if (p.explicitTimeout || !p.loopback) return undefined;
  const has = hasBehaviour(LOOPBACK_FAILURE_DELAY_BEHAVIOUR, p.version);
  if (has === false) return undefined;
  const cap = p.tuning?.capMs ?? LOOPBACK_FAILURE_DELAY_MAX_MS;
  return {
    reason: 'loopback-failure-delay',
    basis: has ? 'version' : 'loopback-unknown-version',
    ...(has && p.version ? { version: p.version } : {}),
    penaltyCapMs: cap,
    budgetMs: cap + (p.tuning?.marginMs ?? LOOPBACK_FAILURE_DELAY_MARGIN_MS),
  };
}
