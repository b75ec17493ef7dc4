// How far a match attempt can read: the longest text any path through a pattern consumes, from its
// syntax tree. With it, a pattern's first match on a line that repeats one segment is found on a
// short prefix of the line (period.ts); the rules' repeats are all bounded (scripts/codemods/bound-repeats.mjs).
import { RegExpParser, type AST } from '@eslint-community/regexpp';

const parser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * The most characters (UTF-16 units) any path through `source` (compiled without the u flag)
 * consumes; an attempt at position j then reads only j-1 … j+span (the assertions ^ $ \b \B look
 * one character either side). Undefined when unbounded, or when a lookaround or backreference
 * reads further than that.
 */
export function matchSpan(source: string): number | undefined {
  let ast: AST.Pattern;
  try {
    ast = parser.parsePattern(source, 0, source.length, { unicode: false });
  } catch {
    return undefined;
  }
  const n = alternatives(ast.alternatives);
  return Number.isFinite(n) ? n : undefined;
}

function alternatives(alts: readonly AST.Alternative[]): number {
  let most = 0;
  for (const a of alts) most = Math.max(most, a.elements.reduce((sum, e) => sum + nodeSpan(e), 0));
  return most;
}

function nodeSpan(n: AST.Node): number {
  switch (n.type) {
    case 'Character':
      return n.value > 0xffff ? 2 : 1;
    case 'CharacterClass':
      return n.unicodeSets ? Infinity : 1;
    case 'CharacterSet':
      return 1;
    case 'Assertion':
      return n.kind === 'lookahead' || n.kind === 'lookbehind' ? Infinity : 0;
    case 'Group':
    case 'CapturingGroup':
      return alternatives(n.alternatives);
    case 'Quantifier': {
      if (n.max === 0) return 0;
      const one = nodeSpan(n.element);
      return one === 0 ? 0 : one * n.max;
    }
    default:
      return Infinity; // a backreference reads what its group read, anywhere before
  }
}
