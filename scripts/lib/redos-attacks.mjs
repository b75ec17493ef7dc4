// Crafted lines for one rule pattern (issue #9 part 2, bench-redos.mjs): for every repeat of the
// pattern (unbounded, or bounded at 8 or more), lines that make a backtracking matcher work hard —
// what the pattern needs before the repeat, then many characters the repeat accepts, then a near
// miss of what follows, alone or repeated so that every copy is a new start position. A static
// pump search over the regex AST (regexpp), not a proof: it finds the shapes that are quadratic
// for V8 (a repeat whose characters include the literal before it, a repeat followed by an
// unbounded or overlapping one) and the ones that trip V8's backtrack limit.
import { RegExpParser } from '@eslint-community/regexpp';

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** Characters tried when a class must be shown by an example (one of them matches almost any class). */
const CANDIDATES = ['a', 'x', '0', ' ', '-', '.', ':', '/', '_', '=', '"', "'", '\t', 'A', '1', '(', ')', '[', ']', '{', '}', ',', ';', '@', '#', '!', '?', '+', '*', '&', '%', '$', '~', '|', '<', '>', '\\', '^', '`', 'é', '中'];

const singleChar = (n) => n.type === 'Character' || n.type === 'CharacterClass' || n.type === 'CharacterSet';

/** The characters of CANDIDATES that a one-character node accepts (the pattern's case flag). */
function accepted(n, flags) {
  const re = new RegExp(`^(?:${n.raw})$`, flags);
  return CANDIDATES.filter((c) => re.test(c));
}

/** One string that `n` matches (the shortest choices; assertions are taken as met; a backreference repeats its group's witness). */
function witness(n, flags) {
  switch (n.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup': {
      const ws = n.alternatives.map((a) => witness(a, flags));
      return ws.reduce((best, w) => (w.length < best.length ? w : best));
    }
    case 'Alternative':
      return n.elements.map((e) => witness(e, flags)).join('');
    case 'Character':
      return String.fromCodePoint(n.value);
    case 'CharacterClass':
    case 'CharacterSet':
      return accepted(n, flags)[0] ?? '';
    case 'Quantifier':
      return witness(n.element, flags).repeat(n.min);
    case 'Backreference': {
      // What its group matched: the group's own witness (an empty one would leave every line the
      // pattern builds stuck before the backreference, e.g. after `(?=(X))\1`).
      const group = Array.isArray(n.resolved) ? n.resolved[0] : n.resolved;
      return group ? witness(group, flags) : '';
    }
    default:
      return '';
  }
}

/** Every repeat worth pumping, with what a match needs before and after it. */
function repeats(n, flags, pre = '', post = '', out = []) {
  switch (n.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      for (const a of n.alternatives) repeats(a, flags, pre, post, out);
      break;
    case 'Alternative':
      n.elements.forEach((e, i) => {
        const before = n.elements.slice(0, i).map((x) => witness(x, flags)).join('');
        const after = n.elements.slice(i + 1).map((x) => witness(x, flags)).join('');
        repeats(e, flags, pre + before, after + post, out);
      });
      break;
    case 'Quantifier': {
      const once = witness(n.element, flags);
      if (n.max === Infinity || n.max >= 8) {
        const units = singleChar(n.element) ? accepted(n.element, flags) : [once];
        out.push({ raw: n.raw, pre: pre + once.repeat(n.min), post, units: units.filter((u) => u.length) });
      }
      // A repeat inside a repeat: one copy of the outer element around it.
      repeats(n.element, flags, pre + once.repeat(Math.max(0, n.min - 1)), post, out);
      break;
    }
    default:
      break;
  }
  return out;
}

/** Fills `len` characters with `unit` repeated (at least once). */
const fill = (unit, len) => unit.repeat(Math.max(1, Math.ceil(len / unit.length))).slice(0, Math.max(unit.length, len));

/**
 * Crafted lines for a pattern: [{ kind, line }], each `len` characters long. `tail` (the rule's
 * cover literals) ends every line, so the engine's literal check hands the line to the pattern.
 */
