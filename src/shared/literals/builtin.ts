// The built-in rules' literal automaton (dist/literals.bin, written by scripts/bundle-rules.mjs),
// read from disk the first time a paste needs it. The rules loader names the file and the literal
// list's key; a file built for other literals is ignored (callers then build a table themselves).
import { readFileSync } from 'node:fs';
import { deserializeAutomaton, type Automaton } from './automaton.js';

export interface AutomatonRef {
  /** Absolute path of the automaton file. */
  file: string;
  /** literalsKey() of its literal list and the bundle covers' keys (scripts/bundle-rules.mjs). */
  key: string;
}

let ref: AutomatonRef | undefined;
let loaded: { automaton: Automaton | undefined; index: Map<string, number> | undefined; key: string } | undefined;

export function setBuiltinAutomaton(r: AutomatonRef | undefined): void {
  if (ref?.file === r?.file && ref?.key === r?.key) return;
  ref = r;
  loaded = undefined;
}

/** The file the built-in automaton is read from (a worker thread scanning part of a log reads it too). */
export function builtinAutomatonRef(): AutomatonRef | undefined {
  return ref;
}

/** key: the literal list's key it was read for (what the rules bundle's index names). */
export function builtinAutomaton(): { automaton: Automaton; index: Map<string, number>; key: string } | undefined {
  if (!loaded) {
    let automaton: Automaton | undefined;
    try {
      automaton = ref && deserializeAutomaton(readFileSync(ref.file), ref.key);
    } catch {
      automaton = undefined; // absent or unreadable: build what is needed at run time
    }
    loaded = { automaton, index: automaton && literalIndex(automaton.literals), key: ref?.key ?? '' };
  }
  return loaded.automaton ? { automaton: loaded.automaton, index: loaded.index!, key: loaded.key } : undefined;
}

/**
 * Literal -> id, set one by one (the same map: a repeated key keeps its last id either way):
 * new Map(list.map((l, i) => [l, i])) made ~9,000 pairs to iterate — 5-7 ms of a large log's
 * set-up against 2-3, cold (issue #13).
 */
function literalIndex(literals: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < literals.length; i++) index.set(literals[i]!, i);
  return index;
}
