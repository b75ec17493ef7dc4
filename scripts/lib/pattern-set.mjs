// The doctor's own pattern set for a log, for grep and ripgrep (scripts/bench.mjs, bench-sizes.mjs).
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
// The doctor keeps the lines hit by its ANCHORS (per rule, the most selective paste matcher it
// needs; src/engine/anchors.ts), chosen with literal rates measured on the start of the input. The
// same anchors, derived the same way from the same file, translated to POSIX ERE, are grep's set.
import { RegExpParser } from '@eslint-community/regexpp';

const CLASS_NAMES = { digit: '[:digit:]', space: '[:space:]', word: '[:alnum:]_' };

/**
 * A JS regex source (non-unicode) -> ERE with the same lines matched (lookarounds dropped: a superset).
 * `rust`: ripgrep's syntax, where a backslash escapes inside brackets too.
 */
function jsToEre(src, rust = false) {
  const ast = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(src, 0, src.length, { unicode: false });
  const fail = (why) => {
    throw new Error(why);
  };
  const lit = (v) => {
    if (v === 10) fail('newline');
    const ch = String.fromCharCode(v);
    return /[.[\]()*+?{}|^$\\]/.test(ch) ? `\\${ch}` : ch;
  };
  const bracket = (n) => {
    const items = [];
    let close = false;
    let dash = false;
    for (const e of n.elements) {
      if (e.type === 'Character') {
        if (e.value === 10) continue; // lines hold no newline
        const ch = String.fromCharCode(e.value);
        if (ch === ']') close = true;
        else if (ch === '-') dash = true;
        else items.push(ch);
      } else if (e.type === 'CharacterClassRange') items.push(`${String.fromCharCode(e.min.value)}-${String.fromCharCode(e.max.value)}`);
      else if (e.type === 'CharacterSet' && !e.negate && CLASS_NAMES[e.kind]) items.push(CLASS_NAMES[e.kind]);
      else fail(`class element ${e.raw}`);
    }
    if (rust && (items.length || close || dash)) {
      const esc = (x) => (x.length === 1 ? x.replace(/[\\\][^&~-]/g, '\\$&') : x);
      const inner = [...(close ? [']'] : []), ...items, ...(dash ? ['-'] : [])].map(esc).join('');
      return `[${n.negate ? '^' : ''}${inner}]`;
    }
    const body = `${close ? ']' : ''}${items.join('')}${dash ? '-' : ''}`;
    if (!body) return n.negate ? '.' : fail('empty class');
    // POSIX brackets have no escapes; a ^ must not come first.
    const safe = body.startsWith('^') && body.length > 1 ? body.slice(1) + '^' : body;
    return `[${n.negate ? '^' : ''}${safe}]`;
  };
  const el = (n) => {
    switch (n.type) {
      case 'Character':
        return lit(n.value);
      case 'CharacterSet':
        if (n.kind === 'any') return '.';
        if (!CLASS_NAMES[n.kind]) fail(n.raw);
        return `[${n.negate ? '^' : ''}${CLASS_NAMES[n.kind]}]`;
      case 'CharacterClass':
        return bracket(n);
      case 'Group':
      case 'CapturingGroup':
        return `(${alts(n.alternatives)})`;
      case 'Quantifier': {
        const inner = el(n.element);
        const q = n.min === 0 && n.max === Infinity ? '*' : n.min === 1 && n.max === Infinity ? '+' : n.min === 0 && n.max === 1 ? '?' : n.max === Infinity ? `{${n.min},}` : n.min === n.max ? `{${n.min}}` : `{${n.min},${n.max}}`;
        return inner === '' ? '' : inner + q;
      }
      case 'Assertion':
        if (n.kind === 'start') return '^';
        if (n.kind === 'end') return '$';
        if (n.kind === 'word') return n.negate ? '\\B' : '\\b';
        return ''; // lookaround: the rest must still match, so grep counts a superset
      default:
        return fail(n.type);
    }
  };
  const alts = (list) => list.map((a) => a.elements.map(el).join('')).join('|');
  try {
    return alts(ast.alternatives);
  } catch {
    return undefined;
  }
}

export async function patternSet(root, logFile) {
  const { loadBuiltinRules } = await import(join(root, 'dist', 'rules', 'load.js'));
  const { inputAnchors } = await import(join(root, 'dist', 'collectors', 'paste', 'read.js'));
  const rules = await loadBuiltinRules();
  // The doctor's sample: the chunks it reads before passing 2 MB (1 MB reads).
  const fd = openSync(logFile, 'r');
  const head = Buffer.alloc(3 << 20);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const anchors = await inputAnchors(rules, [head.subarray(0, n)]);
  const sources = anchors.map((a) => a.matcher.regex ?? a.matcher.contains.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const ere = sources.map((src) => jsToEre(src)).filter(Boolean);
  const rust = sources.map((src) => jsToEre(src, true)).filter(Boolean);
  // Lookarounds have no ERE form; dropping them gives grep a superset that can cost it more.
  // The subset translated exactly is timed as well (the harder comparison for the doctor).
  const exact = sources.filter((src) => !/\(\?<?[=!]/.test(src)).map((src) => jsToEre(src)).filter(Boolean);
  return { total: sources.length, ere, rust, exact, literals: anchors.reduce((k, a) => k + (a.literals?.length ?? 0), 0) };
}
