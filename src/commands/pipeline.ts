// The diagnosis pipeline shared by the CLI (`diagnose`) and the library (`src/api/`): collect the
// facts (config, env, rules, paste, probe, version), then evaluate and build the report. Nothing
// here writes to stdout or exits; everything it needs comes in through its arguments, so two runs
// in one process share no state.
import { evaluate } from '../engine/evaluate.js';
import { pickVersion, type VersionInputs } from '../facts.js';
import { buildReport, type FailOn, type Report, type ReportInputs } from '../report/report.js';
import { selectRules, loadRuleSet } from './rule-selection.js';
import type { EngineOutput, Facts, Rule } from '../types.js';
import { toolVersion } from '../shared/version/tool.js';
import { startProbe } from '../collectors/probe/wire.js';
import { maskedEnv, startEnv, wireEnv } from '../collectors/env/wire.js';
import { lookUpListenerOwners, ownersPending, readsOwners, skipListenerOwners } from '../collectors/env/owners.js';
import { mayReadPending, undecidedWithoutPending } from '../engine/pending.js';
import { wireConfig } from '../collectors/config/wire.js';
import { deriveEnvFacts, deriveFacts } from '../derive/index.js';
import { proxyIpFlag } from '../collectors/flags/proxy-ip.js';
import { wireFallback } from './fallback.js';
import type { DiagnoseOptions } from './diagnose.js';

export interface PipelineIO {
  env: NodeJS.ProcessEnv;
  cwd: string;
  homedir: string;
  /** Only the probe's spinner writes here, and only on a terminal when not quiet. */
  stderr: NodeJS.WriteStream;
}

export interface PipelineHooks {
  /** No spinner: stdout (or the caller) takes a machine-readable document. */
  quiet: boolean;
  /**
   * Reads the paste once the rules are known (its anchors come from them); undefined = none.
   * Input it was given but did not read goes to `unread` (the report's `inputs.unexamined`).
   */
  readPaste?: (rules: Rule[], unread: NonNullable<Facts['unread']>) => Promise<Facts['paste']>;
  /**
   * Leave the listeners' processes (the /proc/<pid>/fd walk) until after the derive stage and skip them
   * when no rule could read them (settleOwners). Only for a run that evaluates once: the fixer
   * (--fix, --repair, --dry-run) and the library's fix planning evaluate again over a changed config,
   * and --follow over later paste lines, so those callers leave this unset (the walk runs at once).
   */
  deferOwners?: boolean;
}

export interface Collected {
  facts: Facts;
  rules: Rule[];
  inputs: Omit<ReportInputs, 'paste' | 'openclawVersion' | 'unexamined'>;
  knownSecrets: string[];
  versionInputs: VersionInputs;
  /** Rules the skipped owner walk left undecided → the other facts they lack (reported as skipped: notExamined). */
  undecided?: ReadonlyMap<string, string[]>;
}

