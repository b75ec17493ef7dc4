// A spinner for slow steps (the live probe), only on an interactive terminal.
import { importEsm } from './esm-import.js';

export interface SpinnerEnv {
  stream: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  json: boolean;
}

export function spinnerAllowed({ stream, env, json }: SpinnerEnv): boolean {
  // A terminal that reports 0 columns (script(1) without a size, some `docker run -t`) makes ora
  // 9 compute Infinity lines to clear and loop forever printing escape codes.
  return !json && Boolean(stream.isTTY) && (stream.columns ?? 0) > 0 && !env.CI && !('NO_COLOR' in env) && env.TERM !== 'dumb';
}

/** `fn` gets a way to change the spinner's text, only when a spinner is shown (else undefined: nothing is printed). */
export async function withSpinner<T>(se: SpinnerEnv, text: string, fn: (setText?: (text: string) => void) => Promise<T>): Promise<T> {
  if (!spinnerAllowed(se)) return fn();
  const { default: ora } = await importEsm<typeof import('ora')>('ora');
  const spinner = ora({ text, stream: se.stream }).start();
  try {
    return await fn((t) => {
      spinner.text = t;
    });
  } finally {
    spinner.stop();
  }
}
