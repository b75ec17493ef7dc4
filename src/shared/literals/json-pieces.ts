// How a cover literal is cut into the pieces a JSON log line's raw bytes must hold (jsonSafePieces
// in ../regex/anchors.ts; the scanner's ruling-out in ../../collectors/paste/json-rule-out.ts).

/**
 * A run of characters a piece never holds: `"`, `\` and control characters (a JSON string may hold
 * them escaped), `=` and space (the flattened line's own separators: `key=value`, parts joined by
 * spaces). Captured: split() puts each run between the two pieces around it.
 */
const SEPARATORS = /(["\\= \t\u0000-\u001f]+)/;

/** A piece made only of these could be (part of) a number's rendering (`1e3` is flattened to `1000`). */
const NOT_NUMBERISH = /[^0-9.+\-einfty]/;
export const isJsonPiece = (p: string): boolean => p.length > 0 && NOT_NUMBERISH.test(p);

/** [text, separators, text, …, text]: the texts at even indexes (empty where lit starts or ends with separators). */
export function splitJsonParts(lit: string): string[] {
  return lit.split(SEPARATORS);
}

export function splitJsonPieces(lit: string): string[] {
  return splitJsonParts(lit).filter((p, i) => i % 2 === 0 && isJsonPiece(p));
}
