// Validation of rule and case files: JSON Schema (ajv) plus checks a schema cannot express
// (regexes compile, version ranges parse, ids are unique). Loaded lazily: the fast path reads a
// bundle that was validated at build time.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pkgPath } from '../shared/paths.js';
import { CATEGORIES, type Rule, type RuleCases } from '../types.js';
import { isValidRange } from '../shared/version/calver.js';
import { versionRangeOf, versionSpecProblem } from '../shared/version/behaviours.js';
import { ambiguousRepeats, backtrackPaths, linearSource, MAX_AMBIGUOUS_SPLITS, MAX_BACKTRACK_PATHS, unboundedRepeats } from '../shared/regex/linear.js';
import { linearEngineRefuses } from '../shared/regex/engine.js';
import { needsLinearEngine } from '../shared/regex/plan.js';
import { annotatePaste } from '../shared/regex/annotate.js';
import { widensTrustAsWritten } from './trust.js';
import { walkConditions as walk } from '../shared/conditions.js';
import { factMatcherProblems, factPathProblem } from './check-facts.js';
import { unboundTemplateNames } from './check-templates.js';
import { requiredSources } from '../engine/sources.js';
import { bandProblem } from './bands.js';

const require = createRequire(import.meta.url);

export const SCHEMA_DIR = pkgPath('schema') + '/';

type ErrorObject = { instancePath: string; keyword?: string; message?: string; params?: unknown };
type ValidateFn = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let ruleValidator: ValidateFn | undefined;
let casesValidator: ValidateFn | undefined;

function compile(schemaFile: string): ValidateFn {
  // ajv is CommonJS; createRequire keeps it out of the startup path of ordinary runs.
  const AjvCtor = require('ajv').default as new (opts: object) => { compile(schema: object): ValidateFn };
  const ajv = new AjvCtor({ allErrors: true, strict: false });
  const schema = JSON.parse(readFileSync(SCHEMA_DIR + schemaFile, 'utf8')) as object;
  return ajv.compile(schema);
}

function formatErrors(fn: ValidateFn): string {
  const errs = fn.errors ?? [];
  // oneOf failures produce one error per branch; the most specific ones are the useful ones.
  let useful = errs.filter((e) => !/must match exactly one schema|must match "then"/.test(e.message ?? ''));
  // A field that needs another (`dependencies`: notOnLine needs regex) says so; the condition-kind branches
  // above it (all/any/not/fact... at the enclosing paths) are the oneOf cascade, not the reason (review28d).
  const needs = useful.filter((e) => e.keyword === 'dependencies');
  if (needs.length) {
    const under = (e: ErrorObject) => needs.some((n) => n.instancePath !== e.instancePath && n.instancePath.startsWith(`${e.instancePath}/`));
    useful = [...needs, ...useful.filter((e) => e.keyword !== 'dependencies' && !under(e))];
  }
  const list = (useful.length ? useful : errs).slice(0, 4);
  return list
    .map((e) => {
      if (e.keyword === 'dependencies') {
        const p = e.params as { property?: unknown; missingProperty?: unknown };
        return `${e.instancePath || '/'} ${String(p.property)} needs ${String(p.missingProperty)}${p.property === 'notOnLine' ? ' (it excludes a line the regex matched; `contains` has no such exclusion: write the text as a regex)' : ''}`;
      }
      const extra = e.params && typeof e.params === 'object' && 'additionalProperty' in e.params ? ` '${String((e.params as { additionalProperty: unknown }).additionalProperty)}'` : '';
      return `${e.instancePath || '/'} ${e.message ?? 'invalid'}${extra}`;
    })
    .join('; ');
}

export function schemaErrorsForRule(data: unknown): string | undefined {
  ruleValidator ??= compile('rule.schema.json');
  return ruleValidator(data) ? undefined : formatErrors(ruleValidator);
}

