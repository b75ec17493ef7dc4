// Runs every rule's positive and negative cases (ESLint RuleTester / Semgrep test style). A case
// gives raw inputs; the real collectors turn them into facts (src/rules/cases/collect.ts). A
// negative must evaluate to `pass`: a rule that skipped for a missing fact said nothing.
import path from 'node:path';
import { evaluate, evaluateRule } from '../engine/evaluate.js';
import type { Evidence, Facts, PasteMatcher, Rule } from '../types.js';
import { walkConditions } from '../shared/conditions.js';
import { notOnLineMatcher, pasteRunner } from '../shared/regex/compile.js';
import { collectCaseFacts } from './cases/collect.js';
import type { RawCase } from './cases/inputs.js';
import { collectInNamespace, needsNamespace } from './cases/netns.js';
import { casesFileFor, loadCases } from './load.js';

export interface CaseFailure {
  ruleId: string;
  kind: 'positive' | 'negative' | 'missing-cases';
  index: number;
  name?: string;
  message: string;
}

export interface CaseReport {
  rules: number;
  cases: number;
  /** Cases that give collected facts directly, each with its `factsBecause`. */
  explained: number;
  /** Negatives written `"expect": "skip"`. */
  intendedSkips: number;
  failures: CaseFailure[];
}

/**
 * Facts for one case: its raw inputs through the collectors (in a child inside namespaces of the
 * case's own when it gives `netns` or `unprivileged`), plus explained direct facts.
 */
export async function factsForCase(c: RawCase, dir: string): Promise<Facts> {
  const facts = needsNamespace(c) ? await collectInNamespace(c, dir) : await collectCaseFacts(c, dir);
  for (const [k, v] of Object.entries(c.facts ?? {})) (facts as Record<string, unknown>)[k] = v;
  return facts;
}

/** Why the case is not an honest test, or undefined. */
function dishonesty(c: RawCase, kind: 'positive' | 'negative'): string | undefined {
  if (c.facts && !c.factsBecause) return 'gives collected facts directly: write the raw input (paste, config, machine, cli, gateway) or say why none can produce them (factsBecause)';
  if (c.expect === 'skip' && kind === 'positive') return '"expect": "skip" is for negative cases';
  return undefined;
}

export interface RunCasesOptions {
  /** Where a case's facts come from (default factsForCase): a caller evaluating a second rule list on the same cases can collect once. */
  factsFor?: (c: RawCase, dir: string) => Promise<Facts>;
  /** The rules a case marked `top` must come first among (default: the rules whose cases run). */
  catalogue?: Rule[];
}

export async function runRuleCases(rules: Rule[], opts: RunCasesOptions = {}): Promise<CaseReport> {
  const failures: CaseFailure[] = [];
  let cases = 0;
  let explained = 0;
  let intendedSkips = 0;
  const factsFor = opts.factsFor ?? factsForCase;
  const plans = await Promise.all(rules.map((rule) => planRule(rule)));
  // Cases, not rules, run a few at a time: a case mostly waits on its temporary files and loopback
  // replay. A rule's cases one after another kept its lane for their sum (rate-limit/loopback-auth-
  // delay: a 7 s and a 5 s failure-delay wait in a row) while the rest of the catalogue had finished.
  const jobs = plans.flatMap((p) => p.toCollect);
  const collected = await inPool(jobs, 8, (j) => factsFor(j.c, j.dir).then((facts) => ({ facts }), (err: unknown) => ({ err })));
  const byJob = new Map(jobs.map((j, i) => [j, collected[i]!]));
  for (const [i, rule] of rules.entries()) {
    const r = judgeRule(rule, plans[i]!, opts.catalogue ?? rules, byJob);
    failures.push(...r.failures);
    cases += r.cases;
    explained += r.explained;
    intendedSkips += r.intendedSkips;
  }
  return { rules: rules.length, cases, explained, intendedSkips, failures };
}

/**
 * `work` on every item, at most `width` at once, results in the items' order. A pool, not batches:
 * a batch waited for its slowest rule (one with namespace cases: a child process each) while the
 * other seven slots sat idle.
 */
export async function inPool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return out;
}

interface CaseJob {
  c: RawCase;
  dir: string;
}
interface RulePlan {
  /** Failures found before any input is collected (no cases file, another rule named). */
  early: CaseFailure[];
  /** Each case with its input to collect, or why it is refused before collecting (dishonesty). */
  list: Array<{ kind: 'positive' | 'negative'; index: number; c: RawCase; job?: CaseJob; refused?: string }>;
  toCollect: CaseJob[];
}
type Collected = { facts: Facts } | { err: unknown };

async function planRule(rule: Rule): Promise<RulePlan> {
  const plan: RulePlan = { early: [], list: [], toCollect: [] };
  if (!rule.file) return plan;
  const rc = await loadCases(rule.file);
  if (!rc) {
    plan.early.push({ ruleId: rule.id, kind: 'missing-cases', index: -1, message: 'no .cases.json beside the rule' });
    return plan;
  }
  if (rc.rule !== rule.id) plan.early.push({ ruleId: rule.id, kind: 'missing-cases', index: -1, message: `cases file names rule ${rc.rule}` });
  const dir = path.dirname(casesFileFor(rule.file));
  for (const [kind, list] of [['positive', rc.positive], ['negative', rc.negative]] as const) {
    for (let i = 0; i < list.length; i++) {
      const c = list[i]! as RawCase;
      const refused = dishonesty(c, kind);
      const job = refused ? undefined : { c, dir };
      if (job) plan.toCollect.push(job);
      plan.list.push({ kind, index: i, c, ...(job ? { job } : {}), ...(refused ? { refused } : {}) });
    }
  }
  return plan;
}

