// Command-line entry: parses flags, dispatches, and maps every failure to an exit code.
// 0 clean, 1 findings at or above --fail-on, 2 the doctor itself could not run.
import { homedir } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { diagnose, InputError, type DiagnoseOptions, type IO } from './commands/diagnose.js';
import { UsageError } from './commands/rule-selection.js';
import type { OpenclawLintOptions } from './commands/openclaw-lint.js';
import { RuleLoadError } from './rules/load.js';
import { BundleDamagedError } from './rules/bundle-file.js';
import { REPORT_SCHEMA_URI, SCHEMA_VERSION } from './report/report.js';
import { FORMATS } from './report/format.js';
import { Redactor } from './shared/redact.js';
import { outputStream } from './shared/stdio.js';
import { toolVersion } from './shared/version/tool.js';
import { normalizeVersion } from './shared/version/calver.js';
import { FAIL_ON_CHOICES, parseRootArgs, PROBE_CLIENT_CHOICES } from './cli-args.js';

export { useImporter } from './shared/esm-import.js';

/**
 * What the last main() ran, for the launcher (bin/clawkit-doctor.js): a code cache written after
 * a diagnosis holds the compiled diagnosis path, one written after --help does not.
 */
export const runInfo = { diagnosed: false };

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--openclaw-version banana` is a usage error (exit 2), not a silently unknown version. */
/** `--log A --log B` would read only B and could answer "no problem" about A: a second one is a usage error (exit 2). */
function once(flag: string, hint: string) {
  return (value: string, previous: string | undefined): string => {
    if (previous !== undefined) throw new InvalidArgumentError(`${flag} was given twice (${previous}, then ${value}); only one is read. ${hint}`);
    return value;
  };
}

function openclawVersionArg(value: string): string {
  if (!normalizeVersion(value)) throw new InvalidArgumentError('not an OpenClaw version (e.g. 2026.3.13, v2026.3.2, 2026.2.22-1).');
  return value;
}

export function defaultIO(): IO {
  return {
    // Touched only when the paste comes from stdin: creating process.stdin costs a few ms.
    get stdin() {
      return process.stdin;
    },
    stdinFd: 0,
    // A pipe or a file is written directly (no net.Socket, no node:net): src/shared/stdio.ts.
    stdout: outputStream(1),
    stderr: outputStream(2),
    env: process.env,
    cwd: process.cwd(),
    homedir: homedir(),
  };
}

const EXIT_CODES_HELP = `
Exit codes:
  0  no finding at or above --fail-on (default: error)
  1  a finding at or above --fail-on, or input that was given but not fully examined
  2  the doctor could not run (bad flags, invalid rule file, unreadable input, unwritable --output)
  3  a --fix that was asked for could not be written (file changed or locked by another writer,
     read-only, not a regular file, too large); nothing was changed, the reason is on stderr
