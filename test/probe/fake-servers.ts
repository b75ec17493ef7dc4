// Small hostile / fake servers on 127.0.0.1 for the probe tests. Every loop is bounded and every
// server is closed by the test that opened it.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Fake {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>, extra?: () => void): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      extra?.();
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

function track(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

/** Accepts TCP and never says a word. */
export async function silentTcp(): Promise<Fake> {
  const server = net.createServer(() => undefined);
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** Answers every connection with random bytes (not TLS, not HTTP), then closes. */
export async function garbage(): Promise<Fake> {
  const server = net.createServer((s) => {
    s.end(crypto.randomBytes(512));
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** Reads the request head, then resets the connection (RST) mid-upgrade. */
export async function resetter(): Promise<Fake> {
  const server = net.createServer((s) => {
    s.once('data', () => s.resetAndDestroy());
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** A plain HTTP server that answers everything (including upgrades) with an HTML page. */
export async function htmlOnly(status = 200): Promise<Fake> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end('<!doctype html><html><head><title>Some other app</title></head><body>hi</body></html>');
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

export interface WsBehaviour {
  /** Called on each accepted WebSocket. */
  onConnection(ws: WebSocket, req: http.IncomingMessage): void;
}

/** A WebSocket server (HTTP /readyz answers JSON like a recent gateway) with scripted behaviour. */
export async function wsServer(b: WsBehaviour, opts: { tlsCert?: { key: string; cert: string } } = {}): Promise<Fake & { wss: WebSocketServer }> {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url === '/readyz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ready":true,"failing":[]}');
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true,"status":"live"}');
    } else {
      res.writeHead(404);
      res.end('Not Found');
    }
  };
  const server = opts.tlsCert ? https.createServer({ key: opts.tlsCert.key, cert: opts.tlsCert.cert }, handler) : http.createServer(handler);
  const sockets = track(server);
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    ws.on('error', () => undefined);
    b.onConnection(ws, req);
  });
  const port = await listen(server);
  return {
    port,
    wss,
    close: closer(server, sockets, () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
    }),
  };
}

export const challenge = (ws: WebSocket) => ws.send(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: crypto.randomUUID(), ts: Date.now() } }));

/** A fake gateway: challenge, then `reply(connectRequest)` decides the answer. */
export function fakeGateway(reply: (ws: WebSocket, req: { id: string; params: Record<string, unknown> }, httpReq: http.IncomingMessage) => void, opts: { tlsCert?: { key: string; cert: string } } = {}) {
  return wsServer(
    {
      onConnection(ws, httpReq) {
        challenge(ws);
        ws.on('message', (d) => {
          const m = JSON.parse(d.toString()) as { type: string; id: string; method: string; params: Record<string, unknown> };
          if (m.type === 'req' && m.method === 'connect') reply(ws, m, httpReq);
        });
      },
    },
    opts,
  );
}

export const helloOk = (ws: WebSocket, id: string, protocol = 4) =>
  ws.send(JSON.stringify({ type: 'res', id, ok: true, payload: { type: 'hello-ok', protocol, server: { version: '2026.9.6' }, auth: { method: 'token', role: 'operator', scopes: ['operator.read'] } } }));

/**
 * Raw WebSocket server: does the RFC 6455 handshake itself, then hands the socket to `after`
 * so a test can write frames ws would refuse to send (100 MB length headers, invalid close codes).
 */
export async function rawWs(after: (s: net.Socket) => void): Promise<Fake> {
  const server = net.createServer((s) => {
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      s.off('data', onData);
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head)?.[1];
      if (!/upgrade:\s*websocket/i.test(head) || !key) {
        s.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      after(s);
    };
    s.on('data', onData);
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** Unmasked server text frame. */
export function textFrame(s: string): Buffer {
  const p = Buffer.from(s, 'utf8');
  if (p.length < 126) return Buffer.concat([Buffer.from([0x81, p.length]), p]);
  if (p.length < 65536) {
    const h = Buffer.alloc(4);
    h[0] = 0x81;
    h[1] = 126;
    h.writeUInt16BE(p.length, 2);
    return Buffer.concat([h, p]);
  }
  const h = Buffer.alloc(10);
  h[0] = 0x81;
  h[1] = 127;
  h.writeBigUInt64BE(BigInt(p.length), 2);
  return Buffer.concat([h, p]);
}

/** Header of a binary frame announcing `len` bytes (payload written separately, or never). */
export function bigFrameHeader(len: number): Buffer {
  const h = Buffer.alloc(10);
  h[0] = 0x82;
  h[1] = 127;
  h.writeBigUInt64BE(BigInt(len), 2);
  return h;
}

export function closeFrame(code: number, reason = ''): Buffer {
  const r = Buffer.from(reason, 'utf8');
  const p = Buffer.alloc(2 + r.length);
  p.writeUInt16BE(code, 0);
  r.copy(p, 2);
  return Buffer.concat([Buffer.from([0x88, p.length]), p]);
}

/** A throwaway self-signed certificate for 127.0.0.1/localhost (openssl CLI; fails loudly if absent). */
export function selfSignedCert(opts: { days?: number; cn?: string } = {}): { key: string; cert: string; fingerprint: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckd-cert-'));
  try {
    const cn = opts.cn ?? 'localhost';
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', String(opts.days ?? 2), '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn},IP:127.0.0.1`],
      { stdio: 'pipe' },
    );
    const key = fs.readFileSync(path.join(dir, 'k.pem'), 'utf8');
    const cert = fs.readFileSync(path.join(dir, 'c.pem'), 'utf8');
    const x = new crypto.X509Certificate(cert);
    return { key, cert, fingerprint: x.fingerprint256 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A TLS server that completes the handshake and then says nothing (for ws:// to a TLS port). */
export async function tlsSilent(c: { key: string; cert: string }): Promise<Fake> {
  const server = tls.createServer({ key: c.key, cert: c.cert }, () => undefined);
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets) };
}

/** An OpenClaw-like health front that answers /readyz and /healthz only after `delayMs` (a loaded gateway). */
export async function slowHealth(delayMs: number): Promise<Fake> {
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const t = setTimeout(() => {
      timers.delete(t);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/readyz' ? '{"ready":true}' : '{"ok":true,"status":"live"}');
    }, delayMs);
    timers.add(t);
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: closer(server, sockets, () => timers.forEach(clearTimeout)) };
}
