// The engine: a pure function from (rules, facts) to results and ranked findings.
// No I/O here; a rule that throws ends as `error` and never stops the run.
import type { EngineOutput, Evidence, FactSource, Facts, Finding, Fix, Rule, RuleResult } from '../types.js';
import { requiredSources } from './sources.js';
import { resolvePath, splitPath } from './paths.js';
import { evalCondition, factEvidence, factLeafFalse, literalsHeld, scanCoverLiterals, versionLeafFalse } from './conditions.js';
import { spendBound } from './budget-bound.js';
import { budgetWeight, compileGates, gateOf, GateRun, numberedGate, type FactGate, type GateFacts, type GateTable, type VersionGate } from './gate.js';
import { budgetFor } from '../shared/regex/budget.js';
import { renderTemplate, type TemplateValues } from './template.js';
import { rankFindings } from './rank.js';
import { heldBack, leansOnRows, rowsReason } from './held.js';
import { maskedFacts } from './masked.js';


const inferred = new WeakMap<Rule, FactSource[]>();

/** Sources inferred at build time (the rules bundle): working them out costs ~10 ms per start. */
export function presetSources(rule: Rule, sources: FactSource[]): void {
  inferred.set(rule, sources);
}

/** The sources a rule cannot fire without: its declaration, else inferred from its conditions. */
export function sourcesOf(rule: Rule): FactSource[] {
  if (rule.facts) return rule.facts;
  let s = inferred.get(rule);
  if (!s) inferred.set(rule, (s = requiredSources(rule.when)));
  return s;
}

/**
 * A rule's literal gate (gate.ts): where it starts in a gate table (-1: none), the table's literals
 * (numbered in `lits`), and its budget weight. From the rules bundle's index (all built-in rules
 * share one table and one literal list), from the user-rules cache's (one per cache file), else
 * worked out from `when`.
 */
interface GateInfo {
  table: GateTable;
  at: number;
  lits: readonly string[];
  weight: number;
}

const gates = new WeakMap<Rule, GateInfo>();

/** The rule's gate is the one starting at `at` in `table` (-1: none), its literals numbered in `lits`. */
export function presetGate(rule: Rule, table: GateTable, at: number, lits: readonly string[], weight: number): void {
  gates.set(rule, { table, at, lits, weight });
}

function gateInfo(rule: Rule): GateInfo {
  let g = gates.get(rule);
  if (!g) {
    const gate = gateOf(rule.when);
    const lits: string[] = [];
    const { table, at } = compileGates([gate && numberedGate(gate, lits)]);
    gates.set(rule, (g = { table, at: at[0]!, lits, weight: budgetWeight(rule.when) }));
  }
  return g;
}

/**
 * What the gates are checked against in one evaluate() (undefined when gates may not decide, see
 * gatesOn): per literal table, which literals the paste holds; per fact leaf, whether it is false.
 */
interface GateContext {
  facts: Facts;
  paste: Facts['paste'];
  tables: Map<readonly string[], Uint8Array>;
  factLeaves: Map<string, boolean>;
  /** Per gate table, its leaves decided so far (the leaves' answers are shared through factLeaves). */
  runs: Map<GateTable, GateRun>;
}

function gateFacts(ctx: GateContext, lits: readonly string[]): GateFacts {
  return {
    held() {
      const paste = ctx.paste;
      if (!paste) return undefined;
      let h = ctx.tables.get(lits);
      if (!h) ctx.tables.set(lits, (h = literalsHeld(paste, lits)));
      return h;
    },
    factAbsent(leaf: FactGate) {
      const key = leaf.u ? `1${leaf.fact}` : `0${leaf.fact}`;
      let no = ctx.factLeaves.get(key);
      if (no === undefined) ctx.factLeaves.set(key, (no = factLeafFalse(leaf.fact, leaf.u === 1, ctx.facts)));
      return no;
    },
    versionAbsent(leaf: VersionGate) {
      const key = `${leaf.u ? 'v1' : 'v0'}${leaf.version}`;
      let no = ctx.factLeaves.get(key);
      if (no === undefined) ctx.factLeaves.set(key, (no = versionLeafFalse(leaf.version, leaf.u === 1, ctx.facts)));
      return no;
    },
  };
}

export function evaluateRule(rule: Rule, facts: Facts): RuleResult {
  return ruleResult(rule, facts, undefined);
}

function missingSourcesOf(rule: Rule, facts: Facts): FactSource[] {
  return sourcesOf(rule).filter((src) => src !== 'version' && facts[src] === undefined);
}

/** Whether the rule's gate is absent on these facts: its evaluation would end `pass` (gate.ts). */
function gateDecides(rule: Rule, on: GateContext): boolean {
  const { table, at, lits } = gateInfo(rule);
  if (at < 0) return false;
  let run = on.runs.get(table);
  if (!run) on.runs.set(table, (run = new GateRun(table, gateFacts(on, lits))));
  return run.absent(at);
}

/** Failing results whose rule fired only through a version condition held by its default (no release known). */
const releaseAssumed = new WeakSet<RuleResult>();

