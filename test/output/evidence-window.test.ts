// #9/#13 (round 35, evid16): a finding quotes a long pasted line as a window around what matched, in every
// format, masked before it is cut; a short line is quoted as before.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUOTE_CUT, QUOTE_WINDOW, Redactor } from '../../src/shared/redact.js';
import { runInHere, schemaValidator } from './helpers.js';

const MATCH = 'disconnected (1008): unauthorized: gateway token mismatch (set gateway.remote.token)';
const TOKEN = 'Zk4qP9wL2mX7vB3nR8tY5uJ1hG6fD0sA3cV9bN2m';
/** Every 6-character piece of the token: none may be shown. */
const pieces = (s: string) => Array.from({ length: s.length - 5 }, (_x, i) => s.slice(i, i + 6));
const filler = (n: number) => 'k=v '.repeat(Math.ceil(n / 4)).slice(0, n);

describe('Redactor: a long paste line is quoted as a window', () => {
  const quote = (text: string, at?: number) =>
    (new Redactor().redactJson({ ruleId: 'a/b', evidence: [{ source: 'paste', line: 1, text, ...(at !== undefined ? { at } : {}) }] }).evidence[0] as Record<string, unknown>);

  it('centres the window on the engine\'s offset, marks both cuts, and drops the offset', () => {
    const text = filler(20_000) + MATCH + filler(20_000);
    const e = quote(text, 20_000);
    const t = e.text as string;
    expect(t.length).toBeLessThanOrEqual(QUOTE_WINDOW + 2);
    expect(t.startsWith(QUOTE_CUT) && t.endsWith(QUOTE_CUT)).toBe(true);
    expect(t).toContain(MATCH);
    expect(Object.keys(e)).toEqual(['source', 'line', 'text']);
  });

  it('the real offset, not a re-search: the second of two occurrences is the one quoted', () => {
    const text = 'first ' + MATCH + filler(10_000) + 'second ' + MATCH + filler(10_000);
    const t = quote(text, text.lastIndexOf(MATCH)).text as string;
    expect(t).toContain('second ' + MATCH);
    expect(t).not.toContain('first');
  });

  it('without an offset a long line is quoted from its start; a line ending in the match keeps its end', () => {
    expect(quote(MATCH + filler(5_000)).text).toBe(MATCH + filler(5_000).slice(0, QUOTE_WINDOW - MATCH.length) + QUOTE_CUT);
    const tail = filler(5_000) + MATCH;
    expect(quote(tail, 5_000).text).toBe(QUOTE_CUT + tail.slice(-QUOTE_WINDOW));
  });

  it('a token the window would cut in half is masked whole (left and right edges)', () => {
    // The left edge falls 120 characters before the match: inside the token's value.
    const left = filler(5_000) + ' OPENCLAW_GATEWAY_TOKEN=' + TOKEN + filler(100) + MATCH + filler(5_000);
    const atLeft = left.indexOf(MATCH);
    expect(atLeft - 120).toBeGreaterThan(left.indexOf(TOKEN));
    expect(atLeft - 120).toBeLessThan(left.indexOf(TOKEN) + TOKEN.length);
    const l = quote(left, atLeft).text as string;
    // The right edge falls 180 characters after the match's start: inside the token again.
    const right = filler(5_000) + MATCH + filler(150 - MATCH.length) + ' Authorization: Bearer ' + TOKEN + filler(5_000);
    const r = quote(right, right.indexOf(MATCH)).text as string;
    expect(right.indexOf(TOKEN) - right.indexOf(MATCH)).toBeLessThan(180);
    for (const t of [l, r]) {
      expect(t).toContain(MATCH);
      expect(t).toContain('***');
      for (const p of pieces(TOKEN)) expect(t).not.toContain(p);
    }
  });

  it('the ranges kept per line and text: the same long text on a line after an open `Bearer` masks its wrapped head', () => {
    const text = 'Zk4qP9wL2m ' + MATCH + filler(5_000);
    const r = new Redactor().tellLines((line, side) => (line === 1 && side === -1 ? 'Authorization: Bearer' : line === 9 ? 'heartbeat ok' : undefined));
    const at = (line: number) => (r.redactJson({ ruleId: 'a/b', evidence: [{ source: 'paste', line, text, at: 11 }] }).evidence[0] as { text: string }).text;
    // Line 8 first (its answer is kept), then line 2 (the line before it ends in an open Bearer): not line 8's answer.
    expect(at(8).startsWith('Zk4qP9wL2m ')).toBe(true);
    expect(at(2).startsWith('*** ')).toBe(true);
    expect(at(8).startsWith('Zk4qP9wL2m ')).toBe(true);
  });

  it('no edge splits a surrogate pair, wherever the offset puts it; an offset past the end quotes the end', () => {
    const text = 'x' + '\u{1F600}'.repeat(3000) + MATCH + '\u{1F600}'.repeat(3000);
    for (let at = 6001; at < 6005; at++) {
      const t = quote(text, at).text as string;
      expect(t.length).toBeLessThanOrEqual(QUOTE_WINDOW + 4);
      expect(JSON.stringify(t)).not.toMatch(/\\ud[89a-f]/i);
    }
    expect(quote(text, 1e9).text).toBe(QUOTE_CUT + text.slice(-QUOTE_WINDOW));
  });

  it('a short line is quoted byte for byte as before (its offset dropped)', () => {
    const short = 'gateway token mismatch OPENCLAW_GATEWAY_TOKEN=' + TOKEN;
    const before = new Redactor().redactJson({ ruleId: 'a/b', evidence: [{ source: 'paste', line: 3, text: short }] });
    expect(JSON.stringify(quote(short, 8))).toBe(JSON.stringify(before.evidence[0]).replace('"line":3', '"line":1'));
    expect(JSON.stringify(quote(MATCH, 0))).toBe(JSON.stringify({ source: 'paste', line: 1, text: MATCH }));
    expect(quote('x'.repeat(QUOTE_WINDOW), 10).text).toBe('x'.repeat(QUOTE_WINDOW));
  });
});

