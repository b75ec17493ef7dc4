// The default command: collect facts, evaluate the rules (./pipeline.ts, shared with the library),
// then render the report and return the exit code.
import { fstatSync, statSync } from 'node:fs';
import { isatty } from 'node:tty';
import { PassThrough, type Readable } from 'node:stream';
import { evaluate } from '../engine/evaluate.js';
import { anchorMatchers, BinaryInputError, canReadFd, readPaste, readPasteFd, readPasteFile, type ReadPasteOptions } from '../collectors/paste/read.js';
import type { FailOn } from '../report/report.js';
import { Redactor } from '../shared/redact.js';
import { runKeysOf, runLinesOf, runUserTextOf } from '../rules/key-facts.js';
import { UsageError } from './rule-selection.js';
import type { Facts, Rule } from '../types.js';
import { fixRequested, wireFix } from '../fixer/wire.js';
import { machineStdout, resolveFormat, writeReport } from './output.js';
import { checkFollowFlags, followDiagnosis } from './follow.js';
import { makeChalk } from '../report/human.js';
import { collectFacts, diagnosisOf } from './pipeline.js';
import { holdYoungGeneration, releaseYoungGeneration } from '../shared/young-gen.js';
import { collectGarbage } from '../shared/full-gc.js';
import { shedBundleBytes } from '../rules/bundle-file.js';

export interface IO {
  stdin: Readable & { isTTY?: boolean };
  /** The descriptor behind `stdin` when it is the process's own (untouched until read): the paste reader then reads it itself. */
  stdinFd?: number;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  homedir: string;
  /** How long an implicit stdin (not a terminal, no --log) may stay silent before it is given up (default 15 s; tests shorten it). */
  stdinWaitMs?: number;
}

export interface DiagnoseOptions {
  json?: boolean;
  /** human | json | sarif | github | markdown (`--json` = json). */
  format?: string;
  /** Write the formatted report here; the human report still goes to stdout. */
  output?: string;
  log?: string;
  probe?: boolean; // commander: --no-probe sets false
  config?: string;
  openclawVersion?: string;
  /** --proxy-ip: the reverse proxy's address as the gateway sees it (evidence, never guessed). */
  proxyIp?: string;
  rules?: string[];
  only?: string[];
  skip?: string[];
  failOn?: string;
  /** Follow a log that may never end (stdin or --log FILE). */
  follow?: boolean;
  /** Seconds to read a stdin that stays open before diagnosing what was read. */
  maxWait?: string;
  [key: string]: unknown;
}

/** Wait this long for the first byte of an implicit (not --log -) stdin pipe. */
const IMPLICIT_STDIN_WAIT_MS = 15_000;
/** A stdin still open after this long gets a hint on stderr (it is read until it ends). */
const STDIN_HINT_MS = 3_000;

export class InputError extends Error {}

function parseFailOn(v: string | undefined): FailOn {
  const s = (v ?? 'error').toLowerCase();
  if (s === 'info' || s === 'warning' || s === 'error' || s === 'none') return s;
  if (s === 'warn') return 'warning';
  throw new UsageError(`--fail-on must be one of info, warning, error, none (got ${JSON.stringify(v)})`);
}

function checkLogFile(file: string): void {
  let st;
  try {
    st = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    // `--log --json`: the word after --log is its file, as in every option parser; say so rather than ENOENT alone.
    const hint = code === 'ENOENT' && file.startsWith('-') && file !== '-' ? ` (the word after --log is its file; for stdin use --log -, for a file named ${file} use --log ./${file})` : '';
    throw new InputError(`cannot read log file ${file}: ${code}${hint}`);
  }
  if (st.isDirectory()) throw new InputError(`--log ${file} is a directory; give a log file or - for stdin`);
}

/** --max-wait <seconds>: a positive number. */
function parseMaxWait(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = Number(v);
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`--max-wait must be a number of seconds above 0 (got ${JSON.stringify(v)})`);
  return Math.round(s * 1000);
}

