// The OpenClaw releases of the behaviour matrix and what each one accepts as its minimal config.
// Chosen from `npm view openclaw versions` (stable, not betas), each checked to install with the
// harness and start on loopback inside a private network namespace.

export const LATEST = '2026.9.6';
export const OLD = '2026.2.12';

export const RELEASES = ['2026.2.12', '2026.3.13', '2026.4.22', '2026.6.11', '2026.8.2', '2026.9.6'] as const;

function parts(v: string): number[] {
  return v.split(/[.-]/).map((x) => Number(x) || 0);
}
/** Compare calendar versions numerically (2026.4.22 < 2026.10.1). */
export function cmpVersion(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
export const atLeast = (v: string, min: string) => cmpVersion(v, min) >= 0;

/**
 * The keys that switch a gateway's own outbound calls off, in the form each release accepts
 * (configs are strictly validated: a key a release does not know makes it refuse to start).
 * - update.checkOnStart:false — every release (2026.2.x contacts the registry without it).
 * - plugins.enabled:false — accepted by every matrix release; fewer processes and ports.
 * - logging.file — keeps the log inside the state dir instead of the shared /tmp/openclaw/.
 * - models.catalogRefresh.enabled:false — 2026.8.x+ only (2026.6.11 rejects `models: Invalid input`).
 * Recording runs inside a network namespace with no route out anyway.
 */
export function baseKeys(release: string, stateDir: string): Record<string, unknown> {
  const base: Record<string, unknown> = {
    update: { checkOnStart: false },
    plugins: { enabled: false },
    logging: { file: `${stateDir}/openclaw.log` },
  };
  if (atLeast(release, '2026.8.0')) base.models = { catalogRefresh: { enabled: false } };
  return base;
}

/** Insert the base keys as the first keys of the user's top-level object (text kept as written). */
export function withBaseKeys(configText: string, base: Record<string, unknown>): string {
  const i = firstBrace(configText);
  if (i < 0) return configText; // not an object (a syntax-error scenario): leave it alone
  const inner = Object.entries(base)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  return `${configText.slice(0, i + 1)}\n  // matrix: the release's off-switches for outbound calls (user keys below win)\n  ${inner},${configText.slice(i + 1)}`;
}

/** Index of the `{` opening the top-level object, skipping leading comments. */
function firstBrace(s: string): number {
  let i = 0;
  while (i < s.length) {
    if (/\s/.test(s[i]!)) i++;
    else if (s.startsWith('//', i)) i = s.indexOf('\n', i) < 0 ? s.length : s.indexOf('\n', i);
    else if (s.startsWith('/*', i)) i = s.indexOf('*/', i) < 0 ? s.length : s.indexOf('*/', i) + 2;
    else return s[i] === '{' ? i : -1;
  }
  return -1;
}

/** OpenClaw's own CLI commands recorded per release (only where the command exists). */
export function cliCommandsFor(release: string): string[][] {
  if (release === LATEST) {
    return [
      ['doctor', '--lint', '--json'],
      ['gateway', 'status', '--json'],
      ['health', '--json'],
      ['status'],
    ];
  }
  // `doctor --lint --json` first appears in 2026.5.18: the oldest matrix release with it.
  if (release === '2026.6.11') return [['doctor', '--lint', '--json']];
  if (release === OLD) {
    return [
      ['gateway', 'status', '--json'],
      ['health', '--json'],
      ['status'],
    ];
  }
  return [];
}

/**
 * Gateway start timeout: the latest lines take ~10–16 s warm on an idle 2-core machine, 15–30 s on
 * the first start, and 30–75 s when the machine is shared (load 9–11 was seen while recording).
 */
export function readyTimeoutMs(release: string): number {
  return atLeast(release, '2026.4.0') ? 240_000 : 150_000;
}

/** The live CI subset: latest + one old release. */
export const CI_RELEASES = [LATEST, OLD];
