// The sweep of json5.test.ts (sampled in the fast job, in full in the slow one: test/helpers/sweep.ts).
// The positional JSON5 reader agrees with the reference `json5` package and puts every value at
// the right line:column.
import { describe, expect, it } from 'vitest';
import JSON5 from 'json5';
import { collectPositions, parseCst, toValue, type CstNode } from '../../src/shared/json5/reader.js';
import { sameJson } from '../../src/shared/json/equal.js';
import { randomDoc, rng } from './random-doc.js';
import { floorFor, sweep, sweepName } from '../helpers/sweep.js';

function* walkPointers(node: CstNode, ptr = ''): Generator<[string, CstNode]> {
  yield [ptr, node];
  if (node.kind === 'object') for (const m of node.members) yield* walkPointers(m.value, `${ptr}/${m.key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  else if (node.kind === 'array') for (let i = 0; i < node.elements.length; i++) yield* walkPointers(node.elements[i]!.value, `${ptr}/${i}`);
}

describe('JSON5 positional reader', () => {
  // A sweep (test/helpers/sweep.ts): every document is drawn (the same 3000), 1 in 4 checked in the fast job, all in the slow one.
  it(sweepName('agrees with json5 on 3000 random documents and locates every value', 4), () => {
    const r = rng(42);
    const texts = sweep(Array.from({ length: 3000 }, () => `{"root": ${randomDoc(r)}}`), 4);
    let checked = 0;
    for (const text of texts) {
      const ref = JSON5.parse(text) as unknown;
      const doc = parseCst(text);
      expect(sameJson(toValue(doc.root), ref), text).toBe(true);
      const pos = collectPositions(doc);
      const starts = doc.lineStarts;
      for (const [ptr, node] of walkPointers(doc.root)) {
        const p = pos.values[ptr]!;
        const offset = starts[p.line - 1]! + p.column - 1;
        expect(offset).toBe(node.start);
        // The text at that position is the value itself.
        const v = JSON5.parse(text.slice(offset, node.end)) as unknown;
        expect(sameJson(v, toValue(node))).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(floorFor(10000, texts.length, 3000));
  });
});
