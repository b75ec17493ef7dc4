// The sweep of anchors.test.ts (sampled in the fast job, in full in the slow one: test/helpers/sweep.ts):
// every rule case's paste, buried in a huge log and read through the anchors, decides as it does alone;
// every line a rule's matcher hits in its cases holds one of the matcher's literals.
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateRule } from '../../src/engine/evaluate.js';
import { pickVersion } from '../../src/facts.js';
import { anchorMatchers, pasteFromString, readPaste } from '../../src/collectors/paste/read.js';
import type { ScanMatcher } from '../../src/collectors/paste/scanner.js';
import { loadBuiltinRules, loadCases } from '../../src/rules/load.js';
import type { Facts, Rule, RuleCase } from '../../src/types.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';
import { BURIED, prefix, suffix } from './buried.helpers.js';
import { pasteLeaves } from './anchors.helpers.js';
import { bestLiterals } from '../../src/shared/regex/anchors.js';
import { matcherCover } from '../../src/shared/regex/cover.js';

const EVERY = 3;

describe('every rule case still decides the same when buried in a huge log: sweep', () => {
  // Each case, buried in filler past the keep-all threshold, read with the anchors (rates measured
  // on the filler): the rule fires on its positive cases and stays silent on its negative ones.
  // The threshold is lowered (4 KiB) so that 100 filler lines (~8 KB, five context windows) are
  // past it: a kept line is one the anchors found or a window around one, as in a real huge log,
  // without scanning 1,500 filler lines for each of ~650 cases (the file's largest cost). The input
  // arrives in two chunks, the first already past the threshold.
  const KEEP_ALL = 4 * 1024;
  let rules: Rule[];
  let matchers: ScanMatcher[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
    matchers = await anchorMatchers(rules, [Buffer.from(prefix)]);
  });

  // A paste text shared by several cases (~1 in 7) is read once, alone and buried, as the doctor
  // reads one paste for all its rules.
  const read = new Map<string, Promise<{ small: NonNullable<Facts['paste']>; big: Facts['paste'] }>>();
  const readBoth = (paste: string) => {
    let r = read.get(paste);
    if (!r) {
      const text = Buffer.from(prefix + paste + '\n' + suffix);
      r = (async () => ({
        small: await pasteFromString(paste),
        big: await readPaste(Readable.from([text.subarray(0, KEEP_ALL + 1024), text.subarray(KEEP_ALL + 1024)]), { source: 'file', keepAllBytes: KEEP_ALL, anchors: () => matchers }),
      }))();
      read.set(paste, r);
    }
    return r;
  };

  it(sweepName('positive cases fire and negative cases stay silent', EVERY), async () => {
    expect(Buffer.byteLength(prefix)).toBeGreaterThan(KEEP_ALL + 1024); // both chunks start in the filler
    let n = 0;
    const skipped: string[] = [];
    // Every rule's short-paste cases, in rule order; a sweep checks 1 in EVERY of them in the fast job.
    const all: Array<{ r: Rule; kind: 'positive' | 'negative'; c: RuleCase; paste: string }> = [];
    for (const r of rules) {
      if (!r.file) continue;
      // Facts about the whole paste (its size, its line count) change when it is buried.
      // Structured outputs (paste.structured.*) are only read from pastes small enough to keep whole.
      // Story facts (story.ts) read a report's own prose lines within a 16 KiB budget: a report buried in a
      // 1,500-line log is another paste for them, by design (test/derive/story.test.ts checks them).
      if (JSON.stringify(r.when).includes('"paste.derived.story.')) continue;
      // Facts derived from the lines themselves (whose gateway a line names; a node-only host told in the
      // paste, Round 36c) are read from the kept lines as from the whole paste: those rules are swept (Round 29c,
      // notes/holdout.md) — connection-refused and supervisor-left read nodeOnlyHost and must not drop out.
      if (JSON.stringify(r.when).replace(/"paste\.derived\.(?:gatewayOwner|nodeOnlyHost(?:\.[a-z]+)?)"/g, '').includes('"paste.')) {
        if (!JSON.stringify(r.when).includes('"paste.structured.')) skipped.push(r.id);
        continue;
      }
      const rc = await loadCases(r.file);
      for (const [kind, list] of [['positive', rc?.positive ?? []], ['negative', rc?.negative ?? []]] as const) {
        for (const c of list as RuleCase[]) if (c.paste !== undefined && c.paste.split('\n').length <= 20) all.push({ r, kind, c, paste: c.paste });
      }
    }
    const checked = sweep(all, EVERY);
    for (const { r, kind, c, paste } of checked) {
      const { small: smallPaste, big: p } = await readBoth(paste);
      const small = evaluateRule(r, await caseFacts(c, smallPaste));
      expect(p!.sampled).toBe(true);
      const big = evaluateRule(r, await caseFacts(c, p!));
      expect(big.status, `${r.id} ${kind} case: ${paste.slice(0, 80)}`).toBe(small.status);
      if (small.status === 'fail') {
        // Same evidence, BURIED lines further down.
        const lines = (ev: typeof small.evidence) => ev.filter((e) => e.source === 'paste').map((e) => e.line);
        expect(lines(big.evidence), r.id).toEqual(lines(small.evidence).map((l) => l! + BURIED));
      }
      n++;
    }
    expect(all.length).toBeGreaterThan(300);
    expect(n).toBeGreaterThan(floorFor(300, checked.length, all.length));
    expect(skipped.length).toBeLessThan(10);
  });
});

