// The HTTP stage's 1.2 s cap is set for the default 4 s deadline; a longer --timeout widens it like
// every other stage cap. Both servers and probes share one event loop, so which timer fires first
// is decided by their order, not by how loaded the machine is. The two cases run at once (each its
// own server): each mostly waits 1.5 s on its server's late answer.
import { describe, it } from 'vitest';
import { collectProbe } from '../../src/collectors/probe/index.js';
import { slowHealth } from './fake-servers.js';

describe.concurrent('HTTP stage cap', () => {
  it('default deadline: a /readyz answer after 1.5 s is past the 1.2 s cap', async ({ expect, onTestFinished }) => {
    const fake = await slowHealth(1500);
    onTestFinished(() => fake.close());
    const f = await collectProbe({ url: `ws://127.0.0.1:${fake.port}`, loopbackOnly: true, env: {}, timeoutMs: 4000 });
    expect(f.http, JSON.stringify(f.http)).toMatchObject({ error: expect.stringMatching(/^no HTTP answer within \d+ ms/) });
    expect(f.http?.ready).toBeUndefined();
  });

  it('a 20 s deadline widens the cap: the same late answer is read as ready', async ({ expect, onTestFinished }) => {
    const fake = await slowHealth(1500);
    onTestFinished(() => fake.close());
    const f = await collectProbe({ url: `ws://127.0.0.1:${fake.port}`, loopbackOnly: true, env: {}, timeoutMs: 20_000 });
    expect(f.http).toMatchObject({ readyz: 200, ready: true, kind: 'openclaw-json' });
  });
});
