// Just enough of the GitHub Actions runner to run action.yml's composite steps locally: a reader
// for the YAML subset action.yml uses (maps, one list of steps, `|` blocks), `${{ inputs.x }}` and
// `${{ github.action_path }}` in step env, GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ActionStep {
  name: string;
  id?: string;
  shell?: string;
  env: Record<string, string>;
  run: string;
}

export interface ActionFile {
  inputs: Record<string, { default: string }>;
  steps: ActionStep[];
}

const indentOf = (l: string) => l.length - l.trimStart().length;

function scalar(v: string): string {
  const t = v.trim();
  if ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"'))) return t.slice(1, -1);
  return t;
}

export function readAction(text: string): ActionFile {
  const lines = text.split('\n');
  const inputs: ActionFile['inputs'] = {};
  const steps: ActionStep[] = [];
  let section = '';
  let input = '';
  let step: ActionStep | undefined;
  let inEnv = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const ind = indentOf(line);
    if (ind === 0) section = line.replace(/:.*$/, '');
    else if (section === 'inputs' && ind === 2) inputs[(input = line.trim().replace(/:$/, ''))] = { default: '' };
    else if (section === 'inputs' && ind === 4 && line.trim().startsWith('default:')) inputs[input]!.default = scalar(line.trim().slice('default:'.length));
    else if (section === 'runs' && /^ {4}- /.test(line)) {
      steps.push((step = { name: '', env: {}, run: '' }));
      lines[i] = line.replace('- ', '  ');
      i--; // read the first key of the item as any other
    } else if (section === 'runs' && step && ind === 6) {
      const [, key, value] = /^\s*([\w-]+):\s*(.*)$/.exec(line)!;
      inEnv = key === 'env';
      if (key === 'run' && value === '|') {
        const body: string[] = [];
        while (i + 1 < lines.length && (lines[i + 1]!.trim() === '' || indentOf(lines[i + 1]!) >= 8)) body.push(lines[++i]!.slice(8));
        step.run = body.join('\n').trimEnd() + '\n';
      } else if (key === 'name' || key === 'id' || key === 'shell') step[key] = scalar(value!);
    } else if (section === 'runs' && step && inEnv && ind === 8) {
      const [, key, value] = /^\s*([\w-]+):\s*(.*)$/.exec(line)!;
      step.env[key!] = scalar(value!);
    }
  }
  return { inputs, steps };
}

export interface StepRun {
  name: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ActionRun {
  steps: StepRun[];
  outputs: Record<string, string>;
  summary: string;
  /** Exit code of the first failing step, else 0. */
  code: number | null;
}

/** Runs the steps in order as the runner does (`bash -e {0}`), stopping at the first failure. */
export function runAction(action: ActionFile, opts: { actionPath: string; workspace: string; inputs: Record<string, string>; env?: NodeJS.ProcessEnv }): ActionRun {
  const runnerTemp = join(opts.workspace, '.runner');
  mkdirSync(runnerTemp, { recursive: true });
  const files = { GITHUB_ENV: join(runnerTemp, 'env'), GITHUB_OUTPUT: join(runnerTemp, 'output'), GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const expr = (v: string) =>
    v.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_m, name: string) => {
      if (name === 'github.action_path') return opts.actionPath;
      const key = name.replace(/^inputs\./, '');
      if (!name.startsWith('inputs.') || !(key in action.inputs)) throw new Error(`unknown expression ${name}`);
      return opts.inputs[key] ?? action.inputs[key]!.default;
    });
  const run: ActionRun = { steps: [], outputs: {}, summary: '', code: 0 };
  for (const step of action.steps) {
    const script = join(runnerTemp, `step-${run.steps.length}.sh`);
    writeFileSync(script, step.run);
    const fromEnvFile = Object.fromEntries(
      readFileSync(files.GITHUB_ENV, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const env = { ...process.env, ...opts.env, ...fromEnvFile, ...files, RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: opts.workspace, ...Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, expr(v)])) };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: opts.workspace, env, encoding: 'utf8', timeout: 120_000 });
    run.steps.push({ name: step.name, code: r.status, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) {
      run.code = r.status;
      break;
    }
  }
  if (existsSync(files.GITHUB_OUTPUT)) {
    for (const l of readFileSync(files.GITHUB_OUTPUT, 'utf8').split('\n')) if (l.includes('=')) run.outputs[l.slice(0, l.indexOf('='))] = l.slice(l.indexOf('=') + 1);
  }
  run.summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
  return run;
}
