// `--fix`: plan config patches from findings, apply them one at a time to the text in memory
// (re-parsing and re-running the rules after each), then show a diff (--dry-run) or back up and
// write atomically, and finally re-read the file from disk and re-run the rules to report what
// changed and what did not clear. Only this module writes files.
// Over ~300 lines on purpose: the one module that writes files (plan, lock, back up, write, verify); its safety checks stay next to the write they guard.
import { promises as fsp } from 'node:fs';
import type { EngineOutput, Facts, Finding, FixTier, Rule } from '../types.js';
import path from 'node:path';
import { analyzeConfigText, decodeConfigBytes, MAX_CONFIG_BYTES } from '../collectors/config/index.js';
import { deriveFacts, type DerivedConfigFacts } from '../derive/index.js';
import { includedFileAt, resolveIncludes } from '../collectors/config/includes.js';
import { applyPatch, PatchError, type ConcreteOp } from './edit.js';
import { planForRule } from './plan.js';
import { FixWriteError, preflightWrite, safeWrite, type WriteStep } from './write.js';
import { widensTrust } from '../rules/trust.js';
import { Redactor } from '../shared/redact.js';
import { runKeysOf, runUserTextOf } from '../rules/key-facts.js';
import { sourcesOf } from '../engine/evaluate.js';

export { applyPatch, applyOpsToText, applyOpsToValue, PatchError, type ConcreteOp } from './edit.js';
export { planPatch, planForRule } from './plan.js';
export { safeWrite, preflightWrite, cleanStaleTemps, writePrivateFile, FixWriteError, type WriteStep } from './write.js';

export interface FixQuestion {
  ruleId: string;
  title: string;
  tier: FixTier;
  summary?: string;
  /** Unified diff of this one fix (secrets masked). */
  diff: string;
}

export interface FixMode {
  /** --fix / --repair: apply the safe tier. */
  apply: boolean;
  /** --dry-run: compute and show the diff, write nothing. */
  dryRun: boolean;
  /** --yes: also apply the prompt tier without asking. */
  yes: boolean;
  /** A TTY is attached: prompt-tier fixes may be asked about one by one. */
  interactive: boolean;
  ask?: (q: FixQuestion) => Promise<boolean>;
}

export interface RunFixOptions {
  facts: Facts;
  rules: Rule[];
  evaluate: (rules: Rule[], facts: Facts) => EngineOutput;
  mode: FixMode;
  /** Environment used to re-derive config facts (`${VAR}` checks); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Upper bound on fixes applied in one run (each is followed by a full re-evaluation). */
  maxSteps?: number;
  /**
   * The run's Redactor (the CLI's and the API's, with every secret the run knows): the diff is masked once,
   * by it with the fixer's secrets added (`redactDiff`), marked in it as a fixer diff, and told the keys of
   * every config the fixer judged. Without one, the fixer's own Redactor over the config's secrets.
   */
  redactor?: Redactor;
  now?: () => Date;
  /** Test hook for crash-safety tests: pause between write steps. */
  stepDelayMs?: number;
  /** Called as each write step completes (start, backup-written, backup-linked, new-written, renamed, done). */
  onWriteStep?: (step: WriteStep) => void;
  /** After a write: the facts re-derived from the file as re-read from disk (the CLI reports on these). */
  onAfterWrite?: (after: Facts) => void;
  /** The planned text (real values) before anything is written; the health-check repair returns it parsed. */
  onPlanned?: (before: string, after: string) => void;
}

export interface AppliedFix {
  ruleId: string;
  title: string;
  tier: FixTier;
  summary?: string;
  ops: ConcreteOp[];
  /** Order in which the fix was applied (1 = first). */
  step: number;
}

export interface SkippedFix {
  ruleId: string;
  title: string;
  tier: FixTier;
  reason: 'manual' | 'needs-yes' | 'declined' | 'unresolvable' | 'precondition-failed' | 'cannot-apply' | 'not-cleared' | 'no-patch' | 'widens-trust' | 'included-file';
  detail?: string;
}