async function collectPaste(opts: DiagnoseOptions, io: IO, rules: Rule[], maxWaitMs: number | undefined, unread: NonNullable<Facts['unread']>): Promise<Facts['paste']> {
  // Past 2 MB only lines hit by the rules' anchors (and their neighbours) are kept; the anchors
  // are derived from the rules only when an input gets that large.
  let large = false;
  const onLarge = () => {
    large = true;
    holdYoungGeneration();
  };
  // Twice a full collection (src/shared/full-gc.ts): after the set-up, whose garbage (~4 MiB of peak
  // at 20 MB through stdin, notes/perf.md Round 21h) would otherwise last into the scan (once the scan
  // is SET_UP_GC_AFTER past it: a log that ends sooner is collected once), and after the read.
  // The anchors' derivation parses every rule body, which reads the rules bundle whole: that copy goes
  // before the scan (3.5 MiB of the peak, notes/perf.md Round 22g; the evaluation reads by range again).
  const anchors = async (sample: Buffer[]) => {
    try {
      return await anchorMatchers(rules, sample);
    } finally {
      shedBundleBytes();
    }
  };
  const base = { anchors, onLarge, onSetUp: collectGarbage };
  try {
    return await readPasteOf(opts, io, base, maxWaitMs, unread);
  } finally {
    // What the scan left behind goes before the evaluation, where a large log's peak memory is reached.
    if (large) collectGarbage();
  }
}

/**
 * Text on stdin beside `--log FILE` is not read (audit23 F12): say so. Only a pipe or a non-empty file
 * counts; a terminal, /dev/null or a socket (a parent's default child stdio) does not. Never reads
 * stdin (it may never end). A non-empty file was redirected on purpose: input not read (exit 1). A
 * pipe may be empty or not ours to read — a CI runner can feed its own script to the shell through
 * stdin (GitLab's) — so it is a note on stderr and leaves the exit code alone.
 */
function stdinBesideLog(io: IO, file: string): { kind: 'pipe' | 'file'; what: string } | undefined {
  if (io.stdinFd === undefined) return undefined;
  let st;
  try {
    st = fstatSync(io.stdinFd);
  } catch {
    return undefined;
  }
  const kind = st.isFIFO() ? 'pipe' : st.isFile() && st.size > 0 ? 'file' : undefined;
  return kind && { kind, what: `stdin is a ${kind} and was not read: with --log ${file} only that file is. To have both checked, concatenate them (cat ${file} - | clawkit-doctor --log -).` };
}

/** A log given with --log that holds no text: nothing was diagnosed from it (audit23 F6), never "no problem". */
function emptyLogNote(paste: NonNullable<Facts['paste']>, name: string): string | undefined {
  const blank = paste.bytes === 0 || (!paste.sampled && !paste.unkept && !paste.cutLines && paste.kept.every((l) => !l.text.trim()));
  return blank ? `the log you gave (${name}) is empty: nothing was diagnosed from it. Check that the command writing it succeeded (e.g. openclaw logs may have failed before printing).` : undefined;
}

async function readPasteOf(opts: DiagnoseOptions, io: IO, base: Pick<ReadPasteOptions, 'anchors' | 'onLarge' | 'onSetUp'>, maxWaitMs: number | undefined, unread: NonNullable<Facts['unread']>): Promise<Facts['paste']> {
  const given = await readGivenLog(opts, io, base, maxWaitMs, unread);
  if (given) {
    const note = emptyLogNote(given, opts.log === '-' ? 'stdin' : opts.log!);
    if (note && !unread.length) unread.push({ source: 'paste', what: note });
    if (opts.log !== '-') {
      const stdin = stdinBesideLog(io, opts.log!);
      if (stdin?.kind === 'file') unread.push({ source: 'paste', what: stdin.what });
      else if (stdin) io.stderr.write(`clawkit-doctor: note: ${stdin.what}\n`);
    }
    return given;
  }
  return readImplicitStdin(opts, io, base, maxWaitMs, unread);
}

