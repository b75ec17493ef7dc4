// The process's stdout/stderr for the CLI (issue #13). `process.stdout` on a pipe or a socket is a
// net.Socket: touching it loads node:net and builds a stream (~4.5 ms of a small paste on Node 22,
// perf6). When fd 1 or 2 is a pipe, a socket or a regular file, the report is written with
// write(2) instead: it is small and written once, so a blocking write costs nothing. So is /dev/null
// (a script keeping only the exit code): Node writes a character device that is not a terminal
// synchronously too, but through node:stream's SyncWriteStream, which loads all of node:stream. A
// terminal and anything else keep `process.stdout` (colour, the spinner and `columns` need a TTY).
// A non-blocking pipe (a parent may have set O_NONBLOCK) answers EAGAIN when full: the rest, and
// every later write, then go through `process.stdout`, which waits for the reader — never lost.
// Write errors are 'error' events on this object, as on a stream (cli.ts guardOutput: EPIPE quiet).
import { EventEmitter } from 'node:events';
import { fstatSync, statSync, type Stats, writeSync } from 'node:fs';

type Callback = (err?: Error | null) => void;

class FdWriter extends EventEmitter {
  readonly isTTY = false;
  /** Set after EAGAIN: from then on everything goes through the process's own stream, in order. */
  private stream: NodeJS.WriteStream | undefined;
  private failed = false;

  constructor(
    readonly fd: number,
    private readonly processStream: () => NodeJS.WriteStream,
  ) {
    super();
  }

  write(chunk: string | Uint8Array, encoding?: BufferEncoding | Callback, cb?: Callback): boolean {
    if (typeof encoding === 'function') {
      cb = encoding;
      encoding = undefined;
    }
    if (this.stream) return this.stream.write(chunk, cb);
    // After a write error (EPIPE: the reader is gone) the rest is dropped, as a destroyed stream drops it.
    if (this.failed) return false;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk;
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(this.fd, bytes, off, bytes.length - off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return this.handOver(bytes.subarray(off), cb);
        this.failed = true;
        process.nextTick(() => {
          this.emit('error', err);
          cb?.(err as Error);
        });
        return false;
      }
    }
    if (cb) process.nextTick(cb);
    return true;
  }

  private handOver(rest: Uint8Array, cb: Callback | undefined): boolean {
    const stream = this.processStream();
    this.stream = stream;
    stream.on('error', (err) => this.emit('error', err));
    return stream.write(rest, cb);
  }
}

/**
 * fd 1 or 2 as the CLI writes it: a synchronous writer on a pipe, socket, regular file or /dev/null, else
 * (a terminal, a character device, an fd that cannot be examined) the process's own stream.
 */
export function outputStream(fd: 1 | 2): NodeJS.WriteStream {
  const processStream = () => (fd === 1 ? process.stdout : process.stderr);
  let direct = false;
  try {
    const st = fstatSync(fd);
    direct = st.isFIFO() || st.isSocket() || st.isFile() || isDevNull(st);
  } catch {
    // closed or unexaminable: Node's stream decides what to do with it
  }
  return direct ? fdWriter(fd, processStream) : processStream();
}

/** The null device, by its device number (not a terminal; fstat alone cannot tell a TTY without node:tty, which loads node:net). */
function isDevNull(st: Stats): boolean {
  if (!st.isCharacterDevice() || process.platform === 'win32') return false;
  const nul = statSync('/dev/null', { throwIfNoEntry: false });
  return nul !== undefined && nul.isCharacterDevice() && nul.rdev === st.rdev;
}

/** A synchronous writer on `fd` that hands over to `processStream()` on EAGAIN (exported for its tests). */
export function fdWriter(fd: number, processStream: () => NodeJS.WriteStream): NodeJS.WriteStream {
  return new FdWriter(fd, processStream) as unknown as NodeJS.WriteStream;
}
