// A large log's anchors for the built-in rules, kept on disk beside the launcher's code cache (issue
// #13: the set-up of a log over 2 MB). deriveAnchors chooses each rule's anchor and literals from the
// literals' counts on the log's first 256 KB; what it reads is the rules (the bundle's content hash
// and the rule ids in order), the build (its code and literal table) and those counts — nothing else.
// The cache file holds the last choice with all of that, written out in full and compared exactly
// (no hash decides a hit): a log with the same counts (the same log again, a log that grew) gets the
// same anchors without the derivation (~25–50 ms of CPU, cold). The counts are of known literals
// only: the file holds no text of the log. A file that is stale, cut short, damaged, another
// user's or for another key is ignored and rewritten. User rules (--rules) never use it.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PasteMatcher } from '../../types.js';
import type { Anchor } from '../../shared/regex/anchors.js';
import { matcherKey } from '../../shared/regex/matcher-key.js';
import { fnv } from '../../shared/fnv.js';
import { toolVersion } from '../../shared/version/tool.js';
import { asciiJson, readCacheFile, writeCacheFile } from '../../shared/cache-dir.js';

/** Bumped when the file's shape or what a choice depends on changes. */
const FORMAT = 'clawkit-doctor anchors 1';

/** Set by scripts/build.mjs in dist/cli.cjs: a hash of the bundle (src/rules/loader-cache.ts). */
declare const __CKD_BUILD_ID: string | undefined;

/** What a choice depends on, exactly (see the file's head). */
export interface AnchorKey {
  /** The build: version, build id, this code's file, the literal table's key, the rules bundle's content hash. */
  stamp: string;
  /** The rule ids in order. */
  rules: string;
  /** The sample's counts: its line count, then `id:plain:json` for every literal found. */
  counts: string;
}

/**
 * Per anchor what deriveAnchors gave, by number: `m` its matcher's place in the rules' matcher list
 * (which the key fixes; its key and cover are the caller's, recomputed), `r` its rules' places in the
 * rule list, `p` / `j` its literals' ids in the literal table (null: none), `c` context, `s` score.
 */
interface Stored {
  m: number;
  r: number[];
  p: number[] | null;
  j: number[] | null;
  c: boolean;
  s: number;
}

/** What turns stored numbers into anchors and back: the rules' matchers and ids, the literal table. */
export interface AnchorContext {
  matchers: readonly PasteMatcher[];
  ruleIds: readonly string[];
  texts: readonly string[];
  index: ReadonlyMap<string, number>;
  cover(m: PasteMatcher): string[][];
}

/** The file's first line. */
interface Header extends AnchorKey {
  format: string;
  /** contentSum of the second line's records: a changed or missing byte there is a miss, never another answer. */
  sum: number;
}

/**
 * FNV-1a over the records' numbers, 32 bits at a time, each list led by its length (-1: null) and
 * the score as its two 32-bit halves: a change to any one number always changes the sum (each step
 * is a bijection of the state), and a change to the text around them is a parse error or a record
 * of the wrong shape. A number at a time, not a byte: the byte loop over the ~60 KB line was ~2 ms
 * of a cold run's write and again of a hit's read (the launcher's raised tier-up budgets keep such a
 * loop in the interpreter).
 */
function contentSum(stored: readonly Stored[]): number {
  const f = new Float64Array(1);
  const w = new Int32Array(f.buffer);
  let h = 0x811c9dc5 | 0;
  const add = (x: number) => (h = Math.imul(h ^ x, 0x01000193));
  const list = (xs: readonly number[] | null) => {
    if (xs === null) return add(-1);
    add(xs.length);
    for (const x of xs) add(x);
  };
  for (const s of stored) {
    add(s.m);
    add(s.c ? 1 : 0);
    f[0] = s.s;
    add(w[0]!);
    add(w[1]!);
    list(s.r);
    list(s.p);
    list(s.j);
  }
  return h;
}

