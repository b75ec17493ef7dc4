// Minimal source-map v3 reader: generated (line, column) -> original source path.
// Only used for the Control UI bundle of early releases, which ships index-*.js.map.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

function decodeSegment(str, start, end, out) {
  let n = 0;
  let value = 0;
  let shift = 0;
  for (let i = start; i < end; i++) {
    const digit = B64_INDEX[str.charCodeAt(i)];
    if (digit < 0) return n;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      const neg = value & 1;
      value >>>= 1;
      out[n++] = neg ? -value : value;
      value = 0;
      shift = 0;
    }
  }
  return n;
}

export function readSourceMap(json) {
  const map = typeof json === 'string' ? JSON.parse(json) : json;
  const sources = (map.sources || []).map((s) => String(s));
  const lines = []; // per generated line: Int32Array pairs [col, srcIdx, ...]
  let srcIdx = 0;
  const mappings = map.mappings || '';
  const seg = new Array(5);
  let lineStart = 0;
  for (let li = 0; lineStart <= mappings.length; li++) {
    let lineEnd = mappings.indexOf(';', lineStart);
    if (lineEnd < 0) lineEnd = mappings.length;
    const cols = [];
    let col = 0;
    let s = lineStart;
    while (s < lineEnd) {
      let e = mappings.indexOf(',', s);
      if (e < 0 || e > lineEnd) e = lineEnd;
      const n = decodeSegment(mappings, s, e, seg);
      if (n >= 1) col += seg[0];
      if (n >= 4) {
        srcIdx += seg[1];
        cols.push(col, srcIdx);
      }
      s = e + 1;
    }
    lines.push(cols);
    lineStart = lineEnd + 1;
  }
  return {
    sources,
    /** line is 0-based, column 0-based */
    sourceAt(line, column) {
      const cols = lines[line];
      if (!cols || cols.length === 0) return undefined;
      let lo = 0;
      let hi = cols.length / 2 - 1;
      let best = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cols[mid * 2] <= column) {
          best = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (best < 0) best = 0;
      return sources[cols[best * 2 + 1]];
    },
  };
}

/** Normalise a source-map source path to a repo path such as ui/src/ui/gateway.ts. */
export function normaliseMapSource(src) {
  let s = src.replace(/^webpack:\/\/\/?|^vite:\/\/\/?/, '').replace(/\\/g, '/');
  while (s.startsWith('../')) s = s.slice(3);
  s = s.replace(/^\.\//, '');
  const nm = s.lastIndexOf('node_modules/');
  if (nm >= 0) return s.slice(nm);
  if (/^src\//.test(s)) return 'ui/' + s;
  return s;
}