export type FixStatus = 'nothing-to-fix' | 'dry-run' | 'written' | 'unchanged' | 'no-config' | 'unparseable' | 'error';

export interface FixReport {
  status: FixStatus;
  /** The config path as resolved (may be a symlink). */
  path?: string;
  /** The file actually written (symlink target). */
  target?: string;
  backupPath?: string;
  applied: AppliedFix[];
  skipped: SkippedFix[];
  /** Rules whose finding is still there after their fix was applied. */
  notCleared: string[];
  /** Config findings after the fix that were not there before. */
  introduced: string[];
  /** Findings (rule ids) still reported after the fix. */
  remaining: string[];
  /** The same with severities (the CLI recomputes its exit code from these after a write). */
  remainingFindings?: Array<{ ruleId: string; severity: Finding['severity'] }>;
  /** Unified diff, secrets masked. Empty when nothing changed. Paths are `a/<file>` / `b/<file>`,
   *  relative to `patchDir`, so `patch -p1 -d <patchDir>` and `git apply` accept it. */
  diff: string;
  /** The directory the patch applies in (the written file's directory). */
  patchDir?: string;
  /** False when masking changed the printed diff: it cannot be applied as printed. */
  diffApplies?: boolean;
  /** `--patch-out FILE`: where the applicable patch (real values, mode 0600) was written. */
  patchOut?: string;
  /** Lines of the original file that were replaced or removed (1-based). */
  changedLines: number[];
  /** Lines of the original file after which new lines were inserted. */
  insertedAfter: number[];
  steps: number;
  stoppedBecause: 'clean' | 'max-steps' | 'cycle' | 'nothing-applicable';
  error?: string;
  /** After writing: the file was re-read, re-parsed and matched the planned text. */
  verified?: boolean;
}

const DEFAULT_MAX_STEPS = 12;

// The diff with the real values is kept out of the report object, which is serialized into
// `--json` output; only `--patch-out FILE` (written 0600) ever receives it.
const RAW_DIFFS = new WeakMap<FixReport, string>();
export function rawDiffOf(r: FixReport): string | undefined {
  return RAW_DIFFS.get(r);
}

/**
 * The diff as shown, in one pass: the config's secrets and the run's masked as values (Redactor.redactDiff:
 * a word secret such as "gateway" is kept as a key only: review25a). Before, the fixer masked with its own
 * Redactor and the caller's `redactDiff` ran again over the result with the same secrets.
 */
function maskWith(secrets: Iterable<string>, run?: Redactor): (s: string) => string {
  const own = [...secrets].filter((s) => typeof s === 'string' && s.length >= 4);
  const redactor = run ? run.withSecrets(own) : new Redactor(own);
  // Marked so the run's redactJson masks it as a diff (keys keep a word secret) wherever the report carries it.
  return (s: string) => redactor.markFixerDiff(redactor.redactDiff(s));
}

function secretsOf(f: Facts): string[] {
  const s = f.config?.derived?.secrets;
  return Array.isArray(s) ? s.filter((x): x is string => typeof x === 'string') : [];
}

/** A unified diff of one file as `a/<name>` → `b/<name>` (what `patch -p1` and `git apply` expect). */
export async function unifiedDiff(file: string, before: string, after: string): Promise<string> {
  if (before === after) return '';
  const { createTwoFilesPatch, FILE_HEADERS_ONLY } = await import('diff');
  const name = path.basename(file);
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }) ?? '';
}

/**
 * Where `after` differs from `before`, in the original's line numbers: lines replaced or removed,
 * and lines after which new lines were inserted (0 = at the top).
 */
