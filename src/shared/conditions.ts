// Every node of a rule's `when` tree, depth first (validation, covers, anchors all walk it).
import type { Condition } from '../types.js';

export function* walkConditions(c: Condition): Generator<Condition> {
  yield c;
  if ('all' in c) for (const x of c.all) yield* walkConditions(x);
  else if ('any' in c) for (const x of c.any) yield* walkConditions(x);
  else if ('not' in c) yield* walkConditions(c.not);
}
