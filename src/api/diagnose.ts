// `diagnose(options)` for programs: the same pipeline as the CLI (src/commands/pipeline.ts) and the
// same document as `--json`, with no terminal output, no stdin, no process.exit and no state shared
// between calls. The facts behind a report stay attached to it (not serialised) for planFixes.
import { homedir } from 'node:os';
import { Readable, Writable } from 'node:stream';
import { anchorMatchers, readPaste } from '../collectors/paste/read.js';
import { collectFacts, diagnosisOf, type Collected } from '../commands/pipeline.js';
import { UsageError } from '../commands/rule-selection.js';
import { REPORT_SCHEMA_URI, type FailOn, type Report } from '../report/report.js';
import { Redactor } from '../shared/redact.js';
import { runKeysOf, runLinesOf, runUserTextOf } from '../rules/key-facts.js';
import { publicProse } from '../report/public-prose.js';
import { normalizeVersion } from '../shared/version/calver.js';
import type { Facts, Rule } from '../types.js';

export interface DiagnoseOptions {
  /** Pasted error text or a log: a string, or a readable stream read to its end. */
  paste?: string | NodeJS.ReadableStream;
  /** OpenClaw config file (default: found the way OpenClaw finds it). */
  configPath?: string;
  /** OpenClaw profile: ~/.openclaw-<name>/openclaw.json. */
  profile?: string;
  /** Gateway to probe (ws, wss, http or https URL). */
  url?: string;
  token?: string;
  password?: string;
  /** false: do not connect to the gateway (`--no-probe`). */
  probe?: boolean;
  /** false: do not look at this machine (`--no-env`). */
  env?: boolean;
  openclawVersion?: string;
  /** Extra rule directories. */
  rules?: string[];
  only?: string[];
  skip?: string[];
  /** Overall deadline of the live probe (ms, default 4000). */
  timeoutMs?: number;
  /** Severity at which summary.exitCode becomes 1 (default "error"). */
  failOn?: FailOn;
  /** Cancels the diagnosis: the promise rejects with the signal's reason (a paste stream is destroyed). */
  signal?: AbortSignal;
  /**
   * Stop reading a `paste` stream after this long and diagnose what was read (as `--max-wait`);
   * the rest is reported in `inputs.unexamined`. Default: read to its end.
   */
  maxWaitMs?: number;
  /** Environment variables OpenClaw would see (default process.env); never modified. */
  processEnv?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * The home directory to look in (default: this process's). Without `processEnv` it wins over the
   * inherited HOME, USERPROFILE and OPENCLAW_HOME (OpenClaw's home override); with `processEnv`,
   * that environment's HOME/OPENCLAW_HOME decide, as they would for OpenClaw.
   */
  homedir?: string;
}

/** The `--json` document (schema/report.schema.json). */
export type DiagnoseReport = Report & { $schema: string };

/** What planFixes needs from a diagnosis; kept off the report so it never reaches JSON. */
export interface DiagnosisContext {
  collected: Collected;
  env: NodeJS.ProcessEnv;
}
const CONTEXTS = new WeakMap<object, DiagnosisContext>();
export function contextOf(report: object): DiagnosisContext | undefined {
  return CONTEXTS.get(report);
}

const FAIL_ON = new Set(['info', 'warning', 'error', 'none']);

function flagsOf(o: DiagnoseOptions): import('../commands/diagnose.js').DiagnoseOptions {
  if (o.openclawVersion !== undefined && !normalizeVersion(o.openclawVersion)) throw new UsageError(`openclawVersion ${JSON.stringify(o.openclawVersion)} is not an OpenClaw version (e.g. 2026.3.13)`);
  if (o.failOn !== undefined && !FAIL_ON.has(o.failOn)) throw new UsageError(`failOn must be one of info, warning, error, none (got ${JSON.stringify(o.failOn)})`);
  const flags: import('../commands/diagnose.js').DiagnoseOptions = { json: true, rules: o.rules ?? [], only: o.only ?? [], skip: o.skip ?? [] };
  if (o.configPath !== undefined) flags.config = o.configPath;
  if (o.profile !== undefined) flags.profile = o.profile;
  if (o.url !== undefined) flags.url = o.url;
  if (o.token !== undefined) flags.token = o.token;
  if (o.password !== undefined) flags.password = o.password;
  if (o.probe === false) flags.probe = false;
  if (o.env === false) flags.env = false;
  if (o.openclawVersion !== undefined) flags.openclawVersion = o.openclawVersion;
  if (o.timeoutMs !== undefined) flags.timeout = o.timeoutMs;
  return flags;
}

/**
 * The environment the diagnosis reads (audit23 F16): an explicit `homedir` without `processEnv`
 * replaces the home this process inherited, else the caller would read (and planFixes/applyFixes
 * target) its own config. Other OPENCLAW_* variables (state dir, config path) still apply.
 */
export function envOf(options: Pick<DiagnoseOptions, 'processEnv' | 'homedir'>): NodeJS.ProcessEnv {
  if (options.processEnv) return options.processEnv;
  if (options.homedir === undefined) return process.env;
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: options.homedir };
  delete env.USERPROFILE;
  delete env.OPENCLAW_HOME;
  return env;
}

async function pasteOf(options: DiagnoseOptions, rules: Rule[], unread: NonNullable<Facts['unread']>) {
  const { paste, maxWaitMs } = options;
  if (paste === undefined) return undefined;
  if (maxWaitMs !== undefined && !(Number.isFinite(maxWaitMs) && maxWaitMs > 0)) throw new UsageError(`maxWaitMs must be a number of milliseconds above 0 (got ${JSON.stringify(maxWaitMs)})`);
  const source = typeof paste === 'string' ? Readable.from([Buffer.from(paste, 'utf8')]) : Readable.from(paste as AsyncIterable<Buffer | string>);
  const cut = () => unread.push({ source: 'paste', what: `the paste stream was still open after maxWaitMs ${maxWaitMs} ms: what was read by then was checked, the rest was not read.` });
  // On abort the caller's stream goes at once (diagnose rejects at once; the reader stops at its next chunk).
  if (typeof paste !== 'string') options.signal?.addEventListener('abort', () => (paste as Partial<Readable>).destroy?.(), { once: true });
  const stream = Readable.from(bounded(source, options.signal, maxWaitMs, cut));
  return readPaste(stream, { source: 'stdin', anchors: (sample: Buffer[]) => anchorMatchers(rules, sample) });
}

const CUT = Symbol('cut');
/** Yield to timers this often while a stream always has data (its chunks come in microtasks). */
const YIELD_EVERY_MS = 20;

/**
 * A paste stream read so that it ends (audit23 F4): a stream that always has data is read in
 * microtasks, where no timer — the caller's abort, a deadline — ever runs; this yields to the
 * event loop every YIELD_EVERY_MS, stops at the signal (rejecting with its reason) or at maxWaitMs
 * (`onCut`, then the end), and destroys the source either way.
 */
async function* bounded(source: Readable, signal: AbortSignal | undefined, maxWaitMs: number | undefined, onCut: () => void): AsyncGenerator<Buffer | string> {
  const it = source[Symbol.asyncIterator]();
  const deadline = maxWaitMs !== undefined ? Date.now() + maxWaitMs : undefined;
  let turn = Date.now();
  try {
    for (;;) {
      if (Date.now() - turn >= YIELD_EVERY_MS) {
        await new Promise<void>((r) => setImmediate(r));
        turn = Date.now();
      }
      signal?.throwIfAborted();
      const next = deadline !== undefined && Date.now() >= deadline ? CUT : await nextOrStop(it, signal, deadline);
      if (next === CUT) {
        onCut();
        return;
      }
      if (next.done) return;
      yield next.value as Buffer | string;
    }
  } finally {
    source.destroy();
  }
}

/** The next chunk, or CUT at the deadline, or the signal's reason thrown: whichever comes first. */
function nextOrStop(it: AsyncIterator<unknown>, signal: AbortSignal | undefined, deadline: number | undefined): Promise<IteratorResult<unknown> | typeof CUT> {
  if (!signal && deadline === undefined) return it.next();
  return new Promise((resolve, reject) => {
    const timer = deadline !== undefined ? setTimeout(() => done(() => resolve(CUT)), Math.max(0, deadline - Date.now())) : undefined;
    const onAbort = () => done(() => reject(signal!.reason));
    const done = (settle: () => void) => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    it.next().then(
      (r) => done(() => resolve(r)),
      (err: unknown) => done(() => reject(err)),
    );
  });
}

/** A sink for the spinner's stream: the library never writes to the terminal. */
function nullStream(): NodeJS.WriteStream {
  return new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream;
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export async function diagnose(options: DiagnoseOptions = {}): Promise<DiagnoseReport> {
  options.signal?.throwIfAborted();
  const flags = flagsOf(options);
  const env = envOf(options);
  const run = async (): Promise<DiagnoseReport> => {
    const collected = await collectFacts(flags, { env, cwd: options.cwd ?? process.cwd(), homedir: options.homedir ?? homedir(), stderr: nullStream() }, { quiet: true, readPaste: (rules, unread) => pasteOf(options, rules, unread) });
    options.signal?.throwIfAborted();
    const { report } = diagnosisOf(collected, options.failOn ?? 'error');
    const doc: DiagnoseReport = { $schema: REPORT_SCHEMA_URI, ...new Redactor(collected.knownSecrets).tellKeys(() => runKeysOf(collected.facts), () => runUserTextOf(collected.facts)).tellLines(runLinesOf(collected.facts)).redactJson(report, publicProse(collected.rules)) };
    CONTEXTS.set(doc, { collected, env });
    return doc;
  };
  // The probe stops at its own deadline (timeoutMs); the caller is answered at once.
  return options.signal ? Promise.race([run(), aborted(options.signal)]) : run();
}