export function craftedLines(source, ignoreCase, len, tail = '') {
  const flags = ignoreCase ? 'i' : '';
  const ast = parser.parsePattern(source, 0, source.length, { unicode: false });
  const body = len - tail.length - (tail ? 1 : 0);
  const out = [];
  const seen = new Set();
  const add = (kind, s) => {
    const line = (s.length > body ? s.slice(0, body) : s) + (tail ? ` ${tail}` : '');
    if (!seen.has(line)) seen.add(line), out.push({ kind, line });
  };
  for (const r of repeats(ast, flags)) {
    // A unit the text before the repeat already ends with (the repeat then also eats later starts),
    // a space, a letter, and the first the class takes.
    const last = r.pre.slice(-1);
    const picks = [...new Set([r.units.find((u) => u === last || u === r.pre[0]), ' ', 'a', '-', r.units[0]].filter((u) => u && r.units.includes(u)))].slice(0, 3);
    const nearMiss = r.post.slice(0, -1);
    for (const u of picks) {
      add(`${r.raw} long run of ${JSON.stringify(u)}`, r.pre + fill(u, body));
      add(`${r.raw} long run of ${JSON.stringify(u)}, near miss`, r.pre + fill(u, body - r.pre.length - nearMiss.length) + nearMiss);
      for (const k of [1, 16, 256]) {
        add(`${r.raw} (before + ${k}×${JSON.stringify(u)}) repeated`, fill(r.pre + u.repeat(k), body));
        add(`${r.raw} (before + ${k}×${JSON.stringify(u)} + near miss) repeated`, fill(r.pre + u.repeat(k) + nearMiss, body));
      }
    }
    if (r.pre) add(`${r.raw} what precedes it, repeated`, fill(r.pre, body));
  }
  return out;
}

/**
 * Lines for a plan's groups of gap pieces that differ only in HEAD (src/shared/regex/piece-group.ts,
 * notes/hostile-input.md 2am): every HEAD's witness, space-joined and repeated (`[discord gateway `
 * × 64 KiB: a HEAD at every few characters, no REST), the same with a REST witness at the end (REST
 * far from every HEAD), and each HEAD followed by a near miss of REST. [{ kind, line }], `len` long.
 */
export function groupLines(plan, ignoreCase, len, tail = '') {
  const flags = ignoreCase ? 'i' : '';
  const alts = (src) => parser.parsePattern(src, 0, src.length, { unicode: false }).alternatives.flatMap((a) => (a.elements.length === 1 && a.elements[0].type === 'Group' ? a.elements[0].alternatives : [a]));
  const body = len - tail.length - (tail ? 1 : 0);
  const out = [];
  const tails = new Map();
  for (const p of plan) if (p.head !== undefined) tails.set(JSON.stringify([p.re, p.bounded, p.stop, p.max]), [...(tails.get(JSON.stringify([p.re, p.bounded, p.stop, p.max])) ?? []), p]);
  for (const ps of tails.values()) {
    if (ps.length < 2) continue;
    const heads = [...new Set(ps.flatMap((p) => alts(p.head).map((a) => witness(a, flags))))].filter(Boolean);
    const rest = witness(parser.parsePattern(ps[0].re, 0, ps[0].re.length, { unicode: false }), ps[0].bounded ? flags : '');
    const add = (kind, s) => out.push({ kind: `${kind}, ${ps.length} pieces`, line: (s.length > body ? s.slice(0, body) : s) + (tail ? ` ${tail}` : '') });
    add('every HEAD repeated', fill(heads.join(' ') + ' ', body));
    if (rest) {
      add('every HEAD repeated, REST at the end', fill(heads.join(' ') + ' ', body - rest.length) + rest);
      add('each HEAD + a near miss of REST, repeated', fill(heads.map((h) => h + rest.slice(0, -1)).join(' ') + ' ', body));
    }
  }
  return out;
}
