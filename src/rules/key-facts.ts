// Facts typed KEY in the fact shape (a config key, a key path, or a text of key paths and schema words:
// fact-shape.ts) and the keys of one run: what the run's Redactor is told, so it keeps a word secret that
// is a key ("bind", "zebra") where a KEY fact shows it and masks it as every value (hostile-input 2bq).
import type { Facts } from '../types.js';
import { resolvePath, splitPath } from '../engine/paths.js';
import { FACT_SHAPE, KEY, type ShapeNode } from './fact-shape.js';

let keyPaths: string[] | undefined;

/** The fact paths typed KEY (`*` for a list's elements), e.g. `config.derived.rootGatewayKey`. */
export function keyFactPaths(): readonly string[] {
  if (keyPaths) return keyPaths;
  const out: string[] = [];
  const walk = (n: ShapeNode, at: string) => {
    if (n === KEY) out.push(at);
    else if (typeof n !== 'object' || '$enum' in n) return;
    else if ('$each' in n) walk(n.$each as ShapeNode, `${at}.*`);
    else for (const [k, c] of Object.entries(n)) walk(c as ShapeNode, at ? `${at}.${k}` : k);
  };
  walk(FACT_SHAPE as unknown as ShapeNode, '');
  return (keyPaths = out);
}

/** Whether a fact path (evidence's `config.derived.unknownKeys.0.key`, a rule's `…unknownKeys.*.key`) is typed KEY. */
export function isKeyFactPath(path: string): boolean {
  const segs = splitPath(path);
  return keyFactPaths().some((k) => {
    const ks = k.split('.');
    return ks.length === segs.length && ks.every((s, i) => s === segs[i] || (s === '*' && (segs[i] === '*' || /^\d+$/.test(segs[i]!))));
  });
}

/** At most this many of a config's object keys are told (a config is a few KB; a 2 MiB one is read whole otherwise). */
const MAX_CONFIG_KEYS = 20_000;

/**
 * The keys of this run's facts: every string value of a KEY fact, and the object keys of the config
 * document (the evidence and the fix diff show them; a fix's JSON pointers are made of them).
 */
export function runKeysOf(facts: Facts): string[] {
  const out = new Set<string>();
  for (const p of keyFactPaths()) for (const r of resolvePath(facts, splitPath(p))) if (typeof r.value === 'string' && r.value) out.add(r.value);
  const stack: unknown[] = [facts.config?.value];
  while (stack.length && out.size < MAX_CONFIG_KEYS) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else
      for (const [k, x] of Object.entries(v)) {
        out.add(k);
        stack.push(x);
      }
  }
  return [...out];
}

/**
 * The run's user text other than the config that a report prints as it is (the paste's lines): a word secret
 * shown there is masked there, so the Redactor keeps it as a key nowhere in the run (review26a 3).
 */
export function runUserTextOf(facts: Facts): string[] {
  return (facts.paste?.kept ?? []).map((l) => l.text);
}

/**
 * The run's paste lines by number, for the Redactor's view of a quoted line's neighbours (`tellLines`): the last
 * kept text of the line before (a line unfolded into several logical lines ends with its last) or the first of the
 * line after. `offset` maps a reported line number to the kept one (--follow numbers its windows' lines from the
 * input's start). Kept lines are in input order: found by binary search, nothing built (a large log keeps many).
 */
export function runLinesOf(facts: Facts, offset = 0): (line: number, side: -1 | 1) => string | undefined {
  return (line, side) => {
    const kept = facts.paste?.kept ?? [];
    const n = line - offset;
    // The first index whose line is >= n (side 1) or > n (side -1, then one back).
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kept[mid]!.line < n || (side < 0 && kept[mid]!.line === n)) lo = mid + 1;
      else hi = mid;
    }
    const at = kept[side < 0 ? lo - 1 : lo];
    return at && at.line === n ? at.text : undefined;
  };
}
