import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATTERNS, Redactor } from '../src/shared/redact.js';
import { matcherCover } from '../src/shared/regex/cover.js';

// Each redaction pattern runs only when its gate holds (src/shared/redact.ts). A gate must be implied by
// every match, or a secret would go out unmasked: checked here against the literal cover, the shortest
// match, and the ungated patterns' output on every rule case's paste and on generated strings.

/** The regex urlPassword() stands in for (its doc comment; test/redact-url-password.test.ts holds it to it). */
const URL_PASSWORD = { source: String.raw`(\b[a-z][a-z0-9+.-]{0,32}:\/\/[^/\s:@"'<>]{1,256}:)([^@\s/"'<>]{1,1024})(?=@)`, ignoreCase: true };

const sourceOf = (re: unknown) => (re instanceof RegExp ? re : URL_PASSWORD);

/** Every rule case's paste (whole and by line) and 4,000 generated strings around the gate words. */
let gateTextsMemo: string[] | undefined;
function gateTexts(): string[] {
  if (gateTextsMemo) return gateTextsMemo;
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.cases.json')) {
        const doc = JSON.parse(readFileSync(p, 'utf8')) as Record<string, Array<{ paste?: string }>>;
        for (const c of [...(doc.positive ?? []), ...(doc.negative ?? [])]) if (typeof c.paste === 'string') texts.push(c.paste, ...c.paste.split('\n'));
      }
    }
  };
  walk(join(__dirname, '..', 'rules'));
  expect(texts.length).toBeGreaterThan(2000);
  // Generated: every gate word in three casings, with separators and values of each shape around it.
  let seed = 13;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  const words = [...new Set(PATTERNS.flatMap((p) => ('any' in p.gate ? p.gate.any : [])))];
  const seps = ['=', ': ', ':', ' = ', '：', '%3D', '%20', ' ', '="', ": '", '": "', '=\'', ' 是 ', '://u:', '.'];
  const values = ['hunter22', 'Abc123def456ghi', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig', 'sk-ant-0123456789abcdef', 'a1'.repeat(20), 'aB3'.repeat(15), 'x@host/', '"quoted value"', 'AIza' + 'b'.repeat(35)];
  const cased = (w: string) => [w, w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)][rnd(3)]!;
  for (let i = 0; i < 4000; i++) {
    const parts: string[] = [];
    for (let k = 1 + rnd(3); k > 0; k--) parts.push(`${['', 'my', 'app', 'OPENCLAW_GATEWAY', '-', '?', '&'][rnd(7)]}${cased(words[rnd(words.length)]!)}${seps[rnd(seps.length)]}${values[rnd(values.length)]}`);
    texts.push(parts.join(['', ' ', '\n', ' and '][rnd(4)]!));
  }
  expect(texts.length).toBeGreaterThan(6000);
  return (gateTextsMemo = texts);
}

/** The run gate as it was (a function call per character): the reference `has` must equal. */
function hasRun(text: string, min: number, run: (c: number) => boolean): boolean {
  for (let i = 0, n = 0; i < text.length; i++) if (!run(text.charCodeAt(i))) n = 0;
  else if (++n >= min) return true;
  return false;
}

