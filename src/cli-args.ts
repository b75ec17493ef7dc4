// A diagnosis's arguments read without commander (issue #13, start-up): on Node 22 building the
// program (its ~30 options) and parsing with it is ~2.5 ms of a ~40 ms small paste. When every
// argument is a root option in one of the plain shapes below, the options are read here exactly as
// commander reads them (Command#parseOptions and its option listeners); anything else — an operand,
// `--`, help, --version, an unknown option, a short-flag group, `--flag=value` on a boolean, a value
// outside an option's choices, a missing value, a bad --openclaw-version — answers undefined and
// commander parses (and reports) as before. test/cli/args-fast.test.ts holds this table to the
// program's options and compares both parsers on many argument shapes.
import type { DiagnoseOptions } from './commands/diagnose.js';
import { FORMATS } from './report/format.js';
import { normalizeVersion } from './shared/version/calver.js';

export const FAIL_ON_CHOICES = ['info', 'warning', 'error', 'none'] as const;
export const PROBE_CLIENT_CHOICES = ['cli', 'control-ui', 'probe'] as const;

/** flag: true when given; negate: `--no-x` sets x false (default true); value: the next argument; collect: values appended. */
type Kind = 'flag' | 'negate' | 'value' | 'collect';

interface RootOption {
  kind: Kind;
  short?: string;
  choices?: readonly string[];
  /** The value is accepted only when this answers true (commander's own parser would throw). */
  check?: (v: string) => boolean;
  /** Given at most once: a repeat is commander's usage error (only one would be read). */
  once?: boolean;
}

/** The root command's options (src/cli.ts buildProgram), by long flag; --version and --help are left to commander. */
export const ROOT_OPTIONS: Readonly<Record<string, RootOption>> = {
  '--json': { kind: 'flag' },
  '--format': { kind: 'value', choices: FORMATS },
  '--output': { kind: 'value', short: '-o' },
  '--log': { kind: 'value', once: true },
  '--follow': { kind: 'flag' },
  '--max-wait': { kind: 'value' },
  '--no-probe': { kind: 'negate' },
  '--config': { kind: 'value', once: true },
  '--openclaw-version': { kind: 'value', check: (v) => !!normalizeVersion(v) },
  '--rules': { kind: 'collect' },
  '--only': { kind: 'collect' },
  '--skip': { kind: 'collect' },
  '--fail-on': { kind: 'value', choices: FAIL_ON_CHOICES },
  '--profile': { kind: 'value' },
  '--fix': { kind: 'flag' },
  '--repair': { kind: 'flag' },
  '--yes': { kind: 'flag' },
  '--dry-run': { kind: 'flag' },
  '--patch-out': { kind: 'value' },
  '--url': { kind: 'value' },
  '--token': { kind: 'value' },
  '--password': { kind: 'value' },
  '--timeout': { kind: 'value' },
  '--device': { kind: 'flag' },
  '--browser-url': { kind: 'value' },
  '--proxy-ip': { kind: 'value' },
  '--origin': { kind: 'value' },
  '--header': { kind: 'collect' },
  '--probe-protocol': { kind: 'value' },
  '--probe-client': { kind: 'value', choices: PROBE_CLIENT_CHOICES },
  '--no-env': { kind: 'negate' },
};

/** commander's attribute name: `--fail-on` → failOn, `--no-probe` → probe. */
export function attributeName(long: string): string {
  return long
    .replace(/^--(no-)?/, '')
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

const SHORT: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ROOT_OPTIONS).flatMap(([long, o]) => (o.short ? [[o.short, long]] : [])),
);

/** The options commander gives the diagnosis for these arguments (argv without node and script), or undefined: let commander parse. */
export function parseRootArgs(args: readonly string[]): DiagnoseOptions | undefined {
  // commander's defaults: a negated flag is true, a repeatable option [], --fail-on error.
  const opts: DiagnoseOptions = { probe: true, rules: [], only: [], skip: [], failOn: 'error', header: [], env: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 2 ? arg.slice(0, eq) : arg;
    const long = SHORT[name] ?? name;
    const option = Object.hasOwn(ROOT_OPTIONS, long) ? ROOT_OPTIONS[long] : undefined;
    if (!option || (eq > 2 && name !== long)) return undefined;
    const key = attributeName(long);
    if (option.kind === 'flag' || option.kind === 'negate') {
      if (eq > 2) return undefined; // `--json=1`: commander's error
      opts[key] = option.kind === 'flag';
      continue;
    }
    // A required value is the rest after `=`, else the next argument, whatever it looks like.
    const value = eq > 2 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) return undefined;
    if (option.choices && !option.choices.includes(value)) return undefined;
    if (option.check && !option.check(value)) return undefined;
    if (option.once && opts[key] !== undefined) return undefined;
    opts[key] = option.kind === 'collect' ? [...(opts[key] as string[]), value] : value;
  }
  return opts;
}
