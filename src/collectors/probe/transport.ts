// The TCP and TLS stages: connect within the stage's budget, then (wss only) a TLS handshake whose
// certificate facts are recorded whatever the verdict.
import net from 'node:net';
import tls from 'node:tls';
import type { ProbeFacts, ProbeOutcome } from '../../types.js';
import { classifyTlsError } from './classify.js';
import { errCode, errMsg } from './clock.js';
import type { ResolvedTarget } from './target.js';

export function tcpConnect(host: string, port: number, ms: number): Promise<{ socket?: net.Socket; error?: { code?: string; message: string } }> {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve({ error: { code: 'ETIMEDOUT', message: 'no time left' } });
    const s = net.connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ error: { code: 'ETIMEDOUT', message: `no answer within ${Math.round(ms)} ms` } });
    }, ms);
    s.once('connect', () => {
      clearTimeout(timer);
      s.removeAllListeners('error');
      s.on('error', () => undefined);
      resolve({ socket: s });
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      s.destroy();
      resolve({ error: { code: errCode(e), message: errMsg(e) } });
    });
  });
}

export interface TlsResult {
  facts: NonNullable<ProbeFacts['tls']> & { subject?: string; issuer?: string; validTo?: string; pinned?: boolean; pinMatch?: boolean; code?: string; /** The gateway's own cert file the pin came from. */ pinSource?: string };
  failOutcome?: ProbeOutcome;
  error?: string;
  detail?: string;
}

export function tlsCheck(sock: net.Socket, target: ResolvedTarget, servername: string | undefined, ms: number): Promise<TlsResult> {
  return new Promise((resolve) => {
    const ts = tls.connect({ socket: sock, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'], ...(servername ? { servername } : {}) });
    let done = false;
    const end = (r: TlsResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ts.destroy();
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => end({ facts: { error: 'TLS handshake timed out' }, failOutcome: 'tls-timeout', error: `no TLS handshake within ${Math.round(ms)} ms` }),
      Math.max(1, ms),
    );
    ts.once('secureConnect', () => {
      const cert = ts.getPeerCertificate();
      const fp = cert?.fingerprint256 ? cert.fingerprint256.replace(/:/g, '').toLowerCase() : undefined;
      const f: TlsResult['facts'] = { authorized: ts.authorized };
      if (fp) f.fingerprint = fp;
      if (cert?.subject?.CN) f.subject = String(cert.subject.CN);
      if (cert?.issuer?.CN) f.issuer = String(cert.issuer.CN);
      if (cert?.valid_to) f.validTo = cert.valid_to;
      let code = ts.authorized ? undefined : String(ts.authorizationError ?? 'UNKNOWN');
      if (!code && servername && cert && Object.keys(cert).length) {
        const idErr = tls.checkServerIdentity(servername, cert);
        if (idErr) code = 'ERR_TLS_CERT_ALTNAME_INVALID';
      }
      if (target.tlsFingerprint) {
        f.pinned = true;
        f.pinMatch = fp === target.tlsFingerprint;
        if (target.ownCertPath) f.pinSource = target.ownCertPath;
        if (!f.pinMatch) {
          f.error = target.ownCertPath
            ? `certificate fingerprint does not match the gateway's own certificate file ${target.ownCertPath}`
            : 'certificate fingerprint does not match gateway.remote.tlsFingerprint';
          return end({ facts: f, failOutcome: 'tls-fingerprint-mismatch', error: f.error });
        }
        // A matching pin is trusted whatever the CA says.
        return end({ facts: f, detail: target.ownCertPath ? "certificate is the gateway's own (as OpenClaw's local CLI trusts it)" : 'certificate matches the pinned fingerprint' });
      }
      if (code) {
        f.code = code;
        f.error = code;
        return end({ facts: f, failOutcome: classifyTlsError(code), error: `certificate not trusted: ${code}` });
      }
      end({ facts: f, detail: `${ts.getProtocol() ?? 'TLS'} ${f.subject ? `CN=${f.subject}` : ''}`.trim() });
    });
    ts.once('error', (e) => {
      const code = errCode(e);
      end({ facts: { error: `${code ?? ''} ${errMsg(e)}`.trim() }, failOutcome: classifyTlsError(code, errMsg(e)), error: errMsg(e) });
    });
    ts.once('close', () => end({ facts: { error: 'connection closed during TLS handshake' }, failOutcome: 'tls-handshake-failed', error: 'connection closed during TLS handshake' }));
  });
}