/** on: what gates are checked against, when gates may decide (see evaluate). */
function ruleResult(rule: Rule, facts: Facts, on: GateContext | undefined): RuleResult {
  const missingSources = missingSourcesOf(rule, facts);
  if (missingSources.length > 0) {
    return { ruleId: rule.id, status: 'skip', reason: `not collected: ${missingSources.join(', ')}`, missing: missingSources, evidence: [], captures: {} };
  }
  // Its gate absent (literals from the paste, or facts with no value): the evaluation would end
  // `pass` (gate.ts); not parsed, not run.
  if (on && gateDecides(rule, on)) return { ruleId: rule.id, status: 'pass', evidence: [], captures: {} };
  try {
    let r = evalCondition(rule.when, facts);
    if (r.truth === 'unknown') {
      const missing = [...new Set(r.missing)];
      return { ruleId: rule.id, status: 'skip', reason: `unknown: ${missing.join(', ')}`, missing, evidence: [], captures: {} };
    }
    const sources = sourcesOf(rule);
    if (!r.truth) {
      // A rule about the paste alone whose `not` reads a held row's words (a table's "pairing required") fires on the rest.
      const masked = sources.every((s) => s === 'paste' || s === 'version') ? maskedFacts(facts) : undefined;
      const m = masked && evalCondition(rule.when, masked);
      if (!m || m.truth !== true || !m.evidence.some((e) => e.source === 'paste') || heldBack(m.evidence, masked, sources)) return { ruleId: rule.id, status: 'pass', evidence: [], captures: {} };
      r = m;
    }
    let other = heldBack(r.evidence, facts, sources);
    // Leaning on a held row: the rule fires again on the rest of the paste (the report's own lines) or is held.
    if (leansOnRows(r.evidence, facts, sources)) {
      const masked = maskedFacts(facts)!;
      const m = evalCondition(rule.when, masked);
      if (m.truth === true && !heldBack(m.evidence, masked, sources)) [r, other] = [m, undefined];
      else other ??= rowsReason(facts, r.evidence);
    }
    if (other) return { ruleId: rule.id, status: 'pass', reason: other, evidence: [], captures: {} };
    const bound = boundValues(rule, facts);
    const out: RuleResult = { ruleId: rule.id, status: 'fail', evidence: dedupeEvidence([...r.evidence, ...bound.evidence]), captures: { ...bound.values, ...r.captures } };
    if (r.assumed) releaseAssumed.add(out);
    return out;
  } catch (err) {
    return { ruleId: rule.id, status: 'error', reason: err instanceof Error ? err.message : String(err), evidence: [], captures: {} };
  }
}

/** The rule's `bind` map: each name gets the first value at its fact path, when there is one (quoted as evidence). */
function boundValues(rule: Rule, facts: Facts): { values: Record<string, string>; evidence: Evidence[] } {
  const values: Record<string, string> = {};
  const evidence: Evidence[] = [];
  for (const [name, path] of Object.entries(rule.bind ?? {})) {
    const hit = resolvePath(facts, splitPath(path)).find((r) => r.value !== undefined);
    if (!hit) continue;
    values[name] = typeof hit.value === 'string' ? hit.value : JSON.stringify(hit.value);
    evidence.push(factEvidence(facts, hit.path, hit.value));
  }
  return { values, evidence };
}

