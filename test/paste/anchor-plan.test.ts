// The anchors' plan shipped in the rules bundle (src/shared/regex/anchor-plan.ts): a large input's
// set-up reads each built-in rule's skeleton instead of its body. It must choose exactly what the
// bodies choose (fails on drift between the build's plan and the run-time derivation), and a plan
// that does not belong to the bundle's rules, or is damaged, must never be used.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorMatchers, inputAnchors, pasteFromString } from '../../src/collectors/paste/read.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { anchorPlan, anchorView, fullMatcher, planCondition, planNode, planReader } from '../../src/shared/regex/anchor-plan.js';
import { matcherKey } from '../../src/shared/regex/anchors.js';
import { isParsed, materialise } from '../../src/rules/lazy.js';
import { BUILTIN_RULES_DIR, BUNDLE_FILE, contentHash, loadBuiltinRules, readAndValidateDir } from '../../src/rules/load.js';
import type { Anchor } from '../../src/shared/regex/anchors.js';
import type { Condition, PasteMatcher, Rule } from '../../src/types.js';

/** A log head with gateway lines of both kinds (the rates then differ from literal to literal). */
function sample(): Buffer[] {
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) {
    const ts = new Date(Date.UTC(2026, 2, 4, 8, 0, i)).toISOString();
    if (i % 3 === 0) lines.push(JSON.stringify({ 0: '{"subsystem":"gateway/ws"}', 1: `webchat connected conn=${i} remote=127.0.0.1`, _meta: { logLevelName: 'DEBUG' }, time: ts }));
    else lines.push(`${ts} [gateway] heartbeat ok agents=${i % 5} queue=${i % 7}`);
    if (i % 997 === 0) lines.push(`${ts} [ws] closed before connect conn=${i} code=1008 reason=pairing required`);
    if (i % 1499 === 0) lines.push(`${ts} [gateway] Gateway failed to start: Error: listen EADDRINUSE: address already in use 127.0.0.1:18789`);
  }
  return [Buffer.from(lines.join('\n') + '\n')];
}

/**
 * Anchors with their whole matchers, as the scanner and a worker see them. Every anchor's `ids.of`
 * is the numbering's whole text list (~7,300 literals): written out per anchor that was ~98 MB of
 * JSON a call, ~90 % of this file's CPU. Each list is written once instead (`tables`, in order of
 * first use, equal contents merged) and an anchor names its list's place: equal exactly when the
 * old per-anchor copies were equal.
 */
function whole(anchors: Anchor[]): unknown {
  const tables: string[] = [];
  const seen = new Map<readonly string[], number>();
  const table = (of: readonly string[]): number => {
    let i = seen.get(of);
    if (i === undefined) {
      const text = JSON.stringify(of);
      i = tables.indexOf(text);
      if (i < 0) i = tables.push(text) - 1;
      seen.set(of, i);
    }
    return i;
  };
  const list = anchors.map((a) => ({ ...a, matcher: fullMatcher(a.matcher), ...(a.ids ? { ids: { ...a.ids, of: table(a.ids.of) } } : {}) }));
  return JSON.parse(JSON.stringify({ anchors: list, tables })) as unknown;
}

