// A child run with a deadline whose own children go with it (audit23 F9): execFile's `timeout`
// kills only the direct child, so a hanging `openclaw` that had started helpers (a gateway child,
// ssh, a plugin) left them running after every run. The child leads its own process group
// (detached; execFile cannot ask for that) and the deadline kills the group.
import { spawn, type ChildProcess } from 'node:child_process';

export interface GroupRunOptions {
  timeoutMs: number;
  /** Bytes of stdout (and of stderr) kept; past it the group is killed, as execFile's maxBuffer. */
  maxBuffer: number;
  env?: NodeJS.ProcessEnv;
  windowsHide?: boolean;
}

export type GroupRunDone = (err: (Error & { code?: string | number }) | null, stdout: string, stderr: string, timedOut: boolean) => void;

/** Like execFile (utf8): `err.code` is the exit code or a spawn error's code; `timedOut` says the deadline killed the group. */
export function execFileGroup(file: string, args: readonly string[], opts: GroupRunOptions, done: GroupRunDone): ChildProcess {
  let timedOut = false;
  let settled = false;
  let overflow: string | undefined;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sizes = [0, 0];
  const child = spawn(file, args, { env: opts.env, windowsHide: opts.windowsHide ?? true, detached: process.platform !== 'win32', stdio: ['pipe', 'pipe', 'pipe'] });
  const finish = (e: (Error & { code?: string | number }) | null) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    done(e, Buffer.concat(out).toString('utf8'), Buffer.concat(err).toString('utf8'), timedOut);
  };
  const collect = (into: Buffer[], i: 0 | 1) => (c: Buffer) => {
    if (sizes[i]! + c.length > opts.maxBuffer) {
      overflow ??= i === 0 ? 'stdout' : 'stderr';
      killGroup(child);
      return;
    }
    sizes[i]! += c.length;
    into.push(c);
  };
  child.stdin!.on('error', () => {}); // a child that exits first: EPIPE is not our error
  child.stdin!.end(); // nothing to give it: it must never wait on our stdin
  child.stdout!.on('data', collect(out, 0));
  child.stderr!.on('data', collect(err, 1));
  child.on('error', (e: NodeJS.ErrnoException) => finish(e));
  child.on('close', (code, signal) => {
    if (overflow) return finish(Object.assign(new Error(`${overflow} maxBuffer length exceeded`), { code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' }));
    if (code === 0) return finish(null);
    finish(Object.assign(new Error(`${file} exited with ${code ?? signal}`), code === null ? {} : { code }));
  });
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, opts.timeoutMs);
  return child;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    // The group's id is its leader's pid: every process still in it gets SIGKILL.
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
