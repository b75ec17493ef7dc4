// The default command: collect facts, evaluate the rules, report, exit 0/1.
import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { evaluate } from '../engine/evaluate.js';
import { pickVersion, type VersionInputs } from '../facts.js';
import { anchorMatchers, BinaryInputError, readPaste, readPasteFile } from '../collectors/paste/read.js';
import { makeChalk, renderHuman } from '../report/human.js';
import { buildReport, type FailOn, type ReportInputs } from '../report/report.js';
import { Redactor } from '../shared/redact.js';
import { UsageError, selectRules, loadRuleSet } from './rule-selection.js';
import type { Facts, Rule } from '../types.js';
import { toolVersion } from '../shared/version/tool.js';
import { wireProbe } from '../collectors/probe/wire.js';
import { maskedEnv, startEnv, wireEnv } from '../collectors/env/wire.js';
import { refreshConfigFacts, wireConfig } from '../collectors/config/wire.js';
import { wireFix } from '../fixer/wire.js';
import { wireFallback } from './fallback.js';

export interface IO {
  stdin: Readable & { isTTY?: boolean };
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  homedir: string;
}

export interface DiagnoseOptions {
  json?: boolean;
  log?: string;
  probe?: boolean; // commander: --no-probe sets false
  config?: string;
  openclawVersion?: string;
  rules?: string[];
  only?: string[];
  skip?: string[];
  failOn?: string;
  [key: string]: unknown;
}

/** Wait this long for the first byte of an implicit (not --log -) stdin pipe. */
const IMPLICIT_STDIN_WAIT_MS = 15_000;

export class InputError extends Error {}

function parseFailOn(v: string | undefined): FailOn {
  const s = (v ?? 'error').toLowerCase();
  if (s === 'info' || s === 'warning' || s === 'error' || s === 'none') return s;
  if (s === 'warn') return 'warning';
  throw new UsageError(`--fail-on must be one of info, warning, error, none (got ${JSON.stringify(v)})`);
}

async function collectPaste(opts: DiagnoseOptions, io: IO, rules: Rule[]): Promise<Facts['paste']> {
  // Past 2 MB only lines hit by the rules' anchors (and their neighbours) are kept; the anchors
  // are derived from the rules only when an input gets that large.
  const base = { anchors: (sample: Buffer[]) => anchorMatchers(rules, sample) };
  try {
    if (opts.log && opts.log !== '-') {
      let st;
      try {
        st = statSync(opts.log);
      } catch (err) {
        throw new InputError(`cannot read log file ${opts.log}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      if (st.isDirectory()) throw new InputError(`--log ${opts.log} is a directory; give a log file or - for stdin`);
      return await readPasteFile(opts.log, base);
    }
    if (opts.log === '-') return (await readPaste(io.stdin, { source: 'stdin', ...base })) ?? emptyPaste('stdin');
    if (io.stdin.isTTY) return undefined;
    return await readPaste(io.stdin, { source: 'stdin', firstByteTimeoutMs: IMPLICIT_STDIN_WAIT_MS, ...base });
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (err instanceof BinaryInputError) {
      throw new InputError(`${opts.log && opts.log !== '-' ? opts.log : 'stdin'}: ${err.message}; pipe the text of an OpenClaw log or error (e.g. openclaw logs | clawkit-doctor)`);
    }
    throw new InputError(`cannot read ${opts.log && opts.log !== '-' ? opts.log : 'stdin'}: ${(err as Error).message}`);
  }
}

function emptyPaste(source: 'stdin' | 'file', file?: string): NonNullable<Facts['paste']> {
  return { source, ...(file ? { file } : {}), bytes: 0, lines: 0, kept: [], sampled: false, binary: false, closes: [], codes: [], requestIds: [], versions: [], urls: [], hosts: [], ports: [], containerHints: [] };
}

export async function diagnose(opts: DiagnoseOptions, io: IO): Promise<number> {
  const failOn = parseFailOn(opts.failOn);
  const facts: Facts = { flags: {} };
  const notCollected: ReportInputs['notCollected'] = [];
  const knownSecrets: string[] = [];
  const versionInputs: VersionInputs = {};
  if (opts.openclawVersion) versionInputs.flag = opts.openclawVersion;
  const inputs: Omit<ReportInputs, 'paste' | 'openclawVersion' | 'unexamined'> = {
    config: null,
    probe: null,
    env: null,
    rules: { count: 0, extraDirs: opts.rules ?? [] },
    notCollected,
  };

  // [wire:config]
  await wireConfig(opts, facts, { env: io.env, homedir: io.homedir, cwd: io.cwd, inputs, notCollected, knownSecrets, versionInputs });

  // [wire:env] Started before the rules are loaded and the paste is read: it mostly waits on the
  // kernel and needs only the config (gateway port); linking it to the paste waits for wireEnv.
  const envStarted = startEnv(opts, facts, { env: io.env, homedir: io.homedir });

  const rules = selectRules(await loadRuleSet(opts.rules ?? []), opts.only ?? [], opts.skip ?? []);
  inputs.rules = { count: rules.length, extraDirs: opts.rules ?? [], ...(opts.only?.length ? { only: opts.only } : {}), ...(opts.skip?.length ? { skip: opts.skip } : {}) };

  const paste = await collectPaste(opts, io, rules);
  if (paste) facts.paste = paste;
  else notCollected.push({ source: 'paste', why: 'no text given (pipe a log or use --log FILE)' });

  await wireEnv(opts, facts, { env: io.env, homedir: io.homedir, inputs, notCollected, knownSecrets, versionInputs }, envStarted);

  // [wire:probe]
  await wireProbe(opts, facts, { env: io.env, stderr: io.stderr, inputs, notCollected, knownSecrets, versionInputs });
  if (opts.probe === false) notCollected.push({ source: 'probe', why: 'skipped (--no-probe)' });
  // The probe links its answer into env.derived (local gateway vs installed CLI): report that too.
  if (facts.env) inputs.env = maskedEnv(facts.env);

  const version = pickVersion(facts, versionInputs);
  if (version) facts.version = version;
  // Config facts that depend on the version or on env/probe facts are derived once all are known.
  refreshConfigFacts(facts);

  const output = evaluate(rules, facts);
  // [wire:fallback] possible causes / what was recognised, when no rule answered strongly.
  const fallback = wireFallback(rules, facts, output);

  const report = buildReport({ toolVersion: toolVersion(), facts, output, failOn, inputs, fallback });

  // [wire:fix]
  await wireFix(opts, facts, report, { rules, evaluate, io, knownSecrets });

  const redactor = new Redactor(knownSecrets);
  if (opts.json) {
    io.stdout.write(JSON.stringify(redactor.redactJson(report), null, 2) + '\n');
  } else {
    io.stdout.write(redactor.redact(renderHuman(report, makeChalk(io.stdout, io.env))));
  }
  return report.summary.exitCode;
}

