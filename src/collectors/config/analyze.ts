// From config text to ConfigFacts, without I/O: parse with the reference `json5` package (what
// OpenClaw uses, so errors read the same), locate every value with our lossless reader, derive.
import JSON5 from 'json5';
import type { ConfigFacts } from '../../types.js';
import { permissionFacts } from '../../shared/fs/mode.js';
import { configEnvFacts } from '../../shared/config/env.js';
import { hasInclude, type IncludeResult } from './includes.js';
import { collectPositions, computeLineStarts, parseCst, toValue, type CstDocument } from '../../shared/json5/reader.js';

import { sameJson } from '../../shared/json/equal.js';

/** Real configs are a few KB; anything this big is not an OpenClaw config. */
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;
/** Far deeper than any OpenClaw config (plugin settings included), far shallower than the stack. */
export const MAX_CONFIG_DEPTH = 200;

export interface AnalyzeMeta {
  path: string;
  reason: string;
  env: Record<string, string | undefined>;
  mode?: number;
  stateDir?: string;
  stateDirMode?: number;
  platform?: NodeJS.Platform;
  /** Reads `$include`d files (I/O, so injected): the facts then describe the merged config. */
  includes?: (value: Record<string, unknown>) => IncludeResult;
}

export interface ParsedConfigText {
  value?: Record<string, unknown>;
  cst?: CstDocument;
  parseError?: NonNullable<ConfigFacts['parseError']>;
  /** Our positional reader disagreed with json5 (positions/fixes unavailable). */
  cstProblem?: string;
}

function lineText(text: string, line: number): string {
  const starts = computeLineStarts(text);
  const s = starts[line - 1];
  if (s === undefined) return '';
  const e = starts[line] ?? text.length;
  return text.slice(s, e).replace(/\r?\n$/, '');
}

function prevSignificant(text: string, offset: number): string | undefined {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i]!;
    if (!/\s/.test(c)) return c;
  }
  return undefined;
}