export async function collectFacts(opts: DiagnoseOptions, io: PipelineIO, hooks: PipelineHooks): Promise<Collected> {
  const quietOpts = hooks.quiet ? { ...opts, json: true } : opts;
  const facts: Facts = { flags: opts.proxyIp !== undefined ? { proxyIp: proxyIpFlag(opts.proxyIp) } : {} };
  const notCollected: ReportInputs['notCollected'] = [];
  const knownSecrets: string[] = [];
  const versionInputs: VersionInputs = {};
  if (opts.openclawVersion) versionInputs.flag = opts.openclawVersion;
  const inputs: Collected['inputs'] = {
    config: null,
    probe: null,
    env: null,
    rules: { count: 0, extraDirs: opts.rules ?? [] },
    notCollected,
  };

  // [wire:config]
  await wireConfig(opts, facts, { env: io.env, homedir: io.homedir, cwd: io.cwd, inputs, notCollected, knownSecrets, versionInputs });

  // [wire:probe] Started first: a refused or absent gateway is answered by its TCP connect, which
  // then waits for nothing else; filed after the env facts (below).
  const probeCtx = { env: io.env, stderr: io.stderr, inputs, notCollected, knownSecrets, versionInputs };
  const probeStarted = startProbe(quietOpts, facts, probeCtx);
  probeStarted.catch(() => {}); // awaited below; a flag error must not surface as an unhandled rejection first
  // One turn of the event loop: the probe reaches its connect() before the synchronous rule loading.
  if (opts.probe !== false) await new Promise<void>((r) => setImmediate(r));

  // [wire:env] Started before the rules are loaded and the paste is read: it mostly waits on the
  // kernel and needs only the config (gateway port); linking it to the paste waits for wireEnv.
  // With hooks.deferOwners the listeners' processes are looked up after the derive stage, when a
  // rule could read them (settleOwners); otherwise at once.
  const envStarted = startEnv(opts, facts, { env: io.env, homedir: io.homedir, collect: { deferOwners: hooks.deferOwners === true } });

  const rules = selectRules(await loadRuleSet(opts.rules ?? []), opts.only ?? [], opts.skip ?? []);
  inputs.rules = { count: rules.length, extraDirs: opts.rules ?? [], ...(opts.only?.length ? { only: opts.only } : {}), ...(opts.skip?.length ? { skip: opts.skip } : {}) };

  const unread: NonNullable<Facts['unread']> = [];
  const paste = hooks.readPaste ? await hooks.readPaste(rules, unread) : undefined;
  if (paste) facts.paste = paste;
  else if (!opts.follow && !unread.length) notCollected.push({ source: 'paste', why: 'no text given (pipe a log or use --log FILE)' });
  if (unread.length) facts.unread = unread;

  await wireEnv(opts, facts, { env: io.env, homedir: io.homedir, inputs, notCollected, knownSecrets, versionInputs }, envStarted);

  (await probeStarted)();
  if (opts.probe === false) notCollected.push({ source: 'probe', why: 'skipped (--no-probe)' });

  const version = pickVersion(facts, versionInputs);
  if (version) facts.version = version;
  // [derive] Once, after every collector: facts that combine the config with the version, the
  // paste, the environment and the flags.
  deriveFacts(facts);
  const undecided = new Map<string, string[]>();
  if (await settleOwners(facts, rules, undecided)) deriveEnvFacts(facts);
  knownSecrets.push(...(facts.config?.derived?.secrets ?? []));
  // env.derived (links to the paste and the probe included) is in the report too.
  if (facts.env) inputs.env = maskedEnv(facts.env);
  return { facts, rules, inputs, knownSecrets, versionInputs, ...(undecided.size ? { undecided } : {}) };
}

/** Evaluate the rules on collected facts and build the report (not yet redacted). */
export function diagnosisOf(c: Collected, failOn: FailOn): { output: EngineOutput; report: Report } {
  const output = evaluate(c.rules, c.facts);
  if (c.undecided) notExamined(output, c.undecided);
  // [wire:fallback] possible causes / what was recognised, when no rule answered strongly.
  const fallback = wireFallback(c.rules, c.facts, output);
  const report = buildReport({ toolVersion: toolVersion(), facts: c.facts, output, failOn, inputs: c.inputs, fallback });
  return { output, report };
}

/**
 * A rule left undecided by the skipped owner walk (it could not fire, but with the owners known it might
 * have ended unknown): evaluated with them absent it may say `pass`, which nothing showed. Reported as
 * a skip that names the owners and the facts that kept it from firing (e.g. `probe` under --no-probe).
 */
function notExamined(output: EngineOutput, undecided: ReadonlyMap<string, string[]>): void {
  for (const [i, r] of output.results.entries()) {
    const other = undecided.get(r.ruleId);
    if (!other || r.status !== 'pass') continue;
    const missing = ['env.listeners.pid', ...other];
    const why = `not examined: the listeners' processes were not looked up${other.length ? ` (the rule cannot fire without ${other.join(', ')})` : ''}`;
    output.results[i] = { ruleId: r.ruleId, status: 'skip', reason: why, missing, evidence: [], captures: {} };
  }
}

/**
 * After the derive stage: look up the listeners' processes the environment collector left pending
 * when some rule could read them with every other fact known (true: looked up, env.derived is to be
 * derived again), else record that they were not looked up.
 */
async function settleOwners(facts: Facts, rules: readonly Rule[], undecided: Map<string, string[]>): Promise<boolean> {
  const env = facts.env;
  if (!env || !ownersPending(env)) return false;
  if (!mayReadPending(rules, facts, 'env', readsOwners)) {
    for (const [id, other] of undecidedWithoutPending(rules, facts, 'env', readsOwners)) undecided.set(id, other);
    skipListenerOwners(env);
    return false;
  }
  await lookUpListenerOwners(env);
  return true;
}
