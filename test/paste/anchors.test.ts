// Anchors: which paste matcher of each rule decides what a huge log keeps, and the literals the
// byte scanner looks for. Checked on the real rule catalogue and its cases.
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { bestLiterals, coverScore, deriveAnchors as derive, jsonSafePieces, matcherKey, type AnchorSet, type LiteralRate } from '../../src/shared/regex/anchors.js';
import { matcherCover } from '../../src/shared/regex/cover.js';
import { anchorMatchers, readPaste } from '../../src/collectors/paste/read.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { PasteMatcher, Rule } from '../../src/types.js';
import { prefix, suffix } from './buried.helpers.js';
import { pasteLeaves } from './anchors.helpers.js';

const cover = (regex: string, caseSensitive = false) => matcherCover({ regex, caseSensitive });
const deriveAnchors = (rules: Rule[], extra: PasteMatcher[] = [], opts: { rate?: LiteralRate } = {}) => derive(rules, extra, { cover: matcherCover, ...opts });

describe('anchors: literals a regex needs', () => {
  it('finds the strings every match contains, case-folded', () => {
    expect(cover('Device Identity Required')).toEqual([['device identity required']]);
    expect(cover(String.raw`\bAUTH_TOKEN_MISMATCH\b|gateway token mismatch`)).toEqual([['auth_token_mismatch'], ['gateway token mismatch']]);
    expect(cover(String.raw`device (?:is )?not paired`).map((c) => c[0]).sort()).toEqual(['device is not paired', 'device not paired']);
    expect(cover(String.raw`gateway closed \(1008\): pairing required`)).toEqual([['gateway closed (1008): pairing required']]);
    expect(cover(String.raw`code[=:]\s*1006\b`)).toEqual([
      ['code=', '1006'],
      ['code:', '1006'],
    ]);
    // x+ starts and ends with x: the neighbours join it.
    const oc = cover(String.raw`openclaw[ \t]+v?20`);
    expect(oc.length).toBeGreaterThan(1);
    for (const conj of oc) expect(conj.some((l) => l === 'openclaw ' || l === 'openclaw\t')).toBe(true);
  });

  it('gives up (no literal) rather than guess', () => {
    expect(cover(String.raw`\d+\s+errors?|warn`)).toEqual([['error'], ['warn']]);
    expect(cover(String.raw`\d+\s+\w+|warn`)).toEqual([[]]);
    expect(cover('^[0-9]{3}$')).toEqual([[]]);
    expect(cover('(a)\\1')).toEqual([['a']]);
    expect(cover('a*')).toEqual([[]]);
    expect(cover('[')).toEqual([[]]); // not a valid regex: no claim
  });

  it('never uses a character with a non-ASCII case variant as a literal under /i', () => {
    // /É/i matches é: the ASCII-folding scanner could not see that, so É ends the literal.
    expect(cover('CAFÉ ok')).toEqual([['caf', ' ok']]);
    expect(cover('CAFÉ ok', true)).toEqual([['cafÉ ok']]); // case-sensitive: É is just bytes
    expect(cover('需要配对')).toEqual([['需要配对']]);
    expect(matcherCover({ contains: 'Kelvin OK' })).toEqual([['kelvin ok']]);
  });

  it('splits literals for JSON lines where flattening could join tokens', () => {
    expect(jsonSafePieces('code=4008 reason=connect failed')).toEqual(['code', 'reason', 'connect', 'failed']);
    expect(jsonSafePieces('(1006')).toEqual(['(1006']);
    expect(jsonSafePieces('1006')).toEqual([]); // could be a re-rendered JSON number (1.006e3)
    expect(jsonSafePieces('"pairing-required')).toEqual(['pairing-required']);
    expect(bestLiterals([['device identity required']], true)).toEqual(['identity']);
  });
});

