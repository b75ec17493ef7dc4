// The "frames" family: a loopback fake gateway whose every byte is generated (hostile handshakes,
// oversized and fragmented frames, bogus JSON, any close code), probed by the real probe. A probe
// must resolve by its own deadline (plus a load margin) with a named stage, never throw, and never
// carry the token it was given in its facts.
import net from 'node:net';
import crypto from 'node:crypto';
import { canary } from './gen.mjs';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(r, opcode, payload, { fin = true, rsv = 0, mask = false, lie } = {}) {
  const len = lie ?? payload.length;
  const head = [((fin ? 0x80 : 0) | (rsv << 4) | opcode) & 0xff];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push(m | len);
  else if (len < 65536) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  const key = mask ? r.bytes(4) : Buffer.alloc(0);
  return Buffer.concat([Buffer.from(head), ext, key, payload]);
}

/** Bogus or almost-right protocol JSON. */
function json(r, reqId) {
  const k = r.int(12);
  const nonce = r.hex(16);
  switch (k) {
    case 0:
      return JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce, ts: Date.now() } });
    case 1:
      return JSON.stringify({ type: 'event', event: 'connect.challenge', payload: r.pick([null, 1, 'x', [], { nonce: 5 }]) });
    case 2:
      return JSON.stringify({ type: 'res', id: reqId ?? r.hex(8), ok: true, payload: { type: 'hello-ok', protocol: r.pick([1, 3, 4, 99, '4', null]), server: r.pick([{ version: '2026.9.6' }, null, 'x']), auth: r.pick([{}, null, { scopes: 'all' }]) } });
    case 3:
      return JSON.stringify({ type: 'res', id: reqId ?? '1', ok: false, error: { code: r.pick(['UNAUTHORIZED', 'PAIRING_REQUIRED', 'INVALID_REQUEST', '', 5]), message: r.pick(['unauthorized: gateway token mismatch', 'pairing required', '\u0000', 'x'.repeat(5000)]), details: r.pick([undefined, { code: 'AUTH_TOKEN_MISMATCH' }, [], 'd']) } });
    case 4:
      return '{"type":"res","id":' + '['.repeat(r.int(5000)) ;
    case 5:
      return r.bytes(r.int(300)).toString('latin1');
    case 6:
      return JSON.stringify({ type: r.pick(['event', 'res', 'req', null]), id: { toString: 1 }, __proto__: { polluted: true } }).replace('"id"', '"__proto__"');
    case 7:
      return JSON.stringify({ type: 'event', event: r.pick(['tick', 'presence', 'shutdown', '']), payload: { reason: 'x'.repeat(r.int(100_000)) } });
    case 8:
      return '';
    case 9:
      return JSON.stringify(Array.from({ length: r.int(1000) }, () => 1));
    default:
      return JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce, ts: Date.now() } }).slice(0, r.int(60));
  }
}

/** The frames the server sends after its 101 (and again after the client's first message). */
function frames(r, reqId) {
  const out = [];
  for (let i = r.int(6); i >= 0; i--) {
    const k = r.int(14);
    if (k < 5) out.push(frame(r, 1, Buffer.from(json(r, reqId), 'utf8')));
    else if (k === 5) out.push(frame(r, 2, r.bytes(r.int(1000)))); // binary
    else if (k === 6) out.push(frame(r, 1, Buffer.alloc(0), { lie: r.pick([2 ** 20 + 1, 2 ** 31, 2 ** 53 - 1, 65535]) })); // oversized, never sent
    else if (k === 7) {
      const code = r.pick([1000, 1001, 1005, 1006, 1008, 1011, 1012, 4000, 4001, 4008, 4999, 0, 999, 2999, 65535, r.int(65536)]);
      const reason = Buffer.from(r.pick(['', 'pairing required', 'unauthorized: gateway token mismatch', '\uFFFD'.repeat(40), 'x'.repeat(200)]), 'utf8');
      const p = Buffer.alloc(2 + reason.length);
      p.writeUInt16BE(code);
      reason.copy(p, 2);
      out.push(frame(r, 8, r.chance(0.1) ? Buffer.from([1]) : p));
    } else if (k === 8) out.push(frame(r, 1, Buffer.from(json(r, reqId)), { fin: false }), frame(r, 0, Buffer.from('}'), { fin: r.chance(0.5) }));
    else if (k === 9) out.push(frame(r, 1, Buffer.from(json(r, reqId)), { mask: true })); // servers must not mask
    else if (k === 10) out.push(frame(r, 1, Buffer.from('{}'), { rsv: 1 + r.int(7) }));
    else if (k === 11) out.push(frame(r, r.pick([3, 7, 0xb, 0xf]), r.bytes(r.int(20)))); // reserved opcodes
    else if (k === 12) out.push(frame(r, 9, r.bytes(r.int(200)))); // ping (maybe too long for a control frame)
    else out.push(r.bytes(r.int(64))); // raw noise mid-stream
  }
  return out;
}