export function schemaErrorsForCases(data: unknown): string | undefined {
  casesValidator ??= compile('cases.schema.json');
  return casesValidator(data) ? undefined : formatErrors(casesValidator);
}

/** Each `{ "behaviour": id }` or `{ "retiredKey": key }` version condition gets the range it stands for (knowledge/versions.json), read once here. */
export function attachVersionRanges(rule: Rule): void {
  for (const c of walk(rule.when)) if ('version' in c && (c.version.behaviour !== undefined || c.version.retiredKey !== undefined)) c.version.resolved = versionRangeOf(c.version);
}

/**
 * Gives every paste regex of a valid rule its linear-time rewrite, and marks the ones whose
 * backtracking work per start position is bounded (those are compiled as written); any gets its
 * plan (split alternatives, long gaps as scans: src/shared/regex/plan.ts) when one helps.
 */
export function attachLinear(rule: Rule): void {
  for (const c of walk(rule.when)) if ('paste' in c) annotatePaste(c.paste);
}

/**
 * The rule's folder (relative to the rules root, `undefined` at the root) agrees with its id and
 * category: a folder named after a category holds only that category; in the built-in catalogue
 * every folder is a category (one axis: `rules/<category>/`). A user's own rules directory may use
 * other area names (`demo/`).
 */
function folderProblems(rule: Rule, folder: string | undefined, builtin: boolean): string[] {
  if (folder === undefined) return builtin ? [`a built-in rule lives in rules/${rule.category}/, not at the top of rules/`] : [];
  const problems: string[] = [];
  const area = rule.id.split('/')[0];
  if (area !== folder) problems.push(`id ${rule.id} must start with its folder name (${folder}/)`);
  const isCategory = (CATEGORIES as readonly string[]).includes(folder);
  if (isCategory && folder !== rule.category) problems.push(`category ${rule.category} does not match folder ${folder}/ (move the rule to rules/${rule.category}/)`);
  if (!isCategory && builtin) problems.push(`folder ${folder}/ is not a category (move the rule to rules/${rule.category}/)`);
  return problems;
}

function sourceProblems(rule: Rule): string[] {
  if (!rule.facts) return [];
  const declared = rule.facts.filter((s) => s !== 'version').sort();
  const required = requiredSources(rule.when).sort();
  if (declared.join() === required.join()) return [];
  return [`"facts" declares [${declared.join(', ')}] but the conditions require [${required.join(', ')}]: remove "facts" (it is inferred)`];
}

