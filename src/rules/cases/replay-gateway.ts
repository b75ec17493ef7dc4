// Replay server for the behaviour matrix: says again, on 127.0.0.1, what a real gateway said to one
// recorded client, so the real probe code can be run against it without a gateway.
//
//   const r = await startReplay(recording.clients[i]);   // { url, close(), fingerprint? }
//   await collectProbe({ ...options, url: r.url });
//   await r.close();
//
// - ECONNREFUSED (nothing listened): the URL names a loopback port nobody listens on.
// - HTTP: /readyz and /healthz answer with the recorded status, content type and body; a recorded
//   transport error becomes a reset (or silence for a timeout); other paths 404.
// - Upgrade: a recorded refusal is written as that HTTP response (status, content type, body); a
//   recorded 101 is completed, then the recorded server frames are sent in order, each after the
//   client frames recorded before it have arrived; a `res` to the probe's connect gets the probe's
//   actual request id; the recorded close code/reason ends it (1006 = the socket is dropped). A
//   server frame with `delayMs` is sent that long after the previous step (a gateway that answered a
//   failed login late, OpenClaw's loopback failure penalty); without it, at once.
// - TLS: the server uses a self-signed certificate generated for the replay (openssl, once per
//   process, CN and validity); the recorded certificate fingerprint is kept as data
//   (`recordedFingerprint`). A `tls` event's `validTo` / `validFrom` (as the probe reports them,
//   e.g. "Jan  1 00:00:00 2025 GMT") give the certificate that validity, so an expired or a
//   not-yet-valid certificate is a real one; `ok: false` is a peer that resets the connection
//   instead of answering the TLS handshake. `authorized: true` (the client trusted the chain) with
//   a `trustedCa` (a case run in its own namespace, whose child trusts it: src/rules/cases/netns.ts)
//   gives a certificate issued by that authority instead of a self-signed one.
// Over ~300 lines on purpose: one server (HTTP, TLS, upgrade, frames, close) replaying one recording; its certificate helpers serve only it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

type Ev = Record<string, unknown> & { kind: string };

export interface RecordingClient {
  options?: Record<string, unknown>;
  server: { tls: boolean };
  transcript: Array<Record<string, unknown>>;
}

export interface Replay {
  url: string;
  /** SHA-256 fingerprint (lower-case hex) of the replay's own certificate (TLS recordings). */
  fingerprint?: string;
  /** The fingerprint the real gateway presented, when the recording kept it. */
  recordedFingerprint?: string;
  close(): Promise<void>;
}

type ReplayCert = { key: string; cert: string; fingerprint: string };
const certCache = new Map<string, Promise<ReplayCert>>();
/** openssl runs without blocking: cases replay concurrently, and a key generation must not stall another case's timers. */
const openssl = (args: string[]) => promisify(execFile)('openssl', args);

/** What the recorded certificate looked like: its CN and, when recorded, its validity dates. */
export interface ReplayCertSpec {
  cn?: string;
  validFrom?: string;
  validTo?: string;
  /** Issue it from this authority (PEM key and certificate) instead of signing it itself. */
  ca?: CaseCa;
}

/** A certificate authority made for a case run: the child process that probes trusts `file` (NODE_EXTRA_CA_CERTS). */
export interface CaseCa {
  key: string;
  cert: string;
}

let caseCaMade: Promise<CaseCa & { file: string }> | undefined;

/** One certificate authority per process (RSA 2048, 30 days), its certificate also written to `file`. */
export function caseCa(): Promise<CaseCa & { file: string }> {
  return (caseCaMade ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawkit-case-ca-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const key = path.join(dir, 'ca.key');
    const file = path.join(dir, 'ca.pem');
    await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', file, '-days', '30', '-subj', '/CN=clawkit-doctor case CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(file, 'utf8'), file };
  })());
}

const DAY_MS = 86_400_000;

/** A date as the probe reports it ("Jan  1 00:00:00 2025 GMT"), in ms. */
function dateMs(text: string): number {
  const ms = new Date(text).getTime();
  if (Number.isNaN(ms)) throw new Error(`replay certificate: unreadable date ${JSON.stringify(text)}`);
  return ms;
}

/** openssl's ASN.1 time, YYYYMMDDHHMMSSZ. */
const asn1Time = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * A self-signed certificate for the replay (RSA 2048, CN as recorded), generated once per CN and
 * validity. Without dates it is valid for 30 days from now; with `validTo` / `validFrom` it has
 * exactly those bounds (a year long when only one is given), signed by `openssl ca -selfsign`
 * because `openssl req` cannot date a certificate in the past.
 */
export function replayCert(spec: ReplayCertSpec | string = {}): Promise<ReplayCert> {
  const { cn = 'openclaw-gateway', validFrom, validTo, ca } = typeof spec === 'string' ? { cn: spec } : spec;
  const cacheKey = `${cn}\0${validFrom ?? ''}\0${validTo ?? ''}\0${ca?.cert ?? ''}`;
  let cert = certCache.get(cacheKey);
  if (!cert) {
    cert = makeCert(cn, validFrom, validTo, ca);
    certCache.set(cacheKey, cert);
    cert.catch(() => certCache.delete(cacheKey));
  }
  return cert;
}

