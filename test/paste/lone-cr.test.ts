// A lone carriage return ends a line (audit23 F18; src/collectors/paste/line-ends.ts): old Mac line
// ends and `\r`-redrawn progress lines are lines, CRLF stays one break — the same line numbers for a
// small paste kept whole, a large log scanned for anchors, any chunking, and --follow.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loneCrFilter } from '../../src/collectors/paste/line-ends.js';
import { pasteFromString, readPaste, readPasteFile } from '../../src/collectors/paste/read.js';
import { followStream } from '../../src/collectors/paste/follow.js';
import { runInProcess } from '../cli/run.js';
import { tempDir } from '../fixer/helpers.js';
import { base, KINDS } from './halves.helpers.js';

const texts = (p: { kept: Array<{ line: number; text: string }> }) => p.kept.map((k) => [k.line, k.text]);

describe('a lone CR is a line break', () => {
  it('the filter: lone CR → LF, CRLF kept, a CR ending a chunk and an LF starting the next are one break; the input is not written', () => {
    const f = loneCrFilter();
    const a = Buffer.from('a\rb\r\nc\r');
    const outs = [f(a), f(Buffer.from('\nd\r')), f(Buffer.from('e'))].map((b) => b.toString('latin1'));
    expect(outs).toEqual(['a\nb\r\nc\n', 'd\n', 'e']);
    expect(a.toString('latin1')).toBe('a\rb\r\nc\r');
    const plain = Buffer.from('x\r\ny\n');
    expect(loneCrFilter()(plain)).toBe(plain); // nothing to change: no copy
  });

  it('in place (a reader\'s own buffer): the same bytes as the copying filter at every cut, written where they are', () => {
    const bytes = Buffer.from('one\rtwo\r\nthree\r\r\nfour\n\rfive\r');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const [copying, inPlace] = [loneCrFilter(), loneCrFilter()];
      const pieces = [bytes.subarray(0, cut), bytes.subarray(cut)];
      const want = Buffer.concat(pieces.map((p) => copying(p)));
      const owned = pieces.map((p) => {
        const o = Buffer.allocUnsafeSlow(p.length); // its own ArrayBuffer (a copy would come from the pool)
        p.copy(o);
        return o;
      });
      const outs = owned.map((p) => inPlace(p, true));
      expect(Buffer.concat(outs).toString('latin1'), `cut at ${cut}`).toBe(want.toString('latin1'));
      outs.forEach((o, i) => expect(o.buffer, `cut at ${cut}`).toBe(owned[i]!.buffer)); // no copy
    }
    expect(bytes.toString('latin1')).toBe('one\rtwo\r\nthree\r\r\nfour\n\rfive\r'); // the copying filter wrote nothing
  });

  it('a small paste: each \\r-separated part is its own line; CRLF and a trailing CR end one line', async () => {
    const p = await pasteFromString('⠋ connecting 10%\r⠙ connecting 55%\r✖ unauthorized: gateway token mismatch\r\nnext line\nlast\r');
    expect(p.lines).toBe(5);
    expect(texts(p)).toEqual([
      [1, '⠋ connecting 10%'],
      [2, '⠙ connecting 55%'],
      [3, '✖ unauthorized: gateway token mismatch'],
      [4, 'next line'],
      [5, 'last'],
    ]);
  });

  it('the same lines however the input is cut into chunks (a CRLF or a CR split across two)', async () => {
    const text = 'one\rtwo\r\nthree\r\r\nfour\n\rfive\r';
    const expected = texts(await pasteFromString(text));
    expect(expected.map(([, t]) => t)).toEqual(['one', 'two', 'three', 'four', 'five']);
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = await readPaste(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), { source: 'stdin' });
      expect(texts(p!), `cut at ${cut}`).toEqual(expected);
    }
  });

  it('a large log scanned for anchors numbers its lines as a small paste does, at every file chunk size', async () => {
    const lines = [KINDS.filler!, `${KINDS.filler!}\r${KINDS.anchor!}`, KINDS.filler!, `progress 1%\rprogress 99%\r${KINDS.anchor!}\r\n${KINDS.filler!}`];
    const file = join(tempDir('ckd-lone-cr-'), 'mac.log');
    writeFileSync(file, lines.join('\r'));
    const small = await pasteFromString(lines.join('\r'));
    const anchorLines = small.kept.filter((k) => k.text === KINDS.anchor).map((k) => k.line);
    expect(anchorLines).toEqual([3, 7]);
    for (const fileChunk of [1, 2, 3, 7, 64, 4096]) {
      const large = await readPasteFile(file, { ...base(0), fileChunk });
      expect(large.lines, `chunk ${fileChunk}`).toBe(small.lines);
      expect(large.kept.filter((k) => k.text === KINDS.anchor).map((k) => k.line), `chunk ${fileChunk}`).toEqual(anchorLines);
    }
  });

  it('--follow splits the same way', async () => {
    const got: string[] = [];
    const totals = await followStream(Readable.from([Buffer.from('a 10%\ra 90%\r'), Buffer.from('\nb\rc\r\n')]), (b) => void (got.length = 0, got.push(...b.text.split('\n'))));
    expect(totals.lines).toBe(4);
    expect(got).toEqual(['a 10%', 'a 90%', 'b', 'c']);
  });

  it('--follow: a CR ending a chunk after a line over the limit still ends that line (review24d F18)', async () => {
    const got: string[] = [];
    const long = 'y'.repeat(64 * 1024 + 10);
    const totals = await followStream(Readable.from([Buffer.from(`${long}\r`), Buffer.from('next\n')]), (b) => void (got.length = 0, got.push(...b.text.split('\n'))));
    expect(totals.lines).toBe(2);
    expect(totals.cut.count).toBe(1);
    expect(got).toEqual([long.slice(0, 64 * 1024), 'next']);
    // A CRLF split the same way is one break.
    const crlf = await followStream(Readable.from([Buffer.from(`${long}\r`), Buffer.from('\nnext\n')]), () => undefined);
    expect(crlf.lines).toBe(2);
  });

  it('--follow: a CR pending when the input goes quiet ends its line then; an LF after it is its CRLF (review24d a)', async () => {
    const s = new PassThrough();
    const batches: string[][] = [];
    let first!: () => void;
    const firstBatch = new Promise<void>((r) => (first = r));
    const done = followStream(s, (b) => void (batches.push(b.text.split('\n')), first()), { quietMs: 20 });
    s.write('⠙ connecting 55%\r✖ unauthorized: gateway token mismatch\r');
    await firstBatch; // only the quiet timer hands a batch on: the input has not ended
    expect(batches[0]).toEqual(['⠙ connecting 55%', '✖ unauthorized: gateway token mismatch']);
    s.end('\nnext\n');
    const totals = await done;
    expect(totals.lines).toBe(3);
    expect(batches.at(-1)).toEqual(['⠙ connecting 55%', '✖ unauthorized: gateway token mismatch', 'next']);
  });

  it('an old-Mac log (CR only) is read line by line: an error past the 64 KiB line limit is found, small and large', async () => {
    const dir = tempDir('ckd-lone-cr-cli-');
    const filler = Array.from({ length: 2000 }, (_, i) => `2026-12-01T10:00:00.000Z [gateway] heartbeat ok seq=${i} ${'x'.repeat(40)}`);
    const error = '2026-12-01T10:01:00.000Z [ws] gateway closed (1008): pairing required';
    for (const [name, n] of [['small.log', 1], ['large.log', 20]] as const) {
      const file = join(dir, name);
      writeFileSync(file, `${Array<string[]>(n).fill(filler).flat().join('\r')}\r${error}\r`);
      const r = await runInProcess(['--no-probe', '--no-env', '--log', file, '--json']);
      const doc = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; evidence?: Array<{ line?: number; text?: string }> }>; };
      const f = doc.findings.find((x) => x.ruleId === 'pairing/cli-pairing-required');
      expect(f?.evidence?.[0], name).toMatchObject({ line: 2000 * n + 1, text: error });
    }
  });
});
