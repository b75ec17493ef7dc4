// A real TCP listener on a free loopback port, owned by a child process the test started (its PID is
// what the environment collector's /proc walk must find). Never a fixed port: 18789 is shared.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Listener {
  child: ChildProcess;
  port: number;
}

/** `argv0`: the name its command line starts with (e.g. one that does not say node: a foreign process). */
export function startListener(opts: { argv0?: string; comment?: string } = {}): Promise<Listener> {
  const script = `${opts.comment ? `//${opts.comment}\n` : ''}const s=require('net').createServer((c)=>c.destroy()).listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port)+'\\n')});`;
  return new Promise<Listener>((resolve, reject) => {
    const c = spawn(process.execPath, ['-e', script], { ...(opts.argv0 ? { argv0: opts.argv0 } : {}), stdio: ['ignore', 'pipe', 'inherit'] });
    c.once('error', reject);
    c.stdout!.once('data', (d: Buffer) => resolve({ child: c, port: Number(String(d).trim()) }));
  });
}

export function stopListener(l: Listener | undefined): void {
  if (!l?.child.pid) return;
  try {
    process.kill(l.child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}
