// `expect(gated).toEqual(full)`, with node's deep equality asked first: ~350 rule results on each of
// hundreds of inputs, and vitest's equality cost ~3 s of a file. isDeepStrictEqual is the stricter
// of the two (prototypes, undefined-valued keys, -0), so when it holds toEqual holds; when it does
// not, toEqual decides, with its diff.
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';

export const expectSameResults = (gated: unknown, full: unknown): void => {
  if (!isDeepStrictEqual(gated, full)) expect(gated).toEqual(full);
};
