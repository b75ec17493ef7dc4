// Reading a config that is a pipe: `--config <(cat file)` names /dev/fd/N, a link to `pipe:[…]`,
// and a named FIFO is one too. A pipe is opened non-blocking (a FIFO with no writer would block
// the open forever) and read through the event loop up to a byte cap and a deadline, so the
// doctor always answers.
import { constants as fsc, open } from 'node:fs';
import { Socket } from 'node:net';

export interface PipeRead {
  buf: Buffer;
  /** More than maxBytes arrived (reading stopped there). */
  overCap: boolean;
  /** The writer had not finished by the deadline. */
  timedOut: boolean;
}

export const PIPE_DEADLINE_MS = 5000;

export function readPipe(path: string, maxBytes: number, deadlineMs = PIPE_DEADLINE_MS): Promise<PipeRead> {
  return new Promise((resolve, reject) => {
    open(path, fsc.O_RDONLY | fsc.O_NONBLOCK, (err, fd) => {
      if (err) return reject(err);
      const sock = new Socket({ fd, readable: true, writable: false });
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (overCap: boolean, timedOut: boolean): void => {
        clearTimeout(timer);
        sock.destroy();
        resolve({ buf: Buffer.concat(chunks), overCap, timedOut });
      };
      const timer = setTimeout(() => finish(false, true), deadlineMs);
      sock.on('data', (d: Buffer) => {
        chunks.push(d);
        size += d.length;
        if (size > maxBytes) finish(true, false);
      });
      sock.on('end', () => finish(false, false));
      sock.on('error', (e) => {
        clearTimeout(timer);
        sock.destroy();
        reject(e);
      });
    });
  });
}
