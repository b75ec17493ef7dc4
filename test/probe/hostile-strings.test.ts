// audit23 F8: a hostile gateway's strings (close reason, hello-ok server.version/scopes, `res` error
// message) reached the human, GitHub and Markdown reports with raw OSC/CSI sequences (terminal title,
// clipboard via OSC 52, cursor moves that rewrite earlier report lines). They are made printable where the
// probe records them, and every string of a report is made printable once more in the text renderers.
// Servers listen on 127.0.0.1 only.
import { afterEach, describe, expect, it } from 'vitest';
import { printable } from '../../src/shared/text/printable.js';
import { runInProcess } from '../cli/run.js';
import { challenge, fakeGateway, wsServer, type Fake } from './fake-servers.js';

const open: Fake[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

const ESC = '\u001b]0;PWN\u0007\u001b[2J\u001b]52;c;cHduZWQ=\u0007\u009b31m';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('printable', () => {
  it('drops whole ESC sequences and lone controls, keeps tab, newline and ordinary text', () => {
    expect(printable(`bad token x ${ESC}end`)).toBe('bad token x end');
    expect(printable('a\tb\nc\rd\u0000e\u007f')).toBe('a\tb\ncde');
    for (const t of ['2026.9.6', 'unauthorized: gateway token mismatch', 'pairing required (requestId: 3f2a1b4c-1111-2222-3333-444455556666)', '令牌错误 — ok'])
      expect(printable(t)).toBe(t);
  });
});

describe('end to end: a hostile gateway', () => {
  const formats = [[], ['--format', 'github'], ['--format', 'markdown']];

  it('its close reason reaches no text report with a control sequence; the token in it stays masked', async () => {
    const g = await wsServer({
      onConnection(ws) {
        challenge(ws);
        ws.on('message', () => ws.close(1008, `bad token SECRETPROBETOK12345678 ${ESC}`));
      },
    });
    open.push(g);
    for (const extra of formats) {
      const o = await runInProcess(['--no-env', '--url', `ws://127.0.0.1:${g.port}`, '--token', 'SECRETPROBETOK12345678', ...extra], '');
      expect(o.stdout).toContain('bad token ***');
      expect(o.stdout).not.toMatch(CONTROL);
      expect(o.stdout).not.toContain('SECRETPROBETOK');
    }
  });

  it('its hello-ok server version and scopes reach no text report with a control sequence', async () => {
    const g = await fakeGateway((ws, req) =>
      ws.send(JSON.stringify({ type: 'res', id: req.id, ok: true, payload: { type: 'hello-ok', protocol: 3, server: { version: `2026.9.6${ESC}`, host: `h${ESC}`, connId: `c${ESC}` }, auth: { method: 'token', role: `operator${ESC}`, scopes: [`operator.admin${ESC}`] } } })),
    );
    open.push(g);
    for (const extra of formats) {
      const o = await runInProcess(['--no-env', '--url', `ws://127.0.0.1:${g.port}`, '--token', 'SECRETPROBETOK12345678', ...extra], '');
      expect(o.stdout).not.toMatch(CONTROL);
    }
    const human = await runInProcess(['--no-env', '--url', `ws://127.0.0.1:${g.port}`, '--token', 'SECRETPROBETOK12345678'], '');
    expect(human.stdout).toContain('server 2026.9.6');
  });

  it('its res error message reaches no text report with a control sequence', async () => {
    const g = await fakeGateway((ws, req) => {
      ws.send(JSON.stringify({ type: 'res', id: req.id, ok: false, error: { code: 'INVALID_REQUEST', message: `unauthorized: gateway token mismatch${ESC}` } }));
      ws.close(1008, `unauthorized${ESC}`);
    });
    open.push(g);
    for (const extra of formats) {
      const o = await runInProcess(['--no-env', '--url', `ws://127.0.0.1:${g.port}`, '--token', 'SECRETPROBETOK12345678', ...extra], '');
      expect(o.stdout).not.toMatch(CONTROL);
      expect(o.stdout).toContain('token mismatch');
    }
  });
});
