// Which scenarios of a `--live` run can share one gateway start (main.ts).
import type { Scenario } from './types.js';

/**
 * The declaration fields that decide how the gateway starts and what it finds on disk. Two scenarios
 * that agree on all of them start the very same gateway; the rest (clients, the credential they
 * send, the browser origin, the user's shell, OpenClaw's own CLI) only decide what is sent to it.
 */
function gatewayKey(sc: Scenario): string | undefined {
  // Something before the start (port occupied, a first instance, no gateway at all) is per scenario.
  if (sc.pre) return undefined;
  const { config, base, files, tlsFiles, env, args, netns, tailnet, tls } = sc;
  return JSON.stringify({ config, base, files, tlsFiles, env, args, netns, tailnet, tls });
}

/**
 * `--live` compares only the gateway's state and each client's outcome (cellKey), so scenarios that
 * start the very same gateway share one start: the first of them runs its clients, then the others
 * theirs, in declaration order. A group's later scenarios must not be able to see the earlier
 * ones' traffic in their keys; the CI subset's shared group (token-loopback, stale-env-token,
 * wrong-token, no-credential, protocol-range) sends each new device a fresh identity, and its
 * browser clients fail auth at most twice (OpenClaw's browser limiter allows 10 per minute).
 */
export function sameGatewayGroups(scenarios: Scenario[]): Scenario[][] {
  const groups: Scenario[][] = [];
  const byKey = new Map<string, Scenario[]>();
  for (const sc of scenarios) {
    const key = gatewayKey(sc);
    const g = key === undefined ? undefined : byKey.get(key);
    if (g) g.push(sc);
    else {
      const fresh = [sc];
      groups.push(fresh);
      if (key !== undefined) byKey.set(key, fresh);
    }
  }
  return groups;
}
