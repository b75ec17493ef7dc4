// src/cli-args.ts reads plain root options without commander (issue #13 start-up). Whenever it
// answers, the options must be exactly what commander's program gives the diagnosis; its table must
// be the program's root options.
import { describe, expect, it } from 'vitest';
import type { Command, Option } from 'commander';
import { buildProgram, defaultIO } from '../../src/cli.js';
import { attributeName, parseRootArgs, ROOT_OPTIONS } from '../../src/cli-args.js';

const sink = { write: () => true } as unknown as NodeJS.WriteStream;
const io = { ...defaultIO(), stdout: sink, stderr: sink };

/** commander's reading: the options its action would get, or undefined when it has operands, unknowns or an error. */
function commanderOpts(args: string[]): Record<string, unknown> | undefined {
  const program: Command = buildProgram(io, () => {}, undefined, (s) => s);
  try {
    const parsed = program.parseOptions(args);
    if (parsed.operands.length || parsed.unknown.length) return undefined;
    return { ...program.opts() };
  } catch {
    return undefined;
  }
}

describe('cli: root options read without commander', () => {
  it('the table is the root command’s options (kind, short flag, choices, default)', () => {
    const program = buildProgram(io, () => {}, undefined, (s) => s);
    const options = program.options.filter((o: Option) => o.long !== '--version');
    expect(Object.keys(ROOT_OPTIONS).sort()).toEqual(options.map((o) => o.long).sort());
    for (const o of options) {
      const t = ROOT_OPTIONS[o.long!]!;
      const collect = Array.isArray(o.defaultValue);
      const kind = o.negate ? 'negate' : !o.required ? 'flag' : collect ? 'collect' : 'value';
      expect({ long: o.long, kind: t.kind, short: t.short, choices: t.choices && [...t.choices], name: attributeName(o.long!) }).toEqual({
        long: o.long,
        kind,
        short: o.short,
        choices: o.argChoices,
        name: o.attributeName(),
      });
      // a required value (commander reads `required` first: `<min[-max]>` is also marked optional), never variadic
      expect(o.variadic).toBe(false);
      if (!o.required) expect(o.optional).toBe(false);
      // the only defaults are the ones parseRootArgs starts from
      if (o.defaultValue !== undefined) expect(parseRootArgs([])![o.attributeName()]).toEqual(o.negate ? true : o.defaultValue);
    }
  });

  const plain: string[][] = [
    [],
    ['--no-probe', '--json', '--log', 'x.log'],
    ['--log', 'rules'],
    ['--log', '--json'], // a required value is taken whatever it looks like
    ['--log=explain', '--format=sarif', '-o', 'out.sarif'],
    ['--output=r.md', '--format', 'markdown', '--log', '-'],
    ['--url', 'ws://127.0.0.1:18789', '--token', 'abc', '--no-env', '--fail-on', 'warning'],
    ['--rules', 'a', '--rules', 'b', '--only', 'pairing/', '--skip', 'x', '--openclaw-version', '2026.3.13'],
    ['--header', 'X-A: 1', '--header=X-B: 2', '--probe-client', 'control-ui', '--probe-protocol', '3-3', '--device'],
    ['--fix', '--yes', '--dry-run', '--patch-out', 'p.diff', '--repair', '--profile', 'dev', '--config', 'c.json'],
    ['--follow', '--max-wait', '5', '--timeout', '900', '--browser-url', 'http://h', '--proxy-ip', '10.0.0.1', '--origin', 'http://o'],
    ['--json', '--json', '--rules', 'a', '--rules', 'b'], // a repeated flag or repeatable option
    ['--log', ''],
  ];
  it.each(plain)('%j: read here, as commander reads it', (...args) => {
    const fast = parseRootArgs(args);
    expect(fast).toBeDefined();
    expect(fast).toEqual(commanderOpts(args));
  });

  const left: string[][] = [
    ['rules', 'list'],
    ['--help'],
    ['-h'],
    ['-V'],
    ['--version'],
    ['--', '--log'],
    ['stray'],
    ['--bogus'],
    ['--probe'], // only --no-probe exists
    ['--json=1'],
    ['--no-env=0'],
    ['--log'],
    ['--format', 'yaml'],
    ['--fail-on', 'warn'],
    ['--openclaw-version', 'banana'],
    ['-ox.md'],
    ['-o=x.md'],
    ['-jo', 'x'],
    ['--LOG', 'x'],
    ['--log', 'a', '--log', 'b'], // given twice: commander's usage error (audit23 F12)
    ['--config', 'a', '--json', '--config=b'],
  ];
  it.each(left)('%j: left to commander', (...args) => {
    expect(parseRootArgs(args)).toBeUndefined();
  });

  it('random argument lists: whenever it answers, commander answers the same', () => {
    const tokens = ['--json', '--log', 'x.log', '--no-probe', '--no-env', '--format', 'sarif', 'yaml', '--rules', 'd', '--only', 'a/,b', '-o', 'o.txt', '--fail-on', 'none', 'warn', '--openclaw-version', '2026.3.2', 'v9', '--url', '--token', '-', '--', 'rules', '--x', '--json=1', '--log=y', '--header', '--probe-client', 'probe', '--fix', '-V', ''];
    let seed = 13;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let answered = 0;
    for (let n = 0; n < 600; n++) {
      const args = Array.from({ length: rand(7) }, () => tokens[rand(tokens.length)]!);
      const fast = parseRootArgs(args);
      if (fast === undefined) continue;
      answered++;
      expect([args, fast]).toEqual([args, commanderOpts(args)]);
    }
    expect(answered).toBeGreaterThan(60);
  });
});
