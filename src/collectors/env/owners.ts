// The processes that hold the listening sockets on the gateway port: found by walking every
// /proc/<pid>/fd (readlink per descriptor), which costs ~7–8 ms on a busy host — every run on a
// gateway host, whatever it diagnoses. Only two built-in rules read the owners (port-bind/
// multiple-gateways without a paste, port-bind/port-conflict with a bind error or a wrong answer), so
// the CLI collects the sockets, defers the walk, and runs it only when a rule reading the owners could
// still fire once they are known, every other fact as it is (src/engine/pending.ts); otherwise the
// facts say the owners were not looked up, the facts derived from them are absent, and a rule that
// might have ended unknown with them is reported skipped (src/commands/pipeline.ts notExamined).
import type { EnvFacts } from '../../types.js';
import type { Deadline, FsRoot } from './fsroot.js';
import { mapInodesToProcesses } from './network.js';
import { splitPath } from '../../shared/fact-path.js';

export type Listeners = NonNullable<EnvFacts['listeners']>;

/** Fact paths whose values depend on the owners (a path that is one of these, or inside or above one). */
export const OWNER_PATHS = [
  'env.listeners',
  'env.unknown',
  'env.ownersNotLookedUp',
  'env.derived.portListenerPids',
  'env.derived.portMultipleProcesses',
  'env.derived.portForeignListener',
  'env.derived.portForeignCommand',
  'env.derived.portLegacyListener',
] as const;

const OWNER_SEGMENTS = OWNER_PATHS.map(splitPath);

/**
 * Whether a rule's fact path can reach an owner path: the path, an ancestor of it, or inside it,
 * compared segment by segment, where the rule's `*` matches any one segment (as in resolvePath), so
 * `env.derived.*`, `*.listeners` and `env` all read the owners.
 */
export function readsOwners(path: string): boolean {
  const segs = splitPath(path);
  return OWNER_SEGMENTS.some((o) => {
    const n = Math.min(o.length, segs.length);
    for (let i = 0; i < n; i++) if (segs[i] !== '*' && segs[i] !== o[i]) return false;
    return true;
  });
}

const OTHER_USERS = 'listeners.pid (other users\u2019 processes are not readable)';
const NOT_LOOKED_UP = 'listeners.pid (skipped: no check needed the process)';

/** Fill each listener's pid and command from the walk; true when some stay unknown (other users' processes). */
export async function ownersOf(fs: FsRoot, listeners: Listeners, deadline: Deadline): Promise<boolean> {
  const inodes = new Set(listeners.map((l) => l.inode ?? 0).filter((i) => i > 0));
  const { map } = await mapInodesToProcesses(fs, inodes, deadline);
  let pidUnknown = false;
  for (const l of listeners) {
    const proc = l.inode === undefined ? undefined : map.get(l.inode);
    if (proc) {
      l.pid = proc.pid;
      const cmd = proc.command ?? proc.comm;
      if (cmd) l.command = cmd;
    } else pidUnknown = true;
  }
  return pidUnknown;
}

// Kept beside the facts, not in them: facts stay plain JSON.
const pending = new WeakMap<EnvFacts, () => Promise<boolean>>();

/** The collector's side: the walk, left for later. */
export function deferOwners(env: EnvFacts, walk: () => Promise<boolean>): void {
  pending.set(env, walk);
  env.ownersNotLookedUp = true;
}

export const ownersPending = (env: EnvFacts): boolean => pending.has(env);

let walks = 0;
/** How many deferred walks this process has run (tests: whether a run walked, src/engine/pending.ts). */
export const ownerWalks = (): number => walks;

/** Run the deferred walk now (nothing when none is pending). */
export async function lookUpListenerOwners(env: EnvFacts): Promise<void> {
  const walk = pending.get(env);
  if (!walk) return;
  pending.delete(env);
  delete env.ownersNotLookedUp;
  walks++;
  if (await walk()) env.unknown?.push(OTHER_USERS);
}

/** No rule can read the owners: say so, and drop the walk. */
export function skipListenerOwners(env: EnvFacts): void {
  if (!pending.delete(env)) return;
  env.unknown?.push(NOT_LOOKED_UP);
}
