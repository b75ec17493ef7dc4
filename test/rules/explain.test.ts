// `explain` shows a rule as its author meant it: rendered texts (no raw {{…}} syntax) and the
// conditions without what the loader attaches (literal covers, linear-time rewrites).
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/commands/rules.js';

function capture(): { io: never; out: () => string } {
  let text = '';
  const stream = { write: (s: string) => ((text += s), true) };
  return { io: { stdout: stream, stderr: stream } as never, out: () => text };
}

describe('explain', () => {
  it('renders sections and names, and hides internal fields', async () => {
    const { io, out } = capture();
    expect(await explain('trusted-proxy/trusted-proxies-missing-bridge', {}, io)).toBe(0);
    const text = out();
    expect(text).toContain('on the container network <bridgeCidr>');
    expect(text).not.toMatch(/\{\{|"cover"|"linear"/);
  });
  it('hides literal covers of paste rules', async () => {
    const { io, out } = capture();
    await explain('pairing/pairing-required', {}, io);
    expect(out()).toMatch(/When: \{.*"paste"/);
    expect(out()).not.toMatch(/"cover"|"linear"|\{\{/);
  });
});
