// collectGarbage (src/shared/full-gc.ts): a full collection between a large log's scan and the
// evaluation, without leaving gc() exposed or V8's flags changed (the launcher's code cache is keyed on them).
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/shared/full-gc.js';

describe('collectGarbage', () => {
  it('collects what nothing refers to any more, and leaves no gc() behind', async () => {
    const exposed = typeof (globalThis as { gc?: unknown }).gc;
    let big: Uint8Array | undefined = new Uint8Array(8 << 20);
    const ref = new WeakRef(big);
    big = undefined;
    // (A WeakRef's target is kept until the current job ends.)
    await new Promise((r) => setImmediate(r));
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(exposed);
    if (exposed === 'undefined') expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
