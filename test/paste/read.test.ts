import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildPrefilter, pasteFromString, readPaste, BinaryInputError } from '../../src/collectors/paste/read.js';

describe('paste reader: normalisation', () => {
  it('strips ANSI, accepts CRLF and splits the literal \\n OpenClaw prints', async () => {
    const p = await pasteFromString('\u001b[31mgateway closed (1008): pairing required\u001b[0m\r\nInvalid config at /root/.openclaw/openclaw.json:\\n- gateway.auth: Invalid input: expected object, received string\r\n');
    expect(p.lines).toBe(2);
    expect(p.kept.map((k) => k.text)).toEqual([
      'gateway closed (1008): pairing required',
      'Invalid config at /root/.openclaw/openclaw.json:',
      '- gateway.auth: Invalid input: expected object, received string',
    ]);
    expect(p.kept[2]!.line).toBe(2);
    expect(p.closes[0]).toEqual({ code: 1008, reason: 'pairing required', line: 1 });
  });

  it('flattens gateway JSON log lines to key=value text', async () => {
    const line = JSON.stringify({ 0: '{"subsystem":"gateway/ws"}', 1: 'closed before connect conn=abc remote=172.18.0.1 code=1008 reason=device identity required', _meta: { logLevelName: 'WARN' } });
    const p = await pasteFromString(line + '\n{"cause":"device-required","handshake":"failed","code":1008,"reason":"device identity required"}');
    expect(p.kept[0]!.text).toContain('subsystem=gateway/ws closed before connect');
    expect(p.kept.some((k) => k.text === 'cause=device-required handshake=failed code=1008 reason=device identity required')).toBe(true);
    expect(p.codes.map((c) => c.code)).toContain('device-required');
    expect(p.closes.some((c) => c.code === 1008 && c.reason === 'device identity required')).toBe(true);
  });

  it('extracts error codes, request ids, versions, URLs and container hints with line numbers', async () => {
    const p = await pasteFromString(
      [
        '🦞 OpenClaw 2026.3.13 (61d171a) — tagline',
        '{"code":"NOT_PAIRED","message":"pairing required","details":{"code":"PAIRING_REQUIRED","requestId":"84e47b07-9c1a-4a57-b7a2-0f6a3a4b5c6d"}}',
        'open http://192.168.1.100:18789/ or https://box.tail1234.ts.net',
        'openclaw-gateway  | [ws] unauthorized conn=1 remote=172.18.0.1 reason=token_mismatch',
      ].join('\n'),
    );
    expect(p.versions[0]).toMatchObject({ version: '2026.3.13', line: 1 });
    expect(p.codes.map((c) => c.code)).toEqual(expect.arrayContaining(['NOT_PAIRED', 'PAIRING_REQUIRED', 'token_mismatch']));
    expect(p.requestIds[0]).toEqual({ id: '84e47b07-9c1a-4a57-b7a2-0f6a3a4b5c6d', line: 2 });
    expect(p.urls[0]).toMatchObject({ host: '192.168.1.100', port: 18789, hostKind: 'private', secureContext: false, line: 3 });
    expect(p.urls[1]).toMatchObject({ host: 'box.tail1234.ts.net', hostKind: 'tailnet', secureContext: true });
    expect(p.containerHints.map((h) => h.hint)).toEqual(expect.arrayContaining(['compose-prefix', 'docker-bridge-ip']));
  });

  it('reads version spellings reporters use', async () => {
    const p = await pasteFromString('openclaw@2026.2.22-1 installed\nversion: v2026.3.2\n');
    expect(p.versions.map((v) => v.version)).toEqual(['2026.2.22-1', '2026.3.2']);
  });

  it('decodes UTF-16LE logs with a BOM (PowerShell redirection)', async () => {
    const text = 'disconnected (1008): pairing required\r\n';
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const p = await readPaste(Readable.from([buf]), { source: 'stdin' });
    expect(p!.kept[0]!.text).toBe('disconnected (1008): pairing required');
  });

  it('rejects binary input with a clear error', async () => {
    const bin = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00]);
    await expect(readPaste(Readable.from([bin]), { source: 'stdin' })).rejects.toBeInstanceOf(BinaryInputError);
  });

  it('returns undefined when nothing arrives before the first-byte timeout', async () => {
    const never = new Readable({ read() {} });
    const t0 = Date.now();
    const p = await readPaste(never, { source: 'stdin', firstByteTimeoutMs: 100 });
    expect(p).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('paste reader: bounded memory on huge input', () => {
  function* bigLog(lines: number, buried: Map<number, string>) {
    const filler = '2026-03-04T16:29:35.301Z [gateway] heartbeat ok agents=3 queue=0 '.padEnd(120, '.') + '\n';
    let chunk = '';
    for (let i = 1; i <= lines; i++) {
      chunk += buried.get(i) ? buried.get(i) + '\n' : filler;
      if (chunk.length > 1 << 16) {
        yield Buffer.from(chunk);
        chunk = '';
      }
    }
    if (chunk) yield Buffer.from(chunk);
  }

  it('keeps only prefiltered lines past the keep-all threshold, with exact line numbers', async () => {
    const buried = new Map([
      [10, 'gateway closed (1008): pairing required'],
      [150_000, 'disconnected (1008): unauthorized: gateway token mismatch'],
      [299_999, 'origin not allowed (open the Control UI from the gateway host)'],
    ]);
    const prefilter = buildPrefilter(['pairing required', 'token mismatch', 'origin not allowed'])!;
    const p = await readPaste(Readable.from(bigLog(300_000, buried)), { source: 'file', prefilter, keepAllBytes: 1 << 20 });
    expect(p!.lines).toBe(300_000);
    expect(p!.sampled).toBe(true);
    expect(p!.kept.map((k) => k.line)).toEqual([10, 150_000, 299_999]);
    expect(p!.closes.map((c) => c.line)).toEqual([10, 150_000]);
  });

  it('caps an endless line without a newline', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024) + '\npairing required\n';
    const p = await readPaste(Readable.from([Buffer.from(huge)]), { source: 'stdin', maxLineLength: 4096 });
    expect(p!.kept[0]!.text.length).toBeLessThanOrEqual(4096);
    expect(p!.kept[1]).toEqual({ line: 2, text: 'pairing required' });
  });

  it('caps the number of kept lines (first and most recent halves)', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `pairing required #${i + 1}`).join('\n');
    const p = await readPaste(Readable.from([Buffer.from(lines)]), { source: 'stdin', maxKept: 10 });
    expect(p!.kept.map((k) => k.line)).toEqual([1, 2, 3, 4, 5, 996, 997, 998, 999, 1000]);
    expect(p!.sampled).toBe(true);
  });
});
