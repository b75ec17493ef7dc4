// Issue #9 §2 for the reader: every regex that runs on pasted text outside the rules (paste reader,
// structured-output readers, follow mode, derive, the undiagnosed answer's recognisers, redaction,
// the lexicons' line patterns) has the shape `rules validate` requires of a rule pattern: no
// unbounded repeat, no adjacent repeats over shared characters with more than MAX_AMBIGUOUS_SPLITS
// splits, at most MAX_BACKTRACK_PATHS ways to match from one start (a lookaround counted as its own
// bounded work: V8's lookarounds are atomic). The patterns are found by walking the source
// (scripts/lib/reader-regexes.mjs), so a new reader regex cannot skip this. Patterns not yet
// rewritten are listed in reader-regex-offenders.json: the list may only shrink (a listed pattern
// that is gone or now passes fails the test until it is removed from the list).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper without types
import { readerRegexes } from '../../scripts/lib/reader-regexes.mjs';
import { shapeProblems, type Found } from './reader-regex-shape.js';
import { textGatewayStatus, textOverview } from '../../src/collectors/paste/structured/text-status.js';
import { defaultRedactor } from '../../src/shared/redact.js';

const { patterns, unresolved } = readerRegexes() as { patterns: Found[]; unresolved: string[] };
const listed: string[] = JSON.parse(readFileSync(new URL('./reader-regex-offenders.json', import.meta.url), 'utf8')).offenders;
const key = (p: Found) => `/${p.source}/${p.flags}`;

describe('reader regexes: the shape rules validate requires', () => {
  it('finds the reader regexes, and every RegExp over non-constant text is a known data site', () => {
    expect(unresolved).toEqual([]);
    expect(patterns.length).toBeGreaterThan(100);
    expect(patterns.some((p) => p.where.startsWith('src/collectors/paste/extract.ts'))).toBe(true);
    expect(patterns.some((p) => p.where.startsWith('lexicon/'))).toBe(true);
  });

  it('every reader regex has a bounded shape, but for the listed ones not yet rewritten', () => {
    const bad = patterns.filter((p) => shapeProblems(p.source, p.flags).length && !listed.includes(key(p)));
    expect(bad.map((p) => `${p.where} ${key(p)}: ${shapeProblems(p.source, p.flags).join(', ')}`)).toEqual([]);
  });

  it('the list of offenders only shrinks: each listed pattern still exists and still fails the check', () => {
    const stale = listed.filter((k) => !patterns.some((p) => key(p) === k && shapeProblems(p.source, p.flags).length));
    expect(stale).toEqual([]);
  });

  it('the check fails on the shapes it is for', () => {
    expect(shapeProblems('\\bcode[=:]\\s*x', '')).toEqual(['unbounded \\s*', 'paths Infinity']);
    expect(shapeProblems('fail\\w{0,12}[^\\n]{0,80}x', 'i')[0]).toMatch(/^ambiguous/);
    expect(shapeProblems('(?:a|aa){0,60}b', '')).toEqual([expect.stringMatching(/^paths /)]);
    expect(shapeProblems('x(?![^\\n]*y)', '')).toEqual(['unbounded [^\\n]*', expect.stringMatching(/^paths /)]);
    expect(shapeProblems('\\bcode[=:]\\s{0,8}(?![^\\n]{0,40}y)(\\d{1,5})', 'i')).toEqual([]);
    // A tail that cannot fail adds its paths; the same repeats before a mandatory part multiply.
    expect(shapeProblems('a\\s{0,200}"?([^"]{0,4096})"?', '')).toEqual([]);
    expect(shapeProblems('a\\s{0,200}"?([^"]{0,4096})"', '')).toEqual(expect.arrayContaining([expect.stringMatching(/^paths /)]));
  });

  it('the overview table reader trims its cells as before, and reads a row of 64 K spaces', () => {
    expect(textOverview(['│ Gateway         │ local · ws://127.0.0.1:18789 · unreachable (timeout) │', '│                 │ more  │'])).toEqual({
      line: 1,
      gateway: 'local · ws://127.0.0.1:18789 · unreachable (timeout) more',
      gatewayReachable: false,
    });
    expect(textOverview(['|Gateway|a | b│'])?.gateway).toBe('a | b');
    // The old row pattern tried every split of the spaces at every lazy step (over 10 s on these).
    expect(textOverview(['| Gateway | x' + ' '.repeat(65_000) + 'y'])?.gateway).toBe('x');
    expect(textOverview(['|' + ' '.repeat(65_000) + 'x'])).toBeUndefined();
  });

  it('the service line and URL user:password readers keep their answers on hostile lines', () => {
    const service = (l: string) => textGatewayStatus([l, 'Runtime: running'])?.serviceLabel;
    expect(service('  Service:   systemd user unit  (enabled)')).toBe('systemd user unit');
    // `\s+(.+?)\s*\(` tried every split of the spaces at every lazy step: 340 ms on 1 KiB of these.
    expect(service('Service: ' + ' ('.repeat(20_000) + 'x (loaded)')).toBeUndefined();
    expect(defaultRedactor.redact('wss://me:hunter2@gateway.example/')).not.toContain('hunter2');
    // Every `x://y:` start scanned the rest of the line for an `@` (2.4 s on a crafted 64 KiB line).
    expect(defaultRedactor.redact('a://b:' + 'c'.repeat(60_000) + ' wss://me:hunter2@h/')).toMatch(/^a:\/\/b:[^]*wss:\/\/me:\*+@h\/$/);
  });
});