/** The paste of `--log FILE|-`, or undefined when --log was not given. */
async function readGivenLog(opts: DiagnoseOptions, io: IO, base: Pick<ReadPasteOptions, 'anchors' | 'onLarge' | 'onSetUp'>, maxWaitMs: number | undefined, unread: NonNullable<Facts['unread']>): Promise<Facts['paste']> {
  if (!opts.log) return undefined;
  try {
    if (opts.log !== '-') {
      checkLogFile(opts.log);
      return await readPasteFile(opts.log, base);
    }
    return (await readStdin(io, { source: 'stdin', ...base }, maxWaitMs, unread)) ?? emptyPaste('stdin');
  } catch (err) {
    throw inputError(opts, err);
  }
}

async function readImplicitStdin(opts: DiagnoseOptions, io: IO, base: Pick<ReadPasteOptions, 'anchors' | 'onLarge' | 'onSetUp'>, maxWaitMs: number | undefined, unread: NonNullable<Facts['unread']>): Promise<Facts['paste']> {
  try {
    if (io.stdinFd !== undefined ? isatty(io.stdinFd) : io.stdin.isTTY) return undefined;
    // A pipe that stays open and silent is given up on, but never taken for "no paste": what
    // arrives later is not read (a slow `openclaw logs | …`), so it is said and fails the gate.
    const waitMs = io.stdinWaitMs ?? IMPLICIT_STDIN_WAIT_MS;
    const silent = () =>
      unread.push({
        source: 'paste',
        what: `stdin stayed open with nothing on it for ${waitMs / 1000} s, so it was not read and nothing on it was checked. Pass --log - to wait for it, or run with </dev/null when there is no log to check.`,
      });
    return await readStdin(io, { source: 'stdin', firstByteTimeoutMs: waitMs, onFirstByteTimeout: silent, ...base }, maxWaitMs, unread);
  } catch (err) {
    throw inputError(opts, err);
  }
}

function inputError(opts: DiagnoseOptions, err: unknown): InputError {
  if (err instanceof InputError) return err;
  const name = opts.log && opts.log !== '-' ? opts.log : 'stdin';
  if (err instanceof BinaryInputError) return new InputError(`${name}: ${err.message}; pipe the text of an OpenClaw log or error (e.g. openclaw logs | clawkit-doctor)`);
  return new InputError(`cannot read ${name}: ${(err as Error).message}`);
}

/**
 * A stdin that stays open (`tail -f` without --follow) gets a hint on stderr after a few seconds,
 * so the user is never left staring at nothing; with --max-wait the read stops there and what was
 * read is diagnosed.
 */
async function readStdin(io: IO, readOpts: ReadPasteOptions, maxWaitMs: number | undefined, unread: NonNullable<Facts['unread']>): Promise<Facts['paste']> {
  const hint = setTimeout(() => io.stderr.write('clawkit-doctor: reading stdin until it ends; use --follow for a live log, or --max-wait <s> to stop waiting\n'), STDIN_HINT_MS);
  hint.unref();
  // Large chunks into reused buffers (readPasteFd); --max-wait cuts a stream, so it keeps one.
  if (io.stdinFd !== undefined && maxWaitMs === undefined && canReadFd(io.stdinFd)) {
    try {
      return await readPasteFd(io.stdinFd, readOpts);
    } finally {
      clearTimeout(hint);
    }
  }
  let source: Readable = io.stdin;
  let wrapped: PassThrough | undefined;
  let cut = false;
  if (maxWaitMs !== undefined) source = io.stdin.pipe((wrapped = new PassThrough()));
  const limit =
    wrapped &&
    setTimeout(() => {
      cut = true;
      io.stdin.unpipe(wrapped);
      wrapped!.end();
    }, maxWaitMs);
  try {
    const paste = await readPaste(source, readOpts);
    // What was read is diagnosed; the rest of the stream is input that was not read (exit 1).
    if (cut) {
      const n = paste?.lines ?? 0;
      unread.push({
        source: 'paste',
        what: `stdin was still open after --max-wait ${maxWaitMs! / 1000} s: the ${n} line${n === 1 ? '' : 's'} read by then ${n === 1 ? 'was' : 'were'} checked, anything after ${n === 1 ? 'it' : 'them'} was not read. Give a longer --max-wait, or pass a log that ends (e.g. \`openclaw logs --limit 500\`), to have it all checked.`,
      });
    }
    return paste;
  } finally {
    clearTimeout(hint);
    clearTimeout(limit);
    // The rest of an open stdin is not wanted: it must not keep the process alive.
    if (wrapped && !io.stdin.readableEnded) io.stdin.destroy();
  }
}