/** The client's first frame, unmasked: { id } of its JSON when whole, null when more bytes are needed. */
function clientFrame(buf) {
  if (buf.length < 2) return null;
  let len = buf[1] & 0x7f;
  let off = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    off = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    off = 10;
  }
  const masked = (buf[1] & 0x80) !== 0;
  const start = off + (masked ? 4 : 0);
  if (buf.length < start + len) return null;
  const key = masked ? buf.subarray(off, off + 4) : Buffer.alloc(4);
  const p = Buffer.from(buf.subarray(start, start + len)).map((b, i) => b ^ key[i % 4]);
  try {
    return { id: JSON.parse(Buffer.from(p).toString('utf8')).id };
  } catch {
    return { id: undefined };
  }
}

/** The client's request id, when its first frame is whole in `buf`. */
const clientRequestId = (buf) => clientFrame(buf)?.id;

/**
 * A gateway that follows the protocol (connect.challenge, then hello-ok for the client's connect),
 * with the hello-ok's fields drawn from valid, odd and hostile values, so the probe's post-hello
 * paths (protocol, server version, auth method/scopes/role, device token) are exercised.
 */
function helloOk(r, reqId, deviceToken) {
  const auth = r.pick([
    null,
    {},
    { method: r.pick(['token', 'password', 'device-token', 'trusted-proxy', 'none']), role: r.pick(['operator', 'node', 5]), scopes: r.pick([['operator.read', 'operator.write'], ['operator.admin'], [], [1, null, {}], 'all']) },
    { method: 'token', role: 'operator', scopes: ['operator.read'], deviceToken },
    { deviceToken: r.pick([deviceToken, 5, null]) },
    { method: 5, scopes: { 0: 'x' } },
  ]);
  const payload = {
    type: 'hello-ok',
    protocol: r.pick([3, 4, 4, 1, 99, '4', null, undefined, -1, 2 ** 53]),
    server: r.pick([{ version: '2026.9.6', connId: r.hex(8) }, { version: r.pick(['2026.2.12', '2026.3.13', '2099.1.1', '', 'x'.repeat(3000)]) }, { version: 5 }, null, 'x', {}]),
    features: r.pick([undefined, { methods: ['health', 'status'], events: ['tick'] }, 'x', [null]]),
    policy: r.pick([undefined, { maxPayload: 1 << 20, tickIntervalMs: 30000 }, { maxPayload: -1 }]),
    snapshot: r.pick([undefined, {}, { presence: Array.from({ length: r.int(50) }, () => ({ host: r.hex(6) })) }]),
  };
  if (auth !== null || r.chance(0.5)) payload.auth = auth;
  return JSON.stringify({ type: 'res', id: reqId, ok: true, payload });
}

/** What a protocol-following gateway sends once the client's connect is whole. */
function gatewayAnswer(r, reqId, deviceToken) {
  const out = [];
  // Events may come before the answer (tick, presence): the probe must wait for its response.
  for (let i = r.int(3); i > 0; i--) out.push(frame(r, 1, Buffer.from(JSON.stringify({ type: 'event', event: r.pick(['tick', 'presence', 'health']), payload: { ts: Date.now() } }))));
  const k = r.int(10);
  if (k < 8) out.push(frame(r, 1, Buffer.from(helloOk(r, reqId, deviceToken), 'utf8')));
  else if (k === 8) out.push(frame(r, 1, Buffer.from(JSON.stringify({ type: 'res', id: reqId, ok: true, payload: { type: r.pick(['hello', 'ok', null]) } }))));
  else out.push(frame(r, 1, Buffer.from(json(r, reqId), 'utf8')));
  // And sometimes more after it (the probe has what it needs: it must not be confused by it).
  if (r.chance(0.3)) out.push(...frames(r, reqId));
  return out;
}

/** One generated server: how it answers the upgrade, and what it streams afterwards. */
function behaviour(r) {
  const k = r.int(20);
  return {
    // 'gateway' follows the protocol up to hello-ok (post-hello paths); '101' streams generated frames.
    handshake: k < 7 ? 'gateway' : k < 13 ? '101' : r.pick(['silent', 'garbage', 'reset', 'bad-accept', 'status', 'huge-headers', 'partial', 'html']),
    afterClient: r.chance(0.7),
    end: r.pick(['hang', 'end', 'destroy', 'hang']),
    seed: r.int(2 ** 31),
  };
}

