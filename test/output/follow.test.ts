// --follow on a stream that never ends: every line examined through a bounded window, a signal
// stops it with the lines read so far, and its end event carries what was not examined. The CLI
// process with a live stdin (findings as lines arrive, SIGINT, --max-wait) is
// test/output/follow-live.test.ts, in the slow project.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { followStream, type FollowBatch } from '../../src/collectors/paste/follow.js';
import { Chalk } from 'chalk';
import { endEvent, followExitCode } from '../../src/report/events.js';
import { budgetNote } from '../../src/report/report.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followRuns, schemaValidator } from './helpers.js';
import { MAX_UNDIAGNOSED_BLOCKS, windowLinesOf } from '../../src/commands/follow.js';
import { escapeProperty } from '../../src/report/github.js';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { Redactor } from '../../src/shared/redact.js';
import type { Facts } from '../../src/types.js';

const validateEvent = schemaValidator('schema/events.schema.json', ['schema/report.schema.json']);

/** Resolves once `test` holds (polling); the test's own timeout bounds it. */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 25));
}

describe('the end event of --follow', () => {
  it('the budget note of a window reaches the summary like a normal run\'s', () => {
    const note = budgetNote(3, [4, 9, 12]);
    const end = { interrupted: null, read: { lines: 20, bytes: 400 }, findings: [], failOn: 'error' as const, unexamined: [note] };
    const json = JSON.parse(endEvent(end, 'json', new Chalk({ level: 0 }))) as { unexamined: unknown[]; summary: { exitCode: number } };
    expect(validateEvent(json), JSON.stringify(validateEvent.errors)).toBe(true);
    expect(json.unexamined).toEqual([note]);
    expect(json.summary.exitCode).toBe(1);
    const human = endEvent(end, 'human', new Chalk({ level: 0 }));
    expect(human).toMatch(/⚠ Not fully examined \(paste\): pattern matching stopped at its budget .* lines 4, 9, 12 were not checked/);
    expect(endEvent(end, 'github', new Chalk({ level: 0 }))).toMatch(/^::warning title=Input not fully examined::pattern matching stopped/m);
    expect(followExitCode({ ...end, failOn: 'none' })).toBe(0);
    expect(followExitCode({ ...end, unexamined: [] })).toBe(0);
  });

});

describe('a secret wrapped across a --follow window\'s edge', () => {
  it('the redactor sees the line before the window: the wrapped piece on the window\'s first line is masked', async () => {
    // Windows overlap by half, but a rule that needs a later line first fires in a window whose first line is the
    // piece: its first half has slid out (leak29 Left, "a wrap across two --follow windows").
    const token = '2026-12-07T08:10:00Z [ws] client connect: Authorization: Bearer Zk4qP9wL2mX7vB3nR8tY5jH6';
    const piece = 'Qa9Wd2ExF7cV1bN8 unauthorized: gateway token mismatch';
    const facts = { paste: await pasteFromString([piece, 'heartbeat ok'].join('\n'), { source: 'stdin' }) } as unknown as Facts;
    const quote = (before: string[]) => new Redactor().tellLines(windowLinesOf(facts, 401, before)).redactJson({ source: 'paste', line: 401, text: piece }).text;
    expect(quote(['heartbeat ok', token])).toBe('*** unauthorized: gateway token mismatch');
    // The window alone cannot tell the piece from a word: that is why the lines before it are handed on.
    expect(quote([])).toBe(piece);
    // Line numbers before the kept ones are not invented; the window's own lines are read as before.
    const at = windowLinesOf(facts, 401, ['heartbeat ok', token]);
    expect([at(398, -1), at(399, -1), at(400, -1), at(401, 1), at(402, 1)]).toEqual([undefined, 'heartbeat ok', token, piece, 'heartbeat ok']);
  });
});