function hintFor(text: string, message: string, line: number, column: number): string {
  if (text.trim() === '') return 'the file is empty: OpenClaw needs at least `{}`';
  const offset = (computeLineStarts(text)[line - 1] ?? 0) + column - 1;
  const ch = /invalid character '(.*)'/.exec(message)?.[1];
  if (/invalid end of input/.test(message)) return 'the file ends early: a closing `}`, `]` or quote is missing (was the file cut off?)';
  if (ch === '\\n' || ch === '\\r') return 'a string is not closed on this line: close the quote, or write the line break as \\n';
  const prev = prevSignificant(text, offset);
  if (ch === ',') return 'a comma where a value or key should be: remove the extra comma';
  if (ch === '=') return 'use `:` between a key and its value, not `=`';
  if (ch !== undefined && prev !== undefined && /["'\d}\]el]/.test(prev) && /["'A-Za-z_$\d{[]/.test(ch)) {
    return 'a comma is probably missing before this';
  }
  if (ch !== undefined && /[A-Za-z_$]/.test(ch) && (prev === ':' || prev === '[' || prev === ',')) {
    return 'unquoted text where a value should be: put it in quotes, e.g. "lan"';
  }
  if (ch !== undefined && prev === '}') return 'extra text after the end of the document (or a `}` closes too early)';
  return 'fix the syntax at this position (JSON5: comments, trailing commas and unquoted keys are fine)';
}

/** Deepest object/array nesting, counted without recursion and given up past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return max;
}

export function parseConfigText(text: string): ParsedConfigText {
  let value: unknown;
  try {
    value = JSON5.parse(text);
  } catch (err) {
    const e = err as Error & { lineNumber?: number; columnNumber?: number };
    let line = e.lineNumber ?? 1;
    let column = e.columnNumber ?? 1;
    if (column < 1) {
      // json5 reports a raw line break in a string at the start of the next line; point at the break.
      if (line > 1) {
        line -= 1;
        column = lineText(text, line).length + 1;
      } else column = 1;
    }
    const message = e.message.replace(/^JSON5: /, '');
    return { parseError: { message: `JSON5 parse failed: ${message}`, line, column, hint: hintFor(text, e.message, e.lineNumber ?? line, e.columnNumber ?? column), excerpt: lineText(text, line).slice(0, 200) } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { parseError: { message: `the config must be an object ({ ... }), found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, line: 1, column: 1, hint: 'wrap the settings in { }', kind: 'not-object' } };
  }
  // Every later step (derive, positions, the fixer) walks the value recursively: a crafted file
  // nested 100,000 levels deep overflowed the stack and the run ended with no config checked.
  const depth = nestingDepth(value, MAX_CONFIG_DEPTH);
  if (depth > MAX_CONFIG_DEPTH) {
    return {
      parseError: {
        message: `the config is nested more than ${MAX_CONFIG_DEPTH} levels deep`,
        line: 1,
        column: 1,
        hint: 'an OpenClaw config is a handful of levels deep; this file is damaged or is not an OpenClaw config',
        kind: 'too-deep',
      },
    };
  }
  const out: ParsedConfigText = { value: value as Record<string, unknown> };
  try {
    const cst = parseCst(text);
    if (sameJson(toValue(cst.root), value)) out.cst = cst;
    else out.cstProblem = 'positional reader disagrees with json5 on this file';
  } catch (err) {
    out.cstProblem = `positional reader failed: ${(err as Error).message}`;
  }
  return out;
}

/**
 * Text in the file -> raw ConfigFacts (found:true): the value, its positions, and what it depends
 * on at collection time (file mode, platform, the process environment it reads). Derived facts come
 * later, from the pipeline's derive stage; `derived` holds only what reading the file recorded.
 */
export function analyzeConfigText(text: string, meta: AnalyzeMeta): ConfigFacts {
  const facts: ConfigFacts = { path: meta.path, reason: meta.reason, found: true, platform: meta.platform ?? process.platform };
  if (meta.mode !== undefined) facts.mode = meta.mode;
  if (meta.stateDir !== undefined) facts.stateDir = meta.stateDir;
  if (meta.stateDirMode !== undefined) facts.stateDirMode = meta.stateDirMode;
  const parsed = parseConfigText(text);
  if (parsed.parseError) {
    facts.parseError = parsed.parseError;
    facts.derived = {
      parseErrorAt: `${meta.path}:${parsed.parseError.line}:${parsed.parseError.column}`,
      parseErrorHint: parsed.parseError.hint,
      secrets: scrapeSecrets(text),
      ...permissionFacts(meta.mode, meta.stateDirMode, facts.platform!),
    };
    return facts;
  }
  // The gateway validates and runs the config with every $include merged in: so do the rules.
  // Positions stay those of this file (keys from included files have none).
  const inc = meta.includes && hasInclude(parsed.value) ? meta.includes(parsed.value!) : undefined;
  facts.value = inc?.value ?? parsed.value!;
  const positions = parsed.cst ? collectPositions(parsed.cst) : undefined;
  if (positions) {
    facts.positions = positions.values;
    facts.keyPositions = positions.keys;
  }
  facts.processEnv = configEnvFacts(facts.value, meta.env);
  facts.derived = { secrets: [] };
  if (parsed.cstProblem) facts.derived.positionsUnavailable = parsed.cstProblem;
  if (inc) {
    facts.derived.includeFiles = inc.files;
    if (inc.error) facts.derived.includeError = inc.error;
    if (Object.keys(inc.keyFiles).length) facts.derived.includedKeys = inc.keyFiles;
  }
  return facts;
}

/** Best effort on text that does not parse: values after token/password-like keys. */
function scrapeSecrets(text: string): string[] {
  const out = new Set<string>();
  const re = /["']?(?:[A-Za-z]*token|password|secret|api[-_]?key)["']?\s*:\s*(["'])((?:(?!\1)[^\\\n]|\\.)*)\1/gi;
  for (const m of text.matchAll(re)) if (m[2] && m[2].length >= 4) out.add(m[2]);
  const authStr = /["']?auth["']?\s*:\s*(["'])([^"'\n]{4,})\1/g;
  for (const m of text.matchAll(authStr)) out.add(m[2]!);
  return [...out];
}
