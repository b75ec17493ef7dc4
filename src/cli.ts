// Command-line entry: parses flags, dispatches, and maps every failure to an exit code.
// 0 clean, 1 findings at or above --fail-on, 2 the doctor itself could not run.
import { homedir } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { diagnose, InputError, type DiagnoseOptions, type IO } from './commands/diagnose.js';
import { UsageError } from './commands/rule-selection.js';
import { explain, rulesList, rulesTest, rulesValidate } from './commands/rules.js';
import { RuleLoadError } from './rules/load.js';
import { toolVersion } from './version/tool.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function defaultIO(): IO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), homedir: homedir() };
}

export function buildProgram(io: IO, setCode: (code: number) => void): Command {
  const program = new Command();
  program
    .enablePositionalOptions()
    .name('clawkit-doctor')
    .description('Diagnose why an OpenClaw client cannot connect to its gateway, and fix the config when it safely can.\nPipe an error or log in (openclaw logs | clawkit-doctor), or run it on the gateway host.')
    .version(toolVersion(), '-V, --version', 'print the clawkit-doctor version')
    .option('--json', 'print one versioned JSON document on stdout')
    .option('--log <file|->', 'read pasted error text or a log from FILE (- for stdin)')
    .option('--no-probe', 'do not connect to the gateway')
    .option('--config <path>', 'OpenClaw config file to check (default: found the way OpenClaw finds it)')
    .option('--openclaw-version <version>', 'the OpenClaw version you run (e.g. 2026.3.13)')
    .option('--rules <dir>', 'extra rule directory (repeatable)', collect, [])
    .option('--only <rule-id>', 'run only these rules (repeatable, comma-separated; area/ for a whole area)', collect, [])
    .option('--skip <rule-id>', 'skip these rules (repeatable, comma-separated)', collect, [])
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['info', 'warning', 'error', 'none']).default('error'))
    // [wire:config]
    .option('--profile <name>', 'OpenClaw profile: read ~/.openclaw-<name>/openclaw.json (as openclaw --profile)')
    // [wire:fix]
    .option('--fix', 'repair the config: apply safe fixes (a backup is written beside the file)')
    .option('--repair', 'alias of --fix')
    .option('--yes', 'with --fix: also apply fixes that need confirmation, without asking')
    .option('--dry-run', 'show the config fixes as a unified diff; write nothing')
    .option('--url <url>', 'gateway to probe: ws, wss, http or https URL (default: from the config, ws://127.0.0.1:18789)')
    .option('--token <token>', 'gateway token for the probe (default: OPENCLAW_GATEWAY_TOKEN, then the config)')
    .option('--password <password>', 'gateway password for the probe (default: OPENCLAW_GATEWAY_PASSWORD, then the config)')
    .option('--timeout <ms>', 'overall deadline of the live probe in milliseconds', '4000')
    .option('--device', 'deep probe: sign the challenge with a throwaway in-memory device identity (a remote gateway may keep a pending pairing request)')
    .option('--browser-url <url>', 'the address you open the Control UI at, checked for a browser secure context (no connection)')
    .option('--origin <origin>', 'probe as the Control UI sending this Origin (e.g. http://192.168.1.100:18789)')
    .option('--header <name:value>', 'extra HTTP header on the probe (repeatable), e.g. "X-Forwarded-For: 203.0.113.7"', collect, [])
    .addOption(new Option('--probe-protocol <min[-max]>', 'offer this protocol range instead of 3-4 (simulate an older/newer client)').hideHelp())
    .addOption(new Option('--probe-client <kind>', 'present the probe as cli (default), control-ui or probe').choices(['cli', 'control-ui', 'probe']).hideHelp())
    // [wire:probe]
    // [wire:env]
    .option('--no-env', 'do not look at this machine (container, services, installed OpenClaw, listeners)')
    .action(async (opts: DiagnoseOptions) => {
      setCode(await diagnose(opts, io));
    });

  const rules = program.command('rules').description('list, validate and test the rule catalogue');
  rules
    .command('list')
    .description('list every rule with its category and severity')
    .option('--json', 'machine-readable list')
    .option('--rules <dir>', 'extra rule directory (repeatable)', collect, [])
    .action(async (opts: { json?: boolean; rules?: string[] }) => setCode(await rulesList(opts, io)));
  rules
    .command('validate [dir]')
    .description('validate rule files (default: the built-in rules) against the published schema')
    .action(async (dir: string | undefined) => setCode(await rulesValidate(dir, io)));
  rules
    .command('test')
    .description("run every rule's positive and negative cases")
    .option('--json', 'machine-readable report')
    .option('--rules <dir>', 'extra rule directory (repeatable)', collect, [])
    .action(async (opts: { json?: boolean; rules?: string[] }) => setCode(await rulesTest(opts, io)));
  program
    .command('explain <rule-id>')
    .description('show what a rule checks, why, and how it fixes it')
    .option('--json', 'print the rule as JSON')
    .option('--rules <dir>', 'extra rule directory (repeatable)', collect, [])
    .action(async (id: string, opts: { json?: boolean; rules?: string[] }) => setCode(await explain(id, opts, io)));

  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    outputError: (s, write) => write(`clawkit-doctor: ${s.replace(/^error: /, '')}`),
  });
  return program;
}

export async function main(argv: string[], io: IO = defaultIO()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help / --version end here with exitCode 0; parse errors were already printed.
      return err.exitCode === 0 ? 0 : 2;
    }
    const msg =
      err instanceof UsageError || err instanceof InputError || err instanceof RuleLoadError
        ? err.message
        : `unexpected failure: ${err instanceof Error ? err.message : String(err)} (please report this)`;
    io.stderr.write(`clawkit-doctor: ${msg.split('\n')[0]}\n`);
    return 2;
  }
}
