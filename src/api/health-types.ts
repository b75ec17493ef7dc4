// OpenClaw's structured health-check contract, vendored from openclaw@2026.9.6
// dist/plugin-sdk/health.d.ts (+ the runtime-only fields its compiled code reads). Structural: the
// objects we return satisfy OpenClaw's types without importing `openclaw`, which is not a
// dependency and whose types pull in its whole config model. Keep in sync with the release.
export type HealthFindingSeverity = 'info' | 'warning' | 'error';

export interface HealthFinding {
  readonly checkId: string;
  readonly severity: HealthFindingSeverity;
  readonly message: string;
  readonly source?: string;
  readonly errorCode?: string;
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
  readonly ocPath?: string;
  readonly target?: string;
  readonly requirement?: string;
  readonly fixHint?: string;
}

export type HealthCheckMode = 'doctor' | 'lint' | 'fix';

export interface HealthRuntimeEnv {
  log: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  exit: (code: number, opts?: unknown) => void;
}

export interface HealthCheckContext {
  readonly mode: HealthCheckMode;
  readonly runtime: HealthRuntimeEnv;
  /** OpenClaw's parsed, normalised runtime config (not the authored text). */
  readonly cfg: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly configPath?: string;
  readonly allowExecSecretRefs?: boolean;
}

export interface HealthRepairContext extends Omit<HealthCheckContext, 'mode'> {
  readonly mode: 'fix';
  readonly dryRun?: boolean;
  readonly diff?: boolean;
}

export interface HealthRepairDiff {
  readonly kind: 'config' | 'file';
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
  readonly unifiedDiff?: string;
}

export interface HealthRepairEffect {
  readonly kind: 'config' | 'file' | 'service' | 'process' | 'package' | 'state' | 'other';
  readonly action: string;
  readonly target?: string;
  readonly dryRunSafe?: boolean;
}

export interface HealthRepairResult {
  readonly status?: 'repaired' | 'skipped' | 'failed';
  readonly reason?: string;
  /** Set (and not a dry run): OpenClaw's doctor adopts it and writes it with its own writer. */
  readonly config?: Record<string, unknown>;
  readonly changes: readonly string[];
  readonly warnings?: readonly string[];
  readonly diffs?: readonly HealthRepairDiff[];
  readonly effects?: readonly HealthRepairEffect[];
}

export interface HealthCheckScope {
  readonly findings?: readonly HealthFinding[];
  readonly paths?: readonly string[];
  readonly ocPaths?: readonly string[];
}

export interface HealthCheck {
  readonly id: string;
  readonly kind: 'core' | 'plugin';
  readonly description: string;
  readonly source?: string;
  readonly defaultEnabled?: boolean;
  detect(ctx: HealthCheckContext, scope?: HealthCheckScope): Promise<readonly HealthFinding[]>;
  repair?(ctx: HealthRepairContext, findings: readonly HealthFinding[]): Promise<HealthRepairResult>;
}
