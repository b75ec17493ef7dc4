// A large log's anchors kept on disk (src/collectors/paste/anchor-cache.ts, issue #13): a hit gives
// exactly what deriving gives, and a file that is stale, cut short, damaged or another key's is
// never used — each is detected, the anchors derived again and the file rewritten.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputAnchors } from '../../src/collectors/paste/read.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import type { Anchor } from '../../src/shared/regex/anchors.js';
import type { Rule } from '../../src/types.js';

const LINES = [
  '2026-03-04T08:00:00.000Z [ws] webchat connected conn=1 remote=127.0.0.1 client=openclaw-control-ui',
  '{"0":"{\\"subsystem\\":\\"gateway\\"}","1":"embedded run done: runId=3 durationMs=9","time":"2026-03-04T08:00:00Z"}',
  'gateway connect failed: Error: unauthorized: gateway token mismatch',
  'listen EADDRINUSE: address already in use 127.0.0.1:18789',
  'control ui requires device identity (use HTTPS or localhost secure context)',
  'pairing required: device is not paired (requestId=abc)',
];
const sampleOf = (seed: number) => [Buffer.from(Array.from({ length: 3000 }, (_, i) => LINES[(i * seed * 7 + (i >> seed)) % (seed + 2)]).join('\n'))];
const view = (as: Anchor[]) => as.map((a) => [a.key, a.literals, a.jsonLiterals, a.score, a.context, a.rules, a.cover]);

let rules: Rule[];
let dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ckd-anchors-'));
  dirs.push(d);
  return d;
};
const fileIn = (dir: string) => join(dir, readdirSync(dir).find((f) => f.startsWith('anchors-'))!);

