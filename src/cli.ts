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
    // [wire:fix]
    // [wire:probe]
    // [wire:env]
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
