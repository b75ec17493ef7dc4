// audit23 F2: a --header value was not a known secret, so a gateway or proxy that echoes the request
// (a 401 page quoting it) leaked a Cookie or custom API-key header into --json. Every --header value,
// each cookie value and a scheme's credential are masked. The server listens on 127.0.0.1 only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { headerSecrets } from '../../src/collectors/probe/wire.js';
import { runInProcess } from '../cli/run.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

/** Answers every request 401 with the request line and headers echoed in its body. */
async function echoServer(): Promise<number> {
  server = http.createServer((req, res) => {
    const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    res.writeHead(401, { 'content-type': 'text/plain' });
    res.end(`you sent: ${lines.join(' | ')}`);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server!.address() as AddressInfo).port;
}

describe('--header values are secrets', () => {
  it('the parts a server may echo alone are known too', () => {
    expect(headerSecrets('session=abc123; theme=darkmode')).toEqual(['session=abc123; theme=darkmode', 'abc123', 'darkmode']);
    expect(headerSecrets('Basic dXNlcjpwYXNz')).toEqual(['Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz']);
  });

  it('end to end: an echoing server does not leak a Cookie or custom header value into any format', async () => {
    const port = await echoServer();
    for (const extra of [['--json'], [], ['--format', 'markdown']]) {
      const o = await runInProcess(['--no-env', ...extra, '--url', `ws://127.0.0.1:${port}/`, '--header', 'Cookie: session=SECRETCOOKIE1122334455', '--header', 'X-Api: SECRETHDRVAL5566778'], '');
      expect(o.stdout + o.stderr).not.toMatch(/SECRET(?:COOKIE|HDRVAL)/);
    }
    const json = await runInProcess(['--no-env', '--json', '--url', `ws://127.0.0.1:${port}/`, '--header', 'X-Api: SECRETHDRVAL5566778'], '');
    expect(json.stdout).toContain('you sent: GET');
  });
});