/** A fresh load of the shipped bundle (a copy: no rule of it parsed yet, whatever other tests did). */
async function freshRules(mutate?: (text: string, base: number, index: Record<string, [number, number]>) => string): Promise<{ rules: Rule[]; done: () => void }> {
  const text = readFileSync(BUNDLE_FILE, 'latin1');
  const doc = JSON.parse(text) as { indexEnd: number; index: Record<string, [number, number]> };
  const dir = mkdtempSync(join(tmpdir(), 'setup13-plan-'));
  const path = join(dir, 'rules.bundle.json');
  writeFileSync(path, mutate ? mutate(text, doc.indexEnd + ',"rules":['.length, doc.index) : text, 'latin1');
  writeFileSync(join(dir, 'literals.bin'), readFileSync(join(BUNDLE_FILE, '..', 'literals.bin')));
  const rules = await loadBuiltinRules(BUILTIN_RULES_DIR, process.platform, path);
  return { rules, done: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the anchors plan in the rules bundle', () => {
  it('chooses what the rule bodies choose, with and without a sample, and parses no body', async () => {
    const { rules, done } = await freshRules();
    try {
      expect(rules.some(isParsed)).toBe(false);
      const head = sample();
      const planned = whole(await inputAnchors(rules, head));
      const plannedNoSample = whole(await inputAnchors(rules));
      expect(rules.filter(isParsed)).toEqual([]);
      // The run-time path: every body parsed (a parsed rule is read as itself).
      rules.forEach((r) => materialise(r));
      expect(anchorView(rules[0]!)).toBe(rules[0]);
      expect(planned).toEqual(whole(await inputAnchors(rules, head)));
      expect(plannedNoSample).toEqual(whole(await inputAnchors(rules)));
      expect((planned as { anchors: unknown[] }).anchors.length).toBeGreaterThan(100);
    } finally {
      done();
    }
  });

  it('the shipped plan is the one the rule files give now (rebuilt from the validated tree)', async () => {
    const text = readFileSync(BUNDLE_FILE, 'latin1');
    const doc = JSON.parse(text) as { anchors: unknown; anchorMatchers: unknown };
    const { rules } = await readAndValidateDir(BUILTIN_RULES_DIR);
    // The bundle attaches each matcher's cover (non-empty conjunctions only) before writing bodies and plan.
    const covers = (JSON.parse(text) as { covers: Record<string, string[][]> }).covers;
    const { walkConditions } = await import('../../src/shared/conditions.js');
    const { attachExclusionCover } = await import('../../src/shared/regex/cover.js');
    for (const r of rules)
      for (const c of walkConditions(r.when)) {
        const cover = 'paste' in c ? covers[matcherKey(c.paste)] : undefined;
        if ('paste' in c && cover && !cover.some((conj) => conj.length === 0)) c.paste.cover = cover;
        if ('paste' in c) attachExclusionCover(c.paste);
      }
    const { plan, full } = anchorPlan(rules, contentHash(BUILTIN_RULES_DIR));
    expect(doc.anchors).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(doc.anchorMatchers).toEqual(JSON.parse(full));
  });

  it('a plan built for other rules (another content hash) or damaged is not used: the bodies decide, same anchors', async () => {
    const good = await freshRules();
    const want = whole(await inputAnchors(good.rules, sample()));
    good.done();
    const otherHash = await freshRules((text, base, index) => {
      const at = text.indexOf('"contentHash":"', base + index.anchors![0]) + '"contentHash":"'.length;
      return `${text.slice(0, at)}${text[at] === '0' ? '1' : '0'}${text.slice(at + 1)}`;
    });
    try {
      expect(whole(await inputAnchors(otherHash.rules, sample()))).toEqual(want);
      expect(otherHash.rules.filter(isParsed).length).toBeGreaterThan(100); // the bodies were read
    } finally {
      otherHash.done();
    }
    const damaged = await freshRules((text, base, index) => {
      const at = text.indexOf('"rules":[', base + index.anchors![0]) + '"rules":['.length;
      return `${text.slice(0, at)}"${text.slice(at + 1)}`;
    });
    try {
      expect(whole(await inputAnchors(damaged.rules, sample()))).toEqual(want);
    } finally {
      damaged.done();
    }
  });

  it('a whole matcher read for another key or unparsable is remade at run time, never another matcher nor an error', () => {
    const reader = planReader(
      () => ({ contentHash: 'h', matchers: [{ regex: 'a+b' }, { regex: 'c+d' }], at: [1, 17, 33], rules: [[1, 0, 1]] }),
      (from, to) => '[{"regex":"a+c"},{"regex":"c+d"]'.slice(from, to),
      1,
      'h',
    );
    const when = reader(0) as { any: Array<{ paste: PasteMatcher }> };
    expect(when.any.map((c) => c.paste)).toEqual([{ regex: 'a+b' }, { regex: 'c+d' }]);
    // The run-time analysis of the lean matcher (as a user rule's): its own regex, never the part's.
    for (const c of when.any) {
      const m = fullMatcher(c.paste);
      expect(m.regex).toBe(c.paste.regex);
      expect(m.linear).toBeDefined();
      expect(m).not.toBe(c.paste);
    }
    const other = { regex: 'x' };
    expect(fullMatcher(other)).toBe(other);
  });

  it('a whole matcher is read by its own range of the part, never the whole part (issue #13: a large log read all 1.6 MB twice for ~25 matchers)', () => {
    const part = '[{"regex":"a+b","cover":[["ab"]]},{"regex":"c+d","cover":[["cd"]]}]';
    const asked: Array<[number, number]> = [];
    const reader = planReader(
      () => ({ contentHash: 'h', matchers: [{ regex: 'a+b' }, { regex: 'c+d' }], at: [1, 34, 67], rules: [[1, 0, 1]] }),
      (from, to) => (asked.push([from, to]), part.slice(from, to)),
      1,
      'h',
    );
    const when = reader(0) as { any: Array<{ paste: PasteMatcher }> };
    expect(fullMatcher(when.any[1]!.paste)).toEqual({ regex: 'c+d', cover: [['cd']] });
    expect(fullMatcher(when.any[0]!.paste)).toEqual({ regex: 'a+b', cover: [['ab']] });
    fullMatcher(when.any[0]!.paste); // read once
    expect(asked).toEqual([
      [34, 66],
      [1, 33],
    ]);
  });

  it('a damaged byte in the bundle\'s matchers part: a large log gets the answer of the intact bundle (review20b #6)', async () => {
    const lines = (sample()[0]!.toString('utf8') + '2026-03-04T09:00:00.000Z [gateway] Invalid config: gateway.auth: Invalid input: expected object, received string\n').split('\n');
    const text = [...lines.slice(0, 2000), lines.at(-2)!, ...lines.slice(2000)].join('\n');
    const answer = async (rules: Rule[]) => {
      const paste = await pasteFromString(text, { anchors: (head: Buffer[]) => anchorMatchers(rules, head), keepAllBytes: 64 * 1024 });
      expect(paste.sampled).toBe(true);
      const out = evaluate(rules, { paste });
      return { kept: paste.kept.map((k) => k.line), findings: out.findings.map((f) => [f.ruleId, f.evidence.map((e) => e.line)]) };
    };
    const good = await freshRules();
    const want = await answer(good.rules);
    good.done();
    expect(want.findings.map(([id]) => id)).toContain('auth-config-shape/auth-is-string');
    // One byte of each matcher that reads the line (the part's "Invalid"s; the reviewer damaged the first).
    const damaged = await freshRules((t, base, index) => {
      const [from, to] = [base + index.anchorMatchers![0], base + index.anchorMatchers![1]];
      return `${t.slice(0, from)}${t.slice(from, to).replaceAll('Invalid', 'Invalix')}${t.slice(to)}`;
    });
    try {
      expect(await answer(damaged.rules)).toEqual(want);
    } finally {
      damaged.done();
    }
  });
});