/** Checks beyond the schema; returns human-readable problems. `folder`: the rule's folder under the rules root; `builtin`: the catalogue. */
export function semanticErrors(rule: Rule, folder?: string, builtin = false): string[] {
  const problems: string[] = [...folderProblems(rule, folder, builtin), ...sourceProblems(rule)];
  const unbound = unboundTemplateNames(rule);
  if (unbound.length) problems.push(`template name${unbound.length > 1 ? 's' : ''} ${unbound.map((n) => `{{${n}}}`).join(', ')} bound by nothing (add it to "bind", or use "as" or a named capture)`);
  for (const [name, path] of Object.entries(rule.bind ?? {})) {
    const bad = factPathProblem(path);
    if (bad) problems.push(`bind ${name}: ${bad}`);
  }
  const band = bandProblem(rule.band, rule.specificity);
  if (band) problems.push(band);
  for (const op of rule.fix.patch ?? []) {
    const bad = op.valueFrom !== undefined ? factPathProblem(op.valueFrom) : undefined;
    if (bad) problems.push(`patch valueFrom: ${bad}`);
  }
  const opens = rule.fix?.tier !== 'manual' && rule.fix?.patch ? widensTrustAsWritten(rule.fix.patch) : undefined;
  if (opens) problems.push(`a ${rule.fix.tier} fix must not widen trust (${opens}): make it tier "manual"`);
  for (const c of walk(rule.when)) {
    if ('paste' in c && c.paste.regex !== undefined) {
      problems.push(...patternProblems(c.paste.regex, !c.paste.caseSensitive, 'regex'));
      // The same-line exclusion is run like the regex (linear time, bounded): the same checks.
      if (c.paste.notOnLine !== undefined) problems.push(...patternProblems(c.paste.notOnLine, !c.paste.caseSensitive, 'notOnLine'));
    }
    if ('version' in c) {
      const bad = versionSpecProblem(c.version);
      if (bad) problems.push(bad);
      else if (c.version.olderThan !== undefined) {
        const path = factPathProblem(c.version.olderThan);
        if (path) problems.push(`version olderThan: ${path}`);
      } else if (!isValidRange(versionRangeOf(c.version))) problems.push(`invalid version range ${JSON.stringify(c.version.range)}`);
    }
    if ('fact' in c && c.fact.op === 'regex') {
      try {
        new RegExp(String(c.fact.value));
      } catch (err) {
        problems.push(`invalid fact regex: ${(err as Error).message}`);
      }
    }
    if ('fact' in c) problems.push(...factMatcherProblems(c.fact));
    if ('fact' in c) {
      const needsValue = !['exists', 'missing', 'truthy', 'falsy', 'nonEmpty'].includes(c.fact.op);
      if (needsValue && c.fact.value === undefined) problems.push(`fact op '${c.fact.op}' on ${c.fact.path} needs a value`);
    }
  }
  return problems;
}

export type { RuleCases };

/** Why a paste pattern (a matcher's regex or its notOnLine) cannot be run in linear time, or is not valid; `what` names the field. */
function patternProblems(source: string, ignoreCase: boolean, what: 'regex' | 'notOnLine'): string[] {
  const problems: string[] = [];
  const q = JSON.stringify(source);
  try {
    new RegExp(source, 'i');
    // ReDoS-proof by construction: the rewrite must run on V8's linear-time engine.
    const why = linearEngineRefuses(linearSource(source, ignoreCase));
    if (why) problems.push(`${what} ${q} cannot be matched in linear time (${why}): lookarounds and back-references are not allowed, and nested bounded repeats may multiply to at most 16`);
    const open = unboundedRepeats(source);
    if (open.length) problems.push(`${what} ${q} has unbounded repeat${open.length > 1 ? 's' : ''} ${open.map((x) => JSON.stringify(x)).join(', ')}: write a bound (e.g. \\s{0,32}, [^\\n]{0,256}?) so a crafted line cannot make matching slow (node scripts/codemods/bound-repeats.mjs --rules DIR sizes them from the corpora)`);
    const wide = ambiguousRepeats(source, ignoreCase).filter((a) => a.splits > MAX_AMBIGUOUS_SPLITS);
    if (wide.length) problems.push(`${what} ${q} has adjacent repeats over shared characters (${wide.map((a) => `${JSON.stringify(a.first)} then ${JSON.stringify(a.second)}: ${a.splits} ways to split one run`).join('; ')}; at most ${MAX_AMBIGUOUS_SPLITS}): a failing start tries every split, so a crafted line makes matching slow. Merge them into one gap (fail\\w{0,12}[^\\n]{0,80} → fail[^\\n]{0,92}), or make the second start with a character the first cannot take`);
    else if (!open.length && needsLinearEngine(source, ignoreCase)) problems.push(`${what} ${q} has more than ${MAX_BACKTRACK_PATHS} ways to match from one start (${backtrackPaths(source, ignoreCase)}) and no split into bounded pieces, so it would run on V8's linear-time engine, slow on long lines: lower the bounds that multiply (a group repeated {1,16} → {1,3}; \\d{1,16} → \\d{1,5}), or give each alternative with a long gap a start of fixed length`);
  } catch (err) {
    problems.push(`invalid ${what} ${q}: ${(err as Error).message}`);
  }
  return problems;
}