describe('followStream', () => {
  it('examines every line of a long stream through a bounded window', async () => {
    const total = 20_000;
    const chunks = function* () {
      for (let i = 1; i <= total; i += 500) yield Array.from({ length: 500 }, (_x, k) => `line ${i + k} ${'x'.repeat((i + k) % 97)}`).join('\n') + '\n';
    };
    const covered = new Uint8Array(total + 1);
    let largest = 0;
    const totals = await followStream(
      Readable.from(chunks()),
      (b: FollowBatch) => {
        const lines = b.text.split('\n');
        largest = Math.max(largest, lines.length);
        lines.forEach((l, k) => {
          expect(l.startsWith(`line ${b.firstLine + k} `)).toBe(true);
          covered[b.firstLine + k] = 1;
        });
        // The two lines that slid out just before the window, in order (none before line 1).
        expect(b.before.map((l) => l.split(' ')[1])).toEqual([b.firstLine - 2, b.firstLine - 1].filter((n) => n >= 1).map(String));
      },
      { windowLines: 100 },
    );
    expect(totals).toMatchObject({ lines: total, ended: true });
    expect(largest).toBeLessThanOrEqual(100);
    expect(covered.subarray(1).every((c) => c === 1)).toBe(true);
  });

  it('examines every line of a burst of long lines, which fills the window by characters long before its line count', async () => {
    // review28a: 16 lines of 62 KB, a two-line error, 22 more: the window (1 MiB) slid past the error before any batch
    // was handed on, and --follow ended with "0 error(s)" where a normal run finds the mismatch.
    const long = (n: number) => `line ${n} ${'a'.repeat(62_000)}`;
    const lines = [...Array.from({ length: 16 }, (_x, i) => long(i + 1)), 'line 17 short', 'line 18 short', ...Array.from({ length: 22 }, (_x, i) => long(i + 19))];
    const text = lines.join('\n') + '\n';
    const chunks = function* () {
      for (let i = 0; i < text.length; i += 65_536) yield text.slice(i, i + 65_536);
    };
    const covered = new Uint8Array(lines.length + 1);
    let largest = 0;
    const totals = await followStream(Readable.from(chunks()), (b: FollowBatch) => {
      largest = Math.max(largest, b.text.length);
      b.text.split('\n').forEach((l, k) => {
        expect(l.startsWith(`line ${b.firstLine + k} `)).toBe(true);
        covered[b.firstLine + k] = 1;
      });
    });
    expect(totals).toMatchObject({ lines: lines.length, ended: true });
    expect([...covered.subarray(1)].map((c, i) => (c ? 0 : i + 1)).filter(Boolean), 'lines never handed on').toEqual([]);
    // Still bounded: the window's characters plus the one line that overflowed it.
    expect(largest).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024 + 1);
  });

  it('stops on the signal with the lines read so far', async () => {
    const stream = new Readable({ read() {} });
    const stop = new AbortController();
    const seen: string[] = [];
    const done = followStream(stream, (b) => void seen.push(b.text), { signal: stop.signal });
    stream.push('one\ntwo\npartial');
    await until(() => seen.length > 0);
    stop.abort();
    expect(await done).toMatchObject({ lines: 3, ended: false });
    expect(seen.at(-1)).toBe('one\ntwo\npartial');
    expect(stream.destroyed).toBe(true);
  });
});