describe('anchors cover the rule cases: sweep', () => {
  // Moved from anchors.test.ts (every rule's every case paste read and every matcher tried on each
  // line; 2bv): sampled by rule in the fast job, every rule in the slow one.
  const COVER_EVERY = 4;
  let rules: Rule[];
  beforeAll(async () => {
    rules = await loadBuiltinRules();
  });

  it(sweepName('covers every line a matcher hits in the rule cases (no literal the match can lack)', COVER_EVERY), async () => {
    let checked = 0;
    // What fails, gathered (one `expect` per hit line was most of this test's work).
    const noLiteral: string[] = [];
    const lacking: string[] = [];
    // Every rule's cases (rules in order); a sweep checks the cases of 1 rule in COVER_EVERY in the fast job.
    const withCases = rules.filter((r) => r.file);
    const sampled = sweep(withCases, COVER_EVERY);
    for (const r of sampled) {
      const rc = await loadCases(r.file!);
      // A leaf's literals and regex depend on the leaf only: made once per rule, not per case.
      const leaves = [...pasteLeaves(r.when)].map(({ m }) => ({ m, plain: bestLiterals(matcherCover(m), false), re: new RegExp(m.regex ?? '', 'i') }));
      for (const c of [...(rc?.positive ?? []), ...(rc?.negative ?? [])]) {
        if (c.paste === undefined) continue;
        const p = await pasteFromString(c.paste);
        for (const { m, plain, re } of leaves) {
          for (const ln of p.kept) {
            if (!re.test(ln.text)) continue;
            checked++;
            if (plain === null) noLiteral.push(`${r.id}: ${m.regex}`);
            else if (!plain.some((l) => ln.text.toLowerCase().includes(l))) lacking.push(`${r.id}: ${m.regex} on ${ln.text}`);
          }
        }
      }
    }
    expect(noLiteral, 'matchers that hit a case line and have no literal').toEqual([]);
    expect(lacking, 'hit lines holding none of the matcher\'s literals').toEqual([]);
    expect(withCases.length).toBeGreaterThan(400);
    expect(checked).toBeGreaterThan(floorFor(300, sampled.length, withCases.length));
  });
});

async function caseFacts(c: RuleCase, paste: NonNullable<Facts['paste']>): Promise<Facts> {
  const facts: Facts = { flags: {}, paste };
  for (const [k, v] of Object.entries((c.facts ?? {}) as Record<string, unknown>)) (facts as Record<string, unknown>)[k] = v;
  const version = pickVersion(facts, c.openclawVersion ? { flag: c.openclawVersion } : {});
  if (version && !facts.version) facts.version = version;
  return facts;
}
