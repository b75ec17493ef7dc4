// The built-in rules as the bundle's index describes them, each body parsed on first use (issue
// #13, start-up): on a small paste most rules are decided by their sources or their literal gate
// (src/engine/gate.ts) and never need their body.
//
// A rule object starts with no own properties: its prototype has a getter per rule key, which
// answers `id` and `file` from the index and otherwise parses the body once, defining every key of
// the rule file as a plain own property, in the file's order (what a parsed rule has). `toJSON`
// does the same first, so JSON.stringify prints the whole rule. Until the first read, spreading it
// or Object.keys would see nothing: read a property (or `materialise`) first. Nothing in src/ does.
import type { Condition, Rule } from '../types.js';
import { restoreExclusions } from '../shared/regex/exclusion-pack.js';

/** Where rule bodies are read from: `text(start, end)` is the ASCII text of that byte range. */
export interface BodySource {
  text(start: number, end: number): string;
}

/** Bodies held in memory (ASCII: byte offsets are character offsets). */
export function bufferSource(bytes: Buffer): BodySource {
  return { text: (start, end) => bytes.toString('latin1', start, end) };
}

interface Pending {
  /** The bundle's bytes, or a reader of them. */
  bytes: BodySource;
  start: number;
  end: number;
  id: string;
  file: string;
  keys: ReadonlySet<string>;
}

const pending = new WeakMap<object, Pending>();

/** Parses the rule's body when it was not yet; a no-op for any other rule. */
export function materialise<R extends object>(rule: R): R {
  const p = pending.get(rule);
  if (!p) return rule;
  // Still pending until the parse succeeds: a read that throws leaves the rule readable later, never empty.
  const body = JSON.parse(p.bytes.text(p.start, p.end)) as Record<string, unknown>;
  // The bundle stores an exclusion's matcher without its regex (exclusion-pack.ts).
  restoreExclusions(body.when as Condition | undefined);
  pending.delete(rule);
  body.file = p.file;
  for (const k of Object.keys(body)) Object.defineProperty(rule, k, { value: body[k], writable: true, enumerable: true, configurable: true });
  return rule;
}

/** Whether the rule's body was parsed (tests, benchmarks). */
export function isParsed(rule: Rule): boolean {
  return !pending.has(rule);
}

/** The prototype of a bundle's rules: a getter and setter per key any of them has. */
export function lazyRulePrototype(keys: Iterable<string>): object {
  const proto = {};
  for (const k of keys) {
    Object.defineProperty(proto, k, {
      get(this: object) {
        const p = pending.get(this);
        if (p) {
          if (k === 'id') return p.id;
          if (k === 'file') return p.file;
          if (!p.keys.has(k)) return undefined;
          materialise(this);
        }
        return Object.hasOwn(this, k) ? (this as Record<string, unknown>)[k] : undefined;
      },
      set(this: object, v: unknown) {
        materialise(this);
        Object.defineProperty(this, k, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: false,
      configurable: true,
    });
  }
  Object.defineProperty(proto, 'toJSON', { value: function toJSON(this: object) { return materialise(this); }, enumerable: false });
  return proto;
}

/** A rule whose body is bytes[start, end) (ASCII JSON), with these keys; file is its absolute path. */
export function lazyRule(proto: object, bytes: Buffer | BodySource, start: number, end: number, id: string, file: string, keys: ReadonlySet<string>): Rule {
  const rule = Object.create(proto) as Rule;
  pending.set(rule, { bytes: Buffer.isBuffer(bytes) ? bufferSource(bytes) : bytes, start, end, id, file, keys });
  return rule;
}

/**
 * The rules of an index whose bodies follow each other in `bytes` (or what a reader reads) from `start`, each followed by one
 * separator byte (the rules bundle, the user-rules cache): `shapes` are the key lists the entries
 * point at (`k`), `n` a body's length; `each` presets what the index knows of the rule.
 */
export function lazyRules<E extends { id: string; n: number; k: number }>(
  bytes: Buffer | BodySource,
  start: number,
  shapes: string[][],
  entries: E[],
  fileOf: (e: E) => string,
  each: (rule: Rule, e: E, i: number) => void,
): Rule[] {
  const keySets = shapes.map((keys) => new Set(keys));
  const proto = lazyRulePrototype(new Set(shapes.flat()));
  const source = Buffer.isBuffer(bytes) ? bufferSource(bytes) : bytes;
  let at = start;
  return entries.map((e, i) => {
    const rule = lazyRule(proto, source, at, at + e.n, e.id, fileOf(e), keySets[e.k]!);
    at += e.n + 1;
    each(rule, e, i);
    return rule;
  });
}