export async function lineChanges(before: string, after: string): Promise<{ changed: number[]; insertedAfter: number[] }> {
  const diff = await unifiedDiff('f', before, after);
  const changed: number[] = [];
  const insertedAfter: number[] = [];
  let line = 0;
  let inHunk = false;
  let lastWasRemoval = false;
  for (const l of diff.split('\n')) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(l);
    if (h) {
      // For an empty old range, the start is the line *before* the insertion.
      line = h[2] === '0' ? Number(h[1]) + 1 : Number(h[1]);
      inHunk = true;
      lastWasRemoval = false;
      continue;
    }
    if (!inHunk || l.startsWith('\\')) continue;
    if (l.startsWith('-')) {
      changed.push(line++);
      lastWasRemoval = true;
    } else if (l.startsWith('+')) {
      if (!lastWasRemoval && !insertedAfter.includes(line - 1)) insertedAfter.push(line - 1);
    } else if (l.startsWith(' ')) {
      line++;
      lastWasRemoval = false;
    }
  }
  return { changed, insertedAfter };
}

/**
 * A patch that would write where an `$include`d file decides the value: the main file is not the
 * place (a key written beside the `$include` silently overrides the included one). Names the file.
 */
function includedTarget(ops: ConcreteOp[], derived: DerivedConfigFacts | undefined): string | undefined {
  if (!derived?.includeFiles) return undefined;
  if (derived.includeError !== undefined) return `the config's $include cannot be resolved (${derived.includeError})`;
  const keyFiles = derived.includedKeys ?? {};
  for (const op of ops) {
    if (op.op === 'test') continue;
    for (const p of [op.path, op.from]) {
      const file = p === undefined ? undefined : includedFileAt(keyFiles, p.replace(/\/-$/, ''));
      if (file) return `${p!.slice(1).split('/').join('.')} is set in ${file}`;
    }
  }
  return undefined;
}

function configFacts(base: Facts, text: string, env: Record<string, string | undefined>): Facts {
  const cfg = base.config!;
  const fresh = analyzeConfigText(text, {
    path: cfg.path,
    reason: cfg.reason,
    env,
    mode: cfg.mode,
    stateDir: cfg.stateDir,
    stateDirMode: cfg.stateDirMode,
    includes: (v) => resolveIncludes(v, cfg.realPath ?? cfg.path),
  });
  if (cfg.realPath) fresh.realPath = cfg.realPath;
  if (cfg.realPath && fresh.derived) fresh.derived.configIsSymlink = true;
  // The same derive stage as the pipeline, over the patched text.
  return deriveFacts({ ...base, config: fresh });
}

/**
 * Failing config rules in report order, then the ones the report hid because another rule
 * explained the same cause (their patch still repairs a real config problem).
 */
function fixCandidates(out: EngineOutput, byId: Map<string, Rule>): Finding[] {
  const shown = new Set(out.findings.map((f) => f.ruleId));
  const hidden: Finding[] = [];
  for (const r of out.results) {
    if (r.status !== 'fail' || shown.has(r.ruleId)) continue;
    const rule = byId.get(r.ruleId);
    if (!rule?.fix.patch?.length) continue;
    hidden.push({ ruleId: rule.id, category: rule.category, severity: rule.severity, status: 'fail', title: rule.title, message: rule.message, evidence: r.evidence, fix: rule.fix, specificity: rule.specificity });
  }
  hidden.sort((a, b) => b.specificity - a.specificity || a.ruleId.localeCompare(b.ruleId));
  return [...out.findings, ...hidden];
}

function captureFor(out: EngineOutput, ruleId: string): Record<string, string> {
  return out.results.find((r) => r.ruleId === ruleId)?.captures ?? {};
}

function describeKind(st: import('node:fs').Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isDirectory()) return 'a directory';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file';
}

function emptyReport(status: FixStatus, extra: Partial<FixReport> = {}): FixReport {
  return { status, applied: [], skipped: [], notCleared: [], introduced: [], remaining: [], diff: '', changedLines: [], insertedAfter: [], steps: 0, stoppedBecause: 'nothing-applicable', ...extra };
}

