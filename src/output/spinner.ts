// A spinner for slow steps (the live probe), only on an interactive terminal.
export interface SpinnerEnv {
  stream: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  json: boolean;
}

export function spinnerAllowed({ stream, env, json }: SpinnerEnv): boolean {
  return !json && Boolean(stream.isTTY) && !env.CI && !('NO_COLOR' in env) && env.TERM !== 'dumb';
}

export async function withSpinner<T>(se: SpinnerEnv, text: string, fn: () => Promise<T>): Promise<T> {
  if (!spinnerAllowed(se)) return fn();
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: se.stream }).start();
  try {
    return await fn();
  } finally {
    spinner.stop();
  }
}