describe('every format quotes the window (the built CLI)', () => {
  const LONG = filler(30_000) + ' OPENCLAW_GATEWAY_TOKEN=' + TOKEN + filler(100) + MATCH + filler(30_000);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ckd-evidence-window-'));
    writeFileSync(join(dir, 'long.log'), '2026-12-07T08:00:00Z gateway starting\n' + LONG + '\n');
  });
  const run = (extra: string[]) => runInHere(dir, ['--log', 'long.log', '--no-probe', '--no-env', '--openclaw-version', '2026.9.6', ...extra]);
  // Human and Markdown clipped a quote to its first 240 characters before (human.ts evidenceLine): the match of a
  // long line was out of view. GitHub annotations and SARIF results quote no evidence text (SARIF hashes it into a
  // fingerprint): checked to show no piece of the line either.
  const formats: Array<[string[], boolean]> = [[[], true], [['--json'], true], [['--format', 'sarif'], false], [['--format', 'github'], false], [['--format', 'markdown'], true], [['--follow'], true], [['--follow', '--json'], true]];

  it.each(formats.map(([f, quotes]) => [f.join(' ') || 'human', f, quotes] as const))('%s', async (_name, extra, quotes) => {
    const r = await run(extra);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/token mismatch/);
    if (quotes) expect(out).toContain(QUOTE_CUT);
    // The match itself is in view (the line's start is 30 000 characters of filler).
    if (quotes) expect(out).toContain(MATCH);
    else expect(out).not.toContain(filler(12));
    // No run of the filler longer than a window: the line is nowhere quoted whole.
    expect(out).not.toContain(filler(QUOTE_WINDOW + 8));
    for (const p of pieces(TOKEN)) expect(out).not.toContain(p);
  });

  it('the --json document still validates against schema/report.schema.json', async () => {
    const doc = JSON.parse((await run(['--json'])).stdout) as { findings: Array<{ evidence: Array<{ text?: string; line?: number }> }> };
    const validate = schemaValidator('schema/report.schema.json');
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const quoted = doc.findings.flatMap((f) => f.evidence).filter((e) => e.line === 2);
    expect(quoted.length).toBeGreaterThan(0);
    for (const e of quoted) expect(e.text).toContain(MATCH);
  });
});

// review32h: the quote memo's ranges include those the neighbour lines show; told new neighbours, the same line
// number + text must be masked again with them in view (a token whose "Bearer" is on the line before).
describe('the quote memo and new neighbours', () => {
  it('a redactor told new lines masks the same long line with the new neighbours in view', () => {
    const tok = 'Zq8Lm2Xv9Rt4Wp7Kd3Hn6Bc5Fy1Gs0Jx';
    const T = tok + ' ' + 'lorem ipsum '.repeat(40) + 'gateway token mismatch ' + 'dolor '.repeat(60);
    const ev = { findings: [{ ruleId: 'x/y', evidence: [{ source: 'paste', line: 2, text: T, at: 0 }] }] };
    const r = new Redactor();
    r.tellLines((l) => (l === 1 ? 'plain line' : l === 2 ? T : undefined));
    r.redactJson(ev);
    r.tellLines((l) => (l === 1 ? 'curl -H "Authorization: Bearer' : l === 2 ? T : undefined));
    const again = JSON.stringify(r.redactJson(ev));
    const fresh = JSON.stringify(new Redactor().tellLines((l) => (l === 1 ? 'curl -H "Authorization: Bearer' : l === 2 ? T : undefined)).redactJson(ev));
    expect(fresh.includes(tok.slice(0, 8))).toBe(false);
    expect(again.includes(tok.slice(0, 8))).toBe(false);
  });
});
