// The HTTP stage's 1.2 s cap is set for the default 4 s deadline; a longer --timeout widens it like
// every other stage cap. Both servers and probes share one event loop, so which timer fires first
// is decided by their order, not by how loaded the machine is.
import { afterEach, describe, expect, it } from 'vitest';
import { collectProbe } from '../../src/collectors/probe/index.js';
import { slowHealth, type Fake } from './fake-servers.js';

let fake: Fake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('HTTP stage cap', () => {
  it('default deadline: a /readyz answer after 1.5 s is past the 1.2 s cap', async () => {
    fake = await slowHealth(1500);
    const f = await collectProbe({ url: `ws://127.0.0.1:${fake.port}`, loopbackOnly: true, env: {}, timeoutMs: 4000 });
    expect(f.http, JSON.stringify(f.http)).toMatchObject({ error: expect.stringMatching(/^no HTTP answer within \d+ ms/) });
    expect(f.http?.ready).toBeUndefined();
  });

  it('a 20 s deadline widens the cap: the same late answer is read as ready', async () => {
    fake = await slowHealth(1500);
    const f = await collectProbe({ url: `ws://127.0.0.1:${fake.port}`, loopbackOnly: true, env: {}, timeoutMs: 20_000 });
    expect(f.http).toMatchObject({ readyz: 200, ready: true, kind: 'openclaw-json' });
  });
});