async function makeCert(cn: string, validFrom: string | undefined, validTo: string | undefined, ca: CaseCa | undefined): Promise<ReplayCert> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clawkit-replay-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const crt = path.join(dir, 'cert.pem');
    const safeCn = cn.replace(/[^A-Za-z0-9.-]/g, '-') || 'replay';
    if (ca) {
      if (validFrom !== undefined || validTo !== undefined) throw new Error('replay certificate: an authority-issued certificate with recorded dates is not supported');
      const csr = path.join(dir, 'req.csr');
      fs.writeFileSync(path.join(dir, 'ca.key'), ca.key, { mode: 0o600 });
      fs.writeFileSync(path.join(dir, 'ca.pem'), ca.cert);
      await openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${safeCn}`]);
      await openssl(['x509', '-req', '-in', csr, '-CA', path.join(dir, 'ca.pem'), '-CAkey', path.join(dir, 'ca.key'), '-CAcreateserial', '-days', '30', '-out', crt]);
    } else if (validFrom === undefined && validTo === undefined) {
      await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '30', '-subj', `/CN=${safeCn}`]);
    } else {
      const from = validFrom ? dateMs(validFrom) : dateMs(validTo!) - 365 * DAY_MS;
      const to = validTo ? dateMs(validTo) : from + 365 * DAY_MS;
      const csr = path.join(dir, 'req.csr');
      await openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${safeCn}`]);
      fs.writeFileSync(path.join(dir, 'index.txt'), '');
      fs.writeFileSync(path.join(dir, 'serial.txt'), '01\n');
      const cnf = path.join(dir, 'ca.cnf');
      fs.writeFileSync(cnf, ['[ca]', 'default_ca = replay', '[replay]', `database = ${path.join(dir, 'index.txt')}`, `new_certs_dir = ${dir}`, `serial = ${path.join(dir, 'serial.txt')}`, 'default_md = sha256', 'policy = any', 'unique_subject = no', '[any]', 'commonName = supplied', ''].join('\n'));
      await openssl(['ca', '-batch', '-config', cnf, '-selfsign', '-keyfile', key, '-in', csr, '-out', crt, '-notext', '-startdate', asn1Time(from), '-enddate', asn1Time(to)]);
    }
    const cert = fs.readFileSync(crt, 'utf8');
    const fingerprint = new crypto.X509Certificate(cert).fingerprint256.replace(/:/g, '').toLowerCase();
    return { key: fs.readFileSync(key, 'utf8'), cert, fingerprint };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A loopback address and port with nobody listening (ECONNREFUSED). A random 127.x.y.z address, not
 * 127.0.0.1: the freed port could otherwise be taken at once by another test's server running
 * concurrently, and the "refused" replay would reach it.
 */
async function deadPort(): Promise<{ host: string; port: number }> {
  const b = () => 1 + Math.floor(Math.random() * 254);
  const host = `127.${b()}.${b()}.${b()}`;
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, host, () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return { host, port };
}

function schemeOf(c: RecordingClient): 'ws' | 'wss' {
  const u = typeof c.options?.url === 'string' ? c.options.url : '';
  return u.startsWith('wss:') ? 'wss' : 'ws';
}

const isTimeout = (s: unknown) => typeof s === 'string' && /timed? ?out|timeout|no HTTP answer|aborted/i.test(s);

