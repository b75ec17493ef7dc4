// review19b item 8: readPasteFd (src/collectors/paste/read.ts) stops once it has settled. A socket
// error while a chunk waits on the anchors leaves reads in the backlog; when the anchors arrive,
// the drain must not hand them to the collector (finish() emptied the chunk buffer) nor resume the
// destroyed socket. A fake node:net Socket drives the reads, events and order by hand: no timing.
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

interface OnRead {
  buffer: Buffer;
  callback: (n: number, b: Uint8Array) => boolean | void;
}
const made: FakeSocket[] = [];
class FakeSocket extends EventEmitter {
  readonly onread: OnRead;
  destroyed = false;
  resumedAfterDestroy = 0;
  constructor(opts: { onread: OnRead }) {
    super();
    this.onread = opts.onread;
    made.push(this);
  }
  pause(): void {}
  resume(): void {
    if (this.destroyed) this.resumedAfterDestroy++;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** One read of `text` (repeated to fill the read buffer's `n` bytes). */
  read(n: number): void {
    this.onread.buffer.fill('line with nothing in it\n'.repeat(3), 0, n);
    this.onread.callback(n, this.onread.buffer);
  }
}

vi.doMock('node:net', () => ({ Socket: FakeSocket }));
afterAll(() => {
  vi.doUnmock('node:net');
  vi.resetModules();
});

describe('readPasteFd after it settled', () => {
  it('a socket error while a chunk waits on the anchors: the backlog is dropped, the socket not resumed', async () => {
    const { readPasteFd } = await import('../../src/collectors/paste/read.js');
    // A FIFO opened read-write (no writer needed): fstat says pipe, so the socket path is taken.
    const dir = mkdtempSync(join(tmpdir(), 'read-fd-settled-'));
    execFileSync('mkfifo', [join(dir, 'p')]);
    const fd = openSync(join(dir, 'p'), 'r+');
    try {
      let anchorsCalled = 0;
      let release!: () => void;
      const anchors = () => {
        anchorsCalled++;
        return new Promise<[]>((r) => (release = () => r([])));
      };
      const pushedAfter: number[] = [];
      const read = readPasteFd(fd, { source: 'stdin', keepAllBytes: 1024, anchors, onKeep: (line) => pushedAfter.push(line) });
      const settled = read.then(
        () => 'resolved',
        (err: Error) => err.message,
      );
      await vi.waitFor(() => expect(made.length).toBe(1));
      const sock = made[0]!;
      const size = sock.onread.buffer.length;
      // 512 KiB fills one chunk: its push waits on the anchors, the reader is busy.
      for (let got = 0; got < 512 * 1024; got += size) sock.read(size);
      expect(anchorsCalled).toBe(1);
      sock.read(size); // goes to the backlog
      sock.read(size);
      sock.emit('error', new Error('socket reset'));
      expect(await settled).toBe('socket reset');
      expect(sock.destroyed).toBe(true);
      const keptAtError = pushedAfter.length;
      release();
      // Let the drain (a chain of microtasks) run to its end.
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
      expect(sock.resumedAfterDestroy).toBe(0);
      expect(pushedAfter.length).toBe(keptAtError);
    } finally {
      closeSync(fd);
    }
  });
});