// out31 (issue #12 §7): --follow ran no fallback, so a followed log whose failure no rule knows printed nothing.
describe('--follow is never silent on a failure no rule knows', () => {
  const CLOSE = 'openclaw tui: gateway closed (4999): reason zzz ws://127.0.0.1:18789?token=s3cr3tTokVal9';
  const CHANNEL = '[discord] gateway: WebSocket connection closed with code 4014';
  const HEADLINE = 'This looks like a connection problem, but no rule recognised its cause.';
  const dir = () => mkdtempSync(join(tmpdir(), 'ckd-follow-undiagnosed-'));
  const count = (s: string, what: string) => s.split(what).length - 1;

  it('the undiagnosed block appears once per distinct block, in human, --json (schema-valid) and github', async () => {
    const runs = await followRuns(dir(), 'u.log', 900, { 500: CLOSE, 520: CLOSE, 700: CLOSE, 800: CHANNEL }, [['--follow'], ['--follow', '--json'], ['--follow', '--format', 'github']]);
    const [human, json, github] = runs.map(([, out]) => out) as [string, string, string];
    for (const out of [human, json, github]) expect(out).not.toContain('s3cr3tTokVal9');
    // Lines 500/520 in one pass, 700 + the channel line in a later one: two distinct blocks, not one per window.
    expect(count(human, `▲ ${HEADLINE}`)).toBe(2);
    expect(human).toMatch(/Recognised: client: cli · close: 4999 reason zzz[^\n]*· endpoint: ws:\/\/127\.0\.0\.1:18789, /);
    expect(human).toContain('$ clawkit-doctor --url ws://127.0.0.1:18789');
    expect(human).toMatch(/ℹ Not a gateway problem: a chat channel[^\n]*\(line 800\)\./);
    const events = json.trim().split('\n').map((l) => JSON.parse(l) as { type: string; linesRead?: number; undiagnosed?: { notGateway: Array<{ line: number }>; next: string[] } });
    for (const e of events) expect(validateEvent(e), JSON.stringify(validateEvent.errors)).toBe(true);
    const blocks = events.filter((e) => e.type === 'undiagnosed');
    expect(blocks.map((e) => e.undiagnosed!.notGateway.map((n) => n.line))).toEqual([[], [800]]);
    expect(blocks[0]!.linesRead).toBeGreaterThanOrEqual(500);
    expect(blocks[0]!.undiagnosed!.next).toContain('openclaw gateway status --deep');
    expect(count(github, `::warning title=${escapeProperty(HEADLINE)}::`)).toBe(2);
  });

  it('at most MAX_UNDIAGNOSED_BLOCKS blocks however many distinct failures follow', async () => {
    const lines = Object.fromEntries([1, 2, 3, 4, 5].map((k) => [k * 450, CLOSE.replace('4999', String(4990 + k))]));
    const [[, out]] = (await followRuns(dir(), 'm.log', 2400, lines, [['--follow']])) as [[string, string]];
    expect(count(out, `▲ ${HEADLINE}`)).toBe(MAX_UNDIAGNOSED_BLOCKS);
    expect(out).toContain('close: 4993');
    expect(out).not.toContain('close: 4994');
  });

  // mend31e (review31e): after the cap, later failures were hidden silently.
  it('says once, after the last block, that further failures are not shown and how to read the whole log', async () => {
    const lines = Object.fromEntries([1, 2, 3, 4, 5].map((k) => [k * 450, CLOSE.replace('4999', String(4990 + k))]));
    const runs = await followRuns(dir(), 'cap.log', 2400, lines, [['--follow'], ['--follow', '--json'], ['--follow', '--format', 'github']]);
    const [human, json, github] = runs.map(([, out]) => out) as [string, string, string];
    const SAID = 'Further failures no rule recognised are not shown';
    expect(count(human, SAID)).toBe(1);
    expect(human).toContain('To read the whole log at once: clawkit-doctor --log cap.log');
    // After the third block, before the summary.
    expect(human.indexOf(SAID)).toBeGreaterThan(human.lastIndexOf(`▲ ${HEADLINE}`));
    const events = json.trim().split('\n').map((l) => JSON.parse(l) as { type: string; shown?: number; command?: string });
    for (const e of events) expect(validateEvent(e), JSON.stringify(validateEvent.errors)).toBe(true);
    expect(events.filter((e) => e.type === 'undiagnosed-capped')).toEqual([expect.objectContaining({ shown: MAX_UNDIAGNOSED_BLOCKS, command: 'clawkit-doctor --log cap.log' })]);
    expect(events.at(-1)!.type).toBe('summary');
    expect(count(github, `::notice title=${escapeProperty('clawkit-doctor: further failures not shown')}::`)).toBe(1);
    // Fewer blocks than the cap: nothing hidden, nothing said.
    const [[, two]] = (await followRuns(dir(), 'two.log', 900, { 500: CLOSE, 800: CHANNEL }, [['--follow']])) as [[string, string]];
    expect(two).not.toContain(SAID);
  });

  // mend31e (review31e): 1000/1001 closes (en, zh) of a healthy run printed "This looks like a connection problem".
  it('normal closes (1000, 1001) print no block; a failing close among them still does', async () => {
    const normal = {
      100: '2026-12-07T08:01:40Z [ws] client disconnected, code: 1000 (normal closure)',
      300: '2026-12-07T08:05:00Z [gateway] connection closed with code 1000',
      400: '2026-12-07T08:06:00Z [gateway] closed (1000): normal closure',
      500: '2026-12-07T08:07:00Z [gateway] 连接已关闭 (1000): 正常关闭',
      700: '2026-12-07T08:11:40Z [gateway] webchat client disconnected code=1001 going away',
    };
    const [[, healthy], [, events]] = (await followRuns(dir(), 'n.log', 900, normal, [['--follow'], ['--follow', '--json']])) as [[string, string], [string, string]];
    expect(healthy).not.toContain(HEADLINE);
    expect(healthy).not.toContain('? possible');
    expect(events).not.toContain('"undiagnosed"');
    const [[, failing]] = (await followRuns(dir(), 'n2.log', 900, { ...normal, 800: CLOSE }, [['--follow']])) as [[string, string]];
    expect(count(failing, `▲ ${HEADLINE}`)).toBe(1);
    expect(failing).toContain('close: 4999');
  });

  it('a healthy log, and a failure a rule knows, print no block', async () => {
    const [[, healthy]] = (await followRuns(dir(), 'h.log', 900, {}, [['--follow']])) as [[string, string]];
    expect(healthy).not.toContain(HEADLINE);
    expect(healthy).not.toContain('? possible');
    const known = { 500: 'disconnected (1008): unauthorized: gateway token mismatch (set gateway.remote.token)' };
    const [[, out]] = (await followRuns(dir(), 'k.log', 900, known, [['--follow']])) as [[string, string]];
    expect(out).toContain('[token-auth/gateway-token-mismatch]');
    expect(out).not.toContain(HEADLINE);
  });
});