export async function runFix(opts: RunFixOptions): Promise<FixReport> {
  const { rules, evaluate, mode } = opts;
  const env = opts.env ?? process.env;
  const cfg = opts.facts.config;
  if (!cfg || !cfg.found) return emptyReport('no-config', { path: cfg?.path, error: cfg ? `no config file at ${cfg.path}` : 'no config was collected' });
  const file = cfg.realPath ?? cfg.path;

  // One size and type policy for diagnosis, dry run and fix: the collector read at most
  // MAX_CONFIG_BYTES of a regular file, so the fixer never opens anything else (a FIFO would block).
  try {
    const st = await fsp.stat(file);
    if (!st.isFile()) return emptyReport('error', { path: cfg.path, error: `${file} is not a regular file (${describeKind(st)}); --fix only writes regular files, nothing was changed` });
    if (st.size > MAX_CONFIG_BYTES) {
      return emptyReport('error', { path: cfg.path, error: `${file} is ${st.size} bytes; the diagnosis read at most ${MAX_CONFIG_BYTES} bytes of it, so --fix will not rewrite it (an OpenClaw config is a few KB); nothing was changed` });
    }
  } catch (err) {
    return emptyReport('error', { path: cfg.path, error: `cannot read ${file}: ${(err as Error).message}` });
  }
  let originalBytes: Buffer;
  try {
    originalBytes = await fsp.readFile(file);
  } catch (err) {
    return emptyReport('error', { path: cfg.path, error: `cannot read ${file}: ${(err as Error).message}` });
  }
  const decoded = decodeConfigBytes(originalBytes);
  if (decoded.error) return emptyReport('unparseable', { path: cfg.path, error: decoded.error });
  const original = decoded.text!;
  const bom = originalBytes[0] === 0xef && originalBytes[1] === 0xbb && originalBytes[2] === 0xbf ? '\uFEFF' : '';

  // Always start from what is on disk now, not from possibly stale facts.
  let facts = configFacts(opts.facts, original, env);
  const tellKeys = (f: Facts) => opts.redactor?.tellKeys(() => runKeysOf(f), () => runUserTextOf(f));
  tellKeys(facts);
  if (facts.config?.parseError) {
    const pe = facts.config.parseError;
    return emptyReport('unparseable', { path: cfg.path, error: `${cfg.path}:${pe.line}:${pe.column}: ${pe.message} — fix the syntax first (no automatic fix for syntax errors)` });
  }
  if (facts.config?.derived?.positionsUnavailable) {
    return emptyReport('error', { path: cfg.path, error: `cannot edit this file losslessly (${String(facts.config.derived.positionsUnavailable)}); nothing changed` });
  }

  const byId = new Map(rules.map((r) => [r.id, r]));
  const initial = evaluate(rules, facts);
  const initialIds = new Set(initial.findings.map((f) => f.ruleId));
  const secrets = new Set(secretsOf(facts));
  const applied: AppliedFix[] = [];
  const skipped = new Map<string, SkippedFix>();
  const excluded = new Set<string>();
  const notCleared = new Set<string>();
  const signatures = new Set<string>();
  const decisions = new Map<string, boolean>();
  const seenTexts = new Set<string>([original]);
  let text = original;
  let out = initial;
  let steps = 0;
  let stopped: FixReport['stoppedBecause'] = 'clean';
  const maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;

  const skip = (f: Finding, reason: SkippedFix['reason'], detail?: string) => {
    if (!skipped.has(f.ruleId)) skipped.set(f.ruleId, { ruleId: f.ruleId, title: f.title, tier: f.fix.tier, reason, ...(detail ? { detail } : {}) });
    excluded.add(f.ruleId);
  };

  for (;;) {
    if (steps >= maxSteps) {
      stopped = 'max-steps';
      break;
    }
    let progressed = false;
    for (const f of fixCandidates(out, byId)) {
      if (excluded.has(f.ruleId)) continue;
      const rule = byId.get(f.ruleId);
      if (!rule || !sourcesOf(rule).includes('config')) continue;
      const tier = rule.fix.tier;
      if (!rule.fix.patch?.length) {
        if (tier !== 'manual') skip(f, 'no-patch');
        continue;
      }
      if (tier === 'manual') {
        skip(f, 'manual', 'this fix needs a decision only you can make; see the steps');
        continue;
      }
      const plan = planForRule(rule, facts, captureFor(out, f.ruleId));
      if (!plan) continue;
      if (!('ops' in plan)) {
        skip(f, 'unresolvable', 'error' in plan ? plan.error : plan.unresolved);
        continue;
      }
      const opens = widensTrust(plan.ops);
      if (opens) {
        skip(f, 'widens-trust', opens);
        continue;
      }
      const elsewhere = includedTarget(plan.ops, facts.config?.derived);
      if (elsewhere) {
        skip(f, 'included-file', elsewhere);
        continue;
      }
      const sig = `${f.ruleId}\u0000${JSON.stringify(plan.ops)}`;
      if (signatures.has(sig)) {
        // The same patch again: the first application did not clear the finding.
        notCleared.add(f.ruleId);
        skip(f, 'not-cleared', 'the fix was applied but the rule still reports the problem');
        continue;
      }
      let next: string;
      try {
        next = applyPatch(text, plan.ops);
      } catch (err) {
        if (err instanceof PatchError) {
          skip(f, err.kind === 'test-failed' ? 'precondition-failed' : 'cannot-apply', err.message);
          continue;
        }
        throw err;
      }
      if (next === text) {
        notCleared.add(f.ruleId);
        skip(f, 'not-cleared', 'the patch changes nothing but the rule still reports the problem');
        continue;
      }
      if (tier === 'prompt' && !mode.yes) {
        let ok = decisions.get(sig);
        if (ok === undefined) {
          if (!mode.interactive || !mode.ask || mode.dryRun) {
            skip(f, 'needs-yes', 'confirm with --yes (or run on a terminal to be asked)');
            continue;
          }
          const mask = maskWith([...secrets, ...secretsOf(facts)], opts.redactor);
          ok = await mode.ask({ ruleId: f.ruleId, title: f.title, tier, summary: rule.fix.summary, diff: mask(await unifiedDiff(cfg.path, text, next)) });
          decisions.set(sig, ok);
        }
        if (!ok) {
          skip(f, 'declined');
          continue;
        }
      }
      if (tier === 'safe' && !mode.apply && !mode.dryRun) {
        skip(f, 'needs-yes', 'run with --fix');
        continue;
      }
      signatures.add(sig);
      steps++;
      applied.push({ ruleId: f.ruleId, title: f.title, tier, ...(rule.fix.summary ? { summary: f.fix.summary ?? rule.fix.summary } : {}), ops: plan.ops, step: steps });
      text = next;
      progressed = true;
      break;
    }
    if (!progressed) {
      stopped = applied.length ? 'clean' : 'nothing-applicable';
      break;
    }
    if (seenTexts.has(text)) {
      stopped = 'cycle';
      break;
    }
    seenTexts.add(text);
    facts = configFacts(opts.facts, text, env);
    tellKeys(facts);
    for (const s of secretsOf(facts)) secrets.add(s);
    out = evaluate(rules, facts);
  }

  const finalOut = text === original ? initial : out;
  const remaining = finalOut.findings.map((f) => f.ruleId);
  for (const a of applied) if (remaining.includes(a.ruleId)) notCleared.add(a.ruleId);
  const introduced = finalOut.findings.filter((f) => (byId.get(f.ruleId) ? sourcesOf(byId.get(f.ruleId)!).includes('config') : false) && !initialIds.has(f.ruleId)).map((f) => f.ruleId);
  const mask = maskWith(secrets, opts.redactor);
  const rawDiff = await unifiedDiff(file, original, text);
  const shownDiff = mask(rawDiff);
  const report: FixReport = {
    status: 'nothing-to-fix',
    path: cfg.path,
    target: file,
    applied,
    skipped: [...skipped.values()],
    notCleared: [...notCleared],
    introduced,
    remaining,
    remainingFindings: finalOut.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity })),
    diff: shownDiff,
    patchDir: path.dirname(file),
    diffApplies: shownDiff === rawDiff,
    ...(await lineChanges(original, text).then((c) => ({ changedLines: c.changed, insertedAfter: c.insertedAfter }))),
    steps,
    stoppedBecause: stopped,
  };
  RAW_DIFFS.set(report, rawDiff);
  opts.onPlanned?.(original, text);
  if (text === original) {
    report.status = applied.length ? 'unchanged' : 'nothing-to-fix';
    return report;
  }
  if (mode.dryRun) {
    report.status = 'dry-run';
    try {
      await preflightWrite(cfg.path);
    } catch (err) {
      if (err instanceof FixWriteError) report.error = `a real run would fail: ${err.message}`;
    }
    return report;
  }
  if (!mode.apply) {
    report.status = 'dry-run';
    return report;
  }

  try {
    // A UTF-8 byte order mark (PowerShell's `Out-File -Encoding utf8`) is kept: decoding dropped it.
    const w = await safeWrite(cfg.path, bom + text, { expected: originalBytes, now: opts.now?.(), stepDelayMs: opts.stepDelayMs, onStep: opts.onWriteStep });
    report.target = w.target;
    report.backupPath = w.backupPath;
  } catch (err) {
    report.status = 'error';
    report.error = err instanceof Error ? err.message : String(err);
    return report;
  }

  // Re-read from disk, re-parse, re-run the rules: report what the file now says.
  report.status = 'written';
  try {
    const raw = (await fsp.readFile(report.target!)).toString('utf8');
    const back = bom && raw.startsWith(bom) ? raw.slice(bom.length) : raw;
    const after = configFacts(opts.facts, back, env);
    report.verified = raw === bom + text && !after.config?.parseError;
    opts.onAfterWrite?.(after);
    const verifyOut = evaluate(rules, after);
    report.remaining = verifyOut.findings.map((f) => f.ruleId);
    report.remainingFindings = verifyOut.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity }));
    report.notCleared = [...new Set([...notCleared, ...applied.map((a) => a.ruleId).filter((id) => report.remaining.includes(id))])];
  } catch (err) {
    report.verified = false;
    report.error = `written, but re-reading failed: ${(err as Error).message}`;
  }
  return report;
}

