// The built-in rules' covers numbered by the literal automaton's ids (issue #13). Choosing the
// anchors of a huge log compares thousands of candidate literals by rate and score; on strings
// that meant hashing each one several times per run. The build stores, beside the automaton's
// tables (dist/literals.bin), every literal's JSON-safe pieces and every bundle cover as ids, and
// the sample's counts are already indexed by those ids: a run looks up no literal text.
import type { Automaton } from './automaton.js';
import type { CoverIds, NumberedLiterals } from '../regex/anchors.js';

export interface AnchorData {
  /** Per literal id: the ids of its JSON-safe pieces (jsonSafePieces), in order ([] for a literal of no cover). */
  pieces: number[][];
  /** Per literal id: its literalScore. */
  scores: number[];
  /** The bundle's covers in the order of its keys, as literal ids. */
  covers: number[][][];
  /** Those keys (matcherKey): a huge log's anchors need no parse of the bundle's covers map. */
  keys: string[];
}

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
  const data = {
    pieces: literals.map((l) => (inCovers.has(l) ? piecesOf(l).map(id) : [])),
    scores: literals.map(score),
    covers: Object.values(covers).map((c) => c.map((conj) => conj.map(id))),
    keys: Object.keys(covers),
  };
  return missing ? undefined : data;
}

/**
 * The built-in covers (the bundle's, in its key order, as the build stored them beside the
 * automaton) by matcher key, and the literal table once the sample's counts (literalCounts) are
 * known; undefined when the automaton carries no such data.
 */
export function builtinNumbering(a: Automaton): { coverIds(key: string): CoverIds | undefined; table(counts: { plain: Float64Array; json: Float64Array; lines: number }): NumberedLiterals } | undefined {
  const data = a.extra?.() as AnchorData | undefined;
  const n = a.literals.length;
  if (!data || !Array.isArray(data.keys) || data.covers.length !== data.keys.length || data.pieces.length !== n || data.scores.length !== n) return undefined;
  const byKey = new Map<string, CoverIds>(data.keys.map((k, i) => [k, data.covers[i]!]));
  const table = (counts: { plain: Float64Array; json: Float64Array; lines: number }): NumberedLiterals => {
    const total = Math.max(1, counts.lines);
    const plain = new Float64Array(n);
    const json = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      plain[i] = counts.plain[i]! / total;
      json[i] = counts.json[i]! / total;
    }
    return { texts: a.literals, scores: data.scores, pieces: data.pieces, rates: { plain, json } };
  };
  return { coverIds: (key) => byKey.get(key), table };
}
