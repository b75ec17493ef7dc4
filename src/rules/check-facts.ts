// `rules validate`: every fact path a rule reads exists in the fact model (src/rules/fact-shape.ts)
// and every value it compares an enum fact with is one a collector can produce.
import type { FactMatcher } from '../types.js';
import { FACT_SHAPE, KEY, LEAF, OPEN, type ShapeNode } from './fact-shape.js';

type Walked = { node: ShapeNode } | { problem: string };

function walkPath(path: string): Walked {
  const segs = path.split('.').filter((s) => s.length > 0);
  let node: ShapeNode = FACT_SHAPE as unknown as ShapeNode;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const at = segs.slice(0, i).join('.') || 'the facts';
    if (node === OPEN) return { node };
    if (node === LEAF || node === KEY || '$enum' in node) return { problem: `unknown fact path ${path}: ${at} is a value, it has no ${JSON.stringify(seg)}` };
    if ('$each' in node) {
      if (seg !== '*' && !/^\d+$/.test(seg)) return { problem: `unknown fact path ${path}: ${at} is a list (use * or an index, not ${JSON.stringify(seg)})` };
      node = node.$each as ShapeNode;
      continue;
    }
    const next: ShapeNode | undefined = Object.prototype.hasOwnProperty.call(node, seg) ? (node as Record<string, ShapeNode>)[seg] : undefined;
    if (next === undefined) {
      const known = Object.keys(node).sort().join(', ');
      return { problem: `unknown fact path ${path}: ${at} has no ${JSON.stringify(seg)} (known: ${known})` };
    }
    node = next;
  }
  return { node };
}

function enumOf(node: ShapeNode, op: FactMatcher['op']): string[] | undefined {
  if (typeof node !== 'object') return undefined;
  if ('$enum' in node) return op === 'includes' ? undefined : Object.keys(node.$enum);
  if ('$each' in node && op === 'includes' && typeof node.$each === 'object' && '$enum' in node.$each) return Object.keys(node.$each.$enum as object);
  return undefined;
}

/** Problems with one fact path (also used for a patch's `valueFrom`). */
export function factPathProblem(path: string): string | undefined {
  const w = walkPath(path);
  return 'problem' in w ? w.problem : undefined;
}

/** Problems with a fact matcher: its path, and its values when the fact is an enum. */
export function factMatcherProblems(m: FactMatcher): string[] {
  const w = walkPath(m.path);
  if ('problem' in w) return [w.problem];
  const allowed = enumOf(w.node, m.op);
  if (!allowed || !['eq', 'ne', 'in', 'includes'].includes(m.op)) return [];
  const given = m.op === 'in' && Array.isArray(m.value) ? m.value : [m.value];
  return given
    .filter((v) => typeof v === 'string' && !allowed.includes(v))
    .map((v) => `${m.path} is never ${JSON.stringify(v)} (the collector produces: ${allowed.join(', ')})`);
}