describe('anchors of the real rule catalogue', () => {
  let rules: Rule[];
  let set: AnchorSet;
  beforeAll(async () => {
    rules = await loadBuiltinRules();
    set = deriveAnchors(rules);
  });
  const anchorsOf = (id: string) => {
    const keys = set.byRule[id];
    expect(keys, `rule ${id} exists`).toBeDefined();
    return keys!.map((k) => set.anchors.find((a) => a.key === k)!);
  };

  it('gives every rule that reads pasted lines an anchor taken from its own positive matchers', () => {
    let withPaste = 0;
    for (const r of rules) {
      const positive = pasteLeaves(r.when).filter((l) => !l.negated).map((l) => matcherKey(l.m));
      if (positive.length === 0) {
        expect(set.byRule[r.id], r.id).toEqual([]);
        continue;
      }
      withPaste++;
      expect(set.byRule[r.id]!.length, r.id).toBeGreaterThan(0);
      for (const k of set.byRule[r.id]!) expect(positive, r.id).toContain(k);
    }
    expect(withPaste).toBeGreaterThan(100);
  });

  it('anchors on the strong error, not on the broad context matcher beside it', () => {
    const check = (id: string, strong: RegExp, broad: RegExp) => {
      const a = anchorsOf(id);
      expect(a.some((x) => strong.test(x.matcher.regex ?? '')), id).toBe(true);
      expect(a.some((x) => broad.test(x.matcher.regex ?? '')), id).toBe(false);
    };
    check('secure-context/browser-device-identity-required', /device identity required/, /dashboard/);
    check('pairing/control-ui-new-browser', /pairing required/, /dashboard/);
    check('pairing/node-host-pairing-required', /pairing required/, /node host/);
    check('secure-context/webcrypto-unavailable', /crypto\\\.subtle/, /dashboard/);
  });

  it('with rates measured on the input, picks the rarest required matcher and literal', () => {
    // Statically "sub-?agent|announce failed|…" looks more selective than "(1006|code=…"; in a log
    // where its literals are everywhere it is not.
    const subAgent = pasteLeaves(rules.find((r) => r.id === 'other/internal-connection-dropped')!.when).find((l) => /sub-\?agent/.test(l.m.regex ?? ''))!.m;
    const common = new Set(matcherCover(subAgent).flat());
    const rated = deriveAnchors(rules, [], { rate: (lit) => (common.has(lit) ? 0.3 : 0) });
    const a = rated.byRule['other/internal-connection-dropped']!.map((k) => rated.anchors.find((x) => x.key === k)!);
    expect(a.length).toBe(1);
    expect(a[0]!.matcher.regex).toMatch(/1006/);
    const unrated = set.byRule['other/internal-connection-dropped']!.map((k) => set.anchors.find((x) => x.key === k)!);
    expect(unrated[0]!.matcher.regex).toMatch(/sub-\?agent/);
    // …and, inside a conjunction, the rarer literal: `code[=:]\s*1006\b` scans for 1006 when code= is common.
    const r2 = deriveAnchors(rules, [], { rate: (lit) => (lit.startsWith('code') ? 0.5 : 0) });
    // (The rule's `code=1006` branch is its own anchor beside `(1006` / `1006 abnormal closure`: Round 30c.)
    const ws = r2.anchors.find((x) => x.rules.includes('gateway-down/websocket-dropped-1006') && /code/.test(x.matcher.regex ?? ''))!;
    expect(ws.literals).toContain('1006');
    expect(ws.literals!.some((l) => l.startsWith('code'))).toBe(false);
  });

  it('in an `all`, picks the required matcher with the longest necessary literals', () => {
    for (const r of rules) {
      if (!('all' in r.when)) continue;
      const required = r.when.all.filter((c): c is { paste: PasteMatcher } => 'paste' in c).map((c) => c.paste);
      if (required.length < 2) continue;
      const chosen = set.byRule[r.id]!;
      expect(chosen.length, r.id).toBe(1);
      const best = Math.max(...required.map((m) => coverScore(matcherCover(m))));
      const chosenScore = coverScore(matcherCover(required.find((m) => matcherKey(m) === chosen[0])!));
      expect(chosenScore, r.id).toBe(best);
    }
  });

  it('keeps every branch of an `any` (each can make the rule fire)', () => {
    const a = anchorsOf('port-bind/gateway-port-in-use');
    expect(a.length).toBeGreaterThanOrEqual(4);
  });
});