export async function startReplay(rec: RecordingClient, opts: { recordedFingerprint?: string; listen?: { host: string; port: number }; trustedCa?: CaseCa } = {}): Promise<Replay> {
  const events = rec.transcript as Ev[];
  const scheme = schemeOf(rec);
  const tcp = events.find((e) => e.kind === 'tcp');
  if (tcp && tcp.ok === false) {
    // Nothing listened (ECONNREFUSED); other TCP failures cannot happen on loopback.
    const { host, port } = opts.listen ?? (await deadPort());
    return { url: `${scheme}://${host}:${port}`, close: async () => undefined };
  }
  const tlsEv = events.find((e) => e.kind === 'tls');
  if (rec.server.tls && tlsEv?.ok === false) return resettingPeer(scheme, opts.listen, /ECONNRESET|hang up/i.test(String(tlsEv.error ?? '')));
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const ca = tlsEv?.authorized === true ? opts.trustedCa : undefined;
  const cert = rec.server.tls ? await replayCert({ cn: str(tlsEv?.subject) ?? 'openclaw-gateway', validFrom: str(tlsEv?.validFrom), validTo: str(tlsEv?.validTo), ...(ca ? { ca } : {}) }) : undefined;
  const sockets = new Set<Duplex>();
  const httpEvents = new Map<string, Ev>();
  for (const e of events) if (e.kind === 'http' && typeof e.path === 'string' && !httpEvents.has(e.path)) httpEvents.set(e.path, e);

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const p = (req.url ?? '/').split('?')[0]!;
    const e = httpEvents.get(p);
    if (!e) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    if (typeof e.status !== 'number') {
      if (isTimeout(e.error)) return; // never answer
      req.socket.destroy();
      return;
    }
    const body = typeof e.body === 'string' ? e.body : '';
    res.writeHead(e.status, { ...(typeof e.contentType === 'string' ? { 'content-type': e.contentType } : {}), 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const server: http.Server = cert ? https.createServer({ key: cert.key, cert: cert.cert }, onRequest) : http.createServer(onRequest);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // What Node's own default does, and so a real gateway: a request it cannot parse (a TLS
  // ClientHello on a plain port) gets a 400, which the client's TLS layer reads as a wrong version.
  server.on('clientError', (_e, s) => {
    if (s.writable) s.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else s.destroy();
  });
  server.on('tlsClientError', () => undefined);
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const up = events.find((e) => e.kind === 'upgrade');
    if (!up) {
      // The recording has no upgrade answer: a reset or a silence, as the probe saw it.
      const err = events.find((e) => e.kind === 'error' && e.stage === 'upgrade');
      if (err && isTimeout(err.message)) return;
      socket.destroy();
      return;
    }
    const status = Number(up.status);
    if (status !== 101) {
      const body = typeof up.body === 'string' ? up.body : '';
      const headers = (up.headers ?? {}) as Record<string, string>;
      const lines = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Status'}`];
      if (headers['content-type']) lines.push(`Content-Type: ${headers['content-type']}`);
      lines.push(`Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', '');
      socket.end(lines.join('\r\n') + body);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => void play(ws, events.slice(events.indexOf(up) + 1)));
  });

  // A rule case asks for the port its user saw (18789…) on a fresh 127.x address, so the probe's
  // target facts (port, loopback) are the case's, not an ephemeral port's.
  const host = opts.listen?.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listen?.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `${scheme}://${host}:${port}`,
    ...(cert ? { fingerprint: cert.fingerprint } : {}),
    ...(opts.recordedFingerprint ? { recordedFingerprint: opts.recordedFingerprint } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        for (const s of sockets) s.destroy();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

/** A port that accepts the TCP connection, reads the client's first bytes and drops it (a reset, or a plain close) without a TLS answer. */
async function resettingPeer(scheme: 'ws' | 'wss', listen: { host: string; port: number } | undefined, reset: boolean): Promise<Replay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.once('data', () => (reset ? s.resetAndDestroy() : s.destroy()));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = listen?.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen?.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `${scheme}://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Send the recorded server frames in order, waiting for each recorded client frame first. */
async function play(ws: WebSocket, rest: Ev[]): Promise<void> {
  const inbox: string[] = [];
  const waiters: Array<(m: string | undefined) => void> = [];
  let closed = false;
  ws.on('message', (d) => {
    const m = d.toString();
    const w = waiters.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  ws.on('close', () => {
    closed = true;
    for (const w of waiters.splice(0)) w(undefined);
  });
  ws.on('error', () => undefined);
  const next = () => (inbox.length ? Promise.resolve(inbox.shift()) : closed ? Promise.resolve(undefined) : new Promise<string | undefined>((r) => waiters.push(r)));
  let reqId: string | undefined;
  for (const e of rest) {
    if (closed) return;
    if (e.kind === 'send') {
      const m = await next();
      if (m === undefined) return;
      try {
        const j = JSON.parse(m) as { id?: unknown };
        if (typeof j.id === 'string') reqId = j.id;
      } catch {
        /* not JSON */
      }
    } else if (e.kind === 'recv') {
      if (typeof e.delayMs === 'number' && e.delayMs > 0) {
        await new Promise((r) => setTimeout(r, e.delayMs as number));
        if (closed) return;
      }
      if (e.frame !== undefined) {
        let f = e.frame;
        if (f && typeof f === 'object' && !Array.isArray(f) && (f as Record<string, unknown>).type === 'res' && reqId) f = { ...(f as object), id: reqId };
        ws.send(JSON.stringify(f));
      } else if (typeof e.text === 'string') ws.send(e.text);
      else if (typeof e.binary === 'number') ws.send(Buffer.alloc(e.binary), { binary: true });
    } else if (e.kind === 'close') {
      const code = Number(e.code);
      const reason = typeof e.reason === 'string' ? e.reason : '';
      if (code === 1006 || code === 1015) ws.terminate();
      else if (code === 1005) ws.close();
      else ws.close(code, Buffer.byteLength(reason) > 123 ? Buffer.from(reason).subarray(0, 123).toString() : reason);
      return;
    } else if (e.kind === 'error' && /ECONNRESET|socket hang up/i.test(`${String(e.code)} ${String(e.message)}`)) {
      ws.terminate();
      return;
    }
  }
  // Nothing more recorded: a connected probe closes by itself; a timed-out one hears nothing more.
}
