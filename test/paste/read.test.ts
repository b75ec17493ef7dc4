import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { canReadFd, pasteFromString, readPaste, readPasteFd, readPasteFile, sniffGb18030, sniffUtf16, toScanMatchers, BinaryInputError } from '../../src/collectors/paste/read.js';
import { execFileSync, spawn } from 'node:child_process';
import { deriveAnchors } from '../../src/shared/regex/anchors.js';
import { matcherCover } from '../../src/shared/regex/cover.js';
import type { PasteMatcher } from '../../src/types.js';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Scan matchers that keep lines matching any of `regexes`, without context lines. */
function keepOnly(regexes: string[]) {
  const extra: PasteMatcher[] = regexes.map((regex) => ({ regex }));
  return toScanMatchers(deriveAnchors([], extra, { cover: matcherCover }).anchors);
}

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

  // audit23 F1: the BOM was trusted blindly, the UTF-8 after it became Han mojibake, and "no problem".
  it('a UTF-16LE BOM before UTF-8 text (a paste tool): the text is read as UTF-8', async () => {
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('disconnected (1008): pairing required\n')]);
    const p = await readPaste(Readable.from([buf]), { source: 'stdin' });
    expect(p!.kept.map((l) => l.text)).toEqual(['disconnected (1008): pairing required']);
  });

  it('UTF-8 lines appended to a UTF-16LE log (PowerShell 5 `>`, then bash `>>`): both parts read, at any chunk split after the BOM', async () => {
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('PS> openclaw gateway status\r\n网关\r\n', 'utf16le'), Buffer.from('disconnected (1008): pairing required — 网关\n')]);
    for (let at = 2; at < buf.length; at += 5) {
      const p = await readPaste(Readable.from([buf.subarray(0, at), buf.subarray(at)]), { source: 'stdin' });
      expect(p!.kept.map((l) => l.text)).toEqual(['PS> openclaw gateway status', '网关', 'disconnected (1008): pairing required — 网关']);
    }
  });

  it('UTF-16LE Han text is not taken for appended UTF-8 (上 is 0a 4e; 0a 00 is the line break)', async () => {
    const text = '上线\r\n网关上\r\ndisconnected (1008): pairing required\r\n';
    const p = await readPaste(Readable.from([Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])]), { source: 'stdin' });
    expect(p!.kept.map((l) => l.text)).toEqual(['上线', '网关上', 'disconnected (1008): pairing required']);
  });

  it('decodes UTF-16BE logs with a BOM, a character split across chunks included', async () => {
    const text = 'disconnected (1008): pairing required — 网关\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
    const buf = Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    // split at an odd offset: half a code unit in each chunk
    const p = await readPaste(Readable.from([buf.subarray(0, 7), buf.subarray(7)]), { source: 'stdin' });
    expect(p!.kept[0]!.text).toBe('disconnected (1008): pairing required — 网关');
  });

  it('decodes UTF-16 without a BOM, LE and BE, from the NULs of mostly-ASCII text', async () => {
    const text = 'gateway closed (1008): pairing required — 网关\r\nsecond line\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le);
    be.swap16();
    for (const [name, buf] of [['LE', le], ['BE', be]] as const) {
      expect(sniffUtf16(buf), name).toBe(name.toLowerCase());
      // A chunk boundary inside a code unit, as a pipe may deliver it.
      const p = await readPaste(Readable.from([buf.subarray(0, 9), buf.subarray(9)]), { source: 'stdin' });
      expect(p!.kept.map((l) => l.text), name).toEqual(['gateway closed (1008): pairing required — 网关', 'second line']);
    }
    // UTF-8 text, and binary with NULs in no such alternation, are not UTF-16.
    expect(sniffUtf16(Buffer.from(text, 'utf8'))).toBeNull();
    expect(sniffUtf16(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]))).toBeNull();
  });

  it('decodes a GBK / GB18030 log (a Chinese Windows console redirected to a file), a character split across chunks included', async () => {
    // 网关启动失败：端口被占用 18789 / gateway closed (1008): pairing required, encoded as code page 936.
    const text = '\u7f51\u5173\u542f\u52a8\u5931\u8d25\uff1a\u7aef\u53e3\u88ab\u5360\u7528 18789\r\ngateway closed (1008): pairing required\r\n';
    const gbk = Buffer.from([
      0xcd, 0xf8, 0xb9, 0xd8, 0xc6, 0xf4, 0xb6, 0xaf, 0xca, 0xa7, 0xb0, 0xdc, 0xa3, 0xba, 0xb6, 0xcb, 0xbf, 0xda, 0xb1, 0xbb, 0xd5, 0xbc, 0xd3, 0xc3,
      ...Buffer.from(' 18789\r\ngateway closed (1008): pairing required\r\n'),
    ]);
    expect(new TextDecoder('gb18030').decode(gbk)).toBe(text);
    expect(sniffGb18030(gbk)).toBe(true);
    const p = await readPaste(Readable.from([gbk.subarray(0, 5), gbk.subarray(5)]), { source: 'stdin' });
    expect(p!.kept.map((l) => l.text)).toContain('\u7f51\u5173\u542f\u52a8\u5931\u8d25\uff1a\u7aef\u53e3\u88ab\u5360\u7528 18789');
    expect(p!.closes[0]).toMatchObject({ code: 1008, reason: 'pairing required' });
    // UTF-8 Chinese, ASCII and Latin-1 prose are not GB18030.
    expect(sniffGb18030(Buffer.from(text, 'utf8'))).toBe(false);
    expect(sniffGb18030(Buffer.from('gateway closed (1008): pairing required\n'))).toBe(false);
    expect(sniffGb18030(Buffer.from('caf\u00e9 cr\u00e8me br\u00fbl\u00e9e: la passerelle ne r\u00e9pond pas\n', 'latin1'))).toBe(false);
  });

  it('refuses binary that only looks like UTF-16 by its NULs (16-bit numbers below 256)', async () => {
    const words = Buffer.alloc(512);
    for (let i = 0; i < 256; i++) words.writeUInt16LE(1 + (i % 31), i * 2);
    expect(sniffUtf16(words)).toBe('le');
    await expect(readPaste(Readable.from([words]), { source: 'stdin' })).rejects.toBeInstanceOf(BinaryInputError);
  });

  it('rejects binary input with a clear error', async () => {
    const bin = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00]);
    await expect(readPaste(Readable.from([bin]), { source: 'stdin' })).rejects.toBeInstanceOf(BinaryInputError);
  });

  it('returns undefined when nothing arrives before the first-byte timeout', async () => {
    const never = new Readable({ read() {} });
    // The stream never ends and never sends: only the reader's own first-byte timer can end this.
    const p = await readPaste(never, { source: 'stdin', firstByteTimeoutMs: 100 });
    expect(p).toBeUndefined();
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

  it('keeps only anchor-hit lines past the keep-all threshold, with exact line numbers', async () => {
    const buried = new Map([
      [10, 'gateway closed (1008): pairing required'],
      [150_000, 'disconnected (1008): unauthorized: gateway token mismatch'],
      [299_999, 'origin not allowed (open the Control UI from the gateway host)'],
    ]);
    const matchers = keepOnly(['pairing required', 'token mismatch', 'origin not allowed']);
    const p = await readPaste(Readable.from(bigLog(300_000, buried)), { source: 'file', anchors: () => matchers, keepAllBytes: 1 << 20 });
    expect(p!.lines).toBe(300_000);
    expect(p!.sampled).toBe(true);
    expect(p!.kept.map((k) => k.line)).toEqual([10, 150_000, 299_999]);
    expect(p!.closes.map((c) => c.line)).toEqual([10, 150_000]);
  });

  it('reads a --log FILE the same way (synchronous 1 MB chunks)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-read-'));
    const f = join(dir, 'big.log');
    const chunks: Buffer[] = [];
    for (const c of bigLog(60_000, new Map([[59_999, 'gateway closed (1008): pairing required']]))) chunks.push(c);
    writeFileSync(f, Buffer.concat(chunks));
    const p = await readPasteFile(f, { anchors: () => keepOnly(['pairing required']), keepAllBytes: 1 << 20 });
    expect(p.source).toBe('file');
    expect(p.file).toBe(f);
    expect(p.lines).toBe(60_000);
    expect(p.kept).toEqual([{ line: 59_999, text: 'gateway closed (1008): pairing required' }]);
    const small = join(dir, 'small.log');
    writeFileSync(small, 'a\n\nb');
    const q = await readPasteFile(small, {});
    expect(q.lines).toBe(3);
    expect(q.kept.map((k) => k.text)).toEqual(['a', 'b']);
  });

  it('reads the process stdin itself: a pipe (reused read buffer) and a redirected file give the facts --log FILE gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-fd-'));
    const f = join(dir, 'big.log');
    const chunks: Buffer[] = [];
    for (const c of bigLog(60_000, new Map([[7, 'gateway closed (1008): pairing required'], [59_999, 'gateway closed (1008): pairing required']]))) chunks.push(c);
    writeFileSync(f, Buffer.concat(chunks));
    const opts = { anchors: () => keepOnly(['pairing required']), keepAllBytes: 1 << 20 };
    const { source: _s, file: _f, ...want } = await readPasteFile(f, opts);
    expect(want.kept.map((k) => k.line)).toEqual([7, 59_999]);
    // A FIFO fed by another process: reads of at most a pipe's worth, copied into 512 KB chunks.
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', f, fifo], { stdio: 'ignore' });
    const fd = openSync(fifo, 'r');
    try {
      const viaPipe = await readPasteFd(fd, { source: 'stdin', ...opts });
      expect(viaPipe).toEqual({ source: 'stdin', ...want });
    } finally {
      writer.kill();
    }
    const fileFd = openSync(f, 'r');
    const devNull = openSync('/dev/null', 'r');
    try {
      // A character device (or a terminal) stays with the stream: net cannot open it.
      expect([canReadFd(fileFd), canReadFd(devNull)]).toEqual([true, false]);
      expect(await readPasteFd(fileFd, { source: 'stdin', ...opts })).toEqual({ source: 'stdin', ...want });
    } finally {
      closeSync(fileFd);
      closeSync(devNull);
    }
  });

  it('stdin read itself: nothing written before the first-byte timeout is no paste', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckd-fd-'));
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'exec 3>"$1"; sleep 30', 'sh', fifo], { stdio: 'ignore' });
    const fd = openSync(fifo, 'r');
    try {
      let said = 0;
      expect(await readPasteFd(fd, { source: 'stdin', firstByteTimeoutMs: 200, onFirstByteTimeout: () => said++ })).toBeUndefined();
      // Still open and silent: the caller is told (the report lists it as not examined).
      expect(said).toBe(1);
    } finally {
      writer.kill();
    }
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
    // The lines between were not examined, and the facts say which (the report lists them).
    expect(p!.unkept).toEqual({ count: 990, after: 5, before: 996, max: 10, limit: 'lines', maxBytes: 6 * 1024 * 1024 });
  });

  it('a paste with more lines than it keeps keeps the lines the anchors hit, not only its first and last lines', async () => {
    // Under the 2 MB large-paste threshold, but over maxKept lines: the error in the middle is kept.
    const lines = Array.from({ length: 1000 }, (_, i) => (i === 499 ? 'disconnected (1008): pairing required' : `heartbeat ${i + 1} ok`));
    const anchored = await readPaste(Readable.from([Buffer.from(lines.join('\n'))]), { source: 'stdin', maxKept: 10, contextLines: 0, anchors: () => keepOnly(['pairing required']) });
    expect(anchored!.kept.map((k) => k.line)).toEqual([500]);
    expect(anchored!.closes).toEqual([{ code: 1008, reason: 'pairing required', line: 500 }]);
    expect(anchored!.sampled).toBe(true);
    expect(anchored!.unkept).toBeUndefined();
    // Not more lines than it keeps: everything is kept, the anchors are not asked for.
    const few = await readPaste(Readable.from([Buffer.from(lines.slice(0, 10).join('\n'))]), {
      source: 'stdin',
      maxKept: 10,
      anchors: () => {
        throw new Error('not asked for');
      },
    });
    expect(few!.kept).toHaveLength(10);
    expect(few!.sampled).toBe(false);
    expect(few!.unkept).toBeUndefined();
  });

  it('calls onFirstByteTimeout when the input stays open and silent, not when it ends empty', async () => {
    let said = 0;
    const never = new Readable({ read() {} });
    expect(await readPaste(never, { source: 'stdin', firstByteTimeoutMs: 50, onFirstByteTimeout: () => said++ })).toBeUndefined();
    expect(said).toBe(1);
    expect(await readPaste(Readable.from([]), { source: 'stdin', firstByteTimeoutMs: 50, onFirstByteTimeout: () => said++ })).toBeUndefined();
    expect(said).toBe(1);
  });
});

