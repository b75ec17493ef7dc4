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
import { normalizeVersion } from '../shared/version/calver.js';
import type { Rule } from '../types.js';

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
  /** Cancels the diagnosis: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
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

async function pasteOf(paste: DiagnoseOptions['paste'], rules: Rule[]) {
  if (paste === undefined) return undefined;
  const stream = typeof paste === 'string' ? Readable.from([Buffer.from(paste, 'utf8')]) : Readable.from(paste as AsyncIterable<Buffer | string>);
  return readPaste(stream, { source: 'stdin', anchors: (sample: Buffer[]) => anchorMatchers(rules, sample) });
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
    const collected = await collectFacts(flags, { env, cwd: options.cwd ?? process.cwd(), homedir: options.homedir ?? homedir(), stderr: nullStream() }, { quiet: true, readPaste: (rules) => pasteOf(options.paste, rules) });
    options.signal?.throwIfAborted();
    const { report } = diagnosisOf(collected, options.failOn ?? 'error');
    const doc: DiagnoseReport = { $schema: REPORT_SCHEMA_URI, ...new Redactor(collected.knownSecrets).redactJson(report) };
    CONTEXTS.set(doc, { collected, env });
    return doc;
  };
  // The probe stops at its own deadline (timeoutMs); the caller is answered at once.
  return options.signal ? Promise.race([run(), aborted(options.signal)]) : run();
}