export function anchorKey(literalTableKey: string, contentHash: string, ruleIds: readonly string[], counts: { plain: Float64Array; json: Float64Array; lines: number }): AnchorKey {
  const stat = (file: string) => {
    try {
      const st = statSync(file);
      return `${st.size}:${Math.floor(st.mtimeMs)}`;
    } catch {
      return '-';
    }
  };
  const id = typeof __CKD_BUILD_ID === 'string' ? __CKD_BUILD_ID : '';
  const stamp = [toolVersion(), id, stat(fileURLToPath(import.meta.url)), literalTableKey, contentHash].join('\0');
  const parts: string[] = [String(counts.lines)];
  const { plain, json } = counts;
  for (let i = 0; i < plain.length; i++) if (plain[i] !== 0 || json[i] !== 0) parts.push(`${i}:${plain[i]}:${json[i]}`);
  return { stamp, rules: ruleIds.join('\n'), counts: parts.join(',') };
}

/** One file per installed copy (its code's path), holding the last key and choice. */
const fileFor = (cacheDir: string) => join(cacheDir, `anchors-${fnv(import.meta.url)}.json`);

/** The cached anchors for `key`; undefined when the file is absent, not this key's, or damaged in any way. */
export function readAnchors(cacheDir: string, key: AnchorKey, ctx: AnchorContext): Anchor[] | undefined {
  const bytes = readCacheFile(fileFor(cacheDir));
  if (!bytes) return undefined;
  try {
    const nl = bytes.indexOf(0x0a);
    if (nl < 0) return undefined;
    const h = JSON.parse(bytes.toString('latin1', 0, nl)) as Header;
    if (h.format !== FORMAT || h.stamp !== key.stamp || h.rules !== key.rules || h.counts !== key.counts) return undefined;
    const stored = JSON.parse(bytes.toString('latin1', nl + 1)) as Stored[];
    if (!Array.isArray(stored) || contentSum(stored) !== h.sum) return undefined;
    const { matchers, ruleIds, texts, cover } = ctx;
    const all = (v: unknown, of: readonly string[]): string[] | undefined => {
      if (!Array.isArray(v)) return undefined;
      const out = v.map((i) => (Number.isInteger(i) ? of[i as number] : undefined));
      return out.every((x) => x !== undefined) ? (out as string[]) : undefined;
    };
    const lits = (v: unknown): string[] | null | undefined => (v === null ? null : all(v, texts));
    const out: Anchor[] = [];
    for (const s of stored) {
      const m = Number.isInteger(s.m) ? matchers[s.m] : undefined;
      const rules = all(s.r, ruleIds);
      const literals = lits(s.p);
      const jsonLiterals = lits(s.j);
      if (!m || !rules || literals === undefined || jsonLiterals === undefined || typeof s.c !== 'boolean' || typeof s.s !== 'number') return undefined;
      out.push({ key: matcherKey(m), matcher: m, rules, context: s.c, cover: cover(m), literals, jsonLiterals, score: s.s });
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Keeps `anchors` as the choice for `key`, replacing the file's last one (not when something has no number). */
export function writeAnchors(cacheDir: string, key: AnchorKey, ctx: AnchorContext, anchors: readonly Anchor[]): void {
  const at = new Map(ctx.matchers.map((m, i) => [matcherKey(m), i]));
  const ruleAt = new Map(ctx.ruleIds.map((id, i) => [id, i]));
  // One pass, no second walk to check (a cold run pays this loop in the interpreter: ~10,000 numbers).
  let missing = false;
  const num = (of: ReadonlyMap<string, number>, x: string): number => {
    const i = of.get(x);
    if (i === undefined) missing = true;
    return i ?? -1;
  };
  const nums = (xs: readonly string[], of: ReadonlyMap<string, number>): number[] => {
    const out: number[] = [];
    for (const x of xs) out.push(num(of, x));
    return out;
  };
  const stored = anchors.map((a): Stored => ({ m: num(at, a.key), r: nums(a.rules, ruleAt), p: a.literals && nums(a.literals, ctx.index), j: a.jsonLiterals && nums(a.jsonLiterals, ctx.index), c: a.context, s: a.score }));
  if (missing) return;
  const header: Header = { format: FORMAT, ...key, sum: contentSum(stored) };
  writeCacheFile(cacheDir, fileFor(cacheDir), `${asciiJson(header)}\n${JSON.stringify(stored)}`);
}