/** inputAnchors with a cache directory, and whether the cache was hit (its debug line). */
async function cached(sample: Buffer[], dir: string, ruleSet = rules): Promise<{ anchors: Anchor[]; hit: boolean | undefined }> {
  const said: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const env = process.env.CLAWKIT_DOCTOR_CACHE_DEBUG;
  process.env.CLAWKIT_DOCTOR_CACHE_DEBUG = '1';
  process.stderr.write = ((s: string) => (said.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const anchors = await inputAnchors(ruleSet, sample, dir);
    const line = said.find((s) => s.includes('anchors: '));
    return { anchors, hit: line === undefined ? undefined : line.includes('anchors: hit') };
  } finally {
    process.stderr.write = write;
    if (env === undefined) delete process.env.CLAWKIT_DOCTOR_CACHE_DEBUG;
    else process.env.CLAWKIT_DOCTOR_CACHE_DEBUG = env;
  }
}

beforeAll(async () => {
  rules = await loadBuiltinRules();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('the anchors cache', () => {
  it('a warm cache gives what deriving gives; another sample misses and is derived', async () => {
    const dir = freshDir();
    const seen = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const derived = view(await inputAnchors(rules, sampleOf(seed)));
      seen.add(JSON.stringify(derived));
      const cold = await cached(sampleOf(seed), dir);
      expect(cold.hit).toBe(false); // the file holds the previous seed's choice
      expect(view(cold.anchors)).toEqual(derived);
      const warm = await cached(sampleOf(seed), dir);
      expect(warm.hit).toBe(true);
      expect(view(warm.anchors)).toEqual(derived);
    }
    // The samples choose differently: a hit on another sample's entry would show.
    expect(seen.size).toBeGreaterThan(1);
  });

  it('a file cut short, or with a changed byte in its choice, is a miss and is rewritten', async () => {
    const dir = freshDir();
    const derived = view(await inputAnchors(rules, sampleOf(2)));
    await cached(sampleOf(2), dir);
    const file = fileIn(dir);
    const whole = readFileSync(file);
    const nl = whole.indexOf(0x0a);
    // A digit changed in place (still valid JSON, another number: a matcher, rule, literal, score):
    // only the checksum can tell. Spread over the line, so every field's numbers are met.
    const digits: number[] = [];
    for (let k = nl + 1; k < whole.length; k++) if (whole[k]! >= 0x30 && whole[k]! <= 0x39) digits.push(k);
    const step = Math.max(1, Math.floor(digits.length / 20));
    // And a long score's last digit (only the low half of the double changes).
    const long = /"s":\d+\.\d{12,}/.exec(whole.toString('latin1', nl + 1))!;
    const at = [...digits.filter((_, k) => k % step === 0), nl + 1 + long.index + long[0].length - 1];
    const flips = at.map((k) => {
      const b = Buffer.from(whole);
      b[k] = 0x30 + ((b[k]! - 0x30 + 1) % 10);
      return b;
    });
    expect(flips.length).toBeGreaterThanOrEqual(20);
    const damaged = [whole.subarray(0, nl), whole.subarray(0, nl + 1), whole.subarray(0, whole.length - 1), whole.subarray(0, nl + 1 + ((whole.length - nl) >> 1)), Buffer.alloc(0), ...flips];
    for (const bytes of damaged) {
      writeFileSync(file, bytes);
      const r = await cached(sampleOf(2), dir);
      expect(r.hit).toBe(false);
      expect(view(r.anchors)).toEqual(derived);
      expect(readFileSync(file).equals(whole)).toBe(true); // rewritten whole
      expect((await cached(sampleOf(2), dir)).hit).toBe(true);
    }
  });

  it('an entry for another build, rule list or sample is not used, even with a valid body', async () => {
    const dir = freshDir();
    const a = view(await inputAnchors(rules, sampleOf(1)));
    const b = view(await inputAnchors(rules, sampleOf(3)));
    expect(b).not.toEqual(a);
    await cached(sampleOf(1), dir);
    const headerA = JSON.parse(readFileSync(fileIn(dir), 'latin1').split('\n')[0]!) as Record<string, string>;
    await cached(sampleOf(3), dir);
    const [headB, bodyB] = readFileSync(fileIn(dir), 'latin1').split('\n') as [string, string];
    const headerB = JSON.parse(headB) as Record<string, string>;
    // B's choice under A's key but for one field: each field alone must refuse it.
    const wrong: Array<Record<string, string>> = [
      { ...headerB, counts: headerA.counts!, stamp: `${headerA.stamp}x` },
      { ...headerB, counts: headerA.counts!, rules: headerA.rules!.split('\n').slice(1).join('\n') },
      { ...headerB, counts: `${headerA.counts},1:0:0` },
      { ...headerB, counts: headerA.counts!, format: 'clawkit-doctor anchors 0' },
    ];
    for (const h of wrong) {
      writeFileSync(fileIn(dir), `${JSON.stringify(h)}\n${bodyB}`);
      const r = await cached(sampleOf(1), dir);
      expect(r.hit).toBe(false);
      expect(view(r.anchors)).toEqual(a);
    }
    // The control: B's body under A's whole key is taken (so the refusals above are the key's doing).
    writeFileSync(fileIn(dir), `${JSON.stringify({ ...headerB, counts: headerA.counts! })}\n${bodyB}`);
    const control = await cached(sampleOf(1), dir);
    expect(control.hit).toBe(true);
    expect(view(control.anchors)).toEqual(b);
  });

  it('is not used for a rule set with a rule that is not the bundle\'s (--rules)', async () => {
    const dir = freshDir();
    // A user rule made of a built-in rule's matchers: the numbered path is taken, the cache is not.
    const user = { id: 'user/copy', when: structuredClone(rules[0]!.when) } as Rule;
    const mixed = [...rules, user];
    const r = await cached(sampleOf(1), dir, mixed);
    expect(r.hit).toBe(undefined);
    expect(view(r.anchors)).toEqual(view(await inputAnchors(mixed, sampleOf(1))));
    expect(readdirSync(dir)).toEqual([]);
    expect((await cached(sampleOf(1), dir, rules.slice(1))).hit).toBe(false); // a subset is its own key
  });
});
