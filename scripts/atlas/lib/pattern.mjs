// Text -> normalised key, stable id and a linear-time-safe regex source.
//
// A message text keeps its template holes exactly as in the compiled source: `${expr}`.
// Holes are found with a small scanner that balances braces, so `${a ? `x` : {b:1}}` stays one hole.
import { createHash } from 'node:crypto';

/** Split a text into literal parts and hole sources: [{lit:"..."}, {hole:"expr"}, ...]. */
export function splitHoles(text) {
  const out = [];
  let i = 0;
  let lit = '';
  while (i < text.length) {
    if (text[i] === '$' && text[i + 1] === '{') {
      // find the matching close brace, balancing nested braces and skipping quoted strings
      let depth = 1;
      let j = i + 2;
      let quote = null;
      while (j < text.length && depth > 0) {
        const c = text[j];
        if (quote) {
          if (c === '\\') j++;
          else if (c === quote) quote = null;
        } else if (c === '"' || c === "'" || c === '`') quote = c;
        else if (c === '{') depth++;
        else if (c === '}') depth--;
        j++;
      }
      if (depth !== 0) {
        // unbalanced: treat the rest as literal
        lit += text.slice(i);
        break;
      }
      if (lit) out.push({ lit });
      lit = '';
      out.push({ hole: text.slice(i + 2, j - 1) });
      i = j;
      continue;
    }
    lit += text[i];
    i++;
  }
  if (lit) out.push({ lit });
  return out;
}

/** Literal characters of a text (holes removed). */
export function literalOf(text) {
  return splitHoles(text)
    .map((p) => (p.lit !== undefined ? p.lit : ' '))
    .join('');
}

/** Normalised form used for identity: holes -> ${}, whitespace collapsed, trimmed. */
export function normalise(text) {
  return splitHoles(text)
    .map((p) => (p.lit !== undefined ? p.lit : '${}'))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

export function messageId(text) {
  return createHash('sha256').update(normalise(text)).digest('hex').slice(0, 10);
}

const SCALAR_HOLE =
  /(?:^|[.\s(])(?:port|pid|code|exitCode|status|statusCode|id|connId|conn|count|ms|timeoutMs|durationMs|version|ver|host|hostname|ip|addr|address|remote|url|wsUrl|uri|mode|role|signal|unit|label|name|key|path|file|configPath|pct|attempts|limit|seconds|sec|retryAfter\w*|bind|scheme|proto|protocol)\)?$/i;

function escapeLit(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Regex source for a text. Literal runs are escaped; a newline (or any whitespace run that contains one)
 * becomes \s+ so a message printed across lines still matches; each hole (or run of adjacent holes)
 * becomes `\S+` when it looks like a single token (port, code, pid, url...) and is followed by whitespace,
 * punctuation or the end, otherwise `[^\n]*?`. Leading and trailing holes are dropped (patterns are used
 * unanchored). No nested quantifiers, no lookarounds, no backreferences.
 */
export function toPattern(text) {
  const parts = splitHoles(text);
  // merge adjacent holes
  const merged = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (p.hole !== undefined && last && last.hole !== undefined) last.hole += '}${' + p.hole;
    else merged.push({ ...p });
  }
  while (merged.length && merged[0].hole !== undefined) merged.shift();
  while (merged.length && merged[merged.length - 1].hole !== undefined) merged.pop();
  // trim edge whitespace of the literal ends (printed messages are often trimmed)
  if (merged.length) {
    merged[0].lit = merged[0].lit.replace(/^\s+/, '');
    const l = merged[merged.length - 1];
    l.lit = l.lit.replace(/\s+$/, '');
  }
  // a trailing full stop/colon/exclamation is often lost when a message is quoted or pasted
  if (merged.length > 1 || (merged.length === 1 && merged[0].lit.length > 12)) {
    const l = merged[merged.length - 1];
    if (l.lit !== undefined) l.lit = l.lit.replace(/[.:!]+$/, '');
  }
  let src = '';
  for (let i = 0; i < merged.length; i++) {
    const p = merged[i];
    if (p.lit !== undefined) {
      src += p.lit
        .split(/(\s*\n\s*|[ \t]{2,})/)
        .map((seg, k) => (k % 2 === 1 ? '\\s+' : escapeLit(seg).replace(/`/g, '`?')))
        .join('');
    } else {
      const next = merged[i + 1]?.lit ?? '';
      const prev = merged[i - 1]?.lit ?? '';
      const single = !p.hole.includes('}${') && SCALAR_HOLE.test(p.hole.trim());
      const tokenBoundaryAfter = next === '' || /^[\s),;:\]'"`]/.test(next);
      const tokenBoundaryBefore = prev === '' || /[\s(=:,'"`[/]$/.test(prev);
      src += single && tokenBoundaryAfter && tokenBoundaryBefore ? '\\S+' : '[^\\n]*?';
    }
  }
  return src;
}

/** Fill holes with sample values (used by tests and self-checks). */
export function fillSample(text, sample = 'v4lue') {
  return splitHoles(text)
    .map((p) => (p.lit !== undefined ? p.lit : sample))
    .join('');
}

/** Cheap safety check: no lookaround, no backreference, no nested quantifier. */
export function isLinearSafe(src) {
  if (/\(\?[=!<]/.test(src)) return false; // lookaround / named group (we emit none)
  if (/\\[1-9]|\\k</.test(src)) return false; // backreferences
  // nested quantifier: a group that contains a quantifier and is itself quantified
  let depth = 0;
  const quantInGroup = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // skip class
      i++;
      while (i < src.length && src[i] !== ']') {
        if (src[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (c === '(') {
      depth++;
      quantInGroup[depth] = false;
    } else if (c === ')') {
      const had = quantInGroup[depth];
      depth--;
      if (had && /[*+?{]/.test(src[i + 1] ?? '')) return false;
      if (had && depth > 0) quantInGroup[depth] = true;
    } else if (/[*+?{]/.test(c) && depth > 0) quantInGroup[depth] = true;
  }
  return true;
}
