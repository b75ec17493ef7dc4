// Finding, reading and validating rule files. Built-in rules come from a bundle written at build
// time (already validated) unless a rule file changed since; extra --rules dirs are always validated.
// Over ~300 lines on purpose: one job — finding the rules (the bundle's index, its lazy parts and presets, the fallback read of the tree).
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isInstalled, pkgPath } from '../shared/paths.js';
import type { Rule, RuleCases } from '../types.js';
import { presetGate, presetSources } from '../engine/evaluate.js';
import { patternTable, presetPatterns } from '../engine/budget-bound.js';
import { presetReadsPaste } from '../engine/fallback/index-build.js';
import { isParsed, lazyRules } from './lazy.js';
import { BundleFile, bundleFits, readRange, type BundleIndex } from './bundle-file.js';
import { decodeGateCode, type GateTable } from '../engine/gate.js';
import { setBuiltinCovers } from '../shared/rule-covers.js';
import { preloadLiteralTable, presetPlainTable } from '../engine/literal-set.js';
import { presetCoverLiterals } from '../engine/cover-literals.js';
import { planReader, presetAnchorWhen } from '../shared/regex/anchor-plan.js';
import { RULES_META_FILES } from './renamed.js';

export const BUILTIN_RULES_DIR = pkgPath('rules');
/** Running from an installed package (src/shared/paths.ts). */
export const INSTALLED = isInstalled();
export const BUNDLE_FILE = pkgPath('dist', 'rules.bundle.json');

export class RuleLoadError extends Error {
  constructor(
    message: string,
    readonly problems: Array<{ file: string; message: string }> = [],
  ) {
    super(message);
  }
}

const CASES_SUFFIX = '.cases.json';

/** Every rule file (not its cases file, not the catalogue's data files at the top) under dir, in a stable order. */
export function listRuleFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const ent of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) visit(p);
      else if (d === dir && RULES_META_FILES.includes(ent.name)) continue;
      else if (ent.isFile() && ent.name.endsWith('.json') && !ent.name.endsWith(CASES_SUFFIX)) out.push(p);
    }
  };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RuleLoadError(`rules directory not found: ${dir}`);
  visit(dir);
  return out;
}

export function casesFileFor(ruleFile: string): string {
  return ruleFile.replace(/\.json$/, CASES_SUFFIX);
}

