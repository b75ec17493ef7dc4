// Switches on V8's linear-time fallback for regular expressions: a match that backtracks more than
// `--regexp-backtracks-before-fallback` times (50 000 by default) is re-run on V8's automaton engine,
// linear in the input. Rule patterns are rewritten so that engine can run every one of them
// (src/shared/regex/linear.ts); together no pasted line can make matching slow (ReDoS).
// Must run before the patterns it protects are compiled; calling it again is free.
import { setV8Flags } from '../v8-flags.js';

let done = false;
let linearFlag = false;

export function enableLinearFallback(): void {
  if (done) return;
  done = true;
  setV8Flags('--enable-experimental-regexp-engine-on-excessive-backtracks');
}

/** Lets `new RegExp(src, 'l')` ask V8 whether its linear engine can run `src` (validation only). */
export function enableLinearFlag(): void {
  if (linearFlag) return;
  linearFlag = true;
  setV8Flags('--enable-experimental-regexp-engine');
}

/** Why V8's linear engine cannot run `source` (compiled without flags), or undefined when it can. */
export function linearEngineRefuses(source: string): string | undefined {
  enableLinearFlag();
  try {
    new RegExp(source, 'l');
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: \/.*\/l: /s, '');
  }
}