function dedupeEvidence(evidence: RuleResult['evidence']): RuleResult['evidence'] {
  // Same source, line, path and text: one piece. The text is compared, not hashed into the key: a
  // quoted line can be 64 KiB, and a rule's pieces quote the same kept line (one string) again.
  const seen = new Map<string, string[]>();
  const out = [];
  for (const e of evidence) {
    const key = `${e.source}:${e.line ?? ''}:${e.path ?? ''}`;
    const text = e.text ?? '';
    const texts = seen.get(key);
    if (!texts) seen.set(key, [text]);
    else if (texts.includes(text)) continue;
    else texts.push(text);
    out.push(e);
  }
  // Pre-computed `*.derived.*` facts only explain a finding when nothing with a position does — except a
  // derived fact about one line (story.ts), which quotes that line: dropping it left a story finding bare.
  const positioned = out.some((e) => typeof e.line === 'number');
  const shown = positioned ? out.filter((e) => !(e.path && e.path.includes('.derived.') && typeof e.line !== 'number')) : out;
  // Pasted lines in reading order, then other facts.
  return shown.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

/** Template names every rule may use without binding them (filled below when known). */
export const BUILTIN_TEMPLATE_NAMES = ['version', 'versionSource', 'configPath', 'probeUrl', 'requestId'] as const;

function templateValues(facts: Facts, captures: Record<string, string>): TemplateValues {
  const v: TemplateValues = {};
  if (facts.version) {
    v.version = facts.version.value;
    v.versionSource = facts.version.source;
  }
  if (facts.config) v.configPath = facts.config.path;
  if (facts.probe) v.probeUrl = facts.probe.url;
  const firstRequestId = facts.paste?.requestIds[0]?.id;
  if (firstRequestId) v.requestId = firstRequestId;
  return { ...v, ...captures };
}

function renderFix(fix: Fix, values: TemplateValues): Fix {
  const out: Fix = { tier: fix.tier, steps: fix.steps.map((s) => renderTemplate(s, values)) };
  if (fix.summary) out.summary = renderTemplate(fix.summary, values);
  if (fix.commands) out.commands = fix.commands.map((c) => renderTemplate(c, values));
  if (fix.patch) {
    out.patch = fix.patch.map((op) => (typeof op.value === 'string' ? { ...op, value: renderTemplate(op.value, values) } : { ...op }));
  }
  if (fix.docs) out.docs = [...fix.docs];
  return out;
}

/**
 * Whether rules' gates may decide. A rule skipped by its gate spends none of the paste's matching
 * budget, so the lines the budget could not pay for (reported) could differ from a full
 * evaluation's; with a paste, gates decide only when the evaluation could not use up what is left
 * of the budget even with no rule skipped (budget-bound.ts: each distinct pattern reads each of its
 * candidate lines at most once). With the built-in rules that holds for any one line up to 64 KiB.
 * Without a paste nothing is charged: gates always decide (fact leaves only).
 */
function gatesOn(rules: readonly Rule[], facts: Facts): GateContext | undefined {
  const paste = facts.paste;
  const on: GateContext = { facts, paste, tables: new Map(), factLeaves: new Map(), runs: new Map() };
  if (!paste) return on;
  // The bound counts candidate lines from the pass over a large paste for every cover literal.
  scanCoverLiterals(rules, facts);
  const budget = budgetFor(paste);
  const left = budget.total - budget.spent;
  // Not `>`: a bound that is no number never lets gates decide.
  return spendBound(rules, paste, left, (r) => gateInfo(r).weight) <= left ? on : undefined;
}

/** The rules whose gate is absent on these facts: decided `pass` unevaluated (tests, benchmarks). */
export function decidedByGate(rules: readonly Rule[], facts: Facts): Set<string> {
  const on = gatesOn(rules, facts);
  const out = new Set<string>();
  if (!on) return out;
  // A rule with a source missing is skipped before its gate is looked at.
  for (const r of rules) if (missingSourcesOf(r, facts).length === 0 && gateDecides(r, on)) out.add(r.id);
  return out;
}

/** Whether gates decide rules on these facts (tests). */
export function gatesDecide(rules: readonly Rule[], facts: Facts): boolean {
  return gatesOn(rules, facts) !== undefined;
}

export function evaluate(rules: Rule[], facts: Facts): EngineOutput {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const on = gatesOn(rules, facts);
  const results = rules.map((r) => ruleResult(r, facts, on));
  const failing = results.filter((r) => r.status === 'fail');
  const failingIds = new Set(failing.map((r) => r.ruleId));

  // A specific rule hides the generic ones it refines.
  const suppressedBy = new Map<string, string>();
  for (const r of failing) {
    for (const target of byId.get(r.ruleId)?.supersedes ?? []) {
      if (failingIds.has(target) && !suppressedBy.has(target)) suppressedBy.set(target, r.ruleId);
    }
  }

  let findings: Finding[] = [];
  for (const r of failing) {
    if (suppressedBy.has(r.ruleId)) continue;
    const rule = byId.get(r.ruleId)!;
    const values = templateValues(facts, r.captures);
    const finding: Finding = {
      ruleId: rule.id,
      category: rule.category,
      severity: rule.severity,
      status: 'fail',
      title: rule.title,
      message: renderTemplate(rule.message, values),
      evidence: r.evidence,
      fix: renderFix(rule.fix, values),
      specificity: rule.specificity,
    };
    const hidden = [...suppressedBy.entries()].filter(([, by]) => by === rule.id).map(([id]) => id);
    if (hidden.length) finding.supersedes = hidden;
    if (rule.references) finding.references = rule.references;
    findings.push(finding);
  }
  // A rule fired with no release known through a version condition that held by default (not one
  // that fired through a branch with no version condition: conditions.ts `assumed`).
  const ranksAfter = new Map<string, readonly string[]>();
  for (const f of findings) {
    const after = byId.get(f.ruleId)?.ranksAfter;
    if (after?.length) ranksAfter.set(f.ruleId, after);
  }
  findings = rankFindings(findings, new Set(failing.filter((r) => releaseAssumed.has(r)).map((r) => r.ruleId)), ranksAfter, facts.paste?.derived?.story);

  // The same cause is reported once: the best-ranked rule for a cause wins.
  const seenCause = new Map<string, string>();
  const suppressed = [...suppressedBy.entries()].map(([ruleId, by]) => ({ ruleId, by }));
  findings = findings.filter((f) => {
    const cause = byId.get(f.ruleId)?.cause ?? f.ruleId;
    const winner = seenCause.get(cause);
    if (winner) {
      suppressed.push({ ruleId: f.ruleId, by: winner });
      return false;
    }
    seenCause.set(cause, f.ruleId);
    return true;
  });

  return { findings, suppressed, results };
}
