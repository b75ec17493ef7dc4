// The built-in rules' covers numbered by the literal automaton's ids (issue #13). Choosing the
// anchors of a huge log compares thousands of candidate literals by rate and score; on strings
// that meant hashing each one several times per run. The build stores, beside the automaton's
// tables (dist/literals.bin), every literal's JSON-safe pieces and every bundle cover as ids, and
// the sample's counts are already indexed by those ids: a run looks up no literal text.
// The ids and scores are flat typed arrays in the file (read with the tables, no parse, nothing on
// the JS heap for the scavenger to copy); only the covers' keys are JSON.
import type { Automaton, AutomatonArrays } from './automaton.js';
import type { CoverIds, NumberedLiterals } from '../regex/anchors.js';

export interface AnchorData {
  /** The flat arrays (AnchorArrays' names). */
  arrays: AutomatonArrays;
  /** The bundle's cover keys (matcherKey) in the order of `arrays.coverStart`: a huge log's anchors need no parse of the bundle's covers map. */
  keys: string[];
}

/**
 * The arrays' names: per literal id its literalScore (`scores`) and the ids of its JSON-safe pieces
 * (jsonSafePieces), in order, at pieceIds[pieceStart[id] .. pieceStart[id + 1]] (none for a literal
 * of no cover); per cover (in the keys' order) its conjunctions conjStart[coverStart[c] ..
 * coverStart[c + 1]], conjunction j's literal ids at conjIds[conjStart[j] .. conjStart[j + 1]].
 */
const NAMES = ['scores', 'pieceStart', 'pieceIds', 'coverStart', 'conjStart', 'conjIds'] as const;

/** At build time. undefined when a literal of a cover or a piece is not in `literals`. */
export function anchorData(literals: readonly string[], covers: Record<string, string[][]>, piecesOf: (l: string) => string[], score: (l: string) => number): AnchorData | undefined {
  const index = new Map(literals.map((l, i) => [l, i]));
  let missing = false;
  const id = (l: string): number => {
    const i = index.get(l);
    if (i === undefined) missing = true;
    return i ?? -1;
  };
  const inCovers = new Set(Object.values(covers).flat(2));
  // Pieces are only asked of cover literals (the scanner's own markers need none).
  const pieces = literals.map((l) => (inCovers.has(l) ? piecesOf(l).map(id) : []));
  const pieceStart = new Int32Array(literals.length + 1);
  pieces.forEach((p, i) => (pieceStart[i + 1] = pieceStart[i]! + p.length));
  const list = Object.values(covers);
  const coverStart = new Int32Array(list.length + 1);
  list.forEach((c, i) => (coverStart[i + 1] = coverStart[i]! + c.length));
  const conjs = list.flat(1);
  const conjStart = new Int32Array(conjs.length + 1);
  conjs.forEach((conj, i) => (conjStart[i + 1] = conjStart[i]! + conj.length));
  const arrays: AutomatonArrays = {
    scores: Float64Array.from(literals, score),
    pieceStart,
    pieceIds: Int32Array.from(pieces.flat()),
    coverStart,
    conjStart,
    conjIds: Int32Array.from(conjs.flat().map(id)),
  };
  return missing ? undefined : { arrays, keys: Object.keys(covers) };
}

/** The numbered covers alone: cover c's conjunctions are conjStart[coverStart[c] .. coverStart[c + 1]] (see NAMES). */
export interface NumberedCovers {
  coverStart: Int32Array;
  conjStart: Int32Array;
  conjIds: Int32Array;
}

/**
 * The automaton's numbered covers (by cover index: the bundle's covers in key order), when it carries
 * them with offsets that stay inside their arrays (a literal id is not checked: callers check it
 * against their own tables); undefined otherwise.
 */
export function numberedCovers(a: Automaton): NumberedCovers | undefined {
  const { coverStart, conjStart, conjIds } = a.arrays ?? {};
  if (!(coverStart instanceof Int32Array && conjStart instanceof Int32Array && conjIds instanceof Int32Array) || coverStart.length === 0) return undefined;
  for (let c = 1; c < coverStart.length; c++) if (coverStart[c]! < coverStart[c - 1]!) return undefined;
  for (let j = 1; j < conjStart.length; j++) if (conjStart[j]! < conjStart[j - 1]!) return undefined;
  if (coverStart[0] !== 0 || conjStart[0] !== 0 || conjStart.length !== coverStart.at(-1)! + 1 || conjIds.length !== conjStart.at(-1)!) return undefined;
  return { coverStart, conjStart, conjIds };
}

/**
 * The built-in covers (the bundle's, in its key order, as the build stored them beside the
 * automaton) by matcher key, and the literal table once the sample's counts (literalCounts) are
 * known; undefined when the automaton carries no such data.
 */
export function builtinNumbering(a: Automaton): { has(key: string): boolean; coverIds(key: string): CoverIds | undefined; table(counts: { plain: Float64Array; json: Float64Array; lines: number }): NumberedLiterals } | undefined {
  const keys = a.extra?.() as string[] | undefined;
  const arr = a.arrays;
  const n = a.literals.length;
  if (!Array.isArray(keys) || !arr || !NAMES.every((k) => arr[k] !== undefined)) return undefined;
  const { pieceStart, pieceIds, coverStart, conjStart, conjIds } = arr as Record<(typeof NAMES)[number], Int32Array>;
  const scores = arr.scores as Float64Array;
  if (coverStart.length !== keys.length + 1 || pieceStart.length !== n + 1 || scores.length !== n) return undefined;
  const byKey = new Map<string, number>(keys.map((k, i) => [k, i]));
  // A cover's conjunctions as views of conjIds, made when a matcher asks (a few hundred of ~500).
  const made = new Map<number, CoverIds>();
  const coverIds = (key: string): CoverIds | undefined => {
    const c = byKey.get(key);
    if (c === undefined) return undefined;
    let ids = made.get(c);
    if (!ids) {
      const out: Int32Array[] = [];
      for (let j = coverStart[c]!; j < coverStart[c + 1]!; j++) out.push(conjIds.subarray(conjStart[j]!, conjStart[j + 1]!));
      made.set(c, (ids = out));
    }
    return ids;
  };
  const table = (counts: { plain: Float64Array; json: Float64Array; lines: number }): NumberedLiterals => {
    const total = Math.max(1, counts.lines);
    const plain = new Float64Array(n);
    const json = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      plain[i] = counts.plain[i]! / total;
      json[i] = counts.json[i]! / total;
    }
    return { texts: a.literals, scores, pieces: { start: pieceStart, ids: pieceIds }, rates: { plain, json } };
  };
  return { has: (key) => byKey.has(key), coverIds, table };
}