async function serve(r, b, deviceToken) {
  const sockets = new Set();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    let head = Buffer.alloc(0);
    let upgraded = false;
    s.on('data', (d) => {
      if (upgraded && b.handshake === 'gateway') {
        if (b.answered) return;
        head = Buffer.concat([head, d]);
        const f = clientFrame(head);
        if (f === null) return;
        b.answered = true;
        for (const x of gatewayAnswer(r, f.id, deviceToken)) s.write(x);
        finish(s);
        return;
      }
      if (upgraded) {
        if (b.afterClient) {
          b.afterClient = false;
          for (const f of frames(r, clientRequestId(d))) s.write(f);
          finish(s);
        }
        return;
      }
      head = Buffer.concat([head, d]);
      if (head.length > 65536) return s.destroy();
      const text = head.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      const key = /sec-websocket-key:\s*(\S+)/i.exec(text)?.[1];
      if (!key || !/upgrade:\s*websocket/i.test(text)) {
        // the HTTP stage (readyz/healthz, the Control UI page): a random answer
        const body = r.pick(['', '<html>OpenClaw Control</html>', '{"ok":true}', r.bytes(100).toString('latin1')]);
        s.end(`HTTP/1.1 ${r.pick([200, 204, 301, 404, 500, 999])} X\r\ncontent-length: ${r.chance(0.8) ? body.length : 99999}\r\n\r\n${body}`);
        return;
      }
      const accept = crypto.createHash('sha1').update(`${key}${GUID}`).digest('base64');
      switch (b.handshake) {
        case 'silent':
          return;
        case 'garbage':
          return s.write(r.bytes(1 + r.int(4096)));
        case 'reset':
          return s.resetAndDestroy();
        case 'bad-accept':
          return s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${r.pick(['', 'x', accept.slice(1)])}\r\n\r\n`);
        case 'status':
          return s.end(`HTTP/1.1 ${r.pick([400, 401, 403, 426, 429, 502, 503, 101])} ${r.pick(['Bad', '', 'x'.repeat(3000)])}\r\ncontent-type: application/json\r\n\r\n${json(r)}`);
        case 'huge-headers':
          return s.write(`HTTP/1.1 101 Switching Protocols\r\nX-Big: ${'a'.repeat(100_000 + r.int(200_000))}\r\n\r\n`);
        case 'partial':
          return s.write('HTTP/1.1 101 Switch');
        case 'html':
          return s.end('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\r\n<!doctype html><title>x</title>');
        case 'gateway': {
          upgraded = true;
          head = Buffer.alloc(0); // from here: the client's frames
          const payload = r.pick([{ nonce: r.hex(16), ts: Date.now() }, { nonce: r.hex(16), ts: Date.now(), capabilities: ['device-auth', 'x'] }, { ts: Date.now() }]);
          s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
          s.write(frame(r, 1, Buffer.from(JSON.stringify({ type: 'event', event: 'connect.challenge', payload }))));
          return;
        }
        default:
          upgraded = true;
          s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
          for (const f of frames(r, undefined)) s.write(f);
          if (!b.afterClient) finish(s);
      }
    });
  });
  const finish = (s) => {
    if (b.end === 'end') s.end();
    else if (b.end === 'destroy') s.destroy();
  };
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return {
    port: server.address().port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((res) => server.close(() => res()));
    },
  };
}

/**
 * Probe one generated server. Returns the failures found (empty when the probe behaved).
 * timeoutMs is the probe's own deadline; marginMs the load allowance before calling it a hang.
 */
export async function fuzzFrame(r, collectProbe, { timeoutMs, marginMs }) {
  const b = behaviour(r);
  const deviceToken = canary(r);
  const server = await serve(r, b, deviceToken);
  const token = canary(r);
  const failures = [];
  const t0 = performance.now();
  try {
    const f = await collectProbe({ url: `ws://127.0.0.1:${server.port}`, token, timeoutMs, loopbackOnly: true, device: r.chance(0.3) });
    const ms = performance.now() - t0;
    const text = JSON.stringify(f);
    if (ms > timeoutMs + marginMs) failures.push(['hangs', `${Math.round(ms)} ms past a ${timeoutMs} ms deadline (${b.handshake})`]);
    if (typeof f.outcome !== 'string' || !f.outcome || f.outcome === 'unknown') failures.push(['unnamed', `outcome ${f.outcome} (${b.handshake})`]);
    if (f.outcome !== 'connected' && !f.failedStage) failures.push(['unnamed', `no failed stage for outcome ${f.outcome} (${b.handshake})`]);
    if (text.includes(token)) failures.push(['leaks', `probe facts carry the token (${b.handshake})`]);
    if (text.includes(deviceToken)) failures.push(['leaks', `probe facts carry the device token the gateway issued (${b.handshake})`]);
    if (/\n\s+at .+:\d+:\d+\)?/.test(text)) failures.push(['stacks', `stack trace in probe facts (${b.handshake})`]);
    return { failures, outcome: f.outcome, stage: f.failedStage ?? f.reached, hello: f.reached === 'hello', handshake: b.handshake, ms };
  } catch (e) {
    return { failures: [['crashes', e?.stack ?? String(e)]], handshake: b.handshake, ms: performance.now() - t0 };
  } finally {
    await server.close();
  }
}