function judgeRule(rule: Rule, plan: RulePlan, rules: Rule[], byJob: Map<CaseJob, Collected>): Omit<CaseReport, 'rules'> {
  const failures: CaseFailure[] = [...plan.early];
  let cases = 0;
  let explained = 0;
  let intendedSkips = 0;
  const exclusions = exclusionsOf(rule);
  for (const { kind, index: i, c, job, refused } of plan.list) {
    cases++;
    const base = { ruleId: rule.id, kind, index: i, ...(c.name ? { name: c.name } : {}) };
    if (!job) {
      failures.push({ ...base, message: refused! });
      continue;
    }
    if (c.facts) explained++;
    if (c.expect === 'skip') intendedSkips++;
    const got = byJob.get(job)!;
    if ('err' in got) {
      const err = got.err;
      failures.push({ ...base, message: `inputs could not be collected: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    const facts = got.facts;
    const r = evaluateRule(rule, facts);
    const why = r.reason ? ` (${r.reason})` : '';
    if (r.status === 'error') failures.push({ ...base, message: `rule errored: ${r.reason}` });
    else if (kind === 'positive' && r.status !== 'fail') failures.push({ ...base, message: `expected the rule to fire, got ${r.status}${why}` });
    else if (kind === 'negative' && r.status === 'fail') failures.push({ ...base, message: `expected no finding, but it fired on: ${r.evidence.map((e) => e.text ?? e.path).join(' | ')}` });
    else if (kind === 'negative' && c.expect === 'skip' && r.status !== 'skip') failures.push({ ...base, message: `expected the rule to skip, got ${r.status}` });
    else if (kind === 'negative' && c.expect !== 'skip' && r.status === 'skip') failures.push({ ...base, message: `expected the rule to evaluate to pass, but it skipped${why}: give the inputs it reads, or write "expect": "skip"` });
    else if (kind === 'positive' && c.top) {
      const top = evaluate(rules, facts).findings[0];
      if (top?.ruleId !== rule.id) failures.push({ ...base, message: `expected to be the first finding, but first was ${top?.ruleId ?? 'nothing'}` });
    }
    if (kind === 'negative' ? r.status !== 'fail' : r.status === 'fail') for (const x of exclusions) x.shown(kind, facts, r.evidence);
  }
  for (const x of exclusions) {
    const lacking = x.lacking();
    if (lacking) failures.push({ ruleId: rule.id, kind: lacking, index: -1, message: `notOnLine ${JSON.stringify(x.source.length > 60 ? `${x.source.slice(0, 60)}…` : x.source)} is shown by no ${lacking} case: ${lacking === 'negative' ? 'give a negative whose paste has a line the regex matches and notOnLine rules out' : 'give a positive that fires through a regex carrying it (its evidence line) while another line the regex matches is ruled out by notOnLine (the exclusion is that line\'s only)'}` });
  }
  return { cases, explained, intendedSkips, failures };
}

/**
 * A rule's same-line exclusions (notOnLine; matchers sharing one are one) as its cases must show them: a
 * negative (passing) with a line one of its regexes matches that notOnLine rules out, and a positive (firing)
 * through one of those regexes — an evidence line it matches — while another line it matches is ruled out by
 * notOnLine: the per-line meaning, both ways (a paste-wide `not` would pass the negative, not the positive; review28d:
 * an X line anywhere beside a finding from another condition showed nothing).
 */
function exclusionsOf(rule: Rule): Array<{ source: string; shown(kind: 'positive' | 'negative', facts: Facts, evidence: Evidence[]): void; lacking(): 'positive' | 'negative' | undefined }> {
  const bySource = new Map<string, PasteMatcher[]>();
  for (const c of walkConditions(rule.when)) {
    if (!('paste' in c) || c.paste.regex === undefined || c.paste.notOnLine === undefined) continue;
    const list = bySource.get(c.paste.notOnLine) ?? [];
    bySource.set(c.paste.notOnLine, [...list, c.paste]);
  }
  return [...bySource].map(([source, matchers]) => {
    // pasteRunner(m) runs the regex alone; the exclusion is applied by execLine (shared/regex/exec.ts).
    const x = pasteRunner(notOnLineMatcher(matchers[0]!)!);
    const seen = { positive: false, negative: false };
    return {
      source,
      shown(kind, facts, evidence) {
        const lines = facts.paste?.kept ?? [];
        const ruledOut = (m: PasteMatcher) => lines.filter((l) => x.exec(l.text) !== null && pasteRunner(m).exec(l.text) !== null).map((l) => l.line);
        if (kind === 'negative') seen.negative ||= matchers.some((m) => ruledOut(m).length > 0);
        else
          seen.positive ||= matchers.some((m) => {
            const out = ruledOut(m);
            // Fired through m: an evidence line (not one ruled out) that m's regex matches.
            return out.length > 0 && evidence.some((e) => e.source === 'paste' && e.line !== undefined && !out.includes(e.line) && lines.some((l) => l.line === e.line && pasteRunner(m).exec(l.text) !== null));
          });
      },
      lacking: () => (!seen.negative ? 'negative' : !seen.positive ? 'positive' : undefined),
    };
  });
}