describe('paste reader: kept lines (first half, then the most recent within a byte budget)', () => {
  it('keeps the head and a contiguous most-recent tail, whatever the line sizes', async () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    let byBytes = 0;
    for (let run = 0; run < 60; run++) {
      const count = 50 + rnd(400);
      const lines = Array.from({ length: count }, (_, i) => `line ${i + 1} ${'é'.repeat(rnd(3) === 0 ? rnd(300) : rnd(20))}`);
      const maxKept = 2 + rnd(60);
      const keptTailBytes = 700 + rnd(3000); // at least one whole line
      // Every other run a head byte budget that may close the head before its line count.
      const keptHeadBytes = run % 2 ? 1 + rnd(4000) : undefined;
      const p = await pasteFromString(lines.join('\n'), { maxKept, keptTailBytes, keptHeadBytes });
      // The head: the longest run of first lines within half of maxKept lines and keptHeadBytes (UTF-8, a break each).
      let half = 0;
      for (let used = 0; half < Math.floor(maxKept / 2); half++) {
        used += Buffer.byteLength(lines[half]!) + 1;
        if (keptHeadBytes !== undefined && used > keptHeadBytes) break;
      }
      const got = p.kept.map((k) => k.text);
      expect(got.length).toBeLessThanOrEqual(maxKept);
      expect(got.slice(0, half)).toEqual(lines.slice(0, half));
      const tail = got.slice(half);
      // The tail is the last `tail.length` lines, in order, with their line numbers.
      expect(tail).toEqual(lines.slice(count - tail.length));
      expect(p.kept.slice(half).map((k) => k.line)).toEqual(tail.map((_, i) => count - tail.length + i + 1));
      expect(tail.length).toBeGreaterThan(0);
      expect(p.sampled).toBe(got.length < count);
      // Lines neither part holds are reported, with the cap the kept lines reached.
      if (got.length < count) {
        expect(p.unkept).toMatchObject({ count: count - got.length, after: half, before: count - tail.length + 1, max: maxKept, limit: got.length >= maxKept ? 'lines' : 'bytes' });
        if (p.unkept!.limit === 'bytes') byBytes++;
      } else expect(p.unkept).toBeUndefined();
    }
    expect(byBytes).toBeGreaterThan(5);
  });

  it('caps the head by bytes: later lines go to the tail, and only lines neither holds are not kept', async () => {
    // 40 lines of 100 bytes (99 + the break): the head takes 3 (300 <= 350), the tail the last 5 (500 bytes).
    const lines = Array.from({ length: 40 }, (_, i) => `pairing required #${String(i + 1).padStart(2, '0')} `.padEnd(99, '.'));
    const p = await pasteFromString(lines.join('\n'), { keptHeadBytes: 350, keptTailBytes: 500 });
    expect(p.kept.map((k) => k.line)).toEqual([1, 2, 3, 36, 37, 38, 39, 40]);
    expect(p.kept.map((k) => k.text)).toEqual([...lines.slice(0, 3), ...lines.slice(35)]);
    expect(p.unkept).toEqual({ count: 32, after: 3, before: 36, max: 20_000, limit: 'bytes', maxBytes: 850 });
    expect(p.sampled).toBe(true);
    // The head's budget alone drops nothing: what it does not take, the tail holds.
    const all = await pasteFromString(lines.join('\n'), { keptHeadBytes: 350 });
    expect(all.kept.map((k) => k.text)).toEqual(lines);
    expect(all.unkept).toBeUndefined();
    expect(all.sampled).toBe(false);
    // A line that does not fit closes the head for good: a shorter one after it goes to the tail.
    const mixed = ['a'.repeat(99), 'b'.repeat(299), 'c', 'd'];
    const m = await pasteFromString(mixed.join('\n'), { keptHeadBytes: 250, keptTailBytes: 4, maxKept: 20 });
    expect(m.kept.map((k) => k.text)).toEqual(['a'.repeat(99), 'c', 'd']);
    expect(m.unkept).toEqual({ count: 1, after: 1, before: 3, max: 20, limit: 'bytes', maxBytes: 254 });
  });

  it('extracts facts from the tail lines it keeps', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => (i === 97 ? 'disconnected (1008): pairing required' : `line ${i}`));
    const p = await pasteFromString(lines.join('\n'), { maxKept: 10 });
    expect(p.closes).toEqual([{ code: 1008, reason: 'pairing required', line: 98 }]);
  });
});
