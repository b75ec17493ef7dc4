// LiteralTails' per-state tries, built from flat scratch arrays (src/shared/literals/tails.ts
// buildTries), against the trie of Maps they were built from before (copied here as the oracle):
// the same arrays, element for element — roots, breadth-first node order, edge order, id order,
// parents and subtree sizes — for every state of the built-in automaton and of random ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAutomaton, deserializeAutomaton, type Automaton } from '../../src/shared/literals/automaton.js';
import { buildTries } from '../../src/shared/literals/tails.js';

const fold = (b: number): number => (b >= 0x41 && b <= 0x5a ? b + 32 : b);

interface Node {
  kids: Map<number, Node>;
  ids: number[];
  n: number;
}

/** The build as it was (main 7b90deb's src/shared/literals/tails.ts), the oracle. */
function buildTriesByMaps(a: Automaton, keep: (id: number) => boolean, k: number) {
  const groups = new Map<number, Node>();
  const node = (): Node => ({ kids: new Map(), ids: [], n: -1 });
  for (let j = a.outStart[k]!; j < a.outStart[k + 1]!; j++) {
    const id = a.outIds[j]!;
    if (!keep(id)) continue;
    const p = a.prefixLen[id]!;
    const back = a.loose[id] === 1 ? p : 0;
    let n: Node | undefined = groups.get(back);
    if (!n) groups.set(back, (n = node()));
    const lit = a.bytes[id]!;
    for (let i = p - back; i < lit.length; i++) {
      const b = fold(lit[i]!);
      let next: Node | undefined = n.kids.get(b);
      if (!next) n.kids.set(b, (next = node()));
      n = next;
    }
    n.ids.push(id);
  }
  if (groups.size === 0) return null;
  const order: Node[] = [];
  for (const root of groups.values()) {
    root.n = order.length;
    order.push(root);
  }
  for (let q = 0; q < order.length; q++)
    for (const kid of order[q]!.kids.values()) {
      kid.n = order.length;
      order.push(kid);
    }
  const parent = new Int32Array(order.length).fill(-1);
  for (const n of order) for (const kid of n.kids.values()) parent[kid.n] = n.n;
  const size = new Int32Array(order.length);
  for (let q = order.length - 1; q >= 0; q--) {
    size[q]! += order[q]!.ids.length;
    if (parent[q]! >= 0) size[parent[q]!]! += size[q]!;
  }
  const edgeStart = new Int32Array(order.length + 1);
  const idStart = new Int32Array(order.length + 1);
  const edgeByte: number[] = [];
  const edgeTo: number[] = [];
  const ids: number[] = [];
  order.forEach((n, i) => {
    edgeStart[i] = edgeByte.length;
    idStart[i] = ids.length;
    for (const [b, kid] of n.kids) {
      edgeByte.push(b);
      edgeTo.push(kid.n);
    }
    ids.push(...n.ids);
  });
  edgeStart[order.length] = edgeByte.length;
  idStart[order.length] = ids.length;
  return {
    back: Int32Array.from(groups.keys()),
    root: Int32Array.from(groups.values(), (r) => r.n),
    edgeStart,
    edgeByte: Uint8Array.from(edgeByte),
    edgeTo: Int32Array.from(edgeTo),
    idStart,
    ids: Int32Array.from(ids),
    parent,
    size,
  };
}

const FIELDS = ['back', 'root', 'edgeStart', 'edgeByte', 'edgeTo', 'idStart', 'ids', 'parent', 'size'] as const;

/** The states (of all) whose tries differ, each with its first differing field; and how many were built. */
function differ(a: Automaton, keep: (id: number) => boolean): { bad: string[]; built: number; nodes: number; groups: number } {
  const bad: string[] = [];
  let built = 0;
  let nodes = 0;
  let groups = 0;
  for (let k = 0; k < a.outStart.length - 1; k++) {
    const want = buildTriesByMaps(a, keep, k);
    const got = buildTries(a, keep, k);
    if (want === null || got === null) {
      if (want !== got) bad.push(`${k}: ${want === null ? 'none' : 'some'} vs ${got === null ? 'none' : 'some'}`);
      continue;
    }
    built++;
    nodes += want.parent.length;
    if (want.back.length > 1) groups++;
    for (const f of FIELDS)
      if ([...got[f]].join() !== [...want[f]].join()) {
        bad.push(`${k}.${f}`);
        break;
      }
  }
  return { bad, built, nodes, groups };
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const bundle = JSON.parse(readFileSync(new URL('../../dist/rules.bundle.json', import.meta.url), 'utf8')) as { covers: Record<string, string[][]>; index: { literals: { key: string } } };
const BIN = new URL('../../dist/literals.bin', import.meta.url).pathname;

describe('LiteralTails tries built flat are the tries of Maps', () => {
  it('every state of the built-in automaton, for all literals, the covers, and random halves', () => {
    const a = deserializeAutomaton(readFileSync(BIN), bundle.index.literals.key)!;
    expect(a).toBeDefined();
    const covers = new Set(Object.values(bundle.covers).flat(2));
    const r = rng(7);
    const half = Uint8Array.from(a.literals, () => (r() < 0.5 ? 1 : 0));
    for (const keep of [() => true, (id: number) => covers.has(a.literals[id]!), (id: number) => half[id] === 1]) {
      const { bad, built, nodes, groups } = differ(a, keep);
      expect(bad).toEqual([]);
      expect(built).toBeGreaterThan(500);
      expect(groups).toBeGreaterThan(0); // states with a loose group beside the plain one
      expect(nodes).toBeGreaterThan(10_000); // big tries too (the scratch grows past its first size)
    }
  });

  let randomGroups = 0;
  it('random automata: shared prefixes past the cut, upper case, non-ASCII (loose) prefixes, duplicates', () => {
    const PIECES = ['gateway', 'Gate', 'way.', 'auth', '.k', 'x', 'Z', '语法', '错误', 'é', 'ü', '需要', ':18789', '-', ' '];
    for (let seed = 1; seed <= 30; seed++) {
      const r = rng(seed);
      const lits: string[] = [];
      const want = 5 + Math.floor(r() * 300);
      for (let i = 0; i < want; i++) {
        let l = '';
        const parts = 1 + Math.floor(r() * 6);
        for (let p = 0; p < parts; p++) l += PIECES[Math.floor(r() * PIECES.length)]!;
        lits.push(r() < 0.1 && lits.length ? lits[Math.floor(r() * lits.length)]!.toUpperCase() : l);
      }
      const uniq = [...new Set(lits)];
      const a = buildAutomaton(uniq, 2 + Math.floor(r() * 6));
      const keepBits = Uint8Array.from(uniq, () => (r() < 0.7 ? 1 : 0));
      const { bad, built, groups } = differ(a, (id) => keepBits[id] === 1);
      expect(bad).toEqual([]);
      expect(built).toBeGreaterThan(0);
      randomGroups += groups;
    }
    expect(randomGroups).toBeGreaterThan(0);
  });
});