/** Plain-text summary of a fix run (the CLI prints it after the findings). */
export function formatFixReport(r: FixReport): string {
  const lines: string[] = [];
  const where = r.target && r.target !== r.path ? `${r.path} -> ${r.target}` : (r.path ?? '');
  switch (r.status) {
    case 'no-config':
      lines.push(`fix: nothing to do: ${r.error ?? 'no config file'}`);
      return lines.join('\n');
    case 'unparseable':
    case 'error':
      if (!r.applied.length) {
        lines.push(`fix: ${r.error ?? 'failed'}`);
        return lines.join('\n');
      }
      break;
    case 'nothing-to-fix':
      lines.push('fix: no automatic config fix applies.');
      break;
    default:
      break;
  }
  if (r.applied.length) {
    const verb = r.status === 'written' ? 'applied' : r.status === 'error' ? 'planned (NOT written)' : 'would apply';
    lines.push(`fix: ${verb} ${r.applied.length} change${r.applied.length === 1 ? '' : 's'} to ${where}:`);
    // Not `id: summary`: the output is redacted whole, and `…-with-token: Remove …` read as `token: <secret>`.
    for (const a of r.applied) lines.push(`  - [${a.tier}] ${a.ruleId} — ${a.summary ?? a.title}`);
  }
  if (r.diff) lines.push('', r.diff.trimEnd(), '');
  if (r.status === 'written') {
    lines.push(`fix: wrote ${r.target}${r.verified ? ' (re-read and verified)' : ''}; backup of the original: ${r.backupPath}`);
    const parts: string[] = [];
    if (r.changedLines.length) parts.push(`changed line${r.changedLines.length === 1 ? '' : 's'} ${r.changedLines.join(', ')}`);
    if (r.insertedAfter.length) parts.push(`added lines after line${r.insertedAfter.length === 1 ? '' : 's'} ${r.insertedAfter.join(', ')}`);
    if (parts.length) lines.push(`fix: ${parts.join('; ')} of the original file.`);
  } else if (r.status === 'dry-run') {
    lines.push('fix: dry run, nothing written.');
    if (r.diff && r.patchDir) {
      lines.push(
        r.patchOut
          ? `fix: applicable patch written to ${r.patchOut} (mode 0600, real values): patch -p1 -d ${r.patchDir} < ${r.patchOut}`
          : r.diffApplies
            ? `fix: to apply it yourself, save the diff to a file and run: patch -p1 -d ${r.patchDir} < FILE (or --patch-out FILE writes it for you)`
            : 'fix: secrets are masked in the diff above, so it cannot be applied as printed; --patch-out FILE writes an applicable patch (mode 0600).',
      );
    }
  }
  if (r.error) lines.push(`fix: ${r.error}`);
  for (const s of r.skipped) {
    const why: Record<SkippedFix['reason'], string> = {
      manual: 'manual fix (see the steps above)',
      'needs-yes': 'needs confirmation: rerun with --fix --yes',
      declined: 'declined',
      unresolvable: 'not enough information to build the patch',
      'precondition-failed': 'the config no longer matches what the fix expects',
      'cannot-apply': 'the patch cannot be applied to this file',
      'not-cleared': 'the fix did not clear the finding',
      'no-patch': 'no automatic fix',
      'widens-trust': 'not applied automatically because it widens trust; make this change by hand only if you mean to',
      'included-file': 'not applied: the value comes from an $include\'d file; make this change in that file by hand',
    };
    lines.push(`  skipped ${s.ruleId}: ${why[s.reason]}${s.detail && s.reason !== 'manual' && s.reason !== 'needs-yes' ? ` (${s.detail})` : ''}`);
  }
  // Nothing was written on an error: "after the fix" would describe a file that does not exist.
  if (r.status !== 'error') {
    const written = r.status === 'written';
    if (r.notCleared.length) lines.push(`fix: WARNING: still reported ${written ? 'after fixing' : 'after these changes'}: ${r.notCleared.join(', ')}`);
    if (r.introduced.length) lines.push(`fix: WARNING: new findings ${written ? 'after the fix' : 'after these changes'}: ${r.introduced.join(', ')}`);
  }
  if (r.stoppedBecause === 'cycle') lines.push('fix: stopped: the fixes undo each other (cycle).');
  if (r.stoppedBecause === 'max-steps') lines.push('fix: stopped after the maximum number of fixes; run --fix again to continue.');
  return lines.join('\n');
}

/** Ask on a terminal: shows the diff of one fix and reads y/N. */
export function createTtyAsk(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): (q: FixQuestion) => Promise<boolean> {
  // EOF (Ctrl-D) or a closed terminal answers "no" to this and every later question. Before, the
  // pending question kept nothing alive and the process exited silently with code 0, writing
  // none of the fixes and printing no report.
  let eof = false;
  return async (q) => {
    if (eof) return false;
    const { createInterface } = await import('node:readline/promises');
    output.write(`\n${q.title} [${q.ruleId}]\n${q.summary ? q.summary + '\n' : ''}${q.diff}\n`);
    const rl = createInterface({ input, output, terminal: false });
    try {
      const closed = new Promise<undefined>((resolve) => rl.once('close', () => resolve(undefined)));
      const answer = await Promise.race([rl.question('Apply this change? [y/N] ').catch(() => undefined), closed]);
      if (answer === undefined) {
        eof = true;
        output.write('\n(no answer: not applied)\n');
        return false;
      }
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}