function emptyPaste(source: 'stdin' | 'file', file?: string): NonNullable<Facts['paste']> {
  return { source, ...(file ? { file } : {}), bytes: 0, lines: 0, kept: [], sampled: false, binary: false, closes: [], codes: [], requestIds: [], versions: [], urls: [], hosts: [], ports: [], containerHints: [] };
}

export async function diagnose(opts: DiagnoseOptions, io: IO): Promise<number> {
  try {
    return await diagnoseOnce(opts, io);
  } finally {
    // Held by a large paste (collectPaste); let go before the launcher stores its code cache,
    // which V8 keys on its flags.
    releaseYoungGeneration();
  }
}

async function diagnoseOnce(opts: DiagnoseOptions, io: IO): Promise<number> {
  const failOn = parseFailOn(opts.failOn);
  const format = resolveFormat(opts); // a bad --format is a usage error before anything runs
  if (opts.follow) checkFollowFlags(opts, format);
  if (opts.follow && opts.log && opts.log !== '-') checkLogFile(opts.log);
  const maxWaitMs = parseMaxWait(opts.maxWait);
  // A document on stdout: no spinner, no prompts and no fix text may interleave with it.
  const quietOpts = machineStdout(opts) ? { ...opts, json: true } : opts;
  const collected = await collectFacts(opts, { env: io.env, homedir: io.homedir, cwd: io.cwd, stderr: io.stderr }, {
    quiet: machineStdout(opts),
    // [wire:follow] The log is read as it comes, after everything else (below).
    readPaste: opts.follow ? undefined : (rules, unread) => collectPaste(opts, io, rules, maxWaitMs, unread),
    // One evaluation only: the fixer and --follow evaluate again over other facts (pipeline.ts PipelineHooks).
    deferOwners: !fixRequested(opts) && !opts.follow,
  });
  const { facts, rules, knownSecrets, versionInputs } = collected;

  // The run's Redactor: told this run's config keys (a word secret that is a key is kept where a KEY fact shows it).
  const redactor = new Redactor(knownSecrets).tellKeys(() => runKeysOf(facts), () => runUserTextOf(facts)).tellLines(runLinesOf(facts));
  if (opts.follow) {
    const cfg = facts.config?.found ? facts.config.path : undefined;
    // A followed paste arrives after the first events: no word secret is kept as a key (2bs Left; the run masks
    // it as a key too, as when the paste shows it).
    return followDiagnosis({ io, rules, facts, versionInputs, failOn, redactor: redactor.keysUnproven(), chalk: makeChalk(io.stdout, io.env), format, ...(opts.log && opts.log !== '-' ? { log: opts.log } : {}), ...(cfg ? { configFile: cfg } : {}) });
  }

  const { output, report } = diagnosisOf(collected, failOn);

  // [wire:fix]
  await wireFix(quietOpts, facts, report, { rules, evaluate, io, redactor });

  await writeReport(opts, report, { io, rules, facts, output, redactor });
  return report.summary.exitCode;
}