describe('anchors over the numbered built-in literals (dist/literals.bin)', () => {
  it('are the anchors the string path chooses with the same sample rates', async () => {
    const { inputAnchors, EXTRA_ANCHORS } = await import('../../src/collectors/paste/read.js');
    const { literalRates } = await import('../../src/collectors/paste/scanner.js');
    const { candidateLiterals, pasteMatchers } = await import('../../src/shared/regex/anchors.js');
    const { builtinCovers } = await import('../../src/shared/rule-covers.js');
    const { builtinAutomaton } = await import('../../src/shared/literals/builtin.js');
    const rules = await loadBuiltinRules();
    expect(builtinAutomaton()?.automaton.extra).toBeDefined(); // the numbered path is the one taken
    const { builtinNumbering } = await import('../../src/shared/literals/numbered.js');
    expect(builtinNumbering(builtinAutomaton()!.automaton)).toBeDefined(); // (the file's flat arrays are read)
    const known = builtinCovers()!;
    const cover = (m: PasteMatcher) => known[matcherKey(m)]!;
    const lines = ['2026-03-04T08:00:00.000Z [ws] webchat connected conn=1 remote=127.0.0.1 client=openclaw-control-ui', '{"0":"{\\"subsystem\\":\\"gateway\\"}","1":"embedded run done: runId=3 durationMs=9","time":"2026-03-04T08:00:00Z"}', 'gateway connect failed: Error: unauthorized: gateway token mismatch', 'listen EADDRINUSE: address already in use 127.0.0.1:18789', 'control ui requires device identity (use HTTPS or localhost secure context)'];
    // The candidate literals depend on the rules only (the sample decides their rates).
    const { plain, json } = candidateLiterals([...pasteMatchers(rules), ...EXTRA_ANCHORS], cover);
    for (let seed = 1; seed <= 4; seed++) {
      const sample = Buffer.from(Array.from({ length: 4000 }, (_, i) => lines[(i * seed * 7 + (i >> seed)) % lines.length]).join('\n'));
      const viaStrings = derive(rules, EXTRA_ANCHORS, { cover, rate: literalRates([sample], plain, json) }).anchors;
      const numbered = await inputAnchors(rules, [sample]);
      expect(numbered.map((a) => [a.key, a.literals, a.jsonLiterals, a.score, a.context, a.rules, a.cover])).toEqual(viaStrings.map((a) => [a.key, a.literals, a.jsonLiterals, a.score, a.context, a.rules, a.cover]));
    }
  });

  it('are chosen without parsing the bundle\'s covers map (covers from the matchers and the numbering)', async () => {
    const { inputAnchors } = await import('../../src/collectors/paste/read.js');
    const { builtinCovers, setBuiltinCovers } = await import('../../src/shared/rule-covers.js');
    const rules = await loadBuiltinRules();
    const known = builtinCovers()!;
    const sample = Buffer.from('gateway connect failed: Error: unauthorized: gateway token mismatch\n'.repeat(50));
    const before = await inputAnchors(rules, [sample]);
    setBuiltinCovers(() => {
      throw new Error('covers map parsed');
    });
    try {
      const after = await inputAnchors(rules, [sample]);
      expect(after.map((a) => [a.key, a.literals, a.jsonLiterals, a.cover])).toEqual(before.map((a) => [a.key, a.literals, a.jsonLiterals, a.cover]));
      // The covers a matcher carries and the numbered ones are the bundle's covers.
      for (const a of after) expect(a.cover).toEqual(known[a.key]);
    } finally {
      setBuiltinCovers(() => known);
    }
  });
});

describe('covers precomputed in the rules bundle', () => {
  it('equal what the regex analyser computes (npm test builds dist/ first)', async () => {
    const { readFileSync } = await import('node:fs');
    const { pkgPath } = await import('../../src/shared/paths.js');
    const bundle = JSON.parse(readFileSync(pkgPath('dist', 'rules.bundle.json'), 'utf8')) as { covers: Record<string, string[][]> };
    const keys = Object.keys(bundle.covers);
    expect(keys.length).toBeGreaterThan(100);
    for (const k of keys) {
      const [flags, kind] = k.split(':');
      const src = k.slice(flags!.length + kind!.length + 2);
      const m: PasteMatcher = kind === 're' ? { regex: src } : { contains: src };
      if (flags === 's') m.caseSensitive = true;
      expect(matcherKey(m)).toBe(k);
      expect(bundle.covers[k], k).toEqual(matcherCover(m));
    }
  });
});

describe('the filler anchors.sweep.test.ts buries rule cases in', () => {
  it('filler lines hit no anchor', async () => {
    const matchers = await anchorMatchers(await loadBuiltinRules(), [Buffer.from(prefix)]);
    const p = await readPaste(Readable.from([Buffer.from(prefix + suffix)]), { source: 'file', keepAllBytes: 1024, anchors: () => matchers });
    expect(p!.kept).toEqual([]);
  });
});
