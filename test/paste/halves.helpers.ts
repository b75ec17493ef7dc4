// Shared by halves.test.ts and halves.sweep.test.ts: the kinds of line, the files made of them, and
// one scan vs two halves of a file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorMatchers, readPasteFile, type ReadPasteOptions, type ReadStats } from '../../src/collectors/paste/read.js';
import type { ScanMatcher } from '../../src/collectors/paste/scanner.js';
import { loadBuiltinRules } from '../../src/rules/load.js';

let matchers: Promise<ScanMatcher[]> | undefined;
/** The built-in rules' anchors, derived once per worker. */
export const builtinMatchers = (): Promise<ScanMatcher[]> => (matchers ??= loadBuiltinRules().then((r) => anchorMatchers(r)));
const dir = mkdtempSync(join(tmpdir(), 'ckd-halves-'));

/** One line of each kind the scanner treats differently. */
export const KINDS: Record<string, string> = {
  filler: '2026-03-04T08:00:00.000Z [gateway] heartbeat ok agents=3 queue=0',
  anchor: '2026-03-04T08:00:01.000Z [ws] closed before connect conn=ab12 remote=172.18.0.1 code=1008 reason=pairing required',
  anchorJson: JSON.stringify({ 0: '{"subsystem":"gateway/ws"}', 1: 'closed before connect conn=7 remote=203.0.113.9 code=1008 reason=device identity required', time: 't' }),
  extraVersion: 'OpenClaw 2026.3.13 (61d171a)', // a reader extra: kept without context
  extraRequest: 'requestId=84e47b07 accepted',
  json: JSON.stringify({ 0: '{"subsystem":"cron"}', 1: 'job tick name=digest', time: 't' }),
  empty: '',
  crlf: '2026-03-04T08:00:02.000Z [telegram] polling cycle ok\r',
  // A lone CR ends a line (line-ends.ts): a redrawn progress line, and one ending in CR before the LF.
  progress: 'update 10%\rupdate 90%\r2026-03-04T08:00:03.000Z [ws] closed before connect code=1008 reason=pairing required',
  crThenCrlf: 'spinner \u280b\r\r',
  ansi: '\u001b[31mgateway token mismatch\u001b[0m',
  escaped: 'config error: Unrecognized key: \\"sneaky\\" in gateway',
  multibyte: '日本語 🦞 naïve gateway ß pairing',
  long: `${'x'.repeat(150)} unauthorized: gateway token mismatch ${'é'.repeat(60)}`, // over maxLineLength (200 below)
  longPlain: 'y'.repeat(450),
};

export function write(name: string, lines: string[], trailingNewline = true): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + (trailingNewline ? '\n' : ''));
  return file;
}

/** Line starts of a file (byte offsets), the first excluded. */
export function lineStarts(lines: string[]): number[] {
  const out: number[] = [];
  let off = 0;
  for (const l of lines.slice(0, -1)) {
    off += Buffer.byteLength(l) + 1;
    out.push(off);
  }
  return out;
}

export const base = (window: number): Omit<ReadPasteOptions, 'source' | 'file'> => ({
  anchors: builtinMatchers,
  keepAllBytes: 32,
  contextLines: window,
  maxLineLength: 200,
  fileChunk: 64,
});

export async function whole(file: string, window: number, more: Partial<ReadPasteOptions> = {}) {
  return readPasteFile(file, { ...base(window), ...more, halves: false });
}

export async function halves(file: string, window: number, at: number, more: Partial<ReadPasteOptions> = {}) {
  const stats: ReadStats = {};
  const facts = await readPasteFile(file, { ...base(window), ...more, halves: { minBytes: 0, at, inProcess: true }, stats });
  return { facts, stats };
}
