// line26 (#9/#13): a quoted paste line's start is taken as a wrapped secret's next piece only when some secret on
// the line before could make it one (`mayWrap`); otherwise the line before is not masked at all (it was half of
// a long paste's redaction). These tests pin that `mayWrap` never says "no" where `wrapPiece` could say "yes",
// and count the skipped work (CPU-independent: calls, not time).
import { describe, expect, it, vi } from 'vitest';
import { mayWrap, Redactor, wrapPiece } from '../src/shared/redact.js';

// Every shape wrapPiece tells apart, pieces and tokens before them alike.
const PIECES = [
  'gateway', 'unauthorized', 'Verbindung', 'deutschland', 'strftime', 'wpqzrtmkvyxq', 'QWRTZPLKMNBV', 'BWftmhQ', 'ZXJrbDlok',
  'aBcDeFgHiJkLmN', 'MyOAuthToken', 'Content-Type', 'vfsRDO-I', 'E-bwRTrg', 'ZxqU_ZaGAVrb', 'x_y', 'added', 'face', 'deadbeef',
  'DEADBEEF', 'cafe1234', '3f2a9c1', '0123456789abcdef', '1008', '404', '20261207', '2026-12-07T08', 'abc123', 'k8s', 'v2.1.3',
  'Zk4qP9wL2mX7vB3nR8tY5jH6', 'null', 'x', 'xx', 'mismatch', '550e8400-e29b-41d4-a716-446655440000', 'req_7f3a9c2e', 'a', 'Q',
  'g', 'zz9', '9zz', '=', '%2F', 'abc~def',
];
const BEFORES = [
  '', 'Bearer', 'gateway', 'GATEWAY', 'Zk4qP9wL2mX7vB3nR8tY5jH6', 'zk4qp9wl2mx7vb3nr8ty5jh6', 'ZK4QP9WL2MX7VB3NR8TY5JH6',
  'aBcDeF', 'AbCdEfGhIj', '12345678', 'abc-DEF_ghi',
  // hex tokens of every length 1..130: wrapPiece's hex branch reads the sum of the two lengths
  ...Array.from({ length: 130 }, (_, n) => '0123456789abcdef'.repeat(9).slice(0, n + 1)),
  ...Array.from({ length: 130 }, (_, n) => 'ABCDEF0123456789'.repeat(9).slice(0, n + 1)),
];
const AFTERS = ['', ' ', ':', '.', '"', ','];

describe('mayWrap (line26)', () => {
  it('is false only where wrapPiece is false whatever the token before', () => {
    let skipped = 0;
    for (const piece of PIECES)
      for (const after of AFTERS) {
        if (mayWrap(piece, after)) continue;
        skipped++;
        for (const before of BEFORES) expect(wrapPiece(piece, before, after), `${piece} after ${before} then ${JSON.stringify(after)}`).toBe(false);
      }
    // The check has something to check: words, dates, labels and ids are decided by the piece alone.
    expect(skipped).toBeGreaterThan(100);
  });

  it('is true for every piece some token before makes a wrapped piece', () => {
    for (const piece of PIECES) for (const after of AFTERS) if (BEFORES.some((b) => wrapPiece(piece, b, after))) expect(mayWrap(piece, after), piece).toBe(true);
  });

  it('decides plain words and log starts alone, keeps random tails and hex open', () => {
    for (const w of ['gateway', 'unauthorized', 'Verbindung', 'systemctl', 'strftime', 'Content-Type', 'openclaw-gateway']) expect(mayWrap(w, ' '), w).toBe(false);
    expect(mayWrap('2026-12-07T08', ':')).toBe(false);
    expect(mayWrap('step2', ':')).toBe(false);
    for (const w of ['wpqzrtmkvyxq', 'BWftmhQ', 'aBcDeFgHiJkLmN', 'deadbeef', 'face', '1008', 'vfsRDO-I', 'abc123']) expect(mayWrap(w, ' '), w).toBe(true);
  });
});

describe('a quoted line that starts with a word (line26)', () => {
  const prev = '2026-12-07T08:00:00Z [ws] client connect: Authorization: Bearer Zk4qP9wL2mX7vB3nR8tY5jH6';
  const lines = (t: string) => [prev, t];
  // secretAtEnd is private; counted through the prototype (the method the neighbour walk calls for the line before).
  const proto = Redactor.prototype as unknown as { secretAtEnd: (...a: unknown[]) => unknown };

  it('does not mask the line before; a random tail still does, and is masked', () => {
    const spy = vi.spyOn(proto, 'secretAtEnd');
    try {
      const quote = (t: string) => new Redactor().tellLines((n) => lines(t)[n - 1]).redactJson({ source: 'paste', line: 2, text: t }).text;
      expect(quote('gateway closed (1008): connect failed')).toBe('gateway closed (1008): connect failed');
      expect(spy).toHaveBeenCalledTimes(0);
      expect(quote('wpqzrtmkvyxq unauthorized')).toBe('*** unauthorized');
      expect(spy.mock.calls.length).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('a long line (quoted as a window) that starts with a word: same text, no walk of the line before', () => {
    const long = 'gateway ' + 'connect failed: pairing required '.repeat(40) + 'token=Abc123Secret999xyz';
    const spy = vi.spyOn(proto, 'secretAtEnd');
    try {
      const out = new Redactor().tellLines((n) => lines(long)[n - 1]).redactJson({ source: 'paste', line: 2, text: long, at: long.length - 30 }).text;
      expect(out).toContain('token=***');
      expect(out).not.toContain('Abc123Secret999xyz');
      expect(spy).toHaveBeenCalledTimes(0);
    } finally {
      spy.mockRestore();
    }
  });
});
