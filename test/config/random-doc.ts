// Random JSON5 documents with random (valid) formatting, for property tests of the reader and editor.
/** Small deterministic PRNG so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

const KEYS = ['gateway', 'auth', 'token', 'mode', 'port', 'bind', 'trustedProxies', 'a b', '$x', 'ünï', 'with"quote', "it's", '__proto__', 'constructor'];

/** A random JSON5 document with random (but valid) formatting. */
export function randomDoc(r: () => number, depth = 0): string {
  const pick = <T,>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const ws = () => pick(['', ' ', '  ', '\n', '\n  ', '\r\n', '\t', ' /* c */ ', ' // line\n', '\n// own line\n  ']);
  const str = (s: string) => (r() < 0.5 ? JSON.stringify(s) : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  const prim = () =>
    pick([
      () => str(pick(['my-token', '', 'lan', '172.17.0.0/16', 'a\\nb', 'é', '${VAR}'])),
      () => String(Math.floor(r() * 70000)),
      () => pick(['true', 'false', 'null', '-1.5', '+3', '.5', '5.', '0x1F', '1e3', 'Infinity', '-Infinity']),
      () => "'\\x41\\u0042\\0'",
    ])();
  if (depth > 3 || r() < 0.3) return prim();
  if (r() < 0.5) {
    const n = Math.floor(r() * 4);
    const items = Array.from({ length: n }, () => `${ws()}${randomDoc(r, depth + 1)}${ws()}`);
    return `[${items.join(',')}${n && r() < 0.3 ? ',' : ''}${ws()}]`;
  }
  const n = Math.floor(r() * 5);
  const used = new Set<string>();
  const members: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = pick(KEYS);
    if (used.has(k)) continue;
    used.add(k);
    const key = /^[A-Za-z$_][\w$]*$/.test(k) && k !== '__proto__' && r() < 0.5 ? k : str(k);
    members.push(`${ws()}${key}${pick(['', ' '])}:${ws()}${randomDoc(r, depth + 1)}${ws()}`);
  }
  return `{${members.join(',')}${members.length && r() < 0.3 ? ',' : ''}${ws()}}`;
}

