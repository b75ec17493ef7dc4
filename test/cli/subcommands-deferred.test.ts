// buildProgram defines the subcommands only when an argument may name one (src/cli.ts onlyRootOptions,
// issue #13 start-up): for every argument shape it answers true for, commander must parse the same
// options, operands and unknowns as with the whole program; for every other shape the whole program
// is built.
import { describe, expect, it } from 'vitest';
import { buildProgram, defaultIO, onlyRootOptions } from '../../src/cli.js';

const sink = { write: () => true } as unknown as NodeJS.WriteStream;
const io = { ...defaultIO(), stdout: sink, stderr: sink };
const program = (argv?: string[]) => buildProgram(io, () => {}, undefined, (s) => s, argv);
const argvOf = (args: string[]) => ['node', 'clawkit-doctor', ...args];

describe('cli: subcommands defined only when an argument may name one', () => {
  const rootOnly: string[][] = [
    [],
    ['--no-probe', '--json', '--log', 'x.log'],
    ['--log', 'rules'], // a value that spells a subcommand is still --log's value
    ['--log', '--json'], // a required value is taken whatever it looks like
    ['--log=explain', '--format=sarif', '-o', 'out.sarif'],
    ['--url', 'ws://127.0.0.1:18789', '--token', 'abc', '--no-env', '--fail-on', 'warning'],
    ['--rules', 'a', '--rules', 'b', '--only', 'pairing/', '--skip', 'x', '--openclaw-version', '2026.3.13'],
    ['--log'], // missing value: commander's own error either way
    ['-V'],
  ];
  it.each(rootOnly)('root options only: %j parses as with the whole program', (...args) => {
    const lean = program(argvOf(args));
    const whole = program();
    expect(onlyRootOptions(lean, args)).toBe(true);
    expect(lean.commands).toEqual([]);
    expect(whole.commands.map((c) => c.name())).toEqual(['rules', 'openclaw-lint', 'explain']);
    // parseOptions is what a parse does first; opts() holds what the option listeners stored.
    const a = (() => {
      try {
        return { parsed: lean.parseOptions(args), opts: lean.opts() };
      } catch (err) {
        return { error: String(err) };
      }
    })();
    const b = (() => {
      try {
        return { parsed: whole.parseOptions(args), opts: whole.opts() };
      } catch (err) {
        return { error: String(err) };
      }
    })();
    expect(a).toEqual(b);
  });

  const whole: string[][] = [
    ['rules', 'list'],
    ['explain', 'pairing/pairing-required'],
    ['--json', 'rules', 'test'],
    ['help'],
    ['--help'],
    ['-h'],
    ['--', '--log'],
    ['stray-operand'],
    ['--bogus-flag'],
    ['--json=1'], // a flag given a value: commander's error comes from the whole program
    ['-5'],
    ['-Vx'], // a group of short flags
  ];
  it.each(whole)('anything else builds the whole program: %j', (...args) => {
    expect(onlyRootOptions(program(), args)).toBe(false);
    expect(program(argvOf(args)).commands.map((c) => c.name())).toEqual(['rules', 'openclaw-lint', 'explain']);
  });
});
