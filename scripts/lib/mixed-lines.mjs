// The bench's adversarial material, shared by bench-redos.mjs and bench-line.mjs: every paste regex
// of the rules bundle as the loader prepared it, and the 64 KiB lines that mix many rules' literals.

/**
 * Every paste regex as the loader prepared it (bounded, linear rewrite or plan) and the literals of
 * its cover: `compiled` (id, matcher, literals, run: pasteRunner's) and `literals` (their union, in order).
 */
export function benchPatterns(bundle, pasteRunner) {
  const matchers = new Map();
  const visit = (c, id) => {
    if (!c || typeof c !== 'object') return;
    if (Array.isArray(c)) return c.forEach((x) => visit(x, id));
    if (c.paste?.regex !== undefined) {
      const key = `${c.paste.caseSensitive ? 's' : 'i'}:re:${c.paste.regex}`;
      const cover = bundle.covers?.[key];
      matchers.set(key, { id, m: { ...c.paste, ...(cover ? { cover } : {}) }, literals: (cover ?? []).flat() });
    }
    for (const v of Object.values(c)) visit(v, id);
  };
  for (const r of bundle.rules) visit(r.when, r.id);
  const compiled = [...matchers.values()].map((x) => ({ ...x, run: pasteRunner(x.m) }));
  const literals = [...new Set(compiled.flatMap((m) => m.literals))].filter((l) => l.length > 0);
  return { compiled, literals };
}

/**
 * Lines that mix many rules' literals (redos16 found a line of every cover literal to spend the
 * whole matching budget, where the per-rule lines cost ~2 ms): every cover literal joined by
 * spaces, every k-th one (repeated to fill the line), the literals of the 50 rules whose patterns
 * weigh most (Σ run weight of their distinct patterns), and the paste reader's anchor literals
 * (`anchors`: inputAnchors without a sample, the literals it scans for on a huge log). Each cut at `len`.
 */
export function mixedLines({ compiled, literals }, anchors, len) {
  const fill = (parts) => {
    let s = '';
    for (let i = 0; parts.length && s.length < len; i++) s += parts[i % parts.length] + ' ';
    return s.slice(0, len);
  };
  const weightOf = new Map();
  for (const c of compiled) weightOf.set(c.id, (weightOf.get(c.id) ?? 0) + c.run.weight);
  const heavy = new Set([...weightOf].sort((a, b) => b[1] - a[1]).slice(0, 50).map(([id]) => id));
  const out = [{ label: 'every cover literal', line: fill(literals) }];
  for (const k of [3, 7, 31, 101]) out.push({ label: `1 in ${k} cover literals`, line: fill(literals.filter((_, i) => i % k === 0)) });
  out.push({ label: "the 50 heaviest rules' literals", line: fill([...new Set(compiled.filter((c) => heavy.has(c.id)).flatMap((c) => c.literals))]) });
  out.push({ label: "the reader's anchor literals", line: fill([...new Set(anchors)]) });
  // A JSON log's escaped quotes, dense (a `\"` every ~160 characters, ~400 a line): the reader keeps
  // the line and its unescaped form, whose places come from the raw walk only when escapes are sparse
  // (src/engine/unescaped-places.ts SPAN_SHARE_MAX; review21b found this line kind 2.2x slower).
  const every = fill(literals);
  let dense = '';
  for (let i = 0; dense.length < len; i += 160) dense += every.slice(i, i + 160) + '\\"';
  out.push({ label: 'every cover literal, a \\" every 160 characters', line: dense.slice(0, len) });
  return out;
}
