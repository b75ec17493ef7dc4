// A large paste holds V8's young generation (src/shared/young-gen.ts) through the reader's onLarge
// hook; the hold is let go before the run ends. The effect on a real run (new space, code cache)
// is checked on the built CLI in test/package/young-gen.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { LARGE_BYTES, readPaste, SET_UP_GC_AFTER } from '../../src/collectors/paste/read.js';
import { diagnose, type IO } from '../../src/commands/diagnose.js';
import { holdYoungGeneration, releaseYoungGeneration, youngGenerationHeld } from '../../src/shared/young-gen.js';

const line = '2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=1\n';
const log = (bytes: number) => Buffer.from(line.repeat(Math.ceil(bytes / line.length)));

async function largeCalls(buf: Buffer, anchors = false): Promise<number> {
  let calls = 0;
  // In 64 KB pieces, as a pipe delivers them.
  const pieces: Buffer[] = [];
  for (let o = 0; o < buf.length; o += 65536) pieces.push(buf.subarray(o, o + 65536));
  await readPaste(Readable.from(pieces), { source: 'stdin', onLarge: () => calls++, ...(anchors ? { anchors: () => [] } : {}) });
  return calls;
}

describe('onLarge: the reader says once that an input is large, before processing it', () => {
  it('not for a paste under LARGE_BYTES', async () => {
    expect(await largeCalls(log(LARGE_BYTES - 4096))).toBe(0);
  });
  it('once for a paste kept whole (between LARGE_BYTES and 2 MB)', async () => {
    expect(await largeCalls(log(LARGE_BYTES + 4096))).toBe(1);
  });
  it('once for a log read through the anchors (past 2 MB)', async () => {
    expect(await largeCalls(log(5 * 1024 * 1024), true)).toBe(1);
  });
});

describe("onSetUp: once a large log's scan has gone SET_UP_GC_AFTER past the head (the CLI collects the set-up's garbage there)", () => {
  const HEAD = 2 * 1024 * 1024; // keepAllBytes' default
  /** The calls, in order, with how many bytes the reader had been handed at each. */
  async function setUpCalls(buf: Buffer): Promise<string[]> {
    const calls: string[] = [];
    let handed = 0;
    async function* pieces() {
      for (let o = 0; o < buf.length; o += 65536) {
        handed += Math.min(65536, buf.length - o);
        yield buf.subarray(o, o + 65536);
      }
    }
    await readPaste(Readable.from(pieces()), {
      source: 'stdin',
      anchors: () => [],
      onLarge: () => calls.push(`large@${handed}`),
      onSetUp: () => calls.push(`setUp@${handed < buf.length ? 'mid' : 'end'}:${handed}`),
    });
    return calls;
  }
  it('not for a paste kept whole (up to 2 MB)', async () => {
    expect(await setUpCalls(log(LARGE_BYTES + 4096))).toEqual([`large@${log(LARGE_BYTES + 4096).length}`]);
  });
  it('once past 2 MB, after onLarge, while the rest of the log is still unread', async () => {
    const calls = await setUpCalls(log(5 * 1024 * 1024));
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^large@/);
    expect(calls[1]).toMatch(/^setUp@mid:/);
    // Not at the set-up itself: the scan has gone SET_UP_GC_AFTER bytes past the head first (within one piece).
    const at = Number(calls[1]!.split(':')[1]);
    expect(at).toBeGreaterThanOrEqual(HEAD + SET_UP_GC_AFTER);
    expect(at).toBeLessThanOrEqual(HEAD + 65536 + SET_UP_GC_AFTER + 65536);
  });
  it('not for a log that ends within SET_UP_GC_AFTER past the head (the CLI collects after the read)', async () => {
    for (const bytes of [HEAD + 4096, HEAD + SET_UP_GC_AFTER - 65536]) {
      const calls = await setUpCalls(log(bytes));
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatch(/^large@/);
    }
  });
});

describe('holdYoungGeneration', () => {
  afterEach(() => releaseYoungGeneration());

  it('holds until released, once', () => {
    expect(youngGenerationHeld()).toBe(false);
    holdYoungGeneration();
    holdYoungGeneration();
    expect(youngGenerationHeld()).toBe(true);
    releaseYoungGeneration();
    expect(youngGenerationHeld()).toBe(false);
  });

  it("leaves the user's own setting alone (node --semi-space-growth-factor=…)", () => {
    process.execArgv.push('--semi-space-growth-factor=4');
    try {
      holdYoungGeneration();
      expect(youngGenerationHeld()).toBe(false);
    } finally {
      process.execArgv.pop();
    }
  });
});

describe('the diagnose command', () => {
  async function heldWhileReporting(bytes: number): Promise<boolean> {
    const home = mkdtempSync(join(tmpdir(), 'ckd-younggen-'));
    const file = join(home, 'gateway.log');
    writeFileSync(file, log(bytes));
    let held: boolean | undefined;
    const sink = { write: () => ((held ??= youngGenerationHeld()), true), isTTY: false } as unknown as NodeJS.WriteStream;
    const io: IO = { stdin: Readable.from([]) as IO['stdin'], stdout: sink, stderr: sink, env: { NO_COLOR: '1', HOME: home }, cwd: home, homedir: home };
    await diagnose({ json: true, log: file, probe: false }, io);
    return held!;
  }

  it('holds the young generation through a large paste, report included, and lets go when it returns', async () => {
    expect(await heldWhileReporting(LARGE_BYTES + 4096)).toBe(true);
    expect(youngGenerationHeld()).toBe(false);
  });

  it('does not hold it for a small paste', async () => {
    expect(await heldWhileReporting(4096)).toBe(false);
    expect(youngGenerationHeld()).toBe(false);
  });
});
