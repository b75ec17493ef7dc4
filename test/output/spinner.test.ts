import { describe, expect, it } from 'vitest';
import { spinnerAllowed, withSpinner } from '../../src/shared/spinner.js';

const tty = (columns: number | undefined) => ({ isTTY: true, columns, write: () => true }) as unknown as NodeJS.WriteStream;

describe('spinner', () => {
  it('runs only on a sized, interactive, colour terminal', () => {
    expect(spinnerAllowed({ stream: tty(80), env: {}, json: false })).toBe(true);
    expect(spinnerAllowed({ stream: tty(80), env: {}, json: true })).toBe(false);
    expect(spinnerAllowed({ stream: tty(80), env: { CI: '1' }, json: false })).toBe(false);
    expect(spinnerAllowed({ stream: tty(80), env: { NO_COLOR: '' }, json: false })).toBe(false);
    expect(spinnerAllowed({ stream: tty(80), env: { TERM: 'dumb' }, json: false })).toBe(false);
    expect(spinnerAllowed({ stream: { isTTY: false } as unknown as NodeJS.WriteStream, env: {}, json: false })).toBe(false);
  });

  it('stays off on a terminal that reports 0 columns (ora would loop forever clearing lines)', async () => {
    expect(spinnerAllowed({ stream: tty(0), env: {}, json: false })).toBe(false);
    expect(spinnerAllowed({ stream: tty(undefined), env: {}, json: false })).toBe(false);
    const writes: string[] = [];
    const stream = { isTTY: true, columns: 0, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
    await expect(withSpinner({ stream, env: {}, json: false }, 'probing', async () => 42)).resolves.toBe(42);
    expect(writes).toEqual([]);
  });
});
