// Process handling shared by the real-gateway harness and the behaviour matrix: only PIDs we started.

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * SIGTERM the PID we started, SIGKILL its own process group (spawned detached = it leads one) after
 * 10 s, then make sure no child outlives it. `gone` lets a caller that watches the exit stop early.
 * Returns false when the process was already gone.
 */
export async function stopPid(pid: number, gone: () => boolean = () => false): Promise<boolean> {
  if (gone() || !isAlive(pid)) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  for (let i = 0; i < 100; i++) {
    if (gone() || !isAlive(pid)) break;
    await sleep(100);
  }
  if (!gone() && isAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await sleep(200);
  try {
    process.kill(-pid, 0);
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* group empty */
  }
  return true;
}