/** The rule files of a tree (cases excluded), sorted by code unit (localeCompare costs ~20 ms of ICU set-up). */
function ruleTree(dir: string): Array<[rel: string, abs: string]> {
  const files: Array<[rel: string, abs: string]> = [];
  const visit = (abs: string, rel: string) => {
    for (const ent of readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}${sep}${ent.name}` : ent.name;
      if (ent.isDirectory()) visit(`${abs}${sep}${ent.name}`, r);
      else if (ent.isFile() && ent.name.endsWith('.json') && !ent.name.endsWith(CASES_SUFFIX)) files.push([r, `${abs}${sep}${ent.name}`]);
    }
  };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RuleLoadError(`rules directory not found: ${dir}`);
  visit(resolve(dir), '');
  return files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** What a loaded rule depends on besides its file: the behaviours its version conditions resolve against. */
export const KNOWLEDGE_FILE = pkgPath('knowledge', 'versions.json');

/** The rule tree's files, then the knowledge file (under a name no rule file can have). */
function inputsOf(dir: string, knowledge: string): Array<[rel: string, abs: string]> {
  return [...ruleTree(dir), ['\0knowledge/versions.json', knowledge]];
}

/**
 * Size+mtime fingerprint of the rule tree and knowledge/versions.json: the cheap check at every
 * start of a working tree. When it differs (a checkout, a copy, a touched file), `contentHash` decides.
 */
export function fingerprint(dir: string, knowledge = KNOWLEDGE_FILE): string {
  return inputsOf(dir, knowledge)
    .map(([rel, abs]) => {
      const st = statSync(abs);
      return `${rel}:${st.size}:${Math.floor(st.mtimeMs)}`;
    })
    .join('|');
}

/** Names and bytes of the rule tree and knowledge/versions.json: only an edit makes the bundle stale, never a new mtime. */
export function contentHash(dir: string, knowledge = KNOWLEDGE_FILE): string {
  const h = createHash('sha256');
  for (const [rel, abs] of inputsOf(dir, knowledge)) h.update(`${rel.split(sep).join('/')}\0`).update(readFileSync(abs)).update('\0');
  return h.digest('hex');
}

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new RuleLoadError(`invalid rule file ${file}: ${(err as Error).message}`, [{ file, message: (err as Error).message }]);
  }
}

export interface LoadedRules {
  rules: Rule[];
  problems: Array<{ file: string; message: string }>;
}

/** Read and validate every rule in dir (schema + semantic checks). Does not throw on invalid rules. */
export async function readAndValidateDir(dir: string): Promise<LoadedRules> {
  const { attachLinear, attachVersionRanges, schemaErrorsForRule, semanticErrors } = await import('./validate.js');
  const { causeProblems, readCauseRegistry } = await import('./causes.js');
  const rules: Rule[] = [];
  const problems: LoadedRules['problems'] = [];
  const builtin = resolve(dir) === resolve(BUILTIN_RULES_DIR);
  for (const file of listRuleFiles(dir)) {
    let data: unknown;
    try {
      data = readJson(file);
    } catch (err) {
      // RuleLoadError carries the bare reason; its message already names the file.
      problems.push({ file, message: err instanceof RuleLoadError && err.problems[0] ? err.problems[0].message : (err as Error).message });
      continue;
    }
    const schemaErr = schemaErrorsForRule(data);
    if (schemaErr) {
      problems.push({ file, message: schemaErr });
      continue;
    }
    const rule = data as Rule;
    const sub = relative(dir, file).split(sep);
    const sem = semanticErrors(rule, sub.length > 1 ? sub[sub.length - 2] : undefined, builtin);
    if (sem.length) {
      problems.push({ file, message: sem.join('; ') });
      continue;
    }
    attachLinear(rule);
    attachVersionRanges(rule);
    rules.push({ ...rule, file });
  }
  if (builtin) {
    // The catalogue's causes are registered (a user's --rules dir may name its own).
    const registry = readCauseRegistry(dir);
    if (!registry) problems.push({ file: join(dir, 'causes.json'), message: 'the cause registry is missing' });
    else problems.push(...causeProblems(rules, registry, join(dir, 'causes.json')));
  }
  return { rules, problems };
}

export function checkUniqueIds(rules: Rule[]): Array<{ file: string; message: string }> {
  const seen = new Map<string, string>();
  const problems: Array<{ file: string; message: string }> = [];
  for (const r of rules) {
    const prev = seen.get(r.id);
    if (prev) problems.push({ file: r.file ?? '?', message: `duplicate rule id ${r.id} (also in ${prev})` });
    else seen.set(r.id, r.file ?? '?');
  }
  return problems;
}

/**
 * The bundle file starts with its index's end (a fixed-width number: the index is found without a
 * parse of the rest); bodies and covers are found by offsets from the start of the `rules` array.
 */
const BUNDLE_PREFIX = '{"format":2,"indexEnd":';
const INDEX_END_WIDTH = 12;
const BUNDLE_INDEX = ',"index":';
export const BUNDLE_RULES = ',"rules":[';
export const BUNDLE_HEAD_LENGTH = BUNDLE_PREFIX.length + INDEX_END_WIDTH + BUNDLE_INDEX.length;

export function bundleHead(indexEnd: number): string {
  const n = String(indexEnd);
  if (n.length > INDEX_END_WIDTH) throw new Error('rules bundle: index too large');
  return `${BUNDLE_PREFIX}${n.padEnd(INDEX_END_WIDTH, ' ')}${BUNDLE_INDEX}`;
}

export { builtinCovers } from '../shared/rule-covers.js';

/** Characters [from, to) of the bundle's part at `at` (after `base`); a range outside the part throws (the caller remakes what it read). Exported for its test. */
export function partRange(reader: Pick<BundleFile, 'text'>, base: number, at: [number, number], from: number, to: number): string {
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= at[1] - at[0])) throw new Error('rules bundle: a range outside its part');
  return reader.text(base + at[0] + from, base + at[0] + to);
}

/**
 * The last bundle read, keyed by its path, the tree's fingerprint, the file's identity (the build renames a new
 * file over it) and the index's bytes (with the rules' content hash; a memcmp, as hashing would load node:crypto):
 * a long-lived process (fuzz driver, library caller) parses once; any change misses, as a fresh load would.
 * The key (dev:ino:size:mtime + head) trusts the build's rename: an in-place rewrite with the same size and mtime would hit.
 */
let bundleCache: { key: string; head: Buffer; rules: Rule[]; covers: () => Record<string, string[][]>; preload: () => void } | undefined;

/**
 * Built-in rules: the validated bundle when current, else a full read + validation. `bundleFile` (with
 * its literals.bin beside it) is the shipped one; tests pass a copy to damage or replace, so no other
 * test file reading dist/ at the same time ever sees it changed.
 */
export async function loadBuiltinRules(dir = BUILTIN_RULES_DIR, platform: NodeJS.Platform = process.platform, bundleFile = BUNDLE_FILE): Promise<Rule[]> {
  if (resolve(dir) === resolve(BUILTIN_RULES_DIR)) {
    let fd: number | undefined;
    let file: BundleFile | undefined;
    try {
      fd = openSync(bundleFile, 'r');
      const st = fstatSync(fd);
      // Only the head and the index are read now (bodies by range, src/rules/lazy.ts).
      const prefix = readRange(fd, 0, BUNDLE_HEAD_LENGTH);
      if (prefix.toString('latin1', 0, BUNDLE_PREFIX.length) !== BUNDLE_PREFIX) throw new Error('not a rules bundle of this version');
      const indexEnd = Number(prefix.toString('latin1', BUNDLE_PREFIX.length, BUNDLE_PREFIX.length + INDEX_END_WIDTH));
      if (!Number.isSafeInteger(indexEnd) || indexEnd < BUNDLE_HEAD_LENGTH || indexEnd + BUNDLE_RULES.length > st.size) throw new Error('rules bundle: bad index end');
      const head = readRange(fd, 0, indexEnd);
      // An installed package is immutable: only a working tree needs the staleness check (~6 ms).
      const tree = INSTALLED ? '' : fingerprint(dir);
      const key = `${bundleFile}\0${tree}\0${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
      if (bundleCache?.key === key && bundleCache.head.equals(head)) {
        closeSync(fd);
        setBuiltinCovers(bundleCache.covers);
        bundleCache.preload(); // on every hit: another caller may have unset it (a test file sharing the worker did)
        return bundleCache.rules;
      }
      // The build writes it as ASCII: each part is decoded (as Latin-1, exact) only when read.
      if (!isAscii(head)) throw new Error('not a rules bundle of this version');
      const index = JSON.parse(head.toString('latin1', BUNDLE_HEAD_LENGTH, indexEnd)) as BundleIndex;
      const base = indexEnd + BUNDLE_RULES.length;
      // A bundle cut short (a failed copy or install) falls back to a full read here, not partway through a run.
      if (!bundleFits(index, base, st.size)) throw new Error('rules bundle: cut short');
      let rules: Rule[] | undefined;
      // A read that throws (a damaged file) forgets these rules: a later load starts afresh.
      file = new BundleFile(fd, st.size, bundleFile, () => {
        if (rules && bundleCache?.rules === rules) bundleCache = undefined;
      });
      fd = undefined; // the reader owns it now
      // Windows cannot rename a new bundle over a file a process holds open: read it whole and close it (tests pass 'win32').
      if (platform === 'win32') file.readAll();
      const reader = file;
      const part = (at: [number, number]): unknown => JSON.parse(reader.text(base + at[0], base + at[1]));
      // Same stat fingerprint, or (after a checkout or copy changed mtimes) the same content.
      if (INSTALLED || part(index.fingerprint) === tree || (index.contentHash !== undefined && index.contentHash === contentHash(dir))) {
        let covers: Record<string, string[][]> | undefined;
        const coversOf = () => (covers ??= part(index.covers) as Record<string, string[][]>);
        const lits = index.lits;
        if (index.litsPlain === 1) presetPlainTable(lits);
        const gates: GateTable = { code: decodeGateCode(index.gates.code), leaves: index.gates.leaves };
        // The absolute path without path.join (267 of them cost ~2 ms of a start-up budget of a few tens).
        const root = resolve(dir) + sep;
        const fileOf = (e: BundleIndex['rules'][number]) => {
          const file = e.f ?? `${e.id}.json`;
          return root + (sep === '/' ? file : file.split('/').join(sep));
        };
        // A rule the budget field does not list counts its gate weight on every kept character instead.
        const budget = index.budget?.r.length === index.rules.length ? index.budget : undefined;
        const table = budget && index.literals ? patternTable(budget, index.literals.key) : undefined;
        // Per rule its cover literals (read for a large paste's pass only), while its body is unread.
        // Only a speed-up: a damaged part (no JSON, a wrong shape) leaves each rule to its body (undefined).
        let scan: { lits: string[]; rules: number[][] } | null | undefined;
        const scanIndex = index.scan;
        const scanPart = (at: [number, number]) => {
          try {
            const s = part(at) as typeof scan;
            return s && Array.isArray(s.lits) && Array.isArray(s.rules) ? s : null;
          } catch {
            return null;
          }
        };
        const scanLits = (i: number) => {
          const nums = (scan ??= scanPart(scanIndex!))?.rules[i];
          const lits = Array.isArray(nums) ? nums.map((j) => scan!.lits[j]) : undefined;
          return lits?.every((l) => typeof l === 'string') ? (lits as string[]) : undefined;
        };
        const scanOf = scanIndex && ((rule: Rule, i: number) => () => (isParsed(rule) ? undefined : scanLits(i)));
        const plan = index.anchors && index.anchorMatchers && planReader(() => part(index.anchors!), (from, to) => partRange(reader, base, index.anchorMatchers!, from, to), index.rules.length, index.contentHash);
        rules = lazyRules(reader, base, index.shapes, index.rules, fileOf, (rule, e, i) => {
          presetSources(rule, e.s);
          presetGate(rule, gates, e.c ?? -1, lits, e.w);
          presetReadsPaste(rule, e.p === 1);
          if (table) presetPatterns(rule, table, budget!.r[i]!);
          if (scanOf) presetCoverLiterals(rule, scanOf(rule, i));
          if (plan) presetAnchorWhen(rule, () => (isParsed(rule) ? undefined : plan(i)));
        });
        const { literals } = index, preload = (): void => void (literals && preloadLiteralTable(literals, dirname(bundleFile)));
        preload();
        // Set last: a throw above closes the file (the catch), and nothing kept may read a closed file.
        setBuiltinCovers(coversOf);
        bundleCache = { key, head, rules, covers: coversOf, preload };
        return rules;
      }
      file.close(); // stale: the full read below
    } catch {
      // fall through to a full read: a missing, stale or cut-short bundle must not stop the doctor (one damaged
      // past this point, e.g. a changed byte in a body, fails when that body is read: BundleDamagedError names the fix)
      if (fd !== undefined) closeSync(fd);
      file?.close();
    }
  }
  return loadValidated([dir]);
}

/** Read + validate dirs; any problem is fatal (exit 2 in the CLI). */
export async function loadValidated(dirs: string[], readDir: (dir: string) => Promise<LoadedRules> = readAndValidateDir): Promise<Rule[]> {
  const all: Rule[] = [];
  const problems: LoadedRules['problems'] = [];
  for (const d of dirs) {
    const r = await readDir(d);
    all.push(...r.rules);
    problems.push(...r.problems);
  }
  problems.push(...checkUniqueIds(all));
  if (problems.length) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new RuleLoadError(`invalid rule file ${first.file}: ${first.message}${more}`, problems);
  }
  return all;
}

export async function loadCases(ruleFile: string): Promise<RuleCases | undefined> {
  const file = casesFileFor(ruleFile);
  if (!existsSync(file)) return undefined;
  const data = readJson(file);
  const { schemaErrorsForCases } = await import('./validate.js');
  const err = schemaErrorsForCases(data);
  if (err) throw new RuleLoadError(`invalid cases file ${file}: ${err}`, [{ file, message: err }]);
  return data as RuleCases;
}
