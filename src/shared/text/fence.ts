/** A Markdown code fence opening or closing a block (```` ``` ```` or `~~~`, up to three spaces in). */
export const CODE_FENCE = /^\s{0,3}(?:```|~~~)/;