describe('redaction gates', () => {
  it('every word gate is implied by the pattern: each conjunction of its literal cover holds a gate word', () => {
    let checked = 0;
    for (const p of PATTERNS) {
      if (!('any' in p.gate)) continue;
      const re = sourceOf(p.re);
      const cover = matcherCover({ regex: re.source, caseSensitive: !re.ignoreCase });
      expect(cover.length, re.source).toBeGreaterThan(0);
      for (const conj of cover) {
        // TOP is [[]]: a match that needs no literal; no word gate can stand for it.
        expect(conj.length, `${re.source}: a way to match without a literal`).toBeGreaterThan(0);
        const words = p.gate.any;
        expect(
          conj.some((lit) => words.some((w) => lit.toLowerCase().includes(w))),
          `${re.source}: conjunction ${JSON.stringify(conj)} holds none of ${JSON.stringify(words)}`,
        ).toBe(true);
        for (const w of p.gate.all ?? []) expect(conj.some((lit) => lit.toLowerCase().includes(w)), `${re.source}: ${JSON.stringify(conj)} without ${w}`).toBe(true);
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('no word-gated pattern has the u or v flag: the gate lower-cases with toLowerCase(), which case folding does not follow', () => {
    // Why: /secret/iu matches "ſecret" (U+017F folds to s), whose toLowerCase() holds no "secret": the gate would skip a match.
    let checked = 0;
    for (const p of PATTERNS) {
      if (!('any' in p.gate) || !(p.re instanceof RegExp)) continue;
      expect(p.re.flags, p.re.source).not.toMatch(/[uv]/);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    expect(/secret/iu.test('\u017fecret') && !'\u017fecret'.toLowerCase().includes('secret')).toBe(true); // the hazard is real
  });

  it('every run gate is the shortest match: one character less never matches, the bound itself does', () => {
    const mins = PATTERNS.filter((p) => 'min' in p.gate);
    expect(mins.length).toBe(2);
    const sample = (n: number) => 'aB3'.repeat(n).slice(0, n); // hex-free letters for base64; see below
    for (const p of mins) {
      const min = (p.gate as { min: number }).min;
      const re = p.re as RegExp;
      expect(matcherCover({ regex: re.source, caseSensitive: !re.ignoreCase })).toEqual([[]]); // no literal: hence a length
      const hex = re.source.includes('[0-9a-fA-F]{');
      const text = (n: number) => (hex ? 'a1'.repeat(n).slice(0, n) : sample(n));
      const gate = p.gate as { min: number; run: (c: number) => boolean };
      // `run` accepts exactly the class the match repeats {min,} times.
      const cls = hex ? '[0-9a-fA-F]' : '[A-Za-z0-9+/_-]';
      expect(re.source).toContain(`${cls}{${min},}`);
      const clsRe = new RegExp(cls);
      for (let c = 0; c < 0x10000; c++) if (gate.run(c) !== clsRe.test(String.fromCharCode(c))) expect(gate.run(c), `U+${c.toString(16)}`).toBe(clsRe.test(String.fromCharCode(c)));
      // `has`, what the redaction runs: a run's start, that class `{min}`, no flags, and the same answer as the per-character
      // walk on every gate test string, on runs one short of the bound, and on the bound itself.
      const has = (p.gate as { has: RegExp }).has;
      expect(has.source).toBe(`(?:^|[^${cls.slice(1, -1)}])${cls}{${min}}`);
      expect(has.flags).toBe('');
      const probes = [...gateTexts(), text(min - 1), text(min), `x${text(min - 1)} ${text(min - 1)}x`, `${text(min - 1)}\u00e9${text(1)}`, `-${text(min)}-`];
      let yes = 0;
      for (const t of probes) {
        const want = hasRun(t, min, gate.run);
        if (has.test(t) !== want) expect(has.test(t), t).toBe(want);
        if (want) yes++;
      }
      expect(yes).toBeGreaterThan(50); // the strings do hold such runs
      re.lastIndex = 0;
      expect(re.exec(text(min - 1)), re.source).toBeNull();
      re.lastIndex = 0;
      expect(re.exec(text(min))?.[2], re.source).toBe(text(min));
      re.lastIndex = 0;
    }
  });

  it('gated output equals the ungated patterns on every rule case paste and on generated strings', () => {
    const texts = gateTexts();
    const r = new Redactor(['known-secret-value-1']);
    const gated = texts.map((t) => r.redact(t));
    const saved = PATTERNS.map((p) => p.gate);
    try {
      for (const p of PATTERNS) (p as { gate: unknown }).gate = { any: [''] };
      const ungated = texts.map((t) => r.redact(t));
      let masked = 0;
      for (let i = 0; i < texts.length; i++) {
        if (gated[i] !== ungated[i]) expect(gated[i], texts[i]).toBe(ungated[i]);
        if (ungated[i] !== texts[i]) masked++;
      }
      expect(masked).toBeGreaterThan(2000); // the strings do exercise the patterns
    } finally {
      PATTERNS.forEach((p, i) => ((p as { gate: unknown }).gate = saved[i]));
    }
  });

  it('a report of strings without any gate word runs no pattern at all', () => {
    const seen = new Set<string>();
    const exec = RegExp.prototype.exec;
    RegExp.prototype.exec = function (this: RegExp, s: string) {
      seen.add(this.source);
      return exec.call(this, s);
    };
    try {
      new Redactor().redactJson({
        ruleId: 'x/y',
        message: 'gateway closed (1008): pairing required — approve the device, then reconnect from the same browser',
        fix: ['openclaw devices list', 'openclaw devices approve 0b5e3c1d-4f2a-4c3e-9a7b-1d2e3f4a5b6c'],
        port: 18789,
      });
    } finally {
      RegExp.prototype.exec = exec;
    }
    const patternSources = new Set(PATTERNS.map((p) => sourceOf(p.re).source));
    expect([...seen].filter((s) => patternSources.has(s))).toEqual([]);
  });
});