`;

// The subcommands load on first use: the rule test runner pulls in ws, http(s), tls and crypto
// (its replay gateway), which a diagnosis never needs (~30 ms of start-up on Node 22/24).
const rulesCommands = () => import('./commands/rules.js');

/**
 * Whether every argument is an option of the diagnosis (the root command) or such an option's value,
 * read as commander reads them (Command#parseOptions): then no argument can name a subcommand, and
 * commander parses them the same with or without the subcommands defined. Anything else — an
 * operand, `--`, `-h`/`--help`, an unknown option, a group of short flags, an optional value —
 * answers false, and the whole program is built.
 */
export function onlyRootOptions(program: Command, args: string[]): boolean {
  const find = (flag: string) => program.options.find((o) => o.long === flag || o.short === flag);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.length < 2 || arg[0] !== '-' || arg === '--') return false;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const option = find(eq > 2 ? arg.slice(0, eq) : arg);
    if (!option || option.optional || option.variadic) return false;
    if (eq > 2) {
      if (!option.required) return false; // `--json=1`: commander's error, from the whole program
    } else if (option.required) i++; // its value, whatever it looks like
  }
  return true;
}

/**
 * The program; `argv` given, the subcommands are defined only when an argument may name one
 * (onlyRootOptions): a diagnosis does not build them (~0.8 ms of a small paste on Node 22, issue #13).
 */
export function buildProgram(io: IO, setCode: (code: number) => void, onError?: (message: string) => void, redact: (s: string) => string = (s) => s, argv?: string[]): Command {
  const program = new Command();
  // Before any .command(): subcommands copy these settings when they are created, so `explain`
  // without an id or `rules bogus` also end in exit 2 with a `clawkit-doctor:` line.
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    outputError: (s, write) => {
      const msg = redact(s.replace(/^error: /, ''));
      onError?.(msg.trim());
      write(`clawkit-doctor: ${msg}`);
    },
  });
  program
    .enablePositionalOptions()
    .name('clawkit-doctor')
    .description('Diagnose why an OpenClaw client cannot connect to its gateway, and fix the config when it safely can.\nPipe an error or log in (openclaw logs | clawkit-doctor), or run it on the gateway host.')
    .version(toolVersion(), '-V, --version', 'print the clawkit-doctor version')
    .option('--json', 'print one versioned JSON document on stdout (= --format json)')
    .addOption(new Option('--format <format>', 'report format on stdout (or in --output)').choices([...FORMATS]))
    .option('-o, --output <file>', 'write the report in --format to FILE; the human report still goes to the terminal')
    .option('--log <file|->', 'read pasted error text or a log from FILE (- for stdin); give it once', once('--log', 'Concatenate the logs (cat a.log b.log | clawkit-doctor --log -) or run once per log.'))
    .option('--follow', 'follow a log that may never end (openclaw logs --follow | clawkit-doctor --follow): print each finding as it appears, the summary at end of input or Ctrl-C')
    .option('--max-wait <seconds>', 'stop reading a stdin that stays open after this long and diagnose what was read; the rest counts as not examined (CI)')
    .option('--no-probe', 'do not connect to the gateway')
    .option('--config <path>', 'OpenClaw config file to check (default: found the way OpenClaw finds it)', once('--config', 'Run once per config file.'))
    .option('--openclaw-version <version>', 'the OpenClaw version you run (e.g. 2026.3.13)', openclawVersionArg)
    .option('--rules <dir>', 'extra rule directory (repeatable)', collect, [])
    .option('--only <rule-id>', 'run only these rules (repeatable, comma-separated; area/ for a whole area)', collect, [])
    .option('--skip <rule-id>', 'skip these rules (repeatable, comma-separated)', collect, [])
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON_CHOICES).default('error'))
    // [wire:config]
    .option('--profile <name>', 'OpenClaw profile: read ~/.openclaw-<name>/openclaw.json (as openclaw --profile)')
    // [wire:fix]
    .option('--fix', 'repair the config: apply safe fixes (a backup is written beside the file)')
    .option('--repair', 'alias of --fix')
    .option('--yes', 'with --fix: also apply fixes that need confirmation, without asking')
    .option('--dry-run', 'show the config fixes as a unified diff; write nothing')
    .option('--patch-out <file>', 'with --dry-run or --fix: write the fix as a patch with the real values (mode 0600) for patch -p1 / git apply')
    .option('--url <url>', 'gateway to probe: ws, wss, http or https URL (default: from the config, ws://127.0.0.1:18789)')
    .option('--token <token>', 'gateway token for the probe (default: OPENCLAW_GATEWAY_TOKEN, then the config)')
    .option('--password <password>', 'gateway password for the probe (default: OPENCLAW_GATEWAY_PASSWORD, then the config)')
    .option('--timeout <ms>', 'overall deadline of the live probe in milliseconds (default: 4000, and up to 7 s more for the connect answer of a local gateway that delays failed logins)')
    .option('--device', 'deep probe: sign the challenge with a throwaway in-memory device identity (a remote gateway may keep a pending pairing request)')
    .option('--browser-url <url>', 'the address you open the Control UI at, checked for a browser secure context (no connection)')
    .option('--proxy-ip <addr>', "your reverse proxy's address as the gateway sees it (its log's remote= on lines with fwd=): checked against gateway.trustedProxies; lets --fix narrow a CIDR to it")
    .option('--origin <origin>', 'probe as the Control UI sending this Origin (e.g. http://192.168.1.100:18789)')
    .option('--header <name:value>', 'extra HTTP header on the probe (repeatable), e.g. "X-Forwarded-For: 203.0.113.7"', collect, [])
    .addOption(new Option('--probe-protocol <min[-max]>', 'offer this protocol range instead of 3-4 (simulate an older/newer client)').hideHelp())
    .addOption(new Option('--probe-client <kind>', 'present the probe as cli (default), control-ui or probe').choices(PROBE_CLIENT_CHOICES).hideHelp())
    // [wire:probe]
    // [wire:env]
    .option('--no-env', 'do not look at this machine (container, services, installed OpenClaw, listeners)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (opts: DiagnoseOptions) => {
      runInfo.diagnosed = true;
      setCode(await diagnose(opts, io));
    });
  if (argv && onlyRootOptions(program, argv.slice(2))) return program;

  const rules = program.command('rules').description('list, validate and test the rule catalogue');
  rules
    .command('list')
    .description('list every rule with its category and severity')
    .option('--json', 'machine-readable list')
    .option('--rules <dir>', 'extra rule directory (repeatable)', collect, [])
    .action(async (opts: { json?: boolean; rules?: string[] }) => setCode(await (await rulesCommands()).rulesList(opts, io)));
  rules
    .command('validate [dir]')
    .description('validate rule files (default: the built-in rules) against the published schema')
    .action(async (dir: string | undefined) => setCode(await (await rulesCommands()).rulesValidate(dir, io)));
  rules
    .command('test')
    .description("run every rule's positive and negative cases")
    .option('--json', 'machine-readable report')
    .option('--rules <dir>', 'extra rule directory (repeatable)', collect, [])
    .option('--only <ids>', 'only the cases of these rules (ids or prefixes like tls/, comma-separated or repeated)', collect, [])
    .action(async (opts: { json?: boolean; rules?: string[]; only?: string[] }) => setCode(await (await rulesCommands()).rulesTest(opts, io)));
  // The case runner's child for a case collected in namespaces of its own (src/rules/cases/netns.ts).
  rules
    .command('case-facts', { hidden: true })
    .action(async () => setCode(await (await import('./rules/cases/netns.js')).caseFactsChild(io)));
  program
    .command('openclaw-lint')
    .description("OpenClaw's own `openclaw doctor --lint --json` checks and clawkit-doctor's health checks in one report, with OpenClaw's JSON shape and exit code (0 clean, 1 findings, 2 a check could not run)")
    .option('--openclaw <path>', 'the OpenClaw CLI to run (default: openclaw on PATH)')
    .option('--config <path>', 'config file (default: as OpenClaw resolves it; passed to it as OPENCLAW_CONFIG_PATH)')
    .option('--severity-min <level>', 'lowest severity listed and failing: info, warning (default) or error')
    .option('--timeout <ms>', 'deadline for the OpenClaw CLI in milliseconds', '120000')
    .option('--json', "OpenClaw's lint document: {schemaVersion, ok, checksRun, checksSkipped, findings}")
    .action(async (opts: OpenclawLintOptions) => setCode(await (await import('./commands/openclaw-lint.js')).openclawLint(opts, io)));
  program
    .command('explain <rule-id>')
    .description('show what a rule checks, why, and how it fixes it')
    .option('--json', 'print the rule as JSON')
    .option('--rules <dir>', 'extra rule directory (repeatable)', collect, [])
    .action(async (id: string, opts: { json?: boolean; rules?: string[] }) => setCode(await (await rulesCommands()).explain(id, opts, io)));

  return program;
}

/** Error lines echo flag values (`--url "…?token=…"`): mask them like every other output. */
function argvRedactor(argv: string[]): Redactor {
  const secrets: string[] = [];
  argv.forEach((a, i) => {
    const m = /^--(?:token|password)(?:=(.*))?$/.exec(a);
    if (m) secrets.push(m[1] ?? argv[i + 1] ?? '');
  });
  return new Redactor(secrets);
}

/** `--json` or `--format json` was asked for (before a `--` end of options), and stdout carries it. */
function wantsJson(argv: string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  const opts = end === -1 ? args : args.slice(0, end);
  const toFile = opts.some((a) => a === '-o' || a === '--output' || a.startsWith('--output='));
  return !toFile && (opts.includes('--json') || opts.includes('--format=json') || opts.some((a, i) => a === '--format' && opts[i + 1] === 'json'));
}

/**
 * With --json, exit 2 still prints one JSON document on stdout (the reason is also on stderr),
 * so `clawkit-doctor --json | jq` never sees an empty or partial stream.
 */
function jsonErrorDocument(message: string): string {
  return JSON.stringify({ $schema: REPORT_SCHEMA_URI, schemaVersion: SCHEMA_VERSION, tool: { name: 'clawkit-doctor', version: toolVersion() }, error: { exitCode: 2, message } }, null, 2) + '\n';
}

/**
 * A closed pipe (`clawkit-doctor rules list | head`) is not an error: the rest of the output is
 * dropped quietly and the exit code still describes the diagnosis. Any other write error is one
 * line on stderr, never an unhandled 'error' event with a stack trace.
 */
function guardOutput(stream: NodeJS.WritableStream, other: NodeJS.WritableStream): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    process.exitCode = 2;
    if (other !== stream) other.write(`clawkit-doctor: cannot write output: ${err.code ?? err.message}\n`);
  });
}

export async function main(argv: string[], io: IO = defaultIO()): Promise<number> {
  let code = 0;
  let parseError: string | undefined;
  guardOutput(io.stdout, io.stderr);
  guardOutput(io.stderr, io.stderr); // never onto stdout (it may carry the JSON document)
  // Plain root options (most diagnoses) are read without building commander's program (src/cli-args.ts).
  const fast = parseRootArgs(argv.slice(2));
  // When the options parsed, their values decide (`--log --json` reads a file named --json: human output).
  const json = fast ? (fast.json === true || fast.format === 'json') && fast.output === undefined : wantsJson(argv);
  const redactor = argvRedactor(argv);
  try {
    if (fast) {
      runInfo.diagnosed = true;
      return await diagnose(fast, io);
    }
    const program = buildProgram(
      io,
      (c) => {
        code = c;
      },
      (m) => {
        parseError ??= m;
      },
      (s) => redactor.redact(s),
      argv,
    );
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help / --version end here with exitCode 0; parse errors were already printed.
      if (err.exitCode === 0) return 0;
      if (json) io.stdout.write(jsonErrorDocument(parseError ?? redactor.redact(err.message.replace(/^error: /, ''))));
      return 2;
    }
    const msg =
      err instanceof UsageError || err instanceof InputError || err instanceof RuleLoadError || err instanceof BundleDamagedError
        ? err.message
        : `unexpected failure: ${err instanceof Error ? err.message : String(err)} (please report this)`;
    const line = redactor.redact(msg.split('\n')[0]!);
    io.stderr.write(`clawkit-doctor: ${line}\n`);
    if (json) io.stdout.write(jsonErrorDocument(line));
    return 2;
  }
}