describe('skeletons', () => {
  const m = (regex: string): PasteMatcher => ({ regex });
  it('keep all/any/paste, turn not/fact/version and subtrees without a paste matcher into null', () => {
    const ids = new Map<string, number>();
    const number = (p: PasteMatcher) => ids.get(p.regex!) ?? ids.set(p.regex!, ids.size).get(p.regex!)!;
    const when: Condition = {
      all: [
        { paste: m('a') },
        { not: { paste: m('b') } },
        { any: [{ paste: m('c') }, { fact: { path: 'config.x', op: 'exists' } }] },
        { all: [{ version: { range: '>=1.0.0' } }, { not: { paste: m('d') } }] },
      ],
    } as Condition;
    const node = planNode(when, number);
    expect(node).toEqual([0, 0, null, [1, 1, null], null]);
    const back = planCondition(node, [m('a'), m('c')]);
    expect(back).toEqual({ all: [{ paste: m('a') }, { not: { all: [] } }, { any: [{ paste: m('c') }, { not: { all: [] } }] }, { not: { all: [] } }] });
    expect(planNode({ fact: { path: 'config.x', op: 'exists' } } as Condition, number)).toBeNull();
    expect(() => planCondition(7, [])).toThrow(/no such matcher/);
    expect(() => planCondition([2, 0] as never, [m('a')])).toThrow(/bad node/);
  });
});
