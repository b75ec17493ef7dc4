// Named specificity bands: how a rule author says where a rule ranks (README "How ranking works").
// `rules validate` checks that a rule's specificity lies inside its band.
export const BANDS = {
  /** Alternates and fallbacks: a possible cause shown beside the main one (mostly info/warning). */
  hint: [0, 19],
  /** A generic string or fact that several causes share. */
  generic: [20, 39],
  /** OpenClaw's own exact message or outcome for one cause. */
  exact: [40, 59],
  /** An exact message plus a second kind of evidence (config, version, client kind, container). */
  refined: [60, 79],
  /** The cause is proven: startup fatals, multi-source evidence. */
  proven: [80, 100],
} as const satisfies Record<string, readonly [number, number]>;

export type Band = keyof typeof BANDS;

export function bandProblem(band: string | undefined, specificity: number): string | undefined {
  if (band === undefined) return undefined;
  const range = (BANDS as Record<string, readonly [number, number]>)[band];
  if (!range) return `unknown band ${JSON.stringify(band)} (one of ${Object.keys(BANDS).join(', ')})`;
  if (specificity < range[0] || specificity > range[1]) return `specificity ${specificity} is outside band ${band} (${range[0]}–${range[1]})`;
  return undefined;
}
